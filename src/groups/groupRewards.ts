import type { Brand, ListRewardsQuery, Reward, RewardPage } from '../api/types';
import { Emitter } from '../foundation/events';

/** Rewards per request: the reward list's documented default, so that pages line up whatever a server's maximum. */
export const REWARD_PAGE_SIZE = 100;
/** Brands read at once when a group's rewards are read: at most this many requests are on their way. */
export const BRANDS_AT_ONCE = 4;
/** Brands whose rewards are read for a group; an org with more is said to have more, and counts are "at least". */
export const MAX_BRANDS_READ = 100;
/** Reward pages one reading of a group's every page sends, across its brands (50,000 rewards): a server that keeps reporting more is not read forever. */
export const MAX_REWARD_PAGES_READ = 500;

/** Reads brands and rewards through the connection whose key is given (Connections does it). */
export interface RewardSource {
  brands(connectionKey: string, orgId: number, signal?: AbortSignal): Promise<Brand[]>;
  rewards(connectionKey: string, brandId: number, query: ListRewardsQuery, signal?: AbortSignal): Promise<RewardPage>;
}

/** A reward in a group's section: the reward, its brand, and its rank inside the group. */
export interface GroupReward {
  reward: Reward;
  brand: Brand;
  groupRank: number | null;
}

/** One brand's rewards that name the group, page by page. */
export interface BrandRewards {
  brand: Brand;
  /** Rewards naming the group exactly as it is spelt, in the catalog's order. */
  rewards: GroupReward[];
  /**
   * Rewards the server returned for the name that name the group in another case only: the
   * catalog matches names exactly, so they are not in its section, but a user should know.
   */
  otherCase: GroupReward[];
  /** The server's count for the name filter (it may match more than the exact name). */
  counted: number;
  /** Rewards the server returned that were not in the section (another case, or no such name at all). */
  notInSection: number;
  pagesLoaded: number;
  last: boolean;
  loading: boolean;
  /** Why the last read of this brand failed. */
  error?: unknown;
}

/** A group's rewards across every brand of its org, as read so far. */
export interface GroupRewardsSnapshot {
  connectionKey: string;
  groupName: string;
  orgId: number;
  /** Undefined until the brands were read. */
  brands?: BrandRewards[];
  /** Why the brands could not be read. */
  brandsError?: unknown;
  /** The org's brands when it has more than MAX_BRANDS_READ: only the first are in `brands`. */
  brandsInOrg?: number;
  /** Set when reading every page stopped at MAX_REWARD_PAGES_READ with pages left: the server kept reporting more. */
  stopped?: RewardReadStop;
  loading: boolean;
}

/** Where a reading of every page stopped at its bound. */
export interface RewardReadStop {
  /** Rewards the server sent (in the section or not) before the read stopped. */
  read: number;
  /** The server's count across the brands, at each brand's first page and at its last page read. */
  firstCounted: number;
  lastCounted: number;
}

export interface RewardCount {
  /** Rewards naming the group, across brands: exact once every page was read, else the server's count less what was seen not to match. */
  total: number;
  /** Whether every page of every brand was read without failure, so `total` is exact. */
  complete: boolean;
  /** Per brand, in the brand list's order. */
  byBrand: { brand: Brand; count: number; live: number; failed: boolean }[];
  /** Rewards whose status is LIVE, among those read. */
  live: number;
  /** Brands whose rewards could not be read. */
  failedBrands: Brand[];
  /** The org's brands when more than were read (MAX_BRANDS_READ); undefined otherwise. */
  brandsInOrg?: number;
  /** Where reading every page stopped at its bound, if it did. */
  stopped?: RewardReadStop;
}

/** The catalog's order inside a section: rank in the group, unranked after; then newest first; then id. */
export function compareInSection(a: GroupReward, b: GroupReward): number {
  if (a.groupRank === null || b.groupRank === null) {
    const unranked = (a.groupRank === null ? 1 : 0) - (b.groupRank === null ? 1 : 0);
    if (unranked) return unranked;
  } else if (a.groupRank !== b.groupRank) return a.groupRank - b.groupRank;
  return b.reward.lastUpdatedOn - a.reward.lastUpdatedOn || a.reward.id - b.reward.id;
}

