import * as l10n from '@vscode/l10n';
import type { GroupRef } from '../groups/groupService';
import { shortName } from '../messages/names';
import type { CommandDeps } from './deps';
import { writableTarget } from './steps/groupTarget';
import { checkRewardsOf, describeRewardsCheck } from './steps/rewardsOfGroup';
import { sendUpdate } from './steps/sendUpdate';

/**
 * Capillary Rewards: Deactivate Group / Activate Group — a PUT with isActive, re-sending the
 * current name (unchanged, so rewards stay linked) and rank. Deactivating asks first, with Cancel
 * as the default; both offer to undo.
 */
export async function setGroupActive(
  deps: CommandDeps,
  target: GroupRef | undefined,
  active: boolean,
  /** `undoing`: run by Deactivate Again / Activate Again, which is the answer to the usual question; a production connection still asks. */
  options: { undoing?: boolean } = {},
): Promise<void> {
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
  const asked = !active && (production || !options.undoing);
  if (asked) {
    // What customers lose: the LIVE rewards in its section.
    const check = await checkRewardsOf(deps, connection, connectionKey, group);
    if (!check) return;
    const confirmed = await deps.ui.confirm(
      production
        ? l10n.t("Deactivate '{0}' (#{1}) on the production connection {2}?", name, group.id, connection.label())
        : l10n.t("Deactivate '{0}' (#{1}) on {2}?", name, group.id, connection.label()),
      `${describeRewardsCheck(check, group, 'live')} ${l10n.t('A deactivated group no longer shows as a section of the rewards catalog.')}`,
      l10n.t('Deactivate'),
    );
    if (!confirmed) return;
  }
  const doing = active ? l10n.t("activate '{0}'", name) : l10n.t("deactivate '{0}'", name);
  const updated = await sendUpdate(
    deps,
    connection,
    connectionKey,
    group,
    (current) => ({ name: current.name, rank: current.rank, isActive: active }),
    doing,
    {
      confirmed: asked,
    },
  );
  if (!updated) return;
  const undo = active ? l10n.t('Deactivate Again') : l10n.t('Activate Again');
  const updatedName = shortName(updated.name);
  const where = connection.label();
  // With several connections, which one: the same name and id can be in two orgs.
  const done = deps.connections.multiple()
    ? updated.isActive
      ? l10n.t("'{0}' (#{1}) is now active on {2}.", updatedName, updated.id, where)
      : l10n.t("'{0}' (#{1}) is now inactive on {2}.", updatedName, updated.id, where)
    : updated.isActive
      ? l10n.t("'{0}' (#{1}) is now active.", updatedName, updated.id)
      : l10n.t("'{0}' (#{1}) is now inactive.", updatedName, updated.id);
  // Whether the connection is production is read again when the button is clicked.
  deps.ui.notify('info', done, {
    label: undo,
    run: () => setGroupActive(deps, { connectionKey, group: updated }, !active, { undoing: true }),
  });
}
