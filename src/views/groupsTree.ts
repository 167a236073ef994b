import * as vscode from 'vscode';
import type { Group } from '../api/types';
import type { GroupStore } from '../groups/groupStore';
import { groupDescription, groupFields, groupTooltip, type GroupField } from './groupPresentation';

export class GroupNode {
  readonly kind = 'group';
  constructor(
    readonly origin: string,
    /** Replaced in place when the group changes, so the node keeps its identity. */
    public group: Group,
  ) {}
}

export class FieldNode {
  readonly kind = 'field';
  constructor(
    readonly parent: GroupNode,
    readonly field: GroupField,
  ) {}
}

export type GroupsTreeNode = GroupNode | FieldNode;

/** Which host's groups to show; undefined while no cluster is selected or nobody is signed in. */
export type VisibleOrigin = () => Promise<string | undefined>;

/**
 * The Groups view: the groups created from this editor for the current host, newest first.
 * Nodes are cached by id so that reveal() finds the same objects the view holds.
 */
export class GroupsTreeProvider implements vscode.TreeDataProvider<GroupsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<GroupsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes = new Map<number, GroupNode>();
  private nodesOrigin?: string;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly store: GroupStore,
    private readonly visibleOrigin: VisibleOrigin,
  ) {
    this.subscription = store.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: GroupsTreeNode): Promise<GroupsTreeNode[]> {
    if (element instanceof GroupNode) return groupFields(element.group).map((field) => new FieldNode(element, field));
    if (element) return [];
    const origin = await this.visibleOrigin();
    if (!origin) return [];
    return this.store.list(origin).map((group) => this.nodeFor(origin, group));
  }

  getParent(element: GroupsTreeNode): GroupsTreeNode | undefined {
    return element instanceof FieldNode ? element.parent : undefined;
  }

  getTreeItem(element: GroupsTreeNode): vscode.TreeItem {
    if (element instanceof FieldNode) {
      const item = new vscode.TreeItem(element.field.key, vscode.TreeItemCollapsibleState.None);
      item.id = `${nodeId(element.parent)}/${element.field.key}`;
      item.description = element.field.value;
      item.tooltip = `${element.field.key}: ${element.field.value}`;
      item.contextValue = 'capillaryRewards.field';
      return item;
    }
    const { group } = element;
    const item = new vscode.TreeItem(group.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = nodeId(element);
    item.description = groupDescription(group);
    item.tooltip = new vscode.MarkdownString(groupTooltip(group));
    item.iconPath = new vscode.ThemeIcon(group.isActive ? 'gift' : 'circle-slash', group.isActive ? undefined : new vscode.ThemeColor('disabledForeground'));
    item.contextValue = 'capillaryRewards.group';
    item.accessibilityInformation = { label: `${group.name}, group ${group.id}${group.isActive ? '' : ', inactive'}` };
    return item;
  }

  /** The cached node of a group, so that reveal() after a create finds the row the view shows. */
  nodeFor(origin: string, group: Group): GroupNode {
    if (this.nodesOrigin !== origin) {
      this.nodes = new Map();
      this.nodesOrigin = origin;
    }
    const existing = this.nodes.get(group.id);
    if (existing) {
      existing.group = group;
      return existing;
    }
    const node = new GroupNode(origin, group);
    this.nodes.set(group.id, node);
    return node;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function nodeId(node: GroupNode): string {
  return `${node.origin}#${node.group.id}`;
}
