// The core as a second front end uses it: composed with the Node ports only (settings as values,
// credentials from environment variables, state in memory, the log to a stream), no Ui and no
// editor. Export, plan and apply a groups file, compare two orgs and reorder a catalog against the
// sandbox over real HTTP.
import { strict as assert } from 'assert';
import type { Group } from '../../src/api/types';
import { createCore, type Core } from '../../src/core/createCore';
import { catalogSections } from '../../src/groups/catalogOrder';
import { applyPlan } from '../../src/operations/applyPlan';
import { compareOrgs, compareRead } from '../../src/operations/compareOrgs';
import { exportOrg } from '../../src/operations/exportOrg';
import { planFile } from '../../src/operations/planFile';
import { readOrg } from '../../src/operations/readOrg';
import { applyReorder, planReorder } from '../../src/operations/reorder';
import { EnvironmentCredentials, variableSuffix } from '../../src/node/environmentCredentials';
import { MemoryStore } from '../../src/node/memoryStore';
import { StreamLog } from '../../src/node/streamLog';
import { commandLineWords } from '../../src/node/commandLineWords';
import { ValueSettings } from '../../src/node/valueSettings';
import { DEMO_CREDENTIALS, type Sandbox, SANDBOX_ORG_ID, SECOND_ORG_ID } from '../sandbox/server';
import { useSandbox } from '../support/sandboxTier';

