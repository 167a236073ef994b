import * as l10n from '@vscode/l10n';
import { hostLabel } from '../settings';
import type { CommandDeps } from './deps';

/**
 * Capillary Rewards: Refresh — re-reads the sign-in state and the first page of the org's groups.
 * A refresh while one runs joins it. Failures show in the view as a row with the cause and Retry.
 */
export async function refresh(deps: CommandDeps): Promise<void> {
  deps.stateChanged();
  const readiness = await deps.session.readiness();
  if (readiness.state !== 'ready') return;
  const { origin } = readiness;
  await deps.ui.withProgress(l10n.t('Listing the groups of {0}…', hostLabel(origin)), (signal) => deps.list.refresh(origin, signal), { location: 'view' });
}

/** "Load more…": the next page of the current list; joins a load that is already running. */
export async function loadMore(deps: CommandDeps): Promise<void> {
  const readiness = await deps.session.readiness();
  if (readiness.state !== 'ready') return;
  const { origin } = readiness;
  await deps.ui.withProgress(l10n.t('Loading more groups from {0}…', hostLabel(origin)), (signal) => deps.list.loadMore(origin, signal), { location: 'view' });
}
