import * as l10n from '@vscode/l10n';
import type { Connection, Connections } from '../../connections/connections';
import type { GroupRef } from '../../groups/groupService';
import type { CommandDeps } from '../deps';

/**
 * The connection a command acts on: the row's it was invoked on, else the active one (palette
 * commands). A row's connection that is no longer listed (renamed or removed since) is never
 * swapped for another: undefined, after saying so.
 */
export function connectionFor(deps: CommandDeps, id?: string): Connection | undefined {
  if (id === undefined) return deps.connections.active();
  const connection = deps.connections.get(id);
  if (!connection) {
    void deps.ui.message(
      'info',
      l10n.t('That connection is no longer in the settings (renamed or removed); refresh the Groups view.'),
    );
  }
  return connection;
}

/**
 * The connection a group row was read through. Undefined (after saying so) when that connection
 * is on another cluster now or was removed: a row is only ever changed where it was read.
 */
export function rowConnection(deps: CommandDeps, ref: GroupRef): Connection | undefined {
  const connection = deps.connections.byKey(ref.connectionKey);
  if (!connection) {
    void deps.ui.message(
      'info',
      l10n.t(
        "The connection the group '{0}' (#{1}) was read through has changed or was removed; refresh the Groups view and try again.",
        ref.group.name,
        ref.group.id,
      ),
    );
  }
  return connection;
}

/**
 * Before a write to a connection marked production: a question that names it, with Cancel as the
 * default. True when the write may go ahead (always, for other connections).
 */
export async function confirmProductionWrite(
  deps: CommandDeps,
  connection: Connection,
  change: string,
  action: string,
): Promise<boolean> {
  if (!connection.spec()?.production) return true;
  const confirmed = await deps.ui.confirm(
    l10n.t('{0} on the production connection {1}?', change, connection.label()),
    l10n.t(
      '{0} is marked "production" in capillaryRewards.connections: every change to it asks first.',
      connection.label(),
    ),
    action,
  );
  if (!confirmed) deps.ui.status(l10n.t('Nothing was sent to {0}.', connection.label()));
  return confirmed;
}

/**
 * Where the connection's credentials and list are kept: its key; for an item written wrong, the key
 * it had when its name and host were usable (e.g. before a typo in another field). A duplicate of
 * another item's name and cluster has that item's key: `owner` is then that item, whose they are.
 */
export function storedUnder(
  connections: Connections,
  connection: Connection,
): { key: string; owner?: Connection } | undefined {
  const entry = connection.entry();
  const key = entry?.state === 'ok' ? entry.spec.key : entry?.state === 'invalid' ? entry.key : undefined;
  if (key === undefined) return undefined;
  if (entry?.state !== 'invalid' || !entry.duplicate) return { key };
  const owner = connections
    .entries()
    .find(
      (other) =>
        other.id !== entry.id &&
        ((other.state === 'ok' && other.spec.key === key) ||
          (other.state === 'invalid' && !other.duplicate && other.key === key)),
    );
  return { key, owner: owner && connections.get(owner.id) };
}

/** Deletes whatever is kept under a connection key (its credentials, list, list options and rewards), so that a connection there starts afresh. */
export async function clearStored(deps: CommandDeps, key: string): Promise<void> {
  if (await deps.credentialMoves.deleteCredentials(key)) {
    deps.log.info(`Deleted credentials left under ${key} by a connection no longer listed`);
  }
  await deps.list.remove(key);
  deps.rewards.clear(key);
}
