/**
 * What applying a groups file to an org would do, worked out from the file and the org's groups
 * as read: a pure function, so the plan a user reviews is exactly what Apply sends.
 */
import * as l10n from '@vscode/l10n';
import type { Group } from '../api/types';
import { nameKey } from '../foundation/validation';
import { asWritten, exportOrder, type FileGroup, type GroupsFile, type WrittenGroup, writeGroupsFile } from './format';

export type PlanStep =
  /** The org has no group of this name. `deactivate`: the file wants it inactive, which takes a second write. */
  | { kind: 'create'; entry: FileGroup; rank: number | null; deactivate: boolean }
  /**
   * A group whose rank or state differs: only the fields to change are set. `group` is the group
   * as read for the plan; Apply skips the update when the group changed since. Without `entry`,
   * it is a group the file does not list, deactivated because of `deactivateMissing`.
   */
  | { kind: 'update'; group: Group; entry?: FileGroup; rank?: number | null; isActive?: boolean }
  | { kind: 'unchanged'; group: Group; entry: FileGroup }
  /** On the server, not in the file, and left as it is. */
  | { kind: 'serverOnly'; group: Group };

export interface PlanSummary {
  create: number;
  /** Of the groups to create, those the file wants inactive. */
  createInactive: number;
  rankChanges: number;
  activate: number;
  deactivate: number;
  unchanged: number;
  serverOnly: number;
}

export interface Plan {
  /** The file's groups in its order, then the org's other groups in export order. */
  steps: PlanStep[];
  summary: PlanSummary;
  /** Write requests Apply sends when every one succeeds. */
  writes: number;
  /** Groups matched although the file spells their name with another case: Apply never renames. */
  caseDifferences: { entry: FileGroup; group: Group }[];
}

/** Matches the file's groups to the org's by name, ignoring case, and says what each needs. */
export function planGroups(file: GroupsFile, org: readonly Group[]): Plan {
  // Names are unique in an org whatever their case; should a server hold two anyway, the file's
  // entry is matched to the one spelled exactly as it is, else the lowest id, and the other stays
  // on the server only, never changed.
  const byName = new Map<string, Group[]>();
  for (const group of [...org].sort((a, b) => a.id - b.id)) {
    const same = byName.get(nameKey(group.name));
    if (same) same.push(group);
    else byName.set(nameKey(group.name), [group]);
  }
  const matched = new Set<Group>();
  const steps: PlanStep[] = [];
  const caseDifferences: Plan['caseDifferences'] = [];
  for (const entry of file.groups) {
    const same = byName.get(nameKey(entry.name));
    const group = same?.find((candidate) => candidate.name === entry.name) ?? same?.[0];
    if (!group) {
      steps.push({ kind: 'create', entry, rank: entry.rank ?? null, deactivate: entry.isActive === false });
      continue;
    }
    matched.add(group);
    if (group.name !== entry.name) caseDifferences.push({ entry, group });
    const rank = entry.rank !== undefined && entry.rank !== group.rank ? entry.rank : undefined;
    const isActive = entry.isActive !== undefined && entry.isActive !== group.isActive ? entry.isActive : undefined;
    if (rank === undefined && isActive === undefined) steps.push({ kind: 'unchanged', group, entry });
    else {
      steps.push({
        kind: 'update',
        group,
        entry,
        ...(rank !== undefined ? { rank } : {}),
        ...(isActive !== undefined ? { isActive } : {}),
      });
    }
  }
  const listed = new Set(file.groups.map((entry) => nameKey(entry.name)));
  const others = org.filter((group) => !matched.has(group)).sort(exportOrder);
  for (const group of others) {
    if (file.deactivateMissing && group.isActive && !listed.has(nameKey(group.name))) {
      steps.push({ kind: 'update', group, isActive: false });
    } else steps.push({ kind: 'serverOnly', group });
  }
  return { steps, summary: summarize(steps), writes: countWrites(steps), caseDifferences };
}

function summarize(steps: readonly PlanStep[]): PlanSummary {
  const summary: PlanSummary = {
    create: 0,
    createInactive: 0,
    rankChanges: 0,
    activate: 0,
    deactivate: 0,
    unchanged: 0,
    serverOnly: 0,
  };
  for (const step of steps) {
    if (step.kind === 'create') {
      summary.create++;
      if (step.deactivate) summary.createInactive++;
    } else if (step.kind === 'update') {
      if (step.rank !== undefined) summary.rankChanges++;
      if (step.isActive === true) summary.activate++;
      if (step.isActive === false) summary.deactivate++;
    } else if (step.kind === 'unchanged') summary.unchanged++;
    else summary.serverOnly++;
  }
  return summary;
}

function countWrites(steps: readonly PlanStep[]): number {
  return steps.reduce(
    (sum, step) => sum + (step.kind === 'create' ? (step.deactivate ? 2 : 1) : step.kind === 'update' ? 1 : 0),
    0,
  );
}

