import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { planGroupsFile } from './commands/planGroups';
import { groupJson } from './commands/copyJson';
import { commandTable } from './commands/commandTable';
import { editorWords } from './ui/editorWords';
import type { FileRef } from './ui/port';
import type { CommandDeps } from './commands/deps';
import { moveGroup } from './commands/moveGroup';
import { jsonDocumentPrefix } from './commands/openJson';
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
  const { connections, list, rewards, viewState, credentialMoves } = core;
  const view = new GroupsView(connections, list, settings, log, rewards, viewState);
  const status = new ConnectionStatus(connections, list);
  const documents = new ReadOnlyDocuments();
  const groupsFileEditor = new GroupsFileEditor(connections);
  const planTabs = new PlanTabs();

  const deps: CommandDeps = {
    ui: new VSCodeUi(VIEW_ID, documents, (error) => reportUnexpected('A button on a message', error, handling)),
    words: editorWords,
    settings,
    connections,
    viewState,
    credentialMoves,
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
  view.onDropGroup = (moved, onto) =>
    moveGroup(deps, moved, { onto }).catch((error: unknown) => reportUnexpected('Moving a group', error, handling));
  const table = commandTable(deps, {
    group: (node) => view.target(node),
    connectionId: (node) => view.connectionIdOf(node),
    file: fileArg,
    shownPlan: () => planTabs.active(),
    shownComparison: () => planTabs.activeComparison(),
  });
  context.subscriptions.push(
    settings,
    channel,
    core,
    view,
    status,
    documents,
    groupsFileEditor,
    planTabs,
    ...Object.entries(table).map(([id, handler]) => registerCommand(id, handler, handling)),
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
 * A groups file given to a command: a URI, or a string that is a groups file's URI (a keybinding's
 * or another extension's argument); anything else is ignored.
 */
function fileArg(value: unknown): FileRef | undefined {
  const uri =
    value instanceof vscode.Uri
      ? value
      : typeof value === 'string' && /^[a-z][\w+.-]+:\/\//i.test(value)
        ? vscode.Uri.parse(value)
        : undefined;
  return uri && isGroupsFileUri(uri) ? fileRef(uri) : undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
