import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import { NameTakenError, type CreatedGroup } from '../groups/groupService';
import { matchesList } from '../groups/listOptions';
import { describeFailure, serverTime } from '../messages/failures';
import { Actions } from '../ui/editorWords';
import { shortName } from '../messages/names';
import type { Connection } from '../connections/connections';
import { validationMessage } from '../ui/port';
import { checkGroupName, checkRank } from '../foundation/validation';
import type { CommandDeps, CreateGroupValues } from './deps';
import { ensureSignedIn, offerRetryOrFix } from './steps/prerequisites';
import { nameTaken } from './steps/nameTaken';
import { clearFilter } from './listView';
import { confirmProductionWrite, connectionFor } from './steps/connection';

/**
 * Capillary Rewards: Create Group… — in the connection of the row it was invoked on, else the
 * active one: name, then rank; POST group/create under a progress notification; the new group
 * goes into the tree from the response, revealed and selected. Whatever ends the flow before the
 * group exists, what was typed is offered again next time.
 */
export async function createGroup(
  deps: CommandDeps,
  typed: CreateGroupValues = deps.drafts.createGroup ?? {},
  connectionId?: string,
): Promise<void> {
  const connection = connectionFor(deps, connectionId);
  if (!connection) return;
  const { ui } = deps;
  const { groups } = connection;
  if (!(await ensureSignedIn(deps, connection))) return;
  const signedIn = await connection.session.readiness();
  // Names known to be taken in this connection's org: the loaded list, and the holder found after the last attempt.
  const key = signedIn.state === 'ready' ? signedIn.spec.key : undefined;
  const taken = key
    ? [...(deps.list.get(key)?.groups ?? []), ...(typed.taken?.connectionKey === key ? [typed.taken.group] : [])]
    : [];
  const where = connection.label();

  const draft = (values: CreateGroupValues) => (deps.drafts.createGroup = values);
  const nameText = await ui.input({
    title: deps.connections.multiple() ? l10n.t('Create Group in {0} (1/2)', where) : l10n.t('Create Group (1/2)'),
    prompt: l10n.t('Name of the new reward group (must be unique in the org)'),
    placeholder: l10n.t('e.g. VIP Gold'),
    value: typed.name,
    validate: (value) => validationMessage(checkGroupName)(value) ?? nameTaken(value, taken),
  });
  if (nameText === undefined) return;
  draft({ ...typed, name: nameText });
  const rankText = await ui.input({
    title: deps.connections.multiple() ? l10n.t('Create Group in {0} (2/2)', where) : l10n.t('Create Group (2/2)'),
    prompt: l10n.t("Rank of '{0}': a whole number, or empty for no rank", shortName(nameText.trim())),
    placeholder: l10n.t('e.g. 3 (optional)'),
    value: typed.rank,
    validate: validationMessage(checkRank),
  });
  if (rankText === undefined) return;
  const values = draft({ name: nameText, rank: rankText, taken: typed.taken });

  const name = checkGroupName(nameText);
  const rank = checkRank(rankText);
  if (!name.ok || !rank.ok) return; // the input boxes accept only valid values

  const readiness = await connection.session.readiness();
  if (readiness.state !== 'ready') return createGroup(deps, values, connection.id);
  const { origin } = readiness;
  const host = connection.label();
  if (groups.isCreating(readiness.spec.key, name.value)) {
    void ui.message(
      'info',
      l10n.t("The group '{0}' is already being created on {1}; wait for that to finish.", shortName(name.value), host),
    );
    return;
  }
  // What was typed stays in the draft if the answer is no.
  if (
    !(await confirmProductionWrite(
      deps,
      connection,
      l10n.t("Create the group '{0}'", shortName(name.value)),
      l10n.t('Create'),
    ))
  ) {
    return;
  }

  let created;
  try {
    const title = l10n.t("Creating the group '{0}' on {1}…", shortName(name.value), host);
    // To the cluster the prompts and the question named, not another one its settings may name by now.
    created = await ui.withProgress(title, (signal) =>
      groups.createGroup({ name: name.value, rank: rank.value }, signal, readiness.spec.key),
    );
  } catch (error) {
    const failure = describeFailure(
      error,
      {
        origin,
        where: host,
        doing: l10n.t("create the group '{0}'", shortName(name.value)),
        name: shortName(name.value),
      },
      deps.words,
    );
    if (!failure) return;
    deps.log.error(`Create group '${name.value}' on ${connection.logName()} failed: ${errorText(error)}`);
    // The group that holds the name is shown as it is (not as created here), so that the name
    // prompt, reopened by Retry, says the name is taken before anything is sent again.
    if (error instanceof NameTakenError) {
      deps.list.upsert(readiness.spec.key, error.existing);
      draft({ ...values, taken: { connectionKey: readiness.spec.key, group: error.existing } });
    }
    // Retry goes to the same connection, even if another became the active one meanwhile.
    await offerRetryOrFix(deps, connection, failure, () =>
      createGroup(deps, deps.drafts.createGroup ?? values, connection.id),
    );
    return;
  }
  deps.drafts.createGroup = undefined;
  await showCreated(deps, connection, created, rank.value);
  deps.groupCreated?.();
}

