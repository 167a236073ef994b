import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import { describeFailure } from '../messages/failures';
import { originOfKey } from '../foundation/settings';
import type { CommandDeps } from './deps';
import { storedUnder } from './steps/connection';

/**
 * Capillary Rewards: Remove Connection — the row's, or one picked: after a question naming it, its
 * credentials are deleted from the OS keychain, its cached list and list options from VS Code's
 * storage, and its item from capillaryRewards.connections (for the single-host settings, the
 * cluster setting is cleared). The other connections are not touched, not even a connection whose
 * name and cluster a duplicate item repeats. The message says what was deleted, and only that.
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
      {
        title: l10n.t('Remove Connection'),
        placeholder: l10n.t('The connection to remove, with its credentials and cached list'),
      },
    );
    if (id === undefined) return;
  }
  const connection = connections.get(id);
  if (!connection) {
    void ui.message('info', l10n.t('That connection is no longer in the settings; refresh the Groups view.'));
    return;
  }
  const where = connection.label();
  const stored = storedUnder(connections, connection);
  const owner = stored?.owner?.label();
  const confirmed = await ui.confirm(
    l10n.t('Remove the connection {0}?', where),
    owner
      ? l10n.t(
          'Only its item is removed from capillaryRewards.connections: {0} has the same name and cluster and keeps its credentials and list. Its groups on the server are not touched.',
          owner,
        )
      : l10n.t(
          'Its credentials are deleted from the OS keychain and its cached list from VS Code; its groups on the server are not touched.',
        ),
    l10n.t('Remove'),
  );
  if (!confirmed) return;

  // Said after the settings change, which forgets it.
  const name = connection.name();
  const deleted = { credentials: false, list: false };
  try {
    if (stored && !stored.owner) {
      // Dealt with here: not forgotten again once the setting no longer lists it.
      await connections.unlist(stored.key);
      deleted.credentials = await deps.credentialMoves.deleteCredentials(stored.key);
      // The client made for them goes too.
      connection.session.reset();
      deleted.list = await deps.list.remove(stored.key);
      deps.rewards.clear(stored.key);
    }
    const index = connection.index();
    if (index === undefined) await deps.settings.setHost('');
    else await deps.settings.setConnectionItems(deps.settings.connectionItems().filter((_item, i) => i !== index));
  } catch (error) {
    const failure =
      stored &&
      describeFailure(
        error,
        { origin: originOfKey(stored.key), where, doing: l10n.t('remove the connection') },
        deps.words,
      );
    void ui.message(
      'error',
      failure?.message ?? l10n.t('Could not remove the connection {0}: {1}', where, errorText(error)),
    );
    return;
  }
  await connections.forget(id);
  deps.stateChanged();
  const what = [deleted.credentials && 'its credentials', deleted.list && 'its cached list']
    .filter(Boolean)
    .join(' and ');
  deps.log.info(
    `Removed ${connection.named ? `connection '${name}'` : 'the cluster setting'}${stored ? ` (${originOfKey(stored.key)})` : ''}` +
      (owner
        ? `; what is kept under its name and cluster belongs to another item and was kept`
        : what
          ? `; ${what} deleted`
          : '; nothing was kept for it'),
  );
  void ui.message('info', removedMessage(where, deleted, owner));
}

/** One whole sentence per outcome, true to what SecretStorage and globalState hold afterwards. */
function removedMessage(
  where: string,
  deleted: { credentials: boolean; list: boolean },
  owner: string | undefined,
): string {
  if (owner) {
    return l10n.t(
      'Removed the connection {0}. Nothing was deleted: {1} has the same name and cluster, and keeps what is stored for it.',
      where,
      owner,
    );
  }
  if (deleted.credentials && deleted.list) {
    return l10n.t('Removed the connection {0}. Its credentials and cached list were deleted.', where);
  }
  if (deleted.credentials) {
    return l10n.t('Removed the connection {0}. Its credentials were deleted; no list was cached for it.', where);
  }
  if (deleted.list) {
    return l10n.t('Removed the connection {0}. Its cached list was deleted; no credentials were stored for it.', where);
  }
  return l10n.t('Removed the connection {0}. No credentials or list were kept for it.', where);
}
