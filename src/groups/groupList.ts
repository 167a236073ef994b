import { CapillaryError } from '../api/errors';
import type { Group, GroupPage, ListGroupsQuery } from '../api/types';
import { Emitter } from '../foundation/events';
import { DEFAULT_PAGE_SIZE } from '../foundation/settings';
import type { KeyValueStore } from '../foundation/keyValueStore';
import { compareGroups, listQuery, matchesList, orderLoaded, parseListOptions, type ListOptions } from './listOptions';

/**
 * Fetches one page through the connection of `connectionKey`, and says which connection key
 * answered: another one means the connection moved to another cluster meanwhile.
 */
export type PageSource = (
  connectionKey: string,
  query: ListGroupsQuery,
  signal?: AbortSignal,
) => Promise<{ connectionKey: string; page: GroupPage }>;

export interface ListSnapshot {
  connectionKey: string;
  options: ListOptions;
  /** Groups per request for this list; "Load more" keeps it so that pages stay aligned. */
  pageSize: number;
  /** In display order. */
  groups: Group[];
  /** `totalElements` of the last page read. */
  total: number;
  pagesLoaded: number;
  last: boolean;
  /** When the first page was read from the server (epoch ms). */
  loadedAt: number;
  /** 'cache' while the list kept from an earlier read is shown (host unreachable, or still loading). */
  source: 'server' | 'cache';
  /** The cached list is on screen while the first page is being read. */
  refreshing?: boolean;
  /** Why the last read failed, and which: the first page or the next one. */
  error?: unknown;
  failedLoad?: 'first' | 'more';
  /** Created from this editor since the list was loaded. */
  newIds: ReadonlySet<number>;
  /**
   * Rows placed by the list's sort here rather than by the server's pages: groups created, looked
   * up or changed here since the first page was read. "Load more" merges the next page around them.
   */
  localIds: ReadonlySet<number>;
  /** Changes whenever the list is replaced, so that a late "load more" is not applied to another list. */
  generation: number;
}

export const LIST_KEY_PREFIX = 'capillaryRewards.list';
export const OPTIONS_KEY_PREFIX = 'capillaryRewards.listOptions';
/** How many groups of a connection's list are kept for offline use. */
export const MAX_CACHED_GROUPS = 1000;

/** What is kept in globalState per connection: the list as last read. */
type CachedList = Pick<ListSnapshot, 'options' | 'pageSize' | 'groups' | 'total' | 'pagesLoaded' | 'last' | 'loadedAt'>;

/** A group as the server answered after a change or a lookup here, and the connection it was read through. */
export interface GroupUpdate {
  connectionKey: string;
  group: Group;
}

/**
 * Each connection's org's groups, page by page, as the Groups view shows them, by connection key
 * (ConnectionSpec.key). One load at a time per connection: a refresh or "load more" asked for while one runs joins it, and an answer that arrives
 * after the list was replaced (new filter, sign-in, another refresh) is dropped. The last list read
 * is kept in globalState, so that an unreachable host still shows it, marked as cached.
 *
 * A group created, looked up or changed here is shown where the list's sort puts it, and only if
 * the list's filter and active-only choice would return it; it is counted like the server's rows.
 * A refresh replaces all of that with the server's answer, except groups touched here while it
 * was on its way.
 */
export class GroupList {
  private readonly lists = new Map<string, ListSnapshot>();
  private readonly loading = new Map<string, { kind: 'refresh' | 'more'; options: ListOptions; done: Promise<void> }>();
  /** The latest refresh asked for per connection; older ones are not applied. */
  private readonly refreshes = new Map<string, number>();
  /** Per connection, when (in `sequence`) each group was last created, looked up or changed here. */
  private readonly touched = new Map<string, Map<number, number>>();
  private sequence = 0;
  private readonly changed = new Emitter<string>();
  /** Fires the connectionKey whose list changed. */
  readonly onDidChange = this.changed.event;
  private readonly updated = new Emitter<GroupUpdate>();
  /** Fires a group as the server answered after a change or a lookup here, whether or not the list shows it. */
  readonly onDidUpdateGroup = this.updated.event;

  constructor(
    private readonly source: PageSource,
    private readonly state: KeyValueStore,
    private readonly pageSize: () => number = () => DEFAULT_PAGE_SIZE,
    private readonly now: () => number = Date.now,
  ) {}

  get(connectionKey: string): ListSnapshot | undefined {
    return this.lists.get(connectionKey);
  }

