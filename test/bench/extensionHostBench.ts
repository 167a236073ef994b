// Runs inside the extension host (see test/bench/bench.ts): list timings and heap as pages load; or, with
// BENCH_PART_ENV set, the groups-file plan (test/bench/groupsFilesBench.ts).

import * as fs from 'fs';
import * as net from 'net';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { md5Hex } from '../../src/api/auth';
import type { Credentials } from '../../src/api/types';
import type { TestApi } from '../../src/views/testApi';
import { COLLAPSED_CONNECTIONS_KEY } from '../../src/connections/connectionViewState';
import type { ConnectionNode } from '../../src/views/groupsTree';
import { DEMO_CREDENTIALS } from '../sandbox/server';
import { REPORT_ENV } from '../support/reportEnv';
import {
  BENCH_PART_ENV,
  GROUPS_FILE_PART,
  HOST_PLAN_RUNS,
  PLAN_FILE_NAME,
  SANDBOX_ENV,
  type ExtensionHostBenchReport,
  type GroupsFilePlanHostReport,
} from './shared';

/** A full collection before each reading, so the figures are what the list keeps alive. */
function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export async function run(): Promise<void> {
  if (process.env[BENCH_PART_ENV] === GROUPS_FILE_PART) return planGroupsFile();
  const origin = process.env[SANDBOX_ENV];
  if (!origin) throw new Error(`${SANDBOX_ENV} is not set`);
  const api = await vscode.extensions
    .getExtension<TestApi>('capillary-rewards-groups.capillary-rewards-groups')!
    .activate();
  const configuration = vscode.workspace.getConfiguration('capillaryRewards');
  // The extension reads the settings again once VS Code says they changed: the list is measured after that.
  const changed = treeChanged(api);
  await configuration.update('host', origin, vscode.ConfigurationTarget.Global);
  await configuration.update('pageSize', 50, vscode.ConfigurationTarget.Global);
  await changed;
  await api.credentials.save(origin, {
    method: 'basic',
    username: DEMO_CREDENTIALS.basic.username,
    passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password),
  });

  const gc = collectGarbage();
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const rows = async () => (await api.tree.getChildren()).length;
  const report: ExtensionHostBenchReport = { firstPageMs: 0, rowsAfter: {}, heapBytes: { before: heap() } };

  const started = performance.now();
  await api.list.refresh(origin);
  await rows();
  report.firstPageMs = Math.round((performance.now() - started) * 10) / 10;
  report.rowsAfter['1'] = await rows();
  report.heapBytes['1'] = heap();
  for (const pages of [10, 50]) {
    while ((api.list.get(origin)?.pagesLoaded ?? 0) < pages) await api.list.loadMore(origin);
    report.rowsAfter[String(pages)] = await rows();
    report.heapBytes[String(pages)] = heap();
  }
  await configuration.update('host', undefined, vscode.ConfigurationTarget.Global);
  report.connections = await fiveConnections(api, origin);
  fs.writeFileSync(process.env[REPORT_ENV]!, JSON.stringify(report));
}

/** Resolves at the tree's next change: the extension has read the settings VS Code just wrote. */
function treeChanged(api: TestApi): Promise<void> {
  return new Promise<void>((resolve) => {
    const subscription = api.tree.onDidChangeTreeData(() => {
      subscription.dispose();
      resolve();
    });
  });
}

/**
 * The Groups view opened with five connections, as VS Code reads it: the root rows, then the
 * children of every expanded root at once. Two orgs, four tills; one connection points at a port
 * that accepts and never answers; one is collapsed.
 */
