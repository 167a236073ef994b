import * as l10n from '@vscode/l10n';
import { Actions } from '../messages/failures';
import { hostLabel } from '../settings';
import { chooseCluster } from './steps/chooseCluster';
import type { CommandDeps } from './deps';
import { signIn } from './signIn';

/**
 * Capillary Rewards: Select Cluster… — saves the chosen cluster, then says what comes next: signed
 * in already, or a Sign In button. Returns true when a cluster was chosen and saved.
 */
export async function selectCluster(deps: CommandDeps): Promise<boolean> {
  if (!(await chooseCluster(deps))) return false;
  const { ui } = deps;
  const readiness = await deps.session.readiness();
  if (readiness.state === 'ready') {
    ui.status(l10n.t('Capillary cluster: {0}', hostLabel(readiness.origin)));
  } else if (readiness.state === 'signed-out') {
    ui.notify('info', l10n.t('Cluster set to {0}. Sign in to use it.', hostLabel(readiness.origin)), { label: Actions.signIn, run: () => signIn(deps) });
  }
  return true;
}