  /** The org the connection's groups belong to, from the list read or kept offline; undefined until a group was seen. */
  orgId(connectionKey: string): number | undefined {
    const groups = this.lists.get(connectionKey)?.groups ?? this.cached(connectionKey)?.groups ?? [];
    return groups.find((group) => typeof group.orgId === 'number')?.orgId;
  }

  /** Deletes everything kept for a connection that was removed: its list, the copy kept offline and its list options. True when there was any. */
  async remove(connectionKey: string): Promise<boolean> {
    const had =
      this.lists.has(connectionKey) ||
      [LIST_KEY_PREFIX, OPTIONS_KEY_PREFIX].some(
        (prefix) => this.state.get(`${prefix}|${connectionKey}`) !== undefined,
      );
    await this.forget(connectionKey, { withCache: true });
    await this.state.update(`${OPTIONS_KEY_PREFIX}|${connectionKey}`, undefined);
    return had;
  }

  /**
   * The list options and the offline copy of one connection key given to another (the single-host
   * connection's to the connection that takes its cluster over): the user's filter and sort stay.
   */
  async move(fromKey: string, toKey: string): Promise<void> {
    for (const prefix of [OPTIONS_KEY_PREFIX, LIST_KEY_PREFIX]) {
      const value = this.state.get<unknown>(`${prefix}|${fromKey}`);
      if (value === undefined) continue;
      await this.state.update(`${prefix}|${toKey}`, value);
      await this.state.update(`${prefix}|${fromKey}`, undefined);
    }
    await this.forget(fromKey);
  }

  options(connectionKey: string): ListOptions {
    return parseListOptions(this.state.get(`${OPTIONS_KEY_PREFIX}|${connectionKey}`));
  }

  /** Changes filter or sort for the connection, remembers the choice, and reloads from the first page. */
  async setOptions(connectionKey: string, change: Partial<ListOptions>): Promise<void> {
    const options = { ...this.options(connectionKey), ...change };
    await this.state.update(`${OPTIONS_KEY_PREFIX}|${connectionKey}`, options);
    await this.refresh(connectionKey);
  }

  /**
   * Shows the list kept from the last session at once, marked cached and refreshing, so that a
   * slow host does not leave the view empty. True when there was one.
   */
  restore(connectionKey: string): boolean {
    if (this.lists.has(connectionKey)) return true;
    const kept = this.cached(connectionKey);
    if (!kept) return false;
    this.set(
      {
        connectionKey,
        ...kept,
        source: 'cache',
        refreshing: true,
        newIds: new Set(),
        localIds: new Set(),
        generation: ++this.sequence,
      },
      false,
    );
    return true;
  }

  /** Forgets a connection's list (after sign-in or sign-out); `withCache` also deletes the copy kept offline. */
  async forget(connectionKey: string, options: { withCache?: boolean } = {}): Promise<void> {
    this.refreshes.set(connectionKey, ++this.sequence); // whatever is in flight no longer applies
    this.lists.delete(connectionKey);
    this.touched.delete(connectionKey);
    if (options.withCache) await this.state.update(`${LIST_KEY_PREFIX}|${connectionKey}`, undefined);
    this.changed.fire(connectionKey);
  }

  /** Reads the first page again; joins a refresh with the same options that is already running. */
  refresh(connectionKey: string, signal?: AbortSignal): Promise<void> {
    const options = this.options(connectionKey);
    const running = this.loading.get(connectionKey);
    if (running?.kind === 'refresh' && sameOptions(running.options, options)) return running.done;
    const ticket = ++this.sequence;
    this.refreshes.set(connectionKey, ticket);
    const pageSize = this.pageSize();
    return this.track(connectionKey, 'refresh', options, async () => {
      let result;
      try {
        result = await this.source(connectionKey, listQuery(options, 0, pageSize), signal);
      } catch (error) {
        if (this.refreshes.get(connectionKey) === ticket) this.failed(connectionKey, error);
        return;
      }
      // A newer refresh, filter or sign-in replaced this one; or the connection moved to another cluster meanwhile.
      if (this.refreshes.get(connectionKey) !== ticket || result.connectionKey !== connectionKey) return;
      const { page } = result;
      const previous = this.lists.get(connectionKey);
      // The server's answer is the list; only groups created, looked up or changed here while it
      // was on its way are kept as they are here (the page may have been read before), in their place.
      const touched = this.touched.get(connectionKey);
      const later = (previous?.groups ?? []).filter(
        (g) => (touched?.get(g.id) ?? 0) > ticket && matchesList(g, options),
      );
      for (const [id, when] of touched ?? []) if (when <= ticket) touched!.delete(id);
      const laterIds = new Set(later.map((g) => g.id));
      const fromServer = orderLoaded(
        page.groups.filter((g) => !laterIds.has(g.id)),
        options,
      );
      this.set({
        connectionKey,
        options,
        pageSize,
        groups: placeAll(fromServer, later, options),
        total: page.paging.totalElements,
        pagesLoaded: 1,
        last: page.paging.last,
        loadedAt: this.now(),
        source: 'server',
        newIds: new Set([...(previous?.newIds ?? [])]),
        localIds: laterIds,
        generation: ++this.sequence,
      });
    });
  }