async function fiveConnections(
  api: TestApi,
  origin: string,
): Promise<NonNullable<ExtensionHostBenchReport['connections']>> {
  const silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentOrigin = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  const till = (username: string, password: string): Credentials => ({
    method: 'basic',
    username,
    passwordMd5: md5Hex(password),
  });
  const { basic, basicTestVector, colleague, secondOrg } = DEMO_CREDENTIALS;
  // Tills used nowhere else in the bench, so that the runner can count each connection's requests.
  const connections: { name: string; host: string; credentials: Credentials }[] = [
    { name: 'Demo', host: origin, credentials: till(basicTestVector.username, basicTestVector.password) },
    { name: 'UAT', host: origin, credentials: till(secondOrg.basic.username, secondOrg.basic.password) },
    { name: 'Unreachable', host: silentOrigin, credentials: till(basic.username, basic.password) },
    { name: 'Colleague', host: origin, credentials: till(colleague.username, colleague.password) },
    { name: 'Collapsed', host: origin, credentials: till(secondOrg.colleague.username, secondOrg.colleague.password) },
  ];
  try {
    const configuration = vscode.workspace.getConfiguration('capillaryRewards');
    await configuration.update('requestTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    const changed = treeChanged(api);
    await configuration.update(
      'connections',
      connections.map(({ name, host }) => ({ name, host })),
      vscode.ConfigurationTarget.Global,
    );
    await changed;
    for (const { name, host, credentials } of connections) await api.credentials.save(`${host}|${name}`, credentials);
    await api.globalState.update(COLLAPSED_CONNECTIONS_KEY, ['Collapsed']);
    // As in a new window: credentials are in SecretStorage, not yet read.
    api.credentials.forget();
    const readBefore = api.secretKeysRead().length;

    const started = performance.now();
    const since = () => Math.round((performance.now() - started) * 10) / 10;
    // By what the rows say, not instanceof: this module bundles its own copy of the node classes.
    const roots = (await api.tree.getChildren()).filter((node): node is ConnectionNode =>
      /^capillaryRewards\.connection/.test(api.tree.getTreeItem(node).contextValue ?? ''),
    );
    const expanded = roots.filter(
      (root) => api.tree.getTreeItem(root).collapsibleState === vscode.TreeItemCollapsibleState.Expanded,
    );
    let firstRowMs: number | undefined;
    const settled = new Map<string, number>();
    await Promise.all(
      expanded.map(async (root) => {
        const rows = await api.tree.getChildren(root);
        const at = since();
        settled.set(root.id, at);
        if (root.id !== 'Unreachable' && rows.length > 0) firstRowMs ??= at;
      }),
    );
    const reachable = [...settled].filter(([id]) => id !== 'Unreachable').map(([, at]) => at);
    const read = api.secretKeysRead().slice(readBefore);
    return {
      firstRowMs: firstRowMs ?? -1,
      allReachableMs: Math.max(...reachable),
      unreachableSettledMs: settled.get('Unreachable') ?? -1,
      credentialsRead: connections
        .filter(({ name, host }) => read.some((key) => key.startsWith(`capillaryRewards.credentials|${host}|${name}|`)))
        .map(({ name }) => name),
      rootRows: roots.length,
      expandedRows: expanded.length,
    };
  } finally {
    silent.close();
    const configuration = vscode.workspace.getConfiguration('capillaryRewards');
    await configuration.update('connections', undefined, vscode.ConfigurationTarget.Global);
    await configuration.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
  }
}

/**
 * The real Plan command on the workspace's groups file, HOST_PLAN_RUNS times (every editor closed
 * before each): from invoking it to its promise resolving and to the diff editor's tab being open.
 * heapUsed is read around the first plan, its diff editor still open.
 */
async function planGroupsFile(): Promise<void> {
  const origin = process.env[SANDBOX_ENV];
  if (!origin) throw new Error(`${SANDBOX_ENV} is not set`);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  const file = vscode.Uri.joinPath(folder.uri, PLAN_FILE_NAME);
  // The host is in the user settings the runner wrote: the single-host connection, signed in here.
  const api = await vscode.extensions
    .getExtension<TestApi>('capillary-rewards-groups.capillary-rewards-groups')!
    .activate();
  await api.credentials.save(origin, {
    method: 'basic',
    username: DEMO_CREDENTIALS.basic.username,
    passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password),
  });
  const connectionId = api.connections.active().id;

  let gc: (() => void) | undefined;
  let how: string;
  const nodeGc = globalThis.gc;
  if (typeof nodeGc === 'function') {
    gc = () => void nodeGc();
    how = 'global.gc (twice before each reading)';
  } else {
    try {
      gc = collectGarbage();
      how =
        "global.gc is not available in the extension host: v8.setFlagsFromString('--expose-gc') at run time, then gc() twice before each reading";
    } catch {
      how = 'no gc available: the readings include garbage';
    }
  }
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const report: GroupsFilePlanHostReport = {
    commandMs: [],
    diffOpenMs: [],
    heapBytes: { before: 0, after: 0 },
    gc: how,
  };
  const since = (started: number) => Math.round((performance.now() - started) * 10) / 10;
  for (let run = 0; run < HOST_PLAN_RUNS; run++) {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (run === 0) report.heapBytes.before = heap();
    const diffOpened = diffTabOpened(file, 60_000);
    const started = performance.now();
    await vscode.commands.executeCommand('capillaryRewards.planGroups', file, connectionId);
    report.commandMs.push(since(started));
    const openedAt = await diffOpened;
    report.diffOpenMs.push(openedAt === undefined ? -1 : Math.round((openedAt - started) * 10) / 10);
    if (run === 0) report.heapBytes.after = heap();
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  fs.writeFileSync(process.env[REPORT_ENV]!, JSON.stringify(report));
}

/** performance.now() when a diff editor whose right side is `file` opens, or undefined after `timeoutMs`. */
function diffTabOpened(file: vscode.Uri, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const done = (at: number | undefined) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(at);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const subscription = vscode.window.tabGroups.onDidChangeTabs(({ opened, changed }) => {
      const diff = [...opened, ...changed].some(
        (tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.path === file.path,
      );
      if (diff) done(performance.now());
    });
  });
}
