import { strict as assert } from 'assert';
import type { Group } from '../../src/api/types';
import { INT32_MAX, INT32_MIN } from '../../src/foundation/validation';
import {
  catalogSections,
  LOWEST_NEW_RANK,
  moveSection,
  ranksForOrder,
  type RankChange,
} from '../../src/groups/catalogOrder';

let nextId = 1;
function group(name: string, rank: number | null, isActive = true): Group {
  const id = nextId++;
  return {
    id,
    orgId: 1,
    name,
    rank,
    isActive,
    createdBy: 1,
    createdOn: 0,
    createdOnDateTime: '',
    lastUpdatedBy: 1,
    lastUpdatedOn: 0,
    lastUpdatedOnDateTime: '',
  };
}

/** An org of active groups A, B, C… with these ranks, in catalog order. */
function sections(ranks: (number | null)[]): Group[] {
  return catalogSections(ranks.map((rank, i) => group(String.fromCharCode(65 + i), rank)));
}

/** Moves the group named `name` to `toIndex` and returns the catalog as it would be afterwards, and the changes. */
function reorder(org: Group[], name: string, toIndex: number): { changes: RankChange[]; after: string[] } {
  const moved = org.find((g) => g.name === name)!;
  const order = moveSection(org, moved.id, toIndex);
  const changes = ranksForOrder(order, moved);
  const changed = new Map(changes.map((c) => [c.group.id, c.to]));
  const after = catalogSections(org.map((g) => ({ ...g, rank: changed.has(g.id) ? changed.get(g.id)! : g.rank })));
  assert.deepEqual(
    after.map((g) => g.name),
    order.map((g) => g.name),
    'the catalog shows the wanted order',
  );
  return { changes, after: after.map((g) => `${g.name}${g.rank ?? '-'}`) };
}

/** Ranks as catalogs hold them: small ones around 0 (so duplicates), none, and both int32 edges. */
function randomRank(random: (n: number) => number): number | null {
  const kind = random(10);
  if (kind === 0) return null;
  if (kind === 1) return INT32_MAX - random(4);
  if (kind === 2) return INT32_MIN + random(4);
  return random(12) - 5;
}

const described = (changes: RankChange[]) => changes.map((c) => `${c.group.name}: ${c.from ?? 'none'} → ${c.to}`);

/**
 * An independent count of the fewest changes: tries every set of groups that keep their rank,
 * giving the others the lowest rank that still rises and is at least LOWEST_NEW_RANK. A set is
 * possible when every kept rank lies above what came before it and no given rank passes int32.
 */
function fewestByTrying(order: Group[], moved: Group): number {
  let prefix = 0;
  order.forEach((g, i) => {
    if (g.rank !== null || g.id === moved.id) prefix = i + 1;
  });
  let best = Infinity;
  for (let mask = 0; mask < 1 << prefix; mask++) {
    let previous = -Infinity;
    let possible = true;
    let changes = 0;
    for (let i = 0; i < prefix && possible; i++) {
      const keep = (mask >> i) & 1;
      const rank = order[i]!.rank;
      if (keep) {
        if (rank === null || rank <= previous) possible = false;
        else previous = rank;
      } else {
        previous = Math.max(previous + 1, LOWEST_NEW_RANK);
        changes += 1;
      }
    }
    if (possible && previous <= INT32_MAX) best = Math.min(best, changes);
  }
  return best;
}

