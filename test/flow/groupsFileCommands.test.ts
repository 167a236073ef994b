// Groups files through the real command flows over real HTTP against the sandbox: Export, Plan,
// Apply (with drift and faults) and Compare. Each test checks what the user is told and what the
// org holds on the server afterwards.
import { strict as assert } from 'assert';
import { colleagueClient } from '../support/answers';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { basicAuthorization, md5Hex } from '../../src/api/auth';
import type { Credentials } from '../../src/api/types';
import { applyGroupsFile } from '../../src/commands/applyGroups';
import { compareConnections } from '../../src/commands/compareConnections';
import { copyCiCommand } from '../../src/commands/copyCiCommand';
import { exportGroups } from '../../src/commands/exportGroups';
import { planGroupsFile } from '../../src/commands/planGroups';
import { orgLabel } from '../../src/commands/steps/groupsFile';
import { readGroupsFile } from '../../src/groupsFile/format';
import { planGroups } from '../../src/groupsFile/plan';
import type { FileRef } from '../../src/ui/port';
import {
  DEMO_CREDENTIALS,
  Sandbox,
  SANDBOX_ORG_ID,
  SECOND_ORG_ID,
  TOKEN_PATH,
  USER_IDS,
  type RecordedRequest,
  type SandboxGroup,
} from '../sandbox/server';
import { holdsFile, reportMismatches, reportRows, type FileEntry, type ReportRow } from '../support/applyReport';
import { demoBasic, type FlowEnv } from '../support/env';
import { flowEnv, useSandbox } from '../support/sandboxTier';

const uatBasic: Credentials = {
  method: 'basic',
  username: DEMO_CREDENTIALS.secondOrg.basic.username,
  passwordMd5: md5Hex(DEMO_CREDENTIALS.secondOrg.basic.password),
};
const demoOAuth: Credentials = {
  method: 'oauth',
  key: DEMO_CREDENTIALS.oauth.key,
  secret: DEMO_CREDENTIALS.oauth.secret,
};
const colleagueAuthorization = basicAuthorization(
  DEMO_CREDENTIALS.colleague.username,
  md5Hex(DEMO_CREDENTIALS.colleague.password),
);
const ME = USER_IDS['demo.till'];

type Row = [name: string, rank: number | null, isActive: boolean];

/** Rank ascending, no rank last, then name ignoring case, then as written, then id: written out here, not taken from src. */
function rankThenName(a: SandboxGroup, b: SandboxGroup): number {
  if (a.rank !== b.rank) return a.rank === null ? 1 : b.rank === null ? -1 : a.rank - b.rank;
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
}

/** A groups file's text as a person would write it: one group a line. */
function fileText(groups: FileEntry[], deactivateMissing?: boolean): string {
  const lines = groups.map(
    (group) =>
      `    { ${Object.entries(group)
        .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
        .join(', ')} }`,
  );
  const tail = deactivateMissing === undefined ? '' : `,\n  "deactivateMissing": ${deactivateMissing}`;
  return `{\n  "groups": [\n${lines.join(',\n')}\n  ]${tail}\n}\n`;
}

