import * as l10n from '@vscode/l10n';
import type { Group } from '../api/types';
import type { GroupRef } from '../groups/groupService';
import { cutName } from '../messages/names';
import { hostLabel } from '../settings';
import { groupJson } from './copyJson';
import type { CommandDeps } from './deps';
import { groupTarget } from './steps/groupTarget';

/**
 * The start of a group's JSON document name: one document per cluster and group, since the same
 * id on two clusters is two groups. The name that follows may change (a rename); this does not.
 */
export function jsonDocumentPrefix(origin: string, id: number): string {
  return `${hostLabel(origin).replace(/:/g, '_')}/${id} `;
}

/** The document's name, the tab's title: the id and the name, cut short so that a long one does not flood the tab. */
export function jsonDocumentName(origin: string, group: Group): string {
  return `${jsonDocumentPrefix(origin, group.id)}${cutName(group.name).replace(/[\\/:*?"<>|]/g, '_')}.json`;
}

/** Capillary Rewards: Open as JSON — a read-only editor with every field of the group. */
export async function openGroupJson(deps: CommandDeps, target: GroupRef | undefined): Promise<void> {
  const picked = groupTarget(deps, target, l10n.t('Open as JSON'));
  if (!picked) return;
  const { origin, group } = picked;
  await deps.ui.openReadOnly(jsonDocumentName(origin, group), groupJson(group));
}
