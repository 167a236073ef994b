import * as l10n from '@vscode/l10n';
import { CapillaryError, errorText, formatBytes } from '../api/errors';
import type { ProxyDecision } from '../api/proxy';
import { TrustStoreError } from '../api/trust';
import type { AuthMethod } from '../api/types';
import { KeychainError } from '../foundation/credentials';
import type { ActionKind, FrontEndWords } from '../foundation/words';
import {
  IncompleteOrgReadError,
  NameTakenError,
  OrgReadBoundError,
  UnconfirmedCreateError,
  UnprovenOrgEndError,
  UnprovenUpdateError,
} from '../groups/groupService';
import { shortName } from './names';
import { hostLabel, SettingKeys } from '../foundation/settings';
import { HostChangedError } from '../session/session';

/** A button's label, as the front end's words name a remedy. */
export type Action = string;

export interface FailureContext {
  origin: string;
  /** How the sentence names where it happened: a connection's label; by default the host of `origin`. */
  where?: string;
  /** What was being done, as the end of "Could not …", e.g. "create the group 'VIP Gold'". */
  doing: string;
  /** The group name the user typed, for duplicate-name messages. */
  name?: string;
  /** Set while checking credentials in Sign In: a 401 then means "these credentials are wrong". */
  signingIn?: { method: AuthMethod; user: string };
  /** The sentence is followed by what became of a create: no generic advice, no request id (it goes last). */
  outcomeFollows?: boolean;
}

export interface Failure {
  message: string;
  actions: Action[];
}

/**
 * Turns any failure into a sentence a user understands plus the buttons that help; undefined for a
 * cancel. `words` are the front end's: what a sentence names of it (a setting, where the groups
 * are listed) and the labels of the remedies.
 */
