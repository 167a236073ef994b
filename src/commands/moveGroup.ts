import * as l10n from '@vscode/l10n';
import type { Connection } from '../connections/connections';
import type { RankChange } from '../groups/catalogOrder';
import type { GroupRef } from '../groups/groupService';
import { rankText } from '../groupsFile/plan';
import { shortName } from '../messages/names';
import {
  applyReorder,
  checkMove,
  type MoveRefusal,
  planMove,
  readCatalog,
  type ReorderMove,
} from '../operations/reorder';
import type { CommandDeps } from './deps';
import { writableTarget } from './steps/groupTarget';
import { readingOrg } from './steps/groupsFile';

/**
 * Where a group goes: one place up or down in the catalog, the place of the group it was dropped
 * on, or a place (0 the top; 'ask' asks for it once the catalog is read).
 */
export type Move = ReorderMove | { toPlace: 'ask' };

/** How many rank changes a preview lists before "and N more". */
const PREVIEW_LINES = 12;

/**
 * Capillary Rewards: Move Up / Move Down in Catalog, and dragging a group row onto another: the
 * catalog's sections reordered by the reorder operation (src/operations/reorder.ts), which reads
 * the org in full and works out the fewest rank changes; they are previewed and asked about here,
 * then sent by the groups-file engine: each update re-reads its group and is skipped if it
 * changed since, never sent twice, every outcome reported.
 */
export async function moveGroup(deps: CommandDeps, target: GroupRef | undefined, move: Move): Promise<void> {
  const action =
    'onto' in move
      ? l10n.t('Move Group')
      : 'toPlace' in move
        ? move.toPlace === 'ask'
          ? l10n.t('Move to Position in Catalog')
          : l10n.t('Move to Top of Catalog')
        : move.by < 0
          ? l10n.t('Move Up in Catalog')
          : l10n.t('Move Down in Catalog');
  const picked = writableTarget(deps, target, action);
  if (!picked) return;
  const { connection, connectionKey, group } = picked;
  const name = shortName(group.name);
  const where = connection.label();
  const onto = 'onto' in move ? move.onto : undefined;
  const refuse = (reason: MoveRefusal) => void deps.ui.message('warning', refusalText(reason, name, connection, onto));
  const refused = checkMove(picked, onto);
  if (refused) return refuse(refused);
  const catalog = await readingOrg(deps, connection, (options) => readCatalog(connection, picked, options));
  if (!catalog) return;
  if ('kind' in catalog) return refuse(catalog.reason);
  let chosen: ReorderMove;
  if (asksPlace(move)) {
    // Nothing to ask about when the group is no section of the catalog as read.
    const place = catalog.moved && (await askPlace(deps, name, catalog.from, catalog.sections.length, action));
    if (place === undefined) return deps.ui.status(l10n.t('Nothing was sent to {0}.', where));
    chosen = { toPlace: place };
  } else chosen = move;
  const reorder = planMove(catalog, chosen);
  if (reorder.kind === 'refused') return refuse(reorder.reason);
  if (reorder.kind === 'at-edge') {
    deps.ui.status(
      reorder.edge === 'first'
        ? l10n.t("'{0}' is already the first section of the catalog", name)
        : l10n.t("'{0}' is already the last section of the catalog", name),
    );
    return;
  }
  const place = l10n.t('place {0} of {1}', reorder.place + 1, reorder.count);
  if (reorder.kind === 'in-place') {
    deps.ui.status(l10n.t("'{0}' already shows at {1}: nothing to change", name, place));
    return;
  }
  const { changes } = reorder;
  const question = connection.spec()?.production
    ? l10n.t("Move '{0}' to {1} in the catalog of the production connection {2}?", name, place, where)
    : l10n.t("Move '{0}' to {1} in the catalog of {2}?", name, place, where);
  const applyAction = changes.length === 1 ? l10n.t('Change 1 Rank') : l10n.t('Change {0} Ranks', changes.length);
  if (!(await deps.ui.confirm(question, describeChanges(changes), applyAction))) {
    deps.ui.status(l10n.t('Nothing was sent to {0}.', where));
    return;
  }
  deps.log.info(`Move of #${group.id} to ${place} on ${connection.logName()}: ${changes.length} rank changes`);
  const result = await deps.ui.withProgress(l10n.t("Moving '{0}' on {1}", name, where), (signal, report) =>
    applyReorder(connection, reorder, {
      concurrency: deps.settings.read().applyConcurrency,
      signal,
      words: deps.words,
      onProgress: (done, total) => report(l10n.t('{0} of {1}', done, total)),
      onRateLimited: (seconds) =>
        report(l10n.t('waiting {0} s: the cluster limits how fast it is sent to (429)', seconds)),
      onOutcome: (outcome) =>
        deps.log.info(
          `Move on ${connection.logName()}: ${outcome.kind} '${outcome.name}'${outcome.id ? ` #${outcome.id}` : ''}: ${outcome.detail}`,
        ),
    }),
  );
  if (deps.list.get(connectionKey)) void deps.list.refresh(connectionKey).catch(() => undefined);
  const { counts } = result;
  if (counts.updated + counts.failed > 0) deps.orgChanged?.(connection.id);
  const done = counts.updated;
  const trouble = result.outcomes.filter((outcome) => outcome.kind !== 'updated' && outcome.kind !== 'unchanged');
  if (trouble.length === 0 && !result.cancelled) {
    void deps.ui.message(
      'info',
      l10n.t("'{0}' is now at {1} in the catalog of {2}: {3} rank(s) changed.", name, place, where, done),
    );
    return;
  }
  const lines = trouble.map((outcome) => `'${shortName(outcome.name)}': ${outcome.detail}`).join(' ');
  void deps.ui.message(
    'warning',
    result.cancelled
      ? l10n.t(
          "Moving '{0}' was cancelled after {1} of {2} rank changes; the catalog may show it elsewhere than asked. {3}",
          name,
          done,
          changes.length,
          lines,
        )
      : l10n.t(
          "Moving '{0}' changed {1} of {2} ranks; the catalog may show it elsewhere than asked. {3}",
          name,
          done,
          changes.length,
          lines,
        ),
  );
}

