import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { addConnection } from './commands/addConnection';
import { applyGroupsFile } from './commands/applyGroups';
import { compareConnections } from './commands/compareConnections';
import { exportGroups } from './commands/exportGroups';
import { planGroupsFile } from './commands/planGroups';
import { copyGroupId } from './commands/copyId';
import { copyGroupJson, groupJson } from './commands/copyJson';
import { createGroup } from './commands/createGroup';
import type { CommandDeps } from './commands/deps';
import { editGroup } from './commands/editGroup';
import { findGroup } from './commands/findGroup';
import { loadGroupRewards, showGroupRewards } from './commands/groupRewards';
import { moveGroup } from './commands/moveGroup';
import { clearFilter, filterByName, showActiveOnly, sortGroups } from './commands/listView';
import { jsonDocumentPrefix, openGroupJson } from './commands/openJson';
import { loadMore, refresh } from './commands/refresh';
import { selectCluster } from './commands/selectCluster';
import { setGroupActive } from './commands/setActive';
import { signInTo } from './commands/signIn';
import { signOut } from './commands/signOut';
import { removeConnection } from './commands/removeConnection';
import { renameConnection } from './commands/renameConnection';
import { switchConnection } from './commands/switchConnection';
import { createCore } from './core/createCore';
import { CredentialStore, SECRET_KEY_PREFIX } from './foundation/credentials';
import { RedactingLogger } from './foundation/log';
import { SETTINGS_SECTION } from './foundation/settings';
import { CountingSecretStore, type TestApi } from './views/testApi';
import { ConnectionStatus } from './views/connectionStatus';
import { GroupsFileEditor } from './views/groupsFileEditor';
import { GroupsView, VIEW_ID } from './views/groupsView';
import { registerCommand, reportUnexpected } from './vscode/registerCommand';
import { ReadOnlyDocuments } from './vscode/readOnlyDocuments';
import { fileRef, isGroupsFileUri, VSCodeGroupsFiles } from './vscode/vscodeFiles';
import { PlanTabs } from './vscode/planTabs';
import { VSCodeSettings } from './vscode/vscodeSettings';
import { VSCodeUi } from './vscode/vscodeUi';

/** Set by the bundle's first line (esbuild banner): when Node started evaluating it. */
declare const __bundleStart: number | undefined;
/** This module is evaluated last in the bundle: the difference is the bundle's evaluation time. */
const bundleEvaluatedIn = typeof __bundleStart === 'number' ? performance.now() - __bundleStart : undefined;

const LOG_NAME = 'Capillary Rewards';