  /** Appends the next page; joins a load that is already running. */
  loadMore(connectionKey: string, signal?: AbortSignal): Promise<void> {
    const running = this.loading.get(connectionKey);
    if (running) return running.done;
    const current = this.lists.get(connectionKey);
    if (!current || current.source === 'cache' || current.pagesLoaded === 0) return this.refresh(connectionKey, signal);
    if (current.last) return Promise.resolve();
    const { generation } = current;
    return this.track(connectionKey, 'more', current.options, async () => {
      let result;
      try {
        result = await this.source(
          connectionKey,
          listQuery(current.options, current.pagesLoaded, current.pageSize),
          signal,
        );
      } catch (error) {
        const latest = this.lists.get(connectionKey);
        if (latest?.generation === generation) this.set({ ...latest, error, failedLoad: 'more' }, false);
        return;
      }
      const latest = this.lists.get(connectionKey);
      if (latest?.generation !== generation || result.connectionKey !== connectionKey) return; // the list was replaced meanwhile
      // The server's rows in its order, the new page after them; the rows placed here merged in
      // where the sort puts them (a page that holds one of them too does not show it twice).
      const known = new Set(latest.groups.map((g) => g.id));
      const added = result.page.groups.filter((g) => !known.has(g.id));
      const fromServer = latest.groups.filter((g) => !latest.localIds.has(g.id));
      const placedHere = latest.groups.filter((g) => latest.localIds.has(g.id));
      this.set({
        ...latest,
        groups: placeAll(orderLoaded([...fromServer, ...added], latest.options), placedHere, latest.options),
        total: result.page.paging.totalElements,
        pagesLoaded: latest.pagesLoaded + 1,
        last: result.page.paging.last,
        error: undefined,
        failedLoad: undefined,
      });
    });
  }

  /**
   * A group created from this editor: shown at once where the sort puts it, marked new, and
   * counted in the total, since it exists on the server; no request. Not shown when the list's
   * filter or active-only choice would not return it. `readAfter`: the list was first read after
   * the create, so its total already counts the group.
   */
  addCreated(connectionKey: string, group: Group, readAfter = false): void {
    const current = this.lists.get(connectionKey);
    if (!current) return;
    // A page read after the create already counts it.
    this.reposition(connectionKey, current, group, {
      inTotal: readAfter,
      newIds: new Set([...current.newIds, group.id]),
    });
  }

  /**
   * A group as the server answered after an update or a lookup: moved to where the sort puts it
   * now (added there when it was not loaded, but not to the total: it is one of them), or taken
   * out when the list's filter or active-only choice no longer returns it.
   */
  upsert(connectionKey: string, group: Group): void {
    const current = this.lists.get(connectionKey);
    if (current) this.reposition(connectionKey, current, group, { inTotal: true });
    this.updated.fire({ connectionKey, group });
  }

  dispose(): void {
    this.changed.dispose();
    this.updated.dispose();
  }

  /**
   * Puts a group created, found or changed here where the list's sort puts it, or takes it out
   * when the list's filter or active-only choice would not return it. `inTotal`: the server's
   * total already counts it (found, changed, or read after its create); otherwise a new row adds one.
   */
  private reposition(
    connectionKey: string,
    current: ListSnapshot,
    group: Group,
    change: { inTotal: boolean; newIds?: ReadonlySet<number> },
  ): void {
    this.touch(connectionKey, group.id);
    const loaded = current.groups.some((g) => g.id === group.id);
    const others = current.groups.filter((g) => g.id !== group.id);
    const newIds = change.newIds ?? current.newIds;
    if (matchesList(group, current.options)) {
      this.set({
        ...current,
        groups: place(others, group, compareGroups(current.options)),
        total: loaded || change.inTotal ? current.total : current.total + 1,
        newIds,
        localIds: new Set([...current.localIds, group.id]),
      });
    } else if (loaded || change.newIds) {
      this.set({
        ...current,
        groups: others,
        total: loaded ? Math.max(0, current.total - 1) : current.total,
        newIds,
        localIds: without(current.localIds, group.id),
      });
    }
  }

