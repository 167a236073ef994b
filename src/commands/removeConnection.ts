import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import type { Connection } from '../connections';
import { describeFailure } from '../messages/failures';
import { checkConnectionName, checkHostUrl } from '../validation';
import type { CommandDeps } from './deps';

/**
 * Capillary Rewards: Remove Connection — the row's, or one picked: after a question naming it, its
 * credentials are deleted from the OS keychain, its cached list and list options from VS Code's
 * storage, and its item from capillaryRewards.connections (for the single-host settings, the
 * cluster setting is cleared). The other connections are not touched.
 */
export async function removeConnection(deps: CommandDeps, connectionId?: string): Promise<void> {
  const { ui, connections } = deps;
  let id = connectionId;
  if (id === undefined) {
    const entries = connections.entries().filter((entry) => entry.state !== 'unset');
    if (entries.length === 0) {
      void ui.message('info', l10n.t('There is no connection to remove.'));
      return;
    }
    id = await ui.pick(
      entries.map((entry) => ({
        label: connections.get(entry.id)!.label(),
        description: entry.state === 'invalid' ? l10n.t('not usable') : undefined,
        value: entry.id,
      })),
      { title: l10n.t('Remove Connection'), placeholder: l10n.t('The connection to remove, with its credentials and cached list') },
    );
    if (id === undefined) return;
  }
  const connection = connections.get(id);
  if (!connection) {
    void ui.message('info', l10n.t('That connection is no longer in the settings; refresh the Groups view.'));
    return;
  }
  const where = connection.label();
  const confirmed = await ui.confirm(
    l10n.t('Remove the connection {0}?', where),
    l10n.t('Its credentials are deleted from the OS keychain and its cached list from VS Code; its groups on the server are not touched.'),
    l10n.t('Remove'),
  );
  if (!confirmed) return;

  const stored = storedUnder(deps, connection);
  // Said after the settings change, which forgets it.
  const name = connection.name();
  let deleted = false;
  try {
    if (stored) {
      const hadCredentials = await connections.deleteCredentials(stored.key);
      // The client made for them goes too.
      connection.session.reset();
      const hadList = await deps.list.remove(stored.key);
      deleted = hadCredentials || hadList;
    }
    const index = connection.index();
    if (index === undefined) await deps.settings.setHost('');
    else await deps.settings.setConnectionItems(deps.settings.connectionItems().filter((_item, i) => i !== index));
  } catch (error) {
    const failure = stored && describeFailure(error, { origin: stored.origin, where, doing: l10n.t('remove the connection') });
    void ui.message('error', failure?.message ?? l10n.t('Could not remove the connection {0}: {1}', where, errorText(error)));
    return;
  }
  await connections.forget(id);
  deps.stateChanged();
  deps.log.info(
    `Removed ${connection.named ? `connection '${name}'` : 'the cluster setting'}${stored ? ` (${stored.origin})` : ''}${deleted ? '; its credentials and cached list were deleted' : ''}`,
  );
  void ui.message(
    'info',
    deleted
      ? l10n.t('Removed the connection {0}. Its credentials and cached list were deleted.', where)
      : l10n.t('Removed the connection {0}. No credentials or list were kept for it.', where),
  );
}

/**
 * Where the connection's credentials and list are kept: its key; for an item written wrong, the
 * key it had when its name and host were usable (e.g. before a typo in another field).
 */
function storedUnder(deps: CommandDeps, connection: Connection): { key: string; origin: string } | undefined {
  const spec = connection.spec();
  if (spec) return { key: spec.key, origin: spec.origin };
  const index = connection.index();
  const item = index === undefined ? undefined : (deps.settings.connectionItems()[index] as { name?: unknown; host?: unknown } | undefined);
  if (typeof item?.name !== 'string' || typeof item.host !== 'string') return undefined;
  const name = checkConnectionName(item.name);
  const host = checkHostUrl(item.host);
  return name.ok && host.ok ? { key: `${host.value}|${name.value}`, origin: host.value } : undefined;
}
