import type { Failure } from '../../messages/failures';
import type { ActionKind } from '../../foundation/words';
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
  deps: Pick<CommandDeps, 'ui' | 'showLog' | 'words'>,
  failure: Failure,
  again: () => Promise<T>,
  remedies: Remedies = {},
): Promise<T | undefined> {
  // The failure's buttons are labelled by the same words.
  const label = (kind: ActionKind) => deps.words.action(kind);
  const remedyFor = new Map<string, () => Promise<boolean>>([[label('retry'), () => Promise.resolve(true)]]);
  if (remedies.signIn) remedyFor.set(label('signIn'), remedies.signIn);
  if (remedies.selectCluster) remedyFor.set(label('selectCluster'), remedies.selectCluster);
  const actions = failure.actions.filter((action) => action === label('showLog') || remedyFor.has(action));
  for (;;) {
    const choice = await deps.ui.message('error', failure.message, ...actions);
    if (choice === label('showLog')) {
      deps.showLog();
      continue;
    }
    const remedy = choice === undefined ? undefined : remedyFor.get(choice);
    return remedy && (await remedy()) ? again() : undefined;
  }
}