  private touch(connectionKey: string, id: number): void {
    let touched = this.touched.get(connectionKey);
    if (!touched) {
      touched = new Map<number, number>();
      this.touched.set(connectionKey, touched);
    }
    touched.set(id, ++this.sequence);
  }

  private track(
    connectionKey: string,
    kind: 'refresh' | 'more',
    options: ListOptions,
    work: () => Promise<void>,
  ): Promise<void> {
    const done = work().finally(() => {
      if (this.loading.get(connectionKey)?.done === done) this.loading.delete(connectionKey);
    });
    this.loading.set(connectionKey, { kind, options, done });
    return done;
  }

  /** After a failed first page: the list kept from before (memory, then globalState), marked as cached. */
  private failed(connectionKey: string, error: unknown): void {
    const previous = this.lists.get(connectionKey);
    const kept: CachedList | undefined =
      previous && previous.groups.length > 0 ? toCached(previous) : this.cached(connectionKey);
    const base = {
      connectionKey,
      error,
      failedLoad: 'first' as const,
      refreshing: false,
      newIds: previous?.newIds ?? new Set<number>(),
      localIds: previous?.localIds ?? new Set<number>(),
      generation: ++this.sequence,
    };
    if (kept && showsCache(error)) {
      this.set({ ...base, ...kept, source: 'cache' }, false);
    } else {
      this.set(
        {
          ...base,
          options: this.options(connectionKey),
          pageSize: this.pageSize(),
          groups: [],
          total: 0,
          pagesLoaded: 0,
          last: true,
          loadedAt: this.now(),
          source: 'server',
          localIds: new Set(),
        },
        false,
      );
    }
  }

  private cached(connectionKey: string): CachedList | undefined {
    const value = this.state.get<Partial<CachedList>>(`${LIST_KEY_PREFIX}|${connectionKey}`);
    if (
      !value ||
      !Array.isArray(value.groups) ||
      typeof value.loadedAt !== 'number' ||
      typeof value.total !== 'number'
    ) {
      return undefined;
    }
    return {
      options: parseListOptions(value.options),
      pageSize: typeof value.pageSize === 'number' ? value.pageSize : DEFAULT_PAGE_SIZE,
      groups: value.groups,
      total: value.total,
      pagesLoaded: typeof value.pagesLoaded === 'number' ? value.pagesLoaded : 1,
      last: value.last === true,
      loadedAt: value.loadedAt,
    };
  }

  private set(snapshot: ListSnapshot, persist = snapshot.source === 'server' && !snapshot.error): void {
    this.lists.set(snapshot.connectionKey, snapshot);
    if (persist) {
      void this.state.update(`${LIST_KEY_PREFIX}|${snapshot.connectionKey}`, toCached(snapshot, MAX_CACHED_GROUPS));
    }
    this.changed.fire(snapshot.connectionKey);
  }
}

function toCached(snapshot: ListSnapshot, limit = Infinity): CachedList {
  const { options, pageSize, groups, total, pagesLoaded, last, loadedAt } = snapshot;
  return { options, pageSize, groups: groups.slice(0, limit), total, pagesLoaded, last, loadedAt };
}

/** The rows with `group` inserted where `compare` puts it: before the first row that sorts after it. */
function place(rows: readonly Group[], group: Group, compare: (a: Group, b: Group) => number): Group[] {
  const index = rows.findIndex((row) => compare(group, row) < 0);
  return index < 0 ? [...rows, group] : [...rows.slice(0, index), group, ...rows.slice(index)];
}

/** One comparator for all of them (the name sort's makes an Intl.Collator). */
function placeAll(rows: readonly Group[], groups: readonly Group[], options: ListOptions): Group[] {
  const compare = compareGroups(options);
  return groups.reduce<Group[]>((placed, group) => place(placed, group, compare), [...rows]);
}

function without(ids: ReadonlySet<number>, id: number): ReadonlySet<number> {
  return ids.has(id) ? new Set([...ids].filter((other) => other !== id)) : ids;
}

function sameOptions(a: ListOptions, b: ListOptions): boolean {
  return a.name === b.name && a.activeOnly === b.activeOnly && a.sortBy === b.sortBy && a.direction === b.direction;
}

/** Failures where the last list is still worth showing: the host or the way to it is down. */
export function showsCache(error: unknown): boolean {
  if (!(error instanceof CapillaryError)) return false;
  return (
    error.kind === 'network' ||
    error.kind === 'timeout' ||
    error.kind === 'not-capillary' ||
    (error.status !== undefined && error.status >= 500)
  );
}
