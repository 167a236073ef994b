// The reliability suite: every fault the sandbox can inject, against every kind of call, and
// every prompt and setting fed bad input, all through the real command flows over real HTTP; the
// faults of the table met by the command line too (node dist/cli.js apply and plan, in a child process).
// After each scenario the secrets it handled are searched for everywhere a user or an onlooker
// can read; at the end one summary line is printed (and written to out/reliability-report.json).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { basicAuthorization, md5Hex } from '../../src/api/auth';
import type { Credentials } from '../../src/api/types';
import { applyGroupsFile } from '../../src/commands/applyGroups';
import { createGroup } from '../../src/commands/createGroup';
import { editGroup } from '../../src/commands/editGroup';
import { findGroup } from '../../src/commands/findGroup';
import { filterByName } from '../../src/commands/listView';
import { moveGroup } from '../../src/commands/moveGroup';
import { planGroupsFile } from '../../src/commands/planGroups';
import { refresh } from '../../src/commands/refresh';
import { selectCluster } from '../../src/commands/selectCluster';
import { signIn } from '../../src/commands/signIn';
import { catalogSections } from '../../src/groups/catalogOrder';
import type { Group } from '../../src/api/types';
import { describeFailure } from '../../src/messages/failures';
import { parseSettings } from '../../src/foundation/settings';
import type { InputRequest } from '../../src/ui/port';
import { DEMO_CREDENTIALS, SANDBOX_ORG_ID, Sandbox, TOKEN_PATH, USER_IDS, type SandboxGroup } from '../sandbox/server';
import {
  cliReportRows,
  holdsFile,
  reportMismatches,
  reportRows,
  type FileEntry,
  type ReportRow,
} from '../support/applyReport';
import { cli, cliEnv } from '../support/cli';
import { demoBasic, flowEnv, type FlowEnv } from '../support/env';
import { lookupSeesOlder, colleagueClient } from '../support/answers';
import { findLeaks, outputLeaks } from '../support/leaks';
import { editorWords } from '../../src/ui/editorWords';

const demoOAuth: Credentials = {
  method: 'oauth',
  key: DEMO_CREDENTIALS.oauth.key,
  secret: DEMO_CREDENTIALS.oauth.secret,
};

/** The figures the suite reports; the last four must stay 0. */
const tally = {
  badInputs: 0,
  faultsInjected: 0,
  /** Of those, the faults a run of the command line (node dist/cli.js) met. */
  faultsMetByCli: 0,
  groupsCreated: 0,
  duplicatesCreated: 0,
  secretsLeaked: 0,
  inputLost: 0,
  outcomesMisreported: 0,
};
const problems: string[] = [];

/** Every scenario's second user and clock offset, for the report. */
const coverage = {
  secondUser: 0,
  clockOffsets: 0,
  oversized: 0,
  echoes: 0,
  colleagueWrites: 0,
  colleagueWritesReported: 0,
  colleagueWritesOverwritten: 0,
  sameRankColleague: 0,
  fileContents: 0,
  rewardsReads: 0,
  reorders: 0,
};

function summaryLine(): string {
  return (
    `Reliability: ${tally.badInputs} bad inputs tried, ${tally.faultsInjected} faults injected, ${tally.faultsMetByCli} faults met by the command line, ${tally.groupsCreated} groups created, ` +
    `${tally.duplicatesCreated} duplicates created, ${tally.secretsLeaked} secrets leaked, ${tally.inputLost} user inputs lost, ` +
    `${tally.outcomesMisreported} outcomes misreported ` +
    `(${coverage.secondUser} with a second user on the org, ${coverage.clockOffsets} with the server clock off by 11 min to 1 h, ` +
    `${coverage.oversized} oversized or compressed answers, ${coverage.echoes} hosts echoing credentials); ` +
    `lost colleague writes: ${coverage.colleagueWrites} landing around an apply's PUT, ${coverage.colleagueWritesReported} reported as changed by someone else meanwhile, ` +
    `${coverage.colleagueWritesOverwritten} overwritten between the re-read and the PUT, which no answer shows (no conditional PUT); ` +
    `${coverage.sameRankColleague} same-rank colleague creates, ${coverage.fileContents} hostile groups files, ${coverage.rewardsReads} faulty rewards reads, ${coverage.reorders} reorders under faults`
  );
}

