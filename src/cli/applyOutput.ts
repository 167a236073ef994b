/** An apply's result in each form: the counts, then every group that did not stay as it was, with its outcome. */
import * as l10n from '@vscode/l10n';
import type { GroupOutcome, OutcomeKind } from '../groupsFile/apply';
import { type AppliedPlan, describeCounts, OUTCOME_WORDS } from '../operations/applyPlan';
import { escapeMarkdown, type Paint, type Rendered } from './output';

export interface ApplyView {
  source: 'file' | 'plan';
  /** The groups file, or the plan file, as named on the command line. */
  path: string;
  where: string;
  orgId: number | null;
  /** Undefined when there was nothing to change (nothing was sent). */
  applied?: AppliedPlan;
  /** Why it stopped early, as a sentence. */
  stoppedBy?: string;
}

/** One outcome, as stderr says it while the apply runs and the result lists it. */
export function outcomeLine(outcome: GroupOutcome): string {
  const id = outcome.id === undefined ? '' : ` #${outcome.id}`;
  return `${OUTCOME_WORDS[outcome.kind]()} '${outcome.name}'${id}: ${outcome.detail}`;
}

function colour(paint: Paint, kind: OutcomeKind): (text: string) => string {
  if (kind === 'created' || kind === 'updated') return paint.green;
  if (kind === 'failed' || kind === 'changed-meanwhile') return paint.red;
  return paint.yellow;
}

function ending(view: ApplyView): string {
  const { applied } = view;
  if (!applied) return l10n.t('Nothing to change: {0} already matches {1}. Nothing was sent.', view.where, view.path);
  const counts = describeCounts(applied.counts, applied.leftAlone);
  if (applied.cancelled) return l10n.t('Interrupted: {0}. Plan again to see what remains.', counts);
  if (view.stoppedBy) return l10n.t('Stopped: {0}. {1} Plan again to see what remains.', counts, view.stoppedBy);
  if (applied.trouble) return l10n.t('Applied with problems: {0}. Plan again to see what remains.', counts);
  return l10n.t('Applied: {0}.', counts);
}

function heading(view: ApplyView): string {
  const org = view.orgId === null ? '' : l10n.t(', org {0}', view.orgId);
  return l10n.t('Apply of {0} to {1}{2}', view.path, view.where, org);
}

export function renderApplied(view: ApplyView): Rendered {
  const shown = (view.applied?.outcomes ?? []).filter((outcome) => outcome.kind !== 'unchanged');
  return {
    summary: true,
    text: (paint) =>
      [
        paint.bold(heading(view)),
        ...shown.map((outcome) => colour(paint, outcome.kind)(`  ${outcomeLine(outcome)}`)),
        ending(view),
      ].join('\n'),
    json: () => ({
      command: 'apply',
      source: view.source,
      file: view.path,
      orgId: view.orgId,
      changes: view.applied !== undefined,
      cancelled: view.applied?.cancelled ?? false,
      trouble: view.applied?.trouble ?? false,
      stoppedBy: view.stoppedBy ?? null,
      counts: view.applied?.counts ?? null,
      leftAlone: view.applied?.leftAlone ?? null,
      outcomes: shown.map(({ kind, name, id, detail }) => ({ kind, name, id: id ?? null, detail })),
    }),
    markdown: () =>
      [
        `### ${escapeMarkdown(heading(view))}`,
        '',
        `**${escapeMarkdown(ending(view))}**`,
        ...(shown.length > 0
          ? [
              '',
              l10n.t('| outcome | group | details |'),
              '|---|---|---|',
              ...shown.map(
                (outcome) =>
                  `| ${OUTCOME_WORDS[outcome.kind]()} | ${escapeMarkdown(outcome.name)}${outcome.id === undefined ? '' : ` \\#${outcome.id}`} | ${escapeMarkdown(outcome.detail)} |`,
              ),
            ]
          : []),
        '',
      ].join('\n'),
  };
}
