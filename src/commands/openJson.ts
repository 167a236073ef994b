import type { Group } from '../api/types';
import { groupJson } from './copyJson';
import type { CommandDeps } from './deps';
import { groupTarget } from './groupTarget';


/** Capillary Rewards: Open as JSON — a read-only editor with every field of the group. */
export async function openGroupJson(deps: CommandDeps, target: { origin: string; group: Group } | undefined): Promise<void> {
  const picked = groupTarget(deps, target, 'Open as JSON');
  if (!picked) return;
  const { group } = picked;
  await deps.ui.openReadOnly(`${group.id} ${group.name.replace(/[\\/:*?"<>|]/g, '_')}.json`, groupJson(group));
}