export function countRewards(snapshot: GroupRewardsSnapshot): RewardCount {
  const brands = snapshot.brands ?? [];
  const byBrand = brands.map((entry) => ({
    brand: entry.brand,
    // Pages not read yet count as the server counts them, less what read pages showed not to match;
    // not after a read stopped at its bound: that server's count is what could not be trusted.
    count:
      entry.last || snapshot.stopped
        ? entry.rewards.length
        : Math.max(entry.rewards.length, entry.counted - entry.notInSection),
    live: entry.rewards.filter((item) => item.reward.status === 'LIVE').length,
    failed: entry.error !== undefined,
  }));
  return {
    total: byBrand.reduce((sum, entry) => sum + entry.count, 0),
    complete:
      snapshot.brands !== undefined &&
      snapshot.brandsInOrg === undefined &&
      snapshot.stopped === undefined &&
      brands.every((entry) => entry.last && entry.error === undefined),
    byBrand,
    live: byBrand.reduce((sum, entry) => sum + entry.live, 0),
    failedBrands: brands.filter((entry) => entry.error !== undefined).map((entry) => entry.brand),
    ...(snapshot.brandsInOrg !== undefined ? { brandsInOrg: snapshot.brandsInOrg } : {}),
    ...(snapshot.stopped ? { stopped: snapshot.stopped } : {}),
  };
}

function sectionKey(connectionKey: string, groupName: string): string {
  return `${connectionKey}\u0000${groupName}`;
}

/**
 * Which rewards name a group, per connection and group name: the org's brands (one request per
 * org), then each brand's reward pages filtered by the group's exact name. Read only when asked
 * (a Rewards row expanded, a rename or deactivate checked), kept until the connection's Refresh.
 * Capillary does not say whether its `groupName` filter matches exactly: only rewards naming the
 * group exactly as stored are in its section; those naming it in another case are kept apart.
 */
export class GroupRewards {
  private readonly brandLists = new Map<string, Promise<Brand[]>>();
  private readonly sections = new Map<string, GroupRewardsSnapshot>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly changed = new Emitter<{ connectionKey: string; groupName: string }>();
  /** Fires when a group's rewards changed (read, failed, cleared). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly source: RewardSource) {}

  get(connectionKey: string, groupName: string): GroupRewardsSnapshot | undefined {
    return this.sections.get(sectionKey(connectionKey, groupName));
  }

  /** The first page of each brand (once; a read on its way is joined). */
  async load(
    connectionKey: string,
    group: { name: string; orgId: number },
    signal?: AbortSignal,
  ): Promise<GroupRewardsSnapshot> {
    const key = sectionKey(connectionKey, group.name);
    const existing = this.sections.get(key);
    if (existing && !existing.brandsError && existing.brands) {
      await this.running.get(key);
      return this.sections.get(key)!;
    }
    return this.track(key, async () => {
      const snapshot: GroupRewardsSnapshot = {
        connectionKey,
        groupName: group.name,
        orgId: group.orgId,
        loading: true,
      };
      this.sections.set(key, snapshot);
      this.fire(snapshot);
      let brands: Brand[];
      try {
        brands = await this.brandsOf(connectionKey, group.orgId, signal);
      } catch (error) {
        this.replace(snapshot, { brandsError: error, loading: false });
        return;
      }
      const entries = brands.slice(0, MAX_BRANDS_READ).map(emptyBrand);
      this.replace(snapshot, {
        brands: entries,
        ...(brands.length > MAX_BRANDS_READ ? { brandsInOrg: brands.length } : {}),
      });
      await eachAtMost(BRANDS_AT_ONCE, entries, signal, (entry) => this.readPage(key, entry.brand.id, signal));
      this.replace(this.sections.get(key)!, { loading: false });
    });
  }

