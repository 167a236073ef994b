import * as dns from 'node:dns';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { oneLine } from './trust';
import { openTunnel, servername } from './tunnel';

/**
 * Diagnose Connection's checks below HTTP, each on its own so that the first one to fail is the
 * one named: the name lookup, the TCP connection (to the proxy when there is one), the proxy's
 * tunnel, and the TLS handshake with the certificate chain the server sent.
 */

export interface ProbeStep {
  step: 'dns' | 'tcp' | 'tunnel' | 'tls';
  ok: boolean;
  ms: number;
  /** One line: what was found, or what failed. */
  summary: string;
  /** For tls: the chain as the server sent it, leaf first. */
  chain?: ChainCertificate[];
}

export interface ChainCertificate {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, to compare with what a network team gives. */
  fingerprint256: string;
}

export interface ProbeOptions {
  /** The cluster's origin. */
  origin: string;
  /** The proxy to tunnel through, as configured (credentials included, never reported); undefined: direct. */
  proxy?: string;
  /** The roots to verify the server with; every request's roots. */
  ca: string[];
  timeoutMs: number;
}

const elapsed = (started: number) => Math.round(performance.now() - started);

/** Runs the steps in order and stops at the first that fails. */
export async function probe(options: ProbeOptions): Promise<ProbeStep[]> {
  const target = new URL(options.origin);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const proxy = options.proxy
    ? new URL(options.proxy.includes('://') ? options.proxy : `http://${options.proxy}`)
    : undefined;
  const first = proxy
    ? {
        host: proxy.hostname.replace(/^\[|\]$/g, ''),
        port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)),
      }
    : { host, port };
  const steps: ProbeStep[] = [];

  const what = proxy ? 'the proxy' : 'the cluster';
  const lookup = await lookUp(first.host, what);
  steps.push(lookup.step);
  if (!lookup.step.ok) return steps;

  const tcp = await connectTcp(lookup.address!, first.port, options.timeoutMs, what);
  steps.push(tcp);
  if (!tcp.ok) return steps;

  let socket: net.Socket | undefined;
  if (proxy) {
    const started = performance.now();
    try {
      const tunnel = await openTunnel({
        proxy: options.proxy!,
        host,
        port,
        timeoutMs: options.timeoutMs,
        ca: options.ca,
      });
      socket = tunnel.socket;
      steps.push({
        step: 'tunnel',
        ok: true,
        ms: elapsed(started),
        summary: `CONNECT ${host}:${port}: ${tunnel.statusLine}`,
      });
    } catch (error) {
      steps.push({ step: 'tunnel', ok: false, ms: elapsed(started), summary: (error as Error).message });
      return steps;
    }
  }
  if (target.protocol === 'https:') steps.push(await handshake(host, port, options, socket));
  else socket?.destroy();
  return steps;
}

async function lookUp(host: string, what: string): Promise<{ step: ProbeStep; address?: string }> {
  const started = performance.now();
  if (net.isIP(host)) {
    return { step: { step: 'dns', ok: true, ms: 0, summary: `${host} is an address: no lookup` }, address: host };
  }
  try {
    const addresses = await dns.promises.lookup(host, { all: true });
    const list = addresses.map((entry) => entry.address);
    return {
      step: {
        step: 'dns',
        ok: true,
        ms: elapsed(started),
        summary: `${host} (${what}) → ${list.join(', ')}`,
      },
      address: list[0],
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
    return { step: { step: 'dns', ok: false, ms: elapsed(started), summary: `${host} cannot be looked up (${code})` } };
  }
}

function connectTcp(address: string, port: number, timeoutMs: number, what: string): Promise<ProbeStep> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (ok: boolean, summary: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ step: 'tcp', ok, ms: elapsed(started), summary });
    };
    const timer = setTimeout(
      () => done(false, `${address}:${port} (${what}): no answer within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    socket.once('connect', () => done(true, `${address}:${port} (${what}) accepts connections`));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(false, `${address}:${port} (${what}): ${error.code ?? error.message}`),
    );
  });
}

function handshake(host: string, port: number, options: ProbeOptions, socket?: net.Socket): Promise<ProbeStep> {
  const started = performance.now();
  return new Promise((resolve) => {
    // Verified below by hand, so that the chain is read even when it is not trusted.
    const secure = tls.connect({
      ...(socket ? { socket } : { host, port }),
      servername: servername(host),
      ca: options.ca,
      rejectUnauthorized: false,
    });
    const done = (step: Omit<ProbeStep, 'step' | 'ms'>): void => {
      clearTimeout(timer);
      secure.destroy();
      resolve({ step: 'tls', ms: elapsed(started), ...step });
    };
    const timer = setTimeout(
      () => done({ ok: false, summary: `no TLS handshake within ${options.timeoutMs / 1000} s` }),
      options.timeoutMs,
    );
    secure.once('secureConnect', () => {
      const chain = chainOf(secure.getPeerCertificate(true));
      const protocol = secure.getProtocol() ?? 'TLS';
      if (!secure.authorized) {
        const reason = secure.authorizationError;
        const code =
          typeof reason === 'string' ? reason : ((reason as NodeJS.ErrnoException | null)?.code ?? String(reason));
        return done({ ok: false, chain, summary: `${protocol}; the chain is not trusted: ${code}` });
      }
      const identity = tls.checkServerIdentity(host, secure.getPeerCertificate());
      if (identity) {
        return done({
          ok: false,
          chain,
          summary: `${protocol}; the certificate is not for ${host}: ${identity.message}`,
        });
      }
      done({
        ok: true,
        chain,
        summary: `${protocol}, ${secure.getCipher().name}; the chain is trusted and names ${host}`,
      });
    });
    secure.once('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, summary: `TLS failed: ${error.code ?? ''} ${error.message}`.trim() }),
    );
  });
}

function chainOf(leaf: tls.DetailedPeerCertificate): ChainCertificate[] {
  const chain: ChainCertificate[] = [];
  const seen = new Set<string>();
  let current: tls.DetailedPeerCertificate | undefined = leaf;
  while (current && current.fingerprint256 && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push({
      subject: nameText(current.subject),
      issuer: nameText(current.issuer),
      validFrom: current.valid_from,
      validTo: current.valid_to,
      fingerprint256: current.fingerprint256,
    });
    current = current.issuerCertificate;
  }
  return chain;
}

function nameText(name: Partial<Record<string, string | string[]>> | undefined): string {
  if (!name) return '';
  return oneLine(
    Object.entries(name)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value!}`)
      .join('\n'),
  );
}
