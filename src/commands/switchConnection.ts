import * as l10n from '@vscode/l10n';
import { AUTH_METHOD_NAMES, hostLabel } from '../foundation/settings';
import { addConnection } from './addConnection';
import type { CommandDeps } from './deps';
import { connectionFor } from './steps/connection';

const ADD = Symbol('add-connection');

/**
 * Capillary Rewards: Switch Connection… — makes a connection the active one (palette commands act
 * on it; remembered across reloads): the row's, or one picked from the list, which also offers Add
 * Connection…. Reads no secret.
 */
export async function switchConnection(deps: CommandDeps, connectionId?: string): Promise<void> {
  const { connections } = deps;
  let id: string | undefined = connectionId;
  if (id === undefined) {
    const activeId = connections.activeId();
    const items = connections.entries().map((entry) => {
      if (entry.state !== 'ok') {
        return {
          label: entry.state === 'invalid' && entry.name ? entry.name : l10n.t('No cluster selected'),
          description: l10n.t('not usable'),
          detail: entry.state === 'invalid' ? entry.message : undefined,
          value: entry.id as string | typeof ADD,
        };
      }
      const { spec } = entry;
      const orgId = deps.list.orgId(spec.key);
      return {
        label: spec.name || hostLabel(spec.origin),
        description: [
          hostLabel(spec.origin),
          orgId === undefined ? undefined : l10n.t('org {0}', orgId),
          AUTH_METHOD_NAMES[spec.authMethod],
          spec.production ? l10n.t('PRODUCTION') : undefined,
          entry.id === activeId ? l10n.t('active') : undefined,
        ]
          .filter(Boolean)
          .join(' · '),
        value: entry.id as string | typeof ADD,
      };
    });
    const picked = await deps.ui.pick(
      [...items, { label: l10n.t('Add Connection…'), description: l10n.t('another org, cluster or till'), value: ADD }],
      {
        title: l10n.t('Switch Connection'),
        placeholder: l10n.t('The connection that palette commands act on'),
        active: activeId,
      },
    );
    if (picked === undefined) return;
    if (picked === ADD) return addConnection(deps);
    id = picked;
  }
  const connection = connectionFor(deps, id);
  if (!connection) return;
  if (connection.entry()?.state !== 'ok') {
    void deps.ui.message(
      'info',
      l10n.t(
        'The connection {0} is not usable as written in capillaryRewards.connections; fix it there first.',
        connection.label(),
      ),
    );
    return;
  }
  await connections.setActive(id);
  deps.stateChanged();
  deps.log.info(`Active connection: ${connection.logName()}`);
  deps.ui.status(l10n.t('Active Capillary connection: {0}', connection.label()));
}
