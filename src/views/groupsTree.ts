import * as vscode from 'vscode';
import { CapillaryError } from '../api/errors';
import type { Group } from '../api/types';
import type { GroupList, ListSnapshot } from '../groups/groupList';
import { describeFailure } from '../messages/failures';
import { hostLabel } from '../settings';
import { formatLocal, groupFields, groupRow, groupTooltip, listSummary, type GroupField } from './groupPresentation';

export class GroupNode {
  constructor(
    readonly origin: string,
    /** Replaced in place when the group changes, so the node keeps its identity. */
    public group: Group,
  ) {}
}

export class FieldNode {
  constructor(
    readonly parent: GroupNode,
    readonly field: GroupField,
  ) {}
}

/** "Load more…" at the end of a list with more pages. */
export class LoadMoreNode {
  constructor(readonly snapshot: ListSnapshot) {}
}

/** A failure or an offline notice above the rows; clicking it retries. */
export class NoticeNode {
  constructor(readonly snapshot: ListSnapshot) {}
}

export type GroupsTreeNode = GroupNode | FieldNode | LoadMoreNode | NoticeNode;

/** Which host's groups to show; undefined while no cluster is selected or nobody is signed in. */
export type VisibleOrigin = () => Promise<string | undefined>;

/**
 * The Groups view: the org's groups on the current host, page by page, from GroupList.
 * Group nodes are cached by id so that reveal() finds the same objects the view holds.
 */
export class GroupsTreeProvider implements vscode.TreeDataProvider<GroupsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<GroupsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes = new Map<number, GroupNode>();
  private nodesOrigin?: string;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly list: GroupList,
    private readonly visibleOrigin: VisibleOrigin,
    /** Shows the summary ("Showing 50 of 10,000 groups · …") above the rows. */
    private readonly showSummary: (summary: string | undefined) => void,
  ) {
    this.subscription = list.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: GroupsTreeNode): Promise<GroupsTreeNode[]> {
    if (element instanceof GroupNode) return groupFields(element.group).map((field) => new FieldNode(element, field));
    if (element) return [];
    const origin = await this.visibleOrigin();
    if (!origin) {
      this.showSummary(undefined);
      return [];
    }
    let snapshot = this.list.get(origin);
    if (!snapshot) {
      // First look at this host this session: the list kept from last time at once, if any,
      // while the first page is read; otherwise wait for it (the view shows its progress bar).
      const loading = this.list.refresh(origin);
      if (!this.list.restore(origin)) await loading;
      snapshot = this.list.get(origin);
      if (!snapshot) return [];
    }
    this.showSummary(snapshot.groups.length > 0 ? listSummary(snapshot) : undefined);
    const rows: GroupsTreeNode[] = [];
    if (snapshot.error && snapshot.failedLoad === 'first') rows.push(new NoticeNode(snapshot));
    rows.push(...snapshot.groups.map((group) => this.nodeFor(origin, group)));
    if (!snapshot.last && snapshot.source === 'server' && snapshot.pagesLoaded > 0) rows.push(new LoadMoreNode(snapshot));
    return rows;
  }

  getParent(element: GroupsTreeNode): GroupsTreeNode | undefined {
    return element instanceof FieldNode ? element.parent : undefined;
  }

  getTreeItem(element: GroupsTreeNode): vscode.TreeItem {
    if (element instanceof FieldNode) return fieldItem(element);
    if (element instanceof LoadMoreNode) return loadMoreItem(element.snapshot);
    if (element instanceof NoticeNode) return noticeItem(element.snapshot);
    const { group } = element;
    const snapshot = this.list.get(element.origin);
    const isNew = snapshot?.newIds.has(group.id) ?? false;
    // Sorted by rank the rank leads the row, by last update it shows that time: the order can be seen.
    const row = groupRow(group, { isNew, rank: snapshot?.options.sortBy === 'rank', updated: snapshot?.options.sortBy === 'lastUpdated' });
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = nodeId(element);
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(groupTooltip(group));
    item.iconPath = group.isActive ? new vscode.ThemeIcon(isNew ? 'sparkle' : 'gift') : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    item.contextValue = group.isActive ? 'capillaryRewards.group.active' : 'capillaryRewards.group.inactive';
    item.accessibilityInformation = { label: row.accessibilityLabel };
    return item;
  }

  /** The cached node of a group, so that reveal() after a create or a lookup finds its row. */
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

