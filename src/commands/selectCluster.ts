import * as l10n from '@vscode/l10n';
import { Actions } from '../ui/editorWords';
import { chooseCluster } from './steps/chooseCluster';
import { connectionFor } from './steps/connection';
import type { CommandDeps } from './deps';
import { signIn } from './signIn';

/**
 * Capillary Rewards: Select Cluster… — saves the chosen cluster of the connection (the row's, else
 * the active one), then says what comes next: signed in already, or a Sign In button. Returns true
 * when a cluster was chosen and saved.
 */
export async function selectCluster(deps: CommandDeps, connectionId?: string): Promise<boolean> {
  const connection = connectionFor(deps, connectionId);
  if (!connection) return false;
  if (!(await chooseCluster(deps, connection))) return false;
  const { ui } = deps;
  const readiness = await connection.session.readiness();
  if (readiness.state === 'ready') {
    ui.status(l10n.t('Capillary cluster: {0}', connection.label()));
  } else if (readiness.state === 'signed-out') {
    ui.notify('info', l10n.t('Cluster set to {0}. Sign in to use it.', connection.label()), {
      label: Actions.signIn,
      run: () => signIn(deps, {}, { connection }),
    });
  }
  return true;
}
