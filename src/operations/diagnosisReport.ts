import * as l10n from '@vscode/l10n';
import type { ProbeStep } from '../api/probe';
import type { TrustPart } from '../api/trust';
import { redactPatterns, scrubValues } from '../api/redact';
import type { FrontEndWords } from '../foundation/words';
import type { Diagnosis } from './diagnose';

/**
 * Diagnose Connection's report as Markdown: what a user pastes into a ticket for their network
 * team or Capillary's support. It names no secret: it is built from none, and whatever it holds
 * is scrubbed of the diagnosis's credentials, token and proxy password all the same.
 */
export function formatDiagnosis(diagnosis: Diagnosis, words: FrontEndWords, environment: string): string {
  const lines: string[] = [];
  const { connection } = diagnosis;
  lines.push(`# ${l10n.t('Connection diagnosis: {0}', connection.label)}`, '');
  lines.push(`**${verdict(diagnosis)}**`, '');
  lines.push(`| | |`, `|---|---|`);
  lines.push(row(l10n.t('Cluster'), connection.origin));
  lines.push(row(l10n.t('API prefix'), connection.apiPrefix));
  lines.push(
    row(
      l10n.t('Sign-in'),
      connection.method === 'oauth'
        ? l10n.t('OAuth, client {0}', connection.account ?? l10n.t('(not signed in)'))
        : l10n.t('Basic, till {0}', connection.account ?? l10n.t('(not signed in)')),
    ),
  );
  lines.push(row(l10n.t('When'), `${new Date(diagnosis.at).toISOString().replace('T', ' ').slice(0, 19)} UTC`));
  lines.push(row(l10n.t('From'), environment), '');

  lines.push(`## ${l10n.t('Proxy')}`, '', proxyText(diagnosis, words), '');
  lines.push(`## ${l10n.t('Trusted root certificates')}`, '');
  if ('error' in diagnosis.trust) {
    lines.push(`- ✗ ${diagnosis.trust.error}`);
  } else {
    for (const part of diagnosis.trust.parts) lines.push(`- ${partText(part)}`);
  }
  lines.push('');

  lines.push(`## ${l10n.t('Checks')}`, '');
  lines.push(
    `| ${l10n.t('Step')} | ${l10n.t('Result')} | ${l10n.t('Time')} | ${l10n.t('Details')} |`,
    '|---|---|---|---|',
  );
  for (const step of diagnosis.steps) {
    lines.push(`| ${stepName(step.step)} | ${mark(step.ok)} | ${step.ms} ms | ${cell(step.summary)} |`);
  }
  if (diagnosis.signIn) {
    lines.push(`| ${l10n.t('Signed request')} | ${mark(diagnosis.signIn.ok)} | | ${cell(diagnosis.signIn.summary)} |`);
  } else {
    const why =
      'error' in diagnosis.trust
        ? l10n.t('not sent: a certificate file cannot be used')
        : l10n.t('not sent: not signed in (use {0})', words.signIn());
    lines.push(`| ${l10n.t('Signed request')} | – | | ${cell(why)} |`);
  }
  const clock = clockText(diagnosis.clockOffsetMs);
  if (clock) lines.push(`| ${l10n.t("Server's clock")} | ${clock.mark} | | ${cell(clock.text)} |`);
  lines.push('');

  const chain = diagnosis.steps.find((step) => step.step === 'tls')?.chain ?? [];
  if (chain.length > 0) {
    lines.push(`## ${l10n.t('Certificate chain, as the server sent it')}`, '');
    chain.forEach((certificate, index) => {
      lines.push(
        `${index + 1}. ${certificate.subject}  `,
        `   ${l10n.t('issued by {0}', certificate.issuer)}  `,
        `   ${l10n.t('valid {0} to {1}', certificate.validFrom, certificate.validTo)}  `,
        `   SHA-256 ${certificate.fingerprint256}`,
      );
    });
    lines.push('');
  }

  if (diagnosis.requests.length > 0) {
    lines.push(`## ${l10n.t('Requests')}`, '');
    lines.push(
      `| ${l10n.t('Request')} | ${l10n.t('Answer')} | ${l10n.t('Time')} | X-Cap-Requestid |`,
      '|---|---|---|---|',
    );
    for (const request of diagnosis.requests) {
      const answer = request.failure ?? String(request.status ?? '');
      lines.push(
        `| ${cell(`${request.method} ${request.path}`)} | ${cell(answer)} | ${request.durationMs} ms | ${request.requestId ?? '–'} |`,
      );
    }
    lines.push('');
  }
  lines.push(l10n.t('This report holds no password, secret, token or proxy password.'), '');
  return redactPatterns(scrubValues(lines.join('\n'), diagnosis.secrets));
}

