import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import { describeFailure } from '../messages/failures';
import { isNamed, SINGLE_HOST_ID } from '../settings';
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
  if (!connection) return;
  const where = connection.label();
  const confirmed = await ui.confirm(
    l10n.t('Remove the connection {0}?', where),
    l10n.t('Its credentials are deleted from the OS keychain and its cached list from VS Code; its groups on the server are not touched.'),
    l10n.t('Remove'),
  );
  if (!confirmed) return;

  const spec = connection.spec();
  try {
    if (spec) {
      await connection.session.signOut(spec.origin);
      await deps.list.remove(spec.key);
    }
    if (id === SINGLE_HOST_ID) await deps.settings.setHost('');
    else {
      const index = id.startsWith('\n') ? Number(id.slice(1)) - 1 : -1;
      const items = deps.settings.connectionItems().filter((item, i) => (index >= 0 ? i !== index : !isNamed(item, id)));
      await deps.settings.setConnectionItems(items);
    }
  } catch (error) {
    const failure = spec && describeFailure(error, { origin: spec.origin, where, doing: l10n.t('remove the connection') });
    void ui.message('error', failure?.message ?? l10n.t('Could not remove the connection {0}: {1}', where, errorText(error)));
    return;
  }
  await connections.forget(id);
  deps.stateChanged();
  deps.log.info(
    `Removed ${connection.named ? `connection '${id.trim()}'` : 'the cluster setting'}${spec ? ` (${spec.origin}); its credentials and cached list were deleted` : ''}`,
  );
  void ui.message('info', l10n.t('Removed the connection {0}. Its credentials and cached list were deleted.', where));
}
