import { CapillaryError } from '../api/errors';
import type { Group, GroupPage, ListGroupsQuery } from '../api/types';
import { Emitter } from '../events';
import { DEFAULT_PAGE_SIZE, listQuery, orderLoaded, parseListOptions, type ListOptions } from './listOptions';

/** The part of VS Code's Memento (globalState) the list uses. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Fetches one page from the current host and says which host answered. */
export type PageSource = (query: ListGroupsQuery, signal?: AbortSignal) => Promise<{ origin: string; page: GroupPage }>;

export interface ListSnapshot {
  origin: string;
  options: ListOptions;
  /** In display order. */
  groups: Group[];
  /** `totalElements` of the last page read, plus groups created here since. */
  total: number;
  pagesLoaded: number;
  last: boolean;
  /** When the first page was read from the server (epoch ms). */
  loadedAt: number;
  /** 'cache' when the server could not be reached and the last list kept is shown. */
  source: 'server' | 'cache';
  /** Why the last load or load-more failed, if it did. */
  error?: unknown;
  /** Created from this editor since the list was loaded. */
  newIds: ReadonlySet<number>;
}

export const LIST_KEY_PREFIX = 'capillaryRewards.list';
export const OPTIONS_KEY_PREFIX = 'capillaryRewards.listOptions';
/** How many groups of a host's list are kept for offline use. */
export const MAX_CACHED_GROUPS = 1000;

/** What is kept in globalState for a host: the list as last read. */
type CachedList = Pick<ListSnapshot, 'options' | 'groups' | 'total' | 'pagesLoaded' | 'last' | 'loadedAt'>;

/**
 * The org's groups per host, page by page, as the Groups view shows them. One load at a time per
 * host: a refresh or "load more" asked for while one runs joins it. The last list read is kept in
 * globalState, so that an unreachable host still shows it, marked as cached.
 */
export class GroupList {
  private readonly lists = new Map<string, ListSnapshot>();
  private readonly loading = new Map<string, { kind: 'refresh' | 'more'; options: ListOptions; done: Promise<void> }>();
  private readonly changed = new Emitter<string>();
  /** Fires the origin whose list changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly source: PageSource,
    private readonly state: KeyValueStore,
    private readonly pageSize: () => number = () => DEFAULT_PAGE_SIZE,
    private readonly now: () => number = Date.now,
  ) {}

  get(origin: string): ListSnapshot | undefined {
    return this.lists.get(origin);
  }

  isLoading(origin: string): boolean {
    return this.loading.has(origin);
  }

  options(origin: string): ListOptions {
    return parseListOptions(this.state.get(`${OPTIONS_KEY_PREFIX}|${origin}`));
  }

  /** Changes filter or sort for the host, remembers the choice, and reloads from the first page. */
  async setOptions(origin: string, change: Partial<ListOptions>): Promise<void> {
    const options = { ...this.options(origin), ...change };
    await this.state.update(`${OPTIONS_KEY_PREFIX}|${origin}`, options);
    await this.refresh(origin);
  }

  /** Reads the first page again; joins a refresh with the same options that is already running. */
  refresh(origin: string, signal?: AbortSignal): Promise<void> {
    const options = this.options(origin);
    const running = this.loading.get(origin);
    if (running?.kind === 'refresh' && sameOptions(running.options, options)) return running.done;
    return this.track(origin, 'refresh', options, async () => {
      let result;
      try {
        result = await this.source(listQuery(options, 0, this.pageSize()), signal);
      } catch (error) {
        this.failed(origin, options, error);
        return;
      }
      if (!sameOptions(this.options(origin), options)) return; // superseded by a newer choice
      const { page } = result;
      const previous = this.lists.get(origin);
      const newIds = new Set([...(previous?.newIds ?? [])].filter((id) => page.groups.some((g) => g.id === id)));
      this.set({
        origin,
        options,
        groups: orderLoaded(page.groups, options),
        total: page.paging.totalElements,
        pagesLoaded: 1,
        last: page.paging.last,
        loadedAt: this.now(),
        source: 'server',
        newIds,
      });
    });
  }

