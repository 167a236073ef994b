import * as l10n from '@vscode/l10n';
import type { Group } from '../../api/types';
import { countRewards, type RewardCount } from '../../groups/groupRewards';
import { describeFailure } from '../../messages/failures';
import { shortName } from '../../messages/names';
import { originOfKey } from '../../settings';
import type { Connection } from '../../connections';
import type { CommandDeps } from '../deps';

export type RewardsCheck = { ok: true; count: RewardCount; otherCase: number } | { ok: false; reason: string };

/**
 * Reads every reward of every brand that names the group (what is kept from an expanded Rewards
 * row is reused), under a progress notification with Cancel: what a rename or a deactivate states
 * before it asks. Undefined when cancelled.
 */
export async function checkRewardsOf(deps: CommandDeps, connection: Connection, connectionKey: string, group: Group): Promise<RewardsCheck | undefined> {
  const name = shortName(group.name);
  const failed = (error: unknown): RewardsCheck | undefined => {
    const failure = describeFailure(error, { origin: originOfKey(connectionKey), where: connection.label(), doing: l10n.t('read the brands of org {0}', group.orgId) });
    // No sentence: it was cancelled.
    return failure && { ok: false, reason: failure.message };
  };
  try {
    const snapshot = await deps.ui.withProgress(l10n.t("Checking which rewards name '{0}' on {1}…", name, connection.label()), (signal, report) =>
      deps.rewards.loadAll(connectionKey, group, signal, (read, counted) => report(l10n.t('{0} of {1} rewards', read.toLocaleString('en-US'), counted.toLocaleString('en-US')))),
    );
    if (snapshot.brandsError) return failed(snapshot.brandsError);
    const otherCase = (snapshot.brands ?? []).reduce((sum, entry) => sum + entry.otherCase.length, 0);
    return { ok: true, count: countRewards(snapshot), otherCase };
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') return undefined;
    return failed(error);
  }
}

/** "3 rewards in 2 brands name 'VIP Gold' (BUKL: 2, BUKL Kids: 1)", with what could not be read. */
export function describeRewardsCheck(check: RewardsCheck, group: Group, only?: 'live'): string {
  const name = shortName(group.name);
  if (!check.ok) return l10n.t("Which rewards name '{0}' could not be read: {1}", name, check.reason);
  const { count } = check;
  const brands = count.byBrand.filter((entry) => (only === 'live' ? entry.live : entry.count) > 0);
  const list = brands.map((entry) => `${entry.brand.name}: ${(only === 'live' ? entry.live : entry.count).toLocaleString('en-US')}`).join(', ');
  const total = only === 'live' ? count.live : count.total;
  const atLeast = count.failedBrands.length > 0;
  const sentence =
    total === 0
      ? only === 'live'
        ? l10n.t("No LIVE reward is in '{0}'.", name)
        : l10n.t("No reward names '{0}'.", name)
      : only === 'live'
        ? atLeast
          ? l10n.t("At least {0} LIVE reward(s) are in '{1}' ({2}).", total.toLocaleString('en-US'), name, list)
          : l10n.t("{0} LIVE reward(s) are in '{1}' ({2}).", total.toLocaleString('en-US'), name, list)
        : atLeast
          ? l10n.t("At least {0} reward(s) in {1} brand(s) name '{2}' ({3}).", total.toLocaleString('en-US'), brands.length, name, list)
          : l10n.t("{0} reward(s) in {1} brand(s) name '{2}' ({3}).", total.toLocaleString('en-US'), brands.length, name, list);
  const failed = atLeast ? ` ${l10n.t('The rewards of {0} could not be read.', count.failedBrands.map((brand) => brand.name).join(', '))}` : '';
  return sentence + failed;
}
