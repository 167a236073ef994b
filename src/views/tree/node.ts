import type * as vscode from 'vscode';
import type { Group } from '../../api/types';
import type { Connections } from '../../connections/connections';
import type { GroupList, ListSnapshot } from '../../groups/groupList';
import type { GroupRewards } from '../../groups/groupRewards';
import type { RowCommands } from '../rowCommands';

/**
 * A row of the Groups view: it draws itself and reads the rows it holds, so that the provider
 * asks every kind alike. A row that holds none gives none.
 */
export interface TreeNode {
  /** The row it sits under; none at the top. */
  readonly parent?: TreeNode;
  treeItem(): vscode.TreeItem;
  children(): TreeNode[] | Promise<TreeNode[]>;
}

/**
 * What rows read to draw themselves: the lists, connections and rewards, and the commands a click
 * runs. A row keeps it in a private (#) field: a dragged row is sent as JSON, which should hold
 * only the row.
 */
export interface TreeContext {
  readonly list: GroupList;
  readonly connections: Connections;
  readonly rewards: GroupRewards;
  readonly rowCommands: RowCommands;
}

/**
 * The rows under a connection's root row know it by these alone: an interface, not the class, so
 * that a row's file and its parent's do not import each other.
 */
export interface ConnectionParent extends TreeNode {
  readonly id: string;
}

/** What the rows under a group row know of it. */
export interface GroupParent extends TreeNode {
  readonly connectionKey: string;
  readonly group: Group;
  readonly parent?: ConnectionParent;
  /** The group row's id, which every row under it extends. */
  readonly rowId: string;
}

/** What the rows under a group's Rewards row know of it. */
export interface RewardsParent extends TreeNode {
  readonly parent: GroupParent;
}

/** A row about a whole list, above its groups or below them; nothing under it. */
export abstract class ListNoteNode implements TreeNode {
  readonly #tree: TreeContext;

  constructor(
    tree: TreeContext,
    readonly snapshot: ListSnapshot,
    readonly parent?: ConnectionParent,
  ) {
    this.#tree = tree;
  }

  protected get tree(): TreeContext {
    return this.#tree;
  }

  abstract treeItem(): vscode.TreeItem;

  children(): TreeNode[] {
    return [];
  }
}

/**
 * What the tree shows at its top: one connection's list (by its key; undefined while it has no
 * cluster or nobody is signed in, and the welcome content says what to do), or a root row per connection.
 */
export type TopLevel = { kind: 'list'; connectionKey?: string } | { kind: 'connections'; ids: string[] };

/** What the tree needs of the view around it. */
export interface TreeHost {
  /** Brings the view in line with the sign-in state (context keys, description, problems) and says what to show at the top. */
  topLevel(): Promise<TopLevel>;
  /** Shows the summary ("Showing 50 of 10,000 groups · …") above the rows, while one connection is shown. */
  showSummary(summary: string | undefined): void;
  /** Whether a connection's root row starts expanded (remembered from the last collapse or expand). */
  isExpanded(id: string): boolean;
}
