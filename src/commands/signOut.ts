import { hostLabel } from '../settings';
import type { CommandDeps } from './deps';
import { describeFailure } from './failures';

/** Capillary Rewards: Sign Out — removes every stored credential for the current cluster. */
export async function signOut(deps: CommandDeps): Promise<void> {
  const { ui } = deps;
  const host = deps.settings.read().host;
  if (host.state !== 'ok') {
    void ui.message('info', 'No Capillary cluster is selected, so there is nothing to sign out of.');
    return;
  }
  try {
    await deps.credentials.clear(host.origin);
  } catch (error) {
    const failure = describeFailure(error, { origin: host.origin, doing: 'sign out' });
    if (failure) void ui.message('error', failure.message);
    return;
  }
  deps.service.reset();
  deps.stateChanged();
  deps.log.info(`Signed out of ${host.origin}`);
  void ui.message('info', `Signed out of ${hostLabel(host.origin)}. Its credentials were removed from the OS keychain.`);
}
