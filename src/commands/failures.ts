import { CapillaryError, errorText } from '../api/errors';
import type { AuthMethod } from '../api/types';
import { KeychainError } from '../credentials';
import { UnconfirmedCreateError } from '../groups/groupService';
import { hostLabel } from '../settings';
import type { CommandDeps } from './deps';

export const Actions = {
  retry: 'Retry',
  signIn: 'Sign In',
  showLog: 'Show Log',
  copyId: 'Copy ID',
  selectCluster: 'Select Cluster',
} as const;
export type Action = (typeof Actions)[keyof typeof Actions];

export interface FailureContext {
  origin: string;
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

/** Turns any failure into a sentence a user understands plus the buttons that help; undefined for a cancel. */
export function describeFailure(error: unknown, context: FailureContext): Failure | undefined {
  const host = hostLabel(context.origin);
  if (error instanceof UnconfirmedCreateError) {
    const cause = error.original instanceof CapillaryError ? error.original : undefined;
    const original = cause?.kind === 'cancelled' ? undefined : describeFailure(error.original, { ...context, outcomeFollows: true });
    const requestId = cause?.requestId ? ` (Request ID ${cause.requestId})` : '';
    const name = context.name ?? '';
    const outcome =
      error.lookup === 'not-found'
        ? `No group named '${name}' was found on ${host} afterwards, so it was most likely not created; Retry to send it again.`
        : `Whether '${name}' was created is unknown (looking it up failed too): Refresh the Groups view before you retry.`;
    const actions = error.lookup === 'not-found' ? (original?.actions ?? [Actions.retry]) : [Actions.showLog];
    return { message: `${original ? original.message : 'The create was cancelled.'} ${outcome}${requestId}`, actions };
  }
  if (error instanceof KeychainError) {
    return { message: `${error.message}. Nothing was stored in plain text.`, actions: [Actions.showLog] };
  }
  if (!(error instanceof CapillaryError)) {
    return { message: `Could not ${context.doing}: ${errorText(error)}`, actions: [Actions.showLog] };
  }
  if (error.kind === 'cancelled') return undefined;
  const requestId = error.requestId && !context.outcomeFollows ? ` (Request ID ${error.requestId})` : '';
  const withId = (message: string, actions: Action[]): Failure => ({ message: message + requestId, actions });

  switch (error.kind) {
    case 'network':
      return {
        message: `Could not reach ${host} to ${context.doing}: ${error.causeText ?? 'network error'}. Check the cluster URL, your network and proxy settings.`,
        actions: [Actions.retry, Actions.showLog],
      };
    case 'timeout':
      return {
        message: `${host} did not answer in time (${error.causeText ?? 'timeout'}) while trying to ${context.doing}. Try again, or raise capillaryRewards.requestTimeoutSeconds.`,
        actions: [Actions.retry, Actions.showLog],
      };
    case 'redirect':
      return withId(
        `${host} redirected the request to ${error.location ?? 'another address'}. It was not followed, so your credentials stayed with ${host}; check the cluster URL.`,
        [Actions.selectCluster, Actions.showLog],
      );
    case 'not-capillary':
      return withId(
        `HTTP ${error.status} from ${host}, not a Capillary answer, while trying to ${context.doing}.${context.outcomeFollows ? '' : ' The cluster or a proxy in front of it may be down; try again later.'}`,
        [Actions.retry, Actions.showLog],
      );
    case 'invalid-response':
      return withId(
        `${host} sent an answer this extension does not understand (${error.serverMessage ?? 'unexpected JSON'}) while trying to ${context.doing}. A proxy may have changed it; try again, and check the cluster URL.`,
        [Actions.retry, Actions.showLog],
      );
    case 'http':
      return withId(describeHttpFailure(error, context, host), httpActions(error, context));
  }
}

function describeHttpFailure(error: CapillaryError, context: FailureContext, host: string): string {
  const who = context.signingIn
    ? context.signingIn.method === 'basic'
      ? `the till '${context.signingIn.user}'`
      : `the API client '${context.signingIn.user}'`
    : 'your till or API client';
  if (error.isDuplicateName) {
    return `A group named '${context.name ?? ''}' already exists on ${host}. Choose another name.`;
  }
  if (error.isAccessDenied) {
    return `Access denied on ${host}: ${who} may not manage reward groups (Capillary code ${error.code ?? error.status}). Ask your Capillary administrator to add it to an access group that allows it.`;
  }
  if (context.signingIn && error.isAuthFailure) {
    const what = context.signingIn.method === 'basic' ? 'till username or password' : 'client key or secret';
    return `${host} rejected the ${what} (HTTP ${error.status}${error.serverMessage ? `: ${error.serverMessage}` : ''}). Check them and try again.`;
  }
  if (error.isAuthFailure) {
    const reason = error.status === 498 || error.code === 498 ? 'the access token expired' : 'the credentials were rejected';
    return `${host} refused to ${context.doing}: ${reason} (HTTP ${error.status}). Sign in again.`;
  }
  if (error.status === 429) {
    const wait = error.retryAfterSeconds !== undefined ? `${error.retryAfterSeconds} s` : 'a minute';
    return `${host} is rate-limiting requests (HTTP 429). Wait ${wait}, then try again.`;
  }
  if (error.status === 404 && !error.serverMessage?.toLowerCase().includes('group')) {
    return `${host} has no ${error.path.split('?')[0]} (HTTP 404). Check capillaryRewards.apiPrefix: newer clusters use /api_gateway/rewards/core/v1.`;
  }
  const code = error.code !== undefined && error.code !== error.status ? `, code ${error.code}` : '';
  return `Could not ${context.doing}: ${error.serverMessage ?? 'no reason given'} (HTTP ${error.status}${code}).`;
}

function httpActions(error: CapillaryError, context: FailureContext): Action[] {
  if (error.isDuplicateName) return [Actions.retry];
  if (context.signingIn) return [Actions.retry, Actions.showLog];
  if (error.isAuthFailure) return [Actions.signIn, Actions.showLog];
  return [Actions.retry, Actions.showLog];
}

export { errorText };

/**
 * Shows a failure and returns the chosen action. "Show Log" opens the log and shows the
 * message again, so that Retry and the rest stay within reach.
 */
export async function askAboutFailure(deps: Pick<CommandDeps, 'ui' | 'showLog'>, failure: Failure, level: 'error' | 'warning' = 'error'): Promise<Action | undefined> {
  for (;;) {
    const choice = (await deps.ui.message(level, failure.message, ...failure.actions)) as Action | undefined;
    if (choice !== Actions.showLog) return choice;
    deps.showLog();
  }
}
