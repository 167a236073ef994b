import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { editGroup } from '../../src/commands/editGroup';
import { loadGroupRewards } from '../../src/commands/groupRewards';
import { sortGroups } from '../../src/commands/listView';
import { moveGroup } from '../../src/commands/moveGroup';
import { planGroupsFile } from '../../src/commands/planGroups';
import { refresh } from '../../src/commands/refresh';
import { setGroupActive } from '../../src/commands/setActive';
import { countRewards, REWARD_PAGE_SIZE } from '../../src/groups/groupRewards';
import { rewardRow, rewardsRow } from '../../src/views/groupPresentation';
import { SANDBOX_ORG_ID, SECOND_ORG_ID, type Sandbox, type SandboxGroup } from '../sandbox/server';
import { colleagueClient } from '../support/answers';
import type { FlowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';

/**
 * The catalog: which rewards name a group (read when asked, kept until Refresh), the guards of a
 * rename and a deactivate, the catalog order and reordering it — against the sandbox.
 */
describe('catalog: rewards of a group, rename and deactivate guards, reordering sections', () => {
  let sandbox: Sandbox;
  let env: FlowEnv;
  let gold: SandboxGroup;
  let silver: SandboxGroup;
  let bronze: SandboxGroup;
  const puts = () => sandbox.requests.filter((r) => r.method === 'PUT');
  const brandReads = () => sandbox.requests.filter((r) => r.path.endsWith('/brand/getAll'));
  const rewardReads = () => sandbox.requests.filter((r) => r.path.includes('/reward/list/brand/'));
  const loaded = (id: number) => env.deps.list.get(sandbox.url)?.groups.find((g) => g.id === id);
  const target = (group: SandboxGroup) => ({ connectionKey: sandbox.url, group: loaded(group.id) ?? group });
  /** The brands the sandbox gives the first org: BUKL and BUKL Kids. */
  const brands = () => sandbox.brands(SANDBOX_ORG_ID);

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url, pageSize: 50 }), signedIn: true, bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });
  beforeEach(async () => {
    gold = sandbox.addGroup({ name: 'VIP Gold', rank: 1 });
    silver = sandbox.addGroup({ name: 'VIP Silver', rank: 2 });
    bronze = sandbox.addGroup({ name: 'VIP Bronze', rank: 3 });
    const [bukl, kids] = brands();
    sandbox.addReward({
      brandId: bukl!.id,
      name: 'Free coffee',
      status: 'LIVE',
      groups: [{ groupName: 'VIP Gold', groupRank: 2 }],
    });
    sandbox.addReward({
      brandId: bukl!.id,
      name: 'Lounge pass',
      status: 'UPCOMING',
      groups: [{ groupName: 'VIP Gold', groupRank: 1 }],
    });
    sandbox.addReward({
      brandId: bukl!.id,
      name: 'Old voucher',
      status: 'ENDED',
      groups: [{ groupName: 'VIP Gold', groupRank: null }],
    });
    sandbox.addReward({
      brandId: kids!.id,
      name: 'Kids meal',
      status: 'LIVE',
      groups: [
        { groupName: 'VIP Gold', groupRank: 1 },
        { groupName: 'VIP Silver', groupRank: 4 },
      ],
    });
    // Names the group in another case: the catalog matches names exactly, so it is not in the section.
    sandbox.addReward({
      brandId: kids!.id,
      name: 'Typo reward',
      status: 'LIVE',
      groups: [{ groupName: 'vip gold', groupRank: 1 }],
    });
    await env.deps.list.refresh(sandbox.url);
    sandbox.requests.length = 0;
  });

  describe('the rewards of a group', () => {
    it('reads the brands once per org, then one page per brand for the exact name, in the catalog order', async () => {
      const snapshot = await env.deps.rewards.load(sandbox.url, loaded(gold.id)!);
      assert.equal(brandReads().length, 1);
      assert.deepEqual(JSON.parse(brandReads()[0]!.body), { orgIds: [SANDBOX_ORG_ID] });
      assert.equal(rewardReads().length, 2);
      for (const read of rewardReads()) {
        assert.deepEqual([read.query.groupName, read.query.page, read.query.size], ['VIP Gold', '0', '100']);
      }
      const names = snapshot.brands!.map((entry) => [entry.brand.name, entry.rewards.map((item) => item.reward.name)]);
      // Ranked first by rank in the group, the unranked after.
      assert.deepEqual(names, [
        ['BUKL', ['Lounge pass', 'Free coffee', 'Old voucher']],
        ['BUKL Kids', ['Kids meal']],
      ]);
      assert.deepEqual(
        snapshot.brands![1]!.otherCase.map((item) => item.reward.name),
        ['Typo reward'],
      );
      const count = countRewards(snapshot);
      assert.deepEqual([count.total, count.live, count.complete], [4, 2, true]);
      assert.equal(rewardsRow(snapshot).label, 'Rewards (4)');
      const row = rewardRow(snapshot.brands![0]!.rewards[0]!);
      assert.equal(row.label, 'Lounge pass');
      assert.match(row.description, /^#\d+ · BUKL · UPCOMING · rank 1$/);

      // A second group of the org: the brands are not read again; kept until Refresh.
      await env.deps.rewards.load(sandbox.url, loaded(silver.id)!);
      await env.deps.rewards.load(sandbox.url, loaded(gold.id)!);
      assert.equal(brandReads().length, 1);
      assert.equal(rewardReads().length, 4);
      await refresh(env.deps);
      assert.equal(env.deps.rewards.get(sandbox.url, 'VIP Gold'), undefined);
      await env.deps.rewards.load(sandbox.url, loaded(gold.id)!);
      assert.equal(brandReads().length, 2);
    });

    it('a brand whose rewards fail: the others still show, the failed one keeps why, and Retry reads it', async () => {
      const kids = brands()[1]!;
      sandbox.inject({
        pathIncludes: `/reward/list/brand/${kids.id}`,
        status: 500,
        body: '{"status":{"success":false,"code":500,"message":"boom"}}',
        times: 1,
      });
      const snapshot = await env.deps.rewards.load(sandbox.url, loaded(gold.id)!);
      assert.equal(snapshot.brands![0]!.rewards.length, 3);
      assert.ok(snapshot.brands![1]!.error, 'the failed brand says so');
      assert.deepEqual(countRewards(snapshot).failedBrands, [snapshot.brands![1]!.brand]);
      await loadGroupRewards(env.deps, sandbox.url, 'VIP Gold', kids.id);
      const after = env.deps.rewards.get(sandbox.url, 'VIP Gold')!;
      assert.equal(after.brands![1]!.error, undefined);
      assert.deepEqual(
        after.brands![1]!.rewards.map((item) => item.reward.name),
        ['Kids meal'],
      );
    });

    it('the brand list failing: says so, and Retry reads it again', async () => {
      sandbox.inject({
        pathIncludes: '/brand/getAll',
        status: 500,
        body: '{"status":{"success":false,"code":500,"message":"boom"}}',
        times: 1,
      });
      const failed = await env.deps.rewards.load(sandbox.url, loaded(gold.id)!);
      assert.ok(failed.brandsError);
      assert.equal(rewardsRow(failed).description, 'could not be read');
      await loadGroupRewards(env.deps, sandbox.url, 'VIP Gold');
      assert.equal(countRewards(env.deps.rewards.get(sandbox.url, 'VIP Gold')!).total, 4);
    });

    it('an org with no brands has no rewards: one request, nothing else', async () => {
      sandbox.removeBrands(SANDBOX_ORG_ID);
      const snapshot = await env.deps.rewards.load(sandbox.url, loaded(gold.id)!);
      assert.deepEqual(snapshot.brands, []);
      assert.equal(rewardReads().length, 0);
      assert.equal(rewardsRow(snapshot).label, 'Rewards (0)');
    });

    it('10,000 rewards in one brand: the first page shows with the count, Load more reads the next, a guard reads them all', async () => {
      const bukl = brands()[0]!;
      sandbox.seedRewards({ brandId: bukl.id, count: 10_000, groupNames: ['VIP Bronze'] });
      const snapshot = await env.deps.rewards.load(sandbox.url, loaded(bronze.id)!);
      assert.equal(snapshot.brands![0]!.rewards.length, REWARD_PAGE_SIZE);
      assert.equal(countRewards(snapshot).total, 10_000);
      assert.equal(countRewards(snapshot).complete, false);
      assert.match(rewardsRow(snapshot).description, /100 loaded/);
      await loadGroupRewards(env.deps, sandbox.url, 'VIP Bronze', bukl.id);
      assert.equal(env.deps.rewards.get(sandbox.url, 'VIP Bronze')!.brands![0]!.rewards.length, 2 * REWARD_PAGE_SIZE);
      const all = await env.deps.rewards.loadAll(sandbox.url, loaded(bronze.id)!);
      assert.equal(all.brands![0]!.rewards.length, 10_000);
      assert.equal(countRewards(all).complete, true);
      assert.equal(new Set(all.brands![0]!.rewards.map((item) => item.reward.id)).size, 10_000);
    });
  });

  describe('guards', () => {
    it('a rename first says how many rewards in which brands name the group; Show Rewards shows them and renames nothing', async () => {
      env.ui.choose('Rename…').askWith('Show Rewards');
      await editGroup(env.deps, target(gold));
      assert.equal(env.ui.confirmations[0]!.text, "4 reward(s) in 2 brand(s) name 'VIP Gold'. Renaming unlinks them.");
      assert.equal(
        env.ui.confirmations[0]!.detail,
        'BUKL: 3, BUKL Kids: 1. Rewards refer to groups by name: each must be attached again by hand.',
      );
      assert.equal(env.ui.confirmations[0]!.action, 'Rename Anyway… / Show Rewards');
      assert.deepEqual(
        env.rewardsRevealed.map((g) => g.id),
        [gold.id],
      );
      assert.equal(puts().length, 0);
    });

    it('Rename Anyway goes on to the name prompt and renames; Cancel sends nothing', async () => {
      env.ui.choose('Rename…').askWith(undefined);
      await editGroup(env.deps, target(gold));
      assert.equal(puts().length, 0);
      env.ui.choose('Rename…').askWith('Rename Anyway…').type('VIP Platinum');
      await editGroup(env.deps, target(gold));
      assert.equal(puts().length, 1);
      assert.equal(sandbox.groups().find((g) => g.id === gold.id)!.name, 'VIP Platinum');
      // Each question counts the rewards as they are then: read again, brands included.
      assert.equal(brandReads().length, 2);
    });

    it('a rename whose rewards cannot be read says so, and still lets the user decide', async () => {
      sandbox.inject({
        pathIncludes: '/brand/getAll',
        status: 500,
        body: '{"status":{"success":false,"code":500,"message":"boom"}}',
        times: 1,
      });
      env.ui.choose('Rename…').askWith(undefined);
      await editGroup(env.deps, target(gold));
      assert.match(
        env.ui.confirmations[0]!.text,
        /^Which rewards name 'VIP Gold' could not be read: .*HTTP 500.* Renaming unlinks them\.$/,
      );
      assert.equal(env.ui.confirmations[0]!.action, 'Rename Anyway…');
    });

    /** Expands VIP Gold's Rewards row, then a reward naming it is added on the server: what the row shows is now one short. */
    async function expandThenAddReward(): Promise<void> {
      await env.deps.rewards.load(sandbox.url, loaded(gold.id)!);
      sandbox.addReward({
        brandId: brands()[0]!.id,
        name: 'Late reward',
        status: 'LIVE',
        groups: [{ groupName: 'VIP Gold', groupRank: 3 }],
      });
      sandbox.requests.length = 0;
    }

    /** The reads a guard sent: the brand list, then each brand's pages. */
    const freshReads = () => [
      brandReads().length,
      rewardReads().map((r) => `${r.path.split('/').pop()}:${r.query.page}`),
    ];

    it('a rename counts the rewards as they are now: one added after the row was expanded is counted, from a fresh read', async () => {
      await expandThenAddReward();
      env.ui.choose('Rename…').askWith(undefined);
      await editGroup(env.deps, target(gold));
      assert.equal(env.ui.confirmations[0]!.text, "5 reward(s) in 2 brand(s) name 'VIP Gold'. Renaming unlinks them.");
      assert.deepEqual(freshReads(), [1, ['1:0', '2:0']]);
      // The row shows what the question counted.
      assert.equal(countRewards(env.deps.rewards.get(sandbox.url, 'VIP Gold')!).total, 5);
      assert.equal(puts().length, 0);
    });

    it('a deactivate counts the LIVE rewards as they are now, from a fresh read', async () => {
      await expandThenAddReward();
      env.ui.confirmWith(false);
      await setGroupActive(env.deps, target(gold), false);
      assert.match(
        env.ui.confirmations[0]!.detail,
        /^3 LIVE reward\(s\) are in 'VIP Gold' \(BUKL: 2, BUKL Kids: 1\)\./,
      );
      assert.deepEqual(freshReads(), [1, ['1:0', '2:0']]);
    });

    it('a plan counts the rewards its rank changes move as they are now, from a fresh read', async () => {
      await expandThenAddReward();
      const file = path.join(env.files.folder, 'catalog.capillary-groups.json');
      fs.writeFileSync(file, '{\n  "groups": [\n    { "name": "VIP Gold", "rank": 5 }\n  ]\n}\n');
      await planGroupsFile(env.deps, { uri: file, label: 'catalog.capillary-groups.json' });
      await env.ui.settle();
      assert.match(
        env.ui.messages.at(-1)!.text,
        /Rewards: rank changes move the sections of 5 reward\(s\) — VIP Gold: rank 1 → 5, moves 5 reward\(s\)\./,
      );
      assert.deepEqual(freshReads(), [1, ['1:0', '2:0']]);
    });

    it('a deactivate says how many LIVE rewards are in the group', async () => {
      env.ui.confirmWith(false);
      await setGroupActive(env.deps, target(gold), false);
      assert.match(
        env.ui.confirmations[0]!.detail,
        /^2 LIVE reward\(s\) are in 'VIP Gold' \(BUKL: 1, BUKL Kids: 1\)\. A deactivated group no longer shows/,
      );
      assert.equal(puts().length, 0);
    });
  });

  describe('catalog order and reordering', () => {
    it('Sort Groups → catalog order: the active groups by rank, as the catalog shows its sections', async () => {
      sandbox.addGroup({ name: 'Old section', rank: 0, isActive: false });
      env.ui.choose('In catalog order (active groups by rank)');
      await sortGroups(env.deps);
      const query = sandbox.requests.at(-1)!.query;
      assert.deepEqual([query.active, query.sortOn, query.orderBy], ['true', 'RANK', 'ASC']);
      assert.deepEqual(
        env.deps.list.get(sandbox.url)!.groups.map((g) => g.name),
        ['VIP Gold', 'VIP Silver', 'VIP Bronze'],
      );
    });

    it('Move Up: previews the rank changes, then sends them once each; the list shows the new order', async () => {
      env.ui.confirmWith(true);
      await moveGroup(env.deps, target(bronze), { by: -1 });
      const question = env.ui.confirmations[0]!;
      assert.match(question.text, /^Move 'VIP Bronze' to place 2 of 3 in the catalog of /);
      assert.equal(question.detail, 'VIP Silver: 2 → 4');
      assert.equal(question.action, 'Change 1 Rank');
      assert.equal(puts().length, 1);
      const ranks = Object.fromEntries(sandbox.groups().map((g) => [g.name, g.rank]));
      assert.deepEqual(ranks, { 'VIP Gold': 1, 'VIP Silver': 4, 'VIP Bronze': 3 });
      assert.match(
        env.ui.messages.at(-1)!.text,
        /'VIP Bronze' is now at place 2 of 3 in the catalog of .*: 1 rank\(s\) changed\./,
      );
    });

    it('Move to Top: the group takes the first place with the fewest rank changes', async () => {
      env.ui.confirmWith(true);
      await moveGroup(env.deps, target(bronze), { toPlace: 0 });
      assert.match(env.ui.confirmations[0]!.text, /^Move 'VIP Bronze' to place 1 of 3 in the catalog of /);
      assert.equal(env.ui.confirmations[0]!.detail, 'VIP Gold: 1 → 4 · VIP Silver: 2 → 5');
      const ranks = Object.fromEntries(sandbox.groups().map((g) => [g.name, g.rank]));
      assert.deepEqual(ranks, { 'VIP Gold': 4, 'VIP Silver': 5, 'VIP Bronze': 3 });
      await moveGroup(env.deps, target(bronze), { toPlace: 0 });
      assert.equal(env.ui.statuses.at(-1), "'VIP Bronze' already shows at place 1 of 3: nothing to change");
    });

    it('Move to Position…: asks for a place of the catalog (a place outside it refused, what was typed kept), then moves there', async () => {
      env.ui.type('0', '4', 'two', '2').confirmWith(true);
      await moveGroup(env.deps, target(gold), { toPlace: 'ask' });
      const [asked] = env.ui.inputs;
      assert.equal(asked!.request.prompt, "'VIP Gold' is section 1 of 3. Move it to which place (1–3)?");
      assert.deepEqual(
        asked!.rejected.map((r) => r.message),
        ['Enter a place from 1 to 3.', 'Enter a place from 1 to 3.', 'Enter a place from 1 to 3.'],
      );
      assert.match(env.ui.confirmations[0]!.text, /^Move 'VIP Gold' to place 2 of 3 in the catalog of /);
      const order = [...sandbox.groups()].sort((a, b) => a.rank! - b.rank!).map((g) => g.name);
      assert.deepEqual(order, ['VIP Silver', 'VIP Gold', 'VIP Bronze']);
    });

    it('Move to Position… with Escape sends nothing', async () => {
      env.ui.type(undefined);
      await moveGroup(env.deps, target(gold), { toPlace: 'ask' });
      assert.equal(puts().length, 0);
      assert.match(env.ui.statuses.at(-1)!, /^Nothing was sent to /);
    });

    it('Move Up on the first section and Move Down on the last: nothing to move, nothing sent', async () => {
      await moveGroup(env.deps, target(gold), { by: -1 });
      await moveGroup(env.deps, target(bronze), { by: 1 });
      assert.deepEqual(env.ui.statuses, [
        "'VIP Gold' is already the first section of the catalog",
        "'VIP Bronze' is already the last section of the catalog",
      ]);
      assert.equal(puts().length, 0);
    });

    it('a drop onto itself, onto an inactive group, onto another connection’s group, or of an inactive group: refused with the reason, nothing read', async () => {
      const inactive = sandbox.addGroup({ name: 'Retired', rank: 9, isActive: false });
      await moveGroup(env.deps, target(gold), { onto: target(gold) });
      await moveGroup(env.deps, target(gold), { onto: target(inactive) });
      await moveGroup(env.deps, target(gold), {
        onto: {
          connectionKey: 'https://eu.api.capillarytech.com|Production',
          group: { ...gold, orgId: SECOND_ORG_ID },
        },
      });
      await moveGroup(env.deps, target(inactive), { onto: target(gold) });
      assert.deepEqual(
        env.ui.messages.map((m) => m.text),
        [
          "'VIP Gold' was dropped onto itself: nothing to move.",
          "'Retired' is inactive, so not a section of the catalog: drop 'VIP Gold' onto an active group.",
          `'VIP Gold' cannot move among the groups of another connection: each org has its own catalog. Drop it onto a group of ${sandbox.url.replace('http://', '')}.`,
          "'Retired' is inactive, so not a section of the catalog: activate it first.",
        ],
      );
      assert.equal(sandbox.requests.length, 0);
    });

    it('a drop onto a group further down takes its place; a group a colleague changed meanwhile is skipped, and said', async () => {
      const confirm = env.ui.confirm.bind(env.ui);
      env.ui.confirmWith(true);
      env.ui.confirm = async (text, detail, action) => {
        env.ui.confirm = confirm;
        await colleagueClient(sandbox).update(gold.id, { name: 'VIP Gold', rank: 5, isActive: true });
        return confirm(text, detail, action);
      };
      await moveGroup(env.deps, target(gold), { onto: target(bronze) });
      assert.match(env.ui.confirmations[0]!.text, /^Move 'VIP Gold' to place 3 of 3 /);
      assert.equal(env.ui.confirmations[0]!.detail, 'VIP Gold: 1 → 4');
      assert.equal(puts().length, 1, "only the colleague's PUT");
      assert.equal(sandbox.groups().find((g) => g.id === gold.id)!.rank, 5, "the colleague's rank stays");
      assert.match(
        env.ui.messages.at(-1)!.text,
        /^Moving 'VIP Gold' changed 0 of 1 ranks; .* 'VIP Gold': changed on the server since the plan \(rank 1 → 5\); nothing was sent/,
      );
    });

    it('200 spaced sections: moving one far up sends one update', async () => {
      sandbox.reset();
      for (let i = 1; i <= 200; i++) sandbox.addGroup({ name: `Section ${i}`, rank: i * 10 });
      await env.deps.list.refresh(sandbox.url);
      sandbox.requests.length = 0;
      const moved = sandbox.groups()[150]!;
      const onto = sandbox.groups()[20]!;
      env.ui.confirmWith(true);
      await moveGroup(env.deps, target(moved), { onto: target(onto) });
      assert.equal(puts().length, 1);
      const order = [...sandbox.groups()].sort((a, b) => a.rank! - b.rank!).map((g) => g.name);
      assert.equal(order.indexOf(moved.name), 20);
    });
  });
});
