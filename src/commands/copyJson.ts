import * as l10n from '@vscode/l10n';
import type { Group } from '../api/types';
import type { GroupRef } from '../groups/groupService';
import type { CommandDeps } from './deps';
import { groupTarget } from './steps/groupTarget';

/** The group object exactly as the extension holds it, for the clipboard or a JSON editor. */
export function groupJson(group: Group): string {
  return `${JSON.stringify(group, null, 2)}\n`;
}

/** Capillary Rewards: Copy as JSON. */
export async function copyGroupJson(deps: CommandDeps, target: GroupRef | undefined): Promise<void> {
  const picked = groupTarget(deps, target, l10n.t('Copy as JSON'));
  if (!picked) return;
  await deps.ui.copyToClipboard(groupJson(picked.group));
  deps.ui.status(l10n.t('Copied group #{0} as JSON', picked.group.id));
}
