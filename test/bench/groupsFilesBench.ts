import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Credentials, Group } from '../../src/api/types';
import { applyPlan, type ApplyResult } from '../../src/groupsFile/apply';
import {
  asWritten,
  exportOrder,
  readGroupsFile,
  writeGroupsFile,
  type GroupsFile,
  type WrittenGroup,
} from '../../src/groupsFile/format';
import { nameKey } from '../../src/foundation/validation';
import { describePlan, planGroups, writeOrgLikeFile, type Plan } from '../../src/groupsFile/plan';
import { DEFAULT_APPLY_CONCURRENCY } from '../../src/foundation/settings';
import { ROOT } from '../e2e/extensionHost';
import { launchVSCode, type VSCodeSession } from '../e2e/vscode';
import { DEMO_CREDENTIALS, Sandbox, type RecordedRequest } from '../sandbox/server';
import { REPORT_ENV } from '../support/reportEnv';
import { flowEnv, type FlowEnv } from '../support/env';
import {
  BENCH_PART_ENV,
  Failures,
  figures,
  GROUPS_FILE_PART,
  HOST_PLAN_RUNS,
  median,
  PLAN_FILE_NAME,
  round,
  SANDBOX_ENV,
  type GroupsFilePlanHostReport,
} from './shared';

/**
 * The groupsFiles figures of `npm run bench`, each against a sandbox of its own: a plan of a
 * 10,000-group file against a 10,000-group org (in Node, and the real command in the extension
 * host), applies of 1,000 creates, the same file applied again, and an apply under a rate limit of
 * 100 requests a minute. Nothing asserts a time; a count that must hold and does not is listed in
 * `failures`, which the runner throws after printing every figure.
 */
const ORG_GROUPS = 10_000;
const RANK_CHANGES = 100;
const NEW_NAMES = 50;
const NODE_PLAN_RUNS = 5;
const APPLY_CREATES = 1_000;
const RATE_LIMIT_PER_MINUTE = 100;
/** Creates under the rate limit: about two and a half minutes' worth. */
const RATE_LIMITED_CREATES = 250;
/** A plan reads whole pages (1,000 groups a request today): far fewer requests than groups, whatever the page size. */
const MAX_LIST_REQUESTS_PER_PLAN = 20;

const OAUTH: Credentials = { method: 'oauth', key: DEMO_CREDENTIALS.oauth.key, secret: DEMO_CREDENTIALS.oauth.secret };

const isList = (r: RecordedRequest) => r.method === 'GET' && /\/group\/?$/.test(r.path);
const isCreate = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/group/create');
const isUpdate = (r: RecordedRequest) => r.method === 'PUT' && /\/group\/\d+\/?$/.test(r.path);
/** A group operation (not the token endpoint). */
const isGroupRequest = (r: RecordedRequest) => /\/group(\/|$)/.test(r.path);

export interface GroupsFilesFigures {
  figures: Record<string, unknown>;
  /** Counts that must hold and did not, in words; empty when every one held. */
  failures: string[];
}

export async function groupsFilesBench(): Promise<GroupsFilesFigures> {
  const failures = new Failures();
  const plan = await planFigures(failures);
  const writes = await Sandbox.start();
  try {
    const apply = await applyFigures(writes, failures);
    // Last: it waits out the limit for minutes.
    const rateLimited = await rateLimitedFigures(writes, failures);
    return { figures: { planOf10000: plan, ...apply, rateLimited100PerMinute: rateLimited }, failures: failures.list };
  } finally {
    await writes.close();
  }
}

/** A fresh flow environment (as the unit tests build it), its single-host connection signed in with OAuth. */
async function signedIn(sandbox: Sandbox): Promise<FlowEnv> {
  const env = flowEnv({ host: sandbox.url, authMethod: 'oauth' });
  await env.session().signIn(sandbox.url, OAUTH);
  return env;
}

function done(env: FlowEnv): void {
  fs.rmSync(env.files.folder, { recursive: true, force: true });
}

