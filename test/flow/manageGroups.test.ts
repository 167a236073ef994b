import { strict as assert } from 'assert';
import { copyGroupJson } from '../../src/commands/copyJson';
import { editGroup } from '../../src/commands/editGroup';
import { findGroup } from '../../src/commands/findGroup';
import { checkGroupId } from '../../src/foundation/validation';
import { clearFilter, filterByName, showActiveOnly, sortGroups } from '../../src/commands/listView';
import { openGroupJson } from '../../src/commands/openJson';
import { loadMore } from '../../src/commands/refresh';
import { copyGroupId } from '../../src/commands/copyId';
import { selectCluster } from '../../src/commands/selectCluster';
import { setGroupActive } from '../../src/commands/setActive';
import { shortName } from '../../src/messages/names';
import type { Sandbox, SandboxGroup } from '../sandbox/server';
import { demoBasic, type FlowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';

describe('Find, JSON, Edit, Activate and list commands, against the sandbox', () => {
  let sandbox: Sandbox;
  let env: FlowEnv;
  let gold: SandboxGroup;
  const puts = () => sandbox.requests.filter((r) => r.method === 'PUT');
  /** The group as the view's list holds it now. */
  const loaded = (id: number) => env.deps.list.get(sandbox.url)?.groups.find((g) => g.id === id);
  const target = (group: SandboxGroup) => ({ connectionKey: sandbox.url, group: loaded(group.id) ?? group });

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url, pageSize: 20 }), signedIn: true, bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });
  beforeEach(async () => {
    sandbox.seed(60);
    gold = sandbox.addGroup({ name: 'Gold', rank: 5 });
    await env.deps.list.refresh(sandbox.url);
  });

  describe('Find Group by ID', () => {
    it('validates the id as typed', () => {
      assert.deepEqual(checkGroupId(' #2412 '), { ok: true, value: 2412 });
      for (const bad of ['', 'abc', '12.5', '-3', '0', '2147483648', '٣']) {
        assert.equal(checkGroupId(bad).ok, false, bad);
      }
    });

    it('looks the group up, adds it to the list if it was not loaded, and reveals it', async () => {
      const old = sandbox.groups()[0]!; // the oldest: not on the first page (newest first)
      assert.equal(loaded(old.id), undefined);
      env.ui.type('abc', `#${old.id}`);
      await findGroup(env.deps);
      assert.equal(env.ui.inputs[0]!.rejected[0]!.message, "'abc' is not a group ID: use the digits 0–9, e.g. 2412.");
      assert.deepEqual(loaded(old.id), old);
      assert.deepEqual(env.revealed, [old]);
      assert.equal(sandbox.requests.at(-1)!.path, `/api_gateway/core/v1/group/${old.id}`);
    });

    it('a rejected sign-in offers Sign In, then looks the group up again with the ID typed before', async () => {
      sandbox.inject({
        status: 401,
        body: '{"status":{"success":false,"code":401,"message":"Unauthorized"}}',
        method: 'GET',
        pathIncludes: `/group/${gold.id}`,
      });
      env.ui
        .type(String(gold.id))
        .answer(
          'Sign In',
          /refused to look up group #\d+: the credentials were rejected \(HTTP 401\)\. Sign in again\./,
        )
        .type('demo.till')
        .type('demo123')
        .type(String(gold.id));
      await findGroup(env.deps);
      assert.deepEqual(env.ui.messages[0]!.actions, ['Sign In', 'Show Log']);
      assert.equal(env.ui.inputs[3]!.request.value, String(gold.id), 'the ID prompt holds what was typed');
      assert.deepEqual(
        env.revealed.map((g) => g.id),
        [gold.id],
      );
    });

    it('says clearly when there is no such group', async () => {
      env.ui.type('99999');
      await findGroup(env.deps);
      assert.match(env.ui.lastMessage()!.text, /^There is no group #99999 on 127\.0\.0\.1:\d+\.$/);
      assert.deepEqual(env.revealed, []);
    });
  });

  describe('JSON', () => {
    it('opens a read-only document with every field, named after the group', async () => {
      await openGroupJson(env.deps, target(gold));
      const [document] = env.ui.documents;
      assert.equal(document!.name, `${sandbox.url.replace('http://', '').replace(':', '_')}/${gold.id} Gold.json`);
      assert.deepEqual(JSON.parse(document!.content), gold);
    });

    it('copies the group as JSON', async () => {
      await copyGroupJson(env.deps, target(gold));
      assert.deepEqual(JSON.parse(env.ui.clipboard), gold);
    });

    it('asks for a row when none is given', async () => {
      await openGroupJson(env.deps, undefined);
      assert.match(env.ui.lastMessage()!.text, /Select a group in the Groups view, then use Open as JSON on its row\./);
    });
  });

  describe('Edit Group', () => {
    it('changes the rank with a PUT that re-sends the name and activity, and updates the row from the answer', async () => {
      env.ui.choose('Change Rank…').type('abc', '12');
      await editGroup(env.deps, target(gold));
      assert.equal(env.ui.inputs[0]!.request.value, '5');
      assert.equal(puts().length, 1);
      assert.equal(puts()[0]!.path, `/api_gateway/core/v1/group/${gold.id}`);
      assert.deepEqual(JSON.parse(puts()[0]!.body), { name: 'Gold', rank: 12, isActive: true });
      assert.equal(loaded(gold.id)!.rank, 12);
      assert.equal(loaded(gold.id)!.lastUpdatedOn, sandbox.groups().find((g) => g.id === gold.id)!.lastUpdatedOn);
      assert.match(env.ui.lastMessage()!.text, /The rank of 'Gold' \(#\d+\) is now 12\./);
    });

    it('clears the rank when left empty', async () => {
      env.ui.choose('Change Rank…').type('');
      await editGroup(env.deps, target(gold));
      assert.deepEqual(JSON.parse(puts()[0]!.body), { name: 'Gold', rank: null, isActive: true });
    });

    it('renames only after the warning that rewards are unlinked', async () => {
      env.ui.choose('Rename…').confirmWith(false);
      await editGroup(env.deps, target(gold));
      assert.equal(puts().length, 0);
      assert.equal(env.ui.confirmations[0]!.text, "No reward names 'Gold' now: renaming it unlinks none.");

      env.ui.choose('Rename…').confirmWith(true).type('Gold', '  Platinum ');
      await editGroup(env.deps, target(gold));
      assert.equal(env.ui.inputs[0]!.rejected[0]!.message, 'Type a different name, or press Escape to keep this one.');
      assert.deepEqual(JSON.parse(puts()[0]!.body), { name: 'Platinum', rank: 5, isActive: true });
      assert.equal(loaded(gold.id)!.name, 'Platinum');
    });

    it('names the clash when the new name is taken, and Retry reopens the name prompt with what was typed', async () => {
      sandbox.addGroup({ name: 'Silver' });
      env.ui
        .choose('Rename…')
        .confirmWith(true)
        .type('silver')
        .answer(
          'Retry',
          /^A group named 'Silver' \(#\d+\) exists on 127\.0\.0\.1:\d+, created by user 75155282 at .+\. Choose another name\.$/,
        )
        .type('Silver 2');
      await editGroup(env.deps, target(gold));
      assert.equal(env.ui.inputs[1]!.request.value, 'silver');
      assert.equal(loaded(gold.id)!.name, 'Silver 2');
      assert.equal(env.ui.confirmations.length, 1, 'warned once');
    });

    it('refuses, while typing, a new name the loaded list already holds, saying that case does not matter', async () => {
      const silver = sandbox.addGroup({ name: 'Silver', rank: 1 }); // on the first page
      await env.deps.list.refresh(sandbox.url);
      env.ui.choose('Rename…').confirmWith(true).type('SILVER', undefined);
      await editGroup(env.deps, target(gold));
      assert.equal(
        env.ui.inputs[0]!.rejected[0]!.message,
        `A group named 'Silver' already exists (#${silver.id}), and names are unique whatever their case: choose another name. If it was renamed meanwhile, Refresh the Groups view.`,
      );
      assert.equal(puts().length, 0);
    });

    it('re-sends the name Capillary holds now, not an older one shown in the row', async () => {
      const stale = target(gold);
      // Renamed elsewhere after the list was read; the row still says 'Gold'.
      await fetch(`${sandbox.url}/api_gateway/core/v1/group/${gold.id}`, {
        method: 'PUT',
        headers: { Authorization: sandbox.requests[0]!.headers['authorization']!, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Gold Renamed Elsewhere', rank: 5, isActive: false }),
      });
      env.ui.choose('Change Rank…').type('6');
      await editGroup(env.deps, stale);
      assert.deepEqual(JSON.parse(puts().at(-1)!.body), { name: 'Gold Renamed Elsewhere', rank: 6, isActive: false });
      assert.equal(loaded(gold.id)!.name, 'Gold Renamed Elsewhere');
    });

    it('refuses to change a row of another cluster after the cluster changed', async () => {
      const row = target(gold);
      env.settings.values.host = 'https://eu.api.capillarytech.com';
      await env.credentials.save('https://eu.api.capillarytech.com', demoBasic);
      // Refused before any question: the row's connection is on another cluster now.
      env.ui.answer(
        undefined,
        /The connection the group 'Gold' \(#\d+\) was read through has changed or was removed; refresh the Groups view/,
      );
      await setGroupActive(env.deps, row, false);
      assert.equal(puts().length, 0);
      assert.equal(env.ui.confirmations.length, 0);
    });
  });

  describe('Deactivate and Activate', () => {
    it('deactivating asks first, and Cancel (what Enter takes) sends nothing', async () => {
      env.ui.confirmWith(false);
      await setGroupActive(env.deps, target(gold), false);
      assert.deepEqual(env.ui.confirmations, [
        {
          text: `Deactivate 'Gold' (#${gold.id}) on ${sandbox.url.replace('http://', '')}?`,
          detail:
            "No LIVE reward is in 'Gold'. A deactivated group no longer shows as a section of the rewards catalog.",
          action: 'Deactivate',
        },
      ]);
      assert.equal(puts().length, 0);
      assert.equal(loaded(gold.id)!.isActive, true);
      assert.equal(env.ui.messages.length, 0);
    });

    it('sends isActive with the name unchanged, and the row turns inactive and back; activating does not ask', async () => {
      env.ui.confirmWith(true);
      await setGroupActive(env.deps, target(gold), false);
      assert.deepEqual(JSON.parse(puts()[0]!.body), { name: 'Gold', rank: 5, isActive: false });
      assert.equal(loaded(gold.id)!.isActive, false);
      await setGroupActive(env.deps, target(gold), true);
      assert.deepEqual(JSON.parse(puts()[1]!.body), { name: 'Gold', rank: 5, isActive: true });
      assert.equal(loaded(gold.id)!.isActive, true);
      assert.deepEqual(
        env.revealed.map((g) => g.isActive),
        [false, true],
      );
    });

    it('offers to undo a deactivation, without asking again', async () => {
      env.ui.confirmWith(true).answer('Activate Again', /'Gold' \(#\d+\) is now inactive\./);
      await setGroupActive(env.deps, target(gold), false);
      await env.ui.settle();
      assert.deepEqual(
        puts().map((p) => (JSON.parse(p.body) as { isActive: unknown }).isActive),
        [false, true],
      );
    });

    it('a redirect offers no Select Cluster: a row is changed only on the cluster it came from', async () => {
      sandbox.inject({
        status: 302,
        body: '',
        headers: { location: 'https://elsewhere.example/x' },
        method: 'GET',
        pathIncludes: `/group/${gold.id}`,
      });
      env.ui.confirmWith(true);
      await setGroupActive(env.deps, target(gold), false);
      assert.match(env.ui.lastMessage()!.text, /redirected the request to https:\/\/elsewhere\.example\/x/);
      assert.deepEqual(env.ui.lastMessage()!.actions, ['Show Log']);
      assert.equal(puts().length, 0);
    });

    it('sends nothing when the group already is in that state', async () => {
      await setGroupActive(env.deps, target(gold), true);
      assert.equal(puts().length, 0);
      assert.match(env.ui.statuses.at(-1)!, /'Gold' is already active/);
    });
  });

  describe('Select Cluster, pressing Enter at once', () => {
    it('keeps the current cluster: its row is the active one, and nothing is written or reset', async () => {
      env.settings.values.host = 'https://apac.api.capillarytech.com';
      await env.credentials.save('https://apac.api.capillarytech.com', demoBasic);
      env.ui.pressEnterOnPick();
      assert.equal(await selectCluster(env.deps), true);
      assert.equal(env.ui.picks[0]!.active, 'India / Asia 1');
      assert.equal(env.settings.values.host, 'https://apac.api.capillarytech.com');
      assert.equal(env.counters.stateChanged, 0, 'the session and the view were left as they were');
    });

    it('keeps a cluster entered as a URL: Enter URL… is active and opens holding it', async () => {
      env.ui.pressEnterOnPick().type(sandbox.url);
      assert.equal(await selectCluster(env.deps), true);
      assert.equal(env.ui.picks[0]!.active, 'Enter URL…');
      assert.equal(env.ui.inputs[0]!.request.value, sandbox.url);
      assert.equal(env.settings.values.host, sandbox.url);
      assert.equal(env.counters.stateChanged, 0);
    });

    it('offers an unusable host for fixing: Enter URL… is active and opens holding it', async () => {
      env.settings.values.host = 'https://host.example/api';
      env.ui.pressEnterOnPick().type(undefined);
      assert.equal(await selectCluster(env.deps), false);
      assert.equal(env.ui.picks[0]!.active, 'Enter URL…');
      assert.equal(env.ui.inputs[0]!.request.value, 'https://host.example/api');
    });
  });

  describe('a 255-character name', () => {
    const long = `${'Platinum '.repeat(28)}Tier`.slice(0, 255);
    let group: SandboxGroup;
    beforeEach(async () => {
      group = sandbox.addGroup({ name: long, rank: 1 });
      await env.deps.list.refresh(sandbox.url);
    });

    /** Every text the user was shown, but the prompts' values (what is edited) and the tree (not a text here). */
    const shown = () => [
      ...env.ui.picks.flatMap((p) => [p.title, ...p.labels]),
      ...env.ui.inputs.map((i) => `${i.request.title} ${i.request.prompt}`),
      ...env.ui.confirmations.map((c) => `${c.text} ${c.detail}`),
      ...env.ui.messages.map((m) => m.text),
      ...env.ui.progressTitles,
      ...env.ui.statuses,
    ];

    it('is cut where it is only repeated, and sent, kept and shown in the tree in full', async () => {
      assert.equal(long.length, 255);
      env.ui.choose('Change Rank…').type('2');
      await editGroup(env.deps, target(group));
      env.ui.confirmWith(true);
      await setGroupActive(env.deps, target(group), false);
      await copyGroupId(env.deps, target(group));
      await env.ui.settle();
      const texts = shown();
      assert.ok(texts.length >= 7, texts.join('\n'));
      for (const text of texts) assert.ok(!text.includes(long.slice(0, 60)), `the full name in: ${text}`);
      assert.ok(
        texts.some((text) => text.includes(`'${shortName(long)}'`)),
        'the cut name is shown',
      );
      assert.deepEqual(
        puts().map((p) => (JSON.parse(p.body) as { name: string }).name),
        [long, long],
      );
      assert.equal(loaded(group.id)!.name, long);
    });
  });

  describe('list commands', () => {
    it('filters by name, then clears the filter', async () => {
      env.ui.type('gold');
      await filterByName(env.deps);
      assert.deepEqual(
        env.deps.list.get(sandbox.url)!.groups.map((g) => g.name),
        ['Gold'],
      );
      assert.equal(sandbox.requests.at(-1)!.query.name, 'gold');
      await clearFilter(env.deps);
      assert.equal(env.deps.list.get(sandbox.url)!.groups.length, 20);
      assert.equal(sandbox.requests.at(-1)!.query.name, undefined);
    });

    it('sorts by the chosen field and direction, and offers the current one marked', async () => {
      env.ui.choose('By rank, highest first');
      await sortGroups(env.deps);
      assert.deepEqual(sandbox.requests.at(-1)!.query, { page: '0', size: '20', sortOn: 'RANK', orderBy: 'DESC' });
      assert.equal(env.ui.picks[0]!.labels[1], 'By rank, lowest first');
    });

    it('toggles active only', async () => {
      await showActiveOnly(env.deps, true);
      assert.equal(sandbox.requests.at(-1)!.query.active, 'true');
      assert.deepEqual(
        env.deps.list.get(sandbox.url)!.groups.map((g) => g.isActive),
        Array(20).fill(true),
      );
      await showActiveOnly(env.deps, false);
      assert.equal(sandbox.requests.at(-1)!.query.active, undefined);
    });

    it('loads more from the Load more row', async () => {
      await loadMore(env.deps);
      assert.equal(env.deps.list.get(sandbox.url)!.groups.length, 40);
      assert.equal(sandbox.requests.at(-1)!.query.page, '1');
    });
  });
});
