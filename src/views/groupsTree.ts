import * as vscode from 'vscode';
import { CapillaryError } from '../api/errors';
import type { Group } from '../api/types';
import type { GroupList, ListSnapshot } from '../groups/groupList';
import {
  countRewards,
  type BrandRewards,
  type GroupReward,
  type GroupRewards,
  type GroupRewardsSnapshot,
} from '../groups/groupRewards';
import { describeFailure } from '../messages/failures';
import type { Connections } from '../connections/connections';
import { AUTH_METHOD_NAMES, hostLabel, originOfKey } from '../foundation/settings';
import {
  escapeMarkdown,
  formatLocal,
  groupFields,
  groupRow,
  groupTooltip,
  listSummary,
  rewardRow,
  rewardsRow,
  type GroupField,
} from './groupPresentation';
import { RowCommands } from './rowCommands';

/** A connection's root row, when there are two or more connections. */
export class ConnectionNode {
  constructor(readonly id: string) {}
}

export class GroupNode {
  constructor(
    readonly connectionKey: string,
    /** Replaced in place when the group changes, so the node keeps its identity. */
    public group: Group,
    /** Its connection's root row; none while the view shows one connection. */
    readonly parent?: ConnectionNode,
  ) {}
}

export class FieldNode {
  constructor(
    readonly parent: GroupNode,
    readonly field: GroupField,
  ) {}
}

/** "Rewards (N)" under a group: the rewards that name it, read when it is expanded. */
export class RewardsNode {
  constructor(readonly parent: GroupNode) {}
}

export class RewardNode {
  constructor(
    readonly parent: RewardsNode,
    readonly item: GroupReward,
  ) {}
}

/**
 * A line among a group's rewards that is not a reward: the brands could not be read, the org has
 * none, a brand failed (Retry) or has more pages (Load more), no reward names the group, or some
 * name it in another case.
 */
export class RewardsNoteNode {
  constructor(
    readonly parent: RewardsNode,
    readonly note: 'brands-failed' | 'no-brands' | 'brand-failed' | 'brand-more' | 'none' | 'other-case',
    readonly snapshot: GroupRewardsSnapshot,
    readonly brand?: BrandRewards,
  ) {}
}

/** "Load more…" at the end of a list with more pages. */
export class LoadMoreNode {
  constructor(
    readonly snapshot: ListSnapshot,
    readonly parent?: ConnectionNode,
  ) {}
}

/** A failure or an offline notice above the rows; clicking it retries. */
export class NoticeNode {
  constructor(
    readonly snapshot: ListSnapshot,
    readonly parent?: ConnectionNode,
  ) {}
}

/**
 * What a connection's root row holds when it has no groups to show, as the welcome content says it
 * for a single connection: what is wrong or missing, and the command that helps.
 */
export class HintNode {
  constructor(
    readonly parent: ConnectionNode,
    readonly hint: 'invalid' | 'keychain' | 'signed-out' | 'empty' | 'no-active' | 'no-match',
    /** What is wrong (an unusable item, a keychain failure), or what the hint names (the filter). */
    readonly detail = '',
  ) {}
}

export type GroupsTreeNode =
  | ConnectionNode
  | GroupNode
  | FieldNode
  | RewardsNode
  | RewardNode
  | RewardsNoteNode
  | LoadMoreNode
  | NoticeNode
  | HintNode;

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

