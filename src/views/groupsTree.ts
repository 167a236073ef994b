import * as vscode from 'vscode';
import type { Group } from '../api/types';
import type { GroupList } from '../groups/groupList';
import type { GroupRewards } from '../groups/groupRewards';
import type { Connections } from '../connections/connections';
import { listSummary } from './groupPresentation';
import { RowCommands } from './rowCommands';
import { ConnectionNode, type ConnectionTree } from './tree/connectionNode';
import { GroupNode, type GroupTree } from './tree/groupNode';
import { listRows, readList } from './tree/listRows';
import type { ConnectionParent, TreeHost, TreeNode } from './tree/node';
import { RewardsNode } from './tree/rewardsNode';

// The row kinds, for the view and the tests that tell rows apart.
export { ConnectionNode } from './tree/connectionNode';
export { FieldNode } from './tree/fieldNode';
export { GroupNode } from './tree/groupNode';
export { HintNode } from './tree/hintNode';
export { LoadMoreNode } from './tree/loadMoreNode';
export { NoticeNode } from './tree/noticeNode';
export { RewardNode } from './tree/rewardNode';
export { RewardsNode } from './tree/rewardsNode';
export { RewardsNoteNode } from './tree/rewardsNoteNode';
export type { TopLevel, TreeHost } from './tree/node';

/** Any row of the Groups view. */
export type GroupsTreeNode = TreeNode;

/**
 * The Groups view's rows: one connection's groups, or a root row per connection each holding its
 * org's groups, page by page, from GroupList. A connection row's children are read only when it is
 * expanded, so a collapsed one reads no secret and sends nothing, and one that is slow or
 * unreachable holds up only its own rows. Nodes are cached so that reveal() finds the objects the
 * view holds. Each row draws itself and reads its own rows; this holds what they share.
 */
export class GroupsTreeProvider implements vscode.TreeDataProvider<GroupsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<GroupsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes = new Map<string, GroupNode>();
  /** Each group row's Rewards row, by the group row's id: the same object each time, as firing a change needs. */
  private readonly rewardsNodes = new Map<string, RewardsNode>();
  /** Each list's places by group id, while the list is shown (a new list is a new array). */
  private readonly sectionPlaces = new WeakMap<readonly Group[], Map<number, number>>();
  private readonly roots = new Map<string, ConnectionNode>();
  /** Whether the last top level was a row per connection. */
  private rooted = false;
  private readonly subscriptions: { dispose(): void }[];
  /** What a click on a hint, notice or Load More row runs, valid through every redraw. */
  private readonly rowCommands = new RowCommands();
  /** What the rows read and keep, handed to each as it is made. */
  private readonly tree: ConnectionTree & GroupTree;

  constructor(
    private readonly list: GroupList,
    private readonly connections: Connections,
    private readonly host: TreeHost,
    rewards: GroupRewards,
  ) {
    this.tree = {
      list,
      connections,
      rewards,
      rowCommands: this.rowCommands,
      host,
      nodeFor: (connectionKey, group, parent) => this.nodeFor(connectionKey, group, parent),
      rewardsNodeFor: (node) => this.rewardsNodeFor(node),
      sectionOf: (groups, id) => this.sectionOf(groups, id),
      redraw: (node) => this.changed.fire(node),
    };
    this.subscriptions = [
      list.onDidChange((key) => this.listChanged(key)),
      rewards.onDidChange(({ connectionKey, groupName }) => this.rewardsChanged(connectionKey, groupName)),
    ];
  }

  /** A group's rewards were read (or failed, or were forgotten): its Rewards row is drawn again, with its rows if expanded. */
  private rewardsChanged(connectionKey: string, groupName: string): void {
    for (const node of this.rewardsNodes.values()) {
      if (node.parent.connectionKey === connectionKey && node.parent.group.name === groupName) this.changed.fire(node);
    }
  }

  /** A group's place in a list in catalog order (1 first), found through an index made once per list. */
  private sectionOf(groups: readonly Group[], id: number): number | undefined {
    let places = this.sectionPlaces.get(groups);
    if (!places) this.sectionPlaces.set(groups, (places = new Map(groups.map((group, i) => [group.id, i + 1]))));
    return places.get(id);
  }

  /** The Rewards row of a group row. */
  rewardsNodeFor(groupNode: GroupNode): RewardsNode {
    const id = groupNode.rowId;
    let node = this.rewardsNodes.get(id);
    if (!node || node.parent !== groupNode) {
      node = new RewardsNode(this.tree, groupNode);
      this.rewardsNodes.set(id, node);
    }
    return node;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** A list changed: only its connection's rows are rendered again when each connection has its own. */
  private listChanged(connectionKey: string): void {
    const connection = this.rooted ? this.connections.byKey(connectionKey) : undefined;
    this.changed.fire(connection ? this.rootFor(connection.id) : undefined);
  }

  async getChildren(element?: GroupsTreeNode): Promise<GroupsTreeNode[]> {
    if (element) return element.children();
    const top = await this.host.topLevel();
    this.rooted = top.kind === 'connections';
    if (top.kind === 'connections') {
      this.host.showSummary(undefined);
      return top.ids.map((id) => this.rootFor(id));
    }
    if (!top.connectionKey) {
      this.host.showSummary(undefined);
      return [];
    }
    const snapshot = await readList(this.list, top.connectionKey);
    this.host.showSummary(snapshot && snapshot.groups.length > 0 ? listSummary(snapshot) : undefined);
    return snapshot ? listRows(this.tree, snapshot) : [];
  }

  getParent(element: GroupsTreeNode): GroupsTreeNode | undefined {
    return element.parent;
  }

  getTreeItem(element: GroupsTreeNode): vscode.TreeItem {
    return element.treeItem();
  }

  /** The cached node of a group, so that reveal() after a create or a lookup finds its row. */
  nodeFor(
    connectionKey: string,
    group: Group,
    parent: ConnectionParent | undefined = this.parentFor(connectionKey),
  ): GroupNode {
    const id = `${connectionKey}#${group.id}`;
    const existing = this.nodes.get(id);
    if (existing && existing.parent === parent) {
      existing.group = group;
      return existing;
    }
    const node = new GroupNode(this.tree, connectionKey, group, parent);
    this.nodes.set(id, node);
    return node;
  }

  /** The root row of a connection (the same object each time, as reveal() needs). */
  rootFor(id: string): ConnectionNode {
    let node = this.roots.get(id);
    if (!node) {
      node = new ConnectionNode(this.tree, id);
      this.roots.set(id, node);
    }
    return node;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.rowCommands.dispose();
    this.changed.dispose();
  }

  private parentFor(connectionKey: string): ConnectionNode | undefined {
    if (!this.rooted) return undefined;
    const connection = this.connections.byKey(connectionKey);
    return connection && this.rootFor(connection.id);
  }
}
