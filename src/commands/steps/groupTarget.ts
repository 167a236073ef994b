import * as l10n from '@vscode/l10n';
import type { Connection } from '../../connections/connections';
import type { GroupRef } from '../../groups/groupService';
import type { CommandDeps } from '../deps';
import { rowConnection } from './connection';

/**
 * The group a row command acts on, with the host it belongs to: the row it was invoked on, or
 * else the selected row. Says how to pick one when there is none.
 */
export function groupTarget(deps: CommandDeps, target: GroupRef | undefined, action: string): GroupRef | undefined {
  if (!target) {
    void deps.ui.message('info', l10n.t('Select a group in the Groups view, then use {0} on its row.', action));
  }
  return target;
}

/** The group a row command that writes acts on, and the connection it was read through (which must still be on that cluster). */
export function writableTarget(
  deps: CommandDeps,
  target: GroupRef | undefined,
  action: string,
): (GroupRef & { connection: Connection }) | undefined {
  const picked = groupTarget(deps, target, action);
  const connection = picked && rowConnection(deps, picked);
  return connection && picked && { ...picked, connection };
}
