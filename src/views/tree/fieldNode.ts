import * as vscode from 'vscode';
import { fieldRow, type GroupField } from '../groupPresentation';
import type { GroupParent, TreeNode } from './node';

/** One field of a group's JSON, under its row. */
export class FieldNode implements TreeNode {
  constructor(
    readonly parent: GroupParent,
    readonly field: GroupField,
  ) {}

  treeItem(): vscode.TreeItem {
    const row = fieldRow(this.field);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parent.rowId}/${this.field.key}`;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = 'capillaryRewards.field';
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
