/**
 * The plan file (`plan FILE --out PLAN`): what a plan will send, and what it pinned (the org, each
 * touched group's id and lastUpdatedOn, the groups file's SHA-256), so that `apply PLAN` sends
 * exactly those steps or refuses (exit 3) when any of it changed. Never a secret.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import type { Group } from '../api/types';
import { nameKey } from '../foundation/validation';
import type { ConnectionSpec } from '../foundation/settings';
import { changedSince, type Plan, type PlanStep, type PlanSummary, writeSteps } from '../groupsFile/plan';
import { shortName } from '../messages/names';
import { serverTime } from '../messages/failures';
import type { OrgGroups } from '../operations/readOrg';
import { COMMAND_LINE } from '../node/commandLineWords';
import { CliError, ExitCode } from './exitCodes';
import { TOOL_VERSION } from './version';

export const PLAN_KIND = 'capillary-groups-plan';

/** A group's rank and state. */
export interface GroupState {
  rank: number | null;
  isActive: boolean;
}

export type PlanFileStep =
  | { kind: 'create'; name: string; after: GroupState }
  | {
      kind: 'update';
      id: number;
      name: string;
      /** The group as the plan read it: apply refuses when it is no longer so. */
      lastUpdatedOn: number;
      /** False for a group the file does not list, deactivated by "deactivateMissing". */
      inFile: boolean;
      before: GroupState;
      after: Partial<GroupState>;
    };

export interface PlanFile {
  formatVersion: 1;
  kind: typeof PLAN_KIND;
  toolVersion: string;
  host: string;
  apiPrefix: string;
  authMethod: ConnectionSpec['authMethod'];
  connection?: string;
  orgId: number | null;
  file: { path: string; sha256: string };
  createdAt: string;
  /** How many groups the org held: the share a deactivation is of it (the --force threshold). */
  orgGroups: number;
  summary: PlanSummary;
  writes: number;
  steps: PlanFileStep[];
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The plan as a plan file holds it: its write steps with what each pinned. */
export function toPlanFile(
  plan: Plan,
  org: OrgGroups,
  spec: ConnectionSpec,
  file: { path: string; bytes: Buffer },
  cwd: string,
  now: Date,
): PlanFile {
  const steps = writeSteps(plan).map((step): PlanFileStep => {
    if (step.kind === 'create') {
      return { kind: 'create', name: step.entry.name, after: { rank: step.rank, isActive: !step.deactivate } };
    }
    const { group } = step;
    return {
      kind: 'update',
      id: group.id,
      name: group.name,
      lastUpdatedOn: group.lastUpdatedOn,
      inFile: step.entry !== undefined,
      before: { rank: group.rank, isActive: group.isActive },
      after: {
        ...(step.rank !== undefined ? { rank: step.rank } : {}),
        ...(step.isActive !== undefined ? { isActive: step.isActive } : {}),
      },
    };
  });
  return {
    formatVersion: 1,
    kind: PLAN_KIND,
    toolVersion: TOOL_VERSION,
    host: spec.origin,
    apiPrefix: spec.apiPrefix,
    authMethod: spec.authMethod,
    ...(spec.name ? { connection: spec.name } : {}),
    orgId: org.orgId ?? null,
    file: {
      path: path.relative(cwd, path.resolve(cwd, file.path)).split(path.sep).join('/'),
      sha256: sha256(file.bytes),
    },
    createdAt: now.toISOString(),
    orgGroups: org.groups.length,
    summary: plan.summary,
    writes: plan.writes,
    steps,
  };
}

export function isPlanFile(parsed: unknown): boolean {
  return typeof parsed === 'object' && parsed !== null && (parsed as { kind?: unknown }).kind === PLAN_KIND;
}

/** A plan file read and checked: its shape, and that this version wrote it (another version's is refused, exit 1). */
export function readPlanFile(parsed: unknown, where: string): PlanFile {
  const fail = (what: string) =>
    new CliError(ExitCode.error, l10n.t('{0} is not a plan {1} can use: {2}.', where, COMMAND_LINE, what));
  if (!isPlanFile(parsed)) throw fail(l10n.t('"kind" is not "{0}"', PLAN_KIND));
  const plan = parsed as Record<string, unknown>;
  if (plan.formatVersion !== 1) throw fail(l10n.t('"formatVersion" is not 1'));
  if (plan.toolVersion !== TOOL_VERSION) {
    throw new CliError(
      ExitCode.error,
      l10n.t(
        '{0} was made by {1} {2}, and this is {3}: plan again with this version.',
        where,
        COMMAND_LINE,
        String(plan.toolVersion),
        TOOL_VERSION,
      ),
    );
  }
  const strings = ['host', 'apiPrefix', 'authMethod', 'createdAt'] as const;
  for (const key of strings) if (typeof plan[key] !== 'string') throw fail(l10n.t('"{0}" is missing', key));
  if (plan.authMethod !== 'basic' && plan.authMethod !== 'oauth') {
    throw fail(l10n.t('"authMethod" is not basic or oauth'));
  }
  if (plan.connection !== undefined && typeof plan.connection !== 'string') {
    throw fail(l10n.t('"connection" is not text'));
  }
  if (plan.orgId !== null && typeof plan.orgId !== 'number') throw fail(l10n.t('"orgId" is missing'));
  const file = plan.file as { path?: unknown; sha256?: unknown } | undefined;
  if (typeof file?.path !== 'string' || typeof file.sha256 !== 'string') throw fail(l10n.t('"file" is missing'));
  if (
    typeof plan.summary !== 'object' ||
    plan.summary === null ||
    typeof plan.writes !== 'number' ||
    typeof plan.orgGroups !== 'number'
  ) {
    throw fail(l10n.t('"summary" is missing'));
  }
  if (!Array.isArray(plan.steps) || !plan.steps.every(isStep)) throw fail(l10n.t('a step is not one it writes'));
  return parsed as PlanFile;
}

const isRank = (rank: unknown) => rank === null || Number.isInteger(rank);

function isStep(step: unknown): step is PlanFileStep {
  if (typeof step !== 'object' || step === null) return false;
  const s = step as Record<string, unknown>;
  const after = s.after as Record<string, unknown> | undefined;
  if (typeof s.name !== 'string' || typeof after !== 'object' || after === null) return false;
  if (s.kind === 'create') return isRank(after.rank) && typeof after.isActive === 'boolean';
  const before = s.before as Record<string, unknown> | undefined;
  return (
    s.kind === 'update' &&
    Number.isInteger(s.id) &&
    typeof s.lastUpdatedOn === 'number' &&
    typeof s.inFile === 'boolean' &&
    typeof before === 'object' &&
    before !== null &&
    isRank(before.rank) &&
    typeof before.isActive === 'boolean' &&
    (after.rank === undefined || isRank(after.rank)) &&
    (after.isActive === undefined || typeof after.isActive === 'boolean')
  );
}

/** The groups file at the plan's path still has the plan's SHA-256; else the plan is stale (exit 3). */
export function checkFilePin(plan: PlanFile, cwd: string): void {
  const where = path.resolve(cwd, plan.file.path);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(where);
  } catch {
    throw new CliError(ExitCode.stale, staleSentence(), [l10n.t('{0} is not there any more.', plan.file.path)]);
  }
  if (sha256(bytes) !== plan.file.sha256) {
    throw new CliError(ExitCode.stale, staleSentence(), [
      l10n.t('{0} changed since the plan was made.', plan.file.path),
    ]);
  }
}

