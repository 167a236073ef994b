import * as l10n from '@vscode/l10n';
import {
  durationText,
  type GroupOutcome,
  type OutcomeKind,
  RATE_LIMIT_EXTEND_SECONDS,
  RATE_LIMIT_WAIT_SECONDS,
} from '../groupsFile/apply';
import { changeLines, typedConfirmationReasons } from '../groupsFile/confirmation';
import { describeChange, type Plan, type PlanStep } from '../groupsFile/plan';
import { shortName } from '../messages/names';
import type { FileRef } from '../ui/port';
import { quoted } from '../foundation/validation';
import type { CommandDeps } from './deps';
import { applyPlan, type AppliedPlan, describeCounts, OUTCOME_WORDS } from '../operations/applyPlan';
import { newestChange, type OrgGroups } from '../operations/readOrg';
import { baselineKey, planFile, safeName } from './steps/groupsFile';

/**
 * Capillary Rewards: Apply Groups File… — makes a connection's org (the one given, else the
 * active one) hold what a groups file says. The org is read and planned first; nothing to change
 * means no write at all. Otherwise a question that names the connection, org and counts, then the
 * writes under "n of N" with Cancel, and a result that gives every group's outcome.
 */
export async function applyGroupsFile(deps: CommandDeps, given?: FileRef, connectionId?: string): Promise<void> {
  const planned = await planFile(deps, l10n.t('Apply Groups File'), given, connectionId);
  if (!planned) return;
  const { file, connection, org, plan, where, fileName, summary } = planned;
  if (plan.writes === 0) {
    deps.log.info(`Apply of ${file.label} to ${connection.logName()}: nothing to change; no write sent`);
    deps.ui.notify(
      'info',
      l10n.t('Nothing to change: {0} already matches {1} ({2}). Nothing was sent.', where, fileName, summary),
    );
    return;
  }
  const changing = plan.steps.filter((step) => step.kind === 'create' || step.kind === 'update').length;
  const writes =
    plan.writes === 1
      ? l10n.t('{0}: 1 write to {1}.', summary, connection.label())
      : changing === plan.writes
        ? l10n.t('{0}: {1} writes to {2}.', summary, plan.writes, connection.label())
        : l10n.t(
            '{0}: {1} groups change in {2} writes to {3} (a group created inactive takes two).',
            summary,
            changing,
            plan.writes,
            connection.label(),
          );
  const baseline = baselineKey(file.uri, org.connectionKey);
  const undone = undoneChanges(plan, deps.baselines.get(baseline));
  // What a reviewer of the file may not expect comes first: the quick pick cuts a long line.
  const unlisted = plan.steps.filter((step) => step.kind === 'update' && !step.entry).length;
  const notes = [
    connection.spec()?.production ? l10n.t('{0} is marked "production".', connection.label()) : undefined,
    unlisted === 0
      ? undefined
      : unlisted === 1
        ? l10n.t('1 group the file does not list will be deactivated ("deactivateMissing").')
        : l10n.t('{0} groups the file does not list will be deactivated ("deactivateMissing").', unlisted),
    deps.files.unsaved(file.uri) ? l10n.t('The file has unsaved changes: they are what is applied.') : undefined,
  ].filter((note): note is string => note !== undefined);
  const question = l10n.t('Apply {0} to {1}?', fileName, where);
  const confirmed = await deps.ui.confirm(
    question,
    { warnings: undone, sentence: [...notes, writes].join(' '), lines: changeLines(plan) },
    l10n.t('Apply'),
  );
  if (!confirmed || !(await typedConfirmation(deps, plan, org, connection.displayName()))) {
    deps.ui.status(l10n.t('Nothing was sent to {0}.', connection.label()));
    return;
  }
  const started = Date.now();
  deps.log.info(
    `Apply of ${file.label} to ${connection.logName()}: ${plan.writes} writes, concurrency ${deps.settings.read().applyConcurrency}`,
  );
  let progress = l10n.t('{0} of {1}', 0, changing);
  const waitSeconds = deps.rateLimitWait?.seconds ?? RATE_LIMIT_WAIT_SECONDS;
  const extendSeconds = deps.rateLimitWait?.extendSeconds ?? RATE_LIMIT_EXTEND_SECONDS;
  const result = await deps.ui.withProgress(l10n.t('Applying {0} to {1}', fileName, where), (signal, report) => {
    report(progress);
    return applyPlan(plan, connection, org, {
      concurrency: deps.settings.read().applyConcurrency,
      signal,
      words: deps.words,
      onProgress: (done, total) => report((progress = l10n.t('{0} of {1}', done, total))),
      // Said, or the count would seem stuck for a minute; and when the apply will stop to ask.
      onRateLimited: (seconds, allowed) =>
        report(
          l10n.t(
            '{0} · waiting {1} s: the cluster limits how fast it is sent to (429); asks after {2} of waiting in all',
            progress,
            seconds,
            durationText(allowed),
          ),
        ),
      rateLimitWaitSeconds: waitSeconds,
      onRateLimitDeadline: async ({ waitedSeconds, done, total }) => {
        const keepWaiting =
          extendSeconds === 60
            ? l10n.t('Keep Waiting 1 More Minute')
            : extendSeconds % 60 === 0
              ? l10n.t('Keep Waiting {0} More Minutes', extendSeconds / 60)
              : l10n.t('Keep Waiting {0} More Seconds', extendSeconds);
        const stop = l10n.t('Stop');
        deps.log.info(
          `Apply to ${connection.logName()}: still rate-limited (429) after ${waitedSeconds} s of waiting; asking whether to wait longer`,
        );
        const choice = await deps.ui.ask(
          l10n.t(
            'Capillary is still rate-limiting {0}: this apply has waited {1} for it (HTTP 429).',
            connection.label(),
            durationText(waitedSeconds),
          ),
          l10n.t(
            '{0} of {1} groups are done. Stop leaves the other {2} not sent; a new plan shows them.',
            done,
            total,
            total - done,
          ),
          [keepWaiting, stop],
        );
        deps.log.info(
          `Apply to ${connection.logName()}: ${choice === keepWaiting ? `waiting ${extendSeconds} s more for the rate limit` : 'stopped waiting for the rate limit'}`,
        );
        return choice === keepWaiting ? extendSeconds : undefined;
      },
      onOutcome: (outcome) => {
        if (outcome.kind !== 'unchanged') {
          deps.log.info(
            `Apply to ${connection.logName()}: ${outcome.kind} '${outcome.name}'${outcome.id ? ` #${outcome.id}` : ''}: ${outcome.detail}`,
          );
        }
      },
    });
  });
  if (result.wrote) deps.orgChanged?.(connection.id);
  // What the org holds now is what the file was applied to: a change after this one is someone else's.
  deps.baselines.set(
    baseline,
    Math.max(
      newestChange(org.groups),
      newestChange(result.outcomes.flatMap((outcome) => (outcome.group ? [outcome.group] : []))),
    ),
  );
  const { counts, trouble } = result;
  const line = describeCounts(counts, result.leftAlone);
  deps.log.info(
    `Apply of ${file.label} to ${connection.logName()} ended${result.cancelled ? ' (cancelled)' : ''}: ${JSON.stringify(counts)}`,
  );
  const report = writeReport(fileName, where, result, line, new Date(started));
  const reportName = `apply/${safeName(connection.displayName())}-${stamp(new Date(started))}.md`;
  const showReport = { label: l10n.t('Show Result'), run: () => deps.ui.openMarkdown(reportName, report) };
  const planAgain = {
    label: l10n.t('Plan Again'),
    run: () => deps.planGroupsFile?.(file, connection.id) ?? Promise.resolve(),
  };
  if (deps.list.get(org.connectionKey)) void deps.list.refresh(org.connectionKey).catch(() => undefined);
  const ending = result.cancelled
    ? l10n.t('Cancelled: {0}. Plan again to see what remains.', line)
    : result.rateLimitStopped
      ? l10n.t('Stopped waiting for the rate limit: {0}. Plan again to see what remains.', line)
      : trouble
        ? l10n.t('Applied with problems: {0}. Plan again to see what remains.', line)
        : l10n.t('Applied: {0}.', line);
  await deps.ui.openMarkdown(reportName, report);
  const followUps = (trouble || result.cancelled) && deps.planGroupsFile ? [showReport, planAgain] : [showReport];
  deps.ui.notify(
    trouble || result.cancelled ? 'warning' : 'info',
    l10n.t('{0} → {1}. {2}', fileName, where, ending),
    ...followUps,
  );
}

