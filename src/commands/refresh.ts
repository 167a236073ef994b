import * as l10n from '@vscode/l10n';
import type { Connection } from '../connections/connections';
import type { CommandDeps } from './deps';
import { connectionFor } from './steps/connection';

/**
 * Capillary Rewards: Refresh — re-reads the sign-in state and the first page of the org's groups:
 * of the row's connection, or (from the view's title or the palette) of every connection whose
 * list is loaded, and the active one, unless its row is collapsed. A refresh while one runs joins it. Failures show in the view
 * as a row with the cause and Retry.
 */
export async function refresh(deps: CommandDeps, connectionId?: string): Promise<void> {
  deps.stateChanged();
  const chosen = connectionId === undefined ? undefined : connectionFor(deps, connectionId);
  if (connectionId !== undefined && !chosen) return;
  const active = deps.connections.active();
  // A collapsed connection row shows nothing to refresh: it reads no secret and sends nothing.
  const collapsed = deps.connections.multiple() ? deps.viewState.collapsed() : [];
  const connections = chosen
    ? [chosen]
    : deps.connections.all().filter((c) => (c === active || isLoaded(deps, c)) && !collapsed.includes(c.id));
  await Promise.all(connections.map((connection) => refreshOne(deps, connection)));
}

async function refreshOne(deps: CommandDeps, connection: Connection): Promise<void> {
  const readiness = await connection.session.readiness();
  if (readiness.state !== 'ready') return;
  const { key } = readiness.spec;
  // Rewards are read again when a Rewards row is next expanded.
  deps.rewards.clear(key);
  await deps.ui.withProgress(
    l10n.t('Listing the groups of {0}…', connection.label()),
    (signal) => deps.list.refresh(key, signal),
    { location: 'view' },
  );
}

function isLoaded(deps: CommandDeps, connection: Connection): boolean {
  const key = connection.spec()?.key;
  return key !== undefined && deps.list.get(key) !== undefined;
}

/** "Load more…": the next page of a connection's list (by its key); joins a load that is already running. */
export async function loadMore(deps: CommandDeps, connectionKey?: string): Promise<void> {
  const connection = connectionKey === undefined ? deps.connections.active() : deps.connections.byKey(connectionKey);
  const readiness = await connection?.session.readiness();
  if (!connection || readiness?.state !== 'ready') return;
  const { key } = readiness.spec;
  await deps.ui.withProgress(
    l10n.t('Loading more groups from {0}…', connection.label()),
    (signal) => deps.list.loadMore(key, signal),
    { location: 'view' },
  );
}
