import { strict as assert } from 'assert';
import type { Group, ListGroupsQuery } from '../../src/api/types';
import { createGroup } from '../../src/commands/createGroup';
import { editGroup } from '../../src/commands/editGroup';
import { findGroup } from '../../src/commands/findGroup';
import { sortGroups } from '../../src/commands/listView';
import { openGroupJson } from '../../src/commands/openJson';
import { loadMore } from '../../src/commands/refresh';
import { setGroupActive } from '../../src/commands/setActive';
import { compareGroups, type ListOptions } from '../../src/groups/listOptions';
import { shortName } from '../../src/messages/names';
import type { PickItem } from '../../src/ui/port';
import { listSummary } from '../../src/views/groupPresentation';
import type { Sandbox, SandboxGroup } from '../sandbox/server';
import { demoBasic, type FlowEnv } from '../support/env';
import { flowEnv, useSandbox } from '../support/sandboxTier';

/**
 * The order of the Groups view: only the orders Capillary documents, and groups created, found or
 * edited here placed and counted the way the server would list them.
 */
describe('list order and groups changed here, against the sandbox', () => {
  let sandbox: Sandbox;
  let env: FlowEnv;
  const snapshot = () => env.deps.list.get(sandbox.url)!;
  const ranks = () => snapshot().groups.map((g) => g.rank);
  const names = () => snapshot().groups.map((g) => g.name);
  const stored = (name: string) => sandbox.groups().find((g) => g.name === name)!;
  const target = (group: SandboxGroup) => ({
    connectionKey: sandbox.url,
    group: snapshot().groups.find((g) => g.id === group.id) ?? group,
  });
  /** Opens the view on an org with these ranks (every group active, named after its rank). */
  const org = async (groupRanks: (number | null)[], pageSize = 50) => {
    for (const [i, rank] of groupRanks.entries()) sandbox.addGroup({ name: `Rank ${rank ?? 'none'} ${i}`, rank });
    env = flowEnv({ host: sandbox.url, pageSize });
    await env.credentials.save(sandbox.url, demoBasic);
    await env.deps.list.refresh(sandbox.url);
  };
  const create = async (name: string, rank: number | null) => {
    env.ui
      .type(name)
      .type(rank === null ? '' : String(rank))
      .answer(undefined);
    await createGroup(env.deps);
    await env.ui.settle();
  };

  useSandbox({
    bind: (started) => (sandbox = started),
    scriptUsed: true,
  });

  describe('the sandbox', () => {
    const ids = async (query: string): Promise<number[]> => {
      const answer = await fetch(`${sandbox.url}/api_gateway/core/v1/group?${query}`, {
        headers: { authorization: `Basic ${Buffer.from(`demo.till:${demoBasic.passwordMd5}`).toString('base64')}` },
      });
      assert.equal(answer.status, 200, await answer.clone().text());
      return ((await answer.json()) as { groupRoList: Group[] }).groupRoList.map((g) => g.id);
    };

    it('sorts by rank when sortOn is absent, as Capillary documents (ties by id, null ranks last)', async () => {
      for (const rank of [5, null, 1, 9, 1, null]) sandbox.addGroup({ name: `G ${sandbox.groups().length}`, rank });
      const [a, b, c, d, e, f] = sandbox.groups().map((g) => g.id);
      assert.deepEqual(await ids('size=10'), [c, e, a, d, b, f]);
      assert.deepEqual(await ids('size=10&orderBy=ASC'), await ids('size=10&sortOn=RANK&orderBy=ASC'));
      assert.deepEqual(await ids('size=10&orderBy=DESC'), [d, a, c, e, b, f]);
      assert.deepEqual(await ids('size=10&orderBy=DESC'), await ids('size=10&sortOn=RANK&orderBy=DESC'));
    });
  });

  describe('orders offered', () => {
    it('offers only the orders Capillary documents, plus the name sort of the loaded groups, with the current one marked', async () => {
      await org([3, 1, 2]);
      let offered: PickItem<unknown>[] = [];
      const pick = env.ui.pick.bind(env.ui);
      env.ui.pick = <T>(items: PickItem<T>[], options: { title: string }) => {
        offered = items;
        return pick(items, options);
      };
      env.ui.choose('By last update, newest first');
      await sortGroups(env.deps);
      assert.deepEqual(
        offered.map((item) => item.label),
        [
          'In catalog order (active groups by rank)',
          'By rank, lowest first',
          'By rank, highest first',
          'By last update, newest first',
          'By last update, oldest first',
          'By name, A to Z',
          'By name, Z to A',
        ],
      );
      assert.deepEqual(
        offered.map((item) => item.description),
        [
          'the sections as the Rewards Catalog shows them; drag a group to reorder',
          'current',
          '',
          '',
          '',
          'sorts the loaded groups only: Capillary cannot sort by name',
          'sorts the loaded groups only: Capillary cannot sort by name',
        ],
      );
      assert.deepEqual(sandbox.requests.at(-1)!.query, {
        page: '0',
        size: '50',
        sortOn: 'LAST_UPDATED_ON',
        orderBy: 'DESC',
      });
      env.ui.choose('By rank, lowest first');
      await sortGroups(env.deps);
      assert.equal(offered.find((item) => item.description === 'current')!.label, 'By last update, newest first');
    });

    it('reads the first page by rank, lowest first, asking the server for it explicitly', async () => {
      await org([3, null, 1, 2]);
      assert.deepEqual(sandbox.requests.at(-1)!.query, { page: '0', size: '50', sortOn: 'RANK', orderBy: 'ASC' });
      assert.deepEqual(ranks(), [1, 2, 3, null]);
      assert.equal(listSummary(snapshot()), 'Showing 4 of 4 groups · by rank, lowest first');
    });

    it('orders groups here exactly as the sandbox does, for every order offered', async () => {
      sandbox.seed(40);
      for (const rank of [5, 5, null, -3]) sandbox.addGroup({ name: `Extra ${sandbox.groups().length}`, rank });
      const sorts: Pick<ListOptions, 'sortBy' | 'direction'>[] = [
        { sortBy: 'rank', direction: 'ASC' },
        { sortBy: 'rank', direction: 'DESC' },
        { sortBy: 'lastUpdated', direction: 'ASC' },
        { sortBy: 'lastUpdated', direction: 'DESC' },
      ];
      env = flowEnv({ host: sandbox.url, pageSize: 1000 });
      await env.credentials.save(sandbox.url, demoBasic);
      for (const sort of sorts) {
        const query: ListGroupsQuery = {
          page: 0,
          size: 1000,
          sortOn: sort.sortBy === 'rank' ? 'RANK' : 'LAST_UPDATED_ON',
          orderBy: sort.direction,
        };
        const fromServer = (await env.groups().listGroups(query)).page.groups.map((g) => g.id);
        const here = [...sandbox.groups()].sort(compareGroups(sort)).map((g) => g.id);
        assert.deepEqual(here, fromServer, `${sort.sortBy} ${sort.direction}`);
      }
    });
  });

  describe('groups created here', () => {
    it('puts a new rank-5 group between ranks 4 and 6, and counts it: "Showing 11 of 11 groups"', async () => {
      await org([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await create('Fresh Five', 5);
      assert.deepEqual(ranks(), [0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9]);
      assert.equal(names()[6], 'Fresh Five', 'after the older rank 5: ties go by id');
      assert.equal(listSummary(snapshot()), 'Showing 11 of 11 groups · by rank, lowest first');
    });

    it('counts a group created here in an org of 3: "Showing 4 of 4 groups"', async () => {
      await org([1, 2, 3]);
      await create('Fourth', null);
      assert.equal(listSummary(snapshot()), 'Showing 4 of 4 groups · by rank, lowest first');
    });

    it('merges groups created here into the server pages on Load more: ranks 1, 2, 3, 4, 7, none', async () => {
      await org([1, 2, 3], 2);
      await create('Four', 4);
      await create('Seven', 7);
      await create('Unranked', null);
      assert.deepEqual(ranks(), [1, 2, 4, 7, null], 'rank 3 is not loaded yet');
      assert.equal(listSummary(snapshot()), 'Showing 5 of 6 groups · by rank, lowest first');
      while (!snapshot().last) await loadMore(env.deps);
      assert.deepEqual(ranks(), [1, 2, 3, 4, 7, null]);
      assert.equal(listSummary(snapshot()), 'Showing 6 of 6 groups · by rank, lowest first');
    });

    it("lists a group created under a name filter only when it contains the filter's text", async () => {
      await org([1, 2]);
      sandbox.addGroup({ name: 'Gold Tier', rank: 3 });
      await env.deps.list.setOptions(sandbox.url, { name: 'tier' });
      await create('Platinum', 4);
      await create('Silver TIER', 5);
      await create('Bronze', 6);
      assert.deepEqual(names(), ['Gold Tier', 'Silver TIER']);
      assert.equal(listSummary(snapshot()), "Showing 2 of 2 matching 'tier' · by rank, lowest first");
    });

    it('after a refresh, shows what the server answered', async () => {
      await org([1, 2, 3], 2);
      await create('Nine', 9);
      assert.deepEqual(ranks(), [1, 2, 9]);
      await env.deps.list.refresh(sandbox.url);
      assert.deepEqual(ranks(), [1, 2], 'Nine is on the second page');
      assert.equal(listSummary(snapshot()), 'Showing 2 of 4 groups · by rank, lowest first');
    });
  });

  describe('groups found here', () => {
    it('shows a group found here that was not loaded where the sort puts it, counted as shown but not added to the total', async () => {
      await org([1, 2, 3, 4, 5], 2);
      const five = stored('Rank 5 4');
      env.ui.type(String(five.id));
      await findGroup(env.deps);
      assert.deepEqual(ranks(), [1, 2, 5]);
      assert.equal(listSummary(snapshot()), 'Showing 3 of 5 groups · by rank, lowest first');
      while (!snapshot().last) await loadMore(env.deps);
      assert.deepEqual(ranks(), [1, 2, 3, 4, 5]);
      assert.equal(listSummary(snapshot()), 'Showing 5 of 5 groups · by rank, lowest first');
    });

    it('does not list a group found here that the filter or active-only excludes', async () => {
      await org([1, 2]);
      const bronze = sandbox.addGroup({ name: 'Bronze', rank: 3 });
      const tierOff = sandbox.addGroup({ name: 'Old Tier', rank: 4, isActive: false });
      sandbox.addGroup({ name: 'Gold Tier', rank: 5 });
      await env.deps.list.setOptions(sandbox.url, { name: 'tier', activeOnly: true });
      env.ui.type(String(bronze.id)).type(String(tierOff.id));
      await findGroup(env.deps);
      await findGroup(env.deps);
      assert.deepEqual(names(), ['Gold Tier']);
      assert.equal(listSummary(snapshot()), "Showing 1 of 1 matching 'tier' · active only · by rank, lowest first");
    });
  });

  describe('groups edited here', () => {
    it('moves a row whose rank changed to where the sort puts it', async () => {
      await org([0, 1, 2, 3, 4]);
      env.ui.choose('Change Rank…').type('7');
      await editGroup(env.deps, target(stored('Rank 1 1')));
      assert.deepEqual(names(), ['Rank 0 0', 'Rank 2 2', 'Rank 3 3', 'Rank 4 4', 'Rank 1 1']);
      env.ui.choose('Change Rank…').type('3');
      await editGroup(env.deps, target(stored('Rank 4 4')));
      assert.deepEqual(
        names(),
        ['Rank 0 0', 'Rank 2 2', 'Rank 3 3', 'Rank 4 4', 'Rank 1 1'],
        'rank 3 twice: the lower id first',
      );
      env.ui.choose('Change Rank…').type('');
      await editGroup(env.deps, target(stored('Rank 0 0')));
      assert.deepEqual(ranks(), [2, 3, 3, 7, null]);
      assert.equal(listSummary(snapshot()), 'Showing 5 of 5 groups · by rank, lowest first');
    });

    it('moves a renamed row under the name sort, and takes it out of a filtered list once it no longer matches', async () => {
      await org([1, 2, 3]);
      await env.deps.list.setOptions(sandbox.url, { sortBy: 'name', direction: 'ASC' });
      env.ui.choose('Rename…').confirmWith(true).type('Zinc Tier');
      await editGroup(env.deps, target(stored('Rank 1 0')));
      assert.deepEqual(names(), ['Rank 2 1', 'Rank 3 2', 'Zinc Tier']);
      await env.deps.list.setOptions(sandbox.url, { name: 'tier' });
      assert.deepEqual(names(), ['Zinc Tier']);
      env.ui.choose('Rename…').confirmWith(true).type('Zinc');
      await editGroup(env.deps, target(stored('Zinc Tier')));
      assert.deepEqual(names(), []);
      assert.equal(snapshot().total, 0);
    });

    it('moves a row that was deactivated under last update, newest first', async () => {
      sandbox.seed(2); // updated an hour or more ago, the second last
      env = flowEnv({ host: sandbox.url });
      await env.credentials.save(sandbox.url, demoBasic);
      await env.deps.list.setOptions(sandbox.url, { sortBy: 'lastUpdated', direction: 'DESC' });
      const [older, newer] = sandbox.groups();
      assert.deepEqual(names(), [newer!.name, older!.name]);
      env.ui.confirmWith(true); // Deactivate asks first
      await setGroupActive(env.deps, target(older!), false);
      await env.ui.settle();
      assert.deepEqual(names(), [older!.name, newer!.name], 'just updated: first');
      assert.equal(snapshot().groups[0]!.isActive, false);
      assert.equal(listSummary(snapshot()), 'Showing 2 of 2 groups · by last update, newest first');
    });

    it('tells listeners which group changed, so that its JSON tab can show the new values', async () => {
      await org([1, 2]);
      const changed: { connectionKey: string; group: Group }[] = [];
      env.deps.list.onDidUpdateGroup((event) => changed.push(event));
      env.ui.choose('Change Rank…').type('8');
      await editGroup(env.deps, target(stored('Rank 1 0')));
      assert.deepEqual(changed, [{ connectionKey: sandbox.url, group: stored('Rank 1 0') }]);
      assert.equal(changed[0]!.group.rank, 8);
    });
  });

  describe('Open as JSON', () => {
    it('names the tab after a long name cut short, keeping the id', async () => {
      await org([1]);
      const long = sandbox.addGroup({ name: `${'Very long reward group name '.repeat(9)}end`.slice(0, 255), rank: 2 });
      await env.deps.list.refresh(sandbox.url);
      await openGroupJson(env.deps, target(long));
      const [document] = env.ui.documents;
      assert.equal(
        document!.name,
        `${sandbox.url.replace('http://', '').replace(':', '_')}/${long.id} ${shortName(long.name)}.json`,
      );
      assert.ok(document!.name.length < 80, document!.name);
      assert.deepEqual(JSON.parse(document!.content), long);
    });
  });
});
