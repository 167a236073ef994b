import { Actions, type Failure } from '../../messages/failures';
import type { CommandDeps } from '../deps';

/** Flows that fix what a failure's button names; each resolves to true when it succeeded. */
export interface Remedies {
  signIn?: () => Promise<boolean>;
  selectCluster?: () => Promise<boolean>;
}

/**
 * The end of every failed step: shows the failure with the buttons that can act here (Retry,
 * Show Log, and Sign In / Select Cluster when a remedy for them is given), so that no button is
 * dead. Retry runs `again`; a remedy runs first and then `again` once it succeeded. "Show Log"
 * opens the log and shows the message again. Undefined when the user chose nothing that goes on.
 */
export async function offerRetry<T>(
  deps: Pick<CommandDeps, 'ui' | 'showLog'>,
  failure: Failure,
  again: () => Promise<T>,
  remedies: Remedies = {},
): Promise<T | undefined> {
  const remedyFor = new Map<string, () => Promise<boolean>>([[Actions.retry, () => Promise.resolve(true)]]);
  if (remedies.signIn) remedyFor.set(Actions.signIn, remedies.signIn);
  if (remedies.selectCluster) remedyFor.set(Actions.selectCluster, remedies.selectCluster);
  const actions = failure.actions.filter((action) => action === Actions.showLog || remedyFor.has(action));
  for (;;) {
    const choice = await deps.ui.message('error', failure.message, ...actions);
    if (choice === Actions.showLog) {
      deps.showLog();
      continue;
    }
    const remedy = choice === undefined ? undefined : remedyFor.get(choice);
    return remedy && (await remedy()) ? again() : undefined;
  }
}