  /** Appends the next page; joins a load that is already running. */
  loadMore(origin: string, signal?: AbortSignal): Promise<void> {
    const running = this.loading.get(origin);
    if (running) return running.done;
    const current = this.lists.get(origin);
    if (!current || current.last || current.source === 'cache') return this.refresh(origin, signal);
    return this.track(origin, 'more', current.options, async () => {
      let result;
      try {
        result = await this.source(listQuery(current.options, current.pagesLoaded, this.pageSize()), signal);
      } catch (error) {
        this.set({ ...current, error });
        return;
      }
      const latest = this.lists.get(origin);
      if (latest !== current) return; // refreshed or changed meanwhile
      const known = new Set(current.groups.map((g) => g.id));
      const added = result.page.groups.filter((g) => !known.has(g.id));
      this.set({
        ...current,
        groups: orderLoaded([...current.groups, ...added], current.options),
        total: result.page.paging.totalElements + current.newIds.size,
        pagesLoaded: current.pagesLoaded + 1,
        last: result.page.paging.last,
        error: undefined,
      });
    });
  }

  /** A group created from this editor: shown at once, at the top, marked new; no request. */
  addCreated(origin: string, group: Group): void {
    const current = this.lists.get(origin);
    if (!current) return;
    this.set({
      ...current,
      groups: [group, ...current.groups.filter((g) => g.id !== group.id)],
      total: current.total + (current.groups.some((g) => g.id === group.id) ? 0 : 1),
      newIds: new Set([...current.newIds, group.id]),
    });
  }

  /** A group as the server answered after an update or a lookup; added at the top when not loaded. */
  upsert(origin: string, group: Group): void {
    const current = this.lists.get(origin);
    if (!current) return;
    const index = current.groups.findIndex((g) => g.id === group.id);
    const groups = index >= 0 ? current.groups.map((g) => (g.id === group.id ? group : g)) : [group, ...current.groups];
    this.set({ ...current, groups });
  }

  find(origin: string, id: number): Group | undefined {
    return this.lists.get(origin)?.groups.find((g) => g.id === id);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private track(origin: string, kind: 'refresh' | 'more', options: ListOptions, work: () => Promise<void>): Promise<void> {
    const done = work().finally(() => {
      if (this.loading.get(origin)?.done === done) this.loading.delete(origin);
    });
    this.loading.set(origin, { kind, options, done });
    return done;
  }

  /** After a failed first page: the list kept from before (memory, then globalState), marked as cached. */
  private failed(origin: string, options: ListOptions, error: unknown): void {
    const previous = this.lists.get(origin);
    const kept: CachedList | undefined = previous && previous.groups.length > 0 ? previous : this.cached(origin);
    if (kept && showsCache(error)) {
      this.set({ origin, ...kept, source: 'cache', error, newIds: previous?.newIds ?? new Set() }, false);
    } else {
      this.set({ origin, options, groups: [], total: 0, pagesLoaded: 0, last: true, loadedAt: this.now(), source: 'server', error, newIds: new Set() }, false);
    }
  }

  private cached(origin: string): CachedList | undefined {
    const value = this.state.get<CachedList>(`${LIST_KEY_PREFIX}|${origin}`);
    return value && Array.isArray(value.groups) ? { ...value, options: parseListOptions(value.options) } : undefined;
  }

  private set(snapshot: ListSnapshot, persist = snapshot.source === 'server' && !snapshot.error): void {
    this.lists.set(snapshot.origin, snapshot);
    if (persist) {
      const { options, groups, total, pagesLoaded, last, loadedAt } = snapshot;
      void this.state.update(`${LIST_KEY_PREFIX}|${snapshot.origin}`, { options, groups: groups.slice(0, MAX_CACHED_GROUPS), total, pagesLoaded, last, loadedAt } satisfies CachedList);
    }
    this.changed.fire(snapshot.origin);
  }
}

function sameOptions(a: ListOptions, b: ListOptions): boolean {
  return a.name === b.name && a.activeOnly === b.activeOnly && a.sortBy === b.sortBy && a.direction === b.direction;
}

/** Failures where the last list is still worth showing: the host or the way to it is down. */
export function showsCache(error: unknown): boolean {
  if (!(error instanceof CapillaryError)) return false;
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'not-capillary' || (error.status !== undefined && error.status >= 500);
}
