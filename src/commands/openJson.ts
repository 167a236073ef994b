import * as l10n from '@vscode/l10n';
import type { GroupRef } from '../groups/groupService';
import { hostLabel } from '../settings';
import { groupJson } from './copyJson';
import type { CommandDeps } from './deps';
import { groupTarget } from './steps/groupTarget';

/** Capillary Rewards: Open as JSON — a read-only editor with every field of the group. */
export async function openGroupJson(deps: CommandDeps, target: GroupRef | undefined): Promise<void> {
  const picked = groupTarget(deps, target, l10n.t('Open as JSON'));
  if (!picked) return;
  const { origin, group } = picked;
  // One document per cluster and group: the same id on two clusters is two groups.
  await deps.ui.openReadOnly(`${hostLabel(origin).replace(/:/g, '_')}/${group.id} ${group.name.replace(/[\\/:*?"<>|]/g, '_')}.json`, groupJson(group));
}
