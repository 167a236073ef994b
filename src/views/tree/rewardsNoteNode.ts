import * as vscode from 'vscode';
import type { BrandRewards, GroupRewardsSnapshot } from '../../groups/groupRewards';
import { rewardsNoteRow, type RewardsNote } from '../groupPresentation';
import type { RewardsParent, TreeContext, TreeNode } from './node';

/**
 * A line among a group's rewards that is not a reward: the brands could not be read, the org has
 * none, a brand failed (Retry) or has more pages (Load more), no reward names the group, or some
 * name it in another case.
 */
export class RewardsNoteNode implements TreeNode {
  readonly #tree: TreeContext;

  constructor(
    tree: TreeContext,
    readonly parent: RewardsParent,
    readonly note: RewardsNote,
    readonly snapshot: GroupRewardsSnapshot,
    readonly brand?: BrandRewards,
  ) {
    this.#tree = tree;
  }

  treeItem(): vscode.TreeItem {
    const { snapshot, brand } = this;
    const row = rewardsNoteRow(this.note, snapshot, brand);
    // Registered for every note, clickable or not, as the row commands count their ids in order.
    const click = this.#tree.rowCommands.command('capillaryRewards.loadGroupRewards', row.title, [
      snapshot.connectionKey,
      snapshot.groupName,
      brand?.brand.id,
    ]);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parent.parent.rowId}/rewards/${this.note}/${brand?.brand.id ?? ''}`;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    item.command = row.action ? click : undefined;
    item.contextValue = 'capillaryRewards.rewardsNote';
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
