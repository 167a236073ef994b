import * as l10n from '@vscode/l10n';
import type { GroupRef } from '../groups/groupService';
import type { CommandDeps } from './deps';
import { groupTarget } from './steps/groupTarget';

/** Capillary Rewards: Show Rewards in Group — the group's Rewards row, expanded: its rewards are read then. */
export async function showGroupRewards(deps: CommandDeps, target: GroupRef | undefined): Promise<void> {
  const picked = groupTarget(deps, target, l10n.t('Show Rewards in Group'));
  if (!picked) return;
  await deps.revealRewards?.(picked.connectionKey, picked.group);
}

/**
 * A brand's next page of rewards in a group, or a failed read again (the row's Load more / Retry):
 * without a brand, the brand list that failed.
 */
export async function loadGroupRewards(
  deps: CommandDeps,
  connectionKey: string,
  groupName: string,
  brandId?: number,
): Promise<void> {
  const snapshot = deps.rewards.get(connectionKey, groupName);
  if (!snapshot) return;
  const where = deps.connections.byKey(connectionKey)?.label() ?? connectionKey;
  await deps.ui.withProgress(
    l10n.t("Reading the rewards of '{0}' on {1}…", groupName, where),
    // load() reads a brand list that failed again; loadMore() one brand's next or failed page.
    async (signal) => {
      if (brandId === undefined) {
        await deps.rewards.load(connectionKey, { name: groupName, orgId: snapshot.orgId }, signal);
      } else await deps.rewards.loadMore(connectionKey, groupName, brandId, signal);
    },
    { location: 'view' },
  );
}
