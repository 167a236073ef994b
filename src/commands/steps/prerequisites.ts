import * as l10n from '@vscode/l10n';
import type { Connection } from '../../connections/connections';
import type { Failure } from '../../messages/failures';
import { Actions } from '../../ui/editorWords';
import type { CommandDeps } from '../deps';
import { signIn } from '../signIn';
import { chooseCluster } from './chooseCluster';
import { offerRetry } from './flow';

/*
 * What a command needs before it can call the cluster (a cluster, a sign-in), asked for as steps
 * of that command: each goes on by itself once the step succeeded. Kept apart from flow.ts, which
 * Sign In itself uses, so that no module imports itself around a loop.
 */

/** Walks the user through Select Cluster and Sign In of the connection when either is missing; true when ready. */
export async function ensureSignedIn(deps: CommandDeps, connection: Connection): Promise<boolean> {
  const readiness = await connection.session.readiness();
  if (readiness.state === 'ready') return true;
  if (readiness.state === 'invalid-host') {
    if (connection.named) {
      // A connection written wrong is fixed where it is written: nothing is sent for it meanwhile.
      const text = l10n.t(
        'The connection {0} in capillaryRewards.connections is not usable: {1}',
        connection.label(),
        readiness.message,
      );
      const choice = await deps.ui.message('error', text, Actions.openSettings);
      if (choice === Actions.openSettings) deps.openSettings?.();
      return false;
    }
    const text = l10n.t(
      "The setting capillaryRewards.host ('{0}') is not usable: {1}",
      readiness.raw,
      readiness.message,
    );
    const choice = await deps.ui.message('error', text, Actions.selectCluster);
    if (choice !== Actions.selectCluster || !(await chooseCluster(deps, connection))) return false;
  }
  return signIn(deps, {}, { chained: true, onlyIfNeeded: true, connection });
}

/** A failed step of a palette command: Retry, or Sign In / Select Cluster and then the step again. */
export function offerRetryOrFix<T>(
  deps: CommandDeps,
  connection: Connection,
  failure: Failure,
  again: () => Promise<T>,
): Promise<T | undefined> {
  return offerRetry(deps, failure, again, {
    signIn: () => signIn(deps, {}, { chained: true, connection }),
    selectCluster: () => chooseCluster(deps, connection),
  });
}

/**
 * A failed change to a row: Retry, or Sign In and then the change again. No Select Cluster: a row
 * is only ever changed on the cluster it came from, so another cluster cannot help.
 */
export function offerRetryOrSignIn<T>(
  deps: CommandDeps,
  connection: Connection,
  failure: Failure,
  again: () => Promise<T>,
): Promise<T | undefined> {
  return offerRetry(deps, failure, again, { signIn: () => signIn(deps, {}, { chained: true, connection }) });
}
