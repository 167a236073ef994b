import * as vscode from 'vscode';
import { hostLabel, originOfKey } from '../../foundation/settings';
import { noticeRow } from '../groupPresentation';
import { ListNoteNode } from './node';

/** A failure or an offline notice above the rows; clicking it retries (or signs in). */
export class NoticeNode extends ListNoteNode {
  treeItem(): vscode.TreeItem {
    const { snapshot } = this;
    const connection = this.tree.connections.byKey(snapshot.connectionKey);
    const row = noticeRow(snapshot, connection?.label() ?? hostLabel(originOfKey(snapshot.connectionKey)));
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${snapshot.connectionKey}/notice`;
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(row.tooltip);
    item.iconPath = new vscode.ThemeIcon(snapshot.source === 'cache' ? 'cloud-offline' : 'warning');
    const args = connection ? [connection.id] : [];
    item.command = this.tree.rowCommands.command(
      row.signIn ? 'capillaryRewards.connection.signIn' : 'capillaryRewards.connection.refresh',
      row.title,
      args,
    );
    item.contextValue = 'capillaryRewards.notice';
    return item;
  }
}
