import * as fs from 'fs';
import * as path from 'path';
import { md5Hex } from '../../src/api/auth';
import { CredentialStore } from '../../src/foundation/credentials';
import { GroupList } from '../../src/groups/groupList';
import { GroupService } from '../../src/groups/groupService';
import { Session } from '../../src/session/session';
import { parseSettings, type SettingsSource } from '../../src/foundation/settings';
import { ROOT, runInExtensionHost } from '../e2e/extensionHost';
import { DEMO_CREDENTIALS, Sandbox } from '../sandbox/server';
import * as http from 'http';
import { basicAuthorization } from '../../src/api/auth';
import { createGroupsClient } from '../../src/api/client';
import { measureEvaluation } from './evaluation';
import { cliBench } from './cliBench';
import { catalogBench } from './catalogBench';
import { fileCheckBench } from './fileCheckBench';
import { groupsFilesBench } from './groupsFilesBench';
import { figures, median, round, SANDBOX_ENV, type ExtensionHostBenchReport } from './shared';
import { uiBench } from './uiBench';
import { editorWords } from '../../src/ui/editorWords';

/**
 * `npm run bench`: figures, printed as one JSON object; nothing here asserts a time. Counts that
 * must hold (groupsFiles: requests per plan, creates sent, writes on a re-apply) throw once printed.
 * Everything runs against the local sandbox (127.0.0.1) seeded with 10,000 groups.
 */
const GROUPS = 10_000;
const RUNS = 15;
/** Fresh extension-host starts for the activation figures. */
const STARTS = 10;
const UI_CREATES = 10;
const WIRE_CREATES = 100;
const RATIO_CREATES = 200;