  /** The next page of one brand's rewards in the group, or the page that failed again. */
  async loadMore(connectionKey: string, groupName: string, brandId: number, signal?: AbortSignal): Promise<void> {
    const key = sectionKey(connectionKey, groupName);
    await this.running.get(key);
    const entry = this.sections.get(key)?.brands?.find((candidate) => candidate.brand.id === brandId);
    if (!entry || (entry.last && !entry.error)) return;
    await this.track(key, () => this.readPage(key, brandId, signal));
  }

  /**
   * Every page of every brand, read again now (brands included, unless `brands` gives the list
   * just read): what a rename, a deactivate or a plan counts before it asks, since a reward may
   * have been added since the row was expanded. The pages are gathered apart and the section is
   * replaced once, when the read ends: no copy per page, one event. At most MAX_BRANDS_READ brands
   * and MAX_REWARD_PAGES_READ pages in all; a failure (of the brand list, or of a brand) is in the
   * snapshot. Cancel stops at once: no request after those on their way, the section is left as it
   * was (one event), and the promise rejects with the abort.
   */
  async loadAll(
    connectionKey: string,
    group: { name: string; orgId: number },
    signal?: AbortSignal,
    onProgress?: (read: number, counted: number) => void,
    options: { brands?: Brand[] } = {},
  ): Promise<GroupRewardsSnapshot> {
    const key = sectionKey(connectionKey, group.name);
    const snapshot = await this.track(key, async () => {
      const before = this.sections.get(key);
      const reading: GroupRewardsSnapshot = {
        ...(before ?? { connectionKey, groupName: group.name, orgId: group.orgId }),
        loading: true,
      };
      this.sections.set(key, reading);
      this.fire(reading);
      const settle = (next: GroupRewardsSnapshot | undefined) => {
        if (this.sections.get(key) !== reading) return; // cleared meanwhile
        if (next) this.sections.set(key, next);
        else this.sections.delete(key);
        this.fire(reading);
      };
      if (signal?.aborted) return settle(before && { ...before, loading: false });
      let brands: Brand[];
      try {
        brands = options.brands ?? (await this.readBrands(connectionKey, group.orgId, signal));
      } catch (error) {
        return settle(
          signal?.aborted
            ? before && { ...before, loading: false }
            : {
                ...reading,
                brands: undefined,
                brandsInOrg: undefined,
                stopped: undefined,
                brandsError: error,
                loading: false,
              },
        );
      }
      const read = await this.readEveryPage(
        connectionKey,
        group.name,
        brands.slice(0, MAX_BRANDS_READ),
        signal,
        onProgress,
      );
      if (signal?.aborted) return settle(before && { ...before, loading: false });
      settle({
        connectionKey,
        groupName: group.name,
        orgId: group.orgId,
        brands: read.brands,
        ...(brands.length > MAX_BRANDS_READ ? { brandsInOrg: brands.length } : {}),
        ...(read.stopped ? { stopped: read.stopped } : {}),
        loading: false,
      });
    });
    signal?.throwIfAborted();
    return snapshot;
  }

  /** The brands of an org read again now; the list kept for later expands is replaced by it. */
  async readBrands(connectionKey: string, orgId: number, signal?: AbortSignal): Promise<Brand[]> {
    const pending = this.source.brands(connectionKey, orgId, signal);
    const brands = await pending;
    this.brandLists.set(`${connectionKey}\u0000${orgId}`, Promise.resolve(brands));
    return brands;
  }