/**
 * The Groups view's rows: one connection's groups, or a root row per connection each holding its
 * org's groups, page by page, from GroupList. A connection row's children are read only when it is
 * expanded, so a collapsed one reads no secret and sends nothing, and one that is slow or
 * unreachable holds up only its own rows. Nodes are cached so that reveal() finds the objects the
 * view holds.
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
  /** Whether each connection row's children last found it signed in (undefined: not known, e.g. never expanded). */
  private readonly signedIn = new Map<string, 'signedIn' | 'signedOut' | undefined>();
  /** Whether the last top level was a row per connection. */
  private rooted = false;
  private readonly subscriptions: { dispose(): void }[];
  /** What a click on a hint, notice or Load More row runs, valid through every redraw. */
  private readonly rowCommands = new RowCommands();

  constructor(
    private readonly list: GroupList,
    private readonly connections: Connections,
    private readonly host: TreeHost,
    private readonly rewards: GroupRewards,
  ) {
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
    const id = nodeId(groupNode);
    let node = this.rewardsNodes.get(id);
    if (!node || node.parent !== groupNode) {
      node = new RewardsNode(groupNode);
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
    // Rewards first: where a group is used matters more than its fields, which its description mostly shows.
    if (element instanceof GroupNode) {
      return [
        this.rewardsNodeFor(element),
        ...groupFields(element.group).map((field) => new FieldNode(element, field)),
      ];
    }
    if (element instanceof RewardsNode) return this.rewardRows(element);
    if (element instanceof ConnectionNode) return this.connectionRows(element);
    if (element) return [];
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
    const snapshot = await this.snapshot(top.connectionKey);
    this.host.showSummary(snapshot && snapshot.groups.length > 0 ? listSummary(snapshot) : undefined);
    return snapshot ? this.listRows(snapshot) : [];
  }

  getParent(element: GroupsTreeNode): GroupsTreeNode | undefined {
    if (element instanceof ConnectionNode) return undefined;
    return element.parent;
  }

  getTreeItem(element: GroupsTreeNode): vscode.TreeItem {
    if (element instanceof ConnectionNode) return this.connectionItem(element);
    if (element instanceof HintNode) return hintItem(element, this.connections, this.rowCommands);
    if (element instanceof FieldNode) return fieldItem(element);
    if (element instanceof RewardsNode) {
      return rewardsItem(element, this.rewards.get(element.parent.connectionKey, element.parent.group.name));
    }
    if (element instanceof RewardNode) return rewardItem(element);
    if (element instanceof RewardsNoteNode) return rewardsNoteItem(element, this.rowCommands);
    if (element instanceof LoadMoreNode) return loadMoreItem(element.snapshot, this.rowCommands);
    if (element instanceof NoticeNode) return noticeItem(element.snapshot, this.connections, this.rowCommands);
    const { group } = element;
    const snapshot = this.list.get(element.connectionKey);
    const isNew = snapshot?.newIds.has(group.id) ?? false;
    // Sorted by rank the rank leads the row, by last update it shows that time: the order can be seen.
    const row = groupRow(group, {
      isNew,
      rank: snapshot?.options.sortBy === 'rank' || snapshot?.options.sortBy === 'catalog',
      updated: snapshot?.options.sortBy === 'lastUpdated',
      ...(snapshot?.options.sortBy === 'catalog' ? { section: this.sectionOf(snapshot.groups, group.id) } : {}),
    });
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = nodeId(element);
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(groupTooltip(group));
    item.iconPath = group.isActive
      ? new vscode.ThemeIcon(isNew ? 'sparkle' : 'gift')
      : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    item.contextValue = group.isActive ? 'capillaryRewards.group.active' : 'capillaryRewards.group.inactive';
    item.accessibilityInformation = { label: row.accessibilityLabel };
    return item;
  }

  /** The cached node of a group, so that reveal() after a create or a lookup finds its row. */
  nodeFor(
    connectionKey: string,
    group: Group,
    parent: ConnectionNode | undefined = this.parentFor(connectionKey),
  ): GroupNode {
    const id = `${connectionKey}#${group.id}`;
    const existing = this.nodes.get(id);
    if (existing && existing.parent === parent) {
      existing.group = group;
      return existing;
    }
    const node = new GroupNode(connectionKey, group, parent);
    this.nodes.set(id, node);
    return node;
  }

  /** The root row of a connection (the same object each time, as reveal() needs). */
  rootFor(id: string): ConnectionNode {
    let node = this.roots.get(id);
    if (!node) {
      node = new ConnectionNode(id);
      this.roots.set(id, node);
    }
    return node;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.rowCommands.dispose();
    this.changed.dispose();
  }

  /**
   * A group's rewards, brand after brand in the brand list's order, each in the catalog's order;
   * read on the first expand, then as kept until Refresh.
   */
  private async rewardRows(node: RewardsNode): Promise<GroupsTreeNode[]> {
    const { connectionKey, group } = node.parent;
    const snapshot = this.rewards.get(connectionKey, group.name) ?? (await this.rewards.load(connectionKey, group));
    if (snapshot.brandsError) return [new RewardsNoteNode(node, 'brands-failed', snapshot)];
    const brands = snapshot.brands ?? [];
    if (brands.length === 0) return snapshot.loading ? [] : [new RewardsNoteNode(node, 'no-brands', snapshot)];
    const rows: GroupsTreeNode[] = [];
    for (const entry of brands) {
      rows.push(...entry.rewards.map((item) => new RewardNode(node, item)));
      if (entry.error !== undefined) rows.push(new RewardsNoteNode(node, 'brand-failed', snapshot, entry));
      else if (!entry.last && entry.pagesLoaded > 0) {
        rows.push(new RewardsNoteNode(node, 'brand-more', snapshot, entry));
      }
    }
    const otherCase = brands.reduce((sum, entry) => sum + entry.otherCase.length, 0);
    if (otherCase > 0) rows.push(new RewardsNoteNode(node, 'other-case', snapshot));
    if (!snapshot.loading && countRewards(snapshot).total === 0 && brands.every((entry) => entry.error === undefined)) {
      rows.unshift(new RewardsNoteNode(node, 'none', snapshot));
    }
    return rows;
  }

  private parentFor(connectionKey: string): ConnectionNode | undefined {
    if (!this.rooted) return undefined;
    const connection = this.connections.byKey(connectionKey);
    return connection && this.rootFor(connection.id);
  }

  /**
   * The list of a connection: on the first look this session, the one kept from last time at once
   * (if any) while the first page is read; otherwise wait for it (the row shows its progress).
   */
  private async snapshot(connectionKey: string): Promise<ListSnapshot | undefined> {
    if (!this.list.get(connectionKey)) {
      const loading = this.list.refresh(connectionKey);
      if (!this.list.restore(connectionKey)) await loading;
    }
    return this.list.get(connectionKey);
  }

  private listRows(snapshot: ListSnapshot, parent?: ConnectionNode): GroupsTreeNode[] {
    const rows: GroupsTreeNode[] = [];
    if (snapshot.error && snapshot.failedLoad === 'first') rows.push(new NoticeNode(snapshot, parent));
    // The parent found once for the list, not once per row.
    rows.push(...snapshot.groups.map((group) => this.nodeFor(snapshot.connectionKey, group, parent)));
    if (!snapshot.last && snapshot.source === 'server' && snapshot.pagesLoaded > 0) {
      rows.push(new LoadMoreNode(snapshot, parent));
    }
    return rows;
  }

  /** A connection's rows: its groups once signed in; else what is wrong or missing, and what fixes it. */
  private async connectionRows(node: ConnectionNode): Promise<GroupsTreeNode[]> {
    const connection = this.connections.get(node.id);
    if (!connection) return [];
    const readiness = await connection.session.readiness();
    this.noteSignedIn(
      node,
      readiness.state === 'ready' ? 'signedIn' : readiness.state === 'signed-out' ? 'signedOut' : undefined,
    );
    if (readiness.state === 'invalid-host') return [new HintNode(node, 'invalid', readiness.message)];
    if (readiness.state === 'no-host') return [];
    if (readiness.state === 'signed-out') {
      return [
        readiness.keychainProblem
          ? new HintNode(node, 'keychain', readiness.keychainProblem)
          : new HintNode(node, 'signed-out'),
      ];
    }
    const snapshot = await this.snapshot(readiness.spec.key);
    if (!snapshot) return [];
    const rows = this.listRows(snapshot, node);
    if (rows.length > 0) return rows;
    const filter = snapshot.options.name.trim();
    return [
      filter
        ? new HintNode(node, 'no-match', filter)
        : new HintNode(node, snapshot.options.activeOnly ? 'no-active' : 'empty'),
    ];
  }

  /**
   * Once a row's children say whether its connection is signed in, its menu offers Sign In or Sign
   * Out (not both): the row is drawn again when that changed. Until then, both.
   */
  private noteSignedIn(node: ConnectionNode, state: 'signedIn' | 'signedOut' | undefined): void {
    if (this.signedIn.get(node.id) === state) return;
    this.signedIn.set(node.id, state);
    setTimeout(() => this.changed.fire(node), 0);
  }

  /** A connection's root row: its name; whether it is production or active, its cluster and org (once known). */
  private connectionItem(node: ConnectionNode): vscode.TreeItem {
    const connection = this.connections.get(node.id);
    const entry = connection?.entry();
    const state = this.host.isExpanded(node.id)
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
    const active = this.connections.activeId() === node.id;
    if (!connection || entry?.state !== 'ok') {
      const name = entry?.state === 'invalid' && entry.name ? entry.name : vscode.l10n.t('Connection');
      const item = new vscode.TreeItem(name, state);
      item.id = `connection:${node.id}`;
      // Which item it is, when another has the same name: its host as written.
      item.description =
        entry?.state === 'invalid' && entry.raw
          ? vscode.l10n.t('not usable · {0}', entry.raw)
          : vscode.l10n.t('not usable');
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.tooltip = entry?.state === 'invalid' ? entry.message : undefined;
      item.contextValue = 'capillaryRewards.connection.invalid';
      return item;
    }
    const { spec } = entry;
    const orgId = this.list.orgId(spec.key);
    const snapshot = this.list.get(spec.key);
    const item = new vscode.TreeItem(spec.name, state);
    item.id = `connection:${node.id}`;
    // The flags first: a narrow side bar cuts the end of a description.
    item.description = [
      spec.production ? vscode.l10n.t('PRODUCTION') : undefined,
      active ? vscode.l10n.t('active') : undefined,
      // A connection named after its cluster is not named twice.
      spec.name === hostLabel(spec.origin) ? undefined : hostLabel(spec.origin),
      orgId === undefined ? undefined : vscode.l10n.t('org {0}', orgId),
    ]
      .filter(Boolean)
      .join(' · ');
    const method = AUTH_METHOD_NAMES[spec.authMethod];
    const lines = [
      `**${escapeMarkdown(spec.name)}**${spec.production ? ` — ${vscode.l10n.t('production: every change asks first')}` : ''}`,
      vscode.l10n.t('Cluster: {0}', spec.origin),
      vscode.l10n.t('Org: {0}', orgId === undefined ? vscode.l10n.t('not known yet') : orgId),
      vscode.l10n.t('Sign-in: {0}', method),
      ...(active ? [vscode.l10n.t('The active connection: palette commands act on it.')] : []),
      ...(snapshot && snapshot.groups.length > 0 ? [listSummary(snapshot)] : []),
    ];
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    item.iconPath = spec.production
      ? new vscode.ThemeIcon('flame', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(active ? 'plug' : 'server');
    // What its menu offers (package.json `view/item/context`): each flag a `.word` after the kind.
    const options = this.list.options(spec.key);
    const signedIn = this.signedIn.get(node.id);
    item.contextValue = [
      'capillaryRewards.connection',
      active ? 'current' : undefined,
      signedIn,
      options.name.trim() ? 'filtered' : undefined,
      options.activeOnly ? 'onlyActiveGroups' : undefined,
    ]
      .filter(Boolean)
      .join('.');
    item.accessibilityInformation = { label: [spec.name, item.description].join(', ') };
    return item;
  }
}

function nodeId(node: GroupNode): string {
  return `${node.connectionKey}#${node.group.id}`;
}

/** A connection's hint row: the sentence, and the command a click runs on that connection. */
function hintItem(node: HintNode, connections: Connections, rowCommands: RowCommands): vscode.TreeItem {
  const id = node.parent.id;
  const connection = connections.get(id);
  const method = AUTH_METHOD_NAMES[connection?.spec()?.authMethod ?? 'basic'];
  const name = connection?.name() ?? '';
  const hints: Record<HintNode['hint'], { label: string; icon: string; command: string; title: string }> = {
    invalid: {
      label: vscode.l10n.t('Not usable: {0}', node.detail),
      icon: 'warning',
      command: 'workbench.action.openSettingsJson',
      title: vscode.l10n.t('Open Settings'),
    },
    keychain: {
      label: node.detail,
      icon: 'warning',
      command: 'capillaryRewards.showLog',
      title: vscode.l10n.t('Show Log'),
    },
    'signed-out': {
      label: vscode.l10n.t('Sign in to {0} ({1})…', name, method),
      icon: 'key',
      command: 'capillaryRewards.connection.signIn',
      title: vscode.l10n.t('Sign In'),
    },
    empty: {
      label: vscode.l10n.t('This org has no reward groups yet. Create Group…'),
      icon: 'add',
      command: 'capillaryRewards.connection.createGroup',
      title: vscode.l10n.t('Create Group'),
    },
    'no-active': {
      label: vscode.l10n.t('No active groups in this org. Show All Groups'),
      icon: 'filter',
      command: 'capillaryRewards.connection.showAllGroups',
      title: vscode.l10n.t('Show All Groups'),
    },
    'no-match': {
      label: vscode.l10n.t("No group matches '{0}'. Clear Filter", node.detail),
      icon: 'filter',
      command: 'capillaryRewards.connection.clearFilter',
      title: vscode.l10n.t('Clear Filter'),
    },
  };
  const hint = hints[node.hint];
  const item = new vscode.TreeItem(hint.label, vscode.TreeItemCollapsibleState.None);
  item.id = `hint:${id}`;
  item.tooltip = node.hint === 'invalid' ? vscode.l10n.t('{0} Click to open your settings.', hint.label) : hint.label;
  item.iconPath = new vscode.ThemeIcon(hint.icon);
  // The commands that act on a connection take its id; the settings and the log need none.
  item.command = rowCommands.command(
    hint.command,
    hint.title,
    hint.command.startsWith('capillaryRewards.') && hint.command !== 'capillaryRewards.showLog' ? [id] : [],
  );
  item.contextValue = 'capillaryRewards.hint';
  return item;
}

function rewardsItem(node: RewardsNode, snapshot: GroupRewardsSnapshot | undefined): vscode.TreeItem {
  const row = rewardsRow(snapshot);
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${nodeId(node.parent)}/rewards`;
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.iconPath = new vscode.ThemeIcon('list-tree');
  item.contextValue = 'capillaryRewards.rewards';
  return item;
}

const STATUS_ICONS: Record<string, vscode.ThemeIcon> = {};
function statusIcon(status: string): vscode.ThemeIcon {
  if (status === 'LIVE') {
    return (STATUS_ICONS.LIVE ??= new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')));
  }
  if (status === 'UPCOMING') return (STATUS_ICONS.UPCOMING ??= new vscode.ThemeIcon('clock'));
  return (STATUS_ICONS.OTHER ??= new vscode.ThemeIcon('history', new vscode.ThemeColor('disabledForeground')));
}

function rewardItem(node: RewardNode): vscode.TreeItem {
  const { item: reward } = node;
  const snapshot = node.parent;
  const row = rewardRow(reward);
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
  item.id = `${nodeId(snapshot.parent)}/rewards/${reward.brand.id}/${reward.reward.id}`;
  item.description = row.description;
  item.tooltip = new vscode.MarkdownString(row.tooltip);
  item.iconPath = statusIcon(reward.reward.status);
  item.accessibilityInformation = { label: row.accessibilityLabel };
  item.contextValue = 'capillaryRewards.reward';
  return item;
}

function rewardsNoteItem(node: RewardsNoteNode, rowCommands: RowCommands): vscode.TreeItem {
  const { snapshot, brand } = node;
  const origin = originOfKey(snapshot.connectionKey);
  const where = hostLabel(origin);
  const name = snapshot.groupName;
  const retryArgs = [snapshot.connectionKey, name, brand?.brand.id];
  const retry = rowCommands.command('capillaryRewards.loadGroupRewards', vscode.l10n.t('Retry'), retryArgs);
  const cause = (error: unknown, doing: string) =>
    describeFailure(error, { origin, where, doing })?.message ?? vscode.l10n.t('the last request failed');
  let label: string;
  let description = '';
  let icon = 'info';
  let command: vscode.Command | undefined;
  switch (node.note) {
    case 'brands-failed':
      label = vscode.l10n.t('Could not read the brands of org {0}. Retry', snapshot.orgId);
      description = cause(snapshot.brandsError, vscode.l10n.t('read the brands of org {0}', snapshot.orgId));
      icon = 'warning';
      command = retry;
      break;
    case 'no-brands':
      label = vscode.l10n.t('Org {0} has no brands, so no rewards.', snapshot.orgId);
      break;
    case 'brand-failed':
      label = vscode.l10n.t('Could not read the rewards of {0}. Retry', brand!.brand.name);
      description = cause(brand!.error, vscode.l10n.t('read the rewards of brand {0}', brand!.brand.name));
      icon = 'warning';
      command = retry;
      break;
    case 'brand-more': {
      const count = countRewards({ ...snapshot, brands: [brand!] });
      label = vscode.l10n.t('Load more of {0}…', brand!.brand.name);
      description = vscode.l10n.t(
        '{0} of {1} loaded',
        brand!.rewards.length.toLocaleString('en-US'),
        count.total.toLocaleString('en-US'),
      );
      icon = 'more';
      command = rowCommands.command('capillaryRewards.loadGroupRewards', vscode.l10n.t('Load More'), retryArgs);
      break;
    }
    case 'none':
      label = vscode.l10n.t("No reward names '{0}'.", name);
      break;
    case 'other-case': {
      const others = (snapshot.brands ?? []).flatMap((entry) => entry.otherCase);
      const names = [
        ...new Set(
          others.flatMap((item) =>
            item.reward.groups
              .map((link) => link.groupName)
              .filter((other) => other !== name && other.toLowerCase() === name.toLowerCase()),
          ),
        ),
      ];
      label =
        others.length === 1
          ? vscode.l10n.t(
              "1 more reward names it '{0}': not in this section (names must match exactly)",
              names.join("', '"),
            )
          : vscode.l10n.t(
              "{0} more rewards name it '{1}': not in this section (names must match exactly)",
              others.length,
              names.join("', '"),
            );
      description = others.map((item) => `#${item.reward.id}`).join(' ');
      icon = 'warning';
      break;
    }
  }
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `${nodeId(node.parent.parent)}/rewards/${node.note}/${brand?.brand.id ?? ''}`;
  item.description = description;
  item.tooltip = description ? `${label}\n\n${description}` : label;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.command = command;
  item.contextValue = 'capillaryRewards.rewardsNote';
  return item;
}

