import type { Group, UpdateGroupInput } from '../api/types';
import { hostLabel } from '../settings';
import type { CommandDeps } from './deps';
import { Actions, askAboutFailure, describeFailure, errorText } from './failures';
import { signIn } from './signIn';

/**
 * PUTs an update under a progress notification and puts the answer in the tree (no extra
 * request). Returns the updated group, or undefined when it failed (after saying why).
 */
export async function sendUpdate(deps: CommandDeps, origin: string, group: Group, input: UpdateGroupInput, doing: string): Promise<Group | undefined> {
  const host = hostLabel(origin);
  try {
    const updated = await deps.ui.withProgress(`${doing[0]!.toUpperCase()}${doing.slice(1)} on ${host}…`, (signal) => deps.service.updateGroup(group.id, input, signal));
    deps.log.info(`Updated group #${group.id} on ${updated.origin}: ${JSON.stringify(input)}`);
    deps.list.upsert(updated.origin, updated.group);
    await deps.revealGroup(updated.origin, updated.group);
    return updated.group;
  } catch (error) {
    const failure = describeFailure(error, { origin, doing, name: input.name });
    if (!failure) return undefined;
    deps.log.error(`Update of group #${group.id} on ${origin} failed: ${errorText(error)}`);
    const choice = await askAboutFailure(deps, failure);
    if (choice === Actions.retry) return sendUpdate(deps, origin, group, input, doing);
    if (choice === Actions.signIn && (await signIn(deps, {}, { chained: true }))) return sendUpdate(deps, origin, group, input, doing);
    return undefined;
  }
}
