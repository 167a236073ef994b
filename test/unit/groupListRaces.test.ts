import { strict as assert } from 'assert';
import { CapillaryError } from '../../src/api/errors';
import type { Group, GroupPage, ListGroupsQuery } from '../../src/api/types';
import { GroupList } from '../../src/groups/groupList';
import { MemoryMemento } from '../support/fakes';

/** Answers held back until the test says so, to put list loads in any order. */
class HeldPages {
  readonly calls: { query: ListGroupsQuery; resolve: (page: GroupPage) => void; reject: (error: unknown) => void }[] =
    [];
  origin = 'https://a.example';
  readonly source = (_key: string, query: ListGroupsQuery) =>
    new Promise<{ connectionKey: string; page: GroupPage }>((resolve, reject) => {
      this.calls.push({ query, resolve: (page) => resolve({ connectionKey: this.origin, page }), reject });
    });
}

const group = (id: number, extra: Partial<Group> = {}): Group => ({
  id,
  orgId: 1,
  name: `G${id}`,
  rank: id,
  isActive: true,
  createdBy: 1,
  createdOn: id * 1000,
  createdOnDateTime: '',
  lastUpdatedBy: 1,
  lastUpdatedOn: id * 1000,
  lastUpdatedOnDateTime: '',
  ...extra,
});

function page(ids: number[], pageNumber: number, total: number, size: number): GroupPage {
  const last = (pageNumber + 1) * size >= total;
  return {
    groups: ids.map((id) => group(id)),
    paging: {
      first: pageNumber === 0,
      last,
      number: pageNumber,
      size,
      numberOfElements: ids.length,
      totalElements: total,
      totalPages: Math.ceil(total / size),
    },
  };
}