describe('Reliability: faults, bad input and secrets, through the real flows against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  /** Another origin, the target of cross-origin redirects: it must never be asked anything. */
  let elsewhere: Sandbox;
  let env: FlowEnv;

  before(async () => {
    sandbox = await Sandbox.start();
    elsewhere = await Sandbox.start();
  });
  after(async () => {
    await sandbox.close();
    await elsewhere.close();
  });

  /** Creates of `name` that arrived while the name was already held on the server, by anyone. */
  const sendsAfterTaken = (name: string) =>
    sandbox.requests.filter(
      (r) =>
        r.path.endsWith('/group/create') &&
        r.nameHeldBy !== undefined &&
        (JSON.parse(r.body) as { name?: string }).name?.trim() === name,
    ).length;

  /** Secrets a scenario typed besides the demo ones: searched for too. */
  let typedSecrets: string[] = [];

  const colleagueAuthorization = basicAuthorization(
    DEMO_CREDENTIALS.colleague.username,
    md5Hex(DEMO_CREDENTIALS.colleague.password),
  );

  /** A groups file applied while a fault is armed, and applied again once it has passed. */
  interface ApplyScenario {
    title: string;
    /** The user id the server records for the editor's account. */
    me: number;
    entries: FileEntry[];
    /** Arms the fault, after the org is set up and before the apply reads it. */
    arm(): void;
    /** Runs while the user reads the question: after the org was read for the plan, before any write. */
    meanwhile?: () => Promise<unknown>;
    /** Creates that met a name stored by someone else after the plan was read: the editor could not have known. */
    unavoidable?: number;
    /**
     * Applies the file once and returns its report; default the editor's Apply command. Given, it
     * runs in both rounds, the second even when the org already holds the file.
     */
    run?: (file: string, round: 1 | 2) => Promise<ReportRow[]>;
  }

  /**
   * Applies the file under the fault, then again without it. After each apply, every outcome in
   * the result report is held against what the org holds (a disagreement is an outcome
   * misreported); every name the file creates is counted (stored twice, or a create sent after the
   * name existed beyond the unavoidable ones, is a duplicate). The second apply must leave the org
   * holding the file. Returns the first apply's report.
   */
  async function applyUnderFault(scenario: ApplyScenario): Promise<ReportRow[]> {
    const file = path.join(env.files.folder, 'reliability.capillary-groups.json');
    fs.writeFileSync(file, JSON.stringify({ groups: scenario.entries }, null, 2));
    const ref = { uri: file, label: path.basename(file) };
    const myPuts = (since: number) =>
      new Set(
        sandbox.requests
          .slice(since)
          .filter((r) => r.method === 'PUT' && r.headers.authorization !== colleagueAuthorization)
          .map((r) => Number(r.path.split('/').pop())),
      );
    const reports: ReportRow[][] = [];
    const existed = new Set(sandbox.groups().map((g) => g.id));
    /** The editor's Apply command, confirmed (after `meanwhile` in the first round): its result document's rows. */
    const inEditor = async (round: 1 | 2): Promise<ReportRow[]> => {
      const documents = env.ui.documents.length;
      env.ui.confirmWith(true);
      if (round === 1 && scenario.meanwhile) {
        const confirm = env.ui.confirm.bind(env.ui);
        const meanwhile = scenario.meanwhile;
        env.ui.confirm = async (text, detail, action) => {
          env.ui.confirm = confirm;
          await meanwhile();
          return confirm(text, detail, action);
        };
      }
      await applyGroupsFile(env.deps, ref);
      await env.ui.settle();
      const document = env.ui.documents[documents];
      assert.ok(document, `apply ${round} gave no result: ${env.ui.messages.map((m) => m.text).join(' | ')}`);
      return reportRows(document.content);
    };
    for (const round of [1, 2] as const) {
      const before = sandbox.groups();
      const sent = sandbox.requests.length;
      if (round === 1) scenario.arm();
      else if (!scenario.run && holdsFile(before, scenario.entries).length === 0) break;
      const rows = scenario.run ? await scenario.run(file, round) : await inEditor(round);
      reports.push(rows);
      const mismatches = reportMismatches(rows, {
        entries: scenario.entries,
        before,
        after: sandbox.groups(),
        me: scenario.me,
        putIds: myPuts(sent),
      });
      tally.outcomesMisreported += mismatches.length;
      problems.push(...mismatches.map((text) => `${scenario.title}, apply ${round}: ${text}`));
      assert.deepEqual(mismatches, [], `apply ${round}: the report disagrees with the org`);
    }
    assert.deepEqual(holdsFile(sandbox.groups(), scenario.entries), [], 'applied again, the org holds the file');
    const after = sandbox.groups();
    let duplicates = 0;
    for (const entry of scenario.entries) {
      // Names a user would see as the same (any case, an accent precomposed or combining) are one name.
      const seen = (name: string) => name.normalize('NFC').toLowerCase();
      const holders = after.filter((g) => seen(g.name) === seen(entry.name));
      tally.groupsCreated += holders.filter((g) => g.createdBy === scenario.me && !existed.has(g.id)).length;
      duplicates += Math.max(0, holders.length - 1) + sendsAfterTaken(entry.name);
    }
    duplicates = Math.max(0, duplicates - (scenario.unavoidable ?? 0));
    tally.duplicatesCreated += duplicates;
    if (duplicates > 0) {
      problems.push(`${scenario.title}: ${duplicates} create(s) sent after the name existed, or names stored twice`);
    }
    assert.equal(duplicates, 0, 'no duplicate');
    return reports[0]!;
  }

  async function freshEnv(
    credentials: Credentials | undefined,
    settings: Record<string, unknown> = {},
  ): Promise<FlowEnv> {
    typedSecrets = [];
    sandbox.reset();
    elsewhere.reset();
    env = flowEnv({ host: sandbox.url, authMethod: credentials?.method ?? 'basic', ...settings });
    if (credentials) await env.credentials.save(sandbox.url, credentials);
    return env;
  }

  // Recorded, not thrown: a failing afterEach hook would stop mocha from running the remaining
  // scenarios. The summary test fails with the list.
  afterEach(function () {
    if (!env) return;
    const title = this.currentTest?.fullTitle() ?? '';
    const leaks = findLeaks(
      env,
      sandbox,
      typedSecrets.filter((secret) => secret.trim().length >= 4),
    );
    tally.secretsLeaked += leaks.length;
    problems.push(...leaks.map((leak) => `${title}: ${leak}`));
    if (elsewhere.requests.length > 0) {
      problems.push(`${title}: ${elsewhere.requests.length} request(s) reached another origin`);
    }
  });

  describe('bad input in every prompt', () => {
    type Expect = { refused: RegExp } | { sent: unknown };
    interface PromptTable {
      prompt: string;
      /** Runs the flow with `typed` in the prompt under test; returns what reached the sandbox (or settings). */
      run(typed: string, refuse: boolean): Promise<unknown>;
      cases: [label: string, typed: string, expect: Expect][];
    }

    const LONG = 'x'.repeat(10_000);
    const TOO_LONG = /10000 characters long/;
    const CONTROL = /control character/;
    /** Enter `typed`; when it must be refused, Escape afterwards (the prompt stays open until then). */
    const entries = (typed: string, refuse: boolean) => (refuse ? [typed, undefined] : [typed]);
    const lastCreate = () => sandbox.requests.filter((r) => r.path.endsWith('/group/create')).pop();
    const lastList = () => sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/group')).pop();

    const tables: PromptTable[] = [
      {
        prompt: 'Create Group: name',
        async run(typed, refuse) {
          await freshEnv(demoBasic);
          env.ui.type(...entries(typed, refuse));
          if (!refuse) env.ui.type('');
          await createGroup(env.deps);
          await env.ui.settle();
          return lastCreate() && (JSON.parse(lastCreate()!.body) as { name: string }).name;
        },
        cases: [
          ['empty', '', { refused: /cannot be empty/ }],
          ['whitespace', '  \t ', { refused: /cannot be empty/ }],
          ['10,000 characters', LONG, { refused: TOO_LONG }],
          ['256 characters', 'n'.repeat(256), { refused: /256 characters long; Capillary accepts at most 255/ }],
          ['255 characters', 'n'.repeat(255), { sent: 'n'.repeat(255) }],
          ['a control character', 'Gold\u0007Tier', { refused: /U\+0007/ }],
          ['a line break', 'Gold\nTier', { refused: /U\+000A/ }],
          ['emoji', '🎉 VIP Gold 🥇', { sent: '🎉 VIP Gold 🥇' }],
          ['right-to-left text', 'مجموعة الذهب', { sent: 'مجموعة الذهب' }],
          ['mixed direction with quotes', `Gold "أ" 'b' <c> & d`, { sent: `Gold "أ" 'b' <c> & d` }],
          ['spaces around', '   VIP Gold   ', { sent: 'VIP Gold' }],
        ],
      },
      {
        prompt: 'Create Group: rank',
        async run(typed, refuse) {
          await freshEnv(demoBasic);
          env.ui.type('Ranked').type(...entries(typed, refuse));
          await createGroup(env.deps);
          await env.ui.settle();
          return lastCreate() && (JSON.parse(lastCreate()!.body) as { rank: unknown }).rank;
        },
        cases: [
          ['empty (no rank)', '', { sent: null }],
          ['whitespace (no rank)', '   ', { sent: null }],
          ['-1', '-1', { sent: -1 }],
          ['2147483647', '2147483647', { sent: 2147483647 }],
          ['-2147483648', '-2147483648', { sent: -2147483648 }],
          ['2147483648', '2147483648', { refused: /between -2147483648 and 2147483647/ }],
          ['1.0', '1.0', { refused: /whole number; '1\.0' has a decimal part/ }],
          [' 7 ', ' 7 ', { sent: 7 }],
          ['+3', '+3', { sent: 3 }],
          ['Arabic-Indic three', '٣', { refused: /digits 0–9/ }],
          ['hexadecimal', '0x10', { refused: /not hexadecimal/ }],
          ['exponent', '1e3', { refused: /without an exponent/ }],
          ['10,000 characters', LONG, { refused: /'x{40}…' is not a number/ }],
          ['a control character', '3\u0000', { refused: /'3\\u0000' is not a number/ }],
          ['emoji', '🎉', { refused: /is not a number/ }],
        ],
      },
      {
        prompt: 'Select Cluster: URL',
        async run(typed, refuse) {
          await freshEnv(demoBasic, { host: '' });
          env.ui.choose('Enter URL…').type(...entries(typed, refuse));
          await selectCluster(env.deps);
          await env.ui.settle();
          return env.settings.values.host || undefined;
        },
        cases: [
          ['empty', '', { refused: /Enter the cluster URL/ }],
          ['whitespace', '   ', { refused: /Enter the cluster URL/ }],
          [
            '10,000 characters',
            `https://${LONG}.com`,
            { refused: /10012 characters long; a cluster URL is at most 300/ },
          ],
          ['a control character', 'https://eu.api.capillary\ttech.com', { refused: /U\+0009/ }],
          [
            'a path',
            'https://eu.api.capillarytech.com/api_gateway/core/v1',
            { refused: /only the cluster address \(https:\/\/eu\.api\.capillarytech\.com\)/ },
          ],
          ['a query string', 'https://eu.api.capillarytech.com?x=1', { refused: /Remove the query/ }],
          ['a fragment', 'https://eu.api.capillarytech.com#top', { refused: /Remove the fragment/ }],
          ['user-info', 'https://a:b@eu.api.capillarytech.com', { refused: /Remove the user name and password/ }],
          [
            'javascript:',
            'javascript:alert(1)',
            { refused: /Only https:\/\/ cluster URLs are accepted, not javascript:/ },
          ],
          ['file:', 'file:///etc/passwd', { refused: /Only https:\/\/ cluster URLs are accepted, not file:/ }],
          ['http to another machine', 'http://eu.api.capillarytech.com', { refused: /Use https:\/\// }],
          [
            'no scheme',
            'eu.api.capillarytech.com',
            { refused: /Start the URL with https:\/\/, for example https:\/\/eu\.api\.capillarytech\.com/ },
          ],
          ['emoji host', 'https://🎉.example', { sent: 'https://xn--dk8h.example' }],
          ['a trailing slash', 'https://eu.api.capillarytech.com/', { sent: 'https://eu.api.capillarytech.com' }],
          ['capitals and spaces', '  HTTPS://EU.api.CapillaryTech.com  ', { sent: 'https://eu.api.capillarytech.com' }],
          ['http on loopback', 'http://127.0.0.1:8080/', { sent: 'http://127.0.0.1:8080' }],
        ],
      },
      {
        prompt: 'Sign In (Basic): username',
        async run(typed, refuse) {
          await freshEnv(undefined);
          env.ui.type(...entries(typed, refuse));
          if (!refuse) env.ui.type(DEMO_CREDENTIALS.basic.password);
          await signIn(env.deps);
          await env.ui.settle();
          const auth = sandbox.requests[0]?.headers.authorization;
          return (
            auth &&
            Buffer.from(auth.replace(/^Basic /, ''), 'base64')
              .toString('utf8')
              .split(':')[0]
          );
        },
        cases: [
          ['empty', '', { refused: /Enter the till username; it cannot be empty/ }],
          ['whitespace', '  ', { refused: /cannot be empty/ }],
          ['10,000 characters', LONG, { refused: /10000 characters long; at most 1024/ }],
          ['a control character', 'demo\u001btill', { refused: /U\+001B/ }],
          ['a colon', 'demo:till', { refused: /cannot contain ':'/ }],
          ['spaces around', '  demo.till  ', { sent: 'demo.till' }],
          ['emoji', 'till🎉', { sent: 'till🎉' }],
          ['right-to-left text', 'صندوق', { sent: 'صندوق' }],
        ],
      },
      {
        prompt: 'Sign In (Basic): password',
        async run(typed, refuse) {
          await freshEnv(undefined);
          typedSecrets.push(typed, md5Hex(typed));
          env.ui.type('demo.till').type(...entries(typed, refuse));
          await signIn(env.deps);
          await env.ui.settle();
          const auth = sandbox.requests[0]?.headers.authorization;
          return (
            auth &&
            Buffer.from(auth.replace(/^Basic /, ''), 'base64')
              .toString('utf8')
              .split(':')[1]
          );
        },
        cases: [
          ['empty', '', { refused: /Enter the password; it cannot be empty/ }],
          ['whitespace only', '   ', { refused: /cannot be empty/ }],
          ['10,000 characters', LONG, { refused: /10000 characters long; at most 1024/ }],
          ['a pasted line break', 'demo123\n', { refused: /perhaps a pasted line break/ }],
          // Spaces are part of a password: sent (hashed) exactly as typed.
          ['spaces around', '  demo123  ', { sent: md5Hex('  demo123  ') }],
          ['emoji', 'pässwörd🎉', { sent: md5Hex('pässwörd🎉') }],
        ],
      },
      {
        prompt: 'Sign In (OAuth): client key and secret',
        async run(typed, refuse) {
          await freshEnv(undefined, { authMethod: 'oauth' });
          typedSecrets.push(`  ${typed.trim()}-secret  `);
          env.ui.type(...entries(typed, refuse));
          if (!refuse) env.ui.type(`  ${typed.trim()}-secret  `);
          await signIn(env.deps);
          await env.ui.settle();
          const token = sandbox.requests.find((r) => r.path === TOKEN_PATH);
          return token && (JSON.parse(token.body) as unknown);
        },
        cases: [
          ['empty', '', { refused: /Enter the client key; it cannot be empty/ }],
          ['10,000 characters', LONG, { refused: /10000 characters long/ }],
          ['a control character', 'key\u0085', { refused: /U\+0085/ }],
          ['a colon (allowed for OAuth)', 'org:key', { sent: { key: 'org:key', secret: '  org:key-secret  ' } }],
          ['right-to-left text', '  مفتاح  ', { sent: { key: 'مفتاح', secret: '  مفتاح-secret  ' } }],
        ],
      },
      {
        prompt: 'Find Group by ID',
        async run(typed, refuse) {
          await freshEnv(demoBasic);
          sandbox.addGroup({ name: 'Target' });
          env.ui.type(...entries(typed, refuse));
          await findGroup(env.deps);
          await env.ui.settle();
          const get = sandbox.requests.find((r) => /\/group\/\d+$/.test(r.path));
          return get && Number(get.path.split('/').pop());
        },
        cases: [
          ['empty', '', { refused: /Enter a group ID/ }],
          ['whitespace', '  ', { refused: /Enter a group ID/ }],
          ['10,000 characters', LONG, { refused: /'x{40}…' is not a group ID/ }],
          ['a control character', '24\u000712', { refused: /'24\\u000712' is not a group ID/ }],
          ['Arabic-Indic digits', '٢٤١٢', { refused: /digits 0–9/ }],
          ['0', '0', { refused: /between 1 and 2147483647/ }],
          ['-1', '-1', { refused: /not a group ID/ }],
          ['2147483648', '2147483648', { refused: /between 1 and 2147483647/ }],
          ['#2412 with spaces', ' #2412 ', { sent: 2412 }],
        ],
      },
      {
        prompt: 'Filter by Name',
        async run(typed, refuse) {
          await freshEnv(demoBasic);
          await env.deps.list.refresh(sandbox.url);
          sandbox.requests.length = 0;
          env.ui.type(...entries(typed, refuse));
          await filterByName(env.deps);
          return lastList() ? (lastList()!.query.name ?? '') : undefined;
        },
        cases: [
          ['whitespace (no filter)', '   ', { sent: '' }],
          ['10,000 characters', LONG, { refused: TOO_LONG }],
          ['a control character', 'Gold\u0000', { refused: CONTROL }],
          ['emoji', '🥇', { sent: '🥇' }],
          ['right-to-left text', ' الذهب ', { sent: 'الذهب' }],
        ],
      },
      {
        prompt: 'Edit Group: rank',
        async run(typed, refuse) {
          await freshEnv(demoBasic);
          const group = sandbox.addGroup({ name: 'Editable', rank: 1 });
          env.ui.choose('Change Rank…').type(...entries(typed, refuse));
          await editGroup(env.deps, { connectionKey: sandbox.url, group });
          await env.ui.settle();
          const put = sandbox.requests.find((r) => r.method === 'PUT');
          return put && (JSON.parse(put.body) as { rank: unknown }).rank;
        },
        cases: [
          ['2147483648', '2147483648', { refused: /between/ }],
          ['Arabic-Indic three', '٣', { refused: /digits 0–9/ }],
          ['1.0', '1.0', { refused: /decimal part/ }],
          ['+3', '+3', { sent: 3 }],
          ['empty (no rank)', '', { sent: null }],
        ],
      },
      {
        prompt: 'Edit Group: rename',
        async run(typed, refuse) {
          await freshEnv(demoBasic);
          const group = sandbox.addGroup({ name: 'Old Name' });
          env.ui
            .choose('Rename…')
            .confirmWith(true)
            .type(...entries(typed, refuse));
          await editGroup(env.deps, { connectionKey: sandbox.url, group });
          await env.ui.settle();
          const put = sandbox.requests.find((r) => r.method === 'PUT');
          return put && (JSON.parse(put.body) as { name: unknown }).name;
        },
        cases: [
          ['empty', '', { refused: /cannot be empty/ }],
          ['10,000 characters', LONG, { refused: TOO_LONG }],
          ['a control character', 'New\u007fName', { refused: /U\+007F/ }],
          ['the same name', ' Old Name ', { refused: /Type a different name/ }],
          ['emoji and right-to-left text', '  🎉 جديد  ', { sent: '🎉 جديد' }],
        ],
      },
    ];

    for (const table of tables) {
      describe(table.prompt, () => {
        for (const [label, typed, expect] of table.cases) {
          const refuse = 'refused' in expect;
          it(`${label}: ${refuse ? 'refused with a reason, nothing sent' : `accepted as ${JSON.stringify(expect.sent).slice(0, 60)}`}`, async () => {
            tally.badInputs++;
            const sent = await table.run(typed, refuse);
            if ('refused' in expect) {
              const rejection = env.ui.inputs.flatMap((input) => input.rejected).find((r) => r.typed === typed);
              assert.ok(rejection, `'${typed.slice(0, 40)}' was not refused`);
              assert.match(rejection.message, expect.refused);
              assert.ok(rejection.message.length < 300, 'the reason is a sentence, not an echo of the input');
              assert.equal(sent, undefined, 'something was sent or saved for a refused entry');
            } else {
              assert.deepEqual(sent, expect.sent);
            }
            env.ui.assertScriptUsed();
          });
        }
      });
    }
  });

  describe('bad values in every setting', () => {
    const LONG = 'x'.repeat(10_000);
    /** [setting, raw value, what is used, problem shown in the view (undefined: none)]. */
    const cases: [key: string, raw: unknown, used: unknown, problem: RegExp | undefined][] = [
      ['host', '', { state: 'unset' }, undefined],
      ['host', '   ', { state: 'unset' }, undefined],
      [
        'host',
        'https://eu.api.capillarytech.com/',
        { state: 'ok', origin: 'https://eu.api.capillarytech.com' },
        undefined,
      ],
      ['host', 'https://a:b@eu.api.capillarytech.com', 'invalid', /user name and password/],
      ['host', 'https://till:s3cret-Passw0rd@eu.api.capillarytech.com', 'invalid', /user name and password/],
      ['host', 'https://eu.api.capillarytech.com/v1?x=1', 'invalid', /only the cluster address/],
      ['host', 'javascript:alert(1)', 'invalid', /not javascript:/],
      ['host', 'file:///etc/passwd', 'invalid', /not file:/],
      ['host', 'http://eu.api.capillarytech.com', 'invalid', /Use https/],
      ['host', `https://${LONG}`, 'invalid', /at most 300/],
      ['host', 'https://eu\u0000.com', 'invalid', /U\+0000/],
      ['host', 42, 'invalid', /must be a URL in quotes/],
      [
        'host',
        { url: 'https://eu.api.capillarytech.com' },
        'invalid',
        /must be a URL in quotes, such as .*, not \{"url":"https:\/\/eu\.api\.capillarytech\.com…\.$/,
      ],
      ['apiPrefix', '', '/api_gateway/core/v1', undefined],
      ['apiPrefix', '/api_gateway/rewards/core/v1/', '/api_gateway/rewards/core/v1', undefined],
      [
        'apiPrefix',
        'api_gateway',
        '/api_gateway/core/v1',
        /apiPrefix "api_gateway" is ignored: .* it must start with '\/'\. Using/,
      ],
      ['apiPrefix', '/a b', '/api_gateway/core/v1', /it contains a space/],
      ['apiPrefix', '/x?y=1', '/api_gateway/core/v1', /is ignored/],
      ['apiPrefix', `/${LONG}`, '/api_gateway/core/v1', /it is longer than 200 characters/],
      ['apiPrefix', '/v1\u0007', '/api_gateway/core/v1', /"\/v1\\u0007" is ignored/],
      ['apiPrefix', 7, '/api_gateway/core/v1', /must be a path in quotes, not 7/],
      ['authMethod', 'OAuth', 'oauth', undefined],
      ['authMethod', ' basic ', 'basic', undefined],
      ['authMethod', 'oauth2', 'basic', /must be "basic" or "oauth", not "oauth2"\. Using basic/],
      ['authMethod', LONG, 'basic', /not "x{40}…"\. Using basic\./],
      ['requestTimeoutSeconds', 0, 30_000, /above 0, not 0\. Using 30/],
      ['requestTimeoutSeconds', -1, 30_000, /not -1/],
      ['requestTimeoutSeconds', '30', 30_000, /not "30"/],
      ['requestTimeoutSeconds', 0.5, 500, undefined],
      ['requestTimeoutSeconds', 1e9, 600_000, /must be from 0\.1 to 600 seconds, not 1000000000\. Using 600\./],
      ['requestTimeoutSeconds', 0.01, 100, /must be from 0\.1 to 600 seconds, not 0\.01\. Using 0\.1\./],
      ['pageSize', 0, 50, /from 1 to 1000, not 0\. Using 50/],
      ['pageSize', 2.5, 3, /not 2\.5\. Using 3/],
      ['pageSize', 5000, 1000, /not 5000\. Using 1000/],
      ['pageSize', '50', 50, /not "50"/],
    ];
    const field: Record<string, string> = {
      host: 'host',
      apiPrefix: 'apiPrefix',
      authMethod: 'authMethod',
      requestTimeoutSeconds: 'timeoutMs',
      pageSize: 'pageSize',
    };

    for (const [key, raw, used, problem] of cases) {
      it(`capillaryRewards.${key} = ${JSON.stringify(raw).slice(0, 40)}: ${problem ? 'a problem in the view, a safe value used' : 'used as documented'}`, async () => {
        tally.badInputs++;
        await freshEnv(demoBasic, { [key]: raw });
        const settings = parseSettings((k) => env.settings.values[k], editorWords);
        const value = settings[field[key] as keyof typeof settings] as unknown;
        if (used === 'invalid') {
          assert.equal((value as { state: string }).state, 'invalid');
          assert.match((value as { message: string }).message, problem!);
          // Nothing is sent to an unusable host: the flows ask for a cluster instead.
          env.ui.answer(undefined, /capillaryRewards\.host .* is not usable/);
          await createGroup(env.deps);
          assert.equal(sandbox.requests.length, 0);
          // A password written into the URL is never shown back.
          assert.ok(!JSON.stringify([value, env.ui.messages]).includes('s3cret'), 'the password in the URL was shown');
          return;
        }
        assert.deepEqual(value, used);
        if (problem) assert.match(settings.problems.join(' '), problem);
        else assert.deepEqual(settings.problems, []);
        for (const text of settings.problems) assert.ok(text.length < 300, 'a problem is one short sentence');
      });
    }
  });

  describe('every fault, against every kind of call', () => {
    /** `token`: a create under OAuth whose token request meets the fault. */
    type Op = 'create' | 'token' | 'list' | 'find' | 'edit' | 'signIn';
    /** What the user must end up with: success, or a message that matches (with Retry when `retry`). */
    type Outcome = 'ok' | { message: RegExp; retry?: boolean };
    interface Fault {
      name: string;
      /** Sign-in methods the fault applies to. */
      methods: ('basic' | 'oauth')[];
      timeoutSeconds?: number;
      /** Arms the fault for the operation's request (`method` + path fragment). */
      arm(target: { method: string; pathIncludes: string }): void;
      expect: Partial<Record<Op, Outcome>>;
    }

    const html = (status: number) => ({
      status,
      body: `<html><body><h1>${status}</h1>gateway</body></html>`,
      headers: { 'content-type': 'text/html' },
    });
    const inject = (extra: object) => (target: { method: string; pathIncludes: string }) =>
      sandbox.inject({ ...target, status: 200, ...extra });
    const notCapillary = (status: number): Outcome => ({
      message: new RegExp(`HTTP ${status} from 127\\.0\\.0\\.1:\\d+, not a Capillary answer`),
      retry: true,
    });
    const lostCreate = (cause: RegExp): Outcome => ({
      message: new RegExp(
        `${cause.source}.* No group named '.*' was found on .* afterwards, so it was most likely not created; Retry to send it again\\.`,
      ),
      retry: true,
    });
    const timeout: Outcome = { message: /did not answer in time \(no answer within 0\.3 s\)/, retry: true };
    const tooLarge: Outcome = {
      message: /127\.0\.0\.1:\d+ sent more than 4 MiB in answer while trying to .*; the rest was not read/,
      retry: true,
    };
    const MiB = 1024 * 1024;

    const faults: Fault[] = [
      {
        name: 'added latency (400 ms)',
        methods: ['basic', 'oauth'],
        arm: inject({ passThrough: true, delayMs: 400 }),
        expect: { create: 'ok', token: 'ok', list: 'ok', find: 'ok', edit: 'ok', signIn: 'ok' },
      },
      {
        name: 'a hang past the timeout, nothing stored',
        methods: ['basic', 'oauth'],
        timeoutSeconds: 0.3,
        arm: inject({ delayMs: 5000 }),
        expect: {
          create: lostCreate(/did not answer in time/),
          token: timeout,
          list: timeout,
          find: timeout,
          edit: { message: /did not answer in time/, retry: true },
          signIn: timeout,
        },
      },
      {
        name: 'a hang past the timeout after the group was stored',
        methods: ['basic', 'oauth'],
        timeoutSeconds: 0.3,
        arm: inject({ afterHandling: true, passThrough: true, delayMs: 5000 }),
        expect: { create: 'ok', edit: 'ok' },
      },
      ...[500, 502, 503, 504].map((status): Fault => ({
        name: `HTTP ${status} with an HTML page`,
        methods: ['basic', 'oauth'],
        arm: inject(html(status)),
        expect:
          status === 500
            ? {
                create: notCapillary(500),
                token: notCapillary(500),
                list: notCapillary(500),
                find: notCapillary(500),
                edit: notCapillary(500),
                signIn: notCapillary(500),
              }
            : // GETs are retried; a POST is never repeated, its fate is looked up; a PUT is re-read.
              {
                create: lostCreate(new RegExp(`HTTP ${status}`)),
                token: notCapillary(status),
                list: 'ok',
                find: 'ok',
                edit: notCapillary(status),
                signIn: 'ok',
              },
      })),
      {
        name: 'HTTP 502 after the group was stored',
        methods: ['basic', 'oauth'],
        arm: inject({ ...html(502), afterHandling: true }),
        expect: { create: 'ok', edit: 'ok' },
      },
      {
        name: 'malformed JSON',
        methods: ['basic', 'oauth'],
        arm: inject({ body: '{"id": 12, "name": ', headers: { 'content-type': 'application/json' } }),
        expect: {
          create: lostCreate(/HTTP 200 .* not a Capillary answer/),
          token: notCapillary(200),
          list: notCapillary(200),
          find: notCapillary(200),
          edit: notCapillary(200),
          signIn: notCapillary(200),
        },
      },
      {
        name: 'an empty JSON body',
        methods: ['basic', 'oauth'],
        arm: inject({ body: '', headers: { 'content-type': 'application/json' } }),
        expect: {
          create: lostCreate(/HTTP 200 .* not a Capillary answer/),
          list: notCapillary(200),
          find: notCapillary(200),
          signIn: notCapillary(200),
        },
      },
      {
        name: 'a JSON answer of the wrong shape',
        methods: ['basic'],
        arm: inject({ body: '{"unexpected": true}', headers: { 'content-type': 'application/json' } }),
        expect: {
          create: lostCreate(/does not understand/),
          list: { message: /does not understand/, retry: true },
          find: { message: /does not understand/, retry: true },
        },
      },
      {
        name: 'a connection reset before anything was stored',
        methods: ['basic', 'oauth'],
        arm: inject({ destroySocket: true }),
        expect: {
          create: lostCreate(/Could not reach/),
          token: { message: /Could not reach 127\.0\.0\.1:\d+ to create the group/, retry: true },
          list: 'ok',
          find: 'ok',
          edit: { message: /Could not reach 127\.0\.0\.1:\d+ to change the rank/, retry: true },
          signIn: 'ok',
        },
      },
      {
        name: 'a connection reset after the group was stored',
        methods: ['basic', 'oauth'],
        arm: inject({ afterHandling: true, destroySocket: true }),
        expect: { create: 'ok', edit: 'ok' },
      },
      {
        name: 'HTTP 429 with Retry-After: 1',
        methods: ['basic', 'oauth'],
        arm: inject({
          status: 429,
          body: '{"status":{"success":false,"code":429,"message":"Too many requests"}}',
          headers: { 'content-type': 'application/json', 'Retry-After': '1' },
        }),
        expect: {
          create: { message: /rate-limiting requests \(HTTP 429\)\. Wait 1 s, then try again/, retry: true },
          token: { message: /Wait 1 s/, retry: true },
          list: 'ok',
          find: 'ok',
          edit: { message: /Wait 1 s/, retry: true },
          signIn: 'ok',
        },
      },
      {
        name: 'an expired token (498)',
        methods: ['oauth'],
        arm: () => sandbox.expireTokens(),
        expect: { create: 'ok', list: 'ok', find: 'ok', edit: 'ok' },
      },
      {
        name: 'a revoked token (401)',
        methods: ['oauth'],
        arm: () => sandbox.revokeTokens(),
        expect: { create: 'ok', list: 'ok', find: 'ok', edit: 'ok' },
      },
      {
        name: 'a password changed elsewhere (401)',
        methods: ['basic'],
        arm: inject({
          status: 401,
          body: '{"status":{"success":false,"code":401,"message":"Invalid credentials"}}',
          headers: { 'content-type': 'application/json' },
        }),
        expect: {
          create: {
            message: /refused to create the group .*: the credentials were rejected \(HTTP 401\)\. Sign in again/,
          },
          list: { message: /the credentials were rejected/ },
          find: { message: /the credentials were rejected/ },
          edit: { message: /the credentials were rejected/ },
          signIn: { message: /rejected the till username or password/, retry: true },
        },
      },
      {
        name: 'a gzip bomb (a small answer that inflates to 64 MiB)',
        methods: ['basic', 'oauth'],
        arm: inject({
          gzip: true,
          body: '0'.repeat(MiB),
          repeatBody: 64,
          headers: { 'content-type': 'application/json' },
        }),
        expect: {
          create: lostCreate(/sent more than 4 MiB/),
          token: tooLarge,
          list: tooLarge,
          find: tooLarge,
          edit: tooLarge,
          signIn: tooLarge,
        },
      },
      {
        name: 'a 256 MiB plain answer',
        methods: ['basic'],
        arm: inject({ body: 'x'.repeat(MiB), repeatBody: 256 }),
        expect: {
          create: lostCreate(/sent more than 4 MiB/),
          list: tooLarge,
          find: tooLarge,
          edit: tooLarge,
          signIn: tooLarge,
        },
      },
      ...(['basic', 'oauth'] as const).map((method): Fault => ({
        name: 'a host echoing the credentials it was sent (401)',
        methods: [method],
        arm: (target) => {
          // What this very request carried, in the forms a server might echo it back.
          const { username, password } = DEMO_CREDENTIALS.basic;
          const md5 = md5Hex(password);
          const header = basicAuthorization(username, md5);
          const token = sandbox.issuedTokens.at(-1) ?? '';
          const { secret } = DEMO_CREDENTIALS.oauth;
          const echoed =
            method === 'basic'
              ? `Rejected Authorization: ${header} (${header.slice(6)}, ${username}:${md5}, ${md5}, ${encodeURIComponent(header)})`
              : target.pathIncludes === TOKEN_PATH
                ? `Rejected {"key":"${DEMO_CREDENTIALS.oauth.key}","secret":${JSON.stringify(secret)}} ${encodeURIComponent(secret)}`
                : `Rejected X-CAP-API-OAUTH-TOKEN: ${token} (${encodeURIComponent(token)})`;
          // With OAuth a 401 renews the token and replays once: the echo answers both.
          const times = method === 'oauth' && target.pathIncludes !== TOKEN_PATH ? 2 : 1;
          sandbox.inject({
            ...target,
            times,
            status: 401,
            body: JSON.stringify({ status: { success: false, code: 401, message: echoed } }),
            headers: { 'content-type': 'application/json' },
          });
        },
        expect: {
          create: { message: /the credentials were rejected \(HTTP 401\)/ },
          ...(method === 'oauth' ? { token: { message: /rejected|HTTP 401/ } } : {}),
          list: { message: /the credentials were rejected/ },
          find: { message: /the credentials were rejected/ },
          edit: { message: /the credentials were rejected/ },
          signIn: {
            message: /rejected the (till username or password|client key or secret) \(HTTP 401: Rejected .*‹redacted›/,
            retry: true,
          },
        },
      })),
      {
        name: 'a redirect to another origin',
        methods: ['basic', 'oauth'],
        arm: (target) =>
          sandbox.inject({
            ...target,
            status: 307,
            headers: { Location: `${elsewhere.url}/api_gateway/core/v1/group/create` },
          }),
        expect: Object.fromEntries(
          (['create', 'token', 'list', 'find', 'edit', 'signIn'] as Op[]).map((op) => [
            op,
            {
              message:
                /redirected the request to http:\/\/127\.0\.0\.1:\d+\/api_gateway.*not followed, so your credentials stayed with/,
            },
          ]),
        ),
      },
    ];

    /** The request each operation is about (the one the fault hits). */
    const targets: Record<Op, (group: SandboxGroup) => { method: string; pathIncludes: string }> = {
      create: () => ({ method: 'POST', pathIncludes: '/group/create' }),
      list: () => ({ method: 'GET', pathIncludes: '/group?' }),
      find: (group) => ({ method: 'GET', pathIncludes: `/group/${group.id}` }),
      edit: (group) => ({ method: 'PUT', pathIncludes: `/group/${group.id}` }),
      signIn: () => ({ method: 'GET', pathIncludes: '/group?' }),
      token: () => ({ method: 'POST', pathIncludes: TOKEN_PATH }),
    };

    /**
     * A user who types the same thing every time a prompt opens, presses Retry once when offered,
     * and checks that a reopened prompt holds what they typed.
     */
    function autopilot(typedByTitle: (title: string) => string | undefined) {
      const typed = new Map<string, string>();
      let retried = false;
      /** A rejected password or secret is not offered again: its box reopens empty. */
      let secretRejected = false;
      env.ui.autopilot = {
        input: (request: InputRequest) => {
          const before = request.password && secretRejected ? undefined : typed.get(request.title);
          if (before !== undefined && request.value !== before) {
            tally.inputLost++;
            problems.push(
              `'${request.title}' reopened with ${JSON.stringify(request.password ? '(hidden)' : request.value)} instead of what was typed`,
            );
          }
          const answer = before ?? typedByTitle(request.title);
          if (answer !== undefined) typed.set(request.title, answer);
          return answer;
        },
        message: (message) => {
          if (/rejected the (till username or password|client key or secret)/.test(message.text)) secretRejected = true;
          if (!retried && message.actions.includes('Retry') && message.level !== 'info') {
            retried = true;
            return 'Retry';
          }
          return undefined;
        },
        pick: (labels) => labels.find((label) => label === 'Change Rank…'),
      };
    }

    const failures = () => env.ui.messages.filter((m) => m.level !== 'info');

    for (const fault of faults) {
      for (const method of fault.methods) {
        for (const [op, outcome] of Object.entries(fault.expect) as [Op, Outcome][]) {
          if (op === 'token' && method !== 'oauth') continue;
          it(`${fault.name} (${method}) during ${op}: ${outcome === 'ok' ? 'succeeds' : 'says what happened'}${outcome !== 'ok' && outcome.retry ? ', and Retry with the typed values succeeds' : ''}`, async () => {
            const credentials = method === 'basic' ? demoBasic : demoOAuth;
            await freshEnv(op === 'signIn' ? undefined : credentials, {
              requestTimeoutSeconds: fault.timeoutSeconds ?? 5,
              authMethod: method,
            });
            const group = sandbox.addGroup({ name: 'Existing', rank: 1 });
            const name = `Fault ${method} ${op}`;
            autopilot((title) => {
              if (title === 'Create Group (1/2)') return name;
              if (title === 'Create Group (2/2)') return ' 7 ';
              if (title.startsWith('Find Group')) return `#${group.id}`;
              if (title.startsWith('Change the rank')) return '9';
              if (title.endsWith('1/2')) {
                return method === 'basic' ? DEMO_CREDENTIALS.basic.username : DEMO_CREDENTIALS.oauth.key;
              }
              if (title.endsWith('2/2')) {
                return method === 'basic' ? DEMO_CREDENTIALS.basic.password : DEMO_CREDENTIALS.oauth.secret;
              }
              return undefined;
            });
            if (method === 'oauth' && op !== 'signIn' && op !== 'token') {
              await env.groups().listGroups({ page: 0, size: 1 });
            } // a token in hand
            const before = sandbox.requests.length;

            tally.faultsInjected++;
            if (/gzip|MiB/.test(fault.name)) coverage.oversized++;
            if (/echoing/.test(fault.name)) coverage.echoes++;
            fault.arm(targets[op](group));
            if (op === 'create' || op === 'token') await createGroup(env.deps);
            if (op === 'list') await refresh(env.deps);
            if (op === 'find') await findGroup(env.deps);
            if (op === 'edit') await editGroup(env.deps, { connectionKey: sandbox.url, group });
            if (op === 'signIn') await signIn(env.deps);
            await env.ui.settle();

            const listError = op === 'list' ? env.deps.list.get(sandbox.url)?.error : undefined;
            const shown = [
              ...failures().map((m) => m.text),
              ...(listError
                ? [describeFailure(listError, { origin: sandbox.url, doing: 'list the groups' }, editorWords)!.message]
                : []),
            ];
            if (outcome === 'ok') {
              assert.deepEqual(shown, [], 'no failure shown');
            } else {
              assert.ok(shown.length > 0, 'the failure was shown');
              assert.match(shown[0]!, outcome.message);
              assert.match(shown[0]!, /127\.0\.0\.1:\d+/, 'the message names the host');
              if (outcome.retry && op !== 'list') {
                assert.ok(failures()[0]!.actions.includes('Retry'), 'Retry is offered');
              }
            }
            assert.ok(sandbox.requests.length > before, 'the call was made');

            const mine = sandbox.groups().filter((g) => g.name === name);
            if (op === 'create' || op === 'token') {
              const told = env.ui.messages.filter((m) => /^Created the group/.test(m.text));
              const expectCreated = outcome === 'ok' || outcome.retry === true;
              tally.groupsCreated += mine.length;
              // Duplicates: a create of the name sent after the name existed on the server (the
              // sandbox records who held it when each create arrived), not only a second group stored.
              const stored = mine[0];
              const duplicates = Math.max(0, mine.length - 1) + sendsAfterTaken(name);
              tally.duplicatesCreated += duplicates;
              if (duplicates > 0) {
                problems.push(`${fault.name} (${method}): ${duplicates} create(s) sent after the name existed`);
              }
              if (told.length !== mine.length) {
                tally.outcomesMisreported++;
                problems.push(`${fault.name} (${method}): told created ${told.length}×, stored ${mine.length}×`);
              }
              assert.equal(mine.length, expectCreated ? 1 : 0, 'groups stored');
              assert.equal(told.length, mine.length, 'the user is told exactly what happened');
              if (stored) assert.equal(stored.rank, 7);
            }
            if (op === 'edit') {
              const now = sandbox.groups().find((g) => g.id === group.id)!;
              const toldChanged = env.ui.messages.some((m) => /is now 9/.test(m.text));
              const changed = now.rank === 9;
              if (toldChanged !== changed) {
                tally.outcomesMisreported++;
                problems.push(`${fault.name} (${method}) edit: told ${toldChanged}, changed ${changed}`);
              }
              assert.equal(toldChanged, changed, 'the user is told whether the rank changed');
              assert.equal(changed, outcome === 'ok' || outcome.retry === true);
            }
            if (op === 'signIn') {
              const saved = await env.credentials.get(sandbox.url, method);
              assert.equal(
                Boolean(saved),
                outcome === 'ok' || outcome.retry === true,
                'credentials saved only once checked',
              );
            }
            if (op === 'list' && outcome === 'ok') assert.equal(env.deps.list.get(sandbox.url)!.groups.length, 1);
            if (op === 'find' && outcome === 'ok') {
              assert.deepEqual(
                env.revealed.map((g) => g.id),
                [group.id],
              );
            }
          });
        }
      }
    }

    /** Counts a fault armed for an apply (and the oversized answers and echoes among them), then arms it. */
    const armCounted = (fault: Fault, arm: () => void) => {
      tally.faultsInjected++;
      if (/gzip|MiB/.test(fault.name)) coverage.oversized++;
      if (/echoing/.test(fault.name)) coverage.echoes++;
      arm();
    };

    /**
     * Arms the fault for a run of the command line as the editor's tests arm it; with OAuth once the
     * process holds a token (the editor's tests get one first), unless the fault is on the token
     * request itself. Returns whether the request the fault is about was then met.
     */
    function armForCli(fault: Fault, method: 'basic' | 'oauth', target: { method: string; pathIncludes: string }) {
      let met = false;
      void sandbox.whenNext({ ...target, when: 'before' }, () => (met = true));
      if (method === 'oauth' && target.pathIncludes !== TOKEN_PATH) {
        void sandbox.whenNext({ method: 'POST', pathIncludes: TOKEN_PATH, when: 'after' }, () => fault.arm(target));
      } else fault.arm(target);
      return () => met;
    }

    /** The exit code the contract gives a run whose one call met `outcome`: `success`, 5 for refused credentials, else 1. */
    const exitFor = (outcome: Outcome, success: number) =>
      outcome === 'ok' ? success : /rejected/.test(outcome.message.source) ? 5 : 1;

    /**
     * One run of the command line in the groups file's folder, signed in from the environment;
     * every secret it printed counted as a leak, an exit code other than `code` as an outcome
     * misreported. Returns its `--json` result.
     */
    async function runCli(
      title: string,
      args: string[],
      file: string,
      method: 'basic' | 'oauth',
      code: number,
    ): Promise<Record<string, unknown>> {
      const ran = await cli(args, { cwd: path.dirname(file), env: cliEnv(sandbox.url, method) });
      const leaks = outputLeaks(ran, sandbox);
      tally.secretsLeaked += leaks.length;
      problems.push(...leaks.map((leak) => `${title}: ${leak}`));
      assert.deepEqual(leaks, [], 'no secret in stdout or stderr');
      if (ran.code !== code) {
        tally.outcomesMisreported++;
        problems.push(`${title}: exit ${ran.code}, not ${code}`);
      }
      assert.equal(ran.code, code, `${args.join(' ')}: exit ${ran.code}\n${ran.stderr}`);
      return JSON.parse(ran.stdout) as Record<string, unknown>;
    }

    // The same faults met by an apply of a groups file: on its first create, or on its rank change's PUT;
    // in the editor, and by the command line (`apply FILE --yes --json` in a child process).
    for (const fault of faults) {
      for (const method of fault.methods) {
        for (const op of (['create', 'edit'] as const).filter((o) => fault.expect[o] !== undefined)) {
          // An apply waits out a 429 by itself; the other faults that end 'ok' for one call end 'ok' for an apply.
          const clean = fault.expect[op] === 'ok' || /429/.test(fault.name);
          const what = op === 'create' ? 'first create' : 'rank change';
          const title = `${fault.name} (${method}) during an apply's ${what}`;
          const me = method === 'basic' ? USER_IDS['demo.till'] : USER_IDS['demo-key'];
          const name = `Applied ${method} ${op}`;
          const entries: FileEntry[] = [
            { name: `${name} A`, rank: 7 },
            { name: 'Existing', rank: 9 },
            { name: 'Other', isActive: false },
            { name: `${name} B`, rank: 8, isActive: false },
            { name: `${name} C` },
          ];
          const org = () => {
            const existing = sandbox.addGroup({ name: 'Existing', rank: 1 });
            sandbox.addGroup({ name: 'Other', rank: 3 });
            return existing;
          };
          const showsFault = (rows: ReportRow[]) => {
            if (clean) {
              assert.deepEqual(
                rows
                  .filter((row) => row.kind !== 'created' && row.kind !== 'updated')
                  .map((row) => `${row.kind} ${row.name}: ${row.detail}`),
                [],
              );
            } else {
              assert.ok(
                rows.some((row) => row.kind === 'failed' || row.kind === 'not sent' || row.kind === 'skipped'),
                'the fault shows in the report',
              );
            }
            assert.ok(elsewhere.requests.length === 0, 'nothing reached another origin');
          };

          it(`${title}: every outcome reported is what the org holds${clean ? ', all applied' : ''}; applied again, the org holds the file`, async () => {
            await freshEnv(method === 'basic' ? demoBasic : demoOAuth, {
              requestTimeoutSeconds: fault.timeoutSeconds ?? 5,
              authMethod: method,
              applyConcurrency: 2,
            });
            const existing = org();
            if (method === 'oauth') await env.groups().listGroups({ page: 0, size: 1 }); // a token in hand
            const rows = await applyUnderFault({
              title,
              me,
              entries,
              arm: () => armCounted(fault, () => fault.arm(targets[op](existing))),
            });
            showsFault(rows);
          });

          const code = clean ? 0 : exitFor(fault.expect[op]!, 0);
          it(`${title}, met by the command line: \`apply FILE --yes --json\` reports what the org holds, exits ${code}, shows no secret; applied again, exit 0 and the org holds the file`, async () => {
            await freshEnv(undefined);
            const existing = org();
            let met = () => false;
            const rows = await applyUnderFault({
              title: `${title}, command line`,
              me,
              entries,
              arm: () => armCounted(fault, () => (met = armForCli(fault, method, targets[op](existing)))),
              run: async (file, round) => {
                const args = ['apply', path.basename(file), '--yes', '--json', '--concurrency', '2'];
                const result = await runCli(
                  `${title}, command line, apply ${round}`,
                  [...args, '--timeout', String(fault.timeoutSeconds ?? 5)],
                  file,
                  method,
                  round === 1 ? code : 0,
                );
                const report = cliReportRows(result, entries);
                tally.outcomesMisreported += report.problems.length;
                problems.push(...report.problems.map((text) => `${title}, command line, apply ${round}: ${text}`));
                assert.deepEqual(report.problems, [], `apply ${round}: the counts disagree with the outcomes`);
                return report.rows;
              },
            });
            assert.ok(met(), 'the command line met the fault');
            tally.faultsMetByCli++;
            showsFault(rows);
          });
        }
      }
    }

    // The faults on a read met by the command line's `plan FILE --json`: on the org's list, or (OAuth) on the token request.
    // Its read of the org is where it signs in: what the editor's sign-in meets there, it meets. Its token
    // request is sent for a read, and repeated as the read is (GroupsApi.call): where the list recovers, it does.
    const planOutcome = (fault: Fault, op: 'list' | 'token') =>
      op === 'list'
        ? (fault.expect.signIn ?? fault.expect.list)
        : fault.expect.list === 'ok'
          ? 'ok'
          : fault.expect.token;
    for (const fault of faults) {
      for (const method of fault.methods) {
        for (const op of (['list', 'token'] as const).filter((o) => fault.expect[o] !== undefined)) {
          if (op === 'token' && method !== 'oauth') continue;
          const outcome = planOutcome(fault, op)!;
          const code = exitFor(outcome, 2);
          const title = `${fault.name} (${method}) during a plan's ${op === 'list' ? 'read of the org' : 'token request'}, met by the command line`;
          it(`${title}: \`plan FILE --json\` exits ${code}${outcome === 'ok' ? ' with the plan the org gives' : ' with the failure'}, sends no write, shows no secret; planned again, the same plan`, async () => {
            await freshEnv(undefined);
            const existing = sandbox.addGroup({ name: 'Existing', rank: 1 });
            sandbox.addGroup({ name: 'Other', rank: 3 });
            const file = path.join(env.files.folder, 'reliability.capillary-groups.json');
            const entries: FileEntry[] = [
              { name: 'Planned', rank: 7 },
              { name: 'Existing', rank: 9 },
              { name: 'Other' },
            ];
            fs.writeFileSync(file, JSON.stringify({ groups: entries }, null, 2));
            const args = ['plan', path.basename(file), '--json', '--timeout', String(fault.timeoutSeconds ?? 5)];
            let met = () => false;
            armCounted(fault, () => (met = armForCli(fault, method, targets[op](existing))));
            const planned = await runCli(title, args, file, method, code);
            assert.ok(met(), 'the command line met the fault');
            tally.faultsMetByCli++;
            const written = sandbox.requests.filter((r) => r.method === 'PUT' || r.path.endsWith('/group/create'));
            assert.equal(written.length, 0, 'a plan writes nothing');
            assert.ok(elsewhere.requests.length === 0, 'nothing reached another origin');
            const again = await runCli(`${title}, planned again`, args, file, method, 2);
            const steps = (result: Record<string, unknown>) => (result.plan as { steps: unknown } | undefined)?.steps;
            if (outcome === 'ok') {
              assert.deepEqual(steps(planned), steps(again), 'the plan read under the fault is the org’s');
            } else {
              const error = planned.error as { exitCode: number; message: string };
              assert.equal(error.exitCode, code);
              assert.match(error.message, outcome.message);
              assert.match(error.message, /127\.0\.0\.1:\d+/, 'the message names the host');
            }
            assert.equal((steps(again) as unknown[]).length, 2);
          });
        }
      }
    }

    it('a cancelled create (progress notification Cancel) is looked up and reported truthfully, then Retry keeps the values', async () => {
      await freshEnv(demoBasic);
      tally.faultsInjected++;
      sandbox.inject({ status: 200, pathIncludes: '/group/create', delayMs: 3000 });
      env.ui.cancelProgress(150, 1);
      env.ui
        .type('Cancelled Group')
        .type('5')
        .answer(
          'Retry',
          /^The create was cancelled\. No group named 'Cancelled Group' was found .* most likely not created; Retry to send it again\.$/,
        );
      env.ui.type('Cancelled Group').type('5');
      await createGroup(env.deps);
      await env.ui.settle();
      assert.deepEqual(
        env.ui.inputs.slice(2).map((i) => i.request.value),
        ['Cancelled Group', '5'],
      );
      assert.deepEqual(
        sandbox.groups().map((g) => g.name),
        ['Cancelled Group'],
      );
      tally.groupsCreated++;
      assert.match(env.ui.lastMessage()!.text, /^Created the group 'Cancelled Group'/);
    });

    for (const stored of [true, false]) {
      it(`Cancel while an edit's PUT is on its way ${stored ? 'after it took effect: read back and reported as done' : 'before it took effect: nothing said, nothing changed'}`, async () => {
        await freshEnv(demoBasic);
        const group = sandbox.addGroup({ name: 'Edited', rank: 1 });
        tally.faultsInjected++;
        sandbox.inject({
          method: 'PUT',
          pathIncludes: `/group/${group.id}`,
          delayMs: 3000,
          ...(stored ? { afterHandling: true, passThrough: true } : { status: 200 }),
        });
        env.ui.cancelProgress(150, 1);
        env.ui.choose('Change Rank…').type('8');
        await editGroup(env.deps, { connectionKey: sandbox.url, group });
        await env.ui.settle();
        assert.equal(sandbox.groups()[0]!.rank, stored ? 8 : 1);
        assert.deepEqual(
          env.ui.messages.map((m) => m.text),
          stored ? ["The rank of 'Edited' (#" + group.id + ') is now 8.'] : [],
        );
        assert.ok(
          sandbox.requests.some(
            (r) =>
              r.method === 'GET' &&
              r.path.endsWith(`/group/${group.id}`) &&
              r.at > sandbox.requests.find((p) => p.method === 'PUT')!.at,
          ),
          'read back after the PUT',
        );
      });
    }

    it('a cancelled sign-in, find or edit says nothing, stores nothing and changes nothing', async () => {
      await freshEnv(undefined);
      const group = sandbox.addGroup({ name: 'Kept', rank: 1 });
      tally.faultsInjected += 3;
      sandbox.inject({ status: 200, pathIncludes: '/group', delayMs: 3000, times: 3 });
      env.ui.cancelProgress(100);
      env.ui.type('demo.till').type(DEMO_CREDENTIALS.basic.password);
      assert.equal(await signIn(env.deps), false);
      assert.equal(await env.credentials.get(sandbox.url, 'basic'), undefined);
      await env.credentials.save(sandbox.url, demoBasic);
      env.ui.type(String(group.id));
      await findGroup(env.deps);
      env.ui.choose('Change Rank…').type('8');
      await editGroup(env.deps, { connectionKey: sandbox.url, group });
      await env.ui.settle();
      assert.deepEqual(env.ui.messages, []);
      assert.deepEqual(env.revealed, []);
      assert.equal(sandbox.groups()[0]!.rank, 1);
    });
  });

  describe('a second user on the org and a server clock that is off', () => {
    const ownUser = USER_IDS['demo.till'];
    const colleague = () => colleagueClient(sandbox);
    const later = <T>(ms: number, work: () => Promise<T>) =>
      new Promise<void>((resolve) => setTimeout(resolve, ms)).then(work);

    /**
     * What the user was told against what the server holds: "Created" exactly as often as a group
     * of the name was stored by this user; `unavoidable` creates met a colleague's name that the
     * editor could not have known (it was stored after the list was read).
     */
    function account(title: string, name: string, unavoidable: number): void {
      const mine = sandbox.groups().filter((g) => g.name === name && g.createdBy === ownUser);
      const told = env.ui.messages.filter((m) => m.text.startsWith(`Created the group '${name}'`));
      tally.groupsCreated += mine.length;
      const duplicates = Math.max(0, mine.length - 1) + Math.max(0, sendsAfterTaken(name) - unavoidable);
      tally.duplicatesCreated += duplicates;
      if (duplicates > 0) problems.push(`${title}: ${duplicates} create(s) of '${name}' sent after the name existed`);
      if (told.length !== mine.length) {
        tally.outcomesMisreported++;
        problems.push(`${title}: told created ${told.length}×, stored by this user ${mine.length}×`);
      }
      assert.equal(
        told.length,
        mine.length,
        `told created ${told.length}×, stored ${mine.length}×: ${env.ui.messages.map((m) => m.text).join(' | ')}`,
      );
    }

    /** Presses Retry once when offered, and Escape on a prompt that refuses what it reopened with. */
    function retryOnce(): void {
      let retried = false;
      env.ui.autopilot = {
        input: (request) => {
          if (request.validate?.(request.value ?? '') !== undefined) return undefined;
          return request.value;
        },
        message: (message) => {
          if (!retried && message.actions.includes('Retry') && message.level !== 'info') {
            retried = true;
            return 'Retry';
          }
          return undefined;
        },
      };
    }

    it("a colleague's 'Gold' stored moments before mine, whose refusal is lost: not mine, and not sent again", async () => {
      await freshEnv(demoBasic);
      coverage.secondUser++;
      await env.deps.list.refresh(sandbox.url);
      await colleague().create({ name: 'Gold', rank: 9 });
      tally.faultsInjected++;
      sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
      retryOnce();
      await createGroup(env.deps, { name: 'Gold', rank: '1' });
      await env.ui.settle();
      assert.match(env.ui.messages[0]!.text, /it may not be yours/);
      account('colleague Gold', 'Gold', 1);
    });

    it('my create hangs and is never stored while a colleague stores the name: not mine; Retry meets the name in the list', async () => {
      await freshEnv(demoBasic, { requestTimeoutSeconds: 0.5 });
      coverage.secondUser++;
      tally.faultsInjected++;
      sandbox.inject({ status: 200, pathIncludes: '/group/create', delayMs: 3000 });
      const meanwhile = later(150, () => colleague().create({ name: 'Silver', rank: 5 }));
      retryOnce();
      await createGroup(env.deps, { name: 'Silver', rank: '2' });
      await meanwhile;
      await env.ui.settle();
      account('colleague Silver', 'Silver', 0);
    });

    it("an apply of 'Café' written with a combining accent, the org holding it precomposed: the same group, nothing created", async () => {
      await freshEnv(demoBasic, { applyConcurrency: 1 });
      sandbox.addGroup({ name: 'Caf\u00e9', rank: 1 });
      const rows = await applyUnderFault({
        title: 'apply, a name written with a combining accent',
        me: ownUser,
        entries: [
          { name: 'Cafe\u0301', rank: 1 },
          { name: 'Tea', rank: 2 },
        ],
        arm: () => tally.faultsInjected++,
      });
      assert.deepEqual(rows.map((row) => row.kind).sort(), ['created', 'unchanged']);
      assert.equal(sandbox.groups().length, 2);
    });

    it("an apply: a colleague's 'Gold' stored after the plan was read, and my create's refusal lost: failed as not shown to be mine, never sent again", async () => {
      await freshEnv(demoBasic, { applyConcurrency: 1 });
      coverage.secondUser++;
      const rows = await applyUnderFault({
        title: 'apply, colleague Gold',
        me: ownUser,
        entries: [
          { name: 'Gold', rank: 1 },
          { name: 'Gold Too', rank: 2 },
        ],
        arm: () => tally.faultsInjected++,
        // After the plan was read: the colleague stores the name, and my create's answer will be lost.
        meanwhile: async () => {
          await colleague().create({ name: 'Gold', rank: 9 });
          sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
        },
        unavoidable: 1,
      });
      assert.match(
        rows.find((row) => row.name === 'Gold')!.detail,
        /^the answer was lost; a group of this name \(#\d+\) exists, created by user 75155291, but the server does not show it is this apply's$/,
      );
    });

    it('an apply: my create hangs and is never stored while a colleague stores the name: failed, the group named as not shown to be mine', async () => {
      await freshEnv(demoBasic, { requestTimeoutSeconds: 0.5, applyConcurrency: 1 });
      coverage.secondUser++;
      let meanwhile: Promise<unknown> = Promise.resolve();
      const rows = await applyUnderFault({
        title: 'apply, colleague Silver',
        me: ownUser,
        entries: [
          { name: 'Silver', rank: 2 },
          { name: 'Silver Too', rank: 3 },
        ],
        arm: () => {
          tally.faultsInjected++;
          sandbox.inject({ status: 200, pathIncludes: '/group/create', delayMs: 3000 });
          // The colleague's create arrives while mine is held.
          const timer = setInterval(() => {
            if (!sandbox.requests.some((r) => r.path.endsWith('/group/create'))) return;
            clearInterval(timer);
            meanwhile = later(100, () => colleague().create({ name: 'Silver', rank: 5 }));
          }, 2);
        },
      });
      await meanwhile;
      // My create was sent and its answer lost: not a skip (something was sent), and not "created" (the group is not shown to be mine).
      assert.equal(rows.find((row) => row.name === 'Silver')!.kind, 'failed');
    });

    it("an apply: a colleague's 'Gold' of the same rank stored as my create's answer is lost, before any answer said who I am: failed as not shown to be mine, never sent again", async () => {
      await freshEnv(demoBasic, { applyConcurrency: 4 });
      coverage.secondUser++;
      coverage.sameRankColleague++;
      const rows = await applyUnderFault({
        title: 'apply, colleague Gold of the same rank',
        me: ownUser,
        entries: [
          { name: 'Gold', rank: 1 },
          { name: 'Silver', rank: 2 },
          { name: 'Bronze', rank: 3 },
          { name: 'Iron', rank: 4 },
        ],
        arm: () => tally.faultsInjected++,
        meanwhile: async () => {
          await colleague().create({ name: 'Gold', rank: 1 });
          sandbox.inject({
            method: 'POST',
            pathIncludes: '/group/create',
            bodyIncludes: '"Gold"',
            status: 200,
            afterHandling: true,
            destroySocket: true,
          });
          // The other creates answer after Gold's name was looked up: by then no answer has said who this user is.
          sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, delayMs: 300, times: 3 });
        },
        unavoidable: 1,
      });
      const gold = rows.find((row) => row.name === 'Gold')!;
      assert.equal(gold.kind, 'failed');
      assert.match(
        gold.detail,
        /^the answer was lost; a group of this name \(#\d+\) exists, created by user 75155291, but the server does not show it is this apply's$/,
      );
      assert.equal(rows.filter((row) => row.kind === 'created').length, 3);
    });

    it("an apply whose only create loses its answer while a colleague stores the name with the same rank: failed, 'check it', never sent again", async () => {
      await freshEnv(demoBasic, { applyConcurrency: 1 });
      coverage.secondUser++;
      coverage.sameRankColleague++;
      const rows = await applyUnderFault({
        title: 'apply, colleague Gold of the same rank, no answer of mine',
        me: ownUser,
        entries: [{ name: 'Gold', rank: 1 }],
        arm: () => tally.faultsInjected++,
        meanwhile: async () => {
          await colleague().create({ name: 'Gold', rank: 1 });
          sandbox.inject({
            method: 'POST',
            pathIncludes: '/group/create',
            status: 200,
            afterHandling: true,
            destroySocket: true,
          });
        },
        unavoidable: 1,
      });
      assert.deepEqual(
        rows.map((row) => [row.kind, row.name]),
        [['failed', 'Gold']],
      );
      assert.match(
        rows[0]!.detail,
        /created by user 75155291 with the name and rank sent, .* check whether user 75155291 is you/,
      );
    });

    for (const offsetMs of [-3_600_000, -660_000, 660_000, 3_600_000]) {
      const label = `${offsetMs > 0 ? '+' : '-'}${Math.abs(offsetMs) / 60_000} min`;
      const faults: [string, object][] = [
        ['a reset after the group was stored', { status: 200, afterHandling: true, destroySocket: true }],
        [
          'a hang past the timeout after the group was stored',
          { status: 200, afterHandling: true, passThrough: true, delayMs: 3000 },
        ],
        ['a reset before anything was stored', { status: 200, destroySocket: true }],
        [
          'a 502 after the group was stored',
          { status: 502, body: '<html>502</html>', headers: { 'content-type': 'text/html' }, afterHandling: true },
        ],
      ];
      for (const [fault, injection] of faults) {
        it(`server clock ${label}: ${fault} is reported truthfully, and Retry never duplicates`, async () => {
          await freshEnv(demoBasic, { requestTimeoutSeconds: 0.5 });
          coverage.clockOffsets++;
          sandbox.setClockOffset(offsetMs);
          tally.faultsInjected++;
          sandbox.inject({ pathIncludes: '/group/create', ...injection });
          retryOnce();
          await createGroup(env.deps, { name: 'Clocked', rank: '4' });
          await env.ui.settle();
          account(`clock ${label}, ${fault}`, 'Clocked', 0);
          assert.equal(sandbox.groups().filter((g) => g.name === 'Clocked').length, 1, 'stored once in the end');
        });
      }

      for (const [fault, injection] of faults) {
        it(`server clock ${label}: ${fault} during an apply's first create is reported truthfully, never duplicated`, async () => {
          await freshEnv(demoBasic, { requestTimeoutSeconds: 0.5, applyConcurrency: 1 });
          coverage.clockOffsets++;
          sandbox.setClockOffset(offsetMs);
          await applyUnderFault({
            title: `apply, clock ${label}, ${fault}`,
            me: ownUser,
            entries: [
              { name: 'Clocked', rank: 4 },
              { name: 'Clocked Too', rank: 5, isActive: false },
            ],
            arm: () => {
              tally.faultsInjected++;
              sandbox.inject({ pathIncludes: '/group/create', ...injection });
            },
          });
        });
      }

      it(`server clock ${label}: a colleague's group of the same name and rank from 30 minutes before is not mine`, async () => {
        await freshEnv(demoBasic);
        coverage.clockOffsets++;
        coverage.secondUser++;
        sandbox.setClockOffset(offsetMs);
        const theirs = sandbox.addGroup({ name: 'Half Hour', rank: 4, createdBy: USER_IDS['colleague.till'] });
        tally.faultsInjected++;
        lookupSeesOlder(sandbox, theirs, 1_800_000, 'name=Half', 5);
        sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
        retryOnce();
        await createGroup(env.deps, { name: 'Half Hour', rank: '4' });
        await env.ui.settle();
        account(`clock ${label}, colleague's older group`, 'Half Hour', 1);
      });
    }

    for (const colleagueToo of [false, true]) {
      it(`a rank change whose answer is lost ${colleagueToo ? 'and that a colleague also made' : 'under a server clock 1 h ahead'}: told done only when it is mine`, async () => {
        await freshEnv(demoBasic, { requestTimeoutSeconds: 0.5 });
        if (colleagueToo) coverage.secondUser++;
        else {
          coverage.clockOffsets++;
          sandbox.setClockOffset(3_600_000);
        }
        const group = sandbox.addGroup({ name: 'Edited Twice', rank: 1 });
        env.ui.autopilot = { input: (request) => request.value, message: () => undefined };
        await createGroup(env.deps, { name: 'Teach', rank: '' }); // the server says who this user is
        env.ui.autopilot = {
          pick: (labels) => labels.find((l) => l === 'Change Rank…'),
          input: () => '9',
          message: () => undefined,
        };
        tally.faultsInjected++;
        const meanwhile = colleagueToo
          ? later(150, () => colleague().update(group.id, { name: group.name, rank: 9, isActive: true }))
          : Promise.resolve(undefined);
        sandbox.inject({
          method: 'PUT',
          pathIncludes: `/group/${group.id}`,
          status: 200,
          ...(colleagueToo ? { delayMs: 3000 } : { afterHandling: true, destroySocket: true }),
        });
        await editGroup(env.deps, { connectionKey: sandbox.url, group });
        await meanwhile;
        await env.ui.settle();
        const now = sandbox.groups().find((g) => g.id === group.id)!;
        const changedByMe = now.rank === 9 && now.lastUpdatedBy === ownUser;
        const toldChanged = env.ui.messages.some((m) => /is now 9/.test(m.text));
        if (toldChanged !== changedByMe) {
          tally.outcomesMisreported++;
          problems.push(
            `lost PUT (${colleagueToo ? 'colleague' : 'clock'}): told ${toldChanged}, changed by this user ${changedByMe}`,
          );
        }
        assert.equal(toldChanged, changedByMe, env.ui.messages.map((m) => m.text).join(' | '));
        if (colleagueToo) assert.match(env.ui.messages.at(-1)!.text, /last changed by user 75155291/);
      });
    }

    for (const colleagueToo of [false, true]) {
      it(`an apply: a rank change whose answer is lost ${colleagueToo ? 'and that a colleague also made' : 'under a server clock 1 h ahead'}: reported updated only when it is mine`, async () => {
        await freshEnv(demoBasic, { requestTimeoutSeconds: 0.5, applyConcurrency: 1 });
        if (colleagueToo) coverage.secondUser++;
        else {
          coverage.clockOffsets++;
          sandbox.setClockOffset(3_600_000);
        }
        const group = sandbox.addGroup({ name: 'Edited Twice', rank: 1 });
        let meanwhile: Promise<unknown> = Promise.resolve();
        const rows = await applyUnderFault({
          title: `apply, lost PUT (${colleagueToo ? 'colleague' : 'clock'})`,
          me: ownUser,
          // The create comes first: its answer tells who this user is.
          entries: [{ name: 'Teach' }, { name: 'Edited Twice', rank: 9 }],
          arm: () => {
            tally.faultsInjected++;
            sandbox.inject({
              method: 'PUT',
              pathIncludes: `/group/${group.id}`,
              status: 200,
              ...(colleagueToo ? { delayMs: 3000 } : { afterHandling: true, destroySocket: true }),
            });
            if (!colleagueToo) return;
            const timer = setInterval(() => {
              if (!sandbox.requests.some((r) => r.method === 'PUT')) return;
              clearInterval(timer);
              meanwhile = later(100, () => colleague().update(group.id, { name: group.name, rank: 9, isActive: true }));
            }, 2);
          },
        });
        await meanwhile;
        const row = rows.find((r) => r.name === 'Edited Twice')!;
        if (colleagueToo) assert.match(row.detail, /last changed by user 75155291/);
        else assert.equal(row.kind, 'updated');
      });
    }
  });

  describe('lost colleague writes: a colleague writes a group just before or just after the apply’s PUT of it', () => {
    const colleague = () => colleagueClient(sandbox);
    const writes = [
      ['deactivation', (id: number) => colleague().update(id, { name: 'Edited', rank: 1, isActive: false })],
      ['rename', (id: number) => colleague().update(id, { name: 'Edited Elsewhere', rank: 1, isActive: true })],
    ] as const;
    for (const [what, write] of writes) {
      for (const when of ['after', 'before'] as const) {
        const landing = when === 'after' ? 'right after the PUT took effect' : 'between the re-read and the PUT';
        const outcome =
          when === 'after'
            ? 'reported changed by someone else meanwhile'
            : 'overwritten by the PUT and shown by no answer; counted as such';
        it(`a colleague's ${what} landing ${landing}: ${outcome}`, async () => {
          await freshEnv(demoBasic, { applyConcurrency: 2 });
          coverage.secondUser++;
          coverage.colleagueWrites++;
          const group = sandbox.addGroup({ name: 'Edited', rank: 1 });
          sandbox.addGroup({ name: 'Other', rank: 2 });
          let theirs: Promise<unknown> = Promise.resolve();
          const rows = await applyUnderFault({
            title: `lost colleague ${what} ${landing}`,
            me: USER_IDS['demo.till'],
            entries: [
              { name: 'Edited', rank: 9 },
              { name: 'Other', rank: 8 },
            ],
            arm: () => {
              tally.faultsInjected++;
              theirs = sandbox.whenNext({ method: 'PUT', pathIncludes: `/group/${group.id}`, when }, () =>
                write(group.id),
              );
            },
          });
          await theirs;
          const row = rows.find((r) => r.name === 'Edited')!;
          if (when === 'after') {
            assert.equal(row.kind, 'changed meanwhile', row.detail);
            assert.match(
              row.detail,
              /^rank 1 → 9, but changed by someone else meanwhile: now '.*', rank 1, (in)?active, last changed by user 75155291; plan again$/,
            );
            coverage.colleagueWritesReported++;
          } else {
            // The API's limit: the PUT re-sent the name and state it had read, and what the server shows is that PUT alone.
            assert.equal(row.kind, 'updated');
            const now = sandbox.groups().find((g) => g.id === group.id)!;
            assert.deepEqual(
              [now.name, now.rank, now.isActive, now.lastUpdatedBy],
              ['Edited', 9, true, USER_IDS['demo.till']],
            );
            coverage.colleagueWritesOverwritten++;
          }
          assert.equal(rows.find((r) => r.name === 'Other')!.kind, 'updated');
        });
      }
    }
  });

  describe('what a file or a server sends: hostile groups files, faulty rewards reads, reorders under faults', () => {
    const writesSent = () =>
      sandbox.requests.filter((r) => r.method === 'PUT' || (r.method === 'POST' && r.path.endsWith('/group/create')))
        .length;
    /** Said wrong: a message a user cannot act on. */
    const garbled = (text: string) => /undefined|\[object|NaN|Maximum call stack/.test(text);

    const hostileFiles: { name: string; text: () => string; said: RegExp }[] = [
      { name: 'nested 10,000 deep', text: () => `{"groups":${'['.repeat(10_000)}`, said: /Nested too deep/ },
      {
        name: 'over 16 MB',
        text: () => `{"groups":[${'{"name":"Gold"},'.repeat(1_100_000)}{"name":"End"}]}`,
        said: /groups files are checked up to 16 MB/,
      },
      {
        name: 'a rank of 10 MB of digits',
        text: () => `{"groups":[{"name":"Gold","rank":${'9'.repeat(10 * 1024 * 1024)}}]}`,
        said: /Rank 9{40}… is out of range/,
      },
      {
        name: '5,000 names listed twice in another case',
        text: () =>
          JSON.stringify({
            groups: Array.from({ length: 10_000 }, (_, i) => ({ name: i % 2 ? `group ${i >> 1}` : `Group ${i >> 1}` })),
          }),
        said: /listed twice .* more problems were found; the Problems view lists the first 100\./,
      },
      { name: 'a Hangul filler for a name', text: () => '{"groups":[{"name":"\u3164"}]}', said: /U\+3164/ },
      { name: 'a tag character in a name', text: () => '{"groups":[{"name":"Gold\u{E0041}"}]}', said: /U\+E0041/ },
      {
        name: 'Café twice, precomposed and with a combining accent',
        text: () => '{"groups":[{"name":"Caf\u00e9"},{"name":"Cafe\u0301"}]}',
        said: /listed twice/,
      },
    ];
    for (const hostile of hostileFiles) {
      it(`a groups file ${hostile.name}: plan and apply each say so in one short message and send nothing`, async () => {
        await freshEnv(demoBasic);
        tally.badInputs++;
        coverage.fileContents++;
        const file = path.join(env.files.folder, 'hostile.capillary-groups.json');
        fs.writeFileSync(file, hostile.text());
        env.files.activeFile = file;
        await planGroupsFile(env.deps);
        await applyGroupsFile(env.deps);
        const said = env.ui.messages.map((m) => m.text);
        assert.equal(said.length, 2, said.join('\n'));
        for (const text of said) {
          assert.match(text, hostile.said);
          assert.match(text, /Nothing was sent\.$/);
          assert.ok(text.length < 500 && !garbled(text), text.slice(0, 500));
        }
        assert.equal(writesSent(), 0);
        assert.deepEqual(env.ui.diffs, []);
      });
    }

    it('a groups file that starts with a byte-order mark is read as any other, and applied', async () => {
      await freshEnv(demoBasic);
      coverage.fileContents++;
      const file = path.join(env.files.folder, 'bom.capillary-groups.json');
      fs.writeFileSync(file, '\uFEFF{"groups":[{"name":"Gold","rank":1}]}\n');
      env.files.activeFile = file;
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps);
      await env.ui.settle();
      assert.deepEqual(
        sandbox.groups().map((g) => [g.name, g.rank]),
        [['Gold', 1]],
      );
      assert.match(env.ui.messages.at(-1)!.text, /Applied: 1 created/);
    });

    const rewardFaults: { name: string; arm: () => void }[] = [
      {
        name: 'the brand list answers 500',
        arm: () =>
          sandbox.inject({
            pathIncludes: '/brand/getAll',
            status: 500,
            body: '{"errors":[{"code":500,"message":"boom"}]}',
          }),
      },
      {
        name: 'a reward page answers 503 in HTML',
        arm: () =>
          sandbox.inject({
            pathIncludes: '/reward/list/brand/',
            status: 503,
            body: '<html>503</html>',
            headers: { 'content-type': 'text/html' },
          }),
      },
      {
        name: 'a reward page resets the connection',
        arm: () => sandbox.inject({ pathIncludes: '/reward/list/brand/', status: 200, destroySocket: true }),
      },
      {
        name: 'reward pages whose total keeps growing',
        arm: () => sandbox.setListFault({ growingTotal: true, lists: 'rewards' }),
      },
      {
        name: 'reward pages without paging information',
        arm: () => sandbox.setListFault({ paging: 'omit', lists: 'rewards' }),
      },
      {
        name: 'reward pages with part of the paging information',
        arm: () => sandbox.setListFault({ paging: 'partial', lists: 'rewards' }),
      },
    ];
    for (const fault of rewardFaults) {
      it(`Rename's reward count when ${fault.name}: no rename is sent without a question or a failure that says why`, async () => {
        await freshEnv(demoBasic);
        tally.faultsInjected++;
        coverage.rewardsReads++;
        const gold = sandbox.addGroup({ name: 'VIP Gold', rank: 1 });
        const [brand] = sandbox.brands(SANDBOX_ORG_ID);
        sandbox.addReward({
          brandId: brand!.id,
          name: 'Free coffee',
          status: 'LIVE',
          groups: [{ groupName: 'VIP Gold', groupRank: 1 }],
        });
        await env.deps.list.refresh(sandbox.url);
        fault.arm();
        // Whatever is asked is refused: nothing may be sent.
        env.ui.choose('Rename…').askWith(undefined).askWith(undefined);
        await editGroup(env.deps, {
          connectionKey: sandbox.url,
          group: env.deps.list.get(sandbox.url)!.groups.find((g) => g.id === gold.id)!,
        });
        await env.ui.settle();
        const said = [
          ...env.ui.confirmations.map((c) => `${c.text} ${c.detail}`),
          ...env.ui.messages.map((m) => m.text),
        ];
        assert.ok(said.length > 0, 'something was said');
        for (const text of said) assert.ok(!garbled(text), text);
        // A count given as the whole (not "At least") is the true one: the org has 1 reward naming the group.
        const counted = said.find(
          (text) => /^\d+ reward\(s\)/.test(text) && !/^1 reward\(s\) in 1 brand\(s\)/.test(text),
        );
        if (counted) {
          tally.outcomesMisreported++;
          problems.push(`rewards read, ${fault.name}: said "${counted.slice(0, 200)}" but 1 reward names the group`);
        }
        assert.equal(counted, undefined);
        assert.equal(sandbox.requests.filter((r) => r.method === 'PUT').length, 0);
        sandbox.setListFault(undefined);
      });
    }

    const catalogs: { name: string; ranks: (number | null)[] }[] = [
      { name: 'ranks 0, 1, 2', ranks: [0, 1, 2] },
      { name: 'ranks -5, 3 and an unranked group', ranks: [-5, 3, null] },
      { name: 'three groups of rank 2', ranks: [2, 2, 2] },
      { name: 'ranks at the top of int32', ranks: [1, 2_147_483_646, 2_147_483_647] },
    ];
    const putFaults: { name: string; arm: () => void }[] = [
      { name: 'no fault', arm: () => undefined },
      {
        name: 'a 500 on the first PUT',
        arm: () => sandbox.inject({ method: 'PUT', status: 500, body: '{"errors":[{"code":500,"message":"boom"}]}' }),
      },
      {
        name: 'a reset after the first PUT took effect',
        arm: () => sandbox.inject({ method: 'PUT', status: 200, afterHandling: true, destroySocket: true }),
      },
    ];
    const order = () => catalogSections(sandbox.groups() as unknown as Group[]).map((g) => g.name);
    for (const catalog of catalogs) {
      for (const fault of putFaults) {
        it(`Move to Top in a catalog of ${catalog.name}, ${fault.name}: what is said matches the server's order`, async () => {
          await freshEnv(demoBasic);
          if (fault.name !== 'no fault') tally.faultsInjected++;
          coverage.reorders++;
          catalog.ranks.forEach((rank, i) => sandbox.addGroup({ name: `Section ${i + 1}`, rank }));
          await env.deps.list.refresh(sandbox.url);
          const before = order();
          const last = before.at(-1)!;
          const moved = sandbox.groups().find((g) => g.name === last)!;
          fault.arm();
          env.ui.confirmWith(true);
          await moveGroup(
            env.deps,
            {
              connectionKey: sandbox.url,
              group: env.deps.list.get(sandbox.url)!.groups.find((g) => g.id === moved.id)!,
            },
            { toPlace: 0 },
          );
          await env.ui.settle();
          const said = env.ui.messages.at(-1)?.text ?? env.ui.statuses.at(-1) ?? '';
          assert.ok(!garbled(said), said);
          const after = order();
          const toldMoved = /is now at place 1 of/.test(said);
          const truth = after[0] === last;
          if (toldMoved !== truth) {
            tally.outcomesMisreported++;
            problems.push(
              `reorder, ${catalog.name}, ${fault.name}: said "${said}" but the catalog is ${after.join(', ')}`,
            );
          }
          assert.equal(toldMoved, truth, `${said}\n${after.join(', ')}`);
          if (fault.name === 'no fault') {
            assert.ok(truth, said);
            // The fewest changes: as many PUTs as the question listed.
            const question = env.ui.confirmations[0]!;
            assert.equal(
              sandbox.requests.filter((r) => r.method === 'PUT').length,
              question.detail.split(' · ').length,
            );
          } else if (!truth) assert.match(said, /fail|not|could|did not/i);
          for (const group of sandbox.groups()) {
            assert.ok(
              group.rank === null || (group.rank >= -2_147_483_648 && group.rank <= 2_147_483_647),
              `rank ${group.rank}`,
            );
          }
        });
      }
    }
  });

  describe('summary', () => {
    it(`prints the report; duplicates, leaks, lost input and misreported outcomes are all 0`, () => {
      const line = summaryLine();
      console.log(`\n  ${line}\n`);
      const out = path.resolve(__dirname, '..', '..', 'reliability-report.json');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify({ ...tally, ...coverage, line }, null, 2));
      assert.ok(tally.badInputs > 100 && tally.faultsInjected > 50, 'the suite ran its tables');
      assert.ok(tally.faultsMetByCli >= 80, 'the command line met the faults of the table');
      assert.ok(
        coverage.secondUser >= 12 &&
          coverage.colleagueWrites >= 4 &&
          coverage.clockOffsets >= 16 &&
          coverage.oversized >= 10 &&
          coverage.echoes >= 10,
        'the second-user, clock, size and echo scenarios ran',
      );
      assert.ok(
        coverage.sameRankColleague >= 2 &&
          coverage.fileContents >= 8 &&
          coverage.rewardsReads >= 6 &&
          coverage.reorders >= 12,
        'the same-rank, groups-file, rewards-read and reorder scenarios ran',
      );
      assert.deepEqual(problems, []);
      assert.equal(tally.duplicatesCreated + tally.secretsLeaked + tally.inputLost + tally.outcomesMisreported, 0);
    });
  });
});
