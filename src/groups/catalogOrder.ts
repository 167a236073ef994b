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
 * ranks; unranked groups after them stay unranked. A group keeps its rank when a rising sequence
 * can go through it: kept groups i < j need rank(j) − rank(i) ≥ j − i, room for the groups between
 * them, and the first kept one needs room for those before it above LOWEST_NEW_RANK. That makes
 * the kept set a longest non-decreasing run of rank(i) − i: found in O(n log n). The others get
 * consecutive ranks right after the kept group before them (or right before the first kept one).
 */
export function ranksForOrder(order: readonly Group[], moved?: Group): RankChange[] {
  let prefix = 0;
  order.forEach((group, i) => {
    if (group.rank !== null || group.id === moved?.id) prefix = i + 1;
  });
  const keys = order.slice(0, prefix).map((group, i) => (group.rank === null ? undefined : keyOf(group.rank, i, prefix)));
  const kept = longestNonDecreasing(keys);
  const next = new Array<number>(prefix);
  // Ranks before the first kept group count down to it; after a kept group they count up from it.
  const firstKept = kept.values().next().value;
  let rank = firstKept === undefined ? LOWEST_NEW_RANK : order[firstKept]!.rank! - firstKept;
  for (let i = 0; i < prefix; i++) {
    if (kept.has(i)) rank = order[i]!.rank!;
    next[i] = rank;
    rank++;
  }
  const changes: RankChange[] = [];
  for (let i = 0; i < prefix; i++) {
    const group = order[i]!;
    if (group.rank !== next[i]) changes.push({ group, from: group.rank, to: next[i]! });
  }
  return changes;
}

/** rank − index, or undefined when the group cannot keep its rank wherever the others go. */
function keyOf(rank: number, index: number, prefix: number): number | undefined {
  const key = rank - index;
  if (key < LOWEST_NEW_RANK) return undefined; // no room for the groups before it
  if (rank + (prefix - 1 - index) > INT32_MAX) return undefined; // no room for those after it
  return key;
}

/** Indices of a longest non-decreasing subsequence of the defined keys. */
function longestNonDecreasing(keys: readonly (number | undefined)[]): Set<number> {
  const tails: number[] = []; // tails[k]: index ending the best run of length k + 1
  const previous = new Array<number>(keys.length).fill(-1);
  keys.forEach((key, i) => {
    if (key === undefined) return;
    // The first run whose last key is greater than this one: a non-decreasing run may repeat a key.
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (keys[tails[mid]!]! <= key) low = mid + 1;
      else high = mid;
    }
    previous[i] = low > 0 ? tails[low - 1]! : -1;
    tails[low] = i;
  });
  const kept = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) kept.add(i);
  return new Set([...kept].sort((a, b) => a - b));
}
