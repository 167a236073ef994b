// The core as a second front end uses it: composed with the Node ports only (settings as values,
// credentials from environment variables, state in memory, the log to a stream), no Ui and no
// editor. Export, plan and apply a groups file against the sandbox over real HTTP.
import { strict as assert } from 'assert';
import { createCore, type Core } from '../../src/core/createCore';
import { applyPlan } from '../../src/operations/applyPlan';
import { compareOrgs } from '../../src/operations/compareOrgs';
import { exportOrg } from '../../src/operations/exportOrg';
import { planFile } from '../../src/operations/planFile';
import { EnvironmentCredentials, variableSuffix } from '../../src/node/environmentCredentials';
import { MemoryStore } from '../../src/node/memoryStore';
import { StreamLog } from '../../src/node/streamLog';
import { commandLineWords } from '../../src/node/commandLineWords';
import { ValueSettings } from '../../src/node/valueSettings';
import { DEMO_CREDENTIALS, Sandbox, SANDBOX_ORG_ID, SECOND_ORG_ID } from '../sandbox/server';

describe('the core with Node ports only', () => {
  let sandbox: Sandbox;
  let core: Core;
  let logged: string;

  before(async () => {
    sandbox = await Sandbox.start();
  });
  after(async () => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
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
