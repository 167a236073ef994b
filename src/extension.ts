import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { errorText } from './api/errors';
import type { Group } from './api/types';
import { copyGroupId } from './commands/copyId';
import { copyGroupJson } from './commands/copyJson';
import { createGroup } from './commands/createGroup';
import type { CommandDeps } from './commands/deps';
import { editGroup } from './commands/editGroup';
import { findGroup } from './commands/findGroup';
import { clearFilter, filterByName, showActiveOnly, sortGroups } from './commands/listView';
import { openGroupJson } from './commands/openJson';
import { loadMore, refresh } from './commands/refresh';
import { selectCluster } from './commands/selectCluster';
import { setGroupActive } from './commands/setActive';
import { signIn } from './commands/signIn';
import { signOut } from './commands/signOut';
import { CredentialStore, SECRET_KEY_PREFIX } from './credentials';
import { GroupList } from './groups/groupList';
import { GroupService, type Readiness } from './groups/groupService';
import { logRequest, RedactingLogger } from './log';
import { hostLabel, SETTINGS_SECTION } from './settings';
import { GroupNode, GroupsTreeProvider, type GroupsTreeNode } from './views/groupsTree';
import { ReadOnlyDocuments } from './vscode/readOnlyDocuments';
import { VSCodeSettings } from './vscode/vscodeSettings';
import { VSCodeUi } from './vscode/vscodeUi';

/** Set by the bundle's first line (esbuild banner): when Node started evaluating it. */
declare const __bundleStart: number | undefined;
/** This module is evaluated last in the bundle: the difference is the bundle's evaluation time. */
const bundleEvaluatedIn = typeof __bundleStart === 'number' ? performance.now() - __bundleStart : undefined;

export const VIEW_ID = 'capillaryRewards.groups';
const LOG_NAME = 'Capillary Rewards';

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
 * What extension-host tests may reach, and only when VS Code runs the extension under tests
 * (ExtensionMode.Test): in normal use activate() exports nothing, so no other extension can
 * touch credentials or the service.
 */
export interface TestApi {
  tree: GroupsTreeProvider;
  credentials: CredentialStore;
  service: GroupService;
  list: GroupList;
}

