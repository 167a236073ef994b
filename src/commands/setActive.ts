import * as l10n from '@vscode/l10n';
import type { GroupRef } from '../groups/groupService';
import { shortName } from '../messages/names';
import type { CommandDeps } from './deps';
import { writableTarget } from './steps/groupTarget';
import { sendUpdate } from './steps/sendUpdate';

/**
 * Capillary Rewards: Deactivate Group / Activate Group — a PUT with isActive, re-sending the
 * current name (unchanged, so rewards stay linked) and rank. Deactivating asks first, with Cancel
 * as the default; both offer to undo.
 */
export async function setGroupActive(deps: CommandDeps, target: GroupRef | undefined, active: boolean, options: { confirmed?: boolean } = {}): Promise<void> {
  const picked = writableTarget(deps, target, active ? l10n.t('Activate Group') : l10n.t('Deactivate Group'));
  if (!picked) return;
  const { connection, connectionKey, group } = picked;
  const production = connection.spec()?.production === true;
  const name = shortName(group.name);
  if (group.isActive === active) {
    deps.ui.status(active ? l10n.t("'{0}' is already active", name) : l10n.t("'{0}' is already inactive", name));
    return;
  }
  // One question, not two: on a production connection the deactivate question names it.
  if (!active && !options.confirmed) {
    const confirmed = await deps.ui.confirm(
      production
        ? l10n.t("Deactivate '{0}' (#{1}) on the production connection {2}?", name, group.id, connection.label())
        : l10n.t("Deactivate '{0}' (#{1}) on {2}?", name, group.id, connection.label()),
      l10n.t('A deactivated group no longer shows as a section of the rewards catalog.'),
      l10n.t('Deactivate'),
    );
    if (!confirmed) return;
  }
  const doing = active ? l10n.t("activate '{0}'", name) : l10n.t("deactivate '{0}'", name);
  const confirmed = !active || options.confirmed === true;
  const updated = await sendUpdate(deps, connection, connectionKey, group, (current) => ({ name: current.name, rank: current.rank, isActive: active }), doing, { confirmed });
  if (!updated) return;
  const undo = active ? l10n.t('Deactivate Again') : l10n.t('Activate Again');
  const updatedName = shortName(updated.name);
  const done = updated.isActive ? l10n.t("'{0}' (#{1}) is now active.", updatedName, updated.id) : l10n.t("'{0}' (#{1}) is now inactive.", updatedName, updated.id);
  // Undoing with the button is the answer to the question already: it does not ask again, except on production.
  deps.ui.notify('info', done, { label: undo, run: () => setGroupActive(deps, { connectionKey, group: updated }, !active, { confirmed: !production }) });
}
