import * as l10n from '@vscode/l10n';
import type { GroupRef } from '../groups/groupService';
import { shortName } from '../messages/names';
import type { CommandDeps } from './deps';
import { groupTarget } from './steps/groupTarget';

/** Capillary Rewards: Copy Group ID — from a row (inline button or context menu). */
export async function copyGroupId(deps: CommandDeps, target: GroupRef | undefined): Promise<void> {
  const picked = groupTarget(deps, target, l10n.t('Copy Group ID'));
  if (!picked) return;
  await deps.ui.copyToClipboard(String(picked.group.id));
  deps.ui.status(l10n.t('Copied group ID {0} ({1})', picked.group.id, shortName(picked.group.name)));
}