export function describeFailure(error: unknown, context: FailureContext, words: FrontEndWords): Failure | undefined {
  const host = context.where ?? hostLabel(context.origin);
  const actions = (...kinds: ActionKind[]): Action[] => kinds.map((kind) => words.action(kind));
  if (error instanceof UnconfirmedCreateError) {
    const cause = error.original instanceof CapillaryError ? error.original : undefined;
    const original =
      cause?.kind === 'cancelled'
        ? undefined
        : describeFailure(error.original, { ...context, outcomeFollows: true }, words);
    const requestId = cause?.requestId ? ` ${l10n.t('(Request ID {0})', cause.requestId)}` : '';
    const name = context.name ?? '';
    if (cause?.isDuplicateName) {
      // A Retry refused as a duplicate after an unconfirmed attempt, and the name could not be looked up.
      const message = l10n.t(
        "A group named '{0}' already exists on {1}, most likely stored by your earlier attempt whose answer was lost (looking it up failed): {2} before you choose another name.",
        name,
        host,
        words.refreshGroups(),
      );
      return { message: message + requestId, actions: actions('showLog') };
    }
    const outcome =
      error.lookup === 'not-found'
        ? l10n.t(
            "No group named '{0}' was found on {1} afterwards, so it was most likely not created; Retry to send it again.",
            name,
            host,
          )
        : l10n.t(
            "Whether '{0}' was created is unknown (looking it up failed too): {1} before you retry.",
            name,
            words.refreshGroups(),
          );
    return {
      message: `${original ? original.message : l10n.t('The create was cancelled.')} ${outcome}${requestId}`,
      actions: error.lookup === 'not-found' ? (original?.actions ?? actions('retry')) : actions('showLog'),
    };
  }
  if (error instanceof NameTakenError) {
    const { existing } = error;
    const who = l10n.t(
      "A group named '{0}' (#{1}) exists on {2}, created by user {3} at {4}",
      shortName(existing.name),
      existing.id,
      host,
      existing.createdBy,
      serverTime(existing.createdOn),
    );
    if (!error.answerLost) return { message: l10n.t('{0}. Choose another name.', who), actions: actions('retry') };
    const lost = l10n.t(
      "The answer to the create of '{0}' was lost ({1}).",
      shortName(existing.name),
      lostCause(error.original),
    );
    const sentence = l10n.t(
      '{0}; it may not be yours. Names are unique, so no second group of that name was created: choose another name, or check that group {1}.',
      who,
      words.whereGroupsShow(),
    );
    return { message: `${lost} ${sentence}`, actions: actions('retry', 'showLog') };
  }
  if (error instanceof UnprovenUpdateError) {
    const { after } = error;
    const lost = l10n.t(
      "The answer to the change of '{0}' was lost ({1}).",
      shortName(after.name),
      lostCause(error.original),
    );
    const sentence = l10n.t(
      "'{0}' (#{1}) now holds that change, but it was last changed by user {2} at {3}: that may not have been your request.",
      shortName(after.name),
      after.id,
      after.lastUpdatedBy,
      serverTime(after.lastUpdatedOn),
    );
    return { message: `${lost} ${sentence}`, actions: actions('showLog') };
  }
  if (error instanceof IncompleteOrgReadError) {
    const message = l10n.t(
      'Could not {0}: {1} sent {2} groups while it counts {3}. The org may have changed while it was read, or its paging skipped some; nothing was done with a partial list. Retry.',
      context.doing,
      host,
      error.read,
      error.counted,
    );
    return { message, actions: actions('retry', 'showLog') };
  }
  if (error instanceof OrgReadBoundError) {
    const read = error.read.toLocaleString('en-US');
    const { counted } = error;
    const message = !counted
      ? l10n.t(
          'Stopped reading after {0} groups: the server gave no paging information and kept sending more. Nothing was changed.',
          read,
        )
      : counted.last > counted.first
        ? l10n.t(
            'Stopped reading after {0} groups: the server kept reporting more (totalElements grew from {1} to {2}). Nothing was changed.',
            read,
            counted.first.toLocaleString('en-US'),
            counted.last.toLocaleString('en-US'),
          )
        : l10n.t(
            'Stopped reading after {0} groups of the {1} the server counts: a whole org is read up to {0} groups. Nothing was changed.',
            read,
            counted.last.toLocaleString('en-US'),
          );
    return { message, actions: actions('showLog') };
  }
  if (error instanceof UnprovenOrgEndError) {
    const message = l10n.t(
      'Could not {0}: {1} gave no paging information (pagingDto) and answered page {2} with the groups of page {3}, so whether the {4} groups read are the whole org cannot be told. Nothing was changed.',
      context.doing,
      host,
      error.repeatedPage,
      error.repeatedPage - 1,
      error.read,
    );
    return { message, actions: actions('showLog') };
  }
  if (error instanceof KeychainError) {
    return { message: l10n.t('{0}. Nothing was stored in plain text.', error.message), actions: actions('showLog') };
  }
  if (error instanceof HostChangedError) {
    const sentence = l10n.t(
      "That group belongs to {0}, but its connection's cluster is now {1}; {2}",
      error.rowOrigin,
      error.currentOrigin,
      words.refreshAndRetry(),
    );
    return { message: l10n.t('Could not {0}: {1}', context.doing, sentence), actions: actions('showLog') };
  }
  if (error instanceof TrustStoreError) {
    const message = l10n.t(
      'Could not {0}: the certificate file {1} in {2} {3}. Fix the path or the file, or remove it from {2}.',
      context.doing,
      error.path,
      words.setting(SettingKeys.extraCertificates),
      error.problem,
    );
    return { message, actions: actions('showLog') };
  }
  if (!(error instanceof CapillaryError)) {
    return { message: l10n.t('Could not {0}: {1}', context.doing, errorText(error)), actions: actions('showLog') };
  }
  if (error.kind === 'cancelled') return undefined;
  const requestId = error.requestId && !context.outcomeFollows ? ` ${l10n.t('(Request ID {0})', error.requestId)}` : '';
  const withId = (message: string, actions: Action[]): Failure => ({ message: message + requestId, actions });

  if (error.status === 407) {
    // A proxy's own answer (VS Code's proxy support passes it on): never the cluster's.
    const proxy = error.proxy?.kind === 'proxy' ? error.proxy : undefined;
    return {
      message: l10n.t(
        'Could not {0}: the proxy {1} asks for credentials (407 Proxy Authentication Required). Give them in {2} as {3}.',
        context.doing,
        proxy?.url ?? l10n.t('in use'),
        proxy ? words.proxySource(proxy.source) : l10n.t('the proxy settings'),
        'http://user:password@host:port',
      ),
      actions: actions('retry', 'showLog'),
    };
  }
  switch (error.kind) {
    case 'network': {
      const routed = networkFailure(error, context, host, words);
      if (routed) return { message: routed, actions: actions('retry', 'showLog') };
      return {
        message: l10n.t(
          'Could not reach {0} to {1}: {2}. Check the cluster URL, your network and proxy settings.',
          host,
          context.doing,
          error.causeText ?? l10n.t('network error'),
        ),
        actions: actions('retry', 'showLog'),
      };
    }
    case 'timeout':
      return {
        message: l10n.t(
          '{0} did not answer in time ({1}) while trying to {2}. Try again, or raise {3}.',
          host,
          error.causeText ?? l10n.t('timeout'),
          context.doing,
          words.setting(SettingKeys.requestTimeoutSeconds),
        ),
        actions: actions('retry', 'showLog'),
      };
    case 'redirect':
      return withId(
        l10n.t(
          '{0} redirected the request to {1}. It was not followed, so your credentials stayed with {0}; check the cluster URL.',
          host,
          error.location ?? l10n.t('another address'),
        ),
        actions('selectCluster', 'showLog'),
      );
    case 'not-capillary': {
      const sentence = l10n.t(
        'HTTP {0} from {1}, not a Capillary answer, while trying to {2}.',
        String(error.status),
        host,
        context.doing,
      );
      const advice = l10n.t('The cluster or a proxy in front of it may be down; try again later.');
      return withId(context.outcomeFollows ? sentence : `${sentence} ${advice}`, actions('retry', 'showLog'));
    }
    case 'invalid-response':
      return withId(
        l10n.t(
          '{0} sent an answer this extension does not understand ({1}) while trying to {2}. A proxy may have changed it; try again, and check the cluster URL.',
          host,
          error.serverMessage ?? l10n.t('unexpected JSON'),
          context.doing,
        ),
        actions('retry', 'showLog'),
      );
    case 'too-large':
      return withId(
        l10n.t(
          '{0} sent more than {1} in answer while trying to {2}; the rest was not read. A proxy or the cluster may be misbehaving: try again later, and check the cluster URL.',
          host,
          formatBytes(error.limitBytes),
          context.doing,
        ),
        actions('retry', 'showLog'),
      );
    case 'http':
      return withId(describeHttpFailure(error, context, host, words), actions(...httpActions(error, context)));
  }
}

