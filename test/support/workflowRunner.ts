// A small local runner for the CI workflow's tests: runs a GitHub Actions workflow's jobs and a
// composite action's steps the way a runner does, against this machine only.
// - `run:` steps: bash, as written, with `${{ … }}` substituted by `evaluate` below; the step's
//   $GITHUB_OUTPUT, $GITHUB_ENV and $GITHUB_STEP_SUMMARY are temporary files, read back after it.
// - `uses:` the action under test: its action.yml's steps run the same way, with its inputs, in
//   $GITHUB_ACTION_PATH = the repository's root (where `node dist/cli.js` is built).
// - the third-party actions (`actions/checkout`, `actions/upload-artifact`,
//   `actions/download-artifact`, `actions/setup-node`) by small local stand-ins: checkout copies
//   the repository's files for the event, the artifact actions copy files to and from a folder per
//   run id, setup-node uses the Node running the tests. Any other `uses:` fails the step.
// Nothing here reaches beyond this machine.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';

// ---------------------------------------------------------------------------------------------
// Expressions: only the forms the workflow and the action use. Property paths of a context
// (`inputs.comment-on-pr`, `steps.run.outputs.exit-code`, `github.event.pull_request.number`),
// string literals, `==`, `!=`, `!`, `&&`, `||` and parentheses. Anything else throws, so a new
// form in either file fails the test until it is taught here.

type Contexts = Record<string, unknown>;
type Token = { op: string } | { literal: unknown } | { path: string[] };

const TOKEN =
  /\s*(?:(\|\||&&|==|!=|!|\(|\))|'((?:[^']|'')*)'|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)|(\d+(?:\.\d+)?))/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (source.slice(at).trim() !== '') {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(source);
    if (!match) throw new Error(`the test's evaluator does not know "${source.slice(at).trim()}" in "${source}"`);
    at = TOKEN.lastIndex;
    const [, op, text, name, number] = match;
    if (op) tokens.push({ op });
    else if (text !== undefined) tokens.push({ literal: text.replace(/''/g, "'") });
    else if (number) tokens.push({ literal: Number(number) });
    else if (name === 'true' || name === 'false') tokens.push({ literal: name === 'true' });
    else if (name === 'null') tokens.push({ literal: null });
    else tokens.push({ path: name!.split('.') });
  }
  return tokens;
}

/** GitHub's falsy values: false, 0, '', null (and a missing property). */
function truthy(value: unknown): boolean {
  return !(value === false || value === 0 || value === '' || value === null || value === undefined);
}

/** Strings compare ignoring case, as GitHub's do; anything else by value. */
function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return (a ?? null) === (b ?? null);
}

export function evaluate(source: string, contexts: Contexts): unknown {
  const tokens = tokenize(source);
  let i = 0;
  const isOp = (op: string) => {
    const token = tokens[i];
    return token !== undefined && 'op' in token && token.op === op;
  };
  const primary = (): unknown => {
    const token = tokens[i++];
    if (!token) throw new Error(`"${source}" ends too early`);
    if ('literal' in token) return token.literal;
    if ('path' in token) {
      const [root, ...rest] = token.path;
      if (!(root! in contexts)) throw new Error(`no context '${root}' (in "${source}")`);
      return rest.reduce<unknown>(
        (value, key) =>
          value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
        contexts[root!],
      );
    }
    if (token.op === '(') {
      const value = or();
      if (!isOp(')')) throw new Error(`a ')' is missing in "${source}"`);
      i++;
      return value;
    }
    if (token.op === '!') return !truthy(primary());
    throw new Error(`unexpected '${token.op}' in "${source}"`);
  };
  const comparison = (): unknown => {
    const left = primary();
    if (isOp('==') || isOp('!=')) {
      const negate = isOp('!=');
      i++;
      const same = equal(left, primary());
      return negate ? !same : same;
    }
    return left;
  };
  /** `next (op next)*`: `&&` gives its left side when that is falsy, `||` when it is truthy; else the right side. */
  const chain = (op: '&&' | '||', next: () => unknown) => (): unknown => {
    let value = next();
    while (isOp(op)) {
      i++;
      const right = next();
      if (truthy(value) === (op === '&&')) value = right;
    }
    return value;
  };
  const and = chain('&&', comparison);
  const or = chain('||', and);
  const value = or();
  if (i < tokens.length) throw new Error(`"${source}" has more after its expression`);
  return value;
}

