import * as l10n from '@vscode/l10n';
import type { GroupRef } from '../groups/groupService';
import { shortName } from '../messages/names';
import { hostLabel } from '../settings';
import type { CommandDeps } from './deps';
import { groupTarget } from './steps/groupTarget';
import { sendUpdate } from './steps/sendUpdate';

/**
 * Capillary Rewards: Deactivate Group / Activate Group — a PUT with isActive, re-sending the
 * current name (unchanged, so rewards stay linked) and rank. Deactivating asks first, with Cancel
 * as the default; both offer to undo.
 */
export async function setGroupActive(deps: CommandDeps, target: GroupRef | undefined, active: boolean, options: { confirmed?: boolean } = {}): Promise<void> {
  const picked = groupTarget(deps, target, active ? l10n.t('Activate Group') : l10n.t('Deactivate Group'));
  if (!picked) return;
  const { origin, group } = picked;
  const name = shortName(group.name);
  if (group.isActive === active) {
    deps.ui.status(active ? l10n.t("'{0}' is already active", name) : l10n.t("'{0}' is already inactive", name));
    return;
  }
  if (!active && !options.confirmed) {
    const confirmed = await deps.ui.confirm(
      l10n.t("Deactivate '{0}' (#{1}) on {2}?", name, group.id, hostLabel(origin)),
      l10n.t('A deactivated group no longer shows as a section of the rewards catalog.'),
      l10n.t('Deactivate'),
    );
    if (!confirmed) return;
  }
  const doing = active ? l10n.t("activate '{0}'", name) : l10n.t("deactivate '{0}'", name);
  const updated = await sendUpdate(deps, origin, group, (current) => ({ name: current.name, rank: current.rank, isActive: active }), doing);
  if (!updated) return;
  const undo = active ? l10n.t('Deactivate Again') : l10n.t('Activate Again');
  const updatedName = shortName(updated.name);
  const done = updated.isActive ? l10n.t("'{0}' (#{1}) is now active.", updatedName, updated.id) : l10n.t("'{0}' (#{1}) is now inactive.", updatedName, updated.id);
  // Undoing with the button is the answer to the question already: it does not ask again.
  deps.ui.notify('info', done, { label: undo, run: () => setGroupActive(deps, { origin, group: updated }, !active, { confirmed: true }) });
}
