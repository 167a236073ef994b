import type { Brand, ListRewardsQuery, Reward, RewardPage } from '../api/types';
import { Emitter } from '../events';

/** Rewards per request: the reward list's documented default, so that pages line up whatever a server's maximum. */
export const REWARD_PAGE_SIZE = 100;
/** Brands read at once when a group's rewards are read. */
const BRANDS_AT_ONCE = 4;

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
  loading: boolean;
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
    // Pages not read yet count as the server counts them, less what read pages showed not to match.
    count: entry.last ? entry.rewards.length : Math.max(entry.rewards.length, entry.counted - entry.notInSection),
    live: entry.rewards.filter((item) => item.reward.status === 'LIVE').length,
    failed: entry.error !== undefined,
  }));
  return {
    total: byBrand.reduce((sum, entry) => sum + entry.count, 0),
    complete: snapshot.brands !== undefined && brands.every((entry) => entry.last && entry.error === undefined),
    byBrand,
    live: byBrand.reduce((sum, entry) => sum + entry.live, 0),
    failedBrands: brands.filter((entry) => entry.error !== undefined).map((entry) => entry.brand),
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
  async load(connectionKey: string, group: { name: string; orgId: number }, signal?: AbortSignal): Promise<GroupRewardsSnapshot> {
    const key = sectionKey(connectionKey, group.name);
    const existing = this.sections.get(key);
    if (existing && !existing.brandsError && existing.brands) {
      await this.running.get(key);
      return this.sections.get(key)!;
    }
    return this.track(key, async () => {
      const snapshot: GroupRewardsSnapshot = { connectionKey, groupName: group.name, orgId: group.orgId, loading: true };
      this.sections.set(key, snapshot);
      this.fire(snapshot);
      let brands: Brand[];
      try {
        brands = await this.brandsOf(connectionKey, group.orgId, signal);
      } catch (error) {
        this.replace(snapshot, { brandsError: error, loading: false });
        return;
      }
      const entries = brands.map((brand): BrandRewards => ({ brand, rewards: [], otherCase: [], counted: 0, notInSection: 0, pagesLoaded: 0, last: false, loading: true }));
      this.replace(snapshot, { brands: entries });
      await eachAtMost(BRANDS_AT_ONCE, entries, (entry) => this.readPage(key, entry.brand.id, signal));
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
   * Every page of every brand (what is already read is kept): what a rename or a deactivate
   * checks before it asks. A failure (of the brand list, or of a brand) is in the snapshot.
   */
  async loadAll(
    connectionKey: string,
    group: { name: string; orgId: number },
    signal?: AbortSignal,
    onProgress?: (read: number, counted: number) => void,
  ): Promise<GroupRewardsSnapshot> {
    const key = sectionKey(connectionKey, group.name);
    let snapshot = await this.load(connectionKey, group, signal);
    if (snapshot.brandsError) return snapshot;
    // A brand that failed before is tried again.
    await this.track(key, () =>
      eachAtMost(BRANDS_AT_ONCE, snapshot.brands ?? [], async (entry) => {
        for (let guard = 0; guard < 10_000; guard++) {
          const current = this.sections.get(key)?.brands?.find((candidate) => candidate.brand.id === entry.brand.id);
          if (!current || (current.last && !current.error) || (current.error && guard > 0)) return;
          await this.readPage(key, entry.brand.id, signal);
          const now = this.sections.get(key)!;
          const read = (now.brands ?? []).reduce((sum, item) => sum + item.rewards.length + item.notInSection, 0);
          onProgress?.(
            read,
            (now.brands ?? []).reduce((sum, item) => sum + item.counted, 0),
          );
        }
      }),
    );
    snapshot = this.sections.get(key)!;
    signal?.throwIfAborted();
    return snapshot;
  }

  /** Forgets what was read for a connection (its Refresh), brands included. */
  clear(connectionKey: string): void {
    for (const key of [...this.brandLists.keys()]) if (key.startsWith(`${connectionKey}\u0000`)) this.brandLists.delete(key);
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
      const page = await this.source.rewards(snapshot.connectionKey, brandId, { page: entry.pagesLoaded, size: REWARD_PAGE_SIZE, groupName: snapshot.groupName }, signal);
      const current = this.sections.get(key)?.brands?.find((candidate) => candidate.brand.id === brandId);
      if (this.sections.get(key) !== snapshot && !current) return; // cleared meanwhile
      const base = current ?? entry;
      const seen = new Set([...base.rewards, ...base.otherCase].map((item) => item.reward.id));
      const rewards = [...base.rewards];
      const otherCase = [...base.otherCase];
      let notInSection = base.notInSection;
      for (const reward of page.rewards) {
        if (seen.has(reward.id)) continue;
        seen.add(reward.id);
        const exact = reward.groups.find((link) => link.groupName === snapshot.groupName);
        const similar = reward.groups.find((link) => link.groupName.toLowerCase() === snapshot.groupName.toLowerCase());
        if (exact) rewards.push({ reward, brand: entry.brand, groupRank: exact.groupRank });
        else {
          notInSection++;
          if (similar) otherCase.push({ reward, brand: entry.brand, groupRank: similar.groupRank });
        }
      }
      rewards.sort(compareInSection);
      // An empty page, or one past the count, ends the brand even if the server never says "last".
      const last = page.paging.last || page.rewards.length === 0 || (base.pagesLoaded + 1) * REWARD_PAGE_SIZE >= page.paging.totalElements;
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
    this.replace(snapshot, { brands: snapshot.brands.map((entry) => (entry.brand.id === brandId ? { ...entry, ...change } : entry)) });
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

/** Runs `task` on every item, at most `limit` at a time. */
async function eachAtMost<T>(limit: number, items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
