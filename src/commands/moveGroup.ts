import * as l10n from '@vscode/l10n';
import { catalogSections, moveSection, ranksForOrder, type RankChange } from '../groups/catalogOrder';
import type { GroupRef } from '../groups/groupService';
import { applyPlan } from '../groupsFile/apply';
import { planGroups, rankText } from '../groupsFile/plan';
import { shortName } from '../messages/names';
import type { CommandDeps } from './deps';
import { writableTarget } from './steps/groupTarget';
import { readOrg } from './steps/groupsFile';

/**
 * Where a group goes: one place up or down in the catalog, the place of the group it was dropped
 * on, or a place (0 the top; 'ask' asks for it once the catalog is read).
 */
export type Move = { by: -1 | 1 } | { onto: GroupRef } | { toPlace: number | 'ask' };

/** How many rank changes a preview lists before "and N more". */
const PREVIEW_LINES = 12;

/**
 * Capillary Rewards: Move Up / Move Down in Catalog, and dragging a group row onto another: the
 * catalog's sections reordered. The org is read in full (a reorder must see every section, not
 * the loaded page), the fewest rank changes worked out (catalogOrder.ts), previewed and asked
 * about, then sent by the groups-file engine: each update re-reads its group and is skipped if it
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
  const refuse = (text: string) => void deps.ui.message('warning', text);
  if ('onto' in move) {
    if (move.onto.connectionKey !== connectionKey) {
      return refuse(
        l10n.t(
          "'{0}' cannot move among the groups of another connection: each org has its own catalog. Drop it onto a group of {1}.",
          name,
          connection.label(),
        ),
      );
    }
    if (move.onto.group.id === group.id) return refuse(l10n.t("'{0}' was dropped onto itself: nothing to move.", name));
    if (!move.onto.group.isActive) {
      return refuse(
        l10n.t(
          "'{0}' is inactive, so not a section of the catalog: drop '{1}' onto an active group.",
          shortName(move.onto.group.name),
          name,
        ),
      );
    }
  }
  if (!group.isActive) {
    return refuse(l10n.t("'{0}' is inactive, so not a section of the catalog: activate it first.", name));
  }
  const org = await readOrg(deps, connection);
  if (!org) return;
  if (org.connectionKey !== connectionKey) {
    return refuse(
      l10n.t('{0} is on another cluster now: refresh the Groups view, then move the group again.', connection.label()),
    );
  }
  const sections = catalogSections(org.groups);
  const from = sections.findIndex((section) => section.id === group.id);
  const moved = sections[from];
  const onto =
    'onto' in move
      ? sections.findIndex((section) => section.id === move.onto.group.id)
      : 'toPlace' in move
        ? move.toPlace === 'ask'
          ? moved && (await askPlace(deps, name, from, sections.length, action))
          : move.toPlace
        : from + move.by;
  if (onto === undefined) return deps.ui.status(l10n.t('Nothing was sent to {0}.', connection.label()));
  if (!moved || ('onto' in move && onto < 0)) {
    return refuse(
      l10n.t(
        'The groups of {0} changed since they were listed: refresh the Groups view, then move the group again.',
        connection.label(),
      ),
    );
  }
  if (onto < 0 || onto >= sections.length) {
    deps.ui.status(
      onto < 0
        ? l10n.t("'{0}' is already the first section of the catalog", name)
        : l10n.t("'{0}' is already the last section of the catalog", name),
    );
    return;
  }
  const order = moveSection(sections, moved.id, onto);
  const changes = ranksForOrder(order, moved);
  const where = connection.label();
  const place = l10n.t('place {0} of {1}', onto + 1, sections.length);
  if (changes.length === 0) {
    deps.ui.status(l10n.t("'{0}' already shows at {1}: nothing to change", name, place));
    return;
  }
  const question = connection.spec()?.production
    ? l10n.t("Move '{0}' to {1} in the catalog of the production connection {2}?", name, place, where)
    : l10n.t("Move '{0}' to {1} in the catalog of {2}?", name, place, where);
  const applyAction = changes.length === 1 ? l10n.t('Change 1 Rank') : l10n.t('Change {0} Ranks', changes.length);
  if (!(await deps.ui.confirm(question, describeChanges(changes), applyAction))) {
    deps.ui.status(l10n.t('Nothing was sent to {0}.', where));
    return;
  }
  // The groups-file engine sends it: a file listing the changed groups with their new ranks.
  const plan = planGroups(
    {
      groups: changes.map((change) => ({ name: change.group.name, rank: change.to, offset: 0 })),
      deactivateMissing: false,
    },
    org.groups,
  );
  deps.log.info(`Move of #${group.id} to ${place} on ${connection.logName()}: ${changes.length} rank changes`);
  const result = await deps.ui.withProgress(l10n.t("Moving '{0}' on {1}", name, where), (signal, report) =>
    applyPlan(plan, connection.groups, {
      concurrency: deps.settings.read().applyConcurrency,
      signal,
      connectionKey,
      where,
      origin: connection.spec()?.origin ?? '',
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
  if (result.outcomes.some((outcome) => outcome.kind === 'updated' || outcome.kind === 'failed')) {
    deps.orgChanged?.(connection.id);
  }
  const done = result.outcomes.filter((outcome) => outcome.kind === 'updated').length;
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
