import type { Group } from '../api/types';
import { hostLabel } from '../settings';
import { validationMessage } from '../ui';
import { checkGroupName, checkRank } from '../validation';
import type { CommandDeps } from './deps';
import { groupTarget } from './groupTarget';
import { sendUpdate } from './updateGroup';

/**
 * Capillary Rewards: Edit Group… — change the rank, or rename after a warning: rewards refer to
 * groups by name, so a rename unlinks them. Every PUT re-sends the fields it does not change.
 */
export async function editGroup(deps: CommandDeps, target: { origin: string; group: Group } | undefined): Promise<void> {
  const picked = groupTarget(deps, target, 'Edit Group');
  if (!picked) return;
  const { origin, group } = picked;
  const what = await deps.ui.pick(
    [
      { label: 'Change Rank…', description: `now ${group.rank ?? 'none'}`, value: 'rank' as const },
      { label: 'Rename…', description: 'unlinks the rewards attached to it by name', value: 'rename' as const },
    ],
    { title: `Edit '${group.name}' (#${group.id}) on ${hostLabel(origin)}` },
  );
  if (what === 'rank') await changeRank(deps, origin, group);
  if (what === 'rename') await rename(deps, origin, group);
}

async function changeRank(deps: CommandDeps, origin: string, group: Group): Promise<void> {
  const typed = await deps.ui.input({
    title: `Change the rank of '${group.name}' (#${group.id})`,
    prompt: 'New rank: a whole number, or empty for no rank',
    value: group.rank === null ? '' : String(group.rank),
    validate: validationMessage(checkRank),
  });
  if (typed === undefined) return;
  const rank = checkRank(typed);
  if (!rank.ok) return;
  if (rank.value === group.rank) {
    deps.ui.status(`The rank of '${group.name}' is already ${group.rank ?? 'none'}`);
    return;
  }
  const updated = await sendUpdate(deps, origin, group, (current) => ({ name: current.name, rank: rank.value, isActive: current.isActive }), `change the rank of '${group.name}'`);
  if (updated) void deps.ui.message('info', `The rank of '${updated.name}' (#${updated.id}) is now ${updated.rank ?? 'none'}.`);
}

async function rename(deps: CommandDeps, origin: string, group: Group, typedBefore?: string): Promise<void> {
  if (typedBefore === undefined) {
    const confirmed = await deps.ui.confirm(
      `Renaming '${group.name}' unlinks every reward attached to it.`,
      'Capillary rewards refer to groups by name. After a rename they no longer belong to this group, and each has to be attached again by hand.',
      'Rename Anyway…',
    );
    if (!confirmed) return;
  }
  const typed = await deps.ui.input({
    title: `Rename '${group.name}' (#${group.id})`,
    prompt: 'New name (must be unique in the org)',
    value: typedBefore ?? group.name,
    validate: (value) => {
      const checked = checkGroupName(value);
      if (!checked.ok) return checked.message;
      return checked.value === group.name ? 'Type a different name, or press Escape to keep this one.' : undefined;
    },
  });
  if (typed === undefined) return;
  const name = checkGroupName(typed);
  if (!name.ok) return;
  // Retry reopens the name prompt with what was typed: a clash needs another name, not the same PUT.
  let retried = false;
  const updated = await sendUpdate(deps, origin, group, (current) => ({ name: name.value, rank: current.rank, isActive: current.isActive }), `rename '${group.name}' to '${name.value}'`, {
    retry: async () => {
      retried = true;
      await rename(deps, origin, group, typed);
      return undefined;
    },
  });
  if (updated && !retried) void deps.ui.message('info', `Renamed '${group.name}' to '${updated.name}' (#${updated.id}).`);
}