/** A value as `${{ }}` puts it into text: nothing for null or a missing property, anything but a string as JSON (a number, true). */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every `${{ … }}` in the text replaced by its value. */
export function interpolate(text: unknown, contexts: Contexts): string {
  return asText(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) =>
    asText(evaluate(expression, contexts)),
  );
}

/** An `if:`, written bare or inside `${{ }}`; none is true. */
function condition(text: unknown, contexts: Contexts): boolean {
  if (text === undefined) return true;
  const source = asText(text).trim();
  const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(source);
  return truthy(evaluate(inner ? inner[1]! : source, contexts));
}

// ---------------------------------------------------------------------------------------------
// Workflows and actions as YAML.

export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, unknown>;
  with?: Record<string, unknown>;
}

export interface Job {
  if?: string;
  environment?: string;
  env?: Record<string, unknown>;
  steps: Step[];
  defaults?: { run?: { shell?: string } };
}

export interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, unknown>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

export interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export function parseYaml<T>(text: string): T {
  return load(text) as T;
}

/** The one ```yaml block of a markdown file. */
export function yamlBlockOf(markdown: string): string {
  const blocks = [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  if (blocks.length !== 1) throw new Error(`expected one YAML block, found ${blocks.length}`);
  return blocks[0]!;
}

// ---------------------------------------------------------------------------------------------
// Running.

export interface GithubEvent {
  event_name: string;
  sha: string;
  ref: string;
  ref_name: string;
  event: Record<string, unknown>;
}

export interface RunnerSetup {
  /** The repository's root: the action's checkout ($GITHUB_ACTION_PATH). */
  actionPath: string;
  /** `uses:` values that mean the action under test. */
  actionRefs: readonly string[];
  action: Action;
  /** Where runs, artifacts and the runner's files go. */
  root: string;
  /** First on PATH (the `gh` and `npm` stand-ins). */
  bin: string;
  /** Added to every step's environment (the gh stand-in's state file). */
  extraEnv: Record<string, string>;
  repository: string;
  workflowFile: string;
  secrets: Record<string, string>;
}

export interface StepRun {
  name: string;
  id?: string;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  log: string;
}

export interface JobRun {
  name: string;
  ran: boolean;
  ok: boolean;
  steps: StepRun[];
  /** Every step's output, one after the other (an action's steps' too). */
  log: string;
  summary: string;
  workspace: string;
  step(id: string): StepRun;
}

export interface WorkflowRun {
  id: number;
  ok: boolean;
  jobs: Record<string, JobRun>;
}

/** The uploads and downloads the artifact stand-ins made. */
export interface ArtifactRecord {
  kind: 'upload' | 'download';
  runId: number;
  name: string;
}

/** `name=value` lines and `name<<DELIMITER` blocks, as $GITHUB_OUTPUT and $GITHUB_ENV hold them. */
function parseCommandFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  if (!fs.existsSync(file)) return values;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      values[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, log }));
  });
}

const asStrings = (values: Record<string, unknown> | undefined, contexts: Contexts): Record<string, string> =>
  Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, interpolate(value, contexts)]));

export class LocalRunner {
  private nextRunId = 1001;
  readonly artifacts: ArtifactRecord[] = [];

  constructor(private readonly setup: RunnerSetup) {}

  private artifactDir(runId: number, name: string): string {
    return path.join(this.setup.root, 'artifacts', String(runId), name);
  }

  /** One workflow run for the event: each job whose `if:` holds, in the file's order, with the repository's files as of the event. */
  async run(workflow: Workflow, github: GithubEvent, files: Record<string, string>): Promise<WorkflowRun> {
    const id = this.nextRunId++;
    const jobs: Record<string, JobRun> = {};
    for (const [name, job] of Object.entries(workflow.jobs)) {
      jobs[name] = await this.runJob(workflow, name, job, github, files, id);
    }
    return { id, ok: Object.values(jobs).every((job) => job.ok), jobs };
  }