function parsed(text: string): GroupsFile {
  const read = readGroupsFile(text);
  if (!read.ok) throw new Error(`the bench wrote a groups file that does not read: ${read.problems[0]?.message}`);
  return read.file;
}

/** The org exported (as Export Groups to File writes it), with RANK_CHANGES ranks changed and NEW_NAMES groups added. */
function editedExport(org: readonly Group[]): string {
  const written: WrittenGroup[] = [...org].sort(exportOrder).map(asWritten);
  const every = Math.floor(written.length / RANK_CHANGES);
  for (let n = 0; n < RANK_CHANGES; n++) {
    const group = written[n * every]!;
    group.rank = group.rank === null || group.rank === undefined ? 1 : group.rank + 1;
  }
  for (let n = 1; n <= NEW_NAMES; n++) written.push({ name: `Bench New Group ${String(n).padStart(3, '0')}`, rank: n });
  return writeGroupsFile(written, false);
}

async function planFigures(failures: Failures) {
  const sandbox = await Sandbox.start({ seedGroups: ORG_GROUPS });
  const env = await signedIn(sandbox);
  try {
    const service = env.groups();
    const text = editedExport((await service.listAll()).groups);
    const readMs: number[] = [];
    let file: GroupsFile | undefined;
    for (let run = 0; run < NODE_PLAN_RUNS; run++) {
      const started = performance.now();
      file = parsed(text);
      readMs.push(performance.now() - started);
    }
    const times = {
      total: [] as number[],
      listAll: [] as number[],
      planGroups: [] as number[],
      writeOrgLikeFile: [] as number[],
    };
    const requestsPerRun: RecordedRequest[][] = [];
    let plan: Plan | undefined;
    for (let run = 0; run < NODE_PLAN_RUNS; run++) {
      const before = sandbox.requests.length;
      const a = performance.now();
      const { groups } = await service.listAll();
      const b = performance.now();
      plan = planGroups(file!, groups);
      const c = performance.now();
      writeOrgLikeFile(plan, file!);
      const d = performance.now();
      requestsPerRun.push(sandbox.requests.slice(before));
      times.listAll.push(b - a);
      times.planGroups.push(c - b);
      times.writeOrgLikeFile.push(d - c);
      times.total.push(d - a);
    }
    const { summary } = plan!;
    failures.expect('plan of the 10,000-group file: rank changes', summary.rankChanges, RANK_CHANGES);
    failures.expect('plan of the 10,000-group file: groups to create', summary.create, NEW_NAMES);
    failures.expect('plan of the 10,000-group file: unchanged', summary.unchanged, ORG_GROUPS - RANK_CHANGES);
    const listRequests = Math.max(...requestsPerRun.map((requests) => requests.filter(isList).length));
    const otherRequests = Math.max(...requestsPerRun.map((requests) => requests.filter((r) => !isList(r)).length));
    failures.expect(
      'list requests of one plan in Node',
      listRequests,
      (n) => n >= 1 && n <= MAX_LIST_REQUESTS_PER_PLAN,
      `1 to ${MAX_LIST_REQUESTS_PER_PLAN}`,
    );
    failures.expect('requests other than list reads in one plan in Node', otherRequests, 0);

    const host = await planInExtensionHost(sandbox, text);
    let extensionHost: Record<string, unknown>;
    if (host.report) {
      const { commandMs, diffOpenMs, heapBytes, gc } = host.report;
      const mb = (bytes: number) => round(bytes / 1024 / 1024);
      const perPlan = (count: number) => round(count / commandMs.length);
      failures.expect(
        'diff editors the Plan command opened in the extension host',
        diffOpenMs.filter((ms) => ms >= 0).length,
        HOST_PLAN_RUNS,
      );
      failures.expect(
        'list requests of the extension host, per plan',
        perPlan(host.listRequests),
        (n) => n >= 1 && n <= MAX_LIST_REQUESTS_PER_PLAN,
        `1 to ${MAX_LIST_REQUESTS_PER_PLAN}`,
      );
      failures.expect('requests other than list reads in the extension host', host.otherRequests, 0);
      extensionHost = {
        commandMs: { first: commandMs[0], later: figures(commandMs.slice(1)) },
        toDiffEditorOpenMs: { first: diffOpenMs[0], later: figures(diffOpenMs.slice(1)) },
        listRequestsPerPlan: perPlan(host.listRequests),
        otherRequests: host.otherRequests,
        heapUsedMB: { before: mb(heapBytes.before), afterFirstPlan: mb(heapBytes.after) },
        heapGrowthMB: mb(heapBytes.after - heapBytes.before),
        gc,
      };
    } else {
      extensionHost = { error: host.error };
    }

    return {
      file: {
        groups: file!.groups.length,
        bytes: Buffer.byteLength(text),
        rankChanges: RANK_CHANGES,
        newNames: NEW_NAMES,
      },
      summary: describePlan(summary),
      listRequestsPerPlan: listRequests,
      otherRequestsPerPlan: otherRequests,
      // listAll + planGroups + writeOrgLikeFile, through the extension's client and session; reading the file's text apart.
      clientMs: {
        total: figures(times.total),
        listAll: median(times.listAll),
        planGroups: median(times.planGroups),
        writeOrgLikeFile: median(times.writeOrgLikeFile),
      },
      readGroupsFileMs: figures(readMs),
      extensionHost,
    };
  } finally {
    done(env);
    await sandbox.close();
  }
}

