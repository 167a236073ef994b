import * as vscode from 'vscode';
import { countRewards } from '../../groups/groupRewards';
import { rewardsRow } from '../groupPresentation';
import type { GroupParent, RewardsParent, TreeContext, TreeNode } from './node';
import { RewardNode } from './rewardNode';
import { RewardsNoteNode } from './rewardsNoteNode';

/** "Rewards (N)" under a group: the rewards that name it, read when it is expanded. */
export class RewardsNode implements RewardsParent {
  readonly #tree: TreeContext;

  constructor(
    tree: TreeContext,
    readonly parent: GroupParent,
  ) {
    this.#tree = tree;
  }

  treeItem(): vscode.TreeItem {
    const row = rewardsRow(this.#tree.rewards.get(this.parent.connectionKey, this.parent.group.name));
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.parent.rowId}/rewards`;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon('list-tree');
    item.contextValue = 'capillaryRewards.rewards';
    return item;
  }

  /**
   * A group's rewards, brand after brand in the brand list's order, each in the catalog's order;
   * read on the first expand, then as kept until Refresh.
   */
  async children(): Promise<TreeNode[]> {
    const { connectionKey, group } = this.parent;
    const { rewards } = this.#tree;
    const snapshot = rewards.get(connectionKey, group.name) ?? (await rewards.load(connectionKey, group));
    const note = (kind: RewardsNoteNode['note'], brand?: RewardsNoteNode['brand']) =>
      new RewardsNoteNode(this.#tree, this, kind, snapshot, brand);
    if (snapshot.brandsError) return [note('brands-failed')];
    const brands = snapshot.brands ?? [];
    if (brands.length === 0) return snapshot.loading ? [] : [note('no-brands')];
    const rows: TreeNode[] = [];
    for (const entry of brands) {
      rows.push(...entry.rewards.map((item) => new RewardNode(this, item)));
      if (entry.error !== undefined) rows.push(note('brand-failed', entry));
      else if (!entry.last && entry.pagesLoaded > 0) rows.push(note('brand-more', entry));
    }
    const otherCase = brands.reduce((sum, entry) => sum + entry.otherCase.length, 0);
    if (otherCase > 0) rows.push(note('other-case'));
    if (!snapshot.loading && countRewards(snapshot).total === 0 && brands.every((entry) => entry.error === undefined)) {
      rows.unshift(note('none'));
    }
    return rows;
  }
}
