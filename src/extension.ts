import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { copyGroupId } from './commands/copyId';
import { copyGroupJson, groupJson } from './commands/copyJson';
import { createGroup } from './commands/createGroup';
import type { CommandDeps } from './commands/deps';
import { editGroup } from './commands/editGroup';
import { findGroup } from './commands/findGroup';
import { clearFilter, filterByName, showActiveOnly, sortGroups } from './commands/listView';
import { jsonDocumentPrefix, openGroupJson } from './commands/openJson';
import { loadMore, refresh } from './commands/refresh';
import { selectCluster } from './commands/selectCluster';
import { setGroupActive } from './commands/setActive';
import { signIn } from './commands/signIn';
import { signOut } from './commands/signOut';
import { CredentialStore, SECRET_KEY_PREFIX } from './credentials';
import { GroupList } from './groups/groupList';
import { GroupService } from './groups/groupService';
import { logRequest, RedactingLogger } from './log';
import { Session } from './session';
import { CountingSecretStore, type TestApi } from './testApi';
import { GroupsView, VIEW_ID } from './views/groupsView';
import { registerCommand, reportUnexpected } from './vscode/registerCommand';
import { ReadOnlyDocuments } from './vscode/readOnlyDocuments';
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
  const session = new Session(settings, credentials, { onRequest: (entry) => logRequest(log, entry), secrets: log, onWarning: (text) => log.warn(text) });
  const groups = new GroupService(session);
  const list = new GroupList(
    (query, signal) => groups.listGroups(query, signal),
    context.globalState,
    () => settings.read().pageSize,
  );
  const view = new GroupsView(session, list, settings, log);
  const documents = new ReadOnlyDocuments();

  const deps: CommandDeps = {
    ui: new VSCodeUi(VIEW_ID, documents, (error) => reportUnexpected('A button on a message', error, handling)),
    settings,
    session,
    groups,
    list,
    log,
    drafts: {},
    showLog,
    revealGroup: (origin, group) => view.reveal(origin, group),
    groupCreated: () => view.groupCreated(),
    stateChanged: () => view.stateChanged(),
  };

  const command = (id: string, handler: (...args: never[]) => unknown) => registerCommand(id, handler, handling);
  context.subscriptions.push(
    settings,
    channel,
    list,
    view,
    documents,
    command('capillaryRewards.createGroup', () => createGroup(deps)),
    command('capillaryRewards.signIn', () => signIn(deps)),
    command('capillaryRewards.signOut', () => signOut(deps)),
    command('capillaryRewards.selectCluster', () => selectCluster(deps)),
    command('capillaryRewards.refresh', () => refresh(deps)),
    command('capillaryRewards.loadMore', () => loadMore(deps)),
    command('capillaryRewards.findGroup', () => findGroup(deps)),
    command('capillaryRewards.filter', () => filterByName(deps)),
    command('capillaryRewards.clearFilter', () => clearFilter(deps)),
    command('capillaryRewards.showActiveOnly', () => showActiveOnly(deps, true)),
    command('capillaryRewards.showAllGroups', () => showActiveOnly(deps, false)),
    command('capillaryRewards.sort', () => sortGroups(deps)),
    command('capillaryRewards.copyId', (node?: unknown) => copyGroupId(deps, view.target(node))),
    command('capillaryRewards.copyJson', (node?: unknown) => copyGroupJson(deps, view.target(node))),
    command('capillaryRewards.openJson', (node?: unknown) => openGroupJson(deps, view.target(node))),
    command('capillaryRewards.editGroup', (node?: unknown) => editGroup(deps, view.target(node))),
    command('capillaryRewards.deactivateGroup', (node?: unknown) => setGroupActive(deps, view.target(node), false)),
    command('capillaryRewards.activateGroup', (node?: unknown) => setGroupActive(deps, view.target(node), true)),
    command('capillaryRewards.showLog', showLog),
    // An open JSON tab of a group shows it as changed or looked up here.
    list.onDidUpdateGroup(({ origin, group }) => documents.replace(jsonDocumentPrefix(origin, group.id), groupJson(group))),
    // The session builds a new client whenever host, prefix, timeout or credentials differ.
    settings.onDidChange(() => void view.settingsChanged()),
    context.secrets.onDidChange((event) => {
      if (!event.key.startsWith(SECRET_KEY_PREFIX)) return;
      credentials.forget();
      view.stateChanged();
    }),
  );

  const ms = (value: number) => value.toFixed(1);
  log.info(`Activated in ${ms(performance.now() - activateStarted)} ms${bundleEvaluatedIn === undefined ? '' : ` (bundle evaluated in ${ms(bundleEvaluatedIn)} ms)`}`);
  if (!countingSecrets) return undefined;
  return { tree: view.tree, credentials, session, groups, list, secretReads: () => countingSecrets.reads };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
