import * as vscode from 'vscode';
import { AUTH_METHOD_NAMES } from '../../foundation/settings';
import { connectionRow, unusableConnectionRow } from '../groupPresentation';
import { HintNode } from './hintNode';
import { listRows, readList, type ListTree } from './listRows';
import type { ConnectionParent, TreeHost, TreeNode } from './node';

/** What a connection's root row needs of the tree besides the data. */
export interface ConnectionTree extends ListTree {
  readonly host: Pick<TreeHost, 'isExpanded'>;
  /** Draws the row again. */
  redraw(node: TreeNode): void;
}

/** A connection's root row, when there are two or more connections. */
export class ConnectionNode implements ConnectionParent {
  readonly #tree: ConnectionTree;
  /** Whether its rows last found it signed in (undefined: not known, e.g. never expanded). */
  #signedIn: 'signedIn' | 'signedOut' | undefined;

  constructor(
    tree: ConnectionTree,
    readonly id: string,
  ) {
    this.#tree = tree;
  }

  /** Its name; whether it is production or active, its cluster and org (once known). */
  treeItem(): vscode.TreeItem {
    const { connections, list } = this.#tree;
    const connection = connections.get(this.id);
    const entry = connection?.entry();
    const state = this.#tree.host.isExpanded(this.id)
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
    const active = connections.activeId() === this.id;
    if (!connection || entry?.state !== 'ok') {
      const row = unusableConnectionRow(entry);
      const item = new vscode.TreeItem(row.label, state);
      item.id = `connection:${this.id}`;
      item.description = row.description;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.tooltip = row.tooltip;
      item.contextValue = 'capillaryRewards.connection.invalid';
      return item;
    }
    const { spec } = entry;
    const row = connectionRow(spec, {
      active,
      orgId: list.orgId(spec.key),
      method: AUTH_METHOD_NAMES[spec.authMethod],
      snapshot: list.get(spec.key),
    });
    const item = new vscode.TreeItem(row.label, state);
    item.id = `connection:${this.id}`;
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(row.tooltip);
    item.iconPath = spec.production
      ? new vscode.ThemeIcon('flame', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(active ? 'plug' : 'server');
    // What its menu offers (package.json `view/item/context`): each flag a `.word` after the kind.
    const options = list.options(spec.key);
    item.contextValue = [
      'capillaryRewards.connection',
      active ? 'current' : undefined,
      this.#signedIn,
      options.name.trim() ? 'filtered' : undefined,
      options.activeOnly ? 'onlyActiveGroups' : undefined,
    ]
      .filter(Boolean)
      .join('.');
    item.accessibilityInformation = { label: row.accessibilityLabel };
    return item;
  }

  /** Its groups once signed in; else what is wrong or missing, and what fixes it. */
  async children(): Promise<TreeNode[]> {
    const tree = this.#tree;
    const connection = tree.connections.get(this.id);
    if (!connection) return [];
    const readiness = await connection.session.readiness();
    this.noteSignedIn(
      readiness.state === 'ready' ? 'signedIn' : readiness.state === 'signed-out' ? 'signedOut' : undefined,
    );
    if (readiness.state === 'invalid-host') return [new HintNode(tree, this, 'invalid', readiness.message)];
    if (readiness.state === 'no-host') return [];
    if (readiness.state === 'signed-out') {
      return [
        readiness.keychainProblem
          ? new HintNode(tree, this, 'keychain', readiness.keychainProblem)
          : new HintNode(tree, this, 'signed-out'),
      ];
    }
    const snapshot = await readList(tree.list, readiness.spec.key);
    if (!snapshot) return [];
    const rows = listRows(tree, snapshot, this);
    if (rows.length > 0) return rows;
    const filter = snapshot.options.name.trim();
    return [
      filter
        ? new HintNode(tree, this, 'no-match', filter)
        : new HintNode(tree, this, snapshot.options.activeOnly ? 'no-active' : 'empty'),
    ];
  }

  /**
   * Once its rows say whether its connection is signed in, its menu offers Sign In or Sign Out
   * (not both): the row is drawn again when that changed. Until then, both.
   */
  private noteSignedIn(state: 'signedIn' | 'signedOut' | undefined): void {
    if (this.#signedIn === state) return;
    this.#signedIn = state;
    setTimeout(() => this.#tree.redraw(this), 0);
  }
}