  private async runJob(
    workflow: Workflow,
    name: string,
    job: Job,
    event: GithubEvent,
    files: Record<string, string>,
    runId: number,
  ): Promise<JobRun> {
    const base = path.join(this.setup.root, 'runs', String(runId), name);
    const workspace = path.join(base, 'workspace');
    const temp = path.join(base, 'temp');
    fs.mkdirSync(workspace, { recursive: true });
    fs.mkdirSync(temp, { recursive: true });
    const eventPath = path.join(base, 'event.json');
    fs.writeFileSync(eventPath, JSON.stringify(event.event));
    const github = {
      ...event,
      token: 'ghs_stand-in-token',
      repository: this.setup.repository,
      run_id: String(runId),
      server_url: 'https://github.com',
      workflow_ref: `${this.setup.repository}/.github/workflows/${this.setup.workflowFile}@refs/heads/main`,
      workspace,
    };
    const runner = { temp, os: 'Linux' };
    const record: JobRun = {
      name,
      ran: false,
      ok: true,
      steps: [],
      log: '',
      summary: '',
      workspace,
      step(id) {
        const found = this.steps.find((step) => step.id === id);
        if (!found) throw new Error(`job ${name} has no step '${id}'`);
        return found;
      },
    };
    if (!condition(job.if, { github })) return record;
    record.ran = true;
    const contexts: Contexts = { github, runner, secrets: this.setup.secrets, vars: {}, env: {} };
    let env = { ...asStrings(workflow.env, contexts), ...asStrings(job.env, contexts) };
    const runnerEnv: Record<string, string> = {
      PATH: [this.setup.bin, path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
      HOME: base,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event.event_name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SHA: event.sha,
      GITHUB_REF: event.ref,
      GITHUB_REF_NAME: event.ref_name,
      GITHUB_REPOSITORY: this.setup.repository,
      GITHUB_RUN_ID: String(runId),
      GITHUB_SERVER_URL: github.server_url,
      GITHUB_WORKFLOW_REF: github.workflow_ref,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      ...this.setup.extraEnv,
    };
    const shell = job.defaults?.run?.shell ?? workflow.defaults?.run?.shell;
    const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
    let counter = 0;
    const scope: StepScope = {
      record,
      runnerEnv,
      workspace,
      temp,
      nextFile: (kind) => path.join(temp, `${kind}-${++counter}`),
    };
    for (const step of job.steps) {
      const stepContexts: Contexts = { ...contexts, env, steps };
      const stepName = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? '?';
      if (!record.ok || !condition(step.if, stepContexts)) {
        record.steps.push({
          name: stepName,
          outcome: 'skipped',
          outputs: {},
          ...(step.id ? { id: step.id } : {}),
          log: '',
        });
        continue;
      }
      const stepEnv = { ...env, ...asStrings(step.env, stepContexts) };
      let result: StepResult;
      if (step.run !== undefined) {
        result = await this.runStep(scope, interpolate(step.run, stepContexts), step.shell ?? shell, stepEnv, {});
      } else if (step.uses && this.setup.actionRefs.includes(step.uses)) {
        result = await this.runAction(scope, asStrings(step.with, stepContexts), stepEnv, github, runner);
      } else {
        result = this.standIn(scope, step, asStrings(step.with, stepContexts), files, runId);
      }
      env = { ...env, ...result.env };
      if (step.id) steps[step.id] = { outputs: result.outputs, outcome: result.ok ? 'success' : 'failure' };
      record.steps.push({
        name: stepName,
        outcome: result.ok ? 'success' : 'failure',
        outputs: result.outputs,
        log: result.log,
        ...(step.id ? { id: step.id } : {}),
      });
      if (!result.ok) record.ok = false;
    }
    return record;
  }

  /** One `run:` step: the script written to a file and run by bash as a runner runs it. */
  private async runStep(
    scope: StepScope,
    script: string,
    shell: string | undefined,
    env: Record<string, string>,
    extra: Record<string, string>,
  ): Promise<StepResult> {
    const file = scope.nextFile('script');
    const output = scope.nextFile('output');
    const envFile = scope.nextFile('env');
    const summary = scope.nextFile('summary');
    fs.writeFileSync(file, script);
    const args = shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail', file] : ['-e', file];
    const ran = await runProcess('bash', args, {
      cwd: scope.workspace,
      env: {
        ...scope.runnerEnv,
        ...env,
        ...extra,
        GITHUB_OUTPUT: output,
        GITHUB_ENV: envFile,
        GITHUB_STEP_SUMMARY: summary,
      },
    });
    scope.record.log += ran.log;
    if (fs.existsSync(summary)) scope.record.summary += fs.readFileSync(summary, 'utf8');
    return { ok: ran.code === 0, outputs: parseCommandFile(output), env: parseCommandFile(envFile), log: ran.log };
  }

  /** The composite action: its inputs (with their defaults), its steps in order, its outputs. */
  private async runAction(
    scope: StepScope,
    given: Record<string, string>,
    env: Record<string, string>,
    github: Record<string, unknown>,
    runner: Record<string, unknown>,
  ): Promise<StepResult> {
    const { action, actionPath } = this.setup;
    if (action.runs.using !== 'composite') throw new Error('the action is not a composite action');
    for (const name of Object.keys(given)) {
      if (!(name in action.inputs)) throw new Error(`the action has no input '${name}'`);
    }
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(action.inputs)) {
      const value = given[name] ?? spec.default ?? '';
      if (spec.required && value === '') return { ok: false, outputs: {}, env: {}, log: `input ${name} is required` };
      inputs[name] = value;
    }
    const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
    let ok = true;
    let log = '';
    let actionEnv = { ...env };
    for (const step of action.runs.steps) {
      const contexts: Contexts = { inputs, github, runner, env: actionEnv, steps };
      if (!ok || !condition(step.if, contexts)) continue;
      const stepEnv = { ...actionEnv, ...asStrings(step.env, contexts) };
      const result =
        step.run !== undefined
          ? await this.runStep(scope, interpolate(step.run, contexts), step.shell, stepEnv, {
              GITHUB_ACTION_PATH: actionPath,
            })
          : this.standIn(scope, step, asStrings(step.with, contexts), {}, 0);
      actionEnv = { ...actionEnv, ...result.env };
      if (step.id) steps[step.id] = { outputs: result.outputs, outcome: result.ok ? 'success' : 'failure' };
      log += result.log;
      if (!result.ok) ok = false;
    }
    const outputs = Object.fromEntries(
      Object.entries(action.outputs).map(([name, spec]) => [name, interpolate(spec.value, { steps })]),
    );
    return { ok, outputs, env: {}, log };
  }