/**
 * Composition root: builds every part once, wires them, and registers each in
 * context.subscriptions. Nothing here touches the network or SecretStorage; that waits until the
 * view is shown or a command runs.
 */
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const activateStarted = performance.now();
  const underTest = context.extensionMode === vscode.ExtensionMode.Test;
  // The modules without a 'vscode' import translate with @vscode/l10n: give it the bundle VS Code loaded, so that both show the same language.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });

  const channel = vscode.window.createOutputChannel(LOG_NAME, { log: true });
  const log = new RedactingLogger(channel);
  const showLog = () => channel.show(true);
  const handling = { log, showLog, rethrow: underTest };
  const settings = new VSCodeSettings();
  const countingSecrets = underTest ? new CountingSecretStore(context.secrets) : undefined;
  const credentials = new CredentialStore(countingSecrets ?? context.secrets);
  const core = createCore({ settings, credentials, state: context.globalState, log });
  const { connections, list, rewards } = core;
  const view = new GroupsView(connections, list, settings, log, rewards);
  const status = new ConnectionStatus(connections, list);
  view.onDropGroup = (moved, onto) =>
    moveGroup(deps, moved, { onto }).catch((error: unknown) => reportUnexpected('Moving a group', error, handling));
  const documents = new ReadOnlyDocuments();
  const groupsFileEditor = new GroupsFileEditor(connections);
  const planTabs = new PlanTabs();

  const deps: CommandDeps = {
    ui: new VSCodeUi(VIEW_ID, documents, (error) => reportUnexpected('A button on a message', error, handling)),
    settings,
    connections,
    list,
    rewards,
    log,
    files: new VSCodeGroupsFiles(),
    drafts: {},
    baselines: new Map(),
    showLog,
    openSettings: () =>
      void vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.connections`),
    revealGroup: (connectionKey, group) => view.reveal(connectionKey, group),
    revealRewards: (connectionKey, group) => view.revealRewards(connectionKey, group),
    groupCreated: () => view.groupCreated(),
    planGroupsFile: (file, connectionId) => planGroupsFile(deps, file, connectionId),
    planShown: (documentName, file, connectionId) => planTabs.shown(documentName, file.uri, connectionId),
    compareShown: (documentName, fromId, toId) => planTabs.compared(documentName, fromId, toId),
    orgChanged: (connectionId) => planTabs.orgChanged(connectionId),
    stateChanged: () => {
      view.stateChanged();
      status.update();
      groupsFileEditor.refresh();
    },
  };
  // A CodeLens or the Explorer passes the file's URI, and a CodeLens the connection it names.
  // A string is taken when it is a groups file's URI (a keybinding's or another extension's argument); anything else is ignored.
  const fileArg = (value: unknown) => {
    const uri =
      value instanceof vscode.Uri
        ? value
        : typeof value === 'string' && /^[a-z][\w+.-]+:\/\//i.test(value)
          ? vscode.Uri.parse(value)
          : undefined;
    return uri && isGroupsFileUri(uri) ? fileRef(uri) : undefined;
  };
  const idArg = (value: unknown) => (typeof value === 'string' ? value : undefined);

  const command = (id: string, handler: (...args: never[]) => unknown) => registerCommand(id, handler, handling);
  context.subscriptions.push(
    settings,
    channel,
    core,
    view,
    status,
    documents,
    groupsFileEditor,
    planTabs,
    // Palette and view-title commands act on the active connection: VS Code passes a title button the
    // focused row, which must not decide where a group is created.
    command('capillaryRewards.createGroup', () => createGroup(deps)),
    command('capillaryRewards.signIn', () => signInTo(deps)),
    command('capillaryRewards.signOut', () => signOut(deps)),
    command('capillaryRewards.selectCluster', () => selectCluster(deps)),
    command('capillaryRewards.refresh', () => refresh(deps)),
    command('capillaryRewards.loadMore', (connectionKey?: unknown) =>
      loadMore(deps, typeof connectionKey === 'string' ? connectionKey : undefined),
    ),
    command('capillaryRewards.findGroup', () => findGroup(deps)),
    command('capillaryRewards.filter', () => filterByName(deps)),
    command('capillaryRewards.clearFilter', () => clearFilter(deps)),
    command('capillaryRewards.showActiveOnly', () => showActiveOnly(deps, true)),
    command('capillaryRewards.showAllGroups', () => showActiveOnly(deps, false)),
    command('capillaryRewards.sort', () => sortGroups(deps)),
    command('capillaryRewards.addConnection', () => addConnection(deps)),
    command('capillaryRewards.removeConnection', () => removeConnection(deps)),
    command('capillaryRewards.renameConnection', () => renameConnection(deps)),
    command('capillaryRewards.switchConnection', () => switchConnection(deps)),
    command('capillaryRewards.exportGroups', () => exportGroups(deps)),
    command('capillaryRewards.planGroups', (uri?: unknown, id?: unknown) =>
      planGroupsFile(deps, fileArg(uri), idArg(id)),
    ),
    command('capillaryRewards.applyGroups', (uri?: unknown, id?: unknown) =>
      applyGroupsFile(deps, fileArg(uri), idArg(id)),
    ),
    // The plan diff's title bar: the plan in the active tab, to the connection it was made against.
    command('capillaryRewards.applyShownPlan', () => {
      const plan = planTabs.active();
      return plan ? applyGroupsFile(deps, fileArg(plan.fileUri), plan.connectionId) : applyGroupsFile(deps);
    }),
    command('capillaryRewards.planShownAgain', () => {
      const plan = planTabs.active();
      return plan ? planGroupsFile(deps, fileArg(plan.fileUri), plan.connectionId) : planGroupsFile(deps);
    }),
    command('capillaryRewards.compareConnections', () => compareConnections(deps)),
    // A stale comparison's title bar: the same two orgs, read again.
    command('capillaryRewards.compareShownAgain', () => compareConnections(deps, planTabs.activeComparison())),
    // A connection row's menu, and the rows under it (a hint or a notice pass the connection's id).
    ...rowCommands(deps, command, (node) => view.connectionIdOf(node)),
    command('capillaryRewards.copyId', (node?: unknown) => copyGroupId(deps, view.target(node))),
    command('capillaryRewards.copyJson', (node?: unknown) => copyGroupJson(deps, view.target(node))),
    command('capillaryRewards.openJson', (node?: unknown) => openGroupJson(deps, view.target(node))),
    command('capillaryRewards.editGroup', (node?: unknown) => editGroup(deps, view.target(node))),
    command('capillaryRewards.deactivateGroup', (node?: unknown) => setGroupActive(deps, view.target(node), false)),
    command('capillaryRewards.activateGroup', (node?: unknown) => setGroupActive(deps, view.target(node), true)),
    command('capillaryRewards.moveGroupUp', (node?: unknown) => moveGroup(deps, view.target(node), { by: -1 })),
    command('capillaryRewards.moveGroupDown', (node?: unknown) => moveGroup(deps, view.target(node), { by: 1 })),
    command('capillaryRewards.moveGroupToTop', (node?: unknown) => moveGroup(deps, view.target(node), { toPlace: 0 })),
    command('capillaryRewards.moveGroupToPosition', (node?: unknown) =>
      moveGroup(deps, view.target(node), { toPlace: 'ask' }),
    ),
    command('capillaryRewards.showGroupRewards', (node?: unknown) => showGroupRewards(deps, view.target(node))),
    command('capillaryRewards.loadGroupRewards', (connectionKey?: unknown, groupName?: unknown, brandId?: unknown) =>
      typeof connectionKey === 'string' && typeof groupName === 'string'
        ? loadGroupRewards(deps, connectionKey, groupName, typeof brandId === 'number' ? brandId : undefined)
        : undefined,
    ),
    command('capillaryRewards.showLog', showLog),
    // An open JSON tab of a group shows it as changed or looked up here.
    list.onDidUpdateGroup(({ connectionKey, group }) =>
      documents.replace(jsonDocumentPrefix(connectionKey, group.id), groupJson(group)),
    ),
    // The org id, once a list shows it, is named by the status bar.
    list.onDidChange(() => status.update()),
    connections.onDidChangeActive(() => {
      status.update();
      groupsFileEditor.refresh();
    }),
    // Each session builds a new client whenever host, prefix, timeout or credentials differ.
    settings.onDidChange(() => {
      status.update();
      groupsFileEditor.refresh();
      void view.settingsChanged();
    }),
    context.secrets.onDidChange((event) => {
      if (!event.key.startsWith(SECRET_KEY_PREFIX)) return;
      credentials.forget();
      view.stateChanged();
    }),
  );

  const ms = (value: number) => value.toFixed(1);
  log.info(
    `Activated in ${ms(performance.now() - activateStarted)} ms${bundleEvaluatedIn === undefined ? '' : ` (bundle evaluated in ${ms(bundleEvaluatedIn)} ms)`}`,
  );
  if (!countingSecrets) return undefined;
  return {
    tree: view.tree,
    credentials,
    connections,
    list,
    secretReads: () => countingSecrets.reads,
    secretKeysRead: () => countingSecrets.keysRead,
    globalState: context.globalState,
  };
}

/**
 * The commands of a connection row: each acts on that row's connection (never on the active one
 * instead: a row whose connection is gone is refused).
 */
function rowCommands(
  deps: CommandDeps,
  command: (id: string, handler: (...args: never[]) => unknown) => vscode.Disposable,
  idOf: (node: unknown) => string | undefined,
): vscode.Disposable[] {
  const on = (action: (id: string) => unknown) => (node?: unknown) => {
    const id = idOf(node);
    return id === undefined ? undefined : action(id);
  };
  return [
    command(
      'capillaryRewards.connection.createGroup',
      on((id) => createGroup(deps, undefined, id)),
    ),
    command(
      'capillaryRewards.connection.refresh',
      on((id) => refresh(deps, id)),
    ),
    command(
      'capillaryRewards.connection.findGroup',
      on((id) => findGroup(deps, undefined, id)),
    ),
    command(
      'capillaryRewards.connection.filter',
      on((id) => filterByName(deps, id)),
    ),
    command(
      'capillaryRewards.connection.clearFilter',
      on((id) => clearFilter(deps, id)),
    ),
    command(
      'capillaryRewards.connection.showActiveOnly',
      on((id) => showActiveOnly(deps, true, id)),
    ),
    command(
      'capillaryRewards.connection.showAllGroups',
      on((id) => showActiveOnly(deps, false, id)),
    ),
    command(
      'capillaryRewards.connection.sort',
      on((id) => sortGroups(deps, id)),
    ),
    command(
      'capillaryRewards.connection.makeActive',
      on((id) => switchConnection(deps, id)),
    ),
    command(
      'capillaryRewards.connection.signIn',
      on((id) => signInTo(deps, id)),
    ),
    command(
      'capillaryRewards.connection.signOut',
      on((id) => signOut(deps, id)),
    ),
    command(
      'capillaryRewards.connection.selectCluster',
      on((id) => selectCluster(deps, id)),
    ),
    command(
      'capillaryRewards.connection.exportGroups',
      on((id) => exportGroups(deps, id)),
    ),
    command(
      'capillaryRewards.connection.remove',
      on((id) => removeConnection(deps, id)),
    ),
    command(
      'capillaryRewards.connection.rename',
      on((id) => renameConnection(deps, id)),
    ),
  ];
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
