// Runs inside the extension host (see test/bench/bench.ts): list timings and heap as pages load.

import * as fs from 'fs';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { md5Hex } from '../../src/api/auth';
import type { TestApi } from '../../src/testApi';
import { DEMO_CREDENTIALS } from '../sandbox/server';
import { REPORT_ENV } from '../support/reportEnv';
import { SANDBOX_ENV, type ExtensionHostBenchReport } from './shared';

/** A full collection before each reading, so the figures are what the list keeps alive. */
function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export async function run(): Promise<void> {
  const origin = process.env[SANDBOX_ENV];
  if (!origin) throw new Error(`${SANDBOX_ENV} is not set`);
  const api = await vscode.extensions.getExtension<TestApi>('capillary-rewards-groups.capillary-rewards-groups')!.activate();
  const configuration = vscode.workspace.getConfiguration('capillaryRewards');
  await configuration.update('host', origin, vscode.ConfigurationTarget.Global);
  await configuration.update('pageSize', 50, vscode.ConfigurationTarget.Global);
  await api.credentials.save(origin, { method: 'basic', username: DEMO_CREDENTIALS.basic.username, passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password) });

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
  fs.writeFileSync(process.env[REPORT_ENV]!, JSON.stringify(report));
}