function fieldItem(element: FieldNode): vscode.TreeItem {
  const item = new vscode.TreeItem(element.field.key, vscode.TreeItemCollapsibleState.None);
  item.id = `${nodeId(element.parent)}/${element.field.key}`;
  item.description = element.field.value;
  item.tooltip = `${element.field.key}: ${element.field.value}`;
  item.contextValue = 'capillaryRewards.field';
  return item;
}

function loadMoreItem(snapshot: ListSnapshot): vscode.TreeItem {
  // Counted as the summary counts them: groups created or looked up here are among the loaded.
  const loaded = vscode.l10n.t('{0} of {1} loaded', snapshot.groups.length.toLocaleString('en-US'), Math.max(snapshot.total, snapshot.groups.length).toLocaleString('en-US'));
  const failure = snapshot.failedLoad === 'more' ? failureText(snapshot) : undefined;
  const item = new vscode.TreeItem(failure ? vscode.l10n.t('Could not load more. Retry') : vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
  item.id = `${snapshot.origin}/load-more`;
  item.description = failure ? `${loaded} · ${failure}` : loaded;
  item.tooltip = failure;
  item.iconPath = new vscode.ThemeIcon(failure ? 'warning' : 'more');
  item.command = { command: 'capillaryRewards.loadMore', title: vscode.l10n.t('Load More') };
  item.contextValue = 'capillaryRewards.loadMore';
  return item;
}

function failureText(snapshot: ListSnapshot): string {
  const host = hostLabel(snapshot.origin);
  return describeFailure(snapshot.error, { origin: snapshot.origin, doing: vscode.l10n.t('list the groups of {0}', host) })?.message ?? vscode.l10n.t('the last request failed');
}

/** The first page failed: what is shown instead, why, and what a click does (retry, or sign in). */
function noticeItem(snapshot: ListSnapshot): vscode.TreeItem {
  const host = hostLabel(snapshot.origin);
  const cause = failureText(snapshot);
  const error = snapshot.error;
  const authFailure = error instanceof CapillaryError && error.isAuthFailure;
  const status = error instanceof CapillaryError && error.status !== undefined && error.kind !== 'network' ? error.status : undefined;
  const cached = snapshot.source === 'cache';
  // What happened (the tooltip's first line), then the label: that sentence and what a click does.
  const headline = cached
    ? status !== undefined
      ? vscode.l10n.t('Cluster unavailable (HTTP {0}): cached list from {1}.', status, formatLocal(snapshot.loadedAt))
      : vscode.l10n.t('Offline: cached list from {0}.', formatLocal(snapshot.loadedAt))
    : vscode.l10n.t('Could not load the groups of {0}.', host);
  const label = !cached && authFailure ? vscode.l10n.t('{0} Sign In', headline) : vscode.l10n.t('{0} Retry', headline);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `${snapshot.origin}/notice`;
  item.description = cause;
  item.tooltip = new vscode.MarkdownString(`${headline}\n\n${cause}\n\n${authFailure ? vscode.l10n.t('Click to sign in.') : vscode.l10n.t('Click to try again.')}`);
  item.iconPath = new vscode.ThemeIcon(snapshot.source === 'cache' ? 'cloud-offline' : 'warning');
  item.command = authFailure ? { command: 'capillaryRewards.signIn', title: vscode.l10n.t('Sign In') } : { command: 'capillaryRewards.refresh', title: vscode.l10n.t('Retry') };
  item.contextValue = 'capillaryRewards.notice';
  return item;
}
