import { strict as assert } from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { CapillaryError } from '../../src/api/errors';
import { GroupList, LIST_KEY_PREFIX } from '../../src/groups/groupList';
import {
  compareGroups,
  DEFAULT_LIST_OPTIONS,
  describeSort,
  listQuery,
  orderLoaded,
  parseListOptions,
} from '../../src/groups/listOptions';
import { listSummary } from '../../src/views/groupPresentation';
import type { Sandbox } from '../sandbox/server';
import { demoBasic, type FlowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';

describe('list options', () => {
  it('maps filter and sort to the documented query parameters', () => {
    assert.deepEqual(
      listQuery(DEFAULT_LIST_OPTIONS, 0, 50),
      { page: 0, size: 50, sortOn: 'RANK', orderBy: 'ASC' },
      'by rank, lowest first, asked for explicitly',
    );
    assert.deepEqual(listQuery({ name: '  gold ', activeOnly: true, sortBy: 'rank', direction: 'ASC' }, 3, 20), {
      page: 3,
      size: 20,
      name: 'gold',
      active: true,
      sortOn: 'RANK',
      orderBy: 'ASC',
    });
    assert.deepEqual(listQuery({ ...DEFAULT_LIST_OPTIONS, sortBy: 'lastUpdated', direction: 'DESC' }, 1, 10), {
      page: 1,
      size: 10,
      sortOn: 'LAST_UPDATED_ON',
      orderBy: 'DESC',
    });
    assert.deepEqual(
      listQuery({ ...DEFAULT_LIST_OPTIONS, sortBy: 'name', direction: 'ASC' }, 0, 10),
      { page: 0, size: 10 },
      'no server sort by name',
    );
  });

  it('sorts loaded groups by name itself, since Capillary cannot', () => {
    const groups = ['beta', 'Alpha', 'gamma 10', 'gamma 9'].map((name, id) => ({ name, id }) as never);
    assert.deepEqual(
      orderLoaded(groups, { ...DEFAULT_LIST_OPTIONS, sortBy: 'name', direction: 'ASC' }).map(
        (g: { name: string }) => g.name,
      ),
      ['Alpha', 'beta', 'gamma 9', 'gamma 10'],
    );
    assert.deepEqual(
      orderLoaded(groups, { ...DEFAULT_LIST_OPTIONS, sortBy: 'name', direction: 'DESC' }).map(
        (g: { name: string }) => g.name,
      ),
      ['gamma 10', 'gamma 9', 'beta', 'Alpha'],
    );
    assert.deepEqual(orderLoaded(groups, DEFAULT_LIST_OPTIONS), groups, 'server order kept');
  });

  it('describes each sort and reads back only valid saved options', () => {
    assert.equal(describeSort(DEFAULT_LIST_OPTIONS), 'by rank, lowest first');
    assert.equal(describeSort({ sortBy: 'rank', direction: 'DESC' }), 'by rank, highest first');
    assert.equal(describeSort({ sortBy: 'lastUpdated', direction: 'DESC' }), 'by last update, newest first');
    assert.deepEqual(parseListOptions({ name: 'x', activeOnly: 'yes', sortBy: 'colour', direction: 'UP' }), {
      ...DEFAULT_LIST_OPTIONS,
      name: 'x',
    });
    assert.deepEqual(parseListOptions(undefined), DEFAULT_LIST_OPTIONS);
  });

  it('migrates saved options with the creation order, which Capillary does not document, to the default', () => {
    assert.deepEqual(DEFAULT_LIST_OPTIONS, { name: '', activeOnly: false, sortBy: 'rank', direction: 'ASC' });
    assert.deepEqual(parseListOptions({ name: 'gold', activeOnly: true, sortBy: 'created', direction: 'DESC' }), {
      name: 'gold',
      activeOnly: true,
      sortBy: 'rank',
      direction: 'ASC',
    });
    assert.deepEqual(parseListOptions({ sortBy: 'created', direction: 'ASC' }), DEFAULT_LIST_OPTIONS);
    assert.deepEqual(parseListOptions({ sortBy: 'lastUpdated', direction: 'DESC' }), {
      ...DEFAULT_LIST_OPTIONS,
      sortBy: 'lastUpdated',
      direction: 'DESC',
    });
  });
});

describe('GroupList against the sandbox', () => {
  let sandbox: Sandbox;
  let env: FlowEnv;
  let list: GroupList;
  const listRequests = () => sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/group'));

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url, pageSize: 50 }), signedIn: true, bind: (fresh) => (env = fresh) },
  });
  beforeEach(() => {
    sandbox.seed(120);
    list = env.deps.list;
  });

  it('reads the first page only, then appends pages until the last', async () => {
    await list.refresh(sandbox.url);
    let snapshot = list.get(sandbox.url)!;
    assert.equal(snapshot.groups.length, 50);
    assert.equal(snapshot.total, 120);
    assert.equal(snapshot.last, false);
    assert.deepEqual(listRequests()[0]!.query, { page: '0', size: '50', sortOn: 'RANK', orderBy: 'ASC' });
    assert.match(listSummary(snapshot), /^Showing 50 of 120 groups · by rank, lowest first$/);
    await list.loadMore(sandbox.url);
    await list.loadMore(sandbox.url);
    snapshot = list.get(sandbox.url)!;
    assert.equal(snapshot.groups.length, 120);
    assert.equal(snapshot.last, true);
    assert.deepEqual(
      listRequests().map((r) => r.query.page),
      ['0', '1', '2'],
    );
    assert.equal(new Set(snapshot.groups.map((g) => g.id)).size, 120, 'no duplicates');
    assert.deepEqual(
      snapshot.groups.map((g) => g.id),
      [...sandbox.groups()].sort(compareGroups(DEFAULT_LIST_OPTIONS)).map((g) => g.id),
      'by rank, lowest first; ties by id, no rank last',
    );
    assert.equal(snapshot.groups.at(-1)!.rank, null);
  });

  it('joins a refresh or load-more asked for while one runs', async () => {
    sandbox.inject({
      status: 200,
      body: JSON.stringify({
        status: { success: true, code: 12013, message: 'ok' },
        groupRoList: [],
        pagingDto: {
          first: true,
          last: true,
          number: 0,
          size: 50,
          numberOfElements: 0,
          totalElements: 0,
          totalPages: 0,
        },
      }),
      delayMs: 200,
    });
    await Promise.all([list.refresh(sandbox.url), list.refresh(sandbox.url), list.refresh(sandbox.url)]);
    assert.equal(listRequests().length, 1);
    await list.refresh(sandbox.url);
    await Promise.all([list.loadMore(sandbox.url), list.loadMore(sandbox.url)]);
    assert.equal(listRequests().length, 3);
  });

  it('filters by name on the server and says "Showing N of M matching"', async () => {
    await list.setOptions(sandbox.url, { name: 'group 001' });
    const snapshot = list.get(sandbox.url)!;
    assert.deepEqual(listRequests().at(-1)!.query, {
      page: '0',
      size: '50',
      name: 'group 001',
      sortOn: 'RANK',
      orderBy: 'ASC',
    });
    // Of the 120 seeds, 'Seed Group 00100' to '00120' match; lowest rank first.
    const matching = sandbox.groups().filter((g) => g.name.toLowerCase().includes('group 001'));
    assert.equal(matching.length, 21);
    assert.deepEqual(
      snapshot.groups.map((g) => g.name),
      matching.sort(compareGroups(DEFAULT_LIST_OPTIONS)).map((g) => g.name),
    );
    assert.equal(listSummary(snapshot), "Showing 21 of 21 matching 'group 001' · by rank, lowest first");
  });

  it('shows active groups only, sorted by rank, and remembers the choice per host', async () => {
    await list.setOptions(sandbox.url, { activeOnly: true, sortBy: 'rank', direction: 'ASC' });
    const snapshot = list.get(sandbox.url)!;
    // Every 5th seed is inactive: 96 of the 120 are active, 50 on the first page.
    assert.equal(snapshot.total, 96);
    assert.deepEqual(
      snapshot.groups.map((g) => g.isActive),
      Array(50).fill(true),
    );
    const ranks = snapshot.groups.map((g) => g.rank).filter((r): r is number => r !== null);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
    assert.match(listSummary(snapshot), /· active only · by rank, lowest first$/);
    const again = new GroupList((k, q, s) => env.connections.listGroups(k, q, s), env.memento);
    assert.deepEqual(again.options(sandbox.url), { name: '', activeOnly: true, sortBy: 'rank', direction: 'ASC' });
    assert.deepEqual(again.options('https://eu.api.capillarytech.com'), DEFAULT_LIST_OPTIONS);
  });

  it('says that a name sort covers the loaded groups only while more pages exist', async () => {
    await list.setOptions(sandbox.url, { sortBy: 'name', direction: 'ASC' });
    assert.match(listSummary(list.get(sandbox.url)!), /by name, A to Z \(loaded groups only\)$/);
  });

  it('adds a created group where the sort puts it, marked new and counted, and moves an updated one, without requests', async () => {
    await list.refresh(sandbox.url);
    const before = sandbox.requests.length;
    const created = (await env.groups().createGroup({ name: 'Fresh', rank: 1 })).group;
    list.addCreated(sandbox.url, created);
    let snapshot = list.get(sandbox.url)!;
    const place = snapshot.groups.findIndex((g) => g.id === created.id);
    assert.ok(place > 0, 'not at the top: other groups have rank 1 and lower ids');
    assert.equal(snapshot.groups[place - 1]!.rank, 1);
    assert.ok(snapshot.groups[place + 1]!.rank! > 1);
    assert.deepEqual([...snapshot.newIds], [created.id]);
    assert.equal(snapshot.total, 121, 'the group exists on the server now');
    assert.equal(listSummary(snapshot), 'Showing 51 of 121 groups · by rank, lowest first');
    const moved = snapshot.groups[3]!;
    list.upsert(sandbox.url, { ...moved, rank: 0 });
    snapshot = list.get(sandbox.url)!;
    assert.equal(snapshot.groups[0]!.id, moved.id);
    assert.equal(snapshot.groups[0]!.rank, 0);
    assert.equal(snapshot.groups.length, 51);
    assert.equal(sandbox.requests.length, before + 1, 'only the create itself');
  });

  it('shows the last list, marked cached, when the host cannot be reached, and recovers', async () => {
    await list.refresh(sandbox.url);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    // A new window on a host that is down: the list kept in globalState is shown.
    env.memento.data.set(
      `${LIST_KEY_PREFIX}|${deadOrigin}`,
      env.memento.data.get(`${LIST_KEY_PREFIX}|${sandbox.url}`)!,
    );
    env.settings.values.host = deadOrigin;
    await env.credentials.save(deadOrigin, demoBasic);
    const reopened = new GroupList((k, q, s) => env.connections.listGroups(k, q, s), env.memento);
    await reopened.refresh(deadOrigin);
    const snapshot = reopened.get(deadOrigin)!;
    assert.equal(snapshot.source, 'cache');
    assert.equal(snapshot.groups.length, 50);
    assert.match(String(snapshot.error), /ECONNREFUSED/);
    assert.match(listSummary(snapshot), / · cached /);
  });

  it('keeps what it had, marked cached, after a 503, and clears the mark on the next success', async () => {
    await list.refresh(sandbox.url);
    sandbox.inject({ status: 503, body: '<html>down</html>', headers: { 'content-type': 'text/html' }, times: 3 });
    await list.refresh(sandbox.url);
    assert.equal(list.get(sandbox.url)!.source, 'cache');
    assert.equal(list.get(sandbox.url)!.groups.length, 50);
    await list.refresh(sandbox.url);
    assert.equal(list.get(sandbox.url)!.source, 'server');
    assert.equal(list.get(sandbox.url)!.error, undefined);
  });

  it('shows an error, not a blank list, when there is nothing cached', async () => {
    sandbox.inject({ status: 503, body: '', times: 3 });
    await list.refresh(sandbox.url);
    const snapshot = list.get(sandbox.url)!;
    assert.equal(snapshot.source, 'server');
    assert.ok(snapshot.error instanceof CapillaryError, String(snapshot.error));
    assert.equal(snapshot.error.kind, 'not-capillary');
    assert.equal(snapshot.error.status, 503);
    assert.equal(snapshot.failedLoad, 'first');
    assert.deepEqual(snapshot.groups, []);
  });

  it('keeps the loaded pages when a load-more fails', async () => {
    await list.refresh(sandbox.url);
    sandbox.inject({ status: 502, body: '', times: 3 });
    await list.loadMore(sandbox.url);
    const snapshot = list.get(sandbox.url)!;
    assert.equal(snapshot.groups.length, 50);
    assert.ok(snapshot.error instanceof CapillaryError, String(snapshot.error));
    assert.equal(snapshot.error.kind, 'not-capillary');
    assert.equal(snapshot.error.status, 502);
    assert.equal(snapshot.failedLoad, 'more');
    assert.equal(snapshot.pagesLoaded, 1);
  });
});