/**
 * The groups changed on the server after the file was last exported, planned or applied here
 * (`since`, the server's clock) that this plan sets back, a row each: said first, since a
 * colleague's Move Up or a change made in the console would be undone without anyone deciding so.
 */
function undoneChanges(plan: Plan, since: number | undefined): string[] {
  if (since === undefined) return [];
  const undone = plan.steps.filter(
    (step): step is UpdateStep =>
      step.kind === 'update' && step.entry !== undefined && step.group.lastUpdatedOn > since,
  );
  const rows = undone
    .slice(0, 3)
    .map((step) =>
      l10n.t(
        "'{0}' ({1}) sets back a server change made since the last export or plan",
        shortName(step.group.name),
        describeChange(step),
      ),
    );
  const more = undone.length - 3;
  if (more === 1) rows.push(l10n.t('1 more group changed on the server since then is set back'));
  else if (more > 1) rows.push(l10n.t('{0} more groups changed on the server since then are set back', more));
  return rows;
}

/**
 * A change at scale (many creates, a large share of the org deactivated) is sent only once the
 * user has typed the org's connection name (or its id): one click is too little for it.
 */
async function typedConfirmation(deps: CommandDeps, plan: Plan, org: OrgGroups, name: string): Promise<boolean> {
  const reasons = typedConfirmationReasons(plan, org.groups.length);
  if (reasons.length === 0) return true;
  const accepted = [name, ...(org.orgId === undefined ? [] : [String(org.orgId)])];
  const typed = await deps.ui.input({
    title: l10n.t('Apply Groups File'),
    prompt:
      org.orgId === undefined
        ? l10n.t('{0}. To apply, type {1}.', reasons.join('; '), quoted(name))
        : l10n.t('{0}. To apply, type {1} (or the org id, {2}).', reasons.join('; '), quoted(name), org.orgId),
    placeholder: name,
    validate: (value) =>
      accepted.includes(value.trim())
        ? undefined
        : l10n.t('Type {0} exactly to apply; Escape sends nothing.', quoted(name)),
  });
  return typed !== undefined && accepted.includes(typed.trim());
}

