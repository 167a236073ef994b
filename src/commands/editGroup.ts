import * as l10n from '@vscode/l10n';
import type { Group } from '../api/types';
import type { GroupRef } from '../groups/groupService';
import { shortName } from '../messages/names';
import type { Connection } from '../connections/connections';
import { validationMessage } from '../ui/port';
import { checkGroupName, checkRank } from '../foundation/validation';
import type { CommandDeps } from './deps';
import { writableTarget } from './steps/groupTarget';
import { sendUpdate } from './steps/sendUpdate';
import { nameTaken } from './steps/nameTaken';
import { brandList, checkRewardsOf, describeRewardsCheck } from './steps/rewardsOfGroup';

/**
 * Capillary Rewards: Edit Group… — change the rank, or rename after a warning: rewards refer to
 * groups by name, so a rename unlinks them. Every PUT re-sends the fields it does not change.
 */
export async function editGroup(deps: CommandDeps, target: GroupRef | undefined): Promise<void> {
  const picked = writableTarget(deps, target, l10n.t('Edit Group'));
  if (!picked) return;
  const { connection, connectionKey, group } = picked;
  const what = await deps.ui.pick(
    [
      { label: l10n.t('Change Rank…'), description: l10n.t('now {0}', rankText(group.rank)), value: 'rank' as const },
      {
        label: l10n.t('Rename…'),
        description: l10n.t('unlinks the rewards that name it: they are counted first'),
        value: 'rename' as const,
      },
    ],
    { title: l10n.t("Edit '{0}' (#{1}) on {2}", shortName(group.name), group.id, connection.label()) },
  );
  if (what === 'rank') await changeRank(deps, connection, connectionKey, group);
  if (what === 'rename') await rename(deps, connection, connectionKey, group);
}

/**
 * Says how many rewards in which brands name the group before a rename, since renaming unlinks
 * them: Rename Anyway, Show Rewards (the group's Rewards row) or Cancel. Asked even when none
 * does: a reward may be added meanwhile, and Enter always keeps the name. True to go on.
 */
async function renameAnyway(
  deps: CommandDeps,
  connection: Connection,
  connectionKey: string,
  group: Group,
): Promise<boolean> {
  const check = await checkRewardsOf(deps, connection, connectionKey, group);
  if (!check) return false;
  const renameAction = l10n.t('Rename Anyway…');
  const showAction = l10n.t('Show Rewards');
  const none = check.ok && check.count.complete && check.count.total === 0;
  const answer = await deps.ui.ask(
    none
      ? l10n.t("No reward names '{0}' now: renaming it unlinks none.", shortName(group.name))
      : `${describeRewardsCheck(check, group, undefined, false)} ${l10n.t('Renaming unlinks them.')}`,
    // The brands go below the question, which a long list would cut.
    [brandList(check), l10n.t('Rewards refer to groups by name: each must be attached again by hand.')]
      .filter(Boolean)
      .join('. '),
    check.ok && !none ? [renameAction, showAction] : [renameAction],
  );
  if (answer === showAction) await deps.revealRewards?.(connectionKey, group);
  return answer === renameAction;
}

/** A rank as shown in messages: the number, or "none". */
function rankText(rank: number | null): string | number {
  return rank ?? l10n.t('none');
}

async function changeRank(
  deps: CommandDeps,
  connection: Connection,
  connectionKey: string,
  group: Group,
): Promise<void> {
  const typed = await deps.ui.input({
    title: l10n.t("Change the rank of '{0}' (#{1}) on {2}", shortName(group.name), group.id, connection.label()),
    prompt: l10n.t('New rank: a whole number, or empty for no rank'),
    value: group.rank === null ? '' : String(group.rank),
    validate: validationMessage(checkRank),
  });
  if (typed === undefined) return;
  const rank = checkRank(typed);
  if (!rank.ok) return;
  if (rank.value === group.rank) {
    deps.ui.status(l10n.t("The rank of '{0}' is already {1}", shortName(group.name), rankText(group.rank)));
    return;
  }
  const doing = l10n.t("change the rank of '{0}'", shortName(group.name));
  const updated = await sendUpdate(
    deps,
    connection,
    connectionKey,
    group,
    (current) => ({ name: current.name, rank: rank.value, isActive: current.isActive }),
    doing,
  );
  if (!updated) return;
  // With several connections, which one: the same name and id can be in two orgs.
  const text = deps.connections.multiple()
    ? l10n.t(
        "The rank of '{0}' (#{1}) on {2} is now {3}.",
        shortName(updated.name),
        updated.id,
        connection.label(),
        rankText(updated.rank),
      )
    : l10n.t("The rank of '{0}' (#{1}) is now {2}.", shortName(updated.name), updated.id, rankText(updated.rank));
  void deps.ui.message('info', text);
}

async function rename(
  deps: CommandDeps,
  connection: Connection,
  connectionKey: string,
  group: Group,
  typedBefore?: string,
): Promise<void> {
  if (typedBefore === undefined && !(await renameAnyway(deps, connection, connectionKey, group))) return;
  const typed = await deps.ui.input({
    title: l10n.t("Rename '{0}' (#{1}) on {2}", shortName(group.name), group.id, connection.label()),
    prompt: l10n.t('New name (must be unique in the org)'),
    value: typedBefore ?? group.name,
    validate: (value) => {
      const checked = checkGroupName(value);
      if (!checked.ok) return checked.message;
      if (checked.value === group.name) return l10n.t('Type a different name, or press Escape to keep this one.');
      return nameTaken(
        checked.value,
        (deps.list.get(connectionKey)?.groups ?? []).filter((other) => other.id !== group.id),
      );
    },
  });
  if (typed === undefined) return;
  const name = checkGroupName(typed);
  if (!name.ok) return;
  // Retry reopens the name prompt with what was typed: a clash needs another name, not the same PUT.
  let retried = false;
  const doing = l10n.t("rename '{0}' to '{1}'", shortName(group.name), shortName(name.value));
  const updated = await sendUpdate(
    deps,
    connection,
    connectionKey,
    group,
    (current) => ({ name: name.value, rank: current.rank, isActive: current.isActive }),
    doing,
    {
      retry: async () => {
        retried = true;
        await rename(deps, connection, connectionKey, group, typed);
        return undefined;
      },
    },
  );
  if (!updated || retried) return;
  // Its rewards were those naming the old name: read again when next asked.
  deps.rewards.forget(connectionKey, group.name);
  const text = deps.connections.multiple()
    ? l10n.t(
        "Renamed '{0}' to '{1}' (#{2}) on {3}.",
        shortName(group.name),
        shortName(updated.name),
        updated.id,
        connection.label(),
      )
    : l10n.t("Renamed '{0}' to '{1}' (#{2}).", shortName(group.name), shortName(updated.name), updated.id);
  void deps.ui.message('info', text);
}