describe('Groups files: export, plan, apply and compare, against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let env: FlowEnv;

  const host = () => sandbox.url.replace('http://', '');
  /** How messages name an org (the code's own helper: these tests check that the org is named, not how). */
  const where = (org = SANDBOX_ORG_ID, connection = env.connections.active()) => orgLabel(connection, org);
  const keyOf = (name: string) => `${sandbox.url}|${name}`;
  const colleague = () => colleagueClient(sandbox);

  /** Writes a groups file into the workspace folder. */
  function groupsFile(name: string, groups: FileEntry[], deactivateMissing?: boolean): FileRef {
    const file = path.join(env.files.folder, name);
    fs.writeFileSync(file, fileText(groups, deactivateMissing));
    return { uri: file, label: name };
  }

  const state = (org = SANDBOX_ORG_ID): Row[] =>
    sandbox
      .groups(org)
      .map((g): Row => [g.name, g.rank, g.isActive])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  /** POSTs and PUTs to groups sent by this editor (not a colleague, not the token endpoint), from `since`. */
  const writes = (since = 0) =>
    sandbox.requests
      .slice(since)
      .filter(
        (r) =>
          (r.method === 'POST' || r.method === 'PUT') &&
          r.path !== TOKEN_PATH &&
          r.headers.authorization !== colleagueAuthorization,
      );
  const posts = (since = 0) => writes(since).filter((r) => r.method === 'POST');
  const puts = (since = 0) => writes(since).filter((r) => r.method === 'PUT');
  const putIds = (since = 0) => new Set(puts(since).map((r) => Number(r.path.split('/').pop())));
  /** Creates of `name` that arrived while the name was already held (case-insensitively), by anyone. */
  const sendsAfterTaken = (name: string) =>
    sandbox.requests.filter(
      (r) =>
        r.path.endsWith('/group/create') &&
        r.nameHeldBy !== undefined &&
        (JSON.parse(r.body) as { name: string }).name.toLowerCase() === name.toLowerCase(),
    ).length;
  const lastReport = (): ReportRow[] => reportRows(env.ui.documents.at(-1)!.content);
  const outcomeOf = (name: string) => lastReport().find((row) => row.name === name);
  /** Runs `action` as soon as `seen` holds for a recorded request (polled every few ms). */
  function whenRequested(seen: (requests: RecordedRequest[]) => boolean, action: () => void): { stop(): void } {
    const timer = setInterval(() => {
      if (!seen(sandbox.requests)) return;
      clearInterval(timer);
      action();
    }, 2);
    return { stop: () => clearInterval(timer) };
  }
  /** The next question is answered `answer` only after `meanwhile` ran (a colleague acting while the user reads it). */
  function whileAsked(meanwhile: () => Promise<unknown>, answer: boolean): void {
    const confirm = env.ui.confirm.bind(env.ui);
    env.ui.confirmWith(answer);
    env.ui.confirm = async (text, detail, action) => {
      env.ui.confirm = confirm;
      await meanwhile();
      return confirm(text, detail, action);
    };
  }

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url }), signedIn: true, bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });

  /** Two connections to the sandbox's two orgs, each signed in with its own till. */
  async function signedInToBoth(): Promise<void> {
    env = flowEnv({
      connections: [
        { name: 'Demo', host: sandbox.url },
        { name: 'UAT', host: sandbox.url },
      ],
    });
    await env.credentials.save(keyOf('Demo'), demoBasic);
    await env.credentials.save(keyOf('UAT'), uatBasic);
  }

  describe('Export Groups to File', () => {
    it('writes every group of the org (over several pages), by rank then name, one a line; the file reads back as written', async () => {
      sandbox.seed(1200);
      for (const fields of [
        { name: 'beta', rank: 1 },
        { name: 'Alpha', rank: 1 },
        { name: 'Zed' },
        { name: 'aardvark', isActive: false },
        { name: 'Minus', rank: -5 },
      ]) {
        sandbox.addGroup(fields);
      }
      const file = path.join(env.files.folder, 'demo.capillary-groups.json');
      env.ui.saveAs(file);
      await exportGroups(env.deps);

      const text = fs.readFileSync(file, 'utf8');
      const expected = sandbox.groups().sort(rankThenName);
      assert.equal(expected.length, 1205);
      const lines = expected.map(
        (g, i) =>
          `    { "name": ${JSON.stringify(g.name)}, "rank": ${JSON.stringify(g.rank)}, "isActive": ${g.isActive} }${i < expected.length - 1 ? ',' : ''}`,
      );
      assert.equal(text, ['{', '  "groups": [', ...lines, '  ],', '  "deactivateMissing": false', '}', ''].join('\n'));
      assert.deepEqual(
        expected.slice(0, 3).map((g) => g.name),
        ['Minus', 'Alpha', 'beta'],
      );
      assert.deepEqual(
        expected.slice(-2).map((g) => g.name),
        ['Seed Group 01197', 'Zed'],
        'no rank last, by name',
      );
      const read = readGroupsFile(text);
      assert.ok(read.ok, 'the file reads back without a problem');
      assert.deepEqual(
        read.file.groups.map(({ name, rank, isActive }) => [name, rank, isActive]),
        expected.map((g) => [g.name, g.rank, g.isActive]),
      );
      assert.equal(read.file.deactivateMissing, false);
      assert.deepEqual(
        env.ui.messages.map((m) => [m.level, m.text]),
        [['info', `Exported 1205 groups of ${where()} to demo.capillary-groups.json.`]],
      );
      assert.deepEqual(
        sandbox.requests.map((r) => `${r.method} ${r.path} page=${r.query.page} size=${r.query.size}`),
        ['GET /api_gateway/core/v1/group page=0 size=1000', 'GET /api_gateway/core/v1/group page=1 size=1000'],
        'list reads only, a page of 1000 at a time',
      );
    });

    it('a list whose pages hold fewer groups than the server counts: an error, never a partial file', async () => {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      const paging = {
        first: true,
        last: true,
        number: 0,
        size: 1000,
        numberOfElements: 1,
        totalElements: 3,
        totalPages: 1,
      };
      const [gold] = sandbox.groups();
      sandbox.inject({
        method: 'GET',
        pathIncludes: '/group?',
        status: 200,
        body: JSON.stringify({ groupRoList: [gold], pagingDto: paging }),
        times: 2,
      });
      const file = path.join(env.files.folder, 'partial.capillary-groups.json');
      env.ui.answer(undefined);
      await exportGroups(env.deps);
      assert.equal(fs.existsSync(file), false);
      assert.match(
        env.ui.messages.at(-1)!.text,
        /sent 1 groups while it counts 3\. The org may have changed while it was read, or its paging skipped some; nothing was done with a partial list\. Retry\.$/,
      );
    });

    it('Cancel in the save dialog writes nothing and says nothing', async () => {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      env.ui.saveAs(undefined);
      await exportGroups(env.deps);
      assert.deepEqual(fs.readdirSync(env.files.folder), []);
      assert.deepEqual(env.ui.messages, []);
      assert.ok(!env.logLines.some((line) => line.includes('Exported')));
    });

    it('with two connections, asks which org (Enter takes the active one) and exports that org only', async () => {
      await signedInToBoth();
      sandbox.addGroup({ name: 'Demo Only', rank: 1 });
      sandbox.addGroup({ name: 'UAT Only', rank: 2, org: SECOND_ORG_ID });
      const first = path.join(env.files.folder, 'uat.capillary-groups.json');
      env.ui.choose('UAT').saveAs(first);
      await exportGroups(env.deps);
      assert.deepEqual(env.ui.picks[0], {
        title: 'Export Groups to File: which org?',
        labels: ['Demo', 'UAT'],
        active: 'Demo',
      });
      assert.match(fs.readFileSync(first, 'utf8'), /^ {4}\{ "name": "UAT Only", "rank": 2, "isActive": true \}$/m);
      assert.doesNotMatch(fs.readFileSync(first, 'utf8'), /Demo Only/);
      assert.equal(
        env.ui.messages.at(-1)!.text,
        `Exported 1 group of ${where(SECOND_ORG_ID, env.connections.get('UAT'))} to uat.capillary-groups.json.`,
      );

      await env.connections.setActive('UAT');
      const second = path.join(env.files.folder, 'active.capillary-groups.json');
      env.ui.pressEnterOnPick().saveAs(second);
      await exportGroups(env.deps);
      assert.equal(env.ui.picks[1]!.active, 'UAT', 'the pick opens on the active connection');
      assert.equal(fs.readFileSync(second, 'utf8'), fs.readFileSync(first, 'utf8'));
      assert.deepEqual(
        sandbox.requests.map((r) => [r.method, r.orgId]),
        [
          ['GET', SECOND_ORG_ID],
          ['GET', SECOND_ORG_ID],
        ],
      );
    });
  });

  describe('Plan Groups File', () => {
    it('shows the org written like the file beside the file, and the counts; nothing but list reads is sent', async () => {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      sandbox.addGroup({ name: 'Silver', rank: 2, isActive: false });
      sandbox.addGroup({ name: 'Bronze', rank: 3 });
      sandbox.addGroup({ name: 'Extra', rank: 4 });
      const before = state();
      const file = groupsFile('plan.capillary-groups.json', [
        { name: 'Silver', rank: 2, isActive: true },
        { name: 'gold', rank: 5 },
        { name: 'New', rank: 6 },
        { name: 'Bronze' },
      ]);
      env.files.activeFile = file.uri;
      groupsFile('other.capillary-groups.json', []); // not asked about: the active editor's file is the one
      await planGroupsFile(env.deps);

      const summary = '1 to create, 1 rank change, 1 to activate, 1 unchanged, 1 on the server only';
      assert.equal(env.ui.diffs.length, 1);
      const [diff] = env.ui.diffs;
      assert.deepEqual(diff!.right, { uri: file.uri });
      // A document of its own per plan: a folder named by the plan's time (HH-MM-SS.mmm).
      // One document per file and connection: planned again, the same tab is replaced.
      assert.equal(diff!.left.name, `plan/${host().replace(':', '-')}/plan.capillary-groups.json`);
      // Extra, on the server only, is left out (the plan leaves it alone), and so is "deactivateMissing", which the file does not write.
      assert.equal(
        diff!.left.content,
        fileText([{ name: 'Silver', rank: 2, isActive: false }, { name: 'gold', rank: 1 }, { name: 'Bronze' }]),
      );
      assert.equal(diff!.title, `${where()} ↔ plan.capillary-groups.json · ${summary}`);
      assert.deepEqual(env.ui.messages, [
        {
          level: 'info',
          text:
            `Plan of plan.capillary-groups.json for ${where()}: ${summary}. No reward names the groups that change rank or are deactivated. Nothing was sent but reads. ` +
            "'gold' is 'Gold' in the org: names that differ only in case are the same group, and Apply never renames.",
          actions: ['Apply…'],
        },
      ]);
      assert.deepEqual(env.ui.picks, []);
      assert.ok(sandbox.requests.length > 0);
      // The org's groups, then the brands and the rewards of the group whose rank changes.
      assert.deepEqual(
        sandbox.requests.filter(
          (r) =>
            !(r.method === 'GET' && r.path.endsWith('/group')) &&
            !r.path.endsWith('/brand/getAll') &&
            !(r.method === 'GET' && r.path.includes('/reward/list/brand/')),
        ),
        [],
        'reads only',
      );
      assert.deepEqual(
        sandbox.requests.filter((r) => r.path.includes('/reward/list/brand/')).map((r) => r.query.groupName),
        ['Gold', 'Gold'],
      );
      assert.deepEqual(state(), before);
    });

    it('Apply… on the plan’s message asks, then applies what the plan showed', async () => {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      const file = groupsFile('plan.capillary-groups.json', [
        { name: 'Gold', rank: 2 },
        { name: 'New', rank: 3 },
      ]);
      env.ui.answer('Apply…').confirmWith(true);
      await planGroupsFile(env.deps, file);
      await env.ui.settle();
      assert.equal(env.ui.confirmations[0]!.text, `Apply plan.capillary-groups.json to ${where()}?`);
      assert.deepEqual(state(), [
        ['Gold', 2, true],
        ['New', 3, true],
      ]);
      assert.equal(
        env.ui.messages.at(-1)!.text,
        `plan.capillary-groups.json → ${where()}. Applied: 1 created, 1 updated, 0 unchanged, 0 skipped, 0 failed.`,
      );
    });

    it('a file with problems names the first with its line, counts the others, and sends nothing', async () => {
      const file = path.join(env.files.folder, 'bad.capillary-groups.json');
      fs.writeFileSync(
        file,
        '{\n  "groups": [\n    { "name": "Gold", "rank": 1 },\n    { "name": "Silver", "rank": 1.5 },\n    { "name": "gold" }\n  ]\n}\n',
      );
      env.files.activeFile = file;
      await planGroupsFile(env.deps);
      await applyGroupsFile(env.deps); // no question: the apply stops at the same problem
      const text =
        'bad.capillary-groups.json cannot be used: line 4: "rank" must be a whole number such as 7; 1.5 is not. 1 more problem is in the Problems view. Nothing was sent.';
      assert.deepEqual(
        env.ui.messages.map((m) => [m.level, m.text]),
        [
          ['error', text],
          ['error', text],
        ],
      );
      assert.equal(sandbox.requests.length, 0);
      assert.deepEqual(env.ui.diffs, []);
    });

    it('a file with more problems than the Problems view lists counts them all, and says how many are listed', async () => {
      const file = path.join(env.files.folder, 'many.capillary-groups.json');
      const entries = Array.from({ length: 250 }, (_, i) => `    { "name": "Group ${i}", "rank": 1.5 }`);
      fs.writeFileSync(file, `{\n  "groups": [\n${entries.join(',\n')}\n  ]\n}\n`);
      env.files.activeFile = file;
      await planGroupsFile(env.deps);
      assert.deepEqual(
        env.ui.messages.map((m) => [m.level, m.text]),
        [
          [
            'error',
            'many.capillary-groups.json cannot be used: line 3: "rank" must be a whole number such as 7; 1.5 is not. 249 more problems were found; the Problems view lists the first 100. Nothing was sent.',
          ],
        ],
      );
      assert.equal(sandbox.requests.length, 0);
    });

    it('a file that is not JSON says where it breaks', async () => {
      const file = groupsFile('broken.capillary-groups.json', []);
      fs.writeFileSync(file.uri, '{\n  "groups": [\n    { "name": "Gold" },\n  ]\n}\n');
      await planGroupsFile(env.deps, file);
      assert.match(
        env.ui.messages[0]!.text,
        /^broken\.capillary-groups\.json cannot be used: line 4: Not valid JSON: .+\. Nothing was sent\.$/,
      );
      assert.equal(sandbox.requests.length, 0);
    });

    it('no file open and none in the workspace: says so, sends nothing', async () => {
      fs.writeFileSync(path.join(env.files.folder, 'notes.json'), '{}');
      await planGroupsFile(env.deps);
      await applyGroupsFile(env.deps);
      const text =
        'No groups file is open and the workspace has none (files named *.capillary-groups.json). Export Groups to File… writes one from an org.';
      assert.deepEqual(
        env.ui.messages.map((m) => [m.level, m.text]),
        [
          ['info', text],
          ['info', text],
        ],
      );
      assert.equal(sandbox.requests.length, 0);
    });

    it('several files in the workspace and none open: asks which', async () => {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      groupsFile('a.capillary-groups.json', [{ name: 'Gold', rank: 1 }]);
      const b = groupsFile('b.capillary-groups.json', [{ name: 'Gold', rank: 2 }]);
      env.ui.choose('b.capillary-groups.json');
      await planGroupsFile(env.deps);
      assert.deepEqual(env.ui.picks, [
        {
          title: 'Plan Groups File',
          labels: ['a.capillary-groups.json', 'b.capillary-groups.json'],
          active: 'a.capillary-groups.json',
        },
      ]);
      assert.deepEqual(env.ui.diffs[0]!.right, { uri: b.uri });
      assert.match(env.ui.messages[0]!.text, /^Plan of b\.capillary-groups\.json for .*: 1 rank change, 0 unchanged\./);
      env.ui.escapePick();
      await planGroupsFile(env.deps);
      assert.equal(env.ui.diffs.length, 1, 'Escape plans nothing');
    });
  });

  describe('Apply Groups File', () => {
    /** The org of the main scenario, and a file that needs every kind of change. */
    function scenario(): { file: FileRef; entries: FileEntry[]; before: SandboxGroup[] } {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      sandbox.addGroup({ name: 'Silver', rank: 2, isActive: false });
      sandbox.addGroup({ name: 'Bronze', rank: 3 });
      sandbox.addGroup({ name: 'Legacy', rank: 9 });
      sandbox.addGroup({ name: 'Retired', isActive: false });
      sandbox.addGroup({ name: 'Same', rank: 4 });
      const entries: FileEntry[] = [
        { name: 'Platinum', rank: 0 },
        { name: 'Gold', rank: 2 },
        { name: 'Silver', isActive: true },
        { name: 'Bronze', isActive: false },
        { name: 'Trial', rank: 5, isActive: false },
        { name: 'No Rank' },
        { name: 'Same', rank: 4 },
      ];
      return { file: groupsFile('tiers.capillary-groups.json', entries, true), entries, before: sandbox.groups() };
    }
    const SUMMARY =
      '3 to create (1 inactive), 1 rank change, 1 to activate, 2 to deactivate, 1 unchanged, 1 on the server only';
    const FINAL: Row[] = [
      ['Bronze', 3, false],
      ['Gold', 2, true],
      ['Legacy', 9, false],
      ['No Rank', null, true],
      ['Platinum', 0, true],
      ['Retired', null, false],
      ['Same', 4, true],
      ['Silver', 2, true],
      ['Trial', 5, false],
    ];

    it('No in the question sends nothing and says so in the status bar', async () => {
      const { file } = scenario();
      const before = state();
      env.ui.confirmWith(false);
      await applyGroupsFile(env.deps, file);
      assert.equal(env.ui.confirmations.length, 1);
      assert.equal(env.ui.confirmations[0]!.text, `Apply tiers.capillary-groups.json to ${where()}?`);
      assert.equal(
        env.ui.confirmations[0]!.detail,
        `1 group the file does not list will be deactivated ("deactivateMissing"). ${SUMMARY}: 7 groups change in 8 writes to ${host()} (a group created inactive takes two).` +
          " · Create 'Platinum' (rank 0) · 'Gold': rank 1 → 2 · 'Silver': activate · 'Bronze': deactivate · Create 'Trial' (rank 5), inactive" +
          " · Create 'No Rank' (rank none) · 'Legacy': deactivate (not in the file)",
      );
      assert.equal(env.ui.confirmations[0]!.action, 'Apply');
      assert.deepEqual(env.ui.statuses, [`Nothing was sent to ${host()}.`]);
      assert.deepEqual(writes(), []);
      assert.deepEqual(state(), before);
      assert.deepEqual(env.ui.documents, []);
      assert.deepEqual(env.ui.messages, []);
    });

    it('Apply creates, changes ranks, activates, deactivates (also what the file leaves out), and reports every group', async () => {
      const { file, entries, before } = scenario();
      env.files.unsavedFiles.add(file.uri);
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      // What a reviewer of the file may not expect is said first, before anything is sent; then the counts.
      assert.equal(
        env.ui.confirmations[0]!.detail,
        '1 group the file does not list will be deactivated ("deactivateMissing"). The file has unsaved changes: they are what is applied. ' +
          `${SUMMARY}: 7 groups change in 8 writes to ${host()} (a group created inactive takes two).` +
          " · Create 'Platinum' (rank 0) · 'Gold': rank 1 → 2 · 'Silver': activate · 'Bronze': deactivate · Create 'Trial' (rank 5), inactive" +
          " · Create 'No Rank' (rank none) · 'Legacy': deactivate (not in the file)",
      );
      assert.deepEqual(state(), FINAL);
      assert.equal(posts().length, 3);
      assert.equal(puts().length, 5, '4 updates and the deactivation of a group just created');
      assert.deepEqual(
        posts().map((r) => r.body),
        ['{"name":"Platinum","rank":0}', '{"name":"Trial","rank":5}', '{"name":"No Rank","rank":null}'],
      );
      for (const put of puts()) {
        assert.ok((JSON.parse(put.body) as { name: string }).name, 'the name is always re-sent as stored');
      }
      assert.deepEqual(env.ui.progressTitles.at(-1), `Applying tiers.capillary-groups.json to ${where()}`);
      assert.equal(env.ui.progressReports.at(-1), '7 of 7');

      const [document] = env.ui.documents;
      assert.match(
        document!.name,
        new RegExp(`^apply/127\\.0\\.0\\.1-\\d+-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.md$`),
      );
      assert.match(
        document!.content,
        new RegExp(`^# Apply tiers\\.capillary-groups\\.json to ${where().replace(/[.()]/g, '\\$&')}\n`),
      );
      assert.match(
        document!.content,
        /\*\*3 created, 4 updated, 1 unchanged, 0 skipped, 0 failed, 1 on the server only, left as they are\*\*/,
      );
      const byId = (name: string) => sandbox.groups().find((g) => g.name === name)!.id;
      assert.deepEqual(
        lastReport().map((row) => [row.kind, row.name, row.id, row.detail]),
        [
          ['created', 'Platinum', byId('Platinum'), 'created with rank 0'],
          ['created', 'Trial', byId('Trial'), 'created with rank 5, then deactivated'],
          ['created', 'No Rank', byId('No Rank'), 'created with rank none'],
          ['updated', 'Gold', byId('Gold'), 'rank 1 → 2'],
          ['updated', 'Silver', byId('Silver'), 'activate'],
          ['updated', 'Bronze', byId('Bronze'), 'deactivate'],
          ['updated', 'Legacy', byId('Legacy'), 'deactivate (not in the file)'],
          ['unchanged', 'Same', byId('Same'), 'already as the file says'],
        ],
        'no row for Retired: not in the file, inactive already, so left alone',
      );
      const retired = before.find((g) => g.name === 'Retired')!;
      assert.deepEqual(
        sandbox.groups().find((g) => g.id === retired.id),
        retired,
        'Retired is untouched on the server',
      );
      assert.equal(putIds().has(retired.id), false);
      assert.deepEqual(
        reportMismatches(lastReport(), {
          entries,
          deactivateMissing: true,
          before,
          after: sandbox.groups(),
          me: ME,
          putIds: putIds(),
        }),
        [],
      );
      assert.deepEqual(env.ui.messages, [
        {
          level: 'info',
          text: `tiers.capillary-groups.json → ${where()}. Applied: 3 created, 4 updated, 1 unchanged, 0 skipped, 0 failed, 1 on the server only, left as they are.`,
          actions: ['Show Result'],
        },
      ]);

      // The same file again: nothing to change, and not one write.
      const sent = sandbox.requests.length;
      await applyGroupsFile(env.deps, file);
      assert.equal(
        env.ui.messages.at(-1)!.text,
        `Nothing to change: ${where()} already matches tiers.capillary-groups.json (7 unchanged, 2 on the server only). Nothing was sent.`,
      );
      assert.deepEqual(writes(sent), []);
      assert.equal(env.ui.confirmations.length, 1, 'nothing to confirm');
      assert.equal(env.ui.documents.length, 1);
      assert.deepEqual(state(), FINAL);
    });

    it('capillaryRewards.applyConcurrency 1 and 4 end with the same org; 4 has writes on their way together', async () => {
      const finals: Row[][] = [];
      const spreads: number[] = [];
      for (const concurrency of [1, 4]) {
        sandbox.reset();
        env = flowEnv({ host: sandbox.url, applyConcurrency: concurrency });
        await env.credentials.save(sandbox.url, demoBasic);
        const { file, entries, before } = scenario();
        // Each create answers 150 ms late: one at a time they arrive 150 ms apart, four at a time together.
        sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, delayMs: 150, times: 3 });
        env.ui.confirmWith(true);
        await applyGroupsFile(env.deps, file);
        finals.push(state());
        const arrivals = posts().map((r) => r.at);
        spreads.push(Math.max(...arrivals) - Math.min(...arrivals));
        assert.deepEqual(
          reportMismatches(lastReport(), {
            entries,
            deactivateMissing: true,
            before,
            after: sandbox.groups(),
            me: ME,
            putIds: putIds(),
          }),
          [],
        );
        assert.match(
          env.logLines.find((line) => line.includes('writes, concurrency'))!,
          new RegExp(`8 writes, concurrency ${concurrency}$`),
        );
        env.ui.assertScriptUsed();
      }
      assert.deepEqual(finals[0], FINAL);
      assert.deepEqual(finals[1], FINAL);
      assert.ok(spreads[0]! >= 290, `one at a time: the creates arrived ${spreads[0]} ms apart in all`);
      assert.ok(spreads[1]! < 140, `four at a time: the creates arrived within ${spreads[1]} ms`);
    });

    it('a connection marked production is named in the question', async () => {
      env = flowEnv({ connections: [{ name: 'Prod', host: sandbox.url, production: true }] });
      await env.credentials.save(keyOf('Prod'), demoBasic);
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      const file = groupsFile('prod.capillary-groups.json', [{ name: 'Gold', rank: 2 }]);
      env.ui.confirmWith(false);
      await applyGroupsFile(env.deps, file);
      assert.equal(env.ui.confirmations.length, 1);
      assert.equal(env.ui.confirmations[0]!.text, `Apply prod.capillary-groups.json to ${where()}?`);
      assert.equal(
        env.ui.confirmations[0]!.detail,
        `Prod (${host()}) is marked "production". 1 rank change, 0 unchanged: 1 write to Prod (${host()}). · 'Gold': rank 1 → 2`,
      );
      assert.deepEqual(env.ui.statuses, [`Nothing was sent to Prod (${host()}).`]);
      assert.deepEqual(writes(), []);
      assert.deepEqual(state(), [['Gold', 1, true]]);
    });

    it('the question says its notes first (production, groups deactivateMissing deactivates, unsaved changes), then the counts', async () => {
      env = flowEnv({ connections: [{ name: 'Prod', host: sandbox.url, production: true }] });
      await env.credentials.save(keyOf('Prod'), demoBasic);
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      sandbox.addGroup({ name: 'Legacy A', rank: 8 });
      sandbox.addGroup({ name: 'Legacy B', rank: 9 });
      sandbox.addGroup({ name: 'Retired', isActive: false });
      const file = groupsFile('notes.capillary-groups.json', [{ name: 'Gold', rank: 2 }], true);
      env.files.unsavedFiles.add(file.uri);
      env.ui.confirmWith(false);
      await applyGroupsFile(env.deps, file);
      assert.equal(
        env.ui.confirmations[0]!.detail,
        `Prod (${host()}) is marked "production". ` +
          '2 groups the file does not list will be deactivated ("deactivateMissing"). ' +
          'The file has unsaved changes: they are what is applied. ' +
          `1 rank change, 2 to deactivate, 0 unchanged, 1 on the server only: 3 writes to Prod (${host()}).` +
          " · 'Gold': rank 1 → 2 · 'Legacy A': deactivate (not in the file) · 'Legacy B': deactivate (not in the file)",
      );
      assert.deepEqual(writes(), []);
    });
  });

  describe('the org changes between the plan and the writes', () => {
    it('a group a colleague changed after the plan read it is skipped, saying what changed; nothing is PUT for it', async () => {
      const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
      const silver = sandbox.addGroup({ name: 'Silver', rank: 2 });
      const file = groupsFile('drift.capillary-groups.json', [
        { name: 'Gold', rank: 5 },
        { name: 'Silver', rank: 6 },
      ]);
      const before = sandbox.groups();
      // The plan is read, then, while the user reads the question, a colleague changes Gold.
      whileAsked(() => colleague().update(gold.id, { name: 'Gold', rank: 3, isActive: true }), true);
      env.ui.answer('Plan Again', /Applied with problems/);
      await applyGroupsFile(env.deps, file);
      await env.ui.settle();
      assert.match(
        env.ui.confirmations[0]!.detail,
        /^2 rank changes, 0 unchanged: 2 writes\b/,
        'the plan was read before the change',
      );
      assert.deepEqual(state(), [
        ['Gold', 3, true],
        ['Silver', 6, true],
      ]);
      assert.deepEqual([...putIds()], [silver.id], 'no PUT for the group changed meanwhile');
      assert.deepEqual(outcomeOf('Gold'), {
        kind: 'skipped',
        name: 'Gold',
        id: gold.id,
        detail: 'changed on the server since the plan (rank 1 → 3); nothing was sent',
      });
      assert.equal(outcomeOf('Silver')!.kind, 'updated');
      assert.deepEqual(
        reportMismatches(lastReport(), {
          entries: [
            { name: 'Gold', rank: 5 },
            { name: 'Silver', rank: 6 },
          ],
          before,
          after: sandbox.groups(),
          me: ME,
          putIds: putIds(),
        }),
        [],
      );
      assert.deepEqual(env.ui.messages.at(-2), {
        level: 'warning',
        text: `drift.capillary-groups.json → ${where()}. Applied with problems: 0 created, 1 updated, 0 unchanged, 1 skipped, 0 failed. Plan again to see what remains.`,
        actions: ['Show Result', 'Plan Again'],
      });
      // Plan Again plans the same file again: it shows the colleague's rank against its own.
      assert.equal(env.ui.diffs.length, 1);
      assert.deepEqual(env.ui.diffs[0]!.right, { uri: file.uri });
      assert.match(env.ui.diffs[0]!.left.content, /\{ "name": "Gold", "rank": 3 \}/);
      assert.match(
        env.ui.messages.at(-1)!.text,
        /^Plan of drift\.capillary-groups\.json for .*: 1 rank change, 1 unchanged\./,
      );
    });

    it('a group a colleague renamed or deactivated after the plan is skipped too, naming the change', async () => {
      const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
      const silver = sandbox.addGroup({ name: 'Silver', rank: 2 });
      const file = groupsFile('drift.capillary-groups.json', [
        { name: 'Gold', rank: 5 },
        { name: 'Silver', rank: 6 },
      ]);
      whileAsked(async () => {
        await colleague().update(gold.id, { name: 'Gold Renamed', rank: 1, isActive: true });
        await colleague().update(silver.id, { name: 'Silver', rank: 2, isActive: false });
      }, true);
      await applyGroupsFile(env.deps, file);
      assert.deepEqual(writes(), []);
      assert.deepEqual(
        lastReport().map((row) => [row.kind, row.name, row.detail]),
        [
          ['skipped', 'Gold', "changed on the server since the plan (renamed to 'Gold Renamed'); nothing was sent"],
          ['skipped', 'Silver', 'changed on the server since the plan (deactivated); nothing was sent'],
        ],
      );
      assert.deepEqual(state(), [
        ['Gold Renamed', 1, true],
        ['Silver', 2, false],
      ]);
    });

    it('a colleague deactivating a group right after the apply’s PUT took effect: reported changed by someone else meanwhile, not updated', async () => {
      const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
      const entries: FileEntry[] = [{ name: 'Gold', rank: 5 }];
      const file = groupsFile('after.capillary-groups.json', entries);
      const before = sandbox.groups();
      const theirs = sandbox.whenNext({ method: 'PUT', pathIncludes: `/group/${gold.id}`, when: 'after' }, () =>
        colleague().update(gold.id, { name: 'Gold', rank: 5, isActive: false }),
      );
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      await theirs;
      assert.deepEqual(state(), [['Gold', 5, false]]);
      assert.deepEqual(outcomeOf('Gold'), {
        kind: 'changed meanwhile',
        name: 'Gold',
        id: gold.id,
        detail: `rank 1 → 5, but changed by someone else meanwhile: now 'Gold', rank 5, inactive, last changed by user ${USER_IDS['colleague.till']}; plan again`,
      });
      assert.deepEqual(
        reportMismatches(lastReport(), { entries, before, after: sandbox.groups(), me: ME, putIds: putIds() }),
        [],
      );
      assert.match(
        env.ui.messages.at(-1)!.text,
        /Applied with problems: 0 created, 0 updated, 0 unchanged, 0 skipped, 0 failed, 1 changed by someone else meanwhile\. Plan again/,
      );
    });

    it('a colleague renaming a group between the apply’s re-read and its PUT: the PUT re-sends the name read, and no answer shows the rename (no conditional PUT)', async () => {
      const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
      const entries: FileEntry[] = [{ name: 'Gold', rank: 5 }];
      const file = groupsFile('between.capillary-groups.json', entries);
      const before = sandbox.groups();
      const theirs = sandbox.whenNext({ method: 'PUT', pathIncludes: `/group/${gold.id}`, when: 'before' }, () =>
        colleague().update(gold.id, { name: 'Gold Renamed', rank: 1, isActive: true }),
      );
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      assert.equal((await theirs).name, 'Gold Renamed', 'the colleague’s rename landed before the PUT');
      // The limit the docs state: the PUT overwrote the rename, and what the server shows afterwards is this apply's write only.
      assert.deepEqual(state(), [['Gold', 5, true]]);
      assert.equal(sandbox.groups()[0]!.lastUpdatedBy, ME);
      assert.equal(outcomeOf('Gold')!.kind, 'updated');
      assert.deepEqual(
        reportMismatches(lastReport(), { entries, before, after: sandbox.groups(), me: ME, putIds: putIds() }),
        [],
      );
      assert.equal(puts().length, 1);
      assert.equal(
        sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/group/${gold.id}`)).length,
        2,
        're-read before the PUT, read back after it',
      );
    });

    it('a name a colleague created after the plan is not created again: the create is skipped, naming their group', async () => {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      const entries: FileEntry[] = [
        { name: 'Platinum', rank: 0 },
        { name: 'Gold', rank: 1 },
        { name: 'Diamond', rank: -1 },
      ];
      const file = groupsFile('race.capillary-groups.json', entries);
      const before = sandbox.groups();
      let theirs: { id: number } | undefined;
      whileAsked(async () => {
        theirs = await colleague().create({ name: 'platinum', rank: 9 });
      }, true);
      await applyGroupsFile(env.deps, file);
      assert.match(env.ui.confirmations[0]!.detail, /^2 to create, 1 unchanged: 2 writes\b/);
      assert.deepEqual(state(), [
        ['Diamond', -1, true],
        ['Gold', 1, true],
        ['platinum', 9, true],
      ]);
      assert.deepEqual(outcomeOf('Platinum'), {
        kind: 'skipped',
        name: 'Platinum',
        id: theirs!.id,
        detail: `a group of this name (#${theirs!.id}) was created on the server since the plan (by user ${USER_IDS['colleague.till']}); it was left as it is`,
      });
      assert.equal(outcomeOf('Diamond')!.kind, 'created');
      assert.equal(sendsAfterTaken('Platinum'), 1, 'one create met their name: the plan could not have known it');
      assert.equal(posts().filter((r) => r.body.includes('Platinum')).length, 1, 'never sent again');
      assert.deepEqual(reportMismatches(lastReport(), { entries, before, after: sandbox.groups(), me: ME }), []);
      assert.match(
        env.ui.messages.at(-1)!.text,
        /Applied with problems: 1 created, 0 updated, 1 unchanged, 1 skipped, 0 failed\./,
      );
    });

    it('a colleague creating the name while my create is on its way (its answer late): mine was stored first, theirs refused; one group', async () => {
      const entries: FileEntry[] = [{ name: 'Ruby', rank: 3 }];
      const file = groupsFile('race.capillary-groups.json', entries);
      // My create is stored on arrival and answered 300 ms later; meanwhile the colleague sends theirs.
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', status: 200, delayMs: 300, passThrough: true });
      let theirs: Promise<unknown> = Promise.resolve();
      const watch = whenRequested(
        (requests) => requests.some((r) => r.method === 'POST'),
        () => {
          theirs = colleague()
            .create({ name: 'RUBY', rank: 3 })
            .catch((error: unknown) => error);
        },
      );
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      watch.stop();
      assert.match(String(await theirs), /unique/, 'the colleague was refused');
      const rubies = sandbox.groups();
      assert.equal(rubies.length, 1);
      assert.equal(rubies[0]!.createdBy, ME);
      assert.deepEqual(outcomeOf('Ruby'), {
        kind: 'created',
        name: 'Ruby',
        id: rubies[0]!.id,
        detail: 'created with rank 3',
      });
      assert.deepEqual(reportMismatches(lastReport(), { entries, before: [], after: sandbox.groups(), me: ME }), []);
    });
  });

  describe('faults during an apply', () => {
    const creates = (count: number, from = 1): FileEntry[] =>
      Array.from({ length: count }, (_, i) => ({ name: `Net ${from + i}`, rank: from + i }));

    it('a 429 storm from the rate limit: every write is applied once, each retry waits the Retry-After asked', async () => {
      // A server clock that moves 19.8 s per request: three requests a minute fill the window, and
      // the fourth is refused with Retry-After: 1 (the oldest leaves in 0.6 s), again and again.
      let clock = Date.now();
      const limited = await Sandbox.start({ now: () => (clock += 19_800), rateLimitPerMinute: 3 });
      try {
        env = flowEnv({ host: limited.url });
        await env.credentials.save(limited.url, demoBasic);
        for (let i = 1; i <= 4; i++) limited.addGroup({ name: `Old ${i}`, rank: i });
        const entries: FileEntry[] = [
          ...[1, 2, 3, 4].map((i) => ({ name: `Old ${i}`, rank: 10 + i })),
          ...creates(3),
          { name: 'Net 4', rank: 4, isActive: false },
        ];
        const before = limited.groups();
        const file = groupsFile('storm.capillary-groups.json', entries);
        env.ui.confirmWith(true);
        const started = Date.now();
        await applyGroupsFile(env.deps, file);
        const refused = limited.requests.filter((r) => r.status === 429);
        assert.ok(refused.length >= 3, `${refused.length} requests refused with 429`);
        assert.deepEqual(holdsFile(limited.groups(), entries), []);
        assert.equal(limited.groups().length, 8, 'each create stored once');
        assert.equal(
          limited.requests.filter((r) => r.path.endsWith('/group/create') && r.nameHeldBy !== undefined).length,
          0,
          'no create sent for a name already held',
        );
        const rows = reportRows(env.ui.documents[0]!.content);
        assert.deepEqual(reportMismatches(rows, { entries, before, after: limited.groups(), me: ME }), []);
        assert.deepEqual(
          rows.map((row) => row.kind),
          ['created', 'created', 'created', 'created', 'updated', 'updated', 'updated', 'updated'],
        );
        // Each refused request is sent again only once its Retry-After has passed.
        for (const r of refused) {
          const again = limited.requests.find(
            (next) =>
              next.at >= r.at &&
              next !== r &&
              next.method === r.method &&
              next.path === r.path &&
              next.body === r.body &&
              next.status !== 429,
          );
          assert.ok(again, `${r.method} ${r.path} was sent again`);
          assert.ok(again.at - r.at >= 990, `${r.method} ${r.path} sent again ${again.at - r.at} ms after its 429`);
        }
        assert.match(
          env.ui.messages.at(-1)!.text,
          /Applied: 4 created, 4 updated, 0 unchanged, 0 skipped, 0 failed\.$/,
        );
        // Each wait is said in the progress, after the count it stopped at.
        const waits = env.ui.progressReports.filter((report) => report.includes('waiting'));
        assert.ok(waits.length >= 1, env.ui.progressReports.join(' | '));
        for (const wait of waits) {
          assert.match(
            wait,
            /^[0-8] of 8 · waiting 1 s: the cluster limits how fast it is sent to \(429\); asks after 5 min of waiting in all$/,
          );
        }
        assert.ok(Date.now() - started < 15_000);
      } finally {
        await limited.close();
      }
    });

    it('a 429 on a write: the progress says how long it waits and why, after the count it reached; then the write goes again', async () => {
      const entries = creates(3);
      const file = groupsFile('wait.capillary-groups.json', entries);
      env.settings.values.applyConcurrency = 1;
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true });
      sandbox.inject({
        method: 'POST',
        pathIncludes: '/group/create',
        status: 429,
        body: '{"status":{"success":false,"code":429,"message":"Too many requests"}}',
        headers: { 'Retry-After': '1' },
      });
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      assert.deepEqual(env.ui.progressReports, [
        '0 of 0', // the read of the (empty) org
        '0 of 3', // the apply starts
        '1 of 3',
        '1 of 3 · waiting 1 s: the cluster limits how fast it is sent to (429); asks after 5 min of waiting in all',
        '2 of 3',
        '3 of 3',
      ]);
      const sent = posts();
      assert.deepEqual(
        sent.map((r) => [(JSON.parse(r.body) as { name: string }).name, r.status]),
        [
          ['Net 1', 200],
          ['Net 2', 429],
          ['Net 2', 200],
          ['Net 3', 200],
        ],
      );
      assert.ok(sent[2]!.at - sent[1]!.at >= 990, `sent again ${sent[2]!.at - sent[1]!.at} ms after its 429`);
      assert.deepEqual(holdsFile(sandbox.groups(), entries), []);
      assert.deepEqual(reportMismatches(lastReport(), { entries, before: [], after: sandbox.groups(), me: ME }), []);
      assert.match(env.ui.messages.at(-1)!.text, /Applied: 3 created, 0 updated, 0 unchanged, 0 skipped, 0 failed\.$/);
    });

    const tooMany = (retryAfter: string, times: number, extra: object = {}) =>
      sandbox.inject({
        method: 'POST',
        pathIncludes: '/group/create',
        status: 429,
        body: '{"status":{"success":false,"code":429,"message":"Too many requests"}}',
        headers: { 'Retry-After': retryAfter },
        times,
        ...extra,
      });

    for (const [retryAfter, floorSeconds] of [
      ['0', 1],
      ['-5', 1],
      ['1.5', 1],
      ['soon', 2],
    ] as const) {
      it(`Retry-After: ${retryAfter} under a 429 storm: each resend waits ${floorSeconds} s at least, so 2 s of waiting allow ${1 + 2 / floorSeconds} sends; then the user is asked`, async () => {
        env.deps.rateLimitWait = { seconds: 2, extendSeconds: 60 };
        env.settings.values.applyConcurrency = 1;
        const entries = creates(2);
        const file = groupsFile('floor.capillary-groups.json', entries);
        tooMany(retryAfter, 1000);
        env.ui.confirmWith(true);
        env.ui.askWith('Stop');
        await applyGroupsFile(env.deps, file);
        assert.equal(posts().length, 1 + 2 / floorSeconds, 'sends within the 2 s of waiting');
        assert.equal(env.ui.confirmations.length, 2);
        assert.equal(
          env.ui.confirmations[1]!.text,
          `Capillary is still rate-limiting ${host()}: this apply has waited 2 s for it (HTTP 429).`,
        );
        assert.equal(env.ui.confirmations[1]!.action, 'Keep Waiting 1 More Minute / Stop');
        assert.match(
          env.ui.progressReports.find((report) => report.includes('waiting'))!,
          new RegExp(
            `^0 of 2 · waiting ${floorSeconds} s: the cluster limits how fast it is sent to \\(429\\); asks after 2 s of waiting in all$`,
          ),
        );
        assert.deepEqual(state(), []);
      });
    }

    it('the wait for the rate limit runs out and the user chooses Stop: the writes left are not sent, counted exactly; a new plan shows them', async () => {
      env.deps.rateLimitWait = { seconds: 2, extendSeconds: 60 };
      env.settings.values.applyConcurrency = 2;
      const entries = creates(5);
      const file = groupsFile('stop.capillary-groups.json', entries);
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, times: 2 });
      tooMany('1', 1000);
      env.ui.confirmWith(true);
      env.ui.askWith('Stop');
      await applyGroupsFile(env.deps, file);
      assert.equal(env.ui.confirmations.length, 2, 'asked once');
      assert.match(
        env.ui.confirmations[1]!.detail,
        /^2 of 5 groups are done\. Stop leaves the other 3 not sent; a new plan shows them\.$/,
      );
      const rows = lastReport();
      assert.deepEqual(
        rows.map((row) => [row.kind, row.name]),
        [
          ['not sent', 'Net 3'],
          ['not sent', 'Net 4'],
          ['not sent', 'Net 5'],
          ['created', 'Net 1'],
          ['created', 'Net 2'],
        ],
      );
      for (const row of rows.filter((r) => r.kind === 'not sent')) {
        assert.match(
          row.detail,
          /^not sent: 127\.0\.0\.1:\d+ was still rate-limiting \(HTTP 429\) when the apply stopped waiting, after \d s of waiting$/,
        );
      }
      assert.deepEqual(reportMismatches(rows, { entries, before: [], after: sandbox.groups(), me: ME }), []);
      assert.match(
        env.ui.messages.at(-1)!.text,
        /Stopped waiting for the rate limit: 2 created, 0 updated, 0 unchanged, 0 skipped, 0 failed, 3 not sent\. Plan again to see what remains\.$/,
      );
      await planGroupsFile(env.deps, file);
      assert.match(env.ui.messages.at(-1)!.text, /: 3 to create, 2 unchanged\./);
    });

    it('the wait for the rate limit runs out and the user chooses Keep Waiting: the apply waits on and every write is applied', async () => {
      env.deps.rateLimitWait = { seconds: 2, extendSeconds: 2 };
      env.settings.values.applyConcurrency = 1;
      const entries = creates(2);
      const file = groupsFile('keep.capillary-groups.json', entries);
      tooMany('1', 3);
      env.ui.confirmWith(true);
      env.ui.askWith('Keep Waiting 2 More Seconds');
      await applyGroupsFile(env.deps, file);
      assert.equal(env.ui.confirmations.length, 2, 'asked once');
      assert.deepEqual(
        posts().map((r) => [(JSON.parse(r.body) as { name: string }).name, r.status]),
        [
          ['Net 1', 429],
          ['Net 1', 429],
          ['Net 1', 429],
          ['Net 1', 200],
          ['Net 2', 200],
        ],
      );
      assert.deepEqual(holdsFile(sandbox.groups(), entries), []);
      assert.match(env.ui.messages.at(-1)!.text, /Applied: 2 created, 0 updated, 0 unchanged, 0 skipped, 0 failed\.$/);
    });

    it('the network lost half-way: what was created exists, the create whose fate is unknown says so, the rest is not sent; a new plan shows what remains', async () => {
      const kept = sandbox.addGroup({ name: 'Kept', rank: 1 });
      const entries: FileEntry[] = [...creates(6), { name: 'Kept', rank: 2 }];
      const file = groupsFile('net.capillary-groups.json', entries);
      const before = sandbox.groups();
      env.settings.values.applyConcurrency = 1;
      // Two creates go through; the third is reset, and so is every look-up of its name afterwards.
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, times: 2 });
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', status: 200, destroySocket: true });
      sandbox.inject({ method: 'GET', pathIncludes: 'name=', status: 200, destroySocket: true, times: 3 });
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);

      assert.deepEqual(
        lastReport().map((row) => [row.kind, row.name]),
        [
          ['failed', 'Net 3'],
          ['not sent', 'Net 4'],
          ['not sent', 'Net 5'],
          ['not sent', 'Net 6'],
          ['not sent', 'Kept'],
          ['created', 'Net 1'],
          ['created', 'Net 2'],
        ],
      );
      assert.match(outcomeOf('Net 3')!.detail, /whether it was created is unknown; plan again to see/);
      assert.match(
        outcomeOf('Net 4')!.detail,
        /^not sent: the apply stopped after a failure \(.*127\.0\.0\.1:\d+.*\)$/,
      );
      assert.deepEqual(state(), [
        ['Kept', 1, true],
        ['Net 1', 1, true],
        ['Net 2', 2, true],
      ]);
      assert.equal(posts().length, 3, 'nothing sent after the network was lost');
      assert.deepEqual(
        reportMismatches(lastReport(), { entries, before, after: sandbox.groups(), me: ME, putIds: putIds() }),
        [],
      );
      assert.equal(env.ui.messages.at(-1)!.level, 'warning');
      assert.match(
        env.ui.messages.at(-1)!.text,
        /Applied with problems: 2 created, 0 updated, 0 unchanged, 0 skipped, 1 failed, 4 not sent\. Plan again to see what remains\.$/,
      );
      assert.deepEqual(env.ui.messages.at(-1)!.actions, ['Show Result', 'Plan Again']);

      // The network is back: the plan shows exactly what the report says is left.
      await planGroupsFile(env.deps, file);
      assert.match(
        env.ui.messages.at(-1)!.text,
        /: 4 to create, 1 rank change, 2 unchanged\. No reward names the groups that change rank or are deactivated\. Nothing was sent but reads\.$/,
      );
      const read = readGroupsFile(fs.readFileSync(file.uri, 'utf8'));
      assert.ok(read.ok);
      const remaining = planGroups(read.file, sandbox.groups()).steps.filter(
        (step) => step.kind === 'create' || step.kind === 'update',
      );
      assert.deepEqual(
        remaining.map((step) => (step.kind === 'create' ? step.entry.name : step.group.name)),
        ['Net 3', 'Net 4', 'Net 5', 'Net 6', 'Kept'],
      );
      assert.equal(sandbox.groups().find((g) => g.id === kept.id)!.lastUpdatedOn, kept.lastUpdatedOn);
    });

    it('a reset on one create (the network blinks): looked up, reported as most likely not created, and the others go on', async () => {
      const entries = creates(4);
      const file = groupsFile('blink.capillary-groups.json', entries);
      env.settings.values.applyConcurrency = 1;
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, times: 2 });
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', status: 200, destroySocket: true });
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      assert.match(
        outcomeOf('Net 3')!.detail,
        /no group of this name was found afterwards: it was most likely not created; plan again/,
      );
      assert.deepEqual(
        state().map((row) => row[0]),
        ['Net 1', 'Net 2', 'Net 4'],
      );
      assert.deepEqual(reportMismatches(lastReport(), { entries, before: [], after: sandbox.groups(), me: ME }), []);
    });

    it('credentials refused on the first write: it failed with the reason, the rest is not sent, nothing else changed', async () => {
      const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
      const entries: FileEntry[] = [...creates(2), { name: 'Gold', rank: 2 }];
      const file = groupsFile('refused.capillary-groups.json', entries);
      env.settings.values.applyConcurrency = 1;
      sandbox.inject({
        method: 'POST',
        pathIncludes: '/group/create',
        status: 401,
        body: '{"status":{"success":false,"code":401,"message":"Invalid credentials"}}',
      });
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      assert.deepEqual(
        lastReport().map((row) => [row.kind, row.name]),
        [
          ['failed', 'Net 1'],
          ['not sent', 'Net 2'],
          ['not sent', 'Gold'],
        ],
      );
      assert.match(
        outcomeOf('Net 1')!.detail,
        /^127\.0\.0\.1:\d+ refused to create the group 'Net 1': the credentials were rejected \(HTTP 401\)\. Sign in again\./,
      );
      assert.deepEqual(state(), [['Gold', 1, true]]);
      assert.equal(writes().length, 1);
      assert.equal(sandbox.groups()[0]!.lastUpdatedOn, gold.lastUpdatedOn);
      assert.deepEqual(
        reportMismatches(lastReport(), { entries, before: [gold], after: sandbox.groups(), me: ME, putIds: putIds() }),
        [],
      );
    });

    for (const concurrency of [1, 4]) {
      it(`Cancel half-way (concurrency ${concurrency}): the outcomes are what the org holds, and a new plan shows what remains`, async () => {
        const entries = creates(6);
        const file = groupsFile('cancel.capillary-groups.json', entries);
        env.settings.values.applyConcurrency = concurrency;
        // Slow enough for Cancel to meet creates on their way when four go at once.
        sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, delayMs: 100, times: 6 });
        env.ui.cancelWhenReported('2 of 6');
        env.ui.confirmWith(true);
        await applyGroupsFile(env.deps, file);
        const rows = lastReport();
        assert.deepEqual(reportMismatches(rows, { entries, before: [], after: sandbox.groups(), me: ME }), []);
        const created = rows.filter((row) => row.kind === 'created').map((row) => row.name);
        assert.deepEqual(
          state()
            .map((row) => row[0])
            .sort(),
          [...created].sort(),
          'exactly the groups reported created exist',
        );
        if (concurrency === 1) {
          assert.deepEqual(created, ['Net 1', 'Net 2']);
          assert.deepEqual(
            rows.filter((row) => row.kind === 'not sent').map((row) => [row.name, row.detail]),
            ['Net 3', 'Net 4', 'Net 5', 'Net 6'].map((name) => [name, 'not sent: the apply was cancelled']),
          );
          assert.equal(posts().length, 2);
        }
        assert.match(env.ui.documents[0]!.content, / Cancelled\.\n/);
        const last = env.ui.messages.at(-1)!;
        assert.equal(last.level, 'warning');
        assert.match(
          last.text,
          new RegExp(
            `^cancel\\.capillary-groups\\.json → .*\\. Cancelled: ${created.length} created, .*\\. Plan again to see what remains\\.$`,
          ),
        );
        assert.deepEqual(last.actions, ['Show Result', 'Plan Again']);

        await planGroupsFile(env.deps, file);
        assert.match(
          env.ui.messages.at(-1)!.text,
          new RegExp(`: ${6 - created.length} to create, ${created.length} unchanged\\.`),
        );
        for (const name of created) assert.equal(sendsAfterTaken(name), 0);
      });
    }

    it('Plan Again after a cancel plans the same file against the same connection, not the active one', async () => {
      await signedInToBoth();
      env.settings.values.applyConcurrency = 1;
      const entries = creates(6);
      const file = groupsFile('cancel.capillary-groups.json', entries);
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, delayMs: 50, times: 6 });
      env.ui.cancelWhenReported('2 of 6');
      env.ui.confirmWith(true);
      env.ui.answer('Plan Again', /Cancelled/);
      await applyGroupsFile(env.deps, file, 'UAT');
      await env.ui.settle();
      const uatOrg = where(SECOND_ORG_ID, env.connections.get('UAT'));
      assert.equal(env.connections.active().name(), 'Demo');
      assert.deepEqual(
        env.ui.messages.map((m) => [m.level, m.actions]),
        [
          ['warning', ['Show Result', 'Plan Again']],
          ['info', ['Apply…']],
        ],
      );
      assert.equal(env.ui.diffs.length, 1);
      assert.equal(env.ui.diffs[0]!.left.name, 'plan/UAT/cancel.capillary-groups.json');
      assert.deepEqual(env.ui.diffs[0]!.right, { uri: file.uri });
      assert.equal(
        env.ui.messages[1]!.text,
        `Plan of cancel.capillary-groups.json for ${uatOrg}: 4 to create, 2 unchanged. Nothing was sent but list reads.`,
      );
      assert.deepEqual(
        sandbox.requests.filter((r) => r.orgId === SANDBOX_ORG_ID),
        [],
        'the active connection’s org is not even read',
      );
    });

    it('an OAuth token expiring mid-apply: every write applied, with one new token', async () => {
      env = flowEnv({ host: sandbox.url, authMethod: 'oauth', applyConcurrency: 1 });
      await env.credentials.save(sandbox.url, demoOAuth);
      sandbox.addGroup({ name: 'Kept', rank: 1 });
      const entries: FileEntry[] = [...creates(4), { name: 'Kept', rank: 7 }];
      const file = groupsFile('token.capillary-groups.json', entries);
      // The second create answers late; meanwhile every token expires.
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true });
      sandbox.inject({ method: 'POST', pathIncludes: '/group/create', passThrough: true, delayMs: 200 });
      const watch = whenRequested(
        (requests) => requests.filter((r) => r.path.endsWith('/group/create')).length === 2,
        () => sandbox.expireTokens(),
      );
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      watch.stop();
      assert.equal(sandbox.requests.filter((r) => r.status === 498).length, 1, 'the next write met the expired token');
      assert.equal(sandbox.tokensIssued, 2, 'one token to start, one after it expired');
      assert.deepEqual(holdsFile(sandbox.groups(), entries), []);
      assert.equal(sandbox.groups().length, 5);
      assert.match(env.ui.messages.at(-1)!.text, /Applied: 4 created, 1 updated, 0 unchanged, 0 skipped, 0 failed\.$/);
    });

    it('a create whose answer is lost after it was stored: found by name, reported created, never sent twice', async () => {
      const entries: FileEntry[] = [{ name: 'Lost Answer', rank: 4, isActive: false }, ...creates(2)];
      const file = groupsFile('lost.capillary-groups.json', entries);
      sandbox.inject({
        method: 'POST',
        pathIncludes: '/group/create',
        status: 200,
        afterHandling: true,
        destroySocket: true,
      });
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      assert.deepEqual(state(), [
        ['Lost Answer', 4, false],
        ['Net 1', 1, true],
        ['Net 2', 2, true],
      ]);
      assert.equal(posts().length, 3);
      assert.equal(sendsAfterTaken('Lost Answer'), 0);
      assert.deepEqual(outcomeOf('Lost Answer'), {
        kind: 'created',
        name: 'Lost Answer',
        id: sandbox.groups().find((g) => g.name === 'Lost Answer')!.id,
        detail: 'created with rank 4, then deactivated (the answer was lost; found by name afterwards)',
      });
      assert.deepEqual(reportMismatches(lastReport(), { entries, before: [], after: sandbox.groups(), me: ME }), []);
      assert.match(env.ui.messages.at(-1)!.text, /Applied: 3 created, 0 updated, 0 unchanged, 0 skipped, 0 failed\.$/);
    });

    it('an update whose answer is lost after it was stored: read back, reported updated', async () => {
      const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
      const entries: FileEntry[] = [{ name: 'Gold', rank: 2 }];
      const file = groupsFile('lost.capillary-groups.json', entries);
      sandbox.inject({
        method: 'PUT',
        pathIncludes: `/group/${gold.id}`,
        status: 200,
        afterHandling: true,
        destroySocket: true,
      });
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      assert.deepEqual(state(), [['Gold', 2, true]]);
      assert.equal(puts().length, 1);
      // No answer of this window has said which user this account is: the writer is named, to be checked.
      const writer = sandbox.groups().find((g) => g.name === 'Gold')!.lastUpdatedBy;
      assert.deepEqual(outcomeOf('Gold'), {
        kind: 'updated',
        name: 'Gold',
        id: gold.id,
        detail: `rank 1 → 2 (the answer was lost; read back, it holds the change, written by user ${writer}: this account's user id is not known yet, so check that user ${writer} is you)`,
      });
    });

    it('an update whose answer is lost after an answered write: read back, reported updated without a doubt', async () => {
      const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
      const file = groupsFile('lost-later.capillary-groups.json', [
        { name: 'Bronze', rank: 9 },
        { name: 'Gold', rank: 2 },
      ]);
      sandbox.inject({
        method: 'PUT',
        pathIncludes: `/group/${gold.id}`,
        status: 200,
        afterHandling: true,
        destroySocket: true,
      });
      env.settings.values.applyConcurrency = 1;
      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, file);
      assert.deepEqual(outcomeOf('Gold'), {
        kind: 'updated',
        name: 'Gold',
        id: gold.id,
        detail: 'rank 1 → 2 (the answer was lost; read back afterwards)',
      });
      assert.equal(outcomeOf('Bronze')!.kind, 'created');
    });
  });

  describe('Copy CI Command', () => {
    /** Runs it as the CodeLens does (the file's URI and the connection's id), or from the palette, and says nothing was sent or read. */
    async function copied(file?: FileRef, connectionId?: string): Promise<{ line: string; message: string }> {
      const secretReads = env.secrets.reads;
      if (file) await copyCiCommand(env.deps, file, connectionId);
      else await copyCiCommand(env.deps);
      assert.equal(sandbox.requests.length, 0, 'nothing is sent');
      assert.equal(env.secrets.reads, secretReads, 'no credential is read');
      assert.equal(env.ui.messages.length, 1, env.ui.messages.map((m) => m.text).join('\n'));
      const { level, text } = env.ui.messages[0]!;
      assert.equal(level, 'info');
      for (const secret of [DEMO_CREDENTIALS.basic.password, DEMO_CREDENTIALS.oauth.secret, demoBasic.passwordMd5]) {
        assert.ok(!env.ui.clipboard.includes(secret) && !text.includes(secret), 'no secret copied or shown');
      }
      return { line: env.ui.clipboard, message: text };
    }
    const writeConnections = (items: unknown) =>
      fs.writeFileSync(path.join(env.files.folder, 'capillary-connections.json'), JSON.stringify(items, null, 2));

    it('the single-host connection: its cluster, and the variables without a name', async () => {
      const file = groupsFile('team.capillary-groups.json', [{ name: 'Gold', rank: 1 }]);
      assert.deepEqual(await copied(file, ''), {
        line: `npx --no-install capillary-groups plan team.capillary-groups.json --host ${sandbox.url}`,
        message: `Copied the command line that plans team.capillary-groups.json against ${host()}. The pipeline must set CAPILLARY_TILL and CAPILLARY_PASSWORD (as secrets).`,
      });
    });

    it('a named connection the folder’s capillary-connections.json lists on the same cluster: --connection, and its variables', async () => {
      env = flowEnv({ connections: [{ name: 'UAT eu', host: sandbox.url }] });
      fs.mkdirSync(path.join(env.files.folder, 'groups'));
      const file = groupsFile('groups/Team A.capillary-groups.json', [{ name: 'Gold', rank: 1 }]);
      // The same cluster written otherwise (a trailing slash) is the same cluster.
      writeConnections([
        { name: 'Production', host: 'https://eu.api.capillarytech.com', production: true },
        { name: 'UAT eu', host: `${sandbox.url}/` },
      ]);
      assert.deepEqual(await copied(file, 'UAT eu'), {
        line: "npx --no-install capillary-groups plan 'groups/Team A.capillary-groups.json' --connection 'UAT eu'",
        message:
          'Copied the command line that plans Team A.capillary-groups.json against UAT eu. The pipeline must set CAPILLARY_TILL_UAT_EU and CAPILLARY_PASSWORD_UAT_EU (as secrets).',
      });
    });

    it('a named connection the file does not list, or lists on another cluster, or a file that is not JSON: the cluster written out', async () => {
      env = flowEnv({ connections: [{ name: 'UAT', host: sandbox.url, authMethod: 'oauth' }] });
      const file = groupsFile('team.capillary-groups.json', [{ name: 'Gold', rank: 1 }]);
      const expected = {
        line: `npx --no-install capillary-groups plan team.capillary-groups.json --host ${sandbox.url} --auth oauth`,
        message:
          'Copied the command line that plans team.capillary-groups.json against UAT. The pipeline must set CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET (as secrets).',
      };
      for (const write of [
        () => undefined,
        () => writeConnections([{ name: 'UAT', host: 'https://eu.api.capillarytech.com', authMethod: 'oauth' }]),
        () => fs.writeFileSync(path.join(env.files.folder, 'capillary-connections.json'), '[{ "name": "UAT", '),
      ]) {
        write();
        env.ui.messages.length = 0;
        assert.deepEqual(await copied(file, 'UAT'), expected);
      }
    });

    it('OAuth with its own prefix, from the palette on the active editor’s file outside the folder: its absolute path, --api-prefix and --auth oauth', async () => {
      env = flowEnv({ host: sandbox.url, authMethod: 'oauth', apiPrefix: '/v2/loyalty/' });
      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'ci command '));
      const file = path.join(elsewhere, 'team.capillary-groups.json');
      fs.writeFileSync(file, fileText([{ name: 'Gold', rank: 1 }]));
      env.files.activeFile = file;
      env.files.unsavedFiles.add(file);
      assert.deepEqual(await copied(), {
        line: `npx --no-install capillary-groups plan '${file}' --host ${sandbox.url} --api-prefix /v2/loyalty --auth oauth`,
        message: `Copied the command line that plans team.capillary-groups.json against ${host()}. The pipeline must set CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET (as secrets). It plans the file as saved: save your changes before you commit it.`,
      });
    });
  });

  describe('Compare Groups Between Connections', () => {
    it('shows both orgs as groups files, saves the difference, and that file applied to the second leaves no difference', async () => {
      await signedInToBoth();
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      sandbox.addGroup({ name: 'Silver', rank: 2, isActive: false });
      sandbox.addGroup({ name: 'Bronze', rank: 3 });
      sandbox.addGroup({ name: 'Shared', rank: 4 });
      sandbox.addGroup({ name: 'gold', rank: 1, org: SECOND_ORG_ID });
      sandbox.addGroup({ name: 'Silver', rank: 2, org: SECOND_ORG_ID });
      sandbox.addGroup({ name: 'Shared', rank: 9, org: SECOND_ORG_ID });
      sandbox.addGroup({ name: 'UAT Only', rank: 5, org: SECOND_ORG_ID });
      const demoBefore = sandbox.groups(SANDBOX_ORG_ID);
      const saved = path.join(env.files.folder, 'difference.capillary-groups.json');
      env.ui.choose('Demo').choose('UAT').answer('Save Difference as Groups File…').saveAs(saved);
      await compareConnections(env.deps);
      await env.ui.settle();

      const demo = `Demo (${host()})`;
      const uat = `UAT (${host()})`;
      const demoOrg = where(SANDBOX_ORG_ID, env.connections.get('Demo'));
      const uatOrg = where(SECOND_ORG_ID, env.connections.get('UAT'));
      assert.deepEqual(
        env.ui.picks.map((pick) => [pick.title, pick.labels]),
        [
          ['Compare Groups (1/2): the org to compare from', ['Demo', 'UAT']],
          [`Compare Groups (2/2): the org to compare ${demo} with`, ['UAT']],
        ],
      );
      // The summary names each connection by its name alone: the title names the orgs in full.
      const summary = '1 only in Demo, 2 differ, 1 only in UAT';
      assert.deepEqual(env.ui.diffs, [
        {
          left: {
            name: 'compare/1/Demo.capillary-groups.json',
            content: fileText(
              [
                { name: 'Gold', rank: 1, isActive: true },
                { name: 'Silver', rank: 2, isActive: false },
                { name: 'Bronze', rank: 3, isActive: true },
                { name: 'Shared', rank: 4, isActive: true },
              ],
              false,
            ),
          },
          right: {
            name: 'compare/2/UAT.capillary-groups.json',
            content: fileText(
              [
                { name: 'gold', rank: 1, isActive: true },
                { name: 'Silver', rank: 2, isActive: true },
                { name: 'Shared', rank: 9, isActive: true },
                { name: 'UAT Only', rank: 5, isActive: true },
              ],
              false,
            ),
          },
          title: `${demoOrg} ↔ ${uatOrg} · ${summary}`,
        },
      ]);
      assert.deepEqual(
        env.ui.messages.map((m) => [m.text, m.actions]),
        [
          [
            `Compared ${demoOrg} with ${uatOrg}: ${summary}.`,
            ['Save Difference as Groups File…', 'Apply Difference to UAT…'],
          ],
          [
            `Saved difference.capillary-groups.json: 3 groups as ${demo} holds them. Plan it against ${uat} to review, then apply.`,
            ['Apply to UAT…'],
          ],
        ],
      );
      const difference = fs.readFileSync(saved, 'utf8');
      assert.equal(
        difference,
        fileText(
          [
            { name: 'Silver', rank: 2, isActive: false },
            { name: 'Bronze', rank: 3, isActive: true },
            { name: 'Shared', rank: 4, isActive: true },
          ],
          false,
        ),
      );

      env.ui.confirmWith(true);
      await applyGroupsFile(env.deps, { uri: saved, label: 'difference.capillary-groups.json' }, 'UAT');
      assert.equal(env.ui.confirmations[0]!.text, `Apply difference.capillary-groups.json to ${uatOrg}?`);
      assert.deepEqual(state(SECOND_ORG_ID), [
        ['Bronze', 3, true],
        ['Shared', 4, true],
        ['Silver', 2, false],
        ['UAT Only', 5, true],
        ['gold', 1, true],
      ]);
      assert.deepEqual(sandbox.groups(SANDBOX_ORG_ID), demoBefore, 'the first org is only read');
      assert.deepEqual(
        sandbox.requests.filter((r) => r.orgId === SANDBOX_ORG_ID && r.method !== 'GET'),
        [],
      );

      env.ui.choose('Demo').choose('UAT');
      await compareConnections(env.deps);
      assert.equal(
        env.ui.messages.at(-1)!.text,
        `${uatOrg} holds every group of ${demoOrg} as it is there (0 only in Demo, 0 differ, 1 only in UAT).`,
      );
      assert.deepEqual(env.ui.messages.at(-1)!.actions, []);
      const [again] = env.ui.diffs.slice(1);
      // The common groups read the same on both sides; only the second org's own group is extra.
      assert.equal(again!.right.name, 'compare/2/UAT.capillary-groups.json');
      assert.equal(
        (again!.right as { content: string }).content.replace('    { "name": "gold"', '    { "name": "Gold"'),
        again!.left.content.replace(/\n {2}\],/, ',\n    { "name": "UAT Only", "rank": 5, "isActive": true }\n  ],'),
      );
    });

    it('with one connection, there is nothing to compare with', async () => {
      await compareConnections(env.deps);
      assert.deepEqual(
        env.ui.messages.map((m) => m.text),
        ['There is no other connection to compare with: Add Connection… adds one.'],
      );
      assert.equal(sandbox.requests.length, 0);
    });
  });
});
