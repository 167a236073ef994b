import * as l10n from '@vscode/l10n';
import type { Connection } from '../connections/connections';
import { applyPlan as sendWrites, type ApplyOptions, type ApplyResult, type OutcomeKind } from '../groupsFile/apply';
import type { Plan } from '../groupsFile/plan';
import type { OrgGroups } from './readOrg';

export type OutcomeCounts = Record<OutcomeKind, number>;

export interface AppliedPlan extends ApplyResult {
  /** How many groups ended in each outcome. */
  counts: OutcomeCounts;
  /** Something needs a look (skipped, failed, changed meanwhile, not sent, created otherwise than the file says): a new plan shows what is left. */
  trouble: boolean;
  /** Something was written (or may have been): plans and comparisons made before are stale. */
  wrote: boolean;
}

export type ApplyPlanOptions = Omit<ApplyOptions, 'connectionKey' | 'where' | 'origin' | 'signal'> & {
  signal?: AbortSignal;
};

/**
 * Sends a plan's writes to the org it was planned against (`org`, read through `connection`):
 * bounded concurrency, 429s waited out up to a deadline, every change re-read first, one outcome
 * per group as the server's answers show it. A connection moved to another cluster gets nothing.
 */
export async function applyPlan(
  plan: Plan,
  connection: Connection,
  org: OrgGroups,
  options: ApplyPlanOptions,
): Promise<AppliedPlan> {
  const result = await sendWrites(plan, connection.groups, {
    ...options,
    signal: options.signal ?? new AbortController().signal,
    connectionKey: org.connectionKey,
    where: connection.label(),
    origin: connection.spec()?.origin ?? '',
  });
  const counts = countOutcomes(result);
  const trouble =
    counts.skipped + counts.failed + counts['changed-meanwhile'] + counts['not-sent'] > 0 ||
    result.outcomes.some((outcome) => outcome.incomplete);
  const wrote = counts.created + counts.updated + counts.failed > 0;
  return { ...result, counts, trouble, wrote };
}

function countOutcomes(result: ApplyResult): OutcomeCounts {
  const counts: OutcomeCounts = {
    created: 0,
    updated: 0,
    'changed-meanwhile': 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    'not-sent': 0,
  };
  for (const outcome of result.outcomes) counts[outcome.kind]++;
  return counts;
}

/** Every outcome's count, then the groups left alone: "1 created, 0 updated, …". */
export function describeCounts(counts: OutcomeCounts, leftAlone: number): string {
  const parts = [
    l10n.t('{0} created', counts.created),
    l10n.t('{0} updated', counts.updated),
    l10n.t('{0} unchanged', counts.unchanged),
    l10n.t('{0} skipped', counts.skipped),
    l10n.t('{0} failed', counts.failed),
  ];
  if (counts['changed-meanwhile'] > 0) {
    parts.push(l10n.t('{0} changed by someone else meanwhile', counts['changed-meanwhile']));
  }
  if (counts['not-sent'] > 0) parts.push(l10n.t('{0} not sent', counts['not-sent']));
  if (leftAlone > 0) parts.push(l10n.t('{0} on the server only, left as they are', leftAlone));
  return parts.join(', ');
}

/** Each outcome in a word or two, as a result lists it. */
export const OUTCOME_WORDS: Record<OutcomeKind, () => string> = {
  created: () => l10n.t('created'),
  updated: () => l10n.t('updated'),
  'changed-meanwhile': () => l10n.t('changed meanwhile'),
  unchanged: () => l10n.t('unchanged'),
  skipped: () => l10n.t('skipped'),
  failed: () => l10n.t('failed'),
  'not-sent': () => l10n.t('not sent'),
};