function asksPlace(move: Move): move is { toPlace: 'ask' } {
  return 'toPlace' in move && move.toPlace === 'ask';
}

/** Why a move is refused, as the warning says it. */
function refusalText(reason: MoveRefusal, name: string, connection: Connection, onto: GroupRef | undefined): string {
  switch (reason) {
    case 'other-connection':
      return l10n.t(
        "'{0}' cannot move among the groups of another connection: each org has its own catalog. Drop it onto a group of {1}.",
        name,
        connection.label(),
      );
    case 'onto-itself':
      return l10n.t("'{0}' was dropped onto itself: nothing to move.", name);
    case 'onto-inactive':
      return l10n.t(
        "'{0}' is inactive, so not a section of the catalog: drop '{1}' onto an active group.",
        shortName(onto?.group.name ?? ''),
        name,
      );
    case 'inactive':
      return l10n.t("'{0}' is inactive, so not a section of the catalog: activate it first.", name);
    case 'other-cluster':
      return l10n.t(
        '{0} is on another cluster now: refresh the Groups view, then move the group again.',
        connection.label(),
      );
    case 'changed':
      return l10n.t(
        'The groups of {0} changed since they were listed: refresh the Groups view, then move the group again.',
        connection.label(),
      );
  }
}

/** The place to move to (0-based), asked as the catalog numbers its sections (1…count); undefined on Escape. */
async function askPlace(
  deps: CommandDeps,
  name: string,
  from: number,
  count: number,
  title: string,
): Promise<number | undefined> {
  const typed = await deps.ui.input({
    title,
    prompt: l10n.t("'{0}' is section {1} of {2}. Move it to which place (1–{2})?", name, from + 1, count),
    placeholder: String(Math.max(1, from)),
    validate: (value) => {
      const place = Number(value.trim());
      return /^\d+$/.test(value.trim()) && place >= 1 && place <= count
        ? undefined
        : l10n.t('Enter a place from 1 to {0}.', count);
    },
  });
  return typed === undefined ? undefined : Number(typed.trim()) - 1;
}

/** "VIP Gold: 4 → 2", a line per change, at most PREVIEW_LINES of them. */
function describeChanges(changes: RankChange[]): { lines: string[] } {
  const shown = changes
    .slice(0, PREVIEW_LINES)
    .map((change) => `${shortName(change.group.name)}: ${rankText(change.from)} → ${change.to}`);
  const more = changes.length > PREVIEW_LINES ? [l10n.t('and {0} more', changes.length - PREVIEW_LINES)] : [];
  return { lines: [...shown, ...more] };
}
