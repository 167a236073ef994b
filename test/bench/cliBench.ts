import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readGroupsFile, writeGroupsFile, type WrittenGroup } from '../../src/groupsFile/format';
import { Sandbox, TOKEN_PATH, type RecordedRequest } from '../sandbox/server';
import { CLI, cli, cliEnv } from '../support/cli';
import { Failures, figures, round } from './shared';

/**
 * The command line's figures of `npm run bench`: `node dist/cli.js` as a pipeline runs it, a
 * fresh process each time, timed from spawn to exit (its wall time, Node's start included):
 * `--help`, a plan with nothing to change of a 10-group org, a plan of a 10,000-group file against
 * a 10,000-group org, and applies of 1,000 creates. Nothing asserts a time; a count that must hold
 * and does not is listed in `failures`.
 */
const RUNS = 10;
const BIG_ORG = 10_000;
const BIG_PLAN_RUNS = 3;
const RANK_CHANGES = 100;
const NEW_NAMES = 50;
const APPLY_CREATES = 1_000;
/** The core's default (DEFAULT_APPLY_CONCURRENCY), named in the figures. */
const DEFAULT_CONCURRENCY = 'default';

const isList = (r: RecordedRequest) => r.method === 'GET' && /\/group\/?$/.test(r.path);
const isCreate = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/group/create');
const isToken = (r: RecordedRequest) => r.path.endsWith(TOKEN_PATH);

interface Run {
  code: number | null;
  ms: number;
}

/** One `node dist/cli.js …` in `cwd` (test/support/cli.ts), timed from spawn to exit. */
async function timed(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  const started = performance.now();
  const { code } = await cli(args, { cwd, env });
  return { code, ms: performance.now() - started };
}

/** The environment of a pipeline that signs in to `sandbox`, with nothing of this machine's CAPILLARY_* in it. */
function pipelineEnv(sandbox: Sandbox, method: 'basic' | 'oauth'): Record<string, string> {
  return cliEnv(sandbox.url, method, { NO_COLOR: '1' });
}

export interface CliFigures {
  figures: Record<string, unknown>;
  failures: string[];
}

export async function cliBench(): Promise<CliFigures> {
  if (!fs.existsSync(CLI)) return { figures: { error: `${CLI} is missing: build it first` }, failures: [] };
  const failures = new Failures();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bench-'));
  try {
    const help = await helpFigures(folder, failures);
    const small = await noChangePlanFigures(folder, failures);
    const big = await bigPlanFigures(folder, failures);
    const apply = await applyFigures(folder, failures);
    return {
      figures: { helpMs: help, noChangePlanOf10: small, planOf10000: big, apply1000Creates: apply },
      failures: failures.list,
    };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function helpFigures(folder: string, failures: Failures) {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await timed(['--help'], {}, folder);
    failures.expect('--help exit code', result.code, 0);
    times.push(result.ms);
  }
  return figures(times);
}

async function noChangePlanFigures(folder: string, failures: Failures) {
  const sandbox = await Sandbox.start({ seedGroups: 10 });
  try {
    const env = pipelineEnv(sandbox, 'basic');
    const file = path.join(folder, 'ten.capillary-groups.json');
    failures.expect('export of the 10-group org', (await timed(['export', '--out', file], env, folder)).code, 0);
    const times: number[] = [];
    const requests: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const before = sandbox.requests.length;
      const result = await timed(['plan', file], env, folder);
      failures.expect('no-change plan exit code', result.code, 0);
      times.push(result.ms);
      requests.push(sandbox.requests.length - before);
    }
    return { ms: figures(times), requestsPerPlan: Math.max(...requests) };
  } finally {
    await sandbox.close();
  }
}

