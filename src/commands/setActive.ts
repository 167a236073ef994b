import * as l10n from '@vscode/l10n';
import type { GroupRef } from '../groups/groupService';
import type { CommandDeps } from './deps';
import { groupTarget } from './steps/groupTarget';
import { sendUpdate } from './steps/sendUpdate';

/**
 * Capillary Rewards: Deactivate Group / Activate Group — a PUT with isActive, re-sending the
 * current name (unchanged, so rewards stay linked) and rank.
 */
export async function setGroupActive(deps: CommandDeps, target: GroupRef | undefined, active: boolean): Promise<void> {
  const picked = groupTarget(deps, target, active ? l10n.t('Activate Group') : l10n.t('Deactivate Group'));
  if (!picked) return;
  const { origin, group } = picked;
  if (group.isActive === active) {
    deps.ui.status(active ? l10n.t("'{0}' is already active", group.name) : l10n.t("'{0}' is already inactive", group.name));
    return;
  }
  const doing = active ? l10n.t("activate '{0}'", group.name) : l10n.t("deactivate '{0}'", group.name);
  const updated = await sendUpdate(deps, origin, group, (current) => ({ name: current.name, rank: current.rank, isActive: active }), doing);
  if (!updated) return;
  const undo = active ? l10n.t('Deactivate Again') : l10n.t('Activate Again');
  const done = updated.isActive ? l10n.t("'{0}' (#{1}) is now active.", updated.name, updated.id) : l10n.t("'{0}' (#{1}) is now inactive.", updated.name, updated.id);
  deps.ui.notify('info', done, { label: undo, run: () => setGroupActive(deps, { origin, group: updated }, !active) });
}