/** Creates through the extension's client and through a bare http.request, alternating; per-create medians. */
async function clientAgainstBareHttp(
  sandbox: Sandbox,
): Promise<{ clientMs: number; bareHttpMs: number; ratio: number; creates: number }> {
  const passwordMd5 = md5Hex(DEMO_CREDENTIALS.basic.password);
  const client = createGroupsClient({
    origin: sandbox.url,
    apiPrefix: '/api_gateway/core/v1',
    timeoutMs: 30_000,
    credentials: { method: 'basic', username: DEMO_CREDENTIALS.basic.username, passwordMd5 },
  });
  const url = new URL(`${sandbox.url}/api_gateway/core/v1/group/create`);
  const authorization = basicAuthorization(DEMO_CREDENTIALS.basic.username, passwordMd5);
  const bare = (name: string) =>
    new Promise<unknown>((resolve, reject) => {
      const body = JSON.stringify({ name, rank: 1 });
      const request = http.request(
        url,
        {
          method: 'POST',
          headers: {
            Authorization: authorization,
            'Content-Type': 'application/json',
            Accept: 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const clientTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let n = 0; n < RATIO_CREATES + 20; n++) {
    const a = performance.now();
    await client.create({ name: `Ratio client ${n}`, rank: 1 });
    const b = performance.now();
    await bare(`Ratio bare ${n}`);
    const c = performance.now();
    if (n >= 20) {
      // The first 20 of each warm up the JIT and the connections.
      clientTimes.push(b - a);
      bareTimes.push(c - b);
    }
  }
  const clientMs = median(clientTimes);
  const bareHttpMs = median(bareTimes);
  return {
    clientMs: round(clientMs),
    bareHttpMs: round(bareHttpMs),
    ratio: round(clientMs / bareHttpMs),
    creates: RATIO_CREATES,
  };
}

/** OAuth on the wire: requests per create with a token in hand, token requests for many creates within one ttl. */
async function wire(sandbox: Sandbox): Promise<{ requestsPerCreate: number; tokenRequestsFor100Creates: number }> {
  const client = createGroupsClient({
    origin: sandbox.url,
    apiPrefix: '/api_gateway/core/v1',
    timeoutMs: 30_000,
    credentials: { method: 'oauth', key: DEMO_CREDENTIALS.oauth.key, secret: DEMO_CREDENTIALS.oauth.secret },
  });
  const tokensBefore = sandbox.tokensIssued;
  // 100 creates, ten at a time, within one token lifetime (300 s).
  for (let batch = 0; batch < WIRE_CREATES / 10; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.create({ name: `Wire ${batch * 10 + i}`, rank: null })),
    );
  }
  const tokenRequestsFor100Creates = sandbox.tokensIssued - tokensBefore;
  const before = sandbox.requests.length;
  await client.create({ name: 'Wire one more', rank: null });
  return { requestsPerCreate: sandbox.requests.length - before, tokenRequestsFor100Creates };
}

function memorySecrets() {
  const data = new Map<string, string>();
  return {
    get: (k: string) => Promise.resolve(data.get(k)),
    store: (k: string, v: string) => Promise.resolve(void data.set(k, v)),
    delete: (k: string) => Promise.resolve(void data.delete(k)),
  };
}

function memoryState() {
  const data = new Map<string, unknown>();
  return {
    get: <T>(k: string) => data.get(k) as T | undefined,
    update: (k: string, v: unknown) => Promise.resolve(void data.set(k, v)),
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--catalog-only')) {
    // The catalog figures alone (a few seconds): node out/test/bench/bench.js --catalog-only
    const catalog = await catalogBench();
    console.log(JSON.stringify({ catalog: catalog.figures }, null, 2));
    if (catalog.failures.length > 0) {
      throw new Error(`Counts that must hold did not:\n- ${catalog.failures.join('\n- ')}`);
    }
    return;
  }
  if (process.argv.includes('--cli-only')) {
    // The command line's figures alone (about a minute): node out/test/bench/bench.js --cli-only
    const cli = await cliBench();
    console.log(JSON.stringify(cli.figures, null, 2));
    if (cli.failures.length > 0) throw new Error(`Counts that must hold did not:\n- ${cli.failures.join('\n- ')}`);
    return;
  }
  if (process.argv.includes('--file-check-only')) {
    // Checking the worst groups files alone (seconds): node out/test/bench/bench.js --file-check-only
    const check = fileCheckBench();
    console.log(JSON.stringify({ groupsFileCheck: check.figures }, null, 2));
    if (check.failures.length > 0) throw new Error(`Counts that must hold did not:\n- ${check.failures.join('\n- ')}`);
    return;
  }
  if (process.argv.includes('--evaluation-only')) {
    // npm run bench:evaluation: the VS Code-free figures alone, in seconds.
    console.log(JSON.stringify(measureEvaluation(), null, 2));
    return;
  }
  const benchStarted = performance.now();
  // First, while nothing else runs: loading dist/extension.js and dist/http.js in fresh Node processes.
  const evaluation = measureEvaluation();
  const sandbox = await Sandbox.start({ seedGroups: GROUPS });
  try {
    const settings: SettingsSource = {
      read: () => parseSettings((key) => ({ host: sandbox.url, pageSize: 50 })[key], editorWords),
      setHost: () => Promise.resolve(),
      connectionItems: () => [],
      setConnectionItems: () => Promise.resolve(),
    };
    const credentials = new CredentialStore(memorySecrets());
    await credentials.save(sandbox.url, {
      method: 'basic',
      username: DEMO_CREDENTIALS.basic.username,
      passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password),
    });
    const groups = new GroupService(new Session(settings, credentials));
    const newList = () => new GroupList((_key, query, signal) => groups.listGroups(query, signal), memoryState());

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
    // The requests of each connection of that run's five, by the till each signs with (used nowhere else in the bench).
    const { basicTestVector, colleague, secondOrg } = DEMO_CREDENTIALS;
    const requestsPerConnection = Object.fromEntries(
      (
        [
          ['Demo', basicTestVector],
          ['UAT', secondOrg.basic],
          ['Colleague', colleague],
          ['Collapsed', secondOrg.colleague],
        ] as const
      ).map(([name, { username, password }]) => [
        name,
        sandbox.requests.filter((r) => r.headers['authorization'] === basicAuthorization(username, md5Hex(password)))
          .length,
      ]),
    );

    // The real VS Code first, while the sandbox holds the seeded groups only.
    const ui = await uiBench(sandbox, STARTS, UI_CREATES).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }));
    const onWire = await wire(sandbox);
    const ratio = await clientAgainstBareHttp(sandbox);
    // Groups files, each part against a sandbox of its own; the rate-limited apply last (minutes).
    const groupsFiles = await groupsFilesBench();
    const catalog = await catalogBench();
    const fileCheck = fileCheckBench();
    const cli = await cliBench();

    const size = (file: string) =>
      fs.existsSync(path.join(ROOT, file)) ? fs.statSync(path.join(ROOT, file)).size : null;
    const mb = (bytes: number | undefined) =>
      bytes === undefined ? null : Math.round((bytes / 1024 / 1024) * 100) / 100;
    const heap = extensionHost.report?.heapBytes;
    console.log(
      JSON.stringify(
        {
          bundleBytes: size('dist/extension.js'),
          // The command flows, loaded on the first command (src/flows.ts).
          flowsBundleBytes: size('dist/flows.js'),
          httpStackBundleBytes: size('dist/http.js'),
          vsixBytes: size('dist/capillary-rewards-groups.vsix'),
          activation:
            'error' in ui
              ? { error: ui.error }
              : {
                  activateMs: figures(ui.activateMs),
                  bundleEvaluateMs: figures(ui.bundleEvaluateMs),
                  // Just after activate(): the first settings read and what it draws (view title, welcome, status bar).
                  firstDrawMs: figures(ui.firstDrawMs),
                  // dist/flows.js loaded and the flows made, on each start's first command.
                  flowsLoadMs: figures(ui.flowsLoadMs),
                  // Loading dist/http.js (node-fetch), which bundleEvaluateMs included until it moved to the first request.
                  httpStackEvaluateMs: ui.httpStackEvaluateMs.length
                    ? figures(ui.httpStackEvaluateMs)
                    : { error: "no 'HTTP stack loaded in … ms' in the request log" },
                  requestsBeforeViewShown: Math.max(...ui.requestsBeforeViewShown),
                  viewShownToFirstRowMs: figures(ui.viewToFirstRowMs),
                },
          // require() of each bundle in fresh Node processes, no VS Code (test/bench/evaluation.ts): `warm` with Node's own modules loaded first, `fresh` without.
          evaluationInNode: evaluation,
          requestsPerCreate: onWire.requestsPerCreate,
          tokenRequestsFor100Creates: onWire.tokenRequestsFor100Creates,
          createToTreeRowMs: 'error' in ui ? { error: ui.error } : figures(ui.createToRowMs),
          requestsWhileIdle: 'error' in ui ? null : ui.idleRequests,
          firstPageOf10000: {
            clientMedianMs: median(firstPage),
            runs: RUNS,
            requests: requestsForFirstPage,
            rows: afterFirst.groups.length,
            rowsAfterLoadMore: afterMore.groups.length,
            filterMatches: `${filtered.groups.length} of ${filtered.total}, all matching: ${filtered.groups.every((g) => g.name.includes('Group 0999'))}`,
            extensionHostMs: extensionHost.report?.firstPageMs ?? extensionHost.error,
          },
          createClientVsBareHttp: ratio,
          // The Groups view with 5 connections, one unreachable and one collapsed (test/bench/extensionHostBench.ts).
          fiveConnections: extensionHost.report?.connections
            ? { ...extensionHost.report.connections, requestsPerConnection }
            : extensionHost.error,
          extensionHostHeap: extensionHost.report
            ? {
                rows: extensionHost.report.rowsAfter,
                heapUsedMB: {
                  before: mb(heap?.before),
                  after1Page: mb(heap?.['1']),
                  after10Pages: mb(heap?.['10']),
                  after50Pages: mb(heap?.['50']),
                },
                heapGrowthMB: {
                  after1Page: mb(heap!['1']! - heap!.before!),
                  after10Pages: mb(heap!['10']! - heap!.before!),
                  after50Pages: mb(heap!['50']! - heap!.before!),
                },
              }
            : { error: extensionHost.error },
          // Plan and apply of groups files (test/bench/groupsFilesBench.ts).
          groupsFiles: groupsFiles.figures,
          // A group's rewards and reordering the catalog (test/bench/catalogBench.ts).
          catalog: catalog.figures,
          // Checking the worst groups files the editor may open (test/bench/fileCheckBench.ts).
          groupsFileCheck: fileCheck.figures,
          // The command line, node dist/cli.js in fresh processes, wall times (test/bench/cliBench.ts).
          cli: cli.figures,
          seconds: Math.round((performance.now() - benchStarted) / 1000),
        },
        null,
        2,
      ),
    );
    // Counts that must hold (request counts, never times): after the figures are printed, so none is lost.
    const failures = [...groupsFiles.failures, ...catalog.failures, ...fileCheck.failures, ...cli.failures];
    if (failures.length > 0) throw new Error(`Counts that must hold did not:\n- ${failures.join('\n- ')}`);
  } finally {
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