  /** Every page of each brand, BRANDS_AT_ONCE at a time, gathered in arrays of their own and sorted once at the end. */
  private async readEveryPage(
    connectionKey: string,
    groupName: string,
    brands: Brand[],
    signal: AbortSignal | undefined,
    onProgress: ((read: number, counted: number) => void) | undefined,
  ): Promise<{ brands: BrandRewards[]; stopped?: RewardReadStop }> {
    const entries = brands.map((brand) => ({
      ...emptyBrand(brand),
      seen: new Set<number>(),
      firstCounted: undefined as number | undefined,
    }));
    let pagesSent = 0;
    let read = 0;
    let stopped = false;
    const counted = () => entries.reduce((sum, entry) => sum + entry.counted, 0);
    await eachAtMost(BRANDS_AT_ONCE, entries, signal, async (entry) => {
      while (!entry.last && !signal?.aborted) {
        if (pagesSent >= MAX_REWARD_PAGES_READ) {
          stopped = true;
          return;
        }
        pagesSent++;
        let page: RewardPage;
        try {
          page = await this.source.rewards(
            connectionKey,
            entry.brand.id,
            { page: entry.pagesLoaded, size: REWARD_PAGE_SIZE, groupName },
            signal,
          );
        } catch (error) {
          // Cancelled: nothing failed. Otherwise the failure stays on the brand.
          if (!signal?.aborted) entry.error = error;
          return;
        }
        const added = sortIntoSection(entry, page.rewards, groupName);
        read += page.rewards.length;
        entry.firstCounted ??= page.paging.totalElements;
        entry.counted = page.paging.totalElements;
        entry.pagesLoaded++;
        entry.last = pageEndsBrand(page, entry.pagesLoaded, added);
        onProgress?.(read, counted());
      }
    });
    const result = entries.map((entry): BrandRewards => ({
      brand: entry.brand,
      rewards: entry.rewards.sort(compareInSection),
      otherCase: entry.otherCase,
      counted: entry.counted,
      notInSection: entry.notInSection,
      pagesLoaded: entry.pagesLoaded,
      last: entry.last,
      loading: false,
      ...(entry.error !== undefined ? { error: entry.error } : {}),
    }));
    if (!stopped) return { brands: result };
    return {
      brands: result,
      stopped: {
        read,
        firstCounted: entries.reduce((sum, entry) => sum + (entry.firstCounted ?? 0), 0),
        lastCounted: counted(),
      },
    };
  }

  /** Forgets what was read for a connection (its Refresh), brands included. */
  clear(connectionKey: string): void {
    for (const key of [...this.brandLists.keys()]) {
      if (key.startsWith(`${connectionKey}\u0000`)) this.brandLists.delete(key);
    }
    for (const [key, snapshot] of [...this.sections]) {
      if (snapshot.connectionKey !== connectionKey) continue;
      this.sections.delete(key);
      this.fire(snapshot);
    }
  }

  /** Forgets one group's rewards (after it was renamed or deactivated here, its section changed). */
  forget(connectionKey: string, groupName: string): void {
    const snapshot = this.sections.get(sectionKey(connectionKey, groupName));
    if (!snapshot) return;
    this.sections.delete(sectionKey(connectionKey, groupName));
    this.fire(snapshot);
  }

  /** One brand list per org and connection, shared by every group; a failed read is not kept. */
  private brandsOf(connectionKey: string, orgId: number, signal?: AbortSignal): Promise<Brand[]> {
    const key = `${connectionKey}\u0000${orgId}`;
    let pending = this.brandLists.get(key);
    if (!pending) {
      pending = this.source.brands(connectionKey, orgId, signal);
      this.brandLists.set(key, pending);
      pending.catch(() => {
        if (this.brandLists.get(key) === pending) this.brandLists.delete(key);
      });
    }
    return pending;
  }

  /** Reads the next page of one brand into the section; a failure stays on the brand. */
  private async readPage(key: string, brandId: number, signal?: AbortSignal): Promise<void> {
    const snapshot = this.sections.get(key);
    const entry = snapshot?.brands?.find((candidate) => candidate.brand.id === brandId);
    if (!snapshot || !entry) return;
    this.replaceBrand(key, brandId, { loading: true });
    try {
      const page = await this.source.rewards(
        snapshot.connectionKey,
        brandId,
        { page: entry.pagesLoaded, size: REWARD_PAGE_SIZE, groupName: snapshot.groupName },
        signal,
      );
      const current = this.sections.get(key)?.brands?.find((candidate) => candidate.brand.id === brandId);
      if (this.sections.get(key) !== snapshot && !current) return; // cleared meanwhile
      const base = current ?? entry;
      // A copy: the snapshot a row was drawn from keeps what it showed.
      const next = {
        ...base,
        rewards: [...base.rewards],
        otherCase: [...base.otherCase],
        seen: new Set([...base.rewards, ...base.otherCase].map((item) => item.reward.id)),
      };
      const added = sortIntoSection(next, page.rewards, snapshot.groupName);
      const { rewards, otherCase, notInSection } = next;
      rewards.sort(compareInSection);
      const last = pageEndsBrand(page, base.pagesLoaded + 1, added);
      this.replaceBrand(key, brandId, {
        rewards,
        otherCase,
        notInSection,
        counted: page.paging.totalElements,
        pagesLoaded: base.pagesLoaded + 1,
        last,
        loading: false,
        error: undefined,
      });
    } catch (error) {
      // Cancelled by the user: nothing failed, the page is read again next time.
      this.replaceBrand(key, brandId, signal?.aborted ? { loading: false } : { loading: false, error });
    }
  }

