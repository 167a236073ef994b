// The command line as a pipeline runs it: `node dist/cli.js …` in a child process (stdin not a
// terminal), against the sandbox over real HTTP on 127.0.0.1, with a temporary folder per test.
// Every exit code of the contract, plan files and their pins, the output forms, secrets, SIGINT.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { basicAuthorization, md5Hex } from '../../src/api/auth';
import { DEMO_CREDENTIALS, type Sandbox, SANDBOX_ORG_ID, SECOND_ORG_ID } from '../sandbox/server';
import { colleagueClient } from '../support/answers';
import { cli, cliEnv, onTerminal, ROOT } from '../support/cli';
import { useSandbox } from '../support/sandboxTier';

const GOLDEN = path.join(ROOT, 'test', 'flow', 'golden');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const { basic, oauth } = DEMO_CREDENTIALS;

const GROUPS_FILE = 'groups.capillary-groups.json';

function groupsFile(
  groups: { name: string; rank?: number | null; isActive?: boolean }[],
  deactivateMissing = false,
): string {
  return `${JSON.stringify({ groups, deactivateMissing }, null, 2)}\n`;
}

describe('the command line (node dist/cli.js)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;
  useSandbox({ bind: (started) => (sandbox = started) });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const basicEnv = (extra: Record<string, string> = {}) => cliEnv(sandbox.url, 'basic', extra);
  const oauthEnv = (extra: Record<string, string> = {}) => cliEnv(sandbox.url, 'oauth', extra);
  const run = (args: string[], env: Record<string, string> = basicEnv()) => cli(args, { cwd: dir, env });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  const writes = () => sandbox.requests.filter((request) => request.method === 'POST' || request.method === 'PUT');
  const names = (org = SANDBOX_ORG_ID) => sandbox.groups(org).map((group) => [group.name, group.rank, group.isActive]);

  /** Gold, Silver and Old on the server; the file ranks Silver 5, adds Bronze (inactive), deactivates what it leaves out. */
  function goldSilverOld(): void {
    sandbox.addGroup({ name: 'Gold', rank: 1 });
    sandbox.addGroup({ name: 'Silver', rank: 2 });
    sandbox.addGroup({ name: 'Old', rank: 3 });
    write(
      GROUPS_FILE,
      groupsFile(
        [
          { name: 'Gold', rank: 1 },
          { name: 'Silver', rank: 5 },
          { name: 'Bronze', rank: 4, isActive: false },
        ],
        true,
      ),
    );
  }

  describe('help, version and bad words (exit 0 or 1, nothing sent)', () => {
    it('prints the version, the help, and each command’s help', async () => {
      const version = await run(['--version']);
      assert.deepEqual([version.code, version.stdout.trim()], [0, VERSION]);
      const help = await run(['--help']);
      assert.equal(help.code, 0);
      for (const command of ['export', 'validate', 'plan', 'apply', 'compare', 'show']) {
        assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
        const own = await run([command, '--help']);
        assert.equal(own.code, 0, command);
        assert.match(own.stdout, new RegExp(`^Usage: capillary-groups ${command}`), command);
        assert.match(own.stdout, /--json/);
        // Only a command that reaches the org says where its credentials come from.
        const online = command !== 'validate' && command !== 'show';
        assert.equal(/CAPILLARY_PASSWORD/.test(own.stdout), online, command);
      }
      assert.equal(sandbox.requests.length, 0);
    });

    it('refuses a bad flag, an unknown command, a missing operand and a secret as a flag with a sentence (exit 1)', async () => {
      const cases: [string[], RegExp][] = [
        [
          ['plan', GROUPS_FILE, '--frobnicate'],
          /capillary-groups plan has no option --frobnicate\. See capillary-groups plan --help\./,
        ],
        [['deploy'], /has no command 'deploy'/],
        [['plan'], /capillary-groups plan needs a file/],
        [
          ['plan', GROUPS_FILE, '--password', 'demo123'],
          /credentials are never given as flags[\s\S]*CAPILLARY_PASSWORD/,
        ],
        [['plan', GROUPS_FILE, '--json', '--markdown'], /not both/],
        [['apply', GROUPS_FILE, '--concurrency'], /--concurrency needs a value/],
      ];
      for (const [args, sentence] of cases) {
        const ran = await run(args);
        assert.equal(ran.code, 1, args.join(' '));
        assert.match(ran.stderr, sentence, args.join(' '));
        // With --json, the failure is an object on stdout too.
        if (!args.includes('--json')) assert.equal(ran.stdout, '');
      }
      const bare = await run([]);
      assert.equal(bare.code, 1);
      assert.match(bare.stderr, /^Usage: capillary-groups/);
      assert.equal(sandbox.requests.length, 0);
    });

    it('names the variables to set when credentials are missing (exit 1), and sends nothing', async () => {
      write(GROUPS_FILE, groupsFile([{ name: 'Gold' }]));
      const ran = await run(['plan', GROUPS_FILE], { CAPILLARY_HOST: sandbox.url, CAPILLARY_TILL: basic.username });
      assert.equal(ran.code, 1);
      assert.match(ran.stderr, /No credentials for .*: set CAPILLARY_TILL and CAPILLARY_PASSWORD in the environment\./);
      const noHost = await run(['plan', GROUPS_FILE], {});
      assert.equal(noHost.code, 1);
      assert.match(noHost.stderr, /--host URL.*CAPILLARY_HOST/);
      assert.equal(sandbox.requests.length, 0);
    });
  });

  describe('validate', () => {
    it('lists every problem of a bad file as FILE:LINE:COL (exit 1), and passes a good one (exit 0)', async () => {
      write(
        'bad.capillary-groups.json',
        '{\n  "groups": [\n    { "name": "" },\n    { "name": "Gold", "rank": "x" }\n  ]\n}\n',
      );
      const bad = await run(['validate', 'bad.capillary-groups.json']);
      assert.equal(bad.code, 1);
      const problems = bad.stderr.split('\n').filter((line) => line.startsWith('bad.capillary-groups.json:'));
      assert.equal(problems.length, 2, bad.stderr);
      assert.match(problems[0]!, /^bad\.capillary-groups\.json:3:(\d+): \S/);
      assert.match(problems[1]!, /^bad\.capillary-groups\.json:4:(\d+): \S/);
      // The column points into the line: at the problem's value or its object.
      const column = Number(/:4:(\d+):/.exec(problems[1]!)![1]);
      assert.ok(column >= 5 && column <= '    { "name": "Gold", "rank": "x" }'.length, problems[1]);
      assert.match(bad.stderr, /has 2 problems: nothing was read or sent/);

      write(GROUPS_FILE, groupsFile([{ name: 'Gold', rank: 1 }]));
      const good = await run(['validate', GROUPS_FILE]);
      assert.equal(good.code, 0);
      assert.match(good.stdout, /is a valid groups file: 1 groups/);
      assert.equal(sandbox.requests.length, 0);
    });

    it('plan and apply of a bad file list its problems the same way, and read nothing', async () => {
      write(GROUPS_FILE, '{ "groups": [ { "name": "Gold", "rank": true } ] }');
      for (const args of [
        ['plan', GROUPS_FILE],
        ['apply', GROUPS_FILE, '--yes'],
      ]) {
        const ran = await run(args);
        assert.equal(ran.code, 1);
        assert.match(ran.stderr, /^groups\.capillary-groups\.json:1:\d+: /m);
      }
      assert.equal(sandbox.requests.length, 0);
    });
  });

  describe('plan, show and apply', () => {
    it('plan exits 0 with nothing to change and 2 with changes; --out, show, then apply PLAN sends exactly its writes', async () => {
      goldSilverOld();
      write('same.capillary-groups.json', groupsFile([{ name: 'Gold', rank: 1 }]));
      const same = await run(['plan', 'same.capillary-groups.json']);
      assert.equal(same.code, 0, same.stderr);
      assert.match(same.stdout, /Nothing to change/);

      const planned = await run(['plan', GROUPS_FILE, '--out', 'plan.json']);
      assert.equal(planned.code, 2, planned.stderr);
      const plan = JSON.parse(read('plan.json')) as {
        kind: string;
        steps: { kind: string; id?: number; name: string }[];
      };
      assert.equal(plan.kind, 'capillary-groups-plan');
      assert.deepEqual(
        plan.steps.map((step) => `${step.kind} ${step.name}`),
        ['update Silver', 'create Bronze', 'update Old'],
      );

      const shown = await run(['show', 'plan.json'], {});
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /\+ Create 'Bronze' \(rank 4\), inactive/);
      assert.match(shown.stdout, /~ 'Silver': rank 2 → 5/);
      assert.match(shown.stdout, /~ 'Old': deactivate \(not in the file\)/);

      sandbox.requests.length = 0;
      const applied = await run(['apply', 'plan.json']);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /Applied: 1 created, 2 updated/);
      // Exactly the plan's writes: Silver's and Old's PUTs, Bronze created then deactivated.
      const silver = sandbox.groups().find((group) => group.name === 'Silver')!;
      const old = sandbox.groups().find((group) => group.name === 'Old')!;
      const bronze = sandbox.groups().find((group) => group.name === 'Bronze')!;
      assert.deepEqual(
        writes()
          .map((request) => `${request.method} ${request.path.replace(/^.*\/group/, '/group')}`)
          .sort(),
        ['POST /group/create', `PUT /group/${bronze.id}`, `PUT /group/${old.id}`, `PUT /group/${silver.id}`].sort(),
      );
      assert.deepEqual(names(), [
        ['Gold', 1, true],
        ['Silver', 5, true],
        ['Old', 3, false],
        ['Bronze', 4, false],
      ]);
    });

    it('apply FILE without --yes and no terminal sends nothing (exit 1); with --yes it applies; again, nothing to change', async () => {
      goldSilverOld();
      const refused = await run(['apply', GROUPS_FILE]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /Nothing was sent: applying groups\.capillary-groups\.json needs --yes/);
      assert.equal(sandbox.requests.length, 0, 'not even a read');

      const applied = await run(['apply', GROUPS_FILE, '--yes']);
      assert.equal(applied.code, 0, applied.stderr);
      assert.equal(sandbox.groups().length, 4);

      const before = writes().length;
      const again = await run(['apply', GROUPS_FILE, '--yes', '--json']);
      assert.equal(again.code, 0, again.stderr);
      const result = JSON.parse(again.stdout) as { changes: boolean; counts: unknown };
      assert.deepEqual([result.changes, result.counts], [false, null]);
      assert.equal(writes().length, before, 'no write the second time');
    });

    it('apply FILE on a terminal asks first: "n" sends nothing (exit 1), "y" applies; colour on a terminal unless NO_COLOR', async () => {
      goldSilverOld();
      const question = /Apply 3 changes to 127\.0\.0\.1:\d+\? \[y\/N\] /;
      const declined = await onTerminal(['apply', GROUPS_FILE], { cwd: dir, env: basicEnv(), question, answer: 'n\r' });
      assert.match(declined.output, question);
      assert.equal(declined.code, 1, declined.output);
      assert.equal(writes().length, 0, 'nothing sent after "n"');

      const applied = await onTerminal(['apply', GROUPS_FILE], { cwd: dir, env: basicEnv(), question, answer: 'y\r' });
      assert.equal(applied.code, 0, applied.output);
      assert.deepEqual(names(), [
        ['Gold', 1, true],
        ['Silver', 5, true],
        ['Old', 3, false],
        ['Bronze', 4, false],
      ]);
      // The result is painted on a terminal, and not with NO_COLOR (the other tests: not off a terminal).
      // eslint-disable-next-line no-control-regex
      const ansi = /\u001b\[[0-9;]*m/;
      assert.match(applied.output, ansi);
      const plain = await onTerminal(['plan', GROUPS_FILE], {
        cwd: dir,
        env: basicEnv({ NO_COLOR: '1' }),
        question: /^$/,
        answer: '',
      });
      assert.equal(plain.code, 0, plain.output);
      assert.doesNotMatch(plain.output, ansi);
    });

    it("apply PLAN refuses another org: one with no groups to tell it by, then one that is not the plan's (exit 3, no write)", async () => {
      goldSilverOld();
      assert.equal((await run(['plan', GROUPS_FILE, '--out', 'plan.json'])).code, 2);
      // The same cluster, signed in with a till of the other org.
      const otherOrg = basicEnv({
        CAPILLARY_TILL: DEMO_CREDENTIALS.secondOrg.basic.username,
        CAPILLARY_PASSWORD: DEMO_CREDENTIALS.secondOrg.basic.password,
      });
      const empty = await run(['apply', 'plan.json'], otherOrg);
      assert.equal(empty.code, 3, empty.stderr);
      assert.match(
        empty.stderr,
        new RegExp(`reaches an org with no groups; the plan was made for org ${SANDBOX_ORG_ID}`),
      );
      sandbox.addGroup({ name: 'Elsewhere', rank: 1, org: SECOND_ORG_ID });
      const other = await run(['apply', 'plan.json'], otherOrg);
      assert.equal(other.code, 3, other.stderr);
      assert.match(
        other.stderr,
        new RegExp(`now reaches org ${SECOND_ORG_ID}; the plan was made for org ${SANDBOX_ORG_ID}`),
      );
      assert.equal(writes().length, 0, 'nothing sent to either');
    });

    it('apply PLAN refuses a plan a colleague made stale (exit 3) and sends no write', async () => {
      goldSilverOld();
      assert.equal((await run(['plan', GROUPS_FILE, '--out', 'plan.json'])).code, 2);
      const silver = sandbox.groups().find((group) => group.name === 'Silver')!;
      await colleagueClient(sandbox).update(silver.id, { name: 'Silver', rank: 7, isActive: true });
      const before = writes().length;
      const stale = await run(['apply', 'plan.json']);
      assert.equal(stale.code, 3, stale.stderr);
      assert.match(stale.stderr, /'Silver' \(#\d+\) changed since the plan: last changed by user \d+/);
      assert.match(stale.stderr, /The plan is stale: nothing was sent/);
      assert.equal(writes().length, before);
      assert.equal(sandbox.groups().find((group) => group.name === 'Silver')!.rank, 7);
    });

    it('apply PLAN refuses a plan whose groups file changed since (exit 3), reading nothing; and a group to create that exists now', async () => {
      goldSilverOld();
      assert.equal((await run(['plan', GROUPS_FILE, '--out', 'plan.json'])).code, 2);
      const text = read(GROUPS_FILE);
      write(GROUPS_FILE, text.replace('"rank": 5', '"rank": 6'));
      sandbox.requests.length = 0;
      const changed = await run(['apply', 'plan.json']);
      assert.equal(changed.code, 3);
      assert.match(changed.stderr, /groups\.capillary-groups\.json changed since the plan was made/);
      assert.equal(sandbox.requests.length, 0);

      write(GROUPS_FILE, text);
      sandbox.addGroup({ name: 'bronze', rank: 9 });
      const exists = await run(['apply', 'plan.json']);
      assert.equal(exists.code, 3);
      assert.match(exists.stderr, /'Bronze' exists now \(#\d+\)/);
      assert.equal(writes().length, 0);
    });

    it('refuses a plan made by another version (exit 1: plan again)', async () => {
      goldSilverOld();
      await run(['plan', GROUPS_FILE, '--out', 'plan.json']);
      write('plan.json', read('plan.json').replace(`"toolVersion": "${VERSION}"`, '"toolVersion": "0.0.1"'));
      for (const args of [
        ['apply', 'plan.json'],
        ['show', 'plan.json'],
      ]) {
        const ran = await run(args);
        assert.equal(ran.code, 1);
        assert.match(ran.stderr, /made by capillary-groups 0\.0\.1, and this is .*: plan again with this version/);
      }
      assert.equal(writes().length, 0);
    });

    it('51 creates need --force (exit 4, nothing sent); with it they are applied', async () => {
      const many = Array.from({ length: 51 }, (_, i) => ({ name: `Tier ${i + 1}`, rank: i + 1 }));
      write(GROUPS_FILE, groupsFile(many));
      const refused = await run(['apply', GROUPS_FILE, '--yes']);
      assert.equal(refused.code, 4, refused.stderr);
      assert.match(refused.stderr, /51 groups will be created \(more than 50\): nothing was sent\. Give --force/);
      assert.equal(writes().length, 0);
      const planned = await run(['plan', GROUPS_FILE, '--out', 'plan.json']);
      assert.match(planned.stdout, /Applying it needs --force/);
      assert.equal((await run(['apply', 'plan.json'])).code, 4);
      assert.equal(writes().length, 0);

      const forced = await run(['apply', GROUPS_FILE, '--yes', '--force']);
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(sandbox.groups().length, 51);
      assert.equal(writes().length, 51);
    });

    it('a wrong password or client secret is a refused sign-in (exit 5)', async () => {
      write(GROUPS_FILE, groupsFile([{ name: 'Gold' }]));
      const wrong = await run(['plan', GROUPS_FILE], basicEnv({ CAPILLARY_PASSWORD: 'not-the-password' }));
      assert.equal(wrong.code, 5, wrong.stderr);
      assert.match(wrong.stderr, /rejected the till username or password \(HTTP 401/);
      // What to do is in the environment, not running it again: the very variables it read.
      assert.match(wrong.stderr, /Next: check CAPILLARY_TILL and CAPILLARY_PASSWORD in the environment\.$/m);
      const secret = await run(['export'], oauthEnv({ CAPILLARY_CLIENT_SECRET: 'not-the-secret' }));
      assert.equal(secret.code, 5, secret.stderr);
      assert.match(secret.stderr, /rejected the client key or secret/);
      assert.match(
        secret.stderr,
        /Next: check CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET in the environment\.$/m,
      );
      write('capillary-connections.json', JSON.stringify([{ name: 'prod', host: sandbox.url }]));
      const named = await run(['plan', GROUPS_FILE, '--connection', 'prod'], {
        CAPILLARY_TILL_PROD: basic.username,
        CAPILLARY_PASSWORD_PROD: 'not-the-password',
      });
      assert.equal(named.code, 5, named.stderr);
      assert.match(named.stderr, /Next: check CAPILLARY_TILL_PROD and CAPILLARY_PASSWORD_PROD in the environment\.$/m);
    });
  });

  describe('output', () => {
    /** What differs from run to run: the sandbox's port, when the plan was made, the server's clock. */
    const normalise = (text: string) =>
      text
        .split(sandbox.url)
        .join('http://127.0.0.1:PORT')
        .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
        .replace(/"createdAt": "[^"]+"/g, '"createdAt": "TIME"')
        .replace(/"lastUpdatedOn": \d+/g, '"lastUpdatedOn": 0');
    const golden = (name: string, actual: string) => {
      const file = path.join(GOLDEN, name);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, actual);
      assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} (UPDATE_GOLDEN=1 rewrites it)`);
    };

    it('a plan as --json and --markdown, whole, as the golden files hold them', async () => {
      goldSilverOld();
      const json = await run(['plan', GROUPS_FILE, '--json']);
      assert.equal(json.code, 2, json.stderr);
      golden('plan.json', normalise(json.stdout));
      const markdown = await run(['plan', GROUPS_FILE, '--markdown']);
      assert.equal(markdown.code, 2);
      assert.ok(markdown.stdout.startsWith('<!-- capillary-groups:plan -->\n'));
      golden('plan.md', normalise(markdown.stdout));
    });

    it('no colour off a terminal or under NO_COLOR; the markdown appended to $GITHUB_STEP_SUMMARY', async () => {
      goldSilverOld();
      const summary = path.join(dir, 'summary.md');
      for (const env of [basicEnv(), basicEnv({ NO_COLOR: '1', GITHUB_STEP_SUMMARY: summary })]) {
        const ran = await run(['plan', GROUPS_FILE], env);
        assert.equal(ran.code, 2);
        assert.ok(!(ran.stdout + ran.stderr).includes('\u001b['), 'no ANSI escape');
      }
      const markdown = await run(['plan', GROUPS_FILE, '--markdown']);
      assert.equal(fs.readFileSync(summary, 'utf8'), `${markdown.stdout}\n`);
      // Apply and compare append theirs too.
      await run(['apply', GROUPS_FILE, '--yes'], basicEnv({ GITHUB_STEP_SUMMARY: summary }));
      assert.match(
        fs.readFileSync(summary, 'utf8'),
        /### Apply of groups\.capillary-groups\.json[\s\S]*Applied: 1 created/,
      );
    });

    it('one stderr line per request, with its X-Cap-Requestid', async () => {
      goldSilverOld();
      const ran = await run(['apply', GROUPS_FILE, '--yes']);
      assert.equal(ran.code, 0, ran.stderr);
      const lines = ran.stderr.split('\n').filter((line) => /^(info|warn) (GET|POST|PUT) /.test(line));
      assert.equal(lines.length, sandbox.requests.length);
      for (const request of sandbox.requests) {
        const line = lines.find((candidate) => candidate.includes(`[X-Cap-Requestid ${request.requestId}]`));
        assert.ok(line, `no line for ${request.method} ${request.path}`);
        assert.ok(line.includes(`${request.method} `) && line.includes(` → ${request.status} in `), line);
      }
    });

    for (const method of ['basic', 'oauth'] as const) {
      it(`shows no secret (${method}) in stdout, stderr or the plan file; under GitHub Actions masks each first`, async () => {
        goldSilverOld();
        const env = method === 'basic' ? basicEnv() : oauthEnv();
        const outputs: string[] = [];
        for (const args of [
          ['plan', GROUPS_FILE, '--out', 'plan.json', '--json'],
          ['apply', 'plan.json', '--markdown'],
        ]) {
          const ran = await run(args, env);
          assert.ok(ran.code === 2 || ran.code === 0, ran.stderr);
          outputs.push(ran.stdout, ran.stderr);
        }
        outputs.push(read('plan.json'));
        const md5 = md5Hex(basic.password);
        const header = basicAuthorization(basic.username, md5);
        const secrets =
          method === 'basic'
            ? [basic.password, md5, header, header.replace(/^Basic /, '')]
            : [oauth.secret, ...sandbox.issuedTokens];
        assert.ok(method === 'basic' || sandbox.issuedTokens.length > 0);
        for (const secret of secrets) {
          for (const text of outputs) assert.ok(!text.includes(secret), `${secret} shown`);
        }

        const masked = await run(['plan', GROUPS_FILE], { ...env, GITHUB_ACTIONS: 'true' });
        const lines = masked.stdout.split('\n');
        const maskLines = lines.filter((line) => line.startsWith('::add-mask::'));
        const firstOther = lines.findIndex((line) => !line.startsWith('::add-mask::'));
        assert.ok(maskLines.length > 0 && firstOther === maskLines.length, 'the masks come first');
        const wanted = method === 'basic' ? secrets : [oauth.secret, sandbox.issuedTokens.at(-1)!];
        for (const secret of wanted) assert.ok(maskLines.includes(`::add-mask::${secret}`), `${secret} not masked`);
      });
    }
  });

  describe('compare', () => {
    it('compares two connections of capillary-connections.json: exit 2 when they differ, --out the difference; 0 when the same', async () => {
      write(
        'capillary-connections.json',
        JSON.stringify([
          { name: 'demo', host: sandbox.url },
          { name: 'uat', host: sandbox.url, authMethod: 'basic' },
        ]),
      );
      const env = {
        CAPILLARY_TILL_DEMO: basic.username,
        CAPILLARY_PASSWORD_DEMO: basic.password,
        CAPILLARY_TILL_UAT: DEMO_CREDENTIALS.secondOrg.basic.username,
        CAPILLARY_PASSWORD_UAT: DEMO_CREDENTIALS.secondOrg.basic.password,
      };
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      sandbox.addGroup({ name: 'Gold', rank: 1, org: SECOND_ORG_ID });
      const same = await run(['compare', '--from', 'demo', '--to', 'uat'], env);
      assert.equal(same.code, 0, same.stderr);
      assert.match(same.stdout, /The two orgs hold the same groups/);

      sandbox.addGroup({ name: 'Silver', rank: 2 });
      const differ = await run(
        ['compare', '--from', 'demo', '--to', 'uat', '--out', 'difference.capillary-groups.json', '--json'],
        env,
      );
      assert.equal(differ.code, 2, differ.stderr);
      const result = JSON.parse(differ.stdout) as { counts: unknown; from: { orgId: number }; to: { orgId: number } };
      assert.deepEqual(result.counts, { onlyInFrom: 1, differing: 0, onlyInTo: 0 });
      assert.deepEqual([result.from.orgId, result.to.orgId], [SANDBOX_ORG_ID, SECOND_ORG_ID]);
      const difference = read('difference.capillary-groups.json');
      assert.match(difference, /"Silver", "rank": 2/);
      assert.ok(!difference.includes('"Gold"'));
      assert.equal(writes().length, 0);

      // --connection NAME: the item's host, its credentials from the variables ending in _UAT.
      write(GROUPS_FILE, groupsFile([{ name: 'Gold', rank: 3 }]));
      const planned = await run(['plan', GROUPS_FILE, '--connection', 'uat', '--out', 'plan.json'], env);
      assert.equal(planned.code, 2, planned.stderr);
      const plan = JSON.parse(read('plan.json')) as { connection: string; orgId: number };
      assert.deepEqual([plan.connection, plan.orgId], ['uat', SECOND_ORG_ID]);
      const applied = await run(['apply', 'plan.json'], env);
      assert.equal(applied.code, 0, applied.stderr);
      assert.deepEqual(names(SECOND_ORG_ID), [['Gold', 3, true]]);
      assert.deepEqual(names(), [
        ['Gold', 1, true],
        ['Silver', 2, true],
      ]);
      assert.equal(writes().length, 1, 'one PUT, to the second org');

      const missing = await run(['compare', '--from', 'demo', '--to', 'prod'], env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no connection named 'prod' \(it has: demo, uat\)/);
    });
  });

  it('SIGINT during a large apply: the process ends, the result says what was done, and a new plan shows exactly the rest', async function () {
    const count = 200;
    write(GROUPS_FILE, groupsFile(Array.from({ length: count }, (_, i) => ({ name: `Tier ${i + 1}`, rank: i + 1 }))));
    // Each create answered 40 ms late: the apply is still on its way when interrupted.
    sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, delayMs: 40, times: count });
    let interrupted = false;
    const ran = await cli(['apply', GROUPS_FILE, '--yes', '--force', '--concurrency', '2', '--json'], {
      cwd: dir,
      env: basicEnv(),
      onStderr: (text, kill) => {
        if (!interrupted && (text.match(/^created 'Tier/gm) ?? []).length >= 5) {
          interrupted = true;
          kill();
        }
      },
    });
    assert.ok(interrupted);
    assert.equal(ran.code, 1, ran.stderr);
    const result = JSON.parse(ran.stdout) as { cancelled: boolean; counts: Record<string, number> };
    assert.equal(result.cancelled, true);
    const stored = sandbox.groups().length;
    assert.ok(stored >= 5 && stored < count, `${stored} stored`);
    assert.equal(result.counts.created, stored, 'the result says what was done');
    assert.equal(result.counts['not-sent']! + result.counts.created, count);

    const again = await run(['plan', GROUPS_FILE, '--json']);
    assert.equal(again.code, 2);
    const plan = JSON.parse(again.stdout) as { plan: { summary: { create: number; unchanged: number } } };
    assert.deepEqual([plan.plan.summary.create, plan.plan.summary.unchanged], [count - stored, stored]);
  });
});
