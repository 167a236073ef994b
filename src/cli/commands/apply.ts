/**
 * `capillary-groups apply FILE|PLAN [--yes] [--force]`: a groups file planned, then applied (asked
 * on a terminal, else only with --yes); or a plan file's exact steps, after re-reading the org and
 * refusing (exit 3) when anything it pinned changed. Every rule of the apply is the core's.
 */
import * as readline from 'readline';
import * as l10n from '@vscode/l10n';
import { typedConfirmationReasons } from '../../groupsFile/confirmation';
import type { Plan } from '../../groupsFile/plan';
import { commandLineWords } from '../../node/commandLineWords';
import { applyPlan } from '../../operations/applyPlan';
import { planRead } from '../../operations/planFile';
import { readOrg, type OrgGroups } from '../../operations/readOrg';
import type { Options } from '../args';
import { renderApplied } from '../applyOutput';
import { outcomeLine } from '../applyOutput';
import {
  asCliError,
  chooseConnection,
  type CliContext,
  planConnection,
  type Target,
  talking,
  usingConnections,
} from '../connection';
import { CliError, ExitCode } from '../exitCodes';
import { checkedGroupsFile, readInput, type ReadFile } from '../groupsFile';
import type { CommandResult } from '../output';
import { checkFilePin, checkOrgPins, isPlanFile, type PlanFile, readPlanFile, toCorePlan } from '../planFile';

export function applyCommand(operands: readonly string[], options: Options, ctx: CliContext): Promise<CommandResult> {
  const input = readInput(operands[0]!, ctx.cwd);
  const parsed = parseJson(input.text);
  return isPlanFile(parsed)
    ? applyPlanFile(readPlanFile(parsed, input.path), input, options, ctx)
    : applyGroupsFile(input, options, ctx);
}

/** The text as JSON, or undefined (a groups file may hold comments: the core's reader says what is wrong). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function applyGroupsFile(input: ReadFile, options: Options, ctx: CliContext): Promise<CommandResult> {
  const file = checkedGroupsFile(input);
  // Refused before anything is sent: no one could answer the question.
  if (!options.yes && !ctx.stdinIsTTY) {
    throw new CliError(
      ExitCode.error,
      l10n.t('Nothing was sent: applying {0} needs --yes when stdin is not a terminal.', input.path),
    );
  }
  return usingConnections(ctx, chooseConnection(options, ctx), async ([target]) => {
    const { plan, org } = await talking(target!, readingWhat(target!), () =>
      planRead(file, target!.connection, { signal: ctx.signal }),
    );
    if (plan.writes === 0) return nothingToChange(input, target!, org, 'file');
    refuseAtScale(plan, org, options);
    if (!options.yes) await confirm(plan, target!);
    return send(plan, org, target!, input, 'file', ctx);
  });
}

function applyPlanFile(plan: PlanFile, input: ReadFile, options: Options, ctx: CliContext): Promise<CommandResult> {
  checkFilePin(plan, ctx.cwd);
  return usingConnections(ctx, planConnection(options, ctx, plan), async ([target]) => {
    const org = await talking(target!, readingWhat(target!), () => readOrg(target!.connection, { signal: ctx.signal }));
    checkOrgPins(plan, org);
    const byId = new Map(org.groups.map((group) => [group.id, group]));
    const core = toCorePlan(plan, (step) => byId.get(step.id)!);
    if (core.writes === 0) return nothingToChange(input, target!, org, 'plan');
    refuseAtScale(core, org, options);
    return send(core, org, target!, input, 'plan', ctx);
  });
}

function readingWhat(target: Target): string {
  return l10n.t('read the groups of {0}', target.label);
}

/** A change at scale is sent only with --force (the editor has the org's name typed): exit 4, nothing sent. */
function refuseAtScale(plan: Plan, org: OrgGroups, options: Options): void {
  const reasons = typedConfirmationReasons(plan, org.groups.length);
  if (reasons.length > 0 && !options.force) {
    throw new CliError(
      ExitCode.needsForce,
      l10n.t('{0}: nothing was sent. Give --force to apply a change at this scale.', reasons.join('; ')),
    );
  }
}

/** Asked on a terminal (without one, --yes was required up front): anything but yes sends nothing. */
async function confirm(plan: Plan, target: Target): Promise<void> {
  const changes = plan.steps.filter((step) => step.kind === 'create' || step.kind === 'update').length;
  const question = l10n.t('Apply {0} changes to {1}? [y/N] ', changes, target.label);
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => {
    prompt.question(question, resolve);
    prompt.on('close', () => resolve(''));
  });
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError(ExitCode.error, l10n.t('Nothing was sent.'));
}

async function send(
  plan: Plan,
  org: OrgGroups,
  target: Target,
  input: ReadFile,
  source: 'file' | 'plan',
  ctx: CliContext,
): Promise<CommandResult> {
  const applied = await talking(target, l10n.t('apply {0}', input.path), () =>
    applyPlan(plan, target.connection, org, {
      concurrency: target.concurrency,
      signal: ctx.signal,
      words: commandLineWords,
      onOutcome: (outcome) => ctx.output.note(outcomeLine(outcome)),
      onRateLimited: (seconds) => ctx.output.note(l10n.t('rate-limited (HTTP 429): waiting {0} s', seconds)),
    }),
  );
  const stoppedBy =
    applied.stoppedBy === undefined
      ? undefined
      : asCliError(applied.stoppedBy, target, l10n.t('apply {0}', input.path));
  const failed = applied.trouble || applied.cancelled || stoppedBy !== undefined;
  return {
    exitCode:
      stoppedBy?.exitCode === ExitCode.signInRefused ? ExitCode.signInRefused : failed ? ExitCode.error : ExitCode.ok,
    rendered: renderApplied({
      source,
      path: input.path,
      where: target.label,
      orgId: org.orgId ?? null,
      applied,
      ...(stoppedBy ? { stoppedBy: stoppedBy.message } : {}),
    }),
  };
}

function nothingToChange(input: ReadFile, target: Target, org: OrgGroups, source: 'file' | 'plan'): CommandResult {
  return {
    exitCode: ExitCode.ok,
    rendered: renderApplied({ source, path: input.path, where: target.label, orgId: org.orgId ?? null }),
  };
}
