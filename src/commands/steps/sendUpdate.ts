import * as l10n from '@vscode/l10n';
import { errorText } from '../../api/errors';
import type { Group, UpdateGroupInput } from '../../api/types';
import { NameTakenError, UnprovenUpdateError } from '../../groups/groupService';
import { describeFailure } from '../../messages/failures';
import { shortName } from '../../messages/names';
import type { Connection } from '../../connections/connections';
import { originOfKey } from '../../foundation/settings';
import type { CommandDeps } from '../deps';
import { confirmProductionWrite } from './connection';
import { offerRetryOrSignIn } from './prerequisites';

export interface UpdateOptions {
  /** What Retry does; by default the same update again (a rename reopens its prompt instead). */
  retry?: () => Promise<Group | undefined>;
}

/**
 * Reads the group fresh, PUTs the change computed from it under a progress notification, and puts
 * the answer in the tree. `connectionKey` is the connection the row was read through. A connection
 * marked production asks first (not again on Retry). Returns the updated group, or undefined when
 * it failed (after saying why) or was not confirmed.
 */
export async function sendUpdate(
  deps: CommandDeps,
  connection: Connection,
  connectionKey: string,
  group: Group,
  change: (current: Group) => UpdateGroupInput,
  doing: string,
  options: UpdateOptions & { confirmed?: boolean } = {},
): Promise<Group | undefined> {
  const host = connection.label();
  const sentence = `${doing[0]!.toUpperCase()}${doing.slice(1)}`;
  if (!options.confirmed && !(await confirmProductionWrite(deps, connection, sentence, l10n.t('Change')))) {
    return undefined;
  }
  // Retry is another write: a production connection asks again.
  const again =
    options.retry ??
    (() => sendUpdate(deps, connection, connectionKey, group, change, doing, { ...options, confirmed: false }));
  try {
    const title = l10n.t('{0} on {1}…', sentence, host);
    const updated = await deps.ui.withProgress(title, (signal) =>
      connection.groups.updateGroup(connectionKey, group.id, change, signal),
    );
    deps.log.info(`Updated group #${group.id} on ${connection.logName()}: ${JSON.stringify(change(updated.before))}`);
    deps.list.upsert(updated.connectionKey, updated.group);
    await deps.revealGroup(updated.connectionKey, updated.group);
    return updated.group;
  } catch (error) {
    // The group as read back is shown, whoever made the change.
    if (error instanceof UnprovenUpdateError) deps.list.upsert(connectionKey, error.after);
    // A rename refused because the name is taken: the holder is listed, so the reopened prompt says so.
    if (error instanceof NameTakenError) deps.list.upsert(connectionKey, error.existing);
    const failure = describeFailure(
      error,
      {
        origin: originOfKey(connectionKey),
        where: host,
        doing,
        name: shortName(change(group).name),
      },
      deps.words,
    );
    if (!failure) return undefined;
    deps.log.error(`Update of group #${group.id} on ${connection.logName()} failed: ${errorText(error)}`);
    return offerRetryOrSignIn(deps, connection, failure, again);
  }
}