/** A time the server recorded, in this machine's time zone, said to be by the server's clock (which may differ from this one's). */
export function serverTime(epochMs: number): string {
  return l10n.t(
    "{0} by the server's clock",
    new Date(epochMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
  );
}

/** Why a write's answer never came, in a few words: the request id and advice follow elsewhere. */
function lostCause(error: unknown): string {
  if (!(error instanceof CapillaryError)) return errorText(error);
  if (error.kind === 'cancelled') return l10n.t('cancelled');
  if (error.kind === 'timeout' || error.kind === 'network') return error.causeText ?? error.kind;
  return error.status !== undefined ? l10n.t('HTTP {0}', String(error.status)) : error.kind;
}

function describeHttpFailure(
  error: CapillaryError,
  context: FailureContext,
  host: string,
  words: FrontEndWords,
): string {
  const who = context.signingIn
    ? context.signingIn.method === 'basic'
      ? l10n.t("the till '{0}'", context.signingIn.user)
      : l10n.t("the API client '{0}'", context.signingIn.user)
    : l10n.t('your till or API client');
  const status = String(error.status);
  if (error.isDuplicateName) {
    return l10n.t("A group named '{0}' already exists on {1}. Choose another name.", context.name ?? '', host);
  }
  if (error.isAccessDenied) {
    return l10n.t(
      'Access denied on {0}: {1} may not manage reward groups (Capillary code {2}). Ask your Capillary administrator to add it to an access group that allows it.',
      host,
      who,
      error.code ?? status,
    );
  }
  if (context.signingIn && error.isAuthFailure) {
    const what =
      context.signingIn.method === 'basic' ? l10n.t('till username or password') : l10n.t('client key or secret');
    return error.serverMessage
      ? l10n.t(
          '{0} rejected the {1} (HTTP {2}: {3}). Check them and try again.',
          host,
          what,
          status,
          error.serverMessage,
        )
      : l10n.t('{0} rejected the {1} (HTTP {2}). Check them and try again.', host, what, status);
  }
  if (error.isAuthFailure) {
    const reason =
      error.status === 498 || error.code === 498
        ? l10n.t('the access token expired')
        : l10n.t('the credentials were rejected');
    return l10n.t('{0} refused to {1}: {2} (HTTP {3}). Sign in again.', host, context.doing, reason, status);
  }
  if (error.status === 429) {
    return error.retryAfterSeconds !== undefined
      ? l10n.t('{0} is rate-limiting requests (HTTP 429). Wait {1} s, then try again.', host, error.retryAfterSeconds)
      : l10n.t('{0} is rate-limiting requests (HTTP 429). Wait a minute, then try again.', host);
  }
  if (error.status === 404 && !error.serverMessage?.toLowerCase().includes('group')) {
    const path = error.path.split('?')[0]!;
    return l10n.t(
      '{0} has no {1} (HTTP 404). Check {2}: newer clusters use /api_gateway/rewards/core/v1.',
      host,
      path,
      words.setting(SettingKeys.apiPrefix),
    );
  }
  const reason = error.serverMessage ?? l10n.t('no reason given');
  return error.code !== undefined && error.code !== error.status
    ? l10n.t('Could not {0}: {1} (HTTP {2}, code {3}).', context.doing, reason, status, error.code)
    : l10n.t('Could not {0}: {1} (HTTP {2}).', context.doing, reason, status);
}

function httpActions(error: CapillaryError, context: FailureContext): ActionKind[] {
  if (error.isDuplicateName) return ['retry'];
  if (context.signingIn) return ['retry', 'showLog'];
  // Once an administrator adds the access group, the same credentials work: Retry; or sign in with another till.
  if (error.isAccessDenied) return ['retry', 'signIn', 'showLog'];
  if (error.isAuthFailure) return ['signIn', 'showLog'];
  return ['retry', 'showLog'];
}

/** VS Code's proxy agent says this when it could not reach any proxy it was given. */
const PROXY_UNREACHABLE = /Failed to establish a socket connection to proxies/i;

/**
 * The sentence for a network failure that a proxy or a certificate explains: which one, where it
 * was configured and what to do; undefined for the others.
 */
function networkFailure(
  error: CapillaryError,
  context: FailureContext,
  host: string,
  words: FrontEndWords,
): string | undefined {
  const proxy = error.proxy;
  const through = proxy ? viaProxy(proxy, words) : '';
  const code = error.errorCode ?? '';
  if (error.isCertificateProblem) {
    return l10n.t(
      'Could not {0}: the certificate {1} presented is not trusted here ({2}){3}. If your network inspects TLS, add its root certificate (a PEM file) to {4}; {5} shows the certificates the server sent.',
      context.doing,
      host,
      error.causeText ?? code,
      through,
      words.setting(SettingKeys.extraCertificates),
      words.diagnose(),
    );
  }
  if (proxy?.kind !== 'proxy') {
    if (proxy?.kind === 'system' && PROXY_UNREACHABLE.test(error.causeText ?? '')) {
      return l10n.t(
        "Could not {0}: the proxy your system's settings choose for {1} cannot be reached ({2}). Check the system's proxy settings, or set {3}.",
        context.doing,
        host,
        error.causeText ?? code,
        'http.proxy',
      );
    }
    return undefined;
  }
  const source = words.proxySource(proxy.source);
  if (code === 'PROXY_407') {
    return l10n.t(
      'Could not {0}: the proxy {1} asks for credentials (407 Proxy Authentication Required). Give them in {2} as {3}.',
      context.doing,
      proxy.url,
      source,
      'http://user:password@host:port',
    );
  }
  if (code === 'PROXY_UNREACHABLE' || code === 'PROXY_TIMEOUT' || PROXY_UNREACHABLE.test(error.causeText ?? '')) {
    return l10n.t(
      'Could not {0}: the proxy {1} (from {2}) cannot be reached ({3}). Check {2}, or ask your network team for the proxy to use.',
      context.doing,
      proxy.url,
      source,
      error.causeText ?? code,
    );
  }
  if (code.startsWith('PROXY_')) {
    return l10n.t(
      'Could not {0}: the proxy {1} (from {2}) would not connect to {3} ({4}). Ask your network team to allow {3}.',
      context.doing,
      proxy.url,
      source,
      host,
      error.causeText ?? code,
    );
  }
  return l10n.t(
    'Could not reach {0} through the proxy {1} (from {2}) to {3}: {4}. Check the cluster URL and {2}; {5} shows each step.',
    host,
    proxy.url,
    source,
    context.doing,
    error.causeText ?? l10n.t('network error'),
    words.diagnose(),
  );
}

/** ", through the proxy http://proxy:3128 (from the http.proxy setting)", or "" when direct. */
function viaProxy(proxy: ProxyDecision, words: FrontEndWords): string {
  if (proxy.kind === 'proxy') {
    return l10n.t(', through the proxy {0} (from {1})', proxy.url, words.proxySource(proxy.source));
  }
  if (proxy.kind === 'system') return l10n.t(", through the proxy your system's settings choose, if any");
  return '';
}
