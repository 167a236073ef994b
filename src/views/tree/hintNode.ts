import * as vscode from 'vscode';
import { AUTH_METHOD_NAMES } from '../../foundation/settings';
import { hintRow, type HintKind } from '../groupPresentation';
import type { ConnectionParent, TreeContext, TreeNode } from './node';

/** Each hint's icon and the command a click runs. */
const HINT_ACTIONS: Record<HintKind, { icon: string; command: string }> = {
  invalid: { icon: 'warning', command: 'workbench.action.openSettingsJson' },
  keychain: { icon: 'warning', command: 'capillaryRewards.showLog' },
  'signed-out': { icon: 'key', command: 'capillaryRewards.connection.signIn' },
  empty: { icon: 'add', command: 'capillaryRewards.connection.createGroup' },
  'no-active': { icon: 'filter', command: 'capillaryRewards.connection.showAllGroups' },
  'no-match': { icon: 'filter', command: 'capillaryRewards.connection.clearFilter' },
};

/**
 * What a connection's root row holds when it has no groups to show, as the welcome content says it
 * for a single connection: what is wrong or missing, and the command that helps.
 */
export class HintNode implements TreeNode {
  readonly #tree: TreeContext;

  constructor(
    tree: TreeContext,
    readonly parent: ConnectionParent,
    readonly hint: HintKind,
    /** What is wrong (an unusable item, a keychain failure), or what the hint names (the filter). */
    readonly detail = '',
  ) {
    this.#tree = tree;
  }

  /** The sentence, and the command a click runs on that connection. */
  treeItem(): vscode.TreeItem {
    const id = this.parent.id;
    const connection = this.#tree.connections.get(id);
    const row = hintRow(this.hint, {
      detail: this.detail,
      name: connection?.name() ?? '',
      method: AUTH_METHOD_NAMES[connection?.spec()?.authMethod ?? 'basic'],
    });
    const { icon, command } = HINT_ACTIONS[this.hint];
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `hint:${id}`;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(icon);
    // The commands that act on a connection take its id; the settings and the log need none.
    item.command = this.#tree.rowCommands.command(
      command,
      row.title,
      command.startsWith('capillaryRewards.') && command !== 'capillaryRewards.showLog' ? [id] : [],
    );
    item.contextValue = 'capillaryRewards.hint';
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
