import * as fs from 'fs';
import * as path from 'path';
import { md5Hex } from '../../src/api/auth';
import { CredentialStore } from '../../src/credentials';
import { GroupList } from '../../src/groups/groupList';
import { GroupService } from '../../src/groups/groupService';
import { parseSettings, type SettingsSource } from '../../src/settings';
import { ROOT, runInExtensionHost } from '../e2e/extensionHost';
import { DEMO_CREDENTIALS, Sandbox } from '../sandbox/server';
import { SANDBOX_ENV, type ExtensionHostBenchReport } from './shared';

/**
 * `npm run bench`: figures, printed as one JSON object; nothing here asserts a time.
 * Everything runs against the local sandbox (127.0.0.1) seeded with 10,000 groups.
 */
const GROUPS = 10_000;
const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round((sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2) * 10) / 10;
}

function memorySecrets() {
  const data = new Map<string, string>();
  return { get: async (k: string) => data.get(k), store: async (k: string, v: string) => void data.set(k, v), delete: async (k: string) => void data.delete(k) };
}

function memoryState() {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, v) };
}

async function main(): Promise<void> {
  const sandbox = await Sandbox.start({ seedGroups: GROUPS });
  try {
    const settings: SettingsSource = { read: () => parseSettings((key) => ({ host: sandbox.url, pageSize: 50 })[key]), setHost: async () => undefined };
    const credentials = new CredentialStore(memorySecrets());
    await credentials.save(sandbox.url, { method: 'basic', username: DEMO_CREDENTIALS.basic.username, passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password) });
    const service = new GroupService(settings, credentials);
    const newList = () => new GroupList((query, signal) => service.listGroups(query, signal), memoryState());

    // The client in Node: first page of 50 out of 10,000, then "Load more…", then a filter.
    const firstPage: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const list = newList();
      const started = performance.now();
      await list.refresh(sandbox.url);
      firstPage.push(performance.now() - started);
    }
    const list = newList();
    const before = sandbox.requests.length;
    await list.refresh(sandbox.url);
    const requestsForFirstPage = sandbox.requests.length - before;
    const afterFirst = list.get(sandbox.url)!;
    await list.loadMore(sandbox.url);
    const afterMore = list.get(sandbox.url)!;
    await list.setOptions(sandbox.url, { name: 'Group 0999' });
    const filtered = list.get(sandbox.url)!;

    const extensionHost = await runInExtensionHost<ExtensionHostBenchReport>({
      name: 'bench',
      modulePath: path.join(ROOT, 'out', 'test', 'bench', 'extensionHostBench.js'),
      env: { [SANDBOX_ENV]: sandbox.url },
    });

    const size = (file: string) => (fs.existsSync(path.join(ROOT, file)) ? fs.statSync(path.join(ROOT, file)).size : null);
    const mb = (bytes: number | undefined) => (bytes === undefined ? null : Math.round((bytes / 1024 / 1024) * 100) / 100);
    const heap = extensionHost.report?.heapBytes;
    console.log(
      JSON.stringify(
        {
          sandboxGroups: GROUPS,
          pageSize: 50,
          firstPageMedianMs: median(firstPage),
          firstPageRuns: RUNS,
          requestsForFirstPage,
          rowsAfterFirstPage: afterFirst.groups.length,
          rowsAfterLoadMore: afterMore.groups.length,
          filterMatches: `${filtered.groups.length} of ${filtered.total}, all matching: ${filtered.groups.every((g) => g.name.includes('Group 0999'))}`,
          extensionHost: extensionHost.report
            ? {
                firstPageMs: extensionHost.report.firstPageMs,
                rows: extensionHost.report.rowsAfter,
                heapUsedMB: { before: mb(heap?.before), after1Page: mb(heap?.['1']), after10Pages: mb(heap?.['10']), after50Pages: mb(heap?.['50']) },
                heapGrowthMB: { after1Page: mb(heap!['1']! - heap!.before!), after10Pages: mb(heap!['10']! - heap!.before!), after50Pages: mb(heap!['50']! - heap!.before!) },
              }
            : { error: extensionHost.error },
          bundleBytes: size('dist/extension.js'),
          vsixBytes: size('dist/capillary-rewards-groups.vsix'),
        },
        null,
        2,
      ),
    );
  } finally {
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
