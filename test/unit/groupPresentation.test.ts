import { strict as assert } from 'assert';
import type { Group } from '../../src/api/types';
import {
  formatLocal,
  groupDescription,
  groupFields,
  groupRow,
  groupTooltip,
  listSummary,
} from '../../src/views/groupPresentation';
import { cutName, shortName } from '../../src/messages/names';

const group = (id: number, createdOn: number, extra: Partial<Group> = {}): Group => ({
  id,
  orgId: 100737,
  name: `Group ${id}`,
  rank: 8,
  isActive: true,
  createdBy: 75155282,
  createdOn,
  createdOnDateTime: new Date(createdOn).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  lastUpdatedBy: 75155282,
  lastUpdatedOn: createdOn,
  lastUpdatedOnDateTime: new Date(createdOn).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  ...extra,
});

describe('group presentation', () => {
  const sample = group(2412, 1742180327987, {
    createdOnDateTime: '2025-03-17T02:58:47Z',
    lastUpdatedOnDateTime: '2025-03-17T02:58:47Z',
  });

  it('describes a row as #id and the creation time', () => {
    assert.match(groupDescription(sample), /^#2412 · .*2025/);
    assert.match(groupDescription({ ...sample, isActive: false }), / · inactive$/);
  });

  it('lists every field of the group object, times in local time and ISO UTC', () => {
    const fields = groupFields(sample);
    assert.deepEqual(
      fields.map((f) => f.key).sort(),
      Object.keys(sample)
        .filter((k) => !k.endsWith('DateTime'))
        .sort(),
    );
    const createdOn = fields.find((f) => f.key === 'createdOn')!.value;
    assert.equal(createdOn, `${formatLocal(1742180327987)} · 2025-03-17T02:58:47Z`);
    assert.equal(fields.find((f) => f.key === 'rank')!.value, '8');
    assert.equal(groupFields({ ...sample, rank: null }).find((f) => f.key === 'rank')!.value, 'none (null)');
  });

  it('counts groups added here as shown, never as "more added here"', () => {
    const snapshot = {
      connectionKey: 'https://a',
      options: { name: '', activeOnly: false, sortBy: 'rank' as const, direction: 'ASC' as const },
      pageSize: 50,
      groups: [sample],
      total: 0,
      pagesLoaded: 1,
      last: true,
      loadedAt: 0,
      source: 'server' as const,
      newIds: new Set([sample.id]),
      localIds: new Set([sample.id]),
      generation: 1,
    };
    assert.equal(listSummary(snapshot), 'Showing 1 of 1 group · by rank, lowest first');
    assert.equal(
      listSummary({ ...snapshot, options: { ...snapshot.options, name: 'x', activeOnly: true } }),
      "Showing 1 of 1 matching 'x' · active only · by rank, lowest first",
    );
    const second = { ...sample, id: 2413 };
    assert.equal(
      listSummary({ ...snapshot, groups: [sample, second], total: 3, last: false }),
      'Showing 2 of 3 groups · by rank, lowest first',
    );
  });

  it('isolates a right-to-left name from the id and time, and leaves a plain name as it is', () => {
    const FSI = '\u2068';
    const LRI = '\u2066';
    const PDI = '\u2069';
    const plain = groupRow(sample);
    assert.equal(plain.label, 'Group 2412', 'type-to-navigate matches the name as typed');
    assert.equal(plain.description, groupDescription(sample));
    assert.equal(plain.accessibilityLabel, 'Group 2412, group 2412');

    for (const name of ['עברית', 'ذهبي', 'Gold עברית', 'Gold\u202e Tier', 'Tier\u200f']) {
      const row = groupRow({ ...sample, id: 2417, name }, { isNew: true, rank: true });
      assert.equal(row.label, `${FSI}${name}${PDI}`, JSON.stringify(name));
      assert.equal(
        row.description,
        `${LRI}rank 8 · ${groupDescription({ ...sample, id: 2417 }, true)}${PDI}`,
        JSON.stringify(name),
      );
      assert.equal(row.accessibilityLabel, `${FSI}${name}${PDI}, group 2417, new`);
    }
    assert.equal(
      groupRow({ ...sample, isActive: false }, { rank: true }).description,
      `rank 8 · ${groupDescription({ ...sample, isActive: false })}`,
    );
    assert.equal(groupRow({ ...sample, rank: null }, { rank: true }).description.split(' · ')[0], 'rank none');
    // In catalog order the section's place leads, then the rank.
    assert.equal(
      groupRow(sample, { rank: true, section: 3 }).description,
      `section 3 · rank 8 · ${groupDescription(sample)}`,
    );
    // Sorted by last update, the time shown is the last update's.
    const edited = { ...sample, lastUpdatedOn: sample.createdOn + 86_400_000 };
    assert.equal(groupRow(edited, { updated: true }).description, groupDescription(edited, false, true));
    assert.match(groupRow(edited, { updated: true }).description, /^#2412 · updated /);
    assert.notEqual(groupRow(edited, { updated: true }).description, groupRow(edited).description);
    assert.equal(groupRow({ ...sample, isActive: false }).accessibilityLabel, 'Group 2412, group 2412, inactive');
  });

  it('isolates a right-to-left name where it is only repeated, so that quotes and id keep their places', () => {
    assert.equal(shortName('עברית'), '\u2068עברית\u2069');
    assert.equal(`'${shortName('עברית')}' (#2413)`, "'\u2068עברית\u2069' (#2413)");
    assert.equal(shortName('Gold'), 'Gold', 'a plain name is left as it is');
    assert.equal(shortName('x'.repeat(300)), `${'x'.repeat(39)}…`);
    assert.equal(cutName('עברית'), 'עברית', 'file names are cut, never isolated');
  });

  it('escapes markdown in the tooltip', () => {
    const tooltip = groupTooltip({ ...sample, name: '*bold* [link](x)' });
    assert.equal(tooltip.split('\n')[0], '**\\*bold\\* \\[link\\]\\(x\\)**');
    assert.match(tooltip, /\| createdOn \| .*2025\\-03\\-17T02:58:47Z \|/);
  });
});