/**
 * The org as it is, written as a groups file that lines up with `file`: its groups in the file's
 * order with the fields the file sets, then the groups `deactivateMissing` deactivates. Put beside
 * the file in a diff, every changed line is a change the plan makes. The org's other groups are
 * left out (the plan leaves them alone, and they would read as deleted); a comparison of two orgs
 * (`withServerOnly`) shows them, and each org's own spelling of a name.
 */
export function writeOrgLikeFile(plan: Plan, file: GroupsFile, options: { withServerOnly?: boolean } = {}): string {
  const written: WrittenGroup[] = [];
  for (const step of plan.steps) {
    if (step.kind === 'create' || (step.kind === 'serverOnly' && !options.withServerOnly)) continue;
    const { group } = step;
    const entry = step.kind === 'serverOnly' ? undefined : step.entry;
    if (!entry) {
      written.push(asWritten(group));
      continue;
    }
    written.push({
      // For a plan, spelled as the file spells it: apply never renames, so a case-only difference
      // is no change (the plan's message names it).
      name: options.withServerOnly ? group.name : entry.name,
      ...(entry.rank !== undefined ? { rank: group.rank } : {}),
      ...(entry.isActive !== undefined ? { isActive: group.isActive } : {}),
    });
  }
  return writeGroupsFile(written, file.deactivateMissingLeftOut ? undefined : file.deactivateMissing);
}

/** The steps that send something, in plan order. */
export function writeSteps(plan: Plan): Extract<PlanStep, { kind: 'create' | 'update' }>[] {
  return plan.steps.filter(
    (step): step is Extract<PlanStep, { kind: 'create' | 'update' }> =>
      step.kind === 'create' || step.kind === 'update',
  );
}

/** "3 to create, 1 rank change, 2 unchanged": the counts that are not zero, or that nothing changes. */
export function describePlan(summary: PlanSummary): string {
  const parts: string[] = [];
  if (summary.create > 0) {
    parts.push(
      summary.createInactive > 0
        ? l10n.t('{0} to create ({1} inactive)', summary.create, summary.createInactive)
        : l10n.t('{0} to create', summary.create),
    );
  }
  if (summary.rankChanges > 0) {
    parts.push(summary.rankChanges === 1 ? l10n.t('1 rank change') : l10n.t('{0} rank changes', summary.rankChanges));
  }
  if (summary.activate > 0) parts.push(l10n.t('{0} to activate', summary.activate));
  if (summary.deactivate > 0) parts.push(l10n.t('{0} to deactivate', summary.deactivate));
  parts.push(l10n.t('{0} unchanged', summary.unchanged));
  if (summary.serverOnly > 0) parts.push(l10n.t('{0} on the server only', summary.serverOnly));
  return parts.join(', ');
}

/** What changes, field by field, e.g. "rank 3 → 1, deactivate". */
export function describeChange(step: Extract<PlanStep, { kind: 'update' }>): string {
  const parts: string[] = [];
  if (step.rank !== undefined) parts.push(l10n.t('rank {0} → {1}', rankText(step.group.rank), rankText(step.rank)));
  if (step.isActive === true) parts.push(l10n.t('activate'));
  if (step.isActive === false) parts.push(step.entry ? l10n.t('deactivate') : l10n.t('deactivate (not in the file)'));
  return parts.join(', ');
}

export function rankText(rank: number | null): string {
  return rank === null ? l10n.t('none') : String(rank);
}

/** Whether a group read again is no longer the one the plan was made from (someone changed it since). */
export function changedSince(planned: Group, now: Group): boolean {
  return (
    planned.lastUpdatedOn !== now.lastUpdatedOn ||
    planned.name !== now.name ||
    planned.rank !== now.rank ||
    planned.isActive !== now.isActive
  );
}

/**
 * Two orgs compared: `source` written in export order, `target` lined up with it, and a groups
 * file of the source's groups that the target lacks or holds otherwise (applied to the target, it
 * makes those groups match; the target's other groups are left alone).
 */
export function compareOrgs(
  source: readonly Group[],
  target: readonly Group[],
): { plan: Plan; sourceText: string; targetText: string; differenceText: string } {
  const ordered = [...source].sort(exportOrder);
  const file: GroupsFile = {
    groups: ordered.map((group, index) => ({ ...asWritten(group), offset: index })),
    deactivateMissing: false,
  };
  const plan = planGroups(file, target);
  const differing = plan.steps.flatMap((step) =>
    step.kind === 'create' || (step.kind === 'update' && step.entry) ? [step.entry!] : [],
  );
  return {
    plan,
    sourceText: writeGroupsFile(ordered.map(asWritten), false),
    targetText: writeOrgLikeFile(plan, file, { withServerOnly: true }),
    differenceText: writeGroupsFile(
      differing.map(({ name, rank, isActive }) => ({ name, rank, isActive })),
      false,
    ),
  };
}
