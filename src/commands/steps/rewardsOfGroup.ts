import * as l10n from '@vscode/l10n';
import type { Group } from '../../api/types';
import { countRewards, type RewardCount } from '../../groups/groupRewards';
import { describeFailure } from '../../messages/failures';
import { shortName } from '../../messages/names';
import { originOfKey } from '../../foundation/settings';
import type { Connection } from '../../connections/connections';
import { rankText, type Plan, type PlanStep } from '../../groupsFile/plan';
import type { CommandDeps } from '../deps';

export type RewardsCheck = { ok: true; count: RewardCount; otherCase: number } | { ok: false; reason: string };

/**
 * Reads every reward of every brand that names the group again now (what an expanded Rewards row
 * showed may be old), under a progress notification with Cancel: what a rename or a deactivate
 * states before it asks. Undefined when cancelled.
 */
export async function checkRewardsOf(
  deps: CommandDeps,
  connection: Connection,
  connectionKey: string,
  group: Group,
): Promise<RewardsCheck | undefined> {
  const name = shortName(group.name);
  const failed = (error: unknown): RewardsCheck | undefined => {
    const failure = describeFailure(
      error,
      {
        origin: originOfKey(connectionKey),
        where: connection.label(),
        doing: l10n.t('read the brands of org {0}', group.orgId),
      },
      deps.words,
    );
    // No sentence: it was cancelled.
    return failure && { ok: false, reason: failure.message };
  };
  try {
    const snapshot = await deps.ui.withProgress(
      l10n.t("Checking which rewards name '{0}' on {1}…", name, connection.label()),
      (signal, report) =>
        deps.rewards.loadAll(connectionKey, group, signal, (read, counted) =>
          report(l10n.t('{0} of {1} rewards', read.toLocaleString('en-US'), counted.toLocaleString('en-US'))),
        ),
    );
    if (snapshot.brandsError) return failed(snapshot.brandsError);
    const otherCase = (snapshot.brands ?? []).reduce((sum, entry) => sum + entry.otherCase.length, 0);
    return { ok: true, count: countRewards(snapshot), otherCase };
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') {
      deps.log.info(
        `Reading which rewards name '${group.name}' on ${connection.logName()} was cancelled; nothing was asked or sent`,
      );
      return undefined;
    }
    return failed(error);
  }
}

/** "3 rewards in 2 brands name 'VIP Gold' (BUKL: 2, BUKL Kids: 1)", with what could not be read. */
export function describeRewardsCheck(check: RewardsCheck, group: Group, only?: 'live', withBrands = true): string {
  const name = shortName(group.name);
  if (!check.ok) return l10n.t("Which rewards name '{0}' could not be read: {1}", name, check.reason);
  const { count } = check;
  const brands = count.byBrand.filter((entry) => (only === 'live' ? entry.live : entry.count) > 0);
  const list = brandList(check, only);
  const total = only === 'live' ? count.live : count.total;
  const atLeast = count.failedBrands.length > 0 || count.brandsInOrg !== undefined || count.stopped !== undefined;
  const sentence =
    total === 0
      ? only === 'live'
        ? l10n.t("No LIVE reward is in '{0}'.", name)
        : l10n.t("No reward names '{0}'.", name)
      : only === 'live'
        ? atLeast
          ? l10n.t("At least {0} LIVE reward(s) are in '{1}'", total.toLocaleString('en-US'), name)
          : l10n.t("{0} LIVE reward(s) are in '{1}'", total.toLocaleString('en-US'), name)
        : atLeast
          ? l10n.t(
              "At least {0} reward(s) in {1} brand(s) name '{2}'",
              total.toLocaleString('en-US'),
              brands.length,
              name,
            )
          : l10n.t("{0} reward(s) in {1} brand(s) name '{2}'", total.toLocaleString('en-US'), brands.length, name);
  const failed =
    count.failedBrands.length > 0
      ? ` ${l10n.t('The rewards of {0} could not be read.', count.failedBrands.map((brand) => brand.name).join(', '))}`
      : '';
  const brandsPart = total > 0 && withBrands ? ` (${list})` : '';
  const notRead =
    count.brandsInOrg === undefined
      ? ''
      : ` ${l10n.t('The org has {0} brands: the rewards of the first {1} were read.', count.brandsInOrg, count.byBrand.length)}`;
  return `${sentence}${total > 0 ? `${brandsPart}.` : ''}${failed}${notRead}${count.stopped ? ` ${describeStop(count.stopped)}` : ''}`;
}

