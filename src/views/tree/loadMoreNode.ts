import * as vscode from 'vscode';
import { loadMoreRow } from '../groupPresentation';
import { ListNoteNode } from './node';

/** "Load more…" at the end of a list with more pages. */
export class LoadMoreNode extends ListNoteNode {
  treeItem(): vscode.TreeItem {
    const { snapshot } = this;
    const row = loadMoreRow(snapshot);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${snapshot.connectionKey}/load-more`;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(row.tooltip ? 'warning' : 'more');
    item.command = this.tree.rowCommands.command('capillaryRewards.loadMore', row.title, [snapshot.connectionKey]);
    item.contextValue = 'capillaryRewards.loadMore';
    return item;
  }
}
