import * as l10n from '@vscode/l10n';
import type { Failure } from '../messages/failures';
import { Actions } from '../messages/failures';
import { chooseCluster } from './clusterPicker';
import type { CommandDeps } from './deps';
import { offerRetry } from './flow';
import { signIn } from './signIn';

/**
 * What a command needs before it can call the cluster (a cluster, a sign-in), asked for as steps
 * of that command: each goes on by itself once the step succeeded.
 */

/** Sign In and Select Cluster as remedies of a failed step, which is then tried again. */
export function offerRetryOrFix<T>(deps: CommandDeps, failure: Failure, again: () => Promise<T>): Promise<T | undefined> {
  return offerRetry(deps, failure, again, {
    signIn: () => signIn(deps, {}, { chained: true }),
    selectCluster: () => chooseCluster(deps),
  });
}

/** Walks the user through Select Cluster and Sign In when either is missing; true when ready. */
export async function ensureSignedIn(deps: CommandDeps): Promise<boolean> {
  const readiness = await deps.session.readiness();
  if (readiness.state === 'ready') return true;
  if (readiness.state === 'invalid-host') {
    const text = l10n.t("The setting capillaryRewards.host ('{0}') is not usable: {1}", readiness.raw, readiness.message);
    const choice = await deps.ui.message('error', text, Actions.selectCluster);
    if (choice !== Actions.selectCluster || !(await chooseCluster(deps))) return false;
  }
  return signIn(deps, {}, { chained: true, onlyIfNeeded: true });
}