/**
 * Composition root: builds every part once and registers it in context.subscriptions.
 * Nothing here touches the network or SecretStorage; that waits until the view is shown
 * or a command runs.
 */
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const activateStarted = performance.now();
  // The modules without a 'vscode' import translate with @vscode/l10n: give it the bundle VS Code loaded, so that both show the same language.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const channel = vscode.window.createOutputChannel(LOG_NAME, { log: true });
  const log = new RedactingLogger(channel);
  const settings = new VSCodeSettings();
  const credentials = new CredentialStore(context.secrets);
  const service = new GroupService(settings, credentials, { onRequest: (entry) => logRequest(log, entry), onSecret: (value) => log.addSecret(value) });
  const list = new GroupList((query, signal) => service.listGroups(query, signal), context.globalState, () => settings.read().pageSize);
  const documents = new ReadOnlyDocuments();
  const setContext = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);

  // The view shows the current host's groups only once someone is signed in to it;
  // otherwise it stays empty and its welcome content (driven by context keys) says what to do.
  let problems: string | undefined;
  /** Problems already announced: each is announced once, until it is fixed. */
  const announced = new Set<string>();
  const updateViewState = async (): Promise<string | undefined> => {
    const readiness = await service.readiness();
    setContext(ContextKeys.hostConfigured, readiness.state !== 'no-host' && readiness.state !== 'invalid-host');
    setContext(ContextKeys.hostInvalid, readiness.state === 'invalid-host');
    setContext(ContextKeys.signedIn, readiness.state === 'ready');
    const current = viewProblems(readiness);
    problems = current.join(' ') || undefined;
    // A message line would hide an empty view's welcome content and its buttons, so problems
    // stand above rows only (showSummary); each new one is also announced once.
    for (const problem of current) if (!announced.has(problem)) announceProblem(problem);
    for (const problem of announced) if (!current.includes(problem)) announced.delete(problem);
    current.forEach((problem) => announced.add(problem));
    view.description = readiness.state === 'ready' || readiness.state === 'signed-out' ? hostLabel(readiness.origin) : undefined;
    // From the saved choices, so that menus are right even while the view is hidden.
    const options = readiness.state === 'ready' ? list.options(readiness.origin) : undefined;
    setContext(ContextKeys.filtered, Boolean(options?.name.trim()));
    setContext(ContextKeys.activeOnly, options?.activeOnly ?? false);
    return readiness.state === 'ready' ? readiness.origin : undefined;
  };
  const showSummary = (summary: string | undefined) => {
    view.message = summary ? [problems, summary].filter(Boolean).join(' — ') : undefined;
  };

  const tree = new GroupsTreeProvider(list, updateViewState, showSummary);
  const view = vscode.window.createTreeView<GroupsTreeNode>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  setContext(ContextKeys.hostConfigured, settings.read().host.state === 'ok');

  const deps: CommandDeps = {
    ui: new VSCodeUi(VIEW_ID, documents),
    settings,
    credentials,
    service,
    list,
    log,
    drafts: {},
    showLog: () => channel.show(true),
    revealGroup: async (origin: string, group: Group) => {
      try {
        await view.reveal(tree.nodeFor(origin, group), { select: true, focus: false, expand: false });
      } catch (error) {
        log.warn(`Could not reveal group #${group.id}: ${errorText(error)}`);
      }
    },
    // Context keys too, so that menus are right while the view is hidden.
    groupCreated: () => setContext(ContextKeys.groupCreated, true),
    stateChanged: () => {
      void updateViewState();
      tree.refresh();
    },
  };

  /** The row a row command was invoked on, else the selected group row. */
  const target = (node?: unknown): { origin: string; group: Group } | undefined => {
    const row = node instanceof GroupNode ? node : view.selection.find((n): n is GroupNode => n instanceof GroupNode);
    return row && { origin: row.origin, group: row.group };
  };

  const register = (id: string, handler: (...args: never[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        await handler(...args);
      } catch (error) {
        // Flows report their own failures; this is the net for the unexpected.
        const text = errorText(error);
        log.error(`${id} failed: ${error instanceof Error && error.stack ? error.stack : text}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Capillary Rewards: {0}', log.redact(text)), vscode.l10n.t('Show Log')).then((choice) => {
          if (choice) channel.show(true);
        });
      }
    });

  context.subscriptions.push(
    channel,
    list,
    tree,
    view,
    documents,
    register('capillaryRewards.createGroup', () => createGroup(deps)),
    register('capillaryRewards.signIn', () => signIn(deps)),
    register('capillaryRewards.signOut', () => signOut(deps)),
    register('capillaryRewards.selectCluster', () => selectCluster(deps)),
    register('capillaryRewards.refresh', () => refresh(deps)),
    register('capillaryRewards.loadMore', () => loadMore(deps)),
    register('capillaryRewards.findGroup', () => findGroup(deps)),
    register('capillaryRewards.filter', () => filterByName(deps)),
    register('capillaryRewards.clearFilter', () => clearFilter(deps)),
    register('capillaryRewards.showActiveOnly', () => showActiveOnly(deps, true)),
    register('capillaryRewards.showAllGroups', () => showActiveOnly(deps, false)),
    register('capillaryRewards.sort', () => sortGroups(deps)),
    register('capillaryRewards.copyId', (node?: unknown) => copyGroupId(deps, target(node))),
    register('capillaryRewards.copyJson', (node?: unknown) => copyGroupJson(deps, target(node))),
    register('capillaryRewards.openJson', (node?: unknown) => openGroupJson(deps, target(node))),
    register('capillaryRewards.editGroup', (node?: unknown) => editGroup(deps, target(node))),
    register('capillaryRewards.deactivateGroup', (node?: unknown) => setGroupActive(deps, target(node), false)),
    register('capillaryRewards.activateGroup', (node?: unknown) => setGroupActive(deps, target(node), true)),
    register('capillaryRewards.showLog', async () => channel.show(true)),
    // The service builds a new client whenever host, prefix, timeout or credentials differ.
    settings.onDidChange(async () => {
      tree.refresh();
      // A new prefix, page size, timeout or method: the list on screen is read again with it.
      const origin = await updateViewState();
      if (origin && list.get(origin)) void list.refresh(origin);
    }),
    context.secrets.onDidChange((event) => {
      if (!event.key.startsWith(SECRET_KEY_PREFIX)) return;
      credentials.forget();
      deps.stateChanged();
    }),
  );
  const ms = (value: number) => value.toFixed(1);
  log.info(`Activated in ${ms(performance.now() - activateStarted)} ms${bundleEvaluatedIn === undefined ? '' : ` (bundle evaluated in ${ms(bundleEvaluatedIn)} ms)`}`);
  return context.extensionMode === vscode.ExtensionMode.Test ? { tree, credentials, service, list } : undefined;
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
function viewProblems(readiness: Readiness): string[] {
  if (readiness.state === 'invalid-host') return [vscode.l10n.t('The setting {0} is not usable: {1}', 'capillaryRewards.host', readiness.message)];
  if (readiness.state === 'no-host') return [];
  if (readiness.state === 'signed-out' && readiness.keychainProblem) return [readiness.keychainProblem];
  return readiness.settings.problems;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
