import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { createCore } from './core/createCore';
import { CredentialStore, SECRET_KEY_PREFIX } from './foundation/credentials';
import { RedactingLogger } from './foundation/log';
import { SETTINGS_SECTION } from './foundation/settings';
import type { CommandFlows, WindowDeps } from './flows';
import { editorWords } from './ui/editorWords';
import type { FileRef } from './ui/port';
import { CountingSecretStore, type TestApi } from './views/testApi';
import { ConnectionStatus } from './views/connectionStatus';
import { GroupsFileEditor } from './views/groupsFileEditor';
import { GroupsView, VIEW_ID } from './views/groupsView';
import { registerCommand, reportUnexpected } from './vscode/registerCommand';
import { ReadOnlyDocuments } from './vscode/readOnlyDocuments';
import { fileRef, isGroupsFileUri } from './vscode/vscodeFiles';
import { PlanTabs } from './vscode/planTabs';
import { createEditorRouter, editorDiagnosisNetwork } from './vscode/vscodeNetwork';
import { VSCodeSettings } from './vscode/vscodeSettings';

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
  // Routes nothing itself: VS Code's proxy support does. It adds the extra certificates to the roots.
  const route = createEditorRouter(settings);
  const core = createCore({ settings, credentials, state: context.globalState, log, route });
  const { connections, list, rewards, viewState, credentialMoves } = core;
  const view = new GroupsView(connections, list, settings, log, rewards, viewState);
  const status = new ConnectionStatus(connections, list);
  const documents = new ReadOnlyDocuments();
  const planTabs = new PlanTabs();

  const groupsFileEditor = new GroupsFileEditor(connections, async () => (await flows()).readGroupsFile);
  const deps: WindowDeps = {
    words: editorWords,
    settings,
    connections,
    viewState,
    credentialMoves,
    list,
    rewards,
    log,
    showLog,
    openSettings: () =>
      void vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.connections`),
    revealGroup: (connectionKey, group) => view.reveal(connectionKey, group),
    revealRewards: (connectionKey, group) => view.revealRewards(connectionKey, group),
    groupCreated: () => view.groupCreated(),
    network: editorDiagnosisNetwork(settings, context.extension.extensionKind),
    planShown: (documentName, file, connectionId) => planTabs.shown(documentName, file.uri, connectionId),
    compareShown: (documentName, fromId, toId) => planTabs.compared(documentName, fromId, toId),
    orgChanged: (connectionId) => planTabs.orgChanged(connectionId),
    stateChanged: () => {
      view.stateChanged();
      status.update();
      groupsFileEditor.refresh();
    },
  };
  const args = {
    group: (node: unknown) => view.target(node),
    connectionId: (node: unknown) => view.connectionIdOf(node),
    file: fileArg,
    shownPlan: () => planTabs.active(),
    shownComparison: () => planTabs.activeComparison(),
  };
  // The command flows are a bundle of their own (src/flows.ts), loaded on the first command, drop
  // or groups file opened: activation neither parses nor evaluates them.
  let flowsMade: CommandFlows | undefined;
  let flowsLoading: Promise<CommandFlows> | undefined;
  const flows = () =>
    (flowsLoading ??= (async () => {
      const loadStarted = performance.now();
      const { createCommandFlows } = await import('./flows');
      const onButtonError = (error: unknown) => reportUnexpected('A button on a message', error, handling);
      flowsMade = createCommandFlows({ deps, args, viewId: VIEW_ID, documents, onButtonError });
      log.info(`Command flows loaded in ${(performance.now() - loadStarted).toFixed(1)} ms`);
      return flowsMade;
    })());
  view.onDropGroup = (moved, onto) =>
    flows()
      .then((made) => made.dropGroup(moved, onto))
      .catch((error: unknown) => reportUnexpected('Moving a group', error, handling));
  // Every command the manifest contributes; the manifest test checks it lists the command table's ids, no more, no fewer.
  const commandIds = (context.extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes
    .commands;
  context.subscriptions.push(
    settings,
    channel,
    core,
    view,
    status,
    documents,
    groupsFileEditor,
    planTabs,
    ...commandIds.map(({ command }) =>
      registerCommand(
        command,
        async (...commandArgs: unknown[]) => (await flows()).table[command]!(...commandArgs),
        handling,
      ),
    ),
    { dispose: () => flowsMade?.dispose() },
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
  // The first read of the settings (every layer inspected, every connection parsed) is most of what
  // starting costs: done right after activation, so that VS Code and the other extensions go on
  // meanwhile. It draws what they decide: the view's title and welcome, the status bar item.
  const firstDraw = setTimeout(() => {
    const drawStarted = performance.now();
    view.start();
    status.update();
    log.info(`Settings read and drawn in ${ms(performance.now() - drawStarted)} ms, after activation`);
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(firstDraw) });
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