/** The org's export with RANK_CHANGES ranks moved and NEW_NAMES groups added, as a reviewer's edit would. */
function edited(text: string): string {
  const read = readGroupsFile(text);
  if (!read.ok) throw new Error(`the exported file does not read: ${read.problems[0]?.message}`);
  const groups: WrittenGroup[] = read.file.groups.map(({ name, rank, isActive }) => ({ name, rank, isActive }));
  const every = Math.floor(groups.length / RANK_CHANGES);
  for (let n = 0; n < RANK_CHANGES; n++) {
    const group = groups[n * every]!;
    group.rank = typeof group.rank === 'number' ? group.rank + 1 : 1;
  }
  for (let n = 1; n <= NEW_NAMES; n++) groups.push({ name: `CLI Bench New ${String(n).padStart(3, '0')}`, rank: n });
  return writeGroupsFile(groups, read.file.deactivateMissingLeftOut ? undefined : read.file.deactivateMissing);
}

async function bigPlanFigures(folder: string, failures: Failures) {
  const sandbox = await Sandbox.start({ seedGroups: BIG_ORG });
  try {
    const env = pipelineEnv(sandbox, 'basic');
    const exported = path.join(folder, 'org.capillary-groups.json');
    failures.expect(
      'export of the 10,000-group org',
      (await timed(['export', '--out', exported], env, folder)).code,
      0,
    );
    const file = path.join(folder, 'big.capillary-groups.json');
    fs.writeFileSync(file, edited(fs.readFileSync(exported, 'utf8')));
    const times: number[] = [];
    let lists = 0;
    let others = 0;
    for (let run = 0; run < BIG_PLAN_RUNS; run++) {
      const before = sandbox.requests.length;
      const result = await timed(['plan', file, '--json'], env, folder);
      failures.expect('plan of the 10,000-group file: exit code (changes)', result.code, 2);
      times.push(result.ms);
      const sent = sandbox.requests.slice(before);
      lists = Math.max(lists, sent.filter(isList).length);
      others = Math.max(others, sent.filter((r) => !isList(r)).length);
    }
    failures.expect('plan of the 10,000-group file: requests other than list reads', others, 0);
    return {
      ms: figures(times),
      listRequestsPerPlan: lists,
      otherRequestsPerPlan: others,
      fileBytes: fs.statSync(file).size,
    };
  } finally {
    await sandbox.close();
  }
}

async function applyFigures(folder: string, failures: Failures) {
  const file = path.join(folder, 'creates.capillary-groups.json');
  const creates: WrittenGroup[] = Array.from({ length: APPLY_CREATES }, (_, n) => ({
    name: `CLI Bench Create ${String(n).padStart(4, '0')}`,
    rank: n + 1,
  }));
  fs.writeFileSync(file, writeGroupsFile(creates, undefined));
  const result: Record<string, unknown> = {};
  for (const concurrency of ['1', DEFAULT_CONCURRENCY]) {
    // A fresh org each time: the same file creates all 1,000 again.
    const sandbox = await Sandbox.start();
    try {
      const env = pipelineEnv(sandbox, 'oauth');
      const args = [
        'apply',
        file,
        '--yes',
        '--force',
        ...(concurrency === DEFAULT_CONCURRENCY ? [] : ['--concurrency', concurrency]),
      ];
      const run = await timed(args, env, folder);
      failures.expect(`apply of ${APPLY_CREATES} creates at concurrency ${concurrency}: exit code`, run.code, 0);
      const createRequests = sandbox.requests.filter(isCreate).length;
      const tokenRequests = sandbox.requests.filter(isToken).length;
      failures.expect(`create requests at concurrency ${concurrency}`, createRequests, APPLY_CREATES);
      failures.expect(`token requests at concurrency ${concurrency}`, tokenRequests, (n) => n <= 1, 'at most 1');
      result[`concurrency${concurrency === DEFAULT_CONCURRENCY ? 'Default' : concurrency}`] = {
        ms: round(run.ms),
        createRequests,
        tokenRequests,
        listRequests: sandbox.requests.filter(isList).length,
      };
    } finally {
      await sandbox.close();
    }
  }
  return result;
}
