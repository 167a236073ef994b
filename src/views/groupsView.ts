import * as vscode from 'vscode';
import { errorText } from '../api/errors';
import type { Group } from '../api/types';
import type { Connection, Connections } from '../connections/connections';
import type { ConnectionViewState } from '../connections/connectionViewState';
import type { GroupList } from '../groups/groupList';
import type { GroupRewards } from '../groups/groupRewards';
import { isCatalogOrder } from '../groups/listOptions';
import type { GroupRef } from '../groups/groupService';
import type { Logger } from '../foundation/log';
import type { Readiness } from '../session/session';
import { AUTH_METHOD_NAMES, hostLabel, SETTINGS_SECTION, type SettingsSource } from '../foundation/settings';
import {
  ConnectionNode,
  GroupNode,
  GroupsTreeProvider,
  HintNode,
  LoadMoreNode,
  NoticeNode,
  FieldNode,
  type GroupsTreeNode,
  type TopLevel,
} from './groupsTree';

export const VIEW_ID = 'capillaryRewards.groups';

/** Context keys read by the Groups view's welcome content and menus (package.json `when`). */
const ContextKeys = {
  hostConfigured: 'capillaryRewards.hostConfigured',
  signedIn: 'capillaryRewards.signedIn',
  filtered: 'capillaryRewards.filtered',
  activeOnly: 'capillaryRewards.activeOnly',
  /** capillaryRewards.host is set but cannot be used: the welcome says so. */
  hostInvalid: 'capillaryRewards.hostInvalid',
  /** Set once a group was created in this window: completes the walkthrough's last step. */
  groupCreated: 'capillaryRewards.groupCreated',
} as const;

/**
 * The walkthrough (package.json `walkthroughs`) as VS Code names it: `<publisher>.<name>#<id>`;
 * its steps are `<walkthrough>#<step id>`. test/unit/manifest.test.ts checks both against the manifest.
 */
const WALKTHROUGH = 'capillary-rewards-groups.capillary-rewards-groups#gettingStarted';
type WalkthroughStep = 'selectCluster' | 'signIn' | 'createGroup';
/** VS Code registers a walkthrough's steps up to 5 s after its walkthrough service starts. */
const WALKTHROUGH_REGISTRATION_MS = 6000;

function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

/**
 * The Groups view as the user sees it around the rows: which cluster it shows (its description),
 * the context keys behind its welcome content and menus, the problems and summary above the rows,
 * which row a row command acts on, and revealing a group. The rows come from GroupsTreeProvider.
 */
/** What a dragged group row carries (a tree's drag MIME type is its view id, lower-cased). */
const GROUP_ROW_MIME = `application/vnd.code.tree.${VIEW_ID.toLowerCase()}`;

export class GroupsView implements vscode.Disposable {
  readonly tree: GroupsTreeProvider;
  private readonly view: vscode.TreeView<GroupsTreeNode>;
  /** The problems of the last update, one sentence each, shown above the rows. */
  private problems?: string;
  /** Problems already announced: each is announced once, until it is fixed. */
  private readonly announced = new Set<string>();
  /** Walkthrough steps already marked done in this window. */
  private readonly stepsDone = new Set<WalkthroughStep>();
  private readonly subscriptions: vscode.Disposable[];
  /** What each connection's list is read with, as of the last settings change (see listSettings); none before start(). */
  private readWith = new Map<string, string>();
  /** Connections whose lists were read with other settings than they have now. */
  private readonly stale = new Set<string>();