const down = () =>
  new CapillaryError({
    kind: 'network',
    method: 'GET',
    origin: 'https://a.example',
    path: '/g',
    cause: 'ECONNREFUSED',
  });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupList when answers arrive late or out of order', () => {
  const origin = 'https://a.example';
  let held: HeldPages;
  let list: GroupList;
  let size: number;

  beforeEach(() => {
    held = new HeldPages();
    size = 2;
    list = new GroupList(held.source, new MemoryMemento(), () => size);
  });

  it('drops a failed load-more when a newer list has landed meanwhile', async () => {
    const first = list.refresh(origin);
    held.calls[0]!.resolve(page([9, 8], 0, 9, 2));
    await first;
    const more = list.loadMore(origin);
    await flush();
    const filtered = list.setOptions(origin, { name: 'x' });
    await flush();
    held.calls[2]!.resolve(page([7], 0, 1, 2));
    await filtered;
    held.calls[1]!.reject(down());
    await more;
    const snapshot = list.get(origin)!;
    assert.deepEqual(
      snapshot.groups.map((g) => g.id),
      [7],
    );
    assert.equal(snapshot.error, undefined);
    assert.equal(snapshot.options.name, 'x');
  });

  it('drops an older refresh that fails after a newer one succeeded', async () => {
    const older = list.refresh(origin);
    await flush();
    const newer = list.setOptions(origin, { activeOnly: true });
    await flush();
    held.calls[1]!.resolve(page([5], 0, 1, 2));
    await newer;
    held.calls[0]!.reject(down());
    await older;
    assert.deepEqual(
      list.get(origin)!.groups.map((g) => g.id),
      [5],
    );
    assert.equal(list.get(origin)!.error, undefined);
  });

  it('applies a load-more page even if a row changed while it loaded', async () => {
    const first = list.refresh(origin);
    held.calls[0]!.resolve(page([6, 7], 0, 4, 2));
    await first;
    const more = list.loadMore(origin);
    await flush();
    list.upsert(origin, group(7, { rank: 80 }));
    held.calls[1]!.resolve(page([8, 9], 1, 4, 2));
    await more;
    const snapshot = list.get(origin)!;
    assert.deepEqual(
      snapshot.groups.map((g) => g.id),
      [6, 8, 9, 7],
      'rank 80 after ranks 8 and 9',
    );
    assert.equal(snapshot.groups[3]!.rank, 80);
    assert.equal(snapshot.pagesLoaded, 2);
  });

  it('keeps a group created during a refresh whose page was read before it, where the sort puts it', async () => {
    const first = list.refresh(origin);
    held.calls[0]!.resolve(page([1, 3], 0, 2, 2));
    await first;
    const again = list.refresh(origin);
    await flush();
    list.addCreated(origin, group(10, { rank: 2 }));
    held.calls[1]!.resolve(page([1, 3], 0, 2, 2)); // read before the create
    await again;
    assert.deepEqual(
      list.get(origin)!.groups.map((g) => g.id),
      [1, 10, 3],
    );
    assert.deepEqual([...list.get(origin)!.newIds], [10]);
  });

  it('after a refresh, drops groups added here before it that its answer does not hold', async () => {
    const first = list.refresh(origin);
    held.calls[0]!.resolve(page([1, 2], 0, 3, 2));
    await first;
    list.addCreated(origin, group(10, { rank: 9 }));
    list.upsert(origin, group(20, { rank: 1 }));
    assert.deepEqual(
      list.get(origin)!.groups.map((g) => g.id),
      [1, 20, 2, 10],
    );
    const again = list.refresh(origin);
    await flush();
    held.calls[1]!.resolve(page([1, 2], 0, 5, 2));
    await again;
    assert.deepEqual(
      list.get(origin)!.groups.map((g) => g.id),
      [1, 2],
    );
    assert.equal(list.get(origin)!.total, 5);
  });

  it('keeps a group added here once when a Load more page holds it too, at its sorted place', async () => {
    const first = list.refresh(origin);
    held.calls[0]!.resolve(page([1, 2], 0, 3, 2));
    await first;
    list.addCreated(origin, group(4));
    const more = list.loadMore(origin);
    await flush();
    held.calls[1]!.resolve(page([3, 4], 1, 4, 2));
    await more;
    assert.deepEqual(
      list.get(origin)!.groups.map((g) => g.id),
      [1, 2, 3, 4],
    );
    assert.equal(list.get(origin)!.total, 4);
  });

  it('counts the server total once after Load more', async () => {
    const first = list.refresh(origin);
    held.calls[0]!.resolve(page([6, 7], 0, 4, 2));
    await first;
    list.addCreated(origin, group(10));
    assert.equal(list.get(origin)!.total, 5, 'the group exists on the server now');
    const more = list.loadMore(origin);
    await flush();
    held.calls[1]!.resolve(page([8, 9], 1, 5, 2)); // the server now counts the new group
    await more;
    assert.equal(list.get(origin)!.total, 5);
  });

  it('keeps the page size of the list for Load more, even if the setting changed', async () => {
    const first = list.refresh(origin);
    held.calls[0]!.resolve(page([9, 8], 0, 9, 2));
    await first;
    size = 3;
    const more = list.loadMore(origin);
    await flush();
    assert.deepEqual(held.calls[1]!.query, { page: 1, size: 2, sortOn: 'RANK', orderBy: 'ASC' });
    held.calls[1]!.resolve(page([7, 6], 1, 9, 2));
    await more;
  });

  it('takes a deactivated group out of an active-only list', async () => {
    const first = list.setOptions(origin, { activeOnly: true });
    await flush();
    held.calls[0]!.resolve(page([9, 8], 0, 2, 2));
    await first;
    list.upsert(origin, group(8, { isActive: false }));
    assert.deepEqual(
      list.get(origin)!.groups.map((g) => g.id),
      [9],
    );
    assert.equal(list.get(origin)!.total, 1);
  });

  it('does not apply a page from another host', async () => {
    const first = list.refresh(origin);
    held.origin = 'https://b.example';
    held.calls[0]!.resolve(page([9], 0, 1, 2));
    await first;
    assert.equal(list.get(origin), undefined);
  });

  it('shows the list kept from the last session at once while the first page loads, and forgets it on sign-out', async () => {
    const memento = new MemoryMemento();
    const earlier = new GroupList(held.source, memento, () => 2);
    const loading = earlier.refresh(origin);
    held.calls[0]!.resolve(page([9, 8], 0, 9, 2));
    await loading;
    const later = new GroupList(held.source, memento, () => 2);
    const refresh = later.refresh(origin);
    assert.equal(later.restore(origin), true);
    assert.equal(later.get(origin)!.source, 'cache');
    assert.equal(later.get(origin)!.refreshing, true);
    held.calls[1]!.resolve(page([10, 9], 0, 10, 2));
    await refresh;
    assert.equal(later.get(origin)!.source, 'server');
    assert.deepEqual(
      later.get(origin)!.groups.map((g) => g.id),
      [10, 9],
    );
    await later.forget(origin, { withCache: true });
    assert.equal(later.get(origin), undefined);
    assert.equal(new GroupList(held.source, memento).restore(origin), false);
  });
});