  private replaceBrand(key: string, brandId: number, change: Partial<BrandRewards>): void {
    const snapshot = this.sections.get(key);
    if (!snapshot?.brands) return;
    this.replace(snapshot, {
      brands: snapshot.brands.map((entry) => (entry.brand.id === brandId ? { ...entry, ...change } : entry)),
    });
  }

  /** Snapshots are replaced, never changed in place: a row rendered from one keeps what it showed. */
  private replace(snapshot: GroupRewardsSnapshot, change: Partial<GroupRewardsSnapshot>): void {
    const key = sectionKey(snapshot.connectionKey, snapshot.groupName);
    if (this.sections.get(key) !== snapshot) return;
    const next = { ...snapshot, ...change };
    this.sections.set(key, next);
    this.fire(next);
  }

  private fire(snapshot: GroupRewardsSnapshot): void {
    this.changed.fire({ connectionKey: snapshot.connectionKey, groupName: snapshot.groupName });
  }

  /** Runs one read of a section at a time: a second waits for the first. */
  private track(key: string, read: () => Promise<void>): Promise<GroupRewardsSnapshot> {
    const before = this.running.get(key) ?? Promise.resolve();
    const done = before.then(read, read);
    this.running.set(key, done);
    return done.then(() => {
      if (this.running.get(key) === done) this.running.delete(key);
      return this.sections.get(key)!;
    });
  }
}

/** Runs `task` on every item, at most `limit` at a time; after a cancel, no item is started. */
async function eachAtMost<T>(
  limit: number,
  items: readonly T[],
  signal: AbortSignal | undefined,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A brand before its first page. */
function emptyBrand(brand: Brand): BrandRewards {
  return { brand, rewards: [], otherCase: [], counted: 0, notInSection: 0, pagesLoaded: 0, last: false, loading: true };
}

/**
 * Puts a page's rewards into a brand's arrays (changed in place: the caller owns them): in the
 * section when a link names the group exactly, apart when only in another case. A reward already
 * seen is skipped. How many were new.
 */
function sortIntoSection(
  entry: Pick<BrandRewards, 'brand' | 'rewards' | 'otherCase' | 'notInSection'> & { seen: Set<number> },
  page: Reward[],
  groupName: string,
): number {
  let added = 0;
  for (const reward of page) {
    if (entry.seen.has(reward.id)) continue;
    entry.seen.add(reward.id);
    added++;
    const exact = reward.groups.find((link) => link.groupName === groupName);
    const similar = reward.groups.find((link) => link.groupName.toLowerCase() === groupName.toLowerCase());
    if (exact) entry.rewards.push({ reward, brand: entry.brand, groupRank: exact.groupRank });
    else {
      entry.notInSection++;
      if (similar) entry.otherCase.push({ reward, brand: entry.brand, groupRank: similar.groupRank });
    }
  }
  return added;
}

/**
 * Whether a brand's page was its last: an empty page, or one with nothing new (a server ignoring
 * `page`), always ends it; so do the server's `last` and its count, when it reported them (without
 * paging information only an empty page proves the end).
 */
function pageEndsBrand(page: RewardPage, pagesLoaded: number, added: number): boolean {
  if (page.rewards.length === 0 || added === 0) return true;
  if (page.paging.guessed) return false;
  return page.paging.last || pagesLoaded * REWARD_PAGE_SIZE >= page.paging.totalElements;
}