/**
 * The real `capillaryRewards.planGroups` in an extension host (code-server) whose workspace folder
 * holds the file: as runInExtensionHost (test/e2e/extensionHost.ts) runs extensionHostBench.ts,
 * with a folder opened and the host in the user settings.
 */
async function planInExtensionHost(
  sandbox: Sandbox,
  text: string,
): Promise<{ report?: GroupsFilePlanHostReport; error?: string; listRequests: number; otherRequests: number }> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-bench-workspace-'));
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-exthost-'));
  const reportFile = path.join(reportDir, 'report.json');
  fs.writeFileSync(path.join(workspace, PLAN_FILE_NAME), text);
  const before = sandbox.requests.length;
  const counts = () => {
    const sent = sandbox.requests.slice(before).filter(isGroupRequest);
    return { listRequests: sent.filter(isList).length, otherRequests: sent.filter((r) => !isList(r)).length };
  };
  const timeoutMs = 180_000;
  let session: VSCodeSession | undefined;
  try {
    session = await launchVSCode({
      vsixPath: path.join(ROOT, 'dist', 'capillary-rewards-groups.vsix'),
      name: 'bench-groups-file',
      workspaceFolder: workspace,
      userSettings: { 'capillaryRewards.host': sandbox.url },
      serverEnv: { [SANDBOX_ENV]: sandbox.url, [BENCH_PART_ENV]: GROUPS_FILE_PART, [REPORT_ENV]: reportFile },
      extensionTests: {
        developmentPath: ROOT,
        testsPath: path.join(ROOT, 'out', 'test', 'bench', 'extensionHostBench.js'),
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`no result within ${timeoutMs / 1000} s`)), timeoutMs)),
    );
    const exitCode = await Promise.race([session.testsExited!, timeout]).finally(() => clearTimeout(timer));
    if (!fs.existsSync(reportFile)) throw new Error(`the extension host exited with ${exitCode} without a report`);
    return { report: JSON.parse(fs.readFileSync(reportFile, 'utf8')) as GroupsFilePlanHostReport, ...counts() };
  } catch (error) {
    await session?.screenshot('failure').catch(() => undefined);
    const log = await session?.extensionLog('Capillary Rewards', { all: true }).catch(() => '');
    if (session && log) {
      fs.writeFileSync(path.join(session.artifactsDir, 'bench-groups-file-Capillary Rewards.log'), log);
    }
    return { error: error instanceof Error ? error.message : String(error), ...counts() };
  } finally {
    await session?.close();
    fs.rmSync(reportDir, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** A file of `count` new names (ranks 1–100 in turn). */
function newNamesFile(prefix: string, count: number): GroupsFile {
  return parsed(
    writeGroupsFile(
      Array.from({ length: count }, (_, n) => ({
        name: `${prefix} ${String(n + 1).padStart(4, '0')}`,
        rank: (n % 100) + 1,
      })),
      false,
    ),
  );
}

/** Plans `file` against the org as it is now, then applies it: the requests of the apply alone, and its time. */
async function planAndApply(sandbox: Sandbox, env: FlowEnv, file: GroupsFile, concurrency: number) {
  const service = env.groups();
  const planned = sandbox.requests.length;
  const { connectionKey, groups } = await service.listAll();
  const plan = planGroups(file, groups);
  const before = sandbox.requests.length;
  const started = performance.now();
  const result: ApplyResult = await applyPlan(plan, service, {
    concurrency,
    signal: new AbortController().signal,
    connectionKey,
    where: env.connections.active().label(),
    origin: sandbox.url,
    words: env.deps.words,
  });
  const ms = performance.now() - started;
  const sent = sandbox.requests.slice(before);
  const outcomes = (kind: string) => result.outcomes.filter((outcome) => outcome.kind === kind).length;
  return {
    plan,
    planRequests: before - planned,
    result,
    ms,
    sent,
    created: outcomes('created'),
    failed: outcomes('failed') + outcomes('not-sent') + outcomes('skipped'),
  };
}

/** 1,000 creates against an empty org, with concurrency 1 and the default; then the same file again. */
async function applyFigures(sandbox: Sandbox, failures: Failures) {
  const file = newNamesFile('Bench Apply Group', APPLY_CREATES);
  const byConcurrency: Record<
    string,
    {
      ms: number;
      perCreateMs: number;
      createRequests: number;
      otherRequests: number;
      tokenRequests: number;
      created: number;
    }
  > = {};
  let reapply: Record<string, unknown> = {};
  for (const concurrency of [1, DEFAULT_APPLY_CONCURRENCY]) {
    sandbox.reset();
    const env = await signedIn(sandbox);
    try {
      const { plan, ms, sent, created, failed } = await planAndApply(sandbox, env, file, concurrency);
      const label = `concurrency ${concurrency}`;
      failures.expect(
        `apply of ${APPLY_CREATES} creates (${label}): groups to create in the plan`,
        plan.summary.create,
        APPLY_CREATES,
      );
      failures.expect(
        `apply of ${APPLY_CREATES} creates (${label}): create requests`,
        sent.filter(isCreate).length,
        APPLY_CREATES,
      );
      failures.expect(`apply of ${APPLY_CREATES} creates (${label}): outcomes other than created`, failed, 0);
      failures.expect(
        `apply of ${APPLY_CREATES} creates (${label}): groups stored`,
        sandbox.groups().length,
        APPLY_CREATES,
      );
      // Since the reset: the sign-in's token, then no other.
      failures.expect(
        `apply of ${APPLY_CREATES} creates (${label}): token requests (sign-in, plan and apply)`,
        sandbox.tokensIssued,
        (n) => n <= 1,
        'at most 1',
      );
      byConcurrency[concurrency] = {
        ms: Math.round(ms),
        perCreateMs: round(ms / APPLY_CREATES),
        createRequests: sent.filter(isCreate).length,
        otherRequests: sent.filter((r) => !isCreate(r)).length,
        tokenRequests: sandbox.tokensIssued,
        created,
      };
      if (concurrency === DEFAULT_APPLY_CONCURRENCY) {
        // The same file again, planned afresh against the org the apply left.
        const again = await planAndApply(sandbox, env, file, concurrency);
        const writeRequests = again.sent.filter((r) => isCreate(r) || isUpdate(r)).length;
        failures.expect('the same file applied again: write requests', writeRequests, 0);
        failures.expect('the same file applied again: writes in its plan', again.plan.writes, 0);
        reapply = {
          writeRequests,
          // Reading the org for the new plan; the apply itself sends nothing.
          listRequestsOfPlan: again.planRequests,
          requestsOfApply: again.sent.length,
          plannedWrites: again.plan.writes,
          summary: describePlan(again.plan.summary),
        };
      }
    } finally {
      done(env);
    }
  }
  const [one, many] = [byConcurrency[1]!, byConcurrency[DEFAULT_APPLY_CONCURRENCY]!];
  return {
    [`apply${APPLY_CREATES}Creates`]: {
      createRequests: {
        concurrency1: one.createRequests,
        [`concurrency${DEFAULT_APPLY_CONCURRENCY}`]: many.createRequests,
      },
      otherRequests: {
        concurrency1: one.otherRequests,
        [`concurrency${DEFAULT_APPLY_CONCURRENCY}`]: many.otherRequests,
      },
      tokenRequests: {
        concurrency1: one.tokenRequests,
        [`concurrency${DEFAULT_APPLY_CONCURRENCY}`]: many.tokenRequests,
      },
      ms: { concurrency1: one.ms, [`concurrency${DEFAULT_APPLY_CONCURRENCY}`]: many.ms },
      perCreateMs: { concurrency1: one.perCreateMs, [`concurrency${DEFAULT_APPLY_CONCURRENCY}`]: many.perCreateMs },
      defaultConcurrency: DEFAULT_APPLY_CONCURRENCY,
    },
    reapplySameFile: reapply,
  };
}

/** RATE_LIMITED_CREATES creates (default concurrency) while the sandbox allows RATE_LIMIT_PER_MINUTE group requests a minute. */
async function rateLimitedFigures(sandbox: Sandbox, failures: Failures) {
  sandbox.reset();
  const env = await signedIn(sandbox);
  try {
    const file = newNamesFile('Bench Limited Group', RATE_LIMITED_CREATES);
    const service = env.groups();
    const { connectionKey, groups } = await service.listAll();
    const plan = planGroups(file, groups);
    // Set once the sign-in and the plan are done: the minute starts empty, with the apply.
    sandbox.setRateLimit(RATE_LIMIT_PER_MINUTE);
    const before = sandbox.requests.length;
    const started = performance.now();
    const result = await applyPlan(plan, service, {
      concurrency: DEFAULT_APPLY_CONCURRENCY,
      signal: new AbortController().signal,
      connectionKey,
      where: env.connections.active().label(),
      origin: sandbox.url,
      words: env.deps.words,
    });
    const ms = performance.now() - started;
    sandbox.setRateLimit(undefined);
    const sent = sandbox.requests.slice(before);
    const created = result.outcomes.filter((outcome) => outcome.kind === 'created').length;
    const stored = new Map<string, number>();
    for (const group of sandbox.groups()) stored.set(nameKey(group.name), (stored.get(nameKey(group.name)) ?? 0) + 1);
    const duplicatesStored = [...stored.values()].filter((count) => count > 1).length;
    // A create that reached the service (not refused with a 429) for a name already stored: sent twice.
    const createsForATakenName = sent.filter(
      (r) => isCreate(r) && r.status !== 429 && r.nameHeldBy !== undefined,
    ).length;
    const answered429 = sent.filter((r) => r.status === 429).length;
    failures.expect('rate-limited apply: names stored twice', duplicatesStored, 0);
    failures.expect('rate-limited apply: creates sent for a name already stored', createsForATakenName, 0);
    failures.expect('rate-limited apply: groups created', created, RATE_LIMITED_CREATES);
    return {
      creates: RATE_LIMITED_CREATES,
      limitPerMinute: RATE_LIMIT_PER_MINUTE,
      concurrency: DEFAULT_APPLY_CONCURRENCY,
      created,
      seconds: round(ms / 1000),
      // Over the whole apply, its first minute's burst of RATE_LIMIT_PER_MINUTE included.
      writesPerMinute: round(created / (ms / 60_000)),
      answered429,
      createRequests: sent.filter(isCreate).length,
      duplicatesStored,
      createsForATakenName,
    };
  } finally {
    sandbox.setRateLimit(undefined);
    done(env);
  }
}
