// A stand-in for the `gh` CLI of GitHub's runners, for the CI workflow's tests: an executable
// written into a folder put first on PATH. It answers `gh api` for the few endpoints the workflow
// and the action call, like the GitHub REST API would, from a JSON state file the test reads and
// sets up (GH_STUB_STATE), and records every call there. `--jq` is applied with the machine's
// `jq -r` (gh has jq built in). Anything else it is asked: exit 1 with a sentence, as gh would fail.
import * as fs from 'fs';
import * as path from 'path';

export interface StubComment {
  id: number;
  issue: number;
  body: string;
  /** Who wrote it; the action's token (github-actions[bot]) when left out. */
  user?: { login: string; type: string };
}

export interface StubPull {
  number: number;
  /** The commit the merge made on the base branch. */
  mergeCommit: string;
  headSha: string;
}

export interface StubRun {
  id: number;
  /** The workflow's file name (`capillary-groups.yml`). */
  workflow: string;
  event: string;
  headSha: string;
  conclusion: 'success' | 'failure';
}

export interface GhState {
  calls: { args: string[]; token: boolean }[];
  comments: StubComment[];
  pulls: StubPull[];
  runs: StubRun[];
}

const STUB = String.raw`#!/usr/bin/env node
const fs = require('fs');
const { execFileSync } = require('child_process');
const statePath = process.env.GH_STUB_STATE;
const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
const args = process.argv.slice(2);
state.calls.push({ args, token: Boolean(process.env.GH_TOKEN) });
const save = () => fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
function fail(message) {
  save();
  process.stderr.write('gh: ' + message + '\n');
  process.exit(1);
}
if (args[0] !== 'api') fail('this stand-in answers "gh api" only');
if (!process.env.GH_TOKEN) fail('set the GH_TOKEN environment variable (HTTP 401)');
let method = 'GET';
let jq;
let endpoint;
const fields = {};
for (let i = 1; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--method' || arg === '-X') method = args[++i];
  else if (arg === '--jq' || arg === '-q') jq = args[++i];
  else if (arg === '--paginate') continue;
  else if (arg === '-F' || arg === '--field' || arg === '-f' || arg === '--raw-field') {
    const field = args[++i];
    const equals = field.indexOf('=');
    let value = field.slice(equals + 1);
    if ((arg === '-F' || arg === '--field') && value.startsWith('@')) value = fs.readFileSync(value.slice(1), 'utf8');
    fields[field.slice(0, equals)] = value;
  } else if (arg.startsWith('-')) fail('unknown flag ' + arg);
  else endpoint = arg;
}
const [route, query = ''] = endpoint.split('?');
const params = new URLSearchParams(query);
const repo = process.env.GITHUB_REPOSITORY;
const prefix = 'repos/' + repo + '/';
if (!route.startsWith(prefix)) fail('HTTP 404: ' + route);
const rest = route.slice(prefix.length);
const comment = (c) => ({
  id: c.id,
  body: c.body,
  user: c.user ?? { login: 'github-actions[bot]', type: 'Bot' },
  html_url: 'https://github.com/' + repo + '/pull/' + c.issue + '#issuecomment-' + c.id,
});
let answer;
let m;
if ((m = /^issues\/(\d+)\/comments$/.exec(rest)) && method === 'GET') {
  answer = state.comments.filter((c) => c.issue === Number(m[1])).map(comment);
} else if ((m = /^issues\/(\d+)\/comments$/.exec(rest)) && method === 'POST') {
  if (typeof fields.body !== 'string') fail('HTTP 422: body is missing');
  const created = { id: 9000 + state.comments.length + 1, issue: Number(m[1]), body: fields.body };
  state.comments.push(created);
  answer = comment(created);
} else if ((m = /^issues\/comments\/(\d+)$/.exec(rest)) && method === 'PATCH') {
  const found = state.comments.find((c) => c.id === Number(m[1]));
  if (!found) fail('HTTP 404: no comment ' + m[1]);
  if (typeof fields.body !== 'string') fail('HTTP 422: body is missing');
  found.body = fields.body;
  answer = comment(found);
} else if ((m = /^commits\/([^/]+)\/pulls$/.exec(rest)) && method === 'GET') {
  answer = state.pulls
    .filter((p) => p.mergeCommit === m[1])
    .map((p) => ({ number: p.number, state: 'closed', merged_at: '2025-01-01T00:00:00Z', head: { sha: p.headSha } }));
} else if ((m = /^actions\/workflows\/([^/]+)\/runs$/.exec(rest)) && method === 'GET') {
  const runs = state.runs
    .filter((r) => r.workflow === m[1])
    .filter((r) => !params.has('event') || r.event === params.get('event'))
    .filter((r) => !params.has('head_sha') || r.headSha === params.get('head_sha'))
    .filter((r) => !params.has('status') || r.conclusion === params.get('status'))
    .sort((a, b) => b.id - a.id);
  answer = {
    total_count: runs.length,
    workflow_runs: runs.map((r) => ({ id: r.id, event: r.event, head_sha: r.headSha, status: 'completed', conclusion: r.conclusion })),
  };
} else {
  fail('HTTP 404: no answer for ' + method + ' ' + endpoint);
}
save();
const json = JSON.stringify(answer);
process.stdout.write(jq === undefined ? json + '\n' : execFileSync('jq', ['-r', jq], { input: json, encoding: 'utf8' }));
`;

/** Writes `gh` into `bin` (with its state file beside it) and returns the state file's path. */
export function installGhStub(bin: string): string {
  fs.mkdirSync(bin, { recursive: true });
  const stub = path.join(bin, 'gh');
  fs.writeFileSync(stub, STUB, { mode: 0o755 });
  const state = path.join(path.dirname(bin), 'gh-state.json');
  const empty: GhState = { calls: [], comments: [], pulls: [], runs: [] };
  fs.writeFileSync(state, JSON.stringify(empty));
  return state;
}

export function readGhState(file: string): GhState {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as GhState;
}

export function updateGhState(file: string, change: (state: GhState) => void): void {
  const state = readGhState(file);
  change(state);
  fs.writeFileSync(file, JSON.stringify(state, null, 2));
}
