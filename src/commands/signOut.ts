import * as l10n from '@vscode/l10n';
import type { CommandDeps } from './deps';
import { describeFailure } from '../messages/failures';
import { connectionFor } from './steps/connection';

/** Capillary Rewards: Sign Out — removes every stored credential of the connection (the row's, else the active one); the others stay signed in. */
export async function signOut(deps: CommandDeps, connectionId?: string): Promise<void> {
  const { ui } = deps;
  const connection = connectionFor(deps, connectionId);
  if (!connection) return;
  const spec = connection.spec();
  if (!spec) {
    void ui.message('info', l10n.t('No Capillary cluster is selected, so there is nothing to sign out of.'));
    return;
  }
  const where = connection.label();
  let removed: boolean;
  try {
    removed = await connection.session.signOut(spec.origin);
    await deps.list.forget(spec.key, { withCache: true });
  } catch (error) {
    const failure = describeFailure(error, { origin: spec.origin, where, doing: l10n.t('sign out') }, deps.words);
    if (failure) void ui.message('error', failure.message);
    return;
  }
  deps.stateChanged();
  deps.log.info(`Signed out of ${connection.logName()}`);
  void ui.message(
    'info',
    removed
      ? l10n.t('Signed out of {0}. Its credentials were removed from the OS keychain.', where)
      : l10n.t('You were not signed in to {0}; no credentials were stored for it.', where),
  );
}
