import { hostLabel } from '../settings';
import { validationMessage } from '../ui';
import { checkGroupName, checkRank } from '../validation';
import type { CommandDeps } from './deps';
import { Actions, describeFailure } from './failures';
import { selectCluster } from './selectCluster';
import { signIn } from './signIn';

/** What the user typed, kept so that Retry can reopen the prompts filled in. */
export interface CreateGroupValues {
  name?: string;
  rank?: string;
}

/**
 * Capillary Rewards: Create Group… — name, then rank; POST group/create under a progress
 * notification; the new group goes into the tree from the response, revealed and selected.
 */
export async function createGroup(deps: CommandDeps, typed: CreateGroupValues = {}): Promise<void> {
  const { ui, service } = deps;
  if (!(await ensureSignedIn(deps))) return;

  const nameText = await ui.input({
    title: 'Create Group (1/2)',
    prompt: 'Name of the new reward group (must be unique in the org)',
    placeholder: 'e.g. VIP Gold',
    value: typed.name,
    validate: validationMessage(checkGroupName),
  });
  if (nameText === undefined) return;
  const rankText = await ui.input({
    title: 'Create Group (2/2)',
    prompt: `Rank of '${nameText.trim()}': a whole number, or empty for no rank`,
    placeholder: 'e.g. 3 (optional)',
    value: typed.rank,
    validate: validationMessage(checkRank),
  });
  if (rankText === undefined) return;

  const name = checkGroupName(nameText);
  const rank = checkRank(rankText);
  if (!name.ok || !rank.ok) return; // the input boxes accept only valid values
  const values = { name: nameText, rank: rankText };

  const readiness = await service.readiness();
  if (readiness.state !== 'ready') return createGroup(deps, values);
  const { origin } = readiness;
  const host = hostLabel(origin);
  if (service.isCreating(origin, name.value)) {
    void ui.message('info', `The group '${name.value}' is already being created on ${host}; wait for that to finish.`);
    return;
  }

  let created;
  try {
    created = await ui.withProgress(`Creating the group '${name.value}' on ${host}…`, (signal) =>
      service.createGroup({ name: name.value, rank: rank.value }, signal),
    );
  } catch (error) {
    const failure = describeFailure(error, { origin, doing: `create the group '${name.value}'`, name: name.value });
    if (!failure) return;
    deps.log.error(`Create group '${name.value}' on ${origin} failed: ${error instanceof Error ? error.message : String(error)}`);
    const choice = await ui.message('error', failure.message, ...failure.actions);
    if (choice === Actions.retry) return createGroup(deps, values);
    if (choice === Actions.signIn) {
      if (await signIn(deps, {}, { chained: true })) return createGroup(deps, values);
    }
    if (choice === Actions.selectCluster) await selectCluster(deps);
    if (choice === Actions.showLog) deps.showLog();
    return;
  }

  const { group } = created;
  await deps.store.upsert(created.origin, [group]);
  deps.log.info(`Created group '${group.name}' #${group.id} on ${created.origin}`);
  await deps.revealGroup(created.origin, group);
  const choice = await ui.message('info', `Created the group '${group.name}' with ID ${group.id} on ${hostLabel(created.origin)}.`, Actions.copyId);
  if (choice === Actions.copyId) {
    await ui.copyToClipboard(String(group.id));
    ui.status(`Copied group ID ${group.id}`);
  }
}

/** Walks the user through Select Cluster and Sign In when either is missing; true when ready. */
async function ensureSignedIn(deps: CommandDeps): Promise<boolean> {
  const readiness = await deps.service.readiness();
  if (readiness.state === 'ready') return true;
  if (readiness.state === 'invalid-host') {
    const choice = await deps.ui.message('error', `The setting capillaryRewards.host ('${readiness.raw}') is not usable: ${readiness.message}`, Actions.selectCluster);
    if (choice !== Actions.selectCluster || !(await selectCluster(deps, { chained: true }))) return false;
  }
  return signIn(deps, {}, { chained: true });
}
