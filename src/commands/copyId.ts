import type { Group } from '../api/types';
import type { CommandDeps } from './deps';
import { groupTarget } from './groupTarget';

/** Capillary Rewards: Copy Group ID — from a row (inline button or context menu). */
export async function copyGroupId(deps: CommandDeps, target: { origin: string; group: Group } | undefined): Promise<void> {
  const picked = groupTarget(deps, target, 'Copy Group ID');
  if (!picked) return;
  await deps.ui.copyToClipboard(String(picked.group.id));
  deps.ui.status(`Copied group ID ${picked.group.id} (${picked.group.name})`);
}