describe('the core with Node ports only', () => {
  let sandbox: Sandbox;
  let core: Core;
  let logged: string;

  useSandbox({ bind: (started) => (sandbox = started) });
  beforeEach(() => {
    logged = '';
    core = createCore({
      settings: new ValueSettings(
        {
          connections: [
            { name: 'demo', host: sandbox.url, authMethod: 'basic' },
            { name: 'uat', host: sandbox.url, authMethod: 'basic' },
          ],
        },
        commandLineWords,
      ),
      credentials: new EnvironmentCredentials({
        CAPILLARY_TILL_DEMO: DEMO_CREDENTIALS.basic.username,
        CAPILLARY_PASSWORD_DEMO: DEMO_CREDENTIALS.basic.password,
        CAPILLARY_TILL_UAT: DEMO_CREDENTIALS.secondOrg.basic.username,
        CAPILLARY_PASSWORD_UAT: DEMO_CREDENTIALS.secondOrg.basic.password,
      }),
      state: new MemoryStore(),
      log: new StreamLog({ write: (text: string) => (logged += text) }),
    });
  });
  afterEach(() => core.dispose());

  const demo = () => core.connections.get('demo')!;

  it('exports an org, plans an edited file, applies it, and plans nothing to change after', async () => {
    sandbox.addGroup({ name: 'Gold', rank: 1 });
    sandbox.addGroup({ name: 'Silver', rank: 2 });
    const progress: number[] = [];
    const exported = await exportOrg(demo(), { onProgress: (read) => progress.push(read) });
    assert.equal(exported.org.orgId, SANDBOX_ORG_ID);
    assert.deepEqual(exported.problems, []);
    assert.deepEqual(progress, [2]);
    assert.match(exported.content, /"Gold"[\s\S]*"Silver"/);

    const edited = exported.content
      .replace(/("name": "Silver", "rank": )2/, '$13')
      .replace(/\n {2}\]/, ',\n    { "name": "Bronze", "rank": 4, "isActive": true }\n  ]');
    const planned = await planFile(edited, demo());
    assert.ok(planned.ok);
    assert.deepEqual(
      planned.plan.steps.map((step) => `${step.kind} ${step.kind === 'create' ? step.entry.name : step.group.name}`),
      ['unchanged Gold', 'update Silver', 'create Bronze'],
    );

    const applied = await applyPlan(planned.plan, demo(), planned.org, { concurrency: 2, words: commandLineWords });
    assert.equal(applied.counts.created, 1);
    assert.equal(applied.counts.updated, 1);
    assert.equal(applied.counts.unchanged, 1);
    assert.equal(applied.trouble, false);
    assert.equal(applied.wrote, true);
    assert.deepEqual(
      sandbox.groups().map((group) => [group.name, group.rank]),
      [
        ['Gold', 1],
        ['Silver', 3],
        ['Bronze', 4],
      ],
    );

    const again = await planFile(edited, demo());
    assert.ok(again.ok);
    assert.equal(again.plan.writes, 0);
    // Each request is logged, and no credential is in the log.
    assert.match(logged, /^info POST .*\/group\/create/m);
    for (const secret of [DEMO_CREDENTIALS.basic.password]) assert.ok(!logged.includes(secret));
  });

  it('returns a file that cannot be used with its problems, and reads nothing', async () => {
    const before = sandbox.requests.length;
    const planned = await planFile('{ "groups": [ { "name": "" } ] }', demo());
    assert.equal(planned.ok, false);
    assert.ok(!planned.ok && planned.found >= 1 && planned.problems.length >= 1);
    assert.equal(sandbox.requests.length, before);
  });

  it('compares two orgs, each read with its own connection’s credentials from the environment', async () => {
    sandbox.addGroup({ name: 'Gold', rank: 1 });
    const comparison = await compareOrgs(demo(), core.connections.get('uat')!);
    assert.equal(comparison.from.orgId, SANDBOX_ORG_ID);
    assert.equal(comparison.to.groups.length, sandbox.groups(SECOND_ORG_ID).length);
    assert.ok(comparison.differenceText.includes('"Gold"'));
  });

  it('compares two orgs read one by one, each with its own progress, as compareOrgs does', async () => {
    sandbox.addGroup({ name: 'Gold', rank: 1 });
    sandbox.addGroup({ name: 'Silver', rank: 2 });
    sandbox.addGroup({ name: 'Silver', rank: 5, org: SECOND_ORG_ID });
    sandbox.addGroup({ name: 'Staff', rank: 9, org: SECOND_ORG_ID });
    const uat = core.connections.get('uat')!;
    const progress: string[] = [];
    const from = await readOrg(demo(), { onProgress: (read, total) => progress.push(`demo ${read}/${total}`) });
    const to = await readOrg(uat, { onProgress: (read, total) => progress.push(`uat ${read}/${total}`) });
    assert.deepEqual(progress, ['demo 2/2', 'uat 2/2']);
    const comparison = compareRead(from, to);
    assert.deepEqual([comparison.from.orgId, comparison.to.orgId], [SANDBOX_ORG_ID, SECOND_ORG_ID]);
    assert.deepEqual(comparison.counts, { onlyInFrom: 1, differing: 1, onlyInTo: 1 });
    assert.match(comparison.differenceText, /"Gold"[\s\S]*"Silver", "rank": 2/);
    assert.ok(!comparison.differenceText.includes('"Staff"'));
    const whole = await compareOrgs(demo(), uat);
    assert.deepEqual(whole.counts, comparison.counts);
    assert.equal(whole.differenceText, comparison.differenceText);
  });

  describe('reorder', () => {
    const catalog = () => catalogSections(sandbox.groups() as unknown as Group[]).map((group) => group.name);
    const puts = () => sandbox.requests.filter((request) => request.method === 'PUT');
    /** The group as the org reads now, with the connection key its list would carry. */
    async function refOf(name: string) {
      const org = await readOrg(demo());
      return { connectionKey: org.connectionKey, group: org.groups.find((group) => group.name === name)! };
    }

    beforeEach(() => {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      sandbox.addGroup({ name: 'Silver', rank: 2 });
      sandbox.addGroup({ name: 'Bronze', rank: 3 });
    });

    it('moves a group up the catalog: the fewest rank changes returned, then applied, the sandbox reordered', async () => {
      const progress: number[] = [];
      const reorder = await planReorder(
        demo(),
        await refOf('Bronze'),
        { by: -1 },
        {
          onProgress: (read) => progress.push(read),
        },
      );
      assert.ok(reorder.kind === 'changes', reorder.kind);
      assert.deepEqual([reorder.place, reorder.count, reorder.moved.name], [1, 3, 'Bronze']);
      assert.deepEqual(
        reorder.changes.map((change) => [change.group.name, change.from, change.to]),
        [['Silver', 2, 4]],
      );
      assert.deepEqual(progress, [3]);
      assert.equal(puts().length, 0, 'working it out sends nothing');

      const outcomes: string[] = [];
      const applied = await applyReorder(demo(), reorder, {
        concurrency: 2,
        words: commandLineWords,
        onOutcome: (outcome) => outcomes.push(`${outcome.kind} ${outcome.name}`),
      });
      assert.deepEqual(outcomes, ['updated Silver']);
      assert.equal(applied.counts.updated, 1);
      assert.equal(applied.cancelled, false);
      assert.equal(applied.trouble, false);
      assert.equal(puts().length, 1);
      assert.deepEqual(catalog(), ['Gold', 'Bronze', 'Silver']);

      // Moved again to where it now is: nothing to change; past the top: nothing to move.
      assert.deepEqual(await planReorder(demo(), await refOf('Bronze'), { toPlace: 1 }), {
        kind: 'in-place',
        place: 1,
        count: 3,
      });
      assert.deepEqual(await planReorder(demo(), await refOf('Gold'), { by: -1 }), { kind: 'at-edge', edge: 'first' });
    });

    it('refuses a drop onto itself or a move of an inactive group before reading anything', async () => {
      const gold = await refOf('Gold');
      const retired = { ...gold, group: { ...gold.group, id: gold.group.id + 1000, isActive: false } };
      const before = sandbox.requests.length;
      assert.deepEqual(await planReorder(demo(), gold, { onto: gold }), { kind: 'refused', reason: 'onto-itself' });
      assert.deepEqual(await planReorder(demo(), retired, { toPlace: 0 }), { kind: 'refused', reason: 'inactive' });
      assert.deepEqual(await planReorder(demo(), gold, { onto: { ...retired, connectionKey: 'elsewhere' } }), {
        kind: 'refused',
        reason: 'other-connection',
      });
      assert.equal(sandbox.requests.length, before);
    });

    it('an aborted reorder sends nothing: every change not sent, the catalog as it was', async () => {
      const reorder = await planReorder(demo(), await refOf('Bronze'), { toPlace: 0 });
      assert.ok(reorder.kind === 'changes', reorder.kind);
      assert.equal(reorder.changes.length, 2);
      const before = sandbox.requests.length;
      const controller = new AbortController();
      controller.abort();
      const applied = await applyReorder(demo(), reorder, {
        concurrency: 2,
        signal: controller.signal,
        words: commandLineWords,
      });
      assert.equal(applied.cancelled, true);
      assert.equal(applied.counts['not-sent'], 2);
      assert.equal(applied.wrote, false);
      assert.equal(sandbox.requests.length, before, 'not even a re-read');
      assert.deepEqual(catalog(), ['Gold', 'Silver', 'Bronze']);
      // A read aborted before it starts rejects, and sends nothing either.
      await assert.rejects(planReorder(demo(), await refOf('Bronze'), { toPlace: 0 }, { signal: controller.signal }));
      assert.equal(puts().length, 0);
    });
  });

  it('stops a read when its signal is aborted', async () => {
    sandbox.seed(30);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(exportOrg(demo(), { signal: controller.signal }));
  });

  it('names environment variables after the connection, and never stores credentials', async () => {
    assert.equal(variableSuffix(''), '');
    assert.equal(variableSuffix('prod'), '_PROD');
    assert.equal(variableSuffix('UAT eu-1'), '_UAT_EU_1');
    const source = new EnvironmentCredentials({ CAPILLARY_CLIENT_KEY: 'k', CAPILLARY_CLIENT_SECRET: 's' });
    assert.deepEqual(await source.get('http://127.0.0.1:1', 'oauth'), { method: 'oauth', key: 'k', secret: 's' });
    assert.equal(await source.get('http://127.0.0.1:1|prod', 'oauth'), undefined);
    await assert.rejects(source.save(), /environment variables/);
  });
});
