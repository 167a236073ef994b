/**
 * The Rewards Catalog's sections and how to reorder them. The catalog shows an org's active groups
 * ordered by rank, lowest first, unranked ones after; Capillary does not say how it orders groups
 * of equal rank. A reorder therefore gives every group up to the last one whose place matters a
 * rank of its own, strictly rising, and changes as few ranks as that allows.
 */
import type { Group } from '../api/types';

/** The lowest rank a reorder gives: the catalog numbers its sections from 1. */
export const LOWEST_NEW_RANK = 1;
const INT32_MAX = 2147483647;

export interface RankChange {
  group: Group;
  from: number | null;
  to: number;
}

/** The sections as the catalog shows them: active groups by rank, unranked after, ties by id. */
export function catalogSections(groups: readonly Group[]): Group[] {
  return groups.filter((group) => group.isActive).sort(compareCatalog);
}

export function compareCatalog(a: Group, b: Group): number {
  if (a.rank === null || b.rank === null) return (a.rank === null ? 1 : 0) - (b.rank === null ? 1 : 0) || a.id - b.id;
  return a.rank - b.rank || a.id - b.id;
}

/** `sections` with the group `movedId` taken out and put at `toIndex` (an index of the result). */
export function moveSection(sections: readonly Group[], movedId: number, toIndex: number): Group[] {
  const moved = sections.find((group) => group.id === movedId);
  if (!moved) return [...sections];
  const rest = sections.filter((group) => group.id !== movedId);
  const index = Math.max(0, Math.min(toIndex, rest.length));
  return [...rest.slice(0, index), moved, ...rest.slice(index)];
}

/**
 * The fewest rank changes that make the catalog show `order` (active groups, in the wanted order).
 * `moved` is the group the user moved: it ends up with a rank, even dropped among unranked groups.
 * It may keep the rank it has, when moving the others around it takes fewer changes.
 *
 * The groups up to the last ranked one (or the moved one, if later) must end with strictly rising
 * ranks; unranked groups after them stay unranked. A group may keep any rank it has, 0 and below
 * included, but a rank the reorder gives is never below LOWEST_NEW_RANK nor above int32. With
 * key(i) = rank(i) − i, kept groups i < j fit when key(i) ≤ key(j) (room for the groups between)
 * and, with a group between them, key(j) ≥ LOWEST_NEW_RANK − 1 − i (room above the floor for it);
 * the first kept group f > 0 needs key(f) ≥ LOWEST_NEW_RANK (room for those before it). The most
 * groups that fit are found in O(n log n): groups taken by key, each extending the longest run
 * among the places it may follow (a range-maximum tree over places). The others get the lowest
 * ranks that still rise, counting down to the first kept group before it.
 */
export function ranksForOrder(order: readonly Group[], moved?: Group): RankChange[] {
  let prefix = 0;
  order.forEach((group, i) => {
    if (group.rank !== null || group.id === moved?.id) prefix = i + 1;
  });
  const kept = mostKept(order.slice(0, prefix));
  const next = new Array<number>(prefix);
  const firstKept = kept.values().next().value;
  // Before the first kept group: the ranks right below it (the first kept one leaves room above the floor).
  let rank = firstKept === undefined ? LOWEST_NEW_RANK : order[firstKept]!.rank! - firstKept;
  for (let i = 0; i < prefix; i++) {
    if (kept.has(i)) rank = order[i]!.rank!;
    next[i] = rank;
    rank = Math.max(rank + 1, LOWEST_NEW_RANK);
  }
  const changes: RankChange[] = [];
  for (let i = 0; i < prefix; i++) {
    const group = order[i]!;
    if (group.rank !== next[i]) changes.push({ group, from: group.rank, to: next[i]! });
  }
  return changes;
}

/** The places of a largest set of groups that can keep their ranks (see ranksForOrder). */
function mostKept(prefix: readonly Group[]): Set<number> {
  const n = prefix.length;
  const keys: number[] = [];
  const candidates: number[] = [];
  prefix.forEach((group, i) => {
    if (group.rank === null) return;
    if (group.rank + (n - 1 - i) > INT32_MAX) return; // no room for the groups after it
    keys[i] = group.rank - i;
    candidates.push(i);
  });
  // Taken by key, then place: when place j is reached, every place it may follow is in the tree.
  candidates.sort((a, b) => keys[a]! - keys[b]! || a - b);
  const tree = new RangeMax(n);
  const previous = new Array<number>(n).fill(-1);
  const length = new Array<number>(n).fill(0);
  for (const j of candidates) {
    const key = keys[j]!;
    const [best, from] = j > 0 ? tree.max(Math.min(j - 1, Math.max(0, LOWEST_NEW_RANK - 1 - key)), j - 1) : [0, -1];
    if (best === 0 && j > 0 && key < LOWEST_NEW_RANK) continue; // cannot be first: no room before it
    length[j] = best + 1;
    previous[j] = from;
    tree.set(j, length[j]);
  }
  let end = -1;
  for (let j = 0; j < n; j++) if (length[j]! > 0 && (end < 0 || length[j]! >= length[end]!)) end = j;
  const kept = new Set<number>();
  for (let i = end; i >= 0; i = previous[i]!) kept.add(i);
  return new Set([...kept].sort((a, b) => a - b));
}

/** Maximum over a range of places, with the place holding it (the later one on a tie). */
class RangeMax {
  private readonly size: number;
  private readonly best: Int32Array;
  private readonly at: Int32Array;

  constructor(n: number) {
    this.size = Math.max(1, n);
    this.best = new Int32Array(2 * this.size);
    this.at = new Int32Array(2 * this.size).fill(-1);
  }

  set(place: number, value: number): void {
    let node = place + this.size;
    this.best[node] = value;
    this.at[node] = place;
    for (node >>= 1; node >= 1; node >>= 1) {
      const [l, r] = [2 * node, 2 * node + 1];
      const right = this.best[r]! >= this.best[l]! && this.best[r]! > 0;
      this.best[node] = right ? this.best[r]! : this.best[l]!;
      this.at[node] = right ? this.at[r]! : this.at[l]!;
    }
  }

  /** [longest, its place] over places low…high (inclusive); [0, -1] when none is set. */
  max(low: number, high: number): [number, number] {
    let best = 0;
    let at = -1;
    const take = (node: number) => {
      if (this.best[node]! > best || (this.best[node]! === best && best > 0 && this.at[node]! > at)) {
        best = this.best[node]!;
        at = this.at[node]!;
      }
    };
    for (let l = low + this.size, r = high + this.size + 1; l < r; l >>= 1, r >>= 1) {
      if (l & 1) take(l++);
      if (r & 1) take(--r);
    }
    return [best, at];
  }
}