function staleSentence(): string {
  return l10n.t('The plan is stale: nothing was sent. Plan again with {0} plan.', COMMAND_LINE);
}

/** What changed in the org since the plan pinned it (exit 3), or nothing. */
export function checkOrgPins(plan: PlanFile, org: OrgGroups): void {
  const problems: string[] = [];
  if (plan.orgId !== null && org.orgId !== plan.orgId) {
    problems.push(
      org.orgId === undefined
        ? // No group to tell the org by: not shown to be the plan's, so nothing is sent to it.
          l10n.t('The connection now reaches an org with no groups; the plan was made for org {0}.', plan.orgId)
        : l10n.t('The connection now reaches org {0}; the plan was made for org {1}.', org.orgId, plan.orgId),
    );
  }
  const byId = new Map(org.groups.map((group) => [group.id, group]));
  const names = new Map(org.groups.map((group) => [nameKey(group.name), group]));
  for (const step of plan.steps) {
    if (step.kind === 'create') {
      const existing = names.get(nameKey(step.name));
      if (existing) {
        problems.push(l10n.t("'{0}' exists now (#{1}): the plan would create it.", shortName(step.name), existing.id));
      }
      continue;
    }
    const now = byId.get(step.id);
    if (!now) {
      problems.push(l10n.t("'{0}' (#{1}) is no longer in the org.", shortName(step.name), step.id));
    } else if (changedSince(pinnedGroup(step, plan.orgId), now)) {
      problems.push(
        l10n.t(
          "'{0}' (#{1}) changed since the plan: last changed by user {2} at {3}.",
          shortName(step.name),
          step.id,
          now.lastUpdatedBy,
          serverTime(now.lastUpdatedOn),
        ),
      );
    }
  }
  if (problems.length > 0) throw new CliError(ExitCode.stale, staleSentence(), problems);
}

/**
 * The plan file's steps as the core's plan, each update on `groupOf(step)` (the group as re-read,
 * checked against the pins; or, to show it, the group as pinned), for the core's apply and wording.
 */
export function toCorePlan(plan: PlanFile, groupOf: (step: Extract<PlanFileStep, { kind: 'update' }>) => Group): Plan {
  const steps = plan.steps.map((step): PlanStep => {
    if (step.kind === 'create') {
      return {
        kind: 'create',
        entry: { name: step.name, rank: step.after.rank, isActive: step.after.isActive, offset: 0 },
        rank: step.after.rank,
        deactivate: !step.after.isActive,
      };
    }
    return {
      kind: 'update',
      group: groupOf(step),
      ...(step.inFile ? { entry: { name: step.name, ...step.after, offset: 0 } } : {}),
      ...step.after,
    };
  });
  return { steps, summary: plan.summary, writes: plan.writes, caseDifferences: [] };
}

/** A group as the plan pinned it, for showing the plan without reading the org. */
export function pinnedGroup(step: Extract<PlanFileStep, { kind: 'update' }>, orgId: number | null): Group {
  const at = new Date(step.lastUpdatedOn).toISOString();
  return {
    id: step.id,
    orgId: orgId ?? 0,
    name: step.name,
    ...step.before,
    createdBy: 0,
    createdOn: 0,
    createdOnDateTime: new Date(0).toISOString(),
    lastUpdatedBy: 0,
    lastUpdatedOn: step.lastUpdatedOn,
    lastUpdatedOnDateTime: at,
  };
}