  /** The third-party actions, by local stand-ins. */
  private standIn(
    scope: StepScope,
    step: Step,
    given: Record<string, string>,
    files: Record<string, string>,
    runId: number,
  ): StepResult {
    const uses = step.uses ?? '';
    const name = uses.replace(/@.*$/, '');
    const done = (log: string, ok = true): StepResult => {
      scope.record.log += `${log}\n`;
      return { ok, outputs: {}, env: {}, log };
    };
    const inWorkspace = (where: string) => path.resolve(scope.workspace, where);
    switch (name) {
      case 'actions/checkout':
        for (const [file, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(inWorkspace(file)), { recursive: true });
          fs.writeFileSync(inWorkspace(file), text);
        }
        return done(`checkout (stand-in): ${Object.keys(files).join(', ')}`);
      case 'actions/setup-node':
        return done(`setup-node (stand-in): node-version ${given['node-version']}; using ${process.version}`);
      case 'actions/upload-artifact': {
        const source = inWorkspace(given.path!);
        if (!fs.existsSync(source)) {
          return done(`upload-artifact: no file at ${given.path}`, given['if-no-files-found'] !== 'error');
        }
        const target = this.artifactDir(runId, given.name!);
        if (fs.existsSync(target) && given.overwrite !== 'true') return done(`artifact ${given.name} exists`, false);
        fs.rmSync(target, { recursive: true, force: true });
        fs.mkdirSync(target, { recursive: true });
        fs.copyFileSync(source, path.join(target, path.basename(source)));
        this.artifacts.push({ kind: 'upload', runId, name: given.name! });
        return done(`upload-artifact (stand-in): ${given.name} of run ${runId}`);
      }
      case 'actions/download-artifact': {
        const from = Number(given['run-id']);
        if (!given['run-id'] || !given['github-token']) {
          return done('download-artifact: another run needs run-id and github-token', false);
        }
        const source = this.artifactDir(from, given.name!);
        if (!fs.existsSync(source)) return done(`download-artifact: run ${from} has no artifact ${given.name}`, false);
        const target = inWorkspace(given.path!);
        fs.mkdirSync(target, { recursive: true });
        for (const file of fs.readdirSync(source)) fs.copyFileSync(path.join(source, file), path.join(target, file));
        this.artifacts.push({ kind: 'download', runId: from, name: given.name! });
        return done(`download-artifact (stand-in): ${given.name} of run ${from}`);
      }
      default:
        throw new Error(`no stand-in for uses: ${uses}`);
    }
  }
}

interface StepResult {
  ok: boolean;
  outputs: Record<string, string>;
  env: Record<string, string>;
  log: string;
}

interface StepScope {
  record: JobRun;
  runnerEnv: Record<string, string>;
  workspace: string;
  temp: string;
  nextFile: (kind: string) => string;
}