/** Logs, announces, lists and reveals a new group; the id is logged before anything can fail. */
async function showCreated(
  deps: CommandDeps,
  connection: Connection,
  { connectionKey, group, recovered, creatorUnchecked }: CreatedGroup,
  requestedRank: number | null,
): Promise<void> {
  const host = connection.label();
  deps.log.info(
    `Created group '${group.name}' #${group.id} on ${connection.logName()}${recovered ? ` (${recovered}; found by name)` : ''}`,
  );
  const name = shortName(group.name);
  // Found by name after a lost answer: what the server recorded, so the user can check it is theirs.
  // Made only then: the first date format of a process loads ICU's date data.
  const found = () => l10n.t('created at {0} by user {1}', serverTime(group.createdOn), group.createdBy);
  const text =
    recovered === 'lost-answer'
      ? l10n.t(
          "Created the group '{0}' with ID {1} on {2}. Its answer was lost on the way back; it was found by name, with the rank sent, {3}, after this create was sent.",
          name,
          group.id,
          host,
          found(),
        )
      : recovered === 'earlier-attempt'
        ? l10n.t(
            "Created the group '{0}' with ID {1} on {2} by your earlier attempt, whose answer was lost (found by name, {3}); it was not created twice.",
            name,
            group.id,
            host,
            found(),
          )
        : l10n.t("Created the group '{0}' with ID {1} on {2}.", name, group.id, host);
  // Before any answer of this window said which user id this account has, the creator could not be compared.
  const creatorNote = creatorUnchecked
    ? ` ${l10n.t('Your user id is not known yet in this window (no create or edit of yours has been answered), so check that user {0} is you.', group.createdBy)}`
    : '';
  // A group found by name may carry the rank of an earlier attempt, not the one typed this time.
  const rankNote =
    recovered && group.rank !== requestedRank
      ? ` ${l10n.t('Its rank is {0}, not {1}: use Edit Group… to change it.', group.rank ?? l10n.t('none'), requestedRank ?? l10n.t('none'))}`
      : '';
  // Under a name filter the view would not return it, the row is not shown: say why.
  const options = deps.list.options(connectionKey);
  const hiddenNote = matchesList(group, options)
    ? ''
    : ` ${l10n.t("The Groups view does not list it: it shows only names containing '{0}' (Clear Filter shows every group).", shortName(options.name.trim()))}`;
  const copyId = {
    label: Actions.copyId,
    run: async () => {
      await deps.ui.copyToClipboard(String(group.id));
      deps.ui.status(l10n.t('Copied group ID {0}', group.id));
    },
  };
  const showIt = { label: l10n.t('Clear Filter'), run: () => clearFilter(deps, connection.id) };
  deps.ui.notify(
    rankNote ? 'warning' : 'info',
    text + creatorNote + rankNote + hiddenNote,
    copyId,
    ...(hiddenNote ? [showIt] : []),
  );
  try {
    // The row comes from the create answer; the list is read first only if it never was.
    const readAfter = !deps.list.get(connectionKey);
    if (readAfter) await deps.list.refresh(connectionKey);
    deps.list.addCreated(connectionKey, group, readAfter);
    if (!hiddenNote) await deps.revealGroup(connectionKey, group);
  } catch (error) {
    deps.log.error(`Could not keep group #${group.id} in the Groups view: ${errorText(error)}`);
    void deps.ui.message(
      'warning',
      l10n.t(
        "The group '{0}' was created with ID {1} on {2}, but could not be added to the Groups view: {3}",
        name,
        group.id,
        host,
        errorText(error),
      ),
    );
  }
}
