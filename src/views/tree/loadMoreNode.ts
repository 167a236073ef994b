import * as vscode from 'vscode';
import type { ListSnapshot } from '../../groups/groupList';
import { loadMoreRow } from '../groupPresentation';
import type { ConnectionParent, TreeContext, TreeNode } from './node';

/** "Load more…" at the end of a list with more pages. */
export class LoadMoreNode implements TreeNode {
  readonly #tree: TreeContext;

  constructor(
    tree: TreeContext,
    readonly snapshot: ListSnapshot,
    readonly parent?: ConnectionParent,
  ) {
    this.#tree = tree;
  }

  treeItem(): vscode.TreeItem {
    const { snapshot } = this;
    const row = loadMoreRow(snapshot);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${snapshot.connectionKey}/load-more`;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(row.tooltip ? 'warning' : 'more');
    item.command = this.#tree.rowCommands.command('capillaryRewards.loadMore', row.title, [snapshot.connectionKey]);
    item.contextValue = 'capillaryRewards.loadMore';
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
