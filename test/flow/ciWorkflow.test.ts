// The CI workflow of docs/ci.md and the action of action.yml, run step by step as a GitHub runner
// would, against the sandbox on 127.0.0.1 (test/support/workflowRunner.ts): `run:` steps in bash
// as written, the action's steps with its inputs, `node dist/cli.js` built by the tests' build (the
// action finds it built, and the `npm` on PATH is a stand-in that fails, so nothing is installed).
// The third-party actions are local stand-ins (checkout copies the repository's files, the
// artifact actions copy files per run id, setup-node is the Node running this), and `gh` is a
// stand-in answering like GitHub's API (test/support/ghStub.ts), which the sticky comment and the
// search for the merged pull request's plan talk to. A temporary folder plays the repository.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { basicAuthorization, md5Hex } from '../../src/api/auth';
import { DEMO_CREDENTIALS, type Sandbox } from '../sandbox/server';
import { colleagueClient } from '../support/answers';
import { installGhStub, readGhState, updateGhState } from '../support/ghStub';
import { useSandbox } from '../support/sandboxTier';
import {
  type Action,
  type GithubEvent,
  LocalRunner,
  parseYaml,
  type Workflow,
  type WorkflowRun,
  yamlBlockOf,
} from '../support/workflowRunner';

const ROOT = path.resolve(__dirname, '../../..');
const WORKFLOW = parseYaml<Workflow>(yamlBlockOf(fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8')));
const ACTION = parseYaml<Action>(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
const MARKER = '<!-- capillary-groups:plan -->';
const REPOSITORY = 'acme/loyalty-groups';
const GROUPS_FILE = 'groups.capillary-groups.json';
const PR = 7;
const { basic } = DEMO_CREDENTIALS;

/** The `uses:` of the action in the workflow: every one that is no `actions/…` stand-in. */
const ACTION_REFS = [
  ...new Set(
    Object.values(WORKFLOW.jobs)
      .flatMap((job) => job.steps.map((step) => step.uses))
      .filter((uses): uses is string => uses !== undefined && !uses.startsWith('actions/')),
  ),
];

function groupsFile(groups: { name: string; rank?: number; isActive?: boolean }[]): string {
  return `${JSON.stringify({ groups, deactivateMissing: true }, null, 2)}\n`;
}

/** Gold, Silver, Bronze (new, inactive); Old left out, so deactivated. */
const FILE_V1 = groupsFile([
  { name: 'Gold', rank: 1 },
  { name: 'Silver', rank: 5 },
  { name: 'Bronze', rank: 4, isActive: false },
]);
/** The pull request's second push: Silver ranked 6 instead. */
const FILE_V2 = FILE_V1.replace('"rank": 5', '"rank": 6');

describe('the CI workflow (docs/ci.md) and the action (action.yml), run step by step', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;
  let ghState: string;
  let runner: LocalRunner;
  useSandbox({ bind: (started) => (sandbox = started) });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-ci-'));
    const bin = path.join(dir, 'bin');
    ghState = installGhStub(bin);
    fs.writeFileSync(
      path.join(bin, 'npm'),
      '#!/bin/sh\necho "npm is not run here: the action must find dist/cli.js built" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    runner = new LocalRunner({
      actionPath: ROOT,
      actionRefs: ACTION_REFS,
      action: ACTION,
      root: dir,
      bin,
      extraEnv: { GH_STUB_STATE: ghState },
      repository: REPOSITORY,
      workflowFile: 'capillary-groups.yml',
      secrets: { CAPILLARY_TILL_PROD: basic.username, CAPILLARY_PASSWORD_PROD: basic.password },
    });
    sandbox.addGroup({ name: 'Gold', rank: 1 });
    sandbox.addGroup({ name: 'Silver', rank: 2 });
    sandbox.addGroup({ name: 'Old', rank: 3 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The repository at a commit: the groups file and the committed, secret-free connections file. */
  const repository = (groups: string) => ({
    [GROUPS_FILE]: groups,
    'capillary-connections.json': `${JSON.stringify([{ name: 'prod', host: sandbox.url, production: true }])}\n`,
  });
  const writes = () => sandbox.requests.filter((request) => request.method === 'POST' || request.method === 'PUT');
  const group = (name: string) => sandbox.groups().find((candidate) => candidate.name === name)!;

  /** A push to the pull request: the workflow on pull_request, its run recorded for GitHub's API as the stub answers it. */
  async function pullRequestPush(head: string, groups: string): Promise<WorkflowRun> {
    const event: GithubEvent = {
      event_name: 'pull_request',
      sha: `merge-of-${head}`,
      ref: `refs/pull/${PR}/merge`,
      ref_name: `${PR}/merge`,
      event: { number: PR, pull_request: { number: PR, head: { sha: head }, base: { ref: 'main' } } },
    };
    const run = await runner.run(WORKFLOW, event, repository(groups));
    record(run, 'pull_request', head);
    return run;
  }

  /** The pull request merged as `commit`, then the push to main that the merge makes. */
  async function merge(commit: string, head: string, groups: string): Promise<WorkflowRun> {
    updateGhState(ghState, (state) => state.pulls.push({ number: PR, mergeCommit: commit, headSha: head }));
    const event: GithubEvent = {
      event_name: 'push',
      sha: commit,
      ref: 'refs/heads/main',
      ref_name: 'main',
      event: { after: commit },
    };
    const run = await runner.run(WORKFLOW, event, repository(groups));
    record(run, 'push', commit);
    return run;
  }

  async function scheduled(groups: string): Promise<WorkflowRun> {
    const event: GithubEvent = {
      event_name: 'schedule',
      sha: 'main-head',
      ref: 'refs/heads/main',
      ref_name: 'main',
      event: { schedule: '17 6 * * *' },
    };
    return runner.run(WORKFLOW, event, repository(groups));
  }

  function record(run: WorkflowRun, event: string, headSha: string): void {
    updateGhState(ghState, (state) =>
      state.runs.push({
        id: run.id,
        workflow: 'capillary-groups.yml',
        event,
        headSha,
        conclusion: run.ok ? 'success' : 'failure',
      }),
    );
  }

  /** The action's step of a job (the one `uses:` the action) and its outputs. */
  const actionStep = (run: WorkflowRun, job: string) => {
    const step = run.jobs[job]!.steps.find((candidate) => ACTION_REFS.includes(candidate.name));
    assert.ok(step, `job ${job} has no step using the action`);
    return step;
  };
  const ranJobs = (run: WorkflowRun) =>
    Object.values(run.jobs)
      .filter((job) => job.ran)
      .map((job) => job.name);
  const planArtifact = (runId: number) =>
    JSON.parse(
      fs.readFileSync(path.join(dir, 'artifacts', String(runId), 'groups-plan', 'groups.plan.json'), 'utf8'),
    ) as {
      kind: string;
      connection: string;
      steps: { kind: string; name: string; id?: number }[];
    };
  const ghCalls = () => readGhState(ghState).calls.map((call) => call.args.join(' '));

  it('the files hold what the test relies on: one action, the apply job in a protected environment, credentials from env only', () => {
    assert.deepEqual(ACTION_REFS.length, 1, 'one action, used by every job');
    assert.match(ACTION_REFS[0]!, /\/capillary-rewards-groups@/);
    assert.equal(WORKFLOW.jobs.apply!.environment, 'capillary-production');
    assert.deepEqual(Object.keys(ACTION.inputs).sort(), [
      'command',
      'comment-on-pr',
      'connection',
      'expect-no-changes',
      'file',
      'force',
      'plan',
    ]);
    assert.ok(!Object.keys(ACTION.inputs).some((name) => /pass|secret|till|token|key/i.test(name)));
    assert.deepEqual(Object.keys(ACTION.outputs).sort(), ['changes', 'exit-code']);
  });

  it('a pull request: plan exits 2 (changes=true), one comment created then updated by the next push, the plan kept as the artifact, nothing written', async () => {
    // Someone else's comment that starts with the marker is not the action's to edit.
    const planted = { id: 42, issue: PR, body: `${MARKER}\nnot a plan`, user: { login: 'mallory', type: 'User' } };
    updateGhState(ghState, (state) => state.comments.push(planted));
    const first = await pullRequestPush('head-1', FILE_V1);
    assert.deepEqual(ranJobs(first), ['plan']);
    const job = first.jobs.plan!;
    assert.ok(job.ok, job.log);
    assert.deepEqual(actionStep(first, 'plan').outputs, { 'exit-code': '2', changes: 'true' });
    assert.match(job.log, /capillary-groups \S+ is built already/);
    // The secrets' masks went to the runner, from the action's step.
    assert.ok(job.log.includes(`::add-mask::${basic.password}`), job.log);

    let state = readGhState(ghState);
    assert.equal(state.comments.length, 2);
    assert.deepEqual(state.comments[0], planted, 'the planted comment is left as it was');
    const comment = state.comments[1]!;
    assert.equal(comment.issue, PR);
    assert.ok(comment.body.startsWith(`${MARKER}\n`), comment.body);
    assert.match(comment.body, /### Plan for groups\.capillary-groups\.json on prod/);
    assert.match(comment.body, /\| rank \| Silver \| rank 2 → 5 \|/);
    assert.match(comment.body, /\| create \| Bronze \| rank 4, inactive \|/);
    assert.match(comment.body, /Planned for head-1 by \[run 1001\]/);
    const md5 = md5Hex(basic.password);
    for (const secret of [basic.password, md5, basicAuthorization(basic.username, md5).replace(/^Basic /, '')]) {
      assert.ok(!comment.body.includes(secret), 'no secret in the comment');
    }
    assert.ok(!comment.body.includes('::add-mask::'));
    assert.ok(
      state.calls.every((call) => call.token),
      'gh had GH_TOKEN each time',
    );
    assert.deepEqual(ghCalls().map(firstWords), [
      `api --paginate repos/${REPOSITORY}/issues/${PR}/comments`,
      `api --method POST repos/${REPOSITORY}/issues/${PR}/comments`,
    ]);
    // The job summary has the plan; the artifact is the plan file, for the connection 'prod'.
    assert.match(job.summary, /### Plan for groups\.capillary-groups\.json on prod/);
    const plan = planArtifact(first.id);
    assert.equal(plan.kind, 'capillary-groups-plan');
    assert.equal(plan.connection, 'prod');
    assert.deepEqual(
      plan.steps.map((step) => `${step.kind} ${step.name}`),
      ['update Silver', 'create Bronze', 'update Old'],
    );

    const second = await pullRequestPush('head-2', FILE_V2);
    assert.ok(second.ok, second.jobs.plan!.log);
    state = readGhState(ghState);
    assert.equal(state.comments.length, 2, 'updated, not duplicated');
    assert.deepEqual(state.comments[0], planted);
    assert.equal(state.comments[1]!.id, comment.id);
    assert.match(state.comments[1]!.body, /rank 2 → 6/);
    assert.doesNotMatch(state.comments[1]!.body, /rank 2 → 5/);
    assert.deepEqual(ghCalls().slice(2).map(firstWords), [
      `api --paginate repos/${REPOSITORY}/issues/${PR}/comments`,
      `api --method PATCH repos/${REPOSITORY}/issues/comments/${comment.id}`,
    ]);
    assert.equal(writes().length, 0, 'a plan sends no write');
  });

  it('the merge applies the merged pull request’s plan artifact, exactly its writes; drift then passes, and fails once a colleague changes a group', async () => {
    await pullRequestPush('head-1', FILE_V1);
    const reviewed = await pullRequestPush('head-2', FILE_V2);
    const plan = planArtifact(reviewed.id);
    sandbox.requests.length = 0;

    const merged = await merge('merge-commit', 'head-2', FILE_V2);
    assert.deepEqual(ranJobs(merged), ['apply']);
    const job = merged.jobs.apply!;
    assert.ok(job.ok, job.log);
    assert.deepEqual(actionStep(merged, 'apply').outputs, { 'exit-code': '0', changes: 'true' });
    assert.deepEqual(job.step('find').outputs, { 'run-id': String(reviewed.id) });
    assert.deepEqual(
      runner.artifacts.filter((artifact) => artifact.kind === 'download'),
      [{ kind: 'download', runId: reviewed.id, name: 'groups-plan' }],
      'the last push’s plan, not the first’s',
    );
    assert.ok(
      ghCalls().includes(
        `api repos/${REPOSITORY}/actions/workflows/capillary-groups.yml/runs?event=pull_request&head_sha=head-2&status=success --jq .workflow_runs[0].id // empty`,
      ),
      ghCalls().join('\n'),
    );
    // Exactly the plan's writes: a PUT per update, Bronze created then deactivated.
    const bronze = group('Bronze');
    const expected = plan.steps
      .flatMap((step) =>
        step.kind === 'create' ? ['POST /group/create', `PUT /group/${bronze.id}`] : [`PUT /group/${step.id}`],
      )
      .sort();
    assert.deepEqual(
      writes()
        .map((request) => `${request.method} ${request.path.replace(/^.*\/group/, '/group')}`)
        .sort(),
      expected,
    );
    assert.deepEqual(
      sandbox.groups().map((g) => [g.name, g.rank, g.isActive]),
      [
        ['Gold', 1, true],
        ['Silver', 6, true],
        ['Old', 3, false],
        ['Bronze', 4, false],
      ],
    );
    assert.match(job.summary, /### Apply of .*groups\.plan\.json to prod[\s\S]*Applied: 1 created, 2 updated/);

    const applied = writes().length;
    const quiet = await scheduled(FILE_V2);
    assert.deepEqual(ranJobs(quiet), ['drift']);
    assert.ok(quiet.ok, quiet.jobs.drift!.log);
    assert.deepEqual(actionStep(quiet, 'drift').outputs, { 'exit-code': '0', changes: 'false' });

    assert.equal(writes().length, applied, 'a drift check sends no write');
    await colleagueClient(sandbox).update(group('Silver').id, { name: 'Silver', rank: 8, isActive: true });
    const before = writes().length;
    const drifted = await scheduled(FILE_V2);
    assert.equal(drifted.ok, false);
    assert.deepEqual(actionStep(drifted, 'drift').outputs, { 'exit-code': '2', changes: 'true' });
    assert.equal(actionStep(drifted, 'drift').outcome, 'failure');
    assert.match(
      drifted.jobs.drift!.log,
      /^::error title=Drift::The org no longer matches groups\.capillary-groups\.json: planning it finds changes \(exit 2\)/m,
    );
    assert.match(drifted.jobs.drift!.summary, /\| rank \| Silver \| rank 8 → 6 \|/);
    assert.equal(writes().length, before, 'a drift check sends no write');
  });

  it('a plan a colleague made stale before the merge: apply fails with exit 3 and sends no write', async () => {
    const reviewed = await pullRequestPush('head-1', FILE_V1);
    assert.ok(reviewed.ok);
    await colleagueClient(sandbox).update(group('Silver').id, { name: 'Silver', rank: 7, isActive: true });
    sandbox.requests.length = 0;

    const merged = await merge('merge-commit', 'head-1', FILE_V1);
    const job = merged.jobs.apply!;
    assert.equal(job.ok, false);
    const step = actionStep(merged, 'apply');
    assert.equal(step.outcome, 'failure');
    assert.deepEqual(step.outputs, { 'exit-code': '3', changes: 'false' });
    assert.match(job.log, /The plan is stale: nothing was sent/);
    assert.match(job.log, /^::error title=Stale plan::The plan is stale \(exit 3\)/m);
    assert.equal(writes().length, 0);
    assert.equal(group('Silver').rank, 7);
    assert.equal(sandbox.groups().length, 3);
  });

  it('a push to main that no pull request made applies nothing, and says why', async () => {
    const pushed = await merge('direct-push', 'nobody', FILE_V1);
    updateGhState(ghState, (state) => (state.pulls = []));
    const again = await runner.run(
      WORKFLOW,
      { event_name: 'push', sha: 'direct-push-2', ref: 'refs/heads/main', ref_name: 'main', event: {} },
      repository(FILE_V1),
    );
    for (const run of [pushed, again]) {
      assert.equal(run.jobs.apply!.ok, false);
      assert.equal(run.jobs.apply!.step('find').outcome, 'failure');
    }
    assert.match(pushed.jobs.apply!.log, /::error::Pull request #7 has no successful plan of its last commit nobody/);
    assert.match(again.jobs.apply!.log, /::error::direct-push-2 is not a merged pull request's/);
    assert.equal(writes().length, 0);
  });

  it('the action alone: expect-no-changes fails a plan with changes (exit 2), and a missing plan input fails apply before anything runs', async () => {
    const workflow: Workflow = {
      on: { push: null },
      jobs: {
        check: {
          env: { CAPILLARY_TILL_PROD: basic.username, CAPILLARY_PASSWORD_PROD: basic.password },
          steps: [
            { uses: 'actions/checkout@v4' },
            {
              uses: ACTION_REFS[0]!,
              with: { command: 'plan', file: GROUPS_FILE, connection: 'prod', 'expect-no-changes': 'true' },
            },
          ],
        },
        apply: { steps: [{ uses: 'actions/checkout@v4' }, { uses: ACTION_REFS[0]!, with: { command: 'apply' } }] },
      },
    };
    const run = await runner.run(
      workflow,
      { event_name: 'push', sha: 'x', ref: 'refs/heads/main', ref_name: 'main', event: {} },
      repository(FILE_V1),
    );
    const check = actionStep(run, 'check');
    assert.equal(check.outcome, 'failure');
    assert.deepEqual(check.outputs, { 'exit-code': '2', changes: 'true' });
    assert.match(run.jobs.check!.log, /::error title=Changes::The plan of groups\.capillary-groups\.json has changes/);
    const apply = actionStep(run, 'apply');
    assert.deepEqual([apply.outcome, apply.outputs['exit-code']], ['failure', '1']);
    assert.match(run.jobs.apply!.log, /::error title=capillary-groups::apply needs the plan input/);
    assert.equal(writes().length, 0);
    assert.equal(readGhState(ghState).calls.length, 0, 'no comment off a pull request');
  });
});

/** A gh call without its --jq and field values (which hold a path of this run). */
function firstWords(call: string): string {
  return call.replace(/ (--jq|-F) .*$/, '');
}
