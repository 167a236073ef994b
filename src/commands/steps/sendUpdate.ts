import * as l10n from '@vscode/l10n';
import { errorText } from '../../api/errors';
import type { Group, UpdateGroupInput } from '../../api/types';
import { NameTakenError, UnprovenUpdateError } from '../../groups/groupService';
import { describeFailure } from '../../messages/failures';
import { shortName } from '../../messages/names';
import { hostLabel } from '../../settings';
import type { CommandDeps } from '../deps';
import { offerRetryOrSignIn } from './prerequisites';

export interface UpdateOptions {
  /** What Retry does; by default the same update again (a rename reopens its prompt instead). */
  retry?: () => Promise<Group | undefined>;
}

/**
 * Reads the group fresh, PUTs the change computed from it under a progress notification, and puts
 * the answer in the tree. Returns the updated group, or undefined when it failed (after saying why).
 */
export async function sendUpdate(
  deps: CommandDeps,
  origin: string,
  group: Group,
  change: (current: Group) => UpdateGroupInput,
  doing: string,
  options: UpdateOptions = {},
): Promise<Group | undefined> {
  const host = hostLabel(origin);
  const again = options.retry ?? (() => sendUpdate(deps, origin, group, change, doing, options));
  try {
    const title = l10n.t('{0} on {1}…', `${doing[0]!.toUpperCase()}${doing.slice(1)}`, host);
    const updated = await deps.ui.withProgress(title, (signal) => deps.groups.updateGroup(origin, group.id, change, signal));
    deps.log.info(`Updated group #${group.id} on ${updated.origin}: ${JSON.stringify(change(updated.before))}`);
    deps.list.upsert(updated.origin, updated.group);
    await deps.revealGroup(updated.origin, updated.group);
    return updated.group;
  } catch (error) {
    // The group as read back is shown, whoever made the change.
    if (error instanceof UnprovenUpdateError) deps.list.upsert(origin, error.after);
    // A rename refused because the name is taken: the holder is listed, so the reopened prompt says so.
    if (error instanceof NameTakenError) deps.list.upsert(origin, error.existing);
    const failure = describeFailure(error, { origin, doing, name: shortName(change(group).name) });
    if (!failure) return undefined;
    deps.log.error(`Update of group #${group.id} on ${origin} failed: ${errorText(error)}`);
    return offerRetryOrSignIn(deps, failure, again);
  }
}
