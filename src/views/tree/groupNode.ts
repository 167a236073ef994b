import * as vscode from 'vscode';
import type { Group } from '../../api/types';
import { groupFields, groupRow, groupTooltip } from '../groupPresentation';
import { FieldNode } from './fieldNode';
import type { ConnectionParent, GroupParent, TreeContext, TreeNode } from './node';
import type { RewardsNode } from './rewardsNode';

/** What a group row needs of the tree besides the data: objects and indexes it keeps across redraws. */
export interface GroupTree extends TreeContext {
  /** The group row's Rewards row: the same object each time, as firing a change needs. */
  rewardsNodeFor(node: GroupNode): RewardsNode;
  /** A group's place in a list in catalog order (1 first). */
  sectionOf(groups: readonly Group[], id: number): number | undefined;
}

/** A group's row; its fields and rewards under it. */
export class GroupNode implements GroupParent {
  readonly #tree: GroupTree;

  constructor(
    tree: GroupTree,
    readonly connectionKey: string,
    /** Replaced in place when the group changes, so the node keeps its identity. */
    public group: Group,
    /** Its connection's root row; none while the view shows one connection. */
    readonly parent?: ConnectionParent,
  ) {
    this.#tree = tree;
  }

  get rowId(): string {
    return `${this.connectionKey}#${this.group.id}`;
  }

  treeItem(): vscode.TreeItem {
    const { group } = this;
    const snapshot = this.#tree.list.get(this.connectionKey);
    const isNew = snapshot?.newIds.has(group.id) ?? false;
    // Sorted by rank the rank leads the row, by last update it shows that time: the order can be seen.
    const row = groupRow(group, {
      isNew,
      rank: snapshot?.options.sortBy === 'rank' || snapshot?.options.sortBy === 'catalog',
      updated: snapshot?.options.sortBy === 'lastUpdated',
      ...(snapshot?.options.sortBy === 'catalog' ? { section: this.#tree.sectionOf(snapshot.groups, group.id) } : {}),
    });
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.rowId;
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(groupTooltip(group));
    item.iconPath = group.isActive
      ? new vscode.ThemeIcon(isNew ? 'sparkle' : 'gift')
      : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    item.contextValue = group.isActive ? 'capillaryRewards.group.active' : 'capillaryRewards.group.inactive';
    item.accessibilityInformation = { label: row.accessibilityLabel };
    return item;
  }

  children(): TreeNode[] {
    // Rewards first: where a group is used matters more than its fields, which its description mostly shows.
    return [this.#tree.rewardsNodeFor(this), ...groupFields(this.group).map((field) => new FieldNode(this, field))];
  }
}
