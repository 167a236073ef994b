import * as vscode from 'vscode';
import { errorText } from '../api/errors';
import type { Group } from '../api/types';
import type { GroupList } from '../groups/groupList';
import type { GroupRef } from '../groups/groupService';
import type { Logger } from '../log';
import type { Readiness, Session } from '../session';
import { hostLabel, SETTINGS_SECTION, type SettingsSource } from '../settings';
import { GroupNode, GroupsTreeProvider, type GroupsTreeNode } from './groupsTree';

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
export class GroupsView implements vscode.Disposable {
  readonly tree: GroupsTreeProvider;
  private readonly view: vscode.TreeView<GroupsTreeNode>;
  /** The problems of the last update, one sentence each, shown above the rows. */
  private problems?: string;
  /** Problems already announced: each is announced once, until it is fixed. */
  private readonly announced = new Set<string>();
  /** Walkthrough steps already marked done in this window. */
  private readonly stepsDone = new Set<WalkthroughStep>();

  constructor(
    private readonly session: Session,
    private readonly list: GroupList,
    private readonly settings: SettingsSource,
    private readonly log: Logger,
  ) {
    this.tree = new GroupsTreeProvider(
      list,
      () => this.update(),
      (summary) => this.showSummary(summary),
    );
    this.view = vscode.window.createTreeView<GroupsTreeNode>(VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true });
    // From the settings alone, so that start-up reads no secret.
    setContext(ContextKeys.hostConfigured, settings.read().host.state === 'ok');
  }

  /**
   * Brings the view in line with the sign-in state: context keys, description and problems.
   * Returns the host whose groups the view shows; undefined while no cluster is selected or
   * nobody is signed in (the welcome content then says what to do).
   */
  async update(): Promise<string | undefined> {
    const readiness = await this.session.readiness();
    const hostConfigured = readiness.state !== 'no-host' && readiness.state !== 'invalid-host';
    setContext(ContextKeys.hostConfigured, hostConfigured);
    setContext(ContextKeys.hostInvalid, readiness.state === 'invalid-host');
    setContext(ContextKeys.signedIn, readiness.state === 'ready');
    if (hostConfigured) this.completeStep('selectCluster');
    if (readiness.state === 'ready') this.completeStep('signIn');
    // Without a usable host the readiness carries no settings; their problems (e.g. an ignored workspace value) still count.
    this.announce(viewProblems(readiness, () => this.settings.read().problems));
    this.view.description = readiness.state === 'ready' || readiness.state === 'signed-out' ? hostLabel(readiness.origin) : undefined;
    // From the saved choices, so that menus are right even while the view is hidden.
    const options = readiness.state === 'ready' ? this.list.options(readiness.origin) : undefined;
    setContext(ContextKeys.filtered, Boolean(options?.name.trim()));
    setContext(ContextKeys.activeOnly, options?.activeOnly ?? false);
    return readiness.state === 'ready' ? readiness.origin : undefined;
  }

  /** The cluster or the sign-in state changed: the rows and everything around them again. */
  stateChanged(): void {
    void this.update();
    this.tree.refresh();
  }

  /** A new prefix, page size, timeout or method: the list on screen is read again with it. */
  async settingsChanged(): Promise<void> {
    this.tree.refresh();
    const origin = await this.update();
    if (origin && this.list.get(origin)) void this.list.refresh(origin);
  }

  /** A group was created in this window (the walkthrough's last step is done). */
  groupCreated(): void {
    setContext(ContextKeys.groupCreated, true);
    this.completeStep('createGroup');
  }

  /** The row a row command was invoked on, else the selected group row. */
  target(node?: unknown): GroupRef | undefined {
    const row = node instanceof GroupNode ? node : this.view.selection.find((n): n is GroupNode => n instanceof GroupNode);
    return row && { origin: row.origin, group: row.group };
  }

  /** Shows the group's row, selected; a row that cannot be revealed is only logged. */
  async reveal(origin: string, group: Group): Promise<void> {
    try {
      await this.view.reveal(this.tree.nodeFor(origin, group), { select: true, focus: false, expand: false });
    } catch (error) {
      this.log.warn(`Could not reveal group #${group.id}: ${errorText(error)}`);
    }
  }

  dispose(): void {
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
  if (readiness.state === 'invalid-host') return [vscode.l10n.t('The setting {0} is not usable: {1}', 'capillaryRewards.host', readiness.message), ...settingsProblems()];
  if (readiness.state === 'no-host') return settingsProblems();
  if (readiness.state === 'signed-out' && readiness.keychainProblem) return [readiness.keychainProblem, ...readiness.settings.problems];
  return readiness.settings.problems;
}