describe('catalog order: sections and the fewest rank changes for a reorder', () => {
  it('shows active groups by rank, lowest first, unranked after, ties by id; inactive groups are no section', () => {
    const org = [group('Z', null), group('Y', 2), group('X', 1, false), group('W', 2), group('V', -5)];
    assert.deepEqual(
      catalogSections(org).map((g) => g.name),
      ['V', 'Y', 'W', 'Z'],
    );
  });

  const table: {
    title: string;
    ranks: (number | null)[];
    move: string;
    to: number;
    changes: string[];
    after: string[];
  }[] = [
    {
      title: 'one step up between spaced ranks: only the moved group',
      ranks: [10, 20, 30],
      move: 'C',
      to: 1,
      changes: ['C: 30 → 11'],
      after: ['A10', 'C11', 'B20'],
    },
    {
      title: 'to the top of 1, 2, 3: the others move down (2 changes, not 3)',
      ranks: [1, 2, 3],
      move: 'C',
      to: 0,
      changes: ['A: 1 → 4', 'B: 2 → 5'],
      after: ['C3', 'A4', 'B5'],
    },
    {
      title: 'to the bottom of 1, 2, 3: only the moved group',
      ranks: [1, 2, 3],
      move: 'A',
      to: 2,
      changes: ['A: 1 → 4'],
      after: ['B2', 'C3', 'A4'],
    },
    {
      title: 'a far rank can stay: the group after it moves instead',
      ranks: [1, 2, 10],
      move: 'C',
      to: 1,
      changes: ['B: 2 → 11'],
      after: ['A1', 'C10', 'B11'],
    },
    {
      title: 'ties are broken: equal ranks rise',
      ranks: [5, 5, 5],
      move: 'C',
      to: 0,
      changes: ['C: 5 → 3', 'A: 5 → 4'],
      after: ['C3', 'A4', 'B5'],
    },
    {
      title: 'an unranked group moved above ranked ones takes a rank',
      ranks: [1, 5, null],
      move: 'C',
      to: 1,
      changes: ['C: none → 2'],
      after: ['A1', 'C2', 'B5'],
    },
    {
      title: 'an unranked group moved among unranked ones: those before it get ranks too, those after stay unranked',
      ranks: [1, null, null, null],
      move: 'D',
      to: 2,
      changes: ['B: none → 2', 'D: none → 3'],
      after: ['A1', 'B2', 'D3', 'C-'],
    },
    {
      title: 'no rank at all: ranks from 1',
      ranks: [null, null, null],
      move: 'C',
      to: 0,
      changes: ['C: none → 1'],
      after: ['C1', 'A-', 'B-'],
    },
    {
      title: 'a ranked group moved below unranked ones: they get ranks before it',
      ranks: [1, null, null],
      move: 'A',
      to: 1,
      changes: ['B: none → 1', 'A: 1 → 2'],
      after: ['B1', 'A2', 'C-'],
    },
    {
      title: 'ranks at the lowest edge: no rank below 1 is given',
      ranks: [1, 2],
      move: 'B',
      to: 0,
      changes: ['A: 1 → 3'],
      after: ['B2', 'A3'],
    },
    {
      title: 'a rank of 0 is kept: 0, 1, 2 with the third moved up one changes one rank',
      ranks: [0, 1, 2],
      move: 'C',
      to: 1,
      changes: ['B: 1 → 3'],
      after: ['A0', 'C2', 'B3'],
    },
    {
      title: 'ranks below 1 keep their places when another group moves behind them',
      ranks: [-5, -3, 0, 4],
      move: 'A',
      to: 3,
      changes: ['A: -5 → 5'],
      after: ['B-3', 'C0', 'D4', 'A5'],
    },
    {
      title: 'duplicate ranks of 0: the tie is broken with one change',
      ranks: [0, 0, 3],
      move: 'C',
      to: 1,
      changes: ['B: 0 → 4'],
      after: ['A0', 'C3', 'B4'],
    },
    {
      title: 'ranks below 1 that must follow a higher rank get ranks from 1 up (none below 1 is given)',
      ranks: [-3, 0, 7],
      move: 'C',
      to: 0,
      changes: ['A: -3 → 8', 'B: 0 → 9'],
      after: ['C7', 'A8', 'B9'],
    },
    {
      title: 'the highest rank there is: no rank above int32 is given',
      ranks: [1, 2147483647],
      move: 'A',
      to: 1,
      changes: ['B: 2147483647 → 1', 'A: 1 → 2'],
      after: ['B1', 'A2'],
    },
    {
      title: 'moved onto its own place: nothing to change',
      ranks: [1, 2, 3],
      move: 'B',
      to: 1,
      changes: [],
      after: ['A1', 'B2', 'C3'],
    },
  ];
  for (const row of table) {
    it(row.title, () => {
      const org = sections(row.ranks);
      const { changes, after } = reorder(org, row.move, row.to);
      assert.deepEqual(described(changes), row.changes);
      assert.deepEqual(after, row.after);
    });
  }

  it('200 spaced sections: moving one changes one rank', () => {
    const org = sections(Array.from({ length: 200 }, (_, i) => (i + 1) * 10));
    assert.equal(reorder(org, org[150]!.name, 20).changes.length, 1);
  });

  it('200 sections ranked 1…200: moving one up 50 places changes the fewest ranks there are', () => {
    const org = sections(Array.from({ length: 200 }, (_, i) => i + 1));
    const { changes } = reorder(org, org[120]!.name, 70);
    // Nothing fits between 70 and 71, and 71 groups cannot sit in front of rank 71: the moved group
    // and the 50 it passes change, the other 149 keep their ranks.
    assert.equal(changes.length, 51);
  });

  it('agrees with trying every set of kept ranks, on 20,000 random catalogs with ranks ≤ 0, nulls, duplicates and int32 edges', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 20000; round++) {
      const size = 1 + random(8);
      const ranks = Array.from({ length: size }, () => randomRank(random));
      const org = sections(ranks);
      const moved = org[random(size)]!;
      const to = random(size);
      const { changes } = reorder(org, moved.name, to);
      const order = moveSection(org, moved.id, to);
      assert.equal(
        changes.length,
        fewestByTrying(order, moved),
        `ranks ${JSON.stringify(ranks)}, ${moved.name} to ${to}`,
      );
      for (const change of changes) {
        assert.ok(change.to >= LOWEST_NEW_RANK && change.to <= INT32_MAX, `${change.group.name} gets ${change.to}`);
      }
    }
  });
});
