import type { Group } from '../api/types';
import type { CommandDeps } from './deps';

/** Capillary Rewards: Copy Group ID — from a tree row (inline button or context menu). */
export async function copyGroupId(deps: CommandDeps, group: Group | undefined): Promise<void> {
  if (!group) {
    void deps.ui.message('info', 'Select a group in the Groups view, then use Copy Group ID on its row.');
    return;
  }
  await deps.ui.copyToClipboard(String(group.id));
  deps.ui.status(`Copied group ID ${group.id} (${group.name})`);
}