/** The first thing that failed, or that all passed: the report's first line and the message's. */
export function verdict(diagnosis: Diagnosis): string {
  if ('error' in diagnosis.trust) return l10n.t('A certificate file cannot be used: {0}', diagnosis.trust.error);
  const failed = diagnosis.steps.find((step) => !step.ok);
  if (failed) return l10n.t('The {0} check failed: {1}', stepName(failed.step), failed.summary);
  if (!diagnosis.signIn) return l10n.t('The network checks passed; no signed request was sent (not signed in).');
  if (!diagnosis.signIn.ok) {
    return l10n.t('The network checks passed; the signed request failed: {0}', diagnosis.signIn.summary);
  }
  return l10n.t('Every check passed.');
}

function proxyText(diagnosis: Diagnosis, words: FrontEndWords): string {
  const { proxy } = diagnosis;
  const support = diagnosis.proxySupport ? ` (${'http.proxySupport'}: ${diagnosis.proxySupport})` : '';
  switch (proxy.kind) {
    case 'proxy':
      return (
        l10n.t('{0}, from {1}', proxy.url, words.proxySource(proxy.source)) +
        (proxy.hasCredentials ? l10n.t(', with a user name and password (not shown)') : '') +
        support
      );
    case 'system':
      return (
        l10n.t(
          "None configured here: the system's proxy settings decide (which proxy, if any, cannot be seen from here). The checks below connect directly; the signed request goes the way every request goes.",
        ) + support
      );
    case 'direct': {
      const reasons: Record<typeof proxy.reason, string> = {
        'proxy-support-off': l10n.t('None: {0} is off, so requests go directly.', 'http.proxySupport'),
        loopback: l10n.t('None: requests to this machine (loopback) never go through a proxy.'),
        'no-proxy-setting': l10n.t('None: the host is listed in {0}.', 'http.noProxy'),
        'no-proxy-env': l10n.t('None: the host is listed in {0}.', 'NO_PROXY'),
        'nothing-configured': l10n.t('None configured ({0} is not set): requests go directly.', 'HTTPS_PROXY'),
        'unsupported-scheme': l10n.t('None usable: the configured proxy is not an http:// or https:// URL.'),
      };
      return reasons[proxy.reason] + support;
    }
  }
}

function partText(part: TrustPart): string {
  switch (part.kind) {
    case 'bundled':
      return l10n.t("Node's bundled roots: {0}", part.count);
    case 'system':
      return part.unavailable
        ? l10n.t("The system's roots: not read ({0})", part.unavailable)
        : l10n.t("The system's roots: {0}{1}", part.count, part.path ? ` (${part.path})` : '');
    case 'node-extra':
      return l10n.t('NODE_EXTRA_CA_CERTS: {0} ({1})', part.count, part.path ?? '');
    case 'extra':
      return l10n.t('Extra: {0}: {1}', part.path ?? '', (part.subjects ?? []).join('; '));
  }
}

function stepName(step: ProbeStep['step']): string {
  switch (step) {
    case 'dns':
      return l10n.t('Name lookup (DNS)');
    case 'tcp':
      return l10n.t('TCP connection');
    case 'tunnel':
      return l10n.t('Proxy tunnel (CONNECT)');
    case 'tls':
      return l10n.t('TLS handshake');
  }
}

/** Within the `Date` header's one-second resolution and a request's time, the clocks agree. */
function clockText(offsetMs: number | undefined): { mark: string; text: string } | undefined {
  if (offsetMs === undefined) return undefined;
  const seconds = Math.abs(offsetMs) / 1000;
  if (seconds < 2) return { mark: '✓', text: l10n.t("in step with this machine's clock") };
  const amount = seconds < 120 ? l10n.t('{0} s', Math.round(seconds)) : l10n.t('{0} min', Math.round(seconds / 60));
  const text =
    offsetMs > 0
      ? l10n.t("{0} ahead of this machine's clock", amount)
      : l10n.t("{0} behind this machine's clock", amount);
  // Every outcome is judged by the server's own times, so an offset changes nothing; it is worth knowing.
  return seconds < 60 ? { mark: '✓', text } : { mark: '⚠', text: `${text}; ${l10n.t("check this machine's clock")}` };
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');
const row = (name: string, value: string) => `| ${name} | ${cell(value)} |`;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
