// What an apply's confirmation says and asks before anything is sent, through the real Apply
// command over real HTTP against the sandbox: the groups it changes by name, and a typed
// confirmation for changes at scale.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyGroupsFile } from '../../src/commands/applyGroups';
import type { FileRef } from '../../src/ui/port';
import { type Sandbox, SANDBOX_ORG_ID, TOKEN_PATH } from '../sandbox/server';
import type { FlowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';

describe('Apply Groups File: the confirmation names the groups, and changes at scale are typed', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let env: FlowEnv;
  const host = () => sandbox.url.replace('http://', '');

  function groupsFile(groups: object[], deactivateMissing = false): FileRef {
    const file = path.join(env.files.folder, 'org.capillary-groups.json');
    fs.writeFileSync(file, JSON.stringify({ groups, deactivateMissing }, null, 2));
    return { uri: file, label: 'org.capillary-groups.json' };
  }
  const writes = () =>
    sandbox.requests.filter((r) => (r.method === 'POST' || r.method === 'PUT') && r.path !== TOKEN_PATH);

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url }), signedIn: true, bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });

  it('lists the first 10 groups it changes by name, then how many more', async () => {
    sandbox.addGroup({ name: 'Gold', rank: 1 });
    sandbox.addGroup({ name: 'Old', rank: 9 });
    const groups = [
      { name: 'Gold', rank: 2 },
      ...Array.from({ length: 12 }, (_, i) => ({ name: `New ${i + 1}`, rank: 10 + i })),
      { name: 'Old', isActive: false },
    ];
    const file = groupsFile(groups);
    env.ui.confirmWith(false);
    await applyGroupsFile(env.deps, file);
    const detail = env.ui.confirmations[0]!.detail.split(' · ');
    assert.equal(detail[0], `12 to create, 1 rank change, 1 to deactivate, 0 unchanged: 14 writes to ${host()}.`);
    assert.deepEqual(detail.slice(1), [
      "'Gold': rank 1 → 2",
      "Create 'New 1' (rank 10)",
      "Create 'New 2' (rank 11)",
      "Create 'New 3' (rank 12)",
      "Create 'New 4' (rank 13)",
      "Create 'New 5' (rank 14)",
      "Create 'New 6' (rank 15)",
      "Create 'New 7' (rank 16)",
      "Create 'New 8' (rank 17)",
      "Create 'New 9' (rank 18)",
      'and 4 more groups',
    ]);
    assert.deepEqual(writes(), []);
  });

  it('more than 50 creates: the org must be typed; a wrong name is refused, Escape sends nothing', async () => {
    sandbox.addGroup({ name: 'Existing', rank: 1 });
    const file = groupsFile(Array.from({ length: 51 }, (_, i) => ({ name: `Tier ${i + 1}`, rank: i + 2 })));
    env.ui.confirmWith(true).type('uat', undefined);
    await applyGroupsFile(env.deps, file);
    const [asked] = env.ui.inputs;
    assert.equal(
      asked!.request.prompt,
      `51 groups will be created (more than 50). To apply, type '${host()}' (or the org id, ${SANDBOX_ORG_ID}).`,
    );
    assert.deepEqual(asked!.rejected, [
      { typed: 'uat', message: `Type '${host()}' exactly to apply; Escape sends nothing.` },
    ]);
    assert.deepEqual(env.ui.statuses, [`Nothing was sent to ${host()}.`]);
    assert.deepEqual(writes(), []);
    assert.equal(sandbox.groups().length, 1);
  });

  it('more than 50 creates, the org id typed: every create is sent once', async () => {
    const file = groupsFile(Array.from({ length: 60 }, (_, i) => ({ name: `Tier ${i + 1}`, rank: i + 1 })));
    sandbox.addGroup({ name: 'Existing', rank: 100 });
    env.ui.confirmWith(true).type(String(SANDBOX_ORG_ID));
    await applyGroupsFile(env.deps, file);
    assert.equal(writes().filter((r) => r.path.endsWith('/group/create')).length, 60);
    assert.equal(sandbox.groups().length, 61);
  });

  it('50 creates, or deactivating 10 % of the org, or 2 groups of a small org: one click is enough', async () => {
    for (let i = 0; i < 20; i++) sandbox.addGroup({ name: `Old ${i + 1}`, rank: i + 1 });
    const listed = Array.from({ length: 18 }, (_, i) => ({ name: `Old ${i + 1}` }));
    const file = groupsFile(
      [...listed, ...Array.from({ length: 50 }, (_, i) => ({ name: `New ${i + 1}`, rank: 100 + i }))],
      true,
    );
    env.ui.confirmWith(true);
    await applyGroupsFile(env.deps, file);
    assert.equal(env.ui.inputs.length, 0, 'no name to type');
    assert.equal(sandbox.groups().filter((g) => g.isActive).length, 68);
  });

  it('deactivating more than 10 % of the org: the org must be typed, and the reason is said', async () => {
    for (let i = 0; i < 20; i++) sandbox.addGroup({ name: `Old ${i + 1}`, rank: i + 1 });
    const file = groupsFile(
      Array.from({ length: 17 }, (_, i) => ({ name: `Old ${i + 1}` })),
      true,
    );
    env.ui.confirmWith(true).type(host());
    await applyGroupsFile(env.deps, file);
    assert.equal(
      env.ui.inputs[0]!.request.prompt,
      `3 of the org's 20 groups will be deactivated (15 %, more than 10 %). To apply, type '${host()}' (or the org id, ${SANDBOX_ORG_ID}).`,
    );
    assert.equal(sandbox.groups().filter((g) => !g.isActive).length, 3);
  });
});