function fieldItem(element: FieldNode): vscode.TreeItem {
  const item = new vscode.TreeItem(element.field.key, vscode.TreeItemCollapsibleState.None);
  item.id = `${nodeId(element.parent)}/${element.field.key}`;
  item.description = element.field.value;
  item.tooltip = `${element.field.key}: ${element.field.value}`;
  item.contextValue = 'capillaryRewards.field';
  return item;
}

function loadMoreItem(snapshot: ListSnapshot, rowCommands: RowCommands): vscode.TreeItem {
  // Counted as the summary counts them: groups created or looked up here are among the loaded.
  const loaded = vscode.l10n.t(
    '{0} of {1} loaded',
    snapshot.groups.length.toLocaleString('en-US'),
    Math.max(snapshot.total, snapshot.groups.length).toLocaleString('en-US'),
  );
  const failure = snapshot.failedLoad === 'more' ? failureText(snapshot) : undefined;
  const item = new vscode.TreeItem(
    failure ? vscode.l10n.t('Could not load more. Retry') : vscode.l10n.t('Load more…'),
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = `${snapshot.connectionKey}/load-more`;
  item.description = failure ? `${loaded} · ${failure}` : loaded;
  item.tooltip = failure;
  item.iconPath = new vscode.ThemeIcon(failure ? 'warning' : 'more');
  item.command = rowCommands.command('capillaryRewards.loadMore', vscode.l10n.t('Load More'), [snapshot.connectionKey]);
  item.contextValue = 'capillaryRewards.loadMore';
  return item;
}

function failureText(snapshot: ListSnapshot, where = hostLabel(originOfKey(snapshot.connectionKey))): string {
  const origin = originOfKey(snapshot.connectionKey);
  return (
    describeFailure(snapshot.error, { origin, where, doing: vscode.l10n.t('list the groups of {0}', where) })
      ?.message ?? vscode.l10n.t('the last request failed')
  );
}

/** The first page failed: what is shown instead, why, and what a click does (retry, or sign in). */
function noticeItem(snapshot: ListSnapshot, connections: Connections, rowCommands: RowCommands): vscode.TreeItem {
  const connection = connections.byKey(snapshot.connectionKey);
  const host = connection?.label() ?? hostLabel(originOfKey(snapshot.connectionKey));
  const cause = failureText(snapshot, host);
  const error = snapshot.error;
  const authFailure = error instanceof CapillaryError && error.isAuthFailure;
  const status =
    error instanceof CapillaryError && error.status !== undefined && error.kind !== 'network'
      ? error.status
      : undefined;
  const cached = snapshot.source === 'cache';
  // What happened (the tooltip's first line), then the label: that sentence and what a click does.
  const headline = cached
    ? status !== undefined
      ? vscode.l10n.t('Cluster unavailable (HTTP {0}): cached list from {1}.', status, formatLocal(snapshot.loadedAt))
      : vscode.l10n.t('Offline: cached list from {0}.', formatLocal(snapshot.loadedAt))
    : vscode.l10n.t('Could not load the groups of {0}.', host);
  const label = !cached && authFailure ? vscode.l10n.t('{0} Sign In', headline) : vscode.l10n.t('{0} Retry', headline);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `${snapshot.connectionKey}/notice`;
  item.description = cause;
  item.tooltip = new vscode.MarkdownString(
    `${headline}\n\n${cause}\n\n${authFailure ? vscode.l10n.t('Click to sign in.') : vscode.l10n.t('Click to try again.')}`,
  );
  item.iconPath = new vscode.ThemeIcon(snapshot.source === 'cache' ? 'cloud-offline' : 'warning');
  const args = connection ? [connection.id] : [];
  item.command = authFailure
    ? rowCommands.command('capillaryRewards.connection.signIn', vscode.l10n.t('Sign In'), args)
    : rowCommands.command('capillaryRewards.connection.refresh', vscode.l10n.t('Retry'), args);
  item.contextValue = 'capillaryRewards.notice';
  return item;
}
