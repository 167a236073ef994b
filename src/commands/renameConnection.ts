import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import { Actions } from '../ui/editorWords';
import { namedConnectionKey, originOfKey, SETTINGS_SECTION, SettingKeys, SINGLE_HOST_ID } from '../foundation/settings';
import { validationMessage } from '../ui/port';
import { checkConnectionName, MAX_CONNECTION_NAME_LENGTH } from '../foundation/validation';
import type { CommandDeps } from './deps';
import { clearStored, connectionFor, storedUnder } from './steps/connection';

/**
 * Capillary Rewards: Rename Connection… — the row's, or one picked: asks for the new name (unique,
 * not empty, as Add Connection asks), writes it into the connection's item of
 * capillaryRewards.connections, and moves what is kept under its key (credentials, list, list
 * options) to the new key, with its active and collapsed state, so that its user stays signed in.
 * A duplicate item that shares another item's key moves nothing of that item's.
 */
export async function renameConnection(deps: CommandDeps, connectionId?: string, typed?: string): Promise<void> {
  const { ui, connections, settings } = deps;
  const setting = `${SETTINGS_SECTION}.${SettingKeys.connections}`;
  let id = connectionId;
  if (id === undefined) {
    const named = connections.entries().filter((entry) => entry.state !== 'unset' && entry.id !== SINGLE_HOST_ID);
    if (named.length === 0) {
      void ui.message(
        'info',
        l10n.t('Only the connections of {0} have names to change. Add Connection… makes one.', setting),
      );
      return;
    }
    id = await ui.pick(
      named.map((entry) => ({
        label: connections.get(entry.id)!.label(),
        description: entry.state === 'invalid' ? l10n.t('not usable') : undefined,
        value: entry.id,
      })),
      {
        title: l10n.t('Rename Connection'),
        placeholder: l10n.t('The connection to rename; it stays signed in'),
        active: connections.activeId(),
      },
    );
    if (id === undefined) return;
  }
  const connection = connectionFor(deps, id);
  if (!connection) return;
  const index = connection.index();
  if (!connection.named || index === undefined) {
    void ui.message(
      'info',
      l10n.t('Only the connections of {0} have names to change. Add Connection… makes one.', setting),
    );
    return;
  }
  const items = settings.connectionItems();
  const nameOf = (item: unknown) =>
    typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
  const current = nameOf(items[index]);
  const taken = items
    .filter((_item, i) => i !== index)
    .flatMap((item) => (typeof nameOf(item) === 'string' ? [nameOf(item) as string] : []));
  const where = connection.label();
  // How the messages name it before: its name, or, written wrong, its name and host as written.
  const before = connection.entry()?.state === 'ok' ? connection.name() : where;
  const name = await ui.input({
    title: l10n.t('Rename Connection {0}', where),
    prompt: l10n.t('The new name of this org and till (at most {0} characters)', MAX_CONNECTION_NAME_LENGTH),
    value: typed ?? (typeof current === 'string' ? current : undefined),
    validate: validationMessage((value) => checkConnectionName(value, taken)),
  });
  if (name === undefined) return;
  const checked = checkConnectionName(name, taken);
  if (!checked.ok || checked.value === current) return;
  const newName = checked.value;

  const stored = storedUnder(connections, connection);
  const from = stored && !stored.owner ? stored.key : undefined;
  const to = from === undefined ? undefined : namedConnectionKey(originOfKey(from), newName);
  // Read before the setting changes, which lets the old name go.
  const wasActive = connections.activeId() === id;
  const wasCollapsed = deps.viewState.collapsed().includes(id);
  let signedIn = false;
  try {
    if (from !== undefined && to !== undefined) {
      // Moved here, not forgotten once the setting no longer lists the old key; nothing left under the new one is inherited.
      await connections.unlist(from);
      await clearStored(deps, to);
      signedIn = await deps.credentialMoves.moveCredentials(from, to);
      connection.session.reset();
      await deps.list.move(from, to);
      deps.rewards.clear(from);
    }
    try {
      const renamed = settings
        .connectionItems()
        .map((item, i) =>
          i === index && typeof item === 'object' && item !== null ? { ...item, name: newName } : item,
        );
      await settings.setConnectionItems(renamed);
    } catch (error) {
      // The setting still names the old key: what was moved goes back to it.
      if (from !== undefined && to !== undefined) {
        await deps.credentialMoves.moveCredentials(to, from);
        await deps.list.move(to, from);
      }
      throw error;
    }
  } catch (error) {
    const choice = await ui.message(
      'error',
      l10n.t('Could not rename the connection {0}: {1}', where, errorText(error)),
      Actions.retry,
    );
    if (choice === Actions.retry) await renameConnection(deps, id, name);
    return;
  }
  await connections.forget(id);
  const newId = connections.entries().find((entry) => entry.state !== 'unset' && entry.index === index)?.id ?? newName;
  if (wasActive) await connections.setActive(newId);
  if (wasCollapsed) await deps.viewState.setCollapsed(newId, true);
  deps.stateChanged();
  const origin = from === undefined ? undefined : originOfKey(from);
  deps.log.info(
    `Renamed connection '${typeof current === 'string' ? current : before}' to '${newName}'${origin ? ` (${origin})` : ''}` +
      (from !== undefined ? '; its credentials, list and options moved with it' : ''),
  );
  const now = connections.get(newId)?.label() ?? newName;
  void ui.message(
    'info',
    signedIn
      ? l10n.t('Renamed the connection {0} to {1}; it is still signed in.', before, now)
      : l10n.t('Renamed the connection {0} to {1}.', before, now),
  );
}