type UpdateStep = Extract<PlanStep, { kind: 'update' }>;

/** What needs a look first: failures, then what someone else changed meanwhile, then skips, then what was not sent, then the changes, then the rest. */
const KIND_ORDER: OutcomeKind[] = [
  'failed',
  'changed-meanwhile',
  'skipped',
  'not-sent',
  'created',
  'updated',
  'unchanged',
];

/** The result as a Markdown document: the counts, then one row per group. */
function writeReport(fileName: string, where: string, result: AppliedPlan, line: string, started: Date): string {
  const cell = (text: string) =>
    text
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/[\r\n]+/g, ' ');
  const rows = [...result.outcomes]
    .map((outcome, index) => ({ outcome, index }))
    .sort((a, b) => KIND_ORDER.indexOf(a.outcome.kind) - KIND_ORDER.indexOf(b.outcome.kind) || a.index - b.index)
    .map(
      ({ outcome }: { outcome: GroupOutcome }) =>
        `| ${OUTCOME_WORDS[outcome.kind]()} | ${cell(outcome.name)} | ${outcome.id ?? ''} | ${cell(outcome.detail)} |`,
    );
  return [
    `# ${l10n.t('Apply {0} to {1}', fileName, where)}`,
    '',
    l10n.t('Started {0}.', started.toLocaleString()) + (result.cancelled ? ` ${l10n.t('Cancelled.')}` : ''),
    '',
    `**${line}**`,
    '',
    `| ${l10n.t('Outcome')} | ${l10n.t('Group')} | ${l10n.t('ID')} | ${l10n.t('What happened')} |`,
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
}