  constructor(
    private readonly connections: Connections,
    private readonly list: GroupList,
    private readonly settings: SettingsSource,
    private readonly log: Logger,
    rewards: GroupRewards,
    private readonly viewState: ConnectionViewState,
  ) {
    this.tree = new GroupsTreeProvider(
      list,
      connections,
      {
        topLevel: () => this.topLevel(),
        showSummary: (summary) => this.showSummary(summary),
        isExpanded: (id) => !viewState.collapsed().includes(id),
      },
      rewards,
    );
    this.view = vscode.window.createTreeView<GroupsTreeNode>(VIEW_ID, {
      treeDataProvider: this.tree,
      showCollapseAll: true,
      dragAndDropController: {
        dragMimeTypes: [GROUP_ROW_MIME],
        dropMimeTypes: [GROUP_ROW_MIME],
        handleDrag: (sources, transfer) => {
          const groups = sources.filter((node): node is GroupNode => node instanceof GroupNode);
          if (groups.length > 0) transfer.set(GROUP_ROW_MIME, new vscode.DataTransferItem(groups));
        },
        handleDrop: (target, transfer) => this.dropped(target, transfer.get(GROUP_ROW_MIME)?.value),
      },
    });
    this.subscriptions = [
      this.view.onDidCollapseElement(({ element }) => {
        if (element instanceof ConnectionNode) void viewState.setCollapsed(element.id, true);
      }),
      this.view.onDidExpandElement(({ element }) => {
        if (element instanceof ConnectionNode) void viewState.setCollapsed(element.id, false);
      }),
      // The description names the connection of the row selected.
      this.view.onDidChangeSelection(() => void this.update()),
      // Shown again: brought up to date with what changed while it was hidden.
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible) void this.update().then(() => this.refreshChangedLists());
      }),
    ];
  }

  /**
   * What the settings decide, read for the first time: the title, the welcome's context keys, what
   * each list is read with. Not in the constructor: the composition root runs it just after
   * activation, since the first read of the settings is most of what starting up costs.
   */
  start(): void {
    this.updateFromSettings();
    this.readWith = this.listSettings();
  }

  /** The context keys the settings alone decide: read at start-up and while the view is hidden, so that no secret is read then. */
  private updateFromSettings(): void {
    const multiple = this.connections.multiple();
    const first = this.connections.entries()[0];
    setContext(ContextKeys.hostConfigured, multiple || first?.state === 'ok');
    setContext(ContextKeys.hostInvalid, !multiple && first?.state === 'invalid');
    // Alone in its container the view shows its title but not its description: the title names the connection too.
    const spec = multiple ? undefined : this.connections.active().spec();
    this.view.title = spec
      ? vscode.l10n.t('Groups · {0}', spec.name || hostLabel(spec.origin))
      : vscode.l10n.t('Groups');
  }

  /** What the tree shows at its top, after bringing the view in line with the sign-in state. */
  private async topLevel(): Promise<TopLevel> {
    const connectionKey = await this.update();
    return this.connections.multiple()
      ? { kind: 'connections', ids: this.connections.entries().map((entry) => entry.id) }
      : { kind: 'list', connectionKey };
  }

  /**
   * Brings the view in line with the active connection's sign-in state: context keys, description
   * and problems. Returns the key of the connection whose groups the view shows on its own;
   * undefined while no cluster is selected or nobody is signed in (the welcome content then says
   * what to do), and while each connection has a row of its own.
   */
  async update(): Promise<string | undefined> {
    const active = this.connections.active();
    const multiple = this.connections.multiple();
    // With a row per connection, each row says its own state, read when it is expanded: nothing here reads a secret.
    const readiness = multiple ? undefined : await active.session.readiness();
    this.updateFromSettings();
    const hostConfigured = multiple || (readiness?.state !== 'no-host' && readiness?.state !== 'invalid-host');
    if (hostConfigured) this.completeStep('selectCluster');
    if (readiness?.state === 'ready') this.completeStep('signIn');
    // Palette commands on the active connection say themselves when it is not signed in.
    setContext(ContextKeys.signedIn, multiple || readiness?.state === 'ready');
    // Without a usable host the readiness carries no settings; their problems (e.g. an ignored workspace value) still count.
    const settingsProblems = () => this.settings.read().problems;
    this.announce([
      ...(readiness ? viewProblems(readiness, settingsProblems) : settingsProblems()),
      ...this.connectionProblems(),
    ]);
    this.view.description = this.describe(this.selectedConnection() ?? active, readiness?.state === 'signed-out');
    const shown = readiness?.state === 'ready' ? readiness.spec.key : undefined;
    this.setListContext(multiple ? active.spec()?.key : shown);
    return shown;
  }

  /** From the saved choices of the connection palette commands act on, so that menus are right even while the view is hidden. */
  private setListContext(connectionKey: string | undefined): void {
    const options = connectionKey === undefined ? undefined : this.list.options(connectionKey);
    setContext(ContextKeys.filtered, Boolean(options?.name.trim()));
    setContext(ContextKeys.activeOnly, options?.activeOnly ?? false);
  }

  /**
   * The view's description names where the user is: the connection (its name, when it has one),
   * its cluster, its org once known, how it signs in, and whether it is production or signed out.
   */
  private describe(connection: Connection, signedOut = false): string | undefined {
    const spec = connection.spec();
    if (!spec) return undefined;
    const orgId = this.list.orgId(spec.key);
    const order = this.list.options(spec.key);
    return [
      spec.name || undefined,
      hostLabel(spec.origin),
      orgId === undefined ? undefined : vscode.l10n.t('org {0}', orgId),
      // Which order the rows are in; the catalog's is the one where moving a row reorders the catalog.
      isCatalogOrder(order) ? vscode.l10n.t('catalog order') : undefined,
      AUTH_METHOD_NAMES[spec.authMethod],
      spec.production ? vscode.l10n.t('PRODUCTION') : undefined,
      signedOut ? vscode.l10n.t('not signed in') : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
  }

  /** The connection of the selected row, when each connection has a row of its own. */
  private selectedConnection(): Connection | undefined {
    const id = this.connectionIdOf(this.view.selection[0]);
    return id === undefined || !this.connections.multiple() ? undefined : this.connections.get(id);
  }

  /** Each connection item of capillaryRewards.connections that is not usable, once: which, what is wrong, and that it is not used. */
  private connectionProblems(): string[] {
    return this.connections
      .entries()
      .flatMap((entry) =>
        entry.state === 'invalid' && entry.id !== ''
          ? [vscode.l10n.t('Connection {0} in capillaryRewards.connections: {1}', entry.name, entry.message)]
          : [],
      );
  }

  /** The connection a row belongs to (a connection row, anything under one, or a connection id given as a command argument). */
  connectionIdOf(node: unknown): string | undefined {
    if (typeof node === 'string') return node;
    if (node instanceof ConnectionNode) return node.id;
    if (node instanceof FieldNode) return node.parent.parent?.id;
    if (
      node instanceof GroupNode ||
      node instanceof LoadMoreNode ||
      node instanceof NoticeNode ||
      node instanceof HintNode
    ) {
      return node.parent?.id;
    }
    return undefined;
  }

  /** The cluster or the sign-in state changed: the rows and everything around them again. */
  stateChanged(): void {
    void this.update();
    this.tree.refresh();
  }

  /**
   * A new prefix, page size, timeout or method, or connections added or changed: the lists on
   * screen are read again with them. While the view is hidden only what the settings alone say is
   * updated: no secret is read for a view nobody sees.
   */
  async settingsChanged(): Promise<void> {
    this.noteChangedLists();
    this.tree.refresh();
    if (!this.view.visible) {
      this.updateFromSettings();
      return;
    }
    await this.update();
    this.refreshChangedLists();
  }

  /** What each connection's list is read with (prefix, method, page size, timeout), by connection key. */
  private listSettings(): Map<string, string> {
    const { pageSize, timeoutMs } = this.settings.read();
    const settings = new Map<string, string>();
    for (const entry of this.connections.entries()) {
      if (entry.state === 'ok') {
        settings.set(
          entry.spec.key,
          JSON.stringify([entry.spec.apiPrefix, entry.spec.authMethod, pageSize, timeoutMs]),
        );
      }
    }
    return settings;
  }

  /** Notes the connections whose lists are now read differently: their loaded lists are read again once on screen. */
  private noteChangedLists(): void {
    const now = this.listSettings();
    for (const [key, readWith] of now) {
      const before = this.readWith.get(key);
      if (before !== undefined && before !== readWith) this.stale.add(key);
    }
    this.readWith = now;
  }

  /** Reads again the stale lists on screen; a collapsed connection's, and the others, send nothing. */
  private refreshChangedLists(): void {
    const collapsed = this.connections.multiple() ? this.viewState.collapsed() : [];
    for (const connection of this.connections.all()) {
      const key = connection.spec()?.key;
      if (!key || !this.stale.has(key) || collapsed.includes(connection.id)) continue;
      this.stale.delete(key);
      if (this.list.get(key)) void this.list.refresh(key);
    }
  }

  /** A group was created in this window (the walkthrough's last step is done). */
  groupCreated(): void {
    setContext(ContextKeys.groupCreated, true);
    this.completeStep('createGroup');
  }

  /** The row a row command was invoked on, else the selected group row. */
  target(node?: unknown): GroupRef | undefined {
    const row =
      node instanceof GroupNode ? node : this.view.selection.find((n): n is GroupNode => n instanceof GroupNode);
    return row && { connectionKey: row.connectionKey, group: row.group };
  }

  /** Shows the group's row, selected; a row that cannot be revealed is only logged. */
  async reveal(connectionKey: string, group: Group): Promise<void> {
    try {
      await this.view.reveal(this.tree.nodeFor(connectionKey, group), { select: true, focus: false, expand: false });
    } catch (error) {
      this.log.warn(`Could not reveal group #${group.id}: ${errorText(error)}`);
    }
  }

  /** What a group row dropped on another does (the composition root sets it: views do not run commands). */
  onDropGroup?: (moved: GroupRef, onto: GroupRef) => Promise<void>;

  /** A drop: one group row onto another group row; anything else is refused with the reason. */
  private async dropped(target: GroupsTreeNode | undefined, value: unknown): Promise<void> {
    const moved = Array.isArray(value) ? value.filter((node): node is GroupNode => node instanceof GroupNode) : [];
    if (moved.length === 0) return;
    const refuse = (text: string) => void vscode.window.showWarningMessage(text);
    if (moved.length > 1) {
      return refuse(
        vscode.l10n.t('Move one group at a time: drop a single group onto the group whose place it should take.'),
      );
    }
    if (!(target instanceof GroupNode)) {
      return refuse(vscode.l10n.t("Drop the group onto another group: it takes that group's place in the catalog."));
    }
    await this.onDropGroup?.(
      { connectionKey: moved[0]!.connectionKey, group: moved[0]!.group },
      { connectionKey: target.connectionKey, group: target.group },
    );
  }

  /** Shows a group's Rewards row, expanded (its rewards are read then), and selects it. */
  async revealRewards(connectionKey: string, group: Group): Promise<void> {
    try {
      await this.view.reveal(this.tree.rewardsNodeFor(this.tree.nodeFor(connectionKey, group)), {
        select: true,
        focus: true,
        expand: true,
      });
    } catch (error) {
      this.log.warn(`Could not reveal the rewards of group #${group.id}: ${errorText(error)}`);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.view.dispose();
    this.tree.dispose();
  }

  /**
   * Ticks a walkthrough step. The `onContext:` completion events alone are not enough: VS Code
   * starts its walkthrough service when a walkthrough is first opened, and a context key that is
   * already set then counts as seen without ticking its step (gettingStartedService
   * registerDoneListeners), so steps done before the walkthrough was opened stayed unticked in
   * that window. Marking the step done is stored at once, even while VS Code is still registering
   * the steps (it then reports an unknown step, and is asked once more once they are registered).
   */
  private completeStep(step: WalkthroughStep, retried = false): void {
    if (this.stepsDone.has(step) && !retried) return;
    this.stepsDone.add(step);
    const mark = () => vscode.commands.executeCommand('welcome.markStepComplete', `${WALKTHROUGH}#${step}`);
    mark().then(undefined, (error: unknown) => {
      if (retried) this.log.warn(`Could not tick the walkthrough step ${step}: ${errorText(error)}`);
      else setTimeout(() => this.completeStep(step, true), WALKTHROUGH_REGISTRATION_MS);
    });
  }

  /**
   * A message line would hide an empty view's welcome content and its buttons, so problems stand
   * above rows only (showSummary); each new one is also announced once.
   */
  private announce(current: string[]): void {
    this.problems = current.join(' ') || undefined;
    for (const problem of current) if (!this.announced.has(problem)) announceProblem(problem);
    for (const problem of this.announced) if (!current.includes(problem)) this.announced.delete(problem);
    current.forEach((problem) => this.announced.add(problem));
  }

  private showSummary(summary: string | undefined): void {
    this.view.message = summary ? [this.problems, summary].filter(Boolean).join(' — ') : undefined;
  }
}

/** A warning with a way to the settings when the problem is one of them. */
function announceProblem(text: string): void {
  const openSettings = vscode.l10n.t('Open Settings');
  const actions = text.includes(`${SETTINGS_SECTION}.`) ? [openSettings] : [];
  void vscode.window.showWarningMessage(text, ...actions).then((choice) => {
    if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION);
  });
}

/** Problems that the view should state above its content, one sentence each. */
function viewProblems(readiness: Readiness, settingsProblems: () => string[]): string[] {
  // A connection item that is not usable is said by connectionProblems().
  if (readiness.state === 'invalid-host' && readiness.name) return settingsProblems();
  if (readiness.state === 'invalid-host') {
    return [
      vscode.l10n.t('The setting {0} is not usable: {1}', 'capillaryRewards.host', readiness.message),
      ...settingsProblems(),
    ];
  }
  if (readiness.state === 'no-host') return settingsProblems();
  if (readiness.state === 'signed-out' && readiness.keychainProblem) {
    return [readiness.keychainProblem, ...readiness.settings.problems];
  }
  return readiness.settings.problems;
}