/** Why a reading of every reward page stopped before the end. */
function describeStop(stop: { read: number; firstCounted: number; lastCounted: number }): string {
  const read = stop.read.toLocaleString('en-US');
  return stop.lastCounted > stop.firstCounted
    ? l10n.t(
        'Stopped reading after {0} rewards: the server kept reporting more (totalElements grew from {1} to {2}).',
        read,
        stop.firstCounted.toLocaleString('en-US'),
        stop.lastCounted.toLocaleString('en-US'),
      )
    : l10n.t(
        'Stopped reading after {0} rewards of the {1} the server counts.',
        read,
        stop.lastCounted.toLocaleString('en-US'),
      );
}

/** "BUKL: 3, BUKL Kids: 1": the brands whose rewards name the group (or hold LIVE ones), with their counts. */
export function brandList(check: RewardsCheck, only?: 'live'): string {
  if (!check.ok) return '';
  return check.count.byBrand
    .filter((entry) => (only === 'live' ? entry.live : entry.count) > 0)
    .map((entry) => `${entry.brand.name}: ${(only === 'live' ? entry.live : entry.count).toLocaleString('en-US')}`)
    .join(', ');
}

/** At most this many changing groups get their rewards counted in a plan: each takes a read per brand. */
export const PLAN_REWARD_CHECKS = 25;

/**
 * How many rewards the plan's rank changes and deactivations affect: a rank change moves its
 * section (with every reward in it) in the catalog, a deactivation hides the section's LIVE
 * rewards. Undefined when nothing changes rank or state, or when cancelled.
 */
export async function rewardsAffected(
  deps: CommandDeps,
  connection: Connection,
  connectionKey: string,
  plan: Plan,
): Promise<string | undefined> {
  const changing = plan.steps.filter(
    (step): step is Extract<PlanStep, { kind: 'update' }> =>
      step.kind === 'update' && (step.rank !== undefined || step.isActive === false),
  );
  if (changing.length === 0) return undefined;
  const checked = changing.slice(0, PLAN_REWARD_CHECKS);
  let moved = 0;
  let hidden = 0;
  let atLeast = false;
  const lines: string[] = [];
  try {
    await deps.ui.withProgress(
      l10n.t('Counting the rewards of the groups that change on {0}…', connection.label()),
      async (signal, report) => {
        let done = 0;
        // Counted as they are now; the brands read once for the whole plan.
        const brands = await deps.rewards.readBrands(connectionKey, checked[0]!.group.orgId, signal);
        for (const step of checked) {
          const snapshot = await deps.rewards.loadAll(connectionKey, step.group, signal, undefined, { brands });
          report(l10n.t('{0} of {1} groups', ++done, checked.length));
          if (snapshot.brandsError) {
            throw snapshot.brandsError instanceof Error
              ? snapshot.brandsError
              : new Error('the brands could not be read');
          }
          const count = countRewards(snapshot);
          atLeast ||= !count.complete;
          const name = shortName(step.group.name);
          if (step.isActive === false) {
            hidden += count.live;
            if (count.live > 0) lines.push(`${name}: ${l10n.t('deactivated, hides {0} LIVE reward(s)', count.live)}`);
          } else {
            moved += count.total;
            if (count.total > 0) {
              lines.push(
                `${name}: ${l10n.t('rank {0} → {1}, moves {2} reward(s)', rankText(step.group.rank), rankText(step.rank ?? null), count.total)}`,
              );
            }
          }
        }
      },
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') {
      deps.log.info(`Counting the rewards affected by the plan against ${connection.logName()} was cancelled`);
      return undefined;
    }
    const failure = describeFailure(
      error,
      {
        origin: originOfKey(connectionKey),
        where: connection.label(),
        doing: l10n.t('count the rewards of the groups that change'),
      },
      deps.words,
    );
    return failure && l10n.t('The rewards affected could not be counted: {0}', failure.message);
  }
  deps.log.info(`Plan against ${connection.logName()}, rewards affected: ${lines.join('; ') || 'none'}`);
  if (lines.length === 0 && !atLeast) {
    return changing.length > checked.length
      ? l10n.t('No reward names the first {0} of the {1} groups that change.', checked.length, changing.length)
      : l10n.t('No reward names the groups that change rank or are deactivated.');
  }
  const parts = [
    moved > 0 || changing.some((step) => step.isActive !== false)
      ? l10n.t('rank changes move the sections of {0}{1} reward(s)', atLeast ? '≥' : '', moved)
      : '',
    hidden > 0 || changing.some((step) => step.isActive === false)
      ? l10n.t('deactivations hide {0}{1} LIVE reward(s)', atLeast ? '≥' : '', hidden)
      : '',
  ].filter(Boolean);
  const more =
    changing.length > checked.length
      ? ` ${l10n.t('(counted for the first {0} of {1} groups that change)', checked.length, changing.length)}`
      : '';
  return `${l10n.t('Rewards: {0}', parts.join('; '))}${more} — ${lines.slice(0, 6).join(' · ')}${lines.length > 6 ? ' …' : ''}.`;
}
