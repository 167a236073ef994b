import * as l10n from '@vscode/l10n';
import { hostLabel } from '../settings';
import type { CommandDeps } from './deps';
import { describeFailure } from '../messages/failures';

/** Capillary Rewards: Sign Out — removes every stored credential for the current cluster. */
export async function signOut(deps: CommandDeps): Promise<void> {
  const { ui } = deps;
  const host = deps.settings.read().host;
  if (host.state !== 'ok') {
    void ui.message('info', l10n.t('No Capillary cluster is selected, so there is nothing to sign out of.'));
    return;
  }
  let removed: boolean;
  try {
    removed = await deps.session.signOut(host.origin);
    await deps.list.forget(host.origin, { withCache: true });
  } catch (error) {
    const failure = describeFailure(error, { origin: host.origin, doing: l10n.t('sign out') });
    if (failure) void ui.message('error', failure.message);
    return;
  }
  deps.stateChanged();
  deps.log.info(`Signed out of ${host.origin}`);
  void ui.message(
    'info',
    removed
      ? l10n.t('Signed out of {0}. Its credentials were removed from the OS keychain.', hostLabel(host.origin))
      : l10n.t('You were not signed in to {0}; no credentials were stored for it.', hostLabel(host.origin)),
  );
}
