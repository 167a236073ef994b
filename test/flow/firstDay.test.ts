// What a user meets on a first day with groups files, through the real commands over real HTTP
// against the sandbox: the file found behind another tab, the result rendered.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { md5Hex } from '../../src/api/auth';
import { applyGroupsFile } from '../../src/commands/applyGroups';
import { compareConnections } from '../../src/commands/compareConnections';
import { exportGroups } from '../../src/commands/exportGroups';
import { colleagueClient } from '../support/answers';
import { planGroupsFile } from '../../src/commands/planGroups';
import { PICK_CONNECTION } from '../../src/ui/port';
import { DEMO_CREDENTIALS, type Sandbox, SANDBOX_ORG_ID, SECOND_ORG_ID } from '../sandbox/server';
import { demoBasic, type FlowEnv } from '../support/env';
import { flowEnv, useSandbox } from '../support/sandboxTier';

describe('Groups files on a first day', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let env: FlowEnv;
  const outside = () => fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-no-folder-'));

  /** A groups file outside the workspace (no folder open), open in a tab behind the active one. */
  function openBehind(name: string, groups: object[]): string {
    const file = path.join(outside(), name);
    fs.writeFileSync(file, JSON.stringify({ groups }, null, 2));
    env.files.openFiles.push(file);
    return file;
  }

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url }), signedIn: true, bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });

  it('Apply from the palette with the result tab in front and no folder open applies the groups file open behind it', async () => {
    openBehind('tiers.capillary-groups.json', [{ name: 'VIP Gold', rank: 1 }]);
    env.ui.confirmWith(true);
    await applyGroupsFile(env.deps);
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['VIP Gold'],
    );
    assert.equal(env.ui.confirmations[0]!.text.startsWith('Apply tiers.capillary-groups.json to '), true);
  });

  it('with two groups files open behind other tabs, Plan asks which, listing the open ones only', async () => {
    openBehind('a.capillary-groups.json', [{ name: 'A' }]);
    openBehind('b.capillary-groups.json', [{ name: 'B' }]);
    env.ui.choose('b.capillary-groups.json');
    await planGroupsFile(env.deps);
    assert.deepEqual(env.ui.picks[0]!.labels, ['a.capillary-groups.json', 'b.capillary-groups.json']);
    assert.match(env.ui.diffs[0]!.title, /b\.capillary-groups\.json/);
  });

  it("the apply's result opens rendered, as a Markdown preview, and Show Result opens it again", async () => {
    const file = openBehind('one.capillary-groups.json', [{ name: 'Solo', rank: 3 }]);
    env.ui.confirmWith(true).answer('Show Result', /^one\.capillary-groups\.json → /);
    await applyGroupsFile(env.deps, { uri: file, label: 'one.capillary-groups.json' });
    await env.ui.settle();
    const [first, again] = env.ui.documents;
    assert.equal(first!.rendered, true);
    assert.equal(again!.rendered, true);
    assert.equal(again!.name, first!.name);
    assert.equal(again!.content, first!.content);
    assert.match(first!.content, /\| created \| Solo \|/);
  });

  it('a plan says which tab shows it; an apply to its connection makes it stale, a plan of it again fresh', async () => {
    const shown: string[] = [];
    const changed: string[] = [];
    env.deps.planShown = (name, file, connectionId) => shown.push(`${name} ${path.basename(file.uri)} ${connectionId}`);
    env.deps.orgChanged = (connectionId) => changed.push(connectionId);
    const file = openBehind('plan.capillary-groups.json', [{ name: 'Gold', rank: 1 }]);
    const ref = { uri: file, label: 'plan.capillary-groups.json' };
    await planGroupsFile(env.deps, ref);
    const id = env.connections.active().id;
    assert.deepEqual(shown, [
      `plan/${sandbox.url.replace('http://', '').replace(':', '-')}/plan.capillary-groups.json plan.capillary-groups.json ${id}`,
    ]);
    env.ui.confirmWith(true);
    await applyGroupsFile(env.deps, ref);
    assert.deepEqual(changed, [id]);
    // Nothing to change: nothing written, nothing stale.
    await applyGroupsFile(env.deps, ref);
    assert.deepEqual(changed, [id]);
  });

  it('Apply warns first when the file would undo a change made on the server since it was exported (a Move Up by a colleague)', async () => {
    const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
    sandbox.addGroup({ name: 'Silver', rank: 2 });
    const file = path.join(env.files.folder, 'exported.capillary-groups.json');
    env.ui.saveAs(file);
    await exportGroups(env.deps);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await colleagueClient(sandbox).update(gold.id, { name: 'Gold', rank: 3, isActive: true });
    env.ui.confirmWith(false);
    await applyGroupsFile(env.deps, { uri: file, label: 'exported.capillary-groups.json' });
    assert.match(
      env.ui.confirmations[0]!.detail,
      /^'Gold' \(rank 3 → 1\) sets back a server change made since the last export or plan · 1 rank change/,
    );
  });

  it('four groups set back: the first three are named, a row each, then how many more', async () => {
    const groups = ['Gold', 'Silver', 'Bronze', 'Iron'].map((name, i) => sandbox.addGroup({ name, rank: i + 1 }));
    const file = path.join(env.files.folder, 'four.capillary-groups.json');
    env.ui.saveAs(file);
    await exportGroups(env.deps);
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const [i, group] of groups.entries()) {
      await colleagueClient(sandbox).update(group.id, { name: group.name, rank: i + 11, isActive: true });
    }
    env.ui.confirmWith(false);
    await applyGroupsFile(env.deps, { uri: file, label: 'four.capillary-groups.json' });
    const [first, second, third, more] = env.ui.confirmations[0]!.detail.split(' · ');
    assert.equal(first, "'Gold' (rank 11 → 1) sets back a server change made since the last export or plan");
    assert.equal(second, "'Silver' (rank 12 → 2) sets back a server change made since the last export or plan");
    assert.equal(third, "'Bronze' (rank 13 → 3) sets back a server change made since the last export or plan");
    assert.equal(more, '1 more group changed on the server since then is set back');
    assert.equal(sandbox.groups().find((g) => g.name === 'Iron')?.rank, 14, 'nothing was sent');
  });

  it('a file planned after the change, or applied, warns of nothing', async () => {
    const gold = sandbox.addGroup({ name: 'Gold', rank: 1 });
    const file = openBehind('tiers.capillary-groups.json', [{ name: 'Gold', rank: 5 }]);
    const ref = { uri: file, label: 'tiers.capillary-groups.json' };
    await planGroupsFile(env.deps, ref);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await colleagueClient(sandbox).update(gold.id, { name: 'Gold', rank: 2, isActive: true });
    await planGroupsFile(env.deps, ref);
    env.ui.confirmWith(true);
    await applyGroupsFile(env.deps, ref);
    assert.match(env.ui.confirmations[0]!.detail, /^1 rank change/);
  });

  describe('with two connections', () => {
    beforeEach(async () => {
      env = flowEnv({
        connections: [
          { name: 'Demo', host: sandbox.url },
          { name: 'UAT', host: sandbox.url },
        ],
      });
      await env.credentials.save(`${sandbox.url}|Demo`, demoBasic);
      const { username, password } = DEMO_CREDENTIALS.secondOrg.basic;
      await env.credentials.save(`${sandbox.url}|UAT`, { method: 'basic', username, passwordMd5: md5Hex(password) });
    });

    it("the CodeLens's Apply to Another Connection… asks which (not the active one) and applies there, the active connection unchanged", async () => {
      const file = openBehind('tiers.capillary-groups.json', [{ name: 'VIP Gold', rank: 1 }]);
      env.ui.choose('UAT').confirmWith(true);
      await applyGroupsFile(env.deps, { uri: file, label: 'tiers.capillary-groups.json' }, PICK_CONNECTION);
      assert.deepEqual(env.ui.picks[0]!.labels, ['UAT']);
      assert.deepEqual(
        sandbox.groups(SECOND_ORG_ID).map((g) => g.name),
        ['VIP Gold'],
      );
      assert.deepEqual(sandbox.groups(SANDBOX_ORG_ID), []);
      assert.equal(env.connections.active().displayName(), 'Demo');
    });

    it('a comparison says which tab shows it and which two connections; an apply to either makes it stale; Compare Again compares the same two without asking', async () => {
      const shown: string[] = [];
      const changed: string[] = [];
      env.deps.compareShown = (name, fromId, toId) =>
        shown.push(`${name} ${env.connections.get(fromId)!.displayName()} ${env.connections.get(toId)!.displayName()}`);
      env.deps.orgChanged = (connectionId) => changed.push(env.connections.get(connectionId)!.displayName());
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      env.ui
        .choose('Demo')
        .choose('UAT')
        .answer('Apply Difference to UAT…')
        .saveAs(path.join(env.files.folder, 'd.capillary-groups.json'))
        .confirmWith(true);
      await compareConnections(env.deps);
      await env.ui.settle();
      assert.deepEqual(shown, ['compare/1/Demo.capillary-groups.json Demo UAT']);
      assert.deepEqual(changed, ['UAT']);
      const picks = env.ui.picks.length;
      const ids = {
        fromId: env.connections.all().find((c) => c.displayName() === 'Demo')!.id,
        toId: env.connections.all().find((c) => c.displayName() === 'UAT')!.id,
      };
      await compareConnections(env.deps, ids);
      assert.equal(env.ui.picks.length, picks, 'compared again without a question');
      assert.equal(shown.length, 2);
      assert.match(env.ui.messages.at(-1)!.text, /holds every group of Demo/);
    });

    it('Compare offers Apply Difference to the second connection: saved, then applied there, whichever is active', async () => {
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      sandbox.addGroup({ name: 'Silver', rank: 2 });
      sandbox.addGroup({ name: 'Gold', rank: 5, org: SECOND_ORG_ID });
      const saved = path.join(env.files.folder, 'difference.capillary-groups.json');
      env.ui.choose('Demo').choose('UAT').answer('Apply Difference to UAT…').saveAs(saved).confirmWith(true);
      await compareConnections(env.deps);
      await env.ui.settle();
      assert.ok(fs.existsSync(saved), 'the difference is saved first');
      assert.deepEqual(
        sandbox
          .groups(SECOND_ORG_ID)
          .map((g) => `${g.name} ${g.rank}`)
          .sort(),
        ['Gold 1', 'Silver 2'],
      );
      assert.deepEqual(
        sandbox
          .groups(SANDBOX_ORG_ID)
          .map((g) => `${g.name} ${g.rank}`)
          .sort(),
        ['Gold 1', 'Silver 2'],
      );
    });
  });
});
