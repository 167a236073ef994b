/** A plan in each form: text (a line per change), JSON (the plan file's fields) and a pull-request comment. */
import * as l10n from '@vscode/l10n';
import { changeLines } from '../groupsFile/confirmation';
import { describeChange, describePlan, type Plan, rankText, writeSteps } from '../groupsFile/plan';
import { escapeMarkdown, type Rendered } from './output';
import type { PlanFile } from './planFile';

/** The marker a sticky pull-request comment is found and replaced by. */
export const PLAN_MARKER = '<!-- capillary-groups:plan -->';

export interface PlanView {
  command: 'plan' | 'show';
  plan: PlanFile;
  /** The same steps as the core's plan, for the core's wording. */
  core: Plan;
  /** How the connection is named. */
  where: string;
  /** Why applying it needs --force (typedConfirmationReasons); empty when it does not. */
  needsForce: string[];
  /** Where the plan file was written (plan --out), or read from (show). */
  planPath?: string;
}

function heading(view: PlanView): string {
  const org = view.plan.orgId === null ? '' : l10n.t(', org {0}', view.plan.orgId);
  return l10n.t('Plan for {0} on {1}{2}', view.plan.file.path, view.where, org);
}

function writesLine(plan: Plan): string {
  return plan.writes === 0
    ? l10n.t('Nothing to change.')
    : plan.writes === 1
      ? l10n.t('1 write.')
      : l10n.t('{0} writes.', plan.writes);
}

function forceLine(view: PlanView): string | undefined {
  return view.needsForce.length === 0
    ? undefined
    : l10n.t('Applying it needs --force: {0}.', view.needsForce.join('; '));
}

/** What kind of change a step is, as the comment's table says it: create, rank, state. */
function changeKind(step: ReturnType<typeof writeSteps>[number]): string {
  if (step.kind === 'create') return l10n.t('create');
  return [
    step.rank !== undefined ? l10n.t('rank') : undefined,
    step.isActive !== undefined ? l10n.t('state') : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
}

export function renderPlan(view: PlanView): Rendered {
  const { core } = view;
  const steps = writeSteps(core);
  return {
    summary: view.command === 'plan',
    text: (paint) => {
      const lines = changeLines(core, Infinity).map((line, index) =>
        steps[index]?.kind === 'create' ? paint.green(`  + ${line}`) : paint.yellow(`  ~ ${line}`),
      );
      const force = forceLine(view);
      return [
        paint.bold(heading(view)),
        describePlan(core.summary),
        ...lines,
        writesLine(core),
        ...(force ? [paint.red(force)] : []),
        ...(view.planPath && view.command === 'plan' ? [l10n.t('Plan written to {0}.', view.planPath)] : []),
      ].join('\n');
    },
    json: () => ({
      command: view.command,
      changes: core.writes > 0,
      needsForce: view.needsForce,
      planFile: view.planPath ?? null,
      plan: view.plan,
    }),
    markdown: () => {
      const rows = steps.map((step) => {
        const name = step.kind === 'create' ? step.entry.name : step.group.name;
        const detail =
          step.kind === 'create'
            ? step.deactivate
              ? l10n.t('rank {0}, inactive', rankText(step.rank))
              : l10n.t('rank {0}', rankText(step.rank))
            : describeChange(step);
        return `| ${changeKind(step)} | ${escapeMarkdown(name)} | ${escapeMarkdown(detail)} |`;
      });
      const force = forceLine(view);
      return [
        PLAN_MARKER,
        `### ${escapeMarkdown(heading(view))}`,
        '',
        `**${escapeMarkdown(describePlan(core.summary))}**. ${writesLine(core)}`,
        ...(force ? ['', `> ${escapeMarkdown(force)}`] : []),
        ...(rows.length > 0 ? ['', l10n.t('| change | group | details |'), '|---|---|---|', ...rows] : []),
        '',
      ].join('\n');
    },
  };
}
