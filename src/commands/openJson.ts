import * as l10n from '@vscode/l10n';
import type { Group } from '../api/types';
import type { GroupRef } from '../groups/groupService';
import { cutName } from '../messages/names';
import { hostLabel, originOfKey } from '../foundation/settings';
import { groupJson } from './copyJson';
import type { CommandDeps } from './deps';
import { groupTarget } from './steps/groupTarget';

/**
 * The start of a group's JSON document name: one document per connection and group, since the
 * same id through two connections is two groups: the cluster, after the connection's name when it
 * has one. The name that follows may change (a rename); this does not.
 */
export function jsonDocumentPrefix(connectionKey: string, id: number): string {
  const origin = originOfKey(connectionKey);
  const name = connectionKey.slice(origin.length + 1);
  const folder = name ? `${name} (${hostLabel(origin)})` : hostLabel(origin);
  return `${safe(folder)}/${id} `;
}

/** The document's name, the tab's title: the id and the name, cut short so that a long one does not flood the tab. */
export function jsonDocumentName(connectionKey: string, group: Group): string {
  return `${jsonDocumentPrefix(connectionKey, group.id)}${safe(cutName(group.name))}.json`;
}

/** Characters a file name cannot hold become '_'. */
function safe(text: string): string {
  return text.replace(/[\\/:*?"<>|]/g, '_');
}

/** Capillary Rewards: Open as JSON — a read-only editor with every field of the group. */
export async function openGroupJson(deps: CommandDeps, target: GroupRef | undefined): Promise<void> {
  const picked = groupTarget(deps, target, l10n.t('Open as JSON'));
  if (!picked) return;
  const { connectionKey, group } = picked;
  await deps.ui.openReadOnly(jsonDocumentName(connectionKey, group), groupJson(group));
}
