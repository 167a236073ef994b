import { strict as assert } from 'assert';
import type { Group } from '../../src/api/types';
import {
  exportOrder,
  type FileGroup,
  type GroupsFile,
  readGroupsFile,
  type WrittenGroup,
  writeGroupsFile,
} from '../../src/groupsFile/format';
import {
  changedSince,
  compareOrgs,
  describeChange,
  describePlan,
  type Plan,
  planGroups,
  type PlanStep,
  type PlanSummary,
  writeOrgLikeFile,
  writeSteps,
} from '../../src/groupsFile/plan';
import { checkGroupName } from '../../src/foundation/validation';

let nextId = 1000;

/** A group as the org holds it; ids are unique unless given. */
function group(name: string, rank: number | null, isActive = true, more: Partial<Group> = {}): Group {
  const id = more.id ?? nextId++;
  const at = 1_700_000_000_000 + id;
  return {
    id,
    orgId: 50123,
    name,
    rank,
    isActive,
    createdBy: 7,
    createdOn: at,
    createdOnDateTime: new Date(at).toISOString(),
    lastUpdatedBy: 7,
    lastUpdatedOn: at,
    lastUpdatedOnDateTime: new Date(at).toISOString(),
    ...more,
  };
}

/** A file entry; `rank`/`isActive` are set only when given, as the reader does. */
function entry(name: string, fields: { rank?: number | null; isActive?: boolean } = {}, offset = 0): FileGroup {
  return { name, ...fields, offset };
}

function fileOf(groups: FileGroup[], deactivateMissing = false): GroupsFile {
  return { groups, deactivateMissing };
}

/** The file a text reads as, failing the test with its problems when it is not one. */
function read(text: string): GroupsFile {
  const result = readGroupsFile(text);
  if (!result.ok) assert.fail(`expected a valid groups file, got ${JSON.stringify(result.problems)}`);
  return result.file;
}

/** A file's groups without their offsets, as a writer would take them. */
function written(file: GroupsFile): WrittenGroup[] {
  return file.groups.map(({ name, rank, isActive }) => ({
    name,
    ...(rank !== undefined ? { rank } : {}),
    ...(isActive !== undefined ? { isActive } : {}),
  }));
}

const NO_CHANGES: PlanSummary = {
  create: 0,
  createInactive: 0,
  rankChanges: 0,
  activate: 0,
  deactivate: 0,
  unchanged: 0,
  serverOnly: 0,
};

describe('groups files', () => {
  describe('readGroupsFile: valid files', () => {
    /**
     * A title, the text, each group expected with the text its object starts with, and
     * "deactivateMissing" as written (undefined: the file does not write it).
     */
    const valid: [string, string, [string, Omit<FileGroup, 'offset'>][], boolean | undefined][] = [
      ['the minimal file', '{"groups":[]}', [], undefined],
      ['an empty list with deactivateMissing', '{ "groups": [ ], "deactivateMissing": true }', [], true],
      ['an empty list with deactivateMissing false', '{"groups":[],"deactivateMissing":false}', [], false],
      ['a "$schema" key', '{"$schema":"./capillary-groups.schema.json","groups":[]}', [], undefined],
      [
        'every field, names trimmed, keys in any order',
        '{"$schema":"x","groups":[{"name":"  VIP Gold ","rank":1,"isActive":true},{"isActive":false,"rank":null,"name":"Silver"},{"name":"Bronze"}],"deactivateMissing":false}',
        [
          ['{"name":"  VIP Gold "', { name: 'VIP Gold', rank: 1, isActive: true }],
          ['{"isActive":false', { name: 'Silver', rank: null, isActive: false }],
          ['{"name":"Bronze"', { name: 'Bronze' }],
        ],
        false,
      ],
      [
        'the int32 bounds and zero',
        '{"groups":[{"name":"Max","rank":2147483647},{"name":"Min","rank":-2147483648},{"name":"Zero","rank":0}]}',
        [
          ['{"name":"Max"', { name: 'Max', rank: 2147483647 }],
          ['{"name":"Min"', { name: 'Min', rank: -2147483648 }],
          ['{"name":"Zero"', { name: 'Zero', rank: 0 }],
        ],
        undefined,
      ],
      [
        'names at the limits: 255 units, emoji, RTL, quotes and backslashes',
        `{"groups":[{"name":"${'a'.repeat(255)}"},{"name":"${'🥇'.repeat(127)}x"},{"name":"ذهبي"},{"name":"Say \\"Hi\\" \\\\ 👨‍👩‍👧"}]}`,
        [
          [`{"name":"${'a'.repeat(255)}"`, { name: 'a'.repeat(255) }],
          [`{"name":"${'🥇'.repeat(127)}x"`, { name: `${'🥇'.repeat(127)}x` }],
          ['{"name":"ذهبي"', { name: 'ذهبي' }],
          ['{"name":"Say', { name: 'Say "Hi" \\ 👨‍👩‍👧' }],
        ],
        undefined,
      ],
      [
        'deactivateMissing before groups, on several lines',
        '{\n  "deactivateMissing": true,\n  "groups": [\n    { "name": "A" }\n  ]\n}\n',
        [['{ "name": "A" }', { name: 'A' }]],
        true,
      ],
    ];
    for (const [title, text, groups, deactivateMissing] of valid) {
      it(`reads ${title}`, () => {
        const file = read(text);
        // Each offset is where the group's object starts. A file that does not write "deactivateMissing" is false, and says it left it out.
        assert.deepEqual(file, {
          groups: groups.map(([starts, g]) => ({ ...g, offset: text.indexOf(starts) })),
          deactivateMissing: deactivateMissing ?? false,
          ...(deactivateMissing === undefined ? { deactivateMissingLeftOut: true } : {}),
        });
        for (const group of file.groups) assert.equal(text[group.offset], '{');
      });
    }

    it('keeps a rank or state left out apart from a null rank or a false state', () => {
      const file = read(
        '{"groups":[{"name":"A","rank":null},{"name":"B"},{"name":"C","isActive":false},{"name":"D","rank":0}]}',
      );
      const [a, b, c, d] = file.groups;
      assert.equal('rank' in a!, true);
      assert.equal(a!.rank, null);
      assert.equal('isActive' in a!, false);
      assert.equal('rank' in b!, false);
      assert.equal('isActive' in b!, false);
      assert.equal('rank' in c!, false);
      assert.equal(c!.isActive, false);
      assert.equal(d!.rank, 0);
    });
  });

  describe('readGroupsFile: problems', () => {
    /** A problem as expected: the text it underlines, its message (exact when a string), whether the schema reports it too. */
    type Expected = { at: string; message: RegExp | string; schema: boolean };
    const nameMessage = (name: string) => {
      const checked = checkGroupName(name);
      assert.equal(checked.ok, false, `checkGroupName accepts ${JSON.stringify(name)}`);
      return checked.ok ? '' : checked.message;
    };
    const inGroup = (property: string) => `{"groups":[{"name":"VIP Gold",${property}}]}`;
    const nameIs = (json: string) => `{"groups":[{"name":${json},"rank":1}]}`;
    const rankIs = (json: string) => inGroup(`"rank":${json}`);
    const notJson = (what: string) => new RegExp(`^Not valid JSON: ${what}\\.$`);
    const notObject = /^A groups file is an object with a "groups" list, e\.g\. /;
    const notAGroup = /^Each group is an object such as \{ "name": "VIP Gold", "rank": 1 \}\.$/;
    const badActive = /^"isActive" must be true or false\.$/;
    const badDeactivate = /^"deactivateMissing" must be true or false\.$/;
    const notAName = /^"name" must be a string\.$/;
    const noName = /^This group has no "name": the name is what a group is matched by\.$/;
    const notWhole = (written: string) => `"rank" must be a whole number such as 7; ${written} is not.`;
    const outOfRange = (written: string) =>
      `Rank ${written} is out of range: Capillary keeps ranks between -2147483648 and 2147483647.`;

    const refused: [string, string, Expected[]][] = [
      // Syntax: the parser's errors, each where it is found.
      [
        'a missing comma',
        '{"groups":[{"name":"A"} {"name":"B"}]}',
        [{ at: '{', message: notJson('comma expected'), schema: true }],
      ],
      [
        'a missing comma between keys',
        '{"groups":[{"name":"A" "rank":1}]}',
        [{ at: '"rank"', message: notJson('comma expected'), schema: true }],
      ],
      [
        'a trailing comma in the list',
        '{"groups":[{"name":"A"},]}',
        [{ at: ']', message: notJson('value expected'), schema: true }],
      ],
      [
        'a trailing comma in the root',
        '{"groups":[],}',
        [
          { at: '}', message: notJson('property name expected'), schema: true },
          { at: '}', message: notJson('value expected'), schema: true },
        ],
      ],
      // A key written twice: JSON readers keep one value silently, so the file is refused.
      [
        'a name written twice in one group',
        '{"groups":[{"name":"A","rank":1,"name":"B"}]}',
        [{ at: '"name"', message: '"name" is written twice here; keep one.', schema: true }],
      ],
      [
        '"groups" written twice',
        '{"groups":[],"groups":[{"name":"A"}]}',
        [{ at: '"groups"', message: '"groups" is written twice here; keep one.', schema: true }],
      ],
      [
        'a line comment',
        '// the org\'s groups\n{"groups":[]}',
        [{ at: "// the org's groups", message: notJson('invalid comment token'), schema: true }],
      ],
      [
        'a block comment',
        '{"groups":[] /* none yet */}',
        [{ at: '/* none yet */', message: notJson('invalid comment token'), schema: true }],
      ],
      [
        'a key without quotes',
        '{groups:[]}',
        [
          { at: 'groups', message: notJson('invalid symbol'), schema: true },
          { at: ':', message: notJson('property name expected'), schema: true },
          { at: '}', message: notJson('value expected'), schema: true },
        ],
      ],
      ['empty text', '', [{ at: '', message: 'The file is empty: it needs { "groups": [] }.', schema: true }]],
      [
        'text of spaces and line breaks',
        '  \n\t\n',
        [{ at: '', message: 'The file is empty: it needs { "groups": [] }.', schema: true }],
      ],
      // The root.
      ['a list as the root', '[{"name":"A"}]', [{ at: '[{"name":"A"}]', message: notObject, schema: true }]],
      ['a string as the root', '"groups"', [{ at: '"groups"', message: notObject, schema: true }]],
      ['null as the root', 'null', [{ at: 'null', message: notObject, schema: true }]],
      ['a number as the root', '42', [{ at: '42', message: notObject, schema: true }]],
      ['no "groups"', '{}', [{ at: '{}', message: /^The file has no "groups" list\.$/, schema: true }]],
      [
        'only deactivateMissing',
        '{"deactivateMissing":true}',
        [{ at: '{"deactivateMissing":true}', message: /no "groups" list/, schema: true }],
      ],
      [
        '"groups" an object',
        '{"groups":{"name":"A"}}',
        [{ at: '{"name":"A"}', message: /^"groups" must be a list of groups\.$/, schema: true }],
      ],
      ['"groups" null', '{"groups":null}', [{ at: 'null', message: /must be a list of groups/, schema: true }]],
      [
        '"groups" a string',
        '{"groups":"VIP Gold"}',
        [{ at: '"VIP Gold"', message: /must be a list of groups/, schema: true }],
      ],
      [
        'an unknown key at the root',
        '{"groups":[],"deactivate":true}',
        [
          {
            at: '"deactivate"',
            message: 'Unknown key "deactivate": a groups file has "groups" and "deactivateMissing".',
            schema: true,
          },
        ],
      ],
      [
        'deactivateMissing a string',
        '{"groups":[],"deactivateMissing":"yes"}',
        [{ at: '"yes"', message: badDeactivate, schema: true }],
      ],
      [
        'deactivateMissing 1',
        '{"groups":[],"deactivateMissing":1}',
        [{ at: '1', message: badDeactivate, schema: true }],
      ],
      [
        'deactivateMissing null',
        '{"groups":[],"deactivateMissing":null}',
        [{ at: 'null', message: badDeactivate, schema: true }],
      ],
      // An item.
      ['a string for a group', '{"groups":["VIP Gold"]}', [{ at: '"VIP Gold"', message: notAGroup, schema: true }]],
      [
        'a list for a group',
        '{"groups":[["VIP Gold",1]]}',
        [{ at: '["VIP Gold",1]', message: notAGroup, schema: true }],
      ],
      ['null for a group', '{"groups":[null]}', [{ at: 'null', message: notAGroup, schema: true }]],
      ['a number for a group', '{"groups":[7]}', [{ at: '7', message: notAGroup, schema: true }]],
      [
        'an unknown key in a group',
        inGroup('"active":false'),
        [{ at: '"active"', message: 'Unknown key "active": a group has "name", "rank" and "isActive".', schema: true }],
      ],
      ['an id in a group', inGroup('"id":12'), [{ at: '"id"', message: /^Unknown key "id"/, schema: true }]],
      // The name.
      [
        'a group without a name',
        '{"groups":[{"rank":1,"isActive":true}]}',
        [{ at: '{"rank":1,"isActive":true}', message: noName, schema: true }],
      ],
      ['an empty group', '{"groups":[{}]}', [{ at: '{}', message: noName, schema: true }]],
      ['a number for a name', nameIs('12'), [{ at: '12', message: notAName, schema: true }]],
      ['null for a name', nameIs('null'), [{ at: 'null', message: notAName, schema: true }]],
      ['true for a name', nameIs('true'), [{ at: 'true', message: notAName, schema: true }]],
      ['a list for a name', nameIs('["VIP"]'), [{ at: '["VIP"]', message: notAName, schema: true }]],
      // The schema's minLength and pattern \S refuse these two as well.
      ['an empty name', nameIs('""'), [{ at: '""', message: nameMessage(''), schema: true }]],
      ['a blank name', nameIs('"   "'), [{ at: '"   "', message: nameMessage('   '), schema: true }]],
      [
        'a name of 256 characters',
        nameIs(`"${'a'.repeat(256)}"`),
        [{ at: `"${'a'.repeat(256)}"`, message: nameMessage('a'.repeat(256)), schema: false }],
      ],
      [
        'a name of 128 emoji (256 UTF-16 units)',
        nameIs(`"${'🥇'.repeat(128)}"`),
        [{ at: `"${'🥇'.repeat(128)}"`, message: nameMessage('🥇'.repeat(128)), schema: false }],
      ],
      [
        'a name with a control character',
        nameIs('"Gold\\u0007Tier"'),
        [{ at: '"Gold\\u0007Tier"', message: nameMessage('Gold\u0007Tier'), schema: false }],
      ],
      [
        'a name with an escaped line break',
        nameIs('"Gold\\nTier"'),
        [{ at: '"Gold\\nTier"', message: nameMessage('Gold\nTier'), schema: false }],
      ],
      [
        'a name with a zero-width space',
        nameIs('"Gold\u200BTier"'),
        [{ at: '"Gold\u200BTier"', message: nameMessage('Gold\u200BTier'), schema: false }],
      ],
      [
        'a name with a bidi override',
        nameIs('"Gold\u202ERLO"'),
        [{ at: '"Gold\u202ERLO"', message: nameMessage('Gold\u202ERLO'), schema: false }],
      ],
      [
        'a name with a right-to-left mark',
        nameIs('"ذهبي\\u200F"'),
        [{ at: '"ذهبي\\u200F"', message: nameMessage('ذهبي\u200F'), schema: false }],
      ],
      // The rank.
      [
        'a rank in quotes',
        rankIs('"1"'),
        [{ at: '"1"', message: '"rank" must be a whole number or null (no rank); "1" is not.', schema: true }],
      ],
      [
        'a rank true',
        rankIs('true'),
        [{ at: 'true', message: '"rank" must be a whole number or null (no rank); true is not.', schema: true }],
      ],
      ['a rank list', rankIs('[1]'), [{ at: '[1]', message: /^"rank" must be a whole number or null/, schema: true }]],
      ['rank 1.5', rankIs('1.5'), [{ at: '1.5', message: notWhole('1.5'), schema: true }]],
      // VS Code's JSON language takes 5.0 for no integer and 1e3 for one: only this reader refuses 1e3.
      ['rank 5.0', rankIs('5.0'), [{ at: '5.0', message: notWhole('5.0'), schema: true }]],
      ['rank 1e3', rankIs('1e3'), [{ at: '1e3', message: notWhole('1e3'), schema: false }]],
      ['rank 1E3', rankIs('1E3'), [{ at: '1E3', message: notWhole('1E3'), schema: false }]],
      ['rank 1e10 (also over the maximum)', rankIs('1e10'), [{ at: '1e10', message: notWhole('1e10'), schema: true }]],
      [
        'rank 2147483648',
        rankIs('2147483648'),
        [{ at: '2147483648', message: outOfRange('2147483648'), schema: true }],
      ],
      [
        'rank -2147483649',
        rankIs('-2147483649'),
        [{ at: '-2147483649', message: outOfRange('-2147483649'), schema: true }],
      ],
      [
        'rank 99999999999999999999',
        rankIs('99999999999999999999'),
        [{ at: '99999999999999999999', message: outOfRange('99999999999999999999'), schema: true }],
      ],
      // The state.
      ['isActive a string', inGroup('"isActive":"true"'), [{ at: '"true"', message: badActive, schema: true }]],
      ['isActive 1', inGroup('"isActive":1'), [{ at: '1', message: badActive, schema: true }]],
      ['isActive null', inGroup('"isActive":null'), [{ at: 'null', message: badActive, schema: true }]],
      // A name listed twice: only this reader sees it.
      [
        'a name listed twice with another case',
        '{\n  "groups": [\n    { "name": "VIP Gold", "rank": 1 },\n    { "name": "Silver" },\n    { "name": "vip GOLD", "rank": 2 }\n  ]\n}',
        [
          {
            at: '"vip GOLD"',
            message: "'vip GOLD' is listed twice (first on line 3); names are unique in an org, whatever their case.",
            schema: false,
          },
        ],
      ],
      [
        'a name listed twice, once with spaces around it',
        '{"groups":[\n{"name":"Silver"},\n{"name":"  SILVER  "}]}',
        [{ at: '"  SILVER  "', message: /^'SILVER' is listed twice \(first on line 2\)/, schema: false }],
      ],
      // Said beside another problem of either entry, whenever the name itself is valid.
      [
        'a name listed twice, the second with a rank that is not whole',
        '{"groups":[\n{"name":"Gold","rank":1},\n{"name":"GOLD","rank":1.5}]}',
        [
          { at: '1.5', message: notWhole('1.5'), schema: true },
          {
            at: '"GOLD"',
            message: "'GOLD' is listed twice (first on line 2); names are unique in an org, whatever their case.",
            schema: false,
          },
        ],
      ],
      [
        'a name listed twice, the first with a rank in quotes',
        '{"groups":[\n{"name":"Gold","rank":"1"},\n{"name":"gold"}]}',
        [
          { at: '"1"', message: '"rank" must be a whole number or null (no rank); "1" is not.', schema: true },
          { at: '"gold"', message: /^'gold' is listed twice \(first on line 2\)/, schema: false },
        ],
      ],
      [
        'a name that is not valid, listed twice: its problem, not a duplicate',
        '{"groups":[\n{"name":"Gold\\u0007"},\n{"name":"Gold\\u0007"}]}',
        [
          { at: '"Gold\\u0007"', message: nameMessage('Gold\u0007'), schema: false },
          { at: '"Gold\\u0007"', message: nameMessage('Gold\u0007'), schema: false },
        ],
      ],
      [
        'a name listed three times',
        '{"groups":[\n{"name":"A"},\n{"name":"a"},\n{"name":"A"}]}',
        [
          { at: '"a"', message: /^'a' is listed twice \(first on line 2\)/, schema: false },
          { at: '"A"', message: /^'A' is listed twice \(first on line 2\)/, schema: false },
        ],
      ],
    ];
    for (const [title, text, expected] of refused) {
      it(`refuses ${title}`, () => {
        const result = readGroupsFile(text);
        assert.equal(result.ok, false);
        if (result.ok) return;
        const found = result.problems.map((p) => ({
          at: text.slice(p.offset, p.offset + p.length),
          message: p.message,
          schema: p.schema,
        }));
        assert.equal(found.length, expected.length, JSON.stringify(found));
        for (const [i, want] of expected.entries()) {
          const got = found[i]!;
          assert.equal(got.at, want.at, `problem ${i} underlines ${JSON.stringify(got.at)}`);
          if (typeof want.message === 'string') assert.equal(got.message, want.message);
          else assert.match(got.message, want.message);
          assert.equal(got.schema, want.schema, `schema of ${got.message}`);
        }
      });
    }

    it('points at the exact place of a problem in a file of several lines', () => {
      const text =
        '{\n  "groups": [\n    { "name": "VIP Gold", "rank": 1 },\n    { "name": "Silver", "rank": 2.5 }\n  ]\n}\n';
      const result = readGroupsFile(text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.problems.length, 1);
      const [problem] = result.problems;
      assert.equal(problem!.offset, text.indexOf('2.5'));
      assert.equal(problem!.length, 3);
    });

    it('reports every problem at once, not only the first', () => {
      const text = [
        '{',
        '  "groups": [',
        '    { "name": "VIP Gold", "rank": "one" },',
        '    { "name": "Silver", "active": true, "isActive": "yes" },',
        '    { "rank": 1.5 },',
        '    { "name": "" },',
        '    42,',
        '    { "name": "Bronze", "rank": 3 },',
        '    { "name": "BRONZE" },',
        '    { "name": "Fine", "rank": 2147483648 }',
        '  ],',
        '  "deactivateMissing": "no",',
        '  "owner": "me"',
        '}',
      ].join('\n');
      const result = readGroupsFile(text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      const found = result.problems
        .map((p) => ({
          at: text.slice(p.offset, p.offset + p.length),
          line: text.slice(0, p.offset).split('\n').length,
          schema: p.schema,
        }))
        .sort((a, b) => a.line - b.line || text.indexOf(a.at) - text.indexOf(b.at));
      assert.deepEqual(found, [
        { at: '"one"', line: 3, schema: true },
        { at: '"active"', line: 4, schema: true },
        { at: '"yes"', line: 4, schema: true },
        // A group without a name and with a bad rank: both are said.
        { at: '{ "rank": 1.5 }', line: 5, schema: true },
        { at: '1.5', line: 5, schema: true },
        { at: '""', line: 6, schema: true },
        { at: '42', line: 7, schema: true },
        { at: '"BRONZE"', line: 9, schema: false },
        { at: '2147483648', line: 10, schema: true },
        { at: '"no"', line: 12, schema: true },
        { at: '"owner"', line: 13, schema: true },
      ]);
    });

    it('reports every syntax error at once', () => {
      const text = '{"groups":[{"name":"A"} {"name":"B"},], // x\n}';
      const result = readGroupsFile(text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.ok(result.problems.length >= 3, JSON.stringify(result.problems));
      assert.ok(result.problems.every((p) => p.schema && p.message.startsWith('Not valid JSON: ')));
      const at = result.problems.map((p) => text.slice(p.offset, p.offset + p.length));
      assert.ok(at.includes('{'), 'the missing comma');
      assert.ok(at.includes(']'), 'the trailing comma');
      assert.ok(at.includes('// x'), 'the comment');
    });
  });

  describe('writeGroupsFile', () => {
    const lists: [string, WrittenGroup[], boolean][] = [
      ['an empty list', [], false],
      ['an empty list with deactivateMissing', [], true],
      ['every field', [{ name: 'VIP Gold', rank: 1, isActive: true }], false],
      [
        'fields left out, null ranks, the int32 bounds',
        [
          { name: 'A' },
          { name: 'B', rank: null },
          { name: 'C', isActive: false },
          { name: 'D', rank: 2147483647, isActive: true },
          { name: 'E', rank: -2147483648 },
          { name: 'F', rank: 0 },
        ],
        true,
      ],
      [
        'names with quotes, backslashes, emoji and right-to-left text',
        [
          { name: 'Say "Hi"', rank: 1 },
          { name: 'C:\\Tiers\\Gold\\', rank: 2 },
          { name: '\\"', rank: 3 },
          { name: 'Gold 🥇', rank: 4 },
          { name: 'Family 👨‍👩‍👧 Tier', isActive: true },
          { name: 'ذهبي', rank: null },
          { name: 'זהב VIP', isActive: false },
          { name: 'Mixed ذهبي "Gold" 🥇', rank: 5, isActive: true },
          { name: '{ "name": "x" },', rank: 6 },
          { name: `${'🥇'.repeat(127)}x` },
        ],
        false,
      ],
      [
        'names with line and paragraph separators',
        [
          { name: 'Gold\u2028Tier', rank: 1 },
          { name: 'Sil\u2029ver', isActive: true },
        ],
        false,
      ],
    ];
    for (const [title, groups, deactivateMissing] of lists) {
      it(`writes ${title} one group per line and reads it back`, () => {
        const text = writeGroupsFile(groups, deactivateMissing);
        const file = read(text);
        assert.deepEqual(written(file), groups);
        assert.equal(file.deactivateMissing, deactivateMissing);
        // One group per line, also as an editor counts lines.
        const lines = text.split(/\r\n|\r|\n|\u2028|\u2029/);
        const groupLines = lines.filter((line) => line.startsWith('    {'));
        assert.equal(groupLines.length, groups.length);
        for (const [i, line] of groupLines.entries()) {
          const object: unknown = JSON.parse(line.replace(/,$/, ''));
          assert.deepEqual(object, groups[i]);
          // Keys in a fixed order: name, rank, isActive.
          assert.deepEqual(
            Object.keys(object as object),
            ['name', 'rank', 'isActive'].filter((key) => key in groups[i]!),
          );
        }
        // Each group's offset is the start of its line.
        for (const group of file.groups) assert.equal(text.slice(group.offset - 5, group.offset), '\n    ');
      });
    }

    it('writes the layout a diff shows line by line', () => {
      assert.equal(
        writeGroupsFile(
          [{ name: 'VIP Gold', rank: 1, isActive: true }, { name: 'Silver', rank: null }, { name: 'Bronze' }],
          false,
        ),
        '{\n  "groups": [\n    { "name": "VIP Gold", "rank": 1, "isActive": true },\n    { "name": "Silver", "rank": null },\n    { "name": "Bronze" }\n  ],\n  "deactivateMissing": false\n}\n',
      );
      assert.equal(writeGroupsFile([], true), '{\n  "groups": [],\n  "deactivateMissing": true\n}\n');
    });
  });

  describe('exportOrder', () => {
    it('sorts by rank ascending, groups without a rank last, then by name whatever its case, then by id', () => {
      const expected = [
        group('Lowest', -2147483648, true, { id: 9 }),
        group('Negative', -1, true, { id: 8 }),
        group('Zero', 0, false, { id: 7 }),
        group('alpha', 1, true, { id: 6 }),
        group('Beta', 1, true, { id: 5 }),
        // The same name in two cases: by the name as written ('G' before 'g'), then by id.
        group('Gold', 2, true, { id: 40 }),
        group('gold', 2, true, { id: 3 }),
        group('gold', 2, true, { id: 4 }),
        group('Ten', 10, true, { id: 2 }),
        group('Highest', 2147483647, true, { id: 1 }),
        group('aardvark', null, true, { id: 30 }),
        group('Zebra', null, false, { id: 10 }),
        group('zebra', null, true, { id: 11 }),
      ];
      const orders = [
        [...expected].reverse(),
        [...expected.slice(6), ...expected.slice(0, 6)],
        expected.filter((_, i) => i % 2 === 0).concat(expected.filter((_, i) => i % 2 === 1)),
      ];
      for (const order of orders) {
        assert.deepEqual(
          [...order].sort(exportOrder).map((g) => g.id),
          expected.map((g) => g.id),
        );
      }
    });

    it('is a consistent comparator: antisymmetric and zero only for the same group', () => {
      const groups = [
        group('A', 1),
        group('a', 1),
        group('B', null),
        group('b', null),
        group('A', null),
        group('C', -3),
      ];
      for (const a of groups) {
        for (const b of groups) {
          const ab = exportOrder(a, b);
          assert.equal(Math.sign(ab), -Math.sign(exportOrder(b, a)) || 0);
          assert.equal(ab === 0, a === b);
        }
      }
    });
  });

  describe('planGroups: a file entry against the org', () => {
    type Presence = 'absent' | 'same name' | 'other case';
    type RankCase =
      'rank absent' | 'rank same' | 'rank different' | 'rank null, server ranked' | 'rank set, server null';
    type ActiveCase = 'isActive absent' | 'isActive same' | 'isActive different';
    const presences: Presence[] = ['absent', 'same name', 'other case'];
    const rankCases: RankCase[] = [
      'rank absent',
      'rank same',
      'rank different',
      'rank null, server ranked',
      'rank set, server null',
    ];
    const activeCases: ActiveCase[] = ['isActive absent', 'isActive same', 'isActive different'];
    /** The server's rank and the file's (undefined: left out) for each case. */
    const ranks: Record<RankCase, { server: number | null; file: number | null | undefined }> = {
      'rank absent': { server: 5, file: undefined },
      'rank same': { server: 5, file: 5 },
      'rank different': { server: 5, file: 7 },
      'rank null, server ranked': { server: 5, file: null },
      'rank set, server null': { server: null, file: 3 },
    };

    interface Combination {
      title: string;
      file: GroupsFile;
      org: Group[];
      step: PlanStep;
      summary: PlanSummary;
      writes: number;
      caseDifferences: Plan['caseDifferences'];
    }
    /** Every combination with its expected plan, worked out here and not by the planner. */
    const combinations: Combination[] = [];
    for (const presence of presences) {
      for (const rankCase of rankCases) {
        for (const activeCase of activeCases) {
          for (const serverActive of [true, false]) {
            const { server: serverRank, file: fileRank } = ranks[rankCase];
            const fileActive =
              activeCase === 'isActive absent'
                ? undefined
                : activeCase === 'isActive same'
                  ? serverActive
                  : !serverActive;
            const serverGroup = group('VIP Gold', serverRank, serverActive);
            const fields = {
              ...(fileRank !== undefined ? { rank: fileRank } : {}),
              ...(fileActive !== undefined ? { isActive: fileActive } : {}),
            };
            const fileEntry = entry(presence === 'other case' ? 'vip GOLD' : 'VIP Gold', fields, 14);
            const org = presence === 'absent' ? [] : [serverGroup];
            const summary = { ...NO_CHANGES };
            let step: PlanStep;
            let writes: number;
            if (presence === 'absent') {
              const inactive = fileActive === false;
              step = {
                kind: 'create',
                entry: fileEntry,
                rank: fileRank === undefined ? null : fileRank,
                deactivate: inactive,
              };
              summary.create = 1;
              summary.createInactive = inactive ? 1 : 0;
              writes = inactive ? 2 : 1;
            } else {
              const rankChanges =
                rankCase === 'rank different' ||
                rankCase === 'rank null, server ranked' ||
                rankCase === 'rank set, server null';
              const stateChanges = activeCase === 'isActive different';
              if (!rankChanges && !stateChanges) {
                step = { kind: 'unchanged', group: serverGroup, entry: fileEntry };
                summary.unchanged = 1;
                writes = 0;
              } else {
                step = {
                  kind: 'update',
                  group: serverGroup,
                  entry: fileEntry,
                  ...(rankChanges ? { rank: fileRank } : {}),
                  ...(stateChanges ? { isActive: !serverActive } : {}),
                };
                summary.rankChanges = rankChanges ? 1 : 0;
                summary.activate = stateChanges && !serverActive ? 1 : 0;
                summary.deactivate = stateChanges && serverActive ? 1 : 0;
                writes = 1;
              }
            }
            combinations.push({
              title: `${presence}, ${rankCase}, ${activeCase}, server ${serverActive ? 'active' : 'inactive'}`,
              file: fileOf([fileEntry]),
              org,
              step,
              summary,
              writes,
              caseDifferences: presence === 'other case' ? [{ entry: fileEntry, group: serverGroup }] : [],
            });
          }
        }
      }
    }

    for (const c of combinations) {
      it(c.title, () => {
        const plan = planGroups(c.file, c.org);
        assert.deepEqual(plan.steps, [c.step]);
        assert.deepEqual(plan.summary, c.summary);
        assert.equal(plan.writes, c.writes);
        assert.deepEqual(plan.caseDifferences, c.caseDifferences);
        // Apply never renames: an update carries no name.
        if (plan.steps[0]!.kind === 'update') assert.equal('name' in plan.steps[0]!, false);
      });
    }

    it('plans all the combinations together, in the file order', () => {
      // One file listing every combination, each under a name of its own.
      const entries: FileGroup[] = [];
      const org: Group[] = [];
      const expectedSteps: PlanStep[] = [];
      const total = { ...NO_CHANGES };
      let writes = 0;
      let caseDifferences = 0;
      for (const [i, c] of combinations.entries()) {
        const suffix = ` #${i}`;
        const original = c.file.groups[0]!;
        const fileEntry = { ...original, name: original.name + suffix };
        const serverGroup = c.org[0] ? { ...c.org[0], name: c.org[0].name + suffix } : undefined;
        entries.push(fileEntry);
        if (serverGroup) org.unshift(serverGroup);
        expectedSteps.push({ ...c.step, entry: fileEntry, ...(serverGroup ? { group: serverGroup } : {}) } as PlanStep);
        for (const key of Object.keys(total) as (keyof PlanSummary)[]) total[key] += c.summary[key];
        writes += c.writes;
        caseDifferences += c.caseDifferences.length;
      }
      const plan = planGroups(fileOf(entries), org);
      assert.deepEqual(plan.steps, expectedSteps);
      assert.deepEqual(plan.summary, total);
      assert.equal(plan.writes, writes);
      assert.equal(plan.caseDifferences.length, caseDifferences);
      // 30 creates (10 of them inactive), and the rest matched.
      assert.deepEqual(
        [
          total.create,
          total.createInactive,
          total.create + total.unchanged + plan.steps.filter((s) => s.kind === 'update').length,
        ],
        [30, 10, combinations.length],
      );
      assert.deepEqual(
        writeSteps(plan),
        expectedSteps.filter((s) => s.kind === 'create' || s.kind === 'update'),
      );
    });
  });

  describe('planGroups: groups only the org has', () => {
    const cases: [boolean, boolean, 'serverOnly' | 'deactivate'][] = [
      [false, true, 'serverOnly'],
      [false, false, 'serverOnly'],
      [true, true, 'deactivate'],
      [true, false, 'serverOnly'],
    ];
    for (const [deactivateMissing, active, expected] of cases) {
      it(`deactivateMissing ${deactivateMissing}, a group ${active ? 'active' : 'inactive'} on the server: ${expected === 'serverOnly' ? 'left as it is' : 'deactivated'}`, () => {
        const listed = group('Listed', 1);
        const other = group('Other', 2, active);
        const plan = planGroups(fileOf([entry('Listed', { rank: 1 })], deactivateMissing), [other, listed]);
        assert.deepEqual(
          plan.steps[1],
          expected === 'serverOnly'
            ? { kind: 'serverOnly', group: other }
            : { kind: 'update', group: other, isActive: false },
        );
        assert.equal(plan.steps.length, 2);
        assert.equal(plan.steps[0]!.kind, 'unchanged');
        assert.deepEqual(plan.summary, {
          ...NO_CHANGES,
          unchanged: 1,
          ...(expected === 'serverOnly' ? { serverOnly: 1 } : { deactivate: 1 }),
        });
        assert.equal(plan.writes, expected === 'serverOnly' ? 0 : 1);
        if (expected === 'deactivate') {
          const step = plan.steps[1] as Extract<PlanStep, { kind: 'update' }>;
          assert.equal('entry' in step, false);
          assert.equal('rank' in step, false);
        }
      });
    }
  });

  describe('planGroups: whole files', () => {
    it('creates a group the file wants inactive with a second write that deactivates it', () => {
      const newGroup = entry('New Tier', { rank: 4, isActive: false });
      const plan = planGroups(fileOf([newGroup]), [group('Other', 1)]);
      assert.deepEqual(plan.steps[0], { kind: 'create', entry: newGroup, rank: 4, deactivate: true });
      assert.deepEqual(plan.summary, { ...NO_CHANGES, create: 1, createInactive: 1, serverOnly: 1 });
      assert.equal(plan.writes, 2);
      assert.equal(describePlan(plan.summary), '1 to create (1 inactive), 0 unchanged, 1 on the server only');
    });

    it('an org holding two names that differ only in case: the exact spelling, else the lowest id, is matched; the other is left alone', () => {
      const lower = group('vip', 1, true, { id: 7 });
      const upper = group('VIP', 2, true, { id: 3 });
      const exact = planGroups(fileOf([entry('vip', { rank: 5 })], true), [upper, lower]);
      assert.deepEqual(
        exact.steps.map((step) => [step.kind, step.kind === 'create' ? step.entry.name : step.group.id]),
        [
          ['update', 7],
          ['serverOnly', 3],
        ],
        'never deactivated by deactivateMissing: the file lists that name',
      );
      const neither = planGroups(fileOf([entry('Vip', { rank: 5 })]), [lower, upper]);
      assert.deepEqual(
        neither.steps.map((step) => [step.kind, step.kind === 'create' ? step.entry.name : step.group.id]),
        [
          ['update', 3],
          ['serverOnly', 7],
        ],
      );
    });

    it('orders the steps: the file order, then the org’s other groups in export order', () => {
      const org = [
        group('Zeta', 9, true, { id: 1 }),
        group('Listed B', 1, true, { id: 2 }),
        group('No rank', null, true, { id: 3 }),
        group('beta', 2, false, { id: 4 }),
        group('Listed A', 3, true, { id: 5 }),
        group('Alpha', 2, true, { id: 6 }),
        group('another', null, false, { id: 7 }),
      ];
      const file = read(
        '{"groups":[{"name":"New"},{"name":"listed a","rank":1},{"name":"Listed B"},{"name":"Another new","isActive":false}],"deactivateMissing":true}',
      );
      const plan = planGroups(file, org);
      assert.deepEqual(
        plan.steps.map((step) => [step.kind, step.kind === 'create' ? step.entry.name : step.group.name]),
        [
          ['create', 'New'],
          ['update', 'Listed A'],
          ['unchanged', 'Listed B'],
          ['create', 'Another new'],
          ['update', 'Alpha'],
          ['serverOnly', 'beta'],
          ['update', 'Zeta'],
          ['serverOnly', 'another'],
          ['update', 'No rank'],
        ],
      );
      assert.deepEqual(plan.summary, {
        create: 2,
        createInactive: 1,
        rankChanges: 1,
        activate: 0,
        deactivate: 3,
        unchanged: 1,
        serverOnly: 2,
      });
      assert.equal(plan.writes, 2 + 1 + 1 + 3);
      assert.deepEqual(
        plan.caseDifferences.map(({ entry: e, group: g }) => [e.name, g.name]),
        [['listed a', 'Listed A']],
      );
      assert.deepEqual(
        writeSteps(plan).map((step) => (step.kind === 'create' ? step.entry.name : step.group.name)),
        ['New', 'Listed A', 'Another new', 'Alpha', 'Zeta', 'No rank'],
      );
      // The org's list itself is left as it was given.
      assert.deepEqual(
        org.map((g) => g.id),
        [1, 2, 3, 4, 5, 6, 7],
      );
    });

    it('an empty file against an org: every group on the server only, or deactivated with deactivateMissing', () => {
      const org = [group('B', null, true), group('A', 2, false), group('C', 1, true)];
      const kept = planGroups(fileOf([]), org);
      assert.deepEqual(
        kept.steps,
        [org[2]!, org[1]!, org[0]!].map((g) => ({ kind: 'serverOnly', group: g })),
      );
      assert.deepEqual(kept.summary, { ...NO_CHANGES, serverOnly: 3 });
      assert.equal(kept.writes, 0);
      assert.equal(describePlan(kept.summary), '0 unchanged, 3 on the server only');

      const deactivated = planGroups(fileOf([], true), org);
      assert.deepEqual(deactivated.steps, [
        { kind: 'update', group: org[2], isActive: false },
        { kind: 'serverOnly', group: org[1] },
        { kind: 'update', group: org[0], isActive: false },
      ]);
      assert.deepEqual(deactivated.summary, { ...NO_CHANGES, deactivate: 2, serverOnly: 1 });
      assert.equal(deactivated.writes, 2);
    });

    it('a file against an empty org: every group created', () => {
      const file = read(
        '{"groups":[{"name":"A","rank":2},{"name":"B","isActive":false},{"name":"C","rank":null,"isActive":true}],"deactivateMissing":true}',
      );
      const plan = planGroups(file, []);
      assert.deepEqual(plan.steps, [
        { kind: 'create', entry: file.groups[0], rank: 2, deactivate: false },
        { kind: 'create', entry: file.groups[1], rank: null, deactivate: true },
        { kind: 'create', entry: file.groups[2], rank: null, deactivate: false },
      ]);
      assert.deepEqual(plan.summary, { ...NO_CHANGES, create: 3, createInactive: 1 });
      assert.equal(plan.writes, 4);
      assert.deepEqual(plan.caseDifferences, []);
    });

    it('an empty file against an empty org: nothing to do', () => {
      const plan = planGroups(fileOf([], true), []);
      assert.deepEqual(plan, { steps: [], summary: NO_CHANGES, writes: 0, caseDifferences: [] });
      assert.equal(describePlan(plan.summary), '0 unchanged');
    });
  });

  describe('writeOrgLikeFile', () => {
    it('lines up with the file: the server’s values of the keys the file sets, creates left out, the groups deactivateMissing deactivates appended in full', () => {
      const file = read(
        writeGroupsFile(
          [
            { name: 'VIP Gold', rank: 1 },
            { name: 'silver', isActive: false },
            { name: 'Bronze' },
            { name: 'New', rank: 9, isActive: true },
            { name: 'Platinum', rank: null, isActive: true },
          ],
          true,
        ),
      );
      const org = [
        group('Alpha', null, true),
        group('Zeta', 4, false),
        group('Platinum', null, true),
        group('Bronze', 5, false),
        group('Silver', 2, true),
        group('VIP Gold', 3, true),
      ];
      const plan = planGroups(file, org);
      assert.deepEqual(
        plan.steps.filter((step) => step.kind === 'serverOnly').map((step) => step.group.name),
        ['Zeta'],
      );
      const text = writeOrgLikeFile(plan, file);
      // Spelled as the file spells it ('silver'): apply never renames, so that line is no change.
      // Zeta (inactive, so deactivateMissing leaves it) is left out: the plan leaves it alone, and beside the file it would read as deleted.
      assert.equal(
        text,
        writeGroupsFile(
          [
            { name: 'VIP Gold', rank: 3 },
            { name: 'silver', isActive: true },
            { name: 'Bronze' },
            { name: 'Platinum', rank: null, isActive: true },
            { name: 'Alpha', rank: null, isActive: true },
          ],
          true,
        ),
      );
      assert.doesNotMatch(text, /Zeta/);
      assert.equal(read(text).deactivateMissing, true);
    });

    it('with withServerOnly (two orgs compared): the groups the plan leaves alone too, and each in the org’s own spelling', () => {
      const file = read(
        writeGroupsFile(
          [
            { name: 'VIP Gold', rank: 1 },
            { name: 'silver', isActive: false },
            { name: 'New', rank: 9 },
          ],
          true,
        ),
      );
      const org = [
        group('Alpha', null, true),
        group('Zeta', 4, false),
        group('Silver', 2, true),
        group('VIP Gold', 3, true),
      ];
      const plan = planGroups(file, org);
      assert.equal(
        writeOrgLikeFile(plan, file, { withServerOnly: true }),
        writeGroupsFile(
          [
            { name: 'VIP Gold', rank: 3 },
            { name: 'Silver', isActive: true },
            { name: 'Zeta', rank: 4, isActive: false },
            { name: 'Alpha', rank: null, isActive: true },
          ],
          true,
        ),
      );
      assert.equal(
        writeOrgLikeFile(plan, file),
        writeGroupsFile(
          [
            { name: 'VIP Gold', rank: 3 },
            { name: 'silver', isActive: true },
            { name: 'Alpha', rank: null, isActive: true },
          ],
          true,
        ),
      );
    });

    it('leaves "deactivateMissing" out when the file does not write it, and writes it as the file does otherwise', () => {
      const org = [group('Gold', 1, true), group('Legacy', 9, true)];
      const leftOut = read('{"groups":[{"name":"Gold","rank":2}]}');
      assert.equal(leftOut.deactivateMissingLeftOut, true);
      const text = writeOrgLikeFile(planGroups(leftOut, org), leftOut);
      assert.equal(text, '{\n  "groups": [\n    { "name": "Gold", "rank": 1 }\n  ]\n}\n');
      assert.equal(text, writeGroupsFile([{ name: 'Gold', rank: 1 }], undefined));
      assert.equal(read(text).deactivateMissingLeftOut, true);
      assert.equal(
        writeOrgLikeFile(planGroups(leftOut, org), leftOut, { withServerOnly: true }),
        writeGroupsFile(
          [
            { name: 'Gold', rank: 1 },
            { name: 'Legacy', rank: 9, isActive: true },
          ],
          undefined,
        ),
      );
      const written = read('{"groups":[{"name":"Gold","rank":2}],"deactivateMissing":false}');
      assert.equal(written.deactivateMissingLeftOut, undefined);
      assert.equal(
        writeOrgLikeFile(planGroups(written, org), written),
        writeGroupsFile([{ name: 'Gold', rank: 1 }], false),
      );
    });

    it('gives the file’s own groups back when there is nothing to change, whatever other groups the org holds', () => {
      const groups: WrittenGroup[] = [
        { name: 'VIP Gold', rank: 1, isActive: true },
        { name: 'Silver', rank: null },
        { name: 'Bronze', isActive: false },
        { name: 'Iron' },
        { name: 'ذهبي 🥇', rank: 2147483647 },
      ];
      const fileText = writeGroupsFile(groups, false);
      const file = read(fileText);
      const org = [
        group('Bronze', 7, false),
        group('Legacy', 3, true),
        group('VIP Gold', 1, true),
        group('Iron', null, false),
        group('Silver', null, true),
        group('Retired', null, false),
        group('ذهبي 🥇', 2147483647, true),
      ];
      const plan = planGroups(file, org);
      assert.deepEqual(plan.summary, { ...NO_CHANGES, unchanged: 5, serverOnly: 2 });
      const orgText = writeOrgLikeFile(plan, file);
      assert.deepEqual(written(read(orgText)), written(file));
      assert.equal(read(orgText).deactivateMissing, file.deactivateMissing);
      assert.equal(orgText, fileText);
    });

    it('writes nothing but the frame for a file of groups to create', () => {
      const file = read('{"groups":[{"name":"New","rank":1}],"deactivateMissing":false}');
      assert.equal(writeOrgLikeFile(planGroups(file, []), file), writeGroupsFile([], false));
    });
  });

  describe('describePlan and describeChange', () => {
    const summaries: [Partial<PlanSummary>, string][] = [
      [
        { create: 3, createInactive: 1, rankChanges: 1, unchanged: 2, serverOnly: 4 },
        '3 to create (1 inactive), 1 rank change, 2 unchanged, 4 on the server only',
      ],
      [{}, '0 unchanged'],
      [{ unchanged: 5 }, '5 unchanged'],
      [{ create: 2 }, '2 to create, 0 unchanged'],
      [
        { create: 1, createInactive: 0, rankChanges: 2, activate: 1, deactivate: 3 },
        '1 to create, 2 rank changes, 1 to activate, 3 to deactivate, 0 unchanged',
      ],
      [{ deactivate: 1, serverOnly: 1, unchanged: 1 }, '1 to deactivate, 1 unchanged, 1 on the server only'],
    ];
    for (const [counts, sentence] of summaries) {
      it(`says "${sentence}"`, () => assert.equal(describePlan({ ...NO_CHANGES, ...counts }), sentence));
    }

    it('describes a real plan in those words', () => {
      const file = read(
        writeGroupsFile(
          [
            { name: 'New A', rank: 10 },
            { name: 'New B', isActive: false },
            { name: 'New C' },
            { name: 'Gold', rank: 1 },
            { name: 'Silver', rank: 2 },
            { name: 'Bronze', isActive: true },
          ],
          false,
        ),
      );
      const org = [
        group('Gold', 3),
        group('Silver', 2),
        group('Bronze', null, true),
        group('W', 1),
        group('X', 2, false),
        group('Y', null),
        group('Z', 5),
      ];
      assert.equal(
        describePlan(planGroups(file, org).summary),
        '3 to create (1 inactive), 1 rank change, 2 unchanged, 4 on the server only',
      );
    });

    const changes: [string, GroupsFile, Group, string][] = [
      ['a new rank', fileOf([entry('G', { rank: 1 })]), group('G', 3), 'rank 3 → 1'],
      ['a first rank', fileOf([entry('G', { rank: 2 })]), group('G', null), 'rank none → 2'],
      ['no rank any more', fileOf([entry('G', { rank: null })]), group('G', 4), 'rank 4 → none'],
      ['activation', fileOf([entry('G', { isActive: true })]), group('G', 4, false), 'activate'],
      ['deactivation', fileOf([entry('G', { isActive: false })]), group('G', 4, true), 'deactivate'],
      ['both', fileOf([entry('G', { rank: 1, isActive: false })]), group('G', 3, true), 'rank 3 → 1, deactivate'],
      [
        'a rank and activation',
        fileOf([entry('g', { rank: -5, isActive: true })]),
        group('G', 0, false),
        'rank 0 → -5, activate',
      ],
      ['a group the file does not list', fileOf([], true), group('G', 3, true), 'deactivate (not in the file)'],
    ];
    for (const [title, file, orgGroup, sentence] of changes) {
      it(`describes ${title}: "${sentence}"`, () => {
        const [step] = planGroups(file, [orgGroup]).steps;
        assert.ok(step?.kind === 'update');
        assert.equal(describeChange(step), sentence);
      });
    }
  });

  describe('changedSince', () => {
    const planned = group('VIP Gold', 3, true, { id: 77 });
    const cases: [string, Group, boolean][] = [
      ['the same group read again', { ...planned }, false],
      ['another editor’s fields only', { ...planned, lastUpdatedBy: 99, lastUpdatedOnDateTime: 'x' }, false],
      ['lastUpdatedOn moved', { ...planned, lastUpdatedOn: planned.lastUpdatedOn + 1 }, true],
      ['another rank', { ...planned, rank: 4 }, true],
      ['no rank any more', { ...planned, rank: null }, true],
      ['renamed in another case', { ...planned, name: 'VIP GOLD' }, true],
      ['renamed', { ...planned, name: 'VIP Platinum' }, true],
      ['deactivated', { ...planned, isActive: false }, true],
    ];
    for (const [title, now, changed] of cases) {
      it(`${changed ? 'sees' : 'does not see'} a change: ${title}`, () =>
        assert.equal(changedSince(planned, now), changed));
    }
  });

  describe('compareOrgs', () => {
    const source = [
      group('VIP Gold', 1, true),
      group('Silver', 2, true),
      group('Bronze', null, false),
      group('Platinum', 5, true),
      group('Diamond', 0, false),
      group('Ruby', null, true),
      group('Emerald', 4, true),
    ];
    const target = [
      group('Old', null, false),
      group('Emerald', 6, false),
      group('platinum', 5, true),
      group('Bronze', null, true),
      group('Silver', 3, true),
      group('VIP Gold', 1, true),
      group('Legacy', 7, true),
    ];
    const byName = (groups: Group[], name: string) => groups.find((g) => g.name === name)!;

    it('plans the source against the target: creates, rank and state changes, case-only differences, target-only groups', () => {
      const { plan } = compareOrgs(source, target);
      assert.deepEqual(
        plan.steps.map((step) => {
          const name = step.kind === 'create' ? step.entry.name : step.group.name;
          if (step.kind === 'create') return [step.kind, name, step.rank, step.deactivate];
          if (step.kind === 'update') return [step.kind, name, step.rank, step.isActive];
          return [step.kind, name];
        }),
        [
          ['create', 'Diamond', 0, true],
          ['unchanged', 'VIP Gold'],
          ['update', 'Silver', 2, undefined],
          ['update', 'Emerald', 4, true],
          ['unchanged', 'platinum'],
          ['update', 'Bronze', undefined, false],
          ['create', 'Ruby', null, false],
          ['serverOnly', 'Legacy'],
          ['serverOnly', 'Old'],
        ],
      );
      assert.deepEqual(
        plan.caseDifferences.map(({ entry: e, group: g }) => [e.name, g.name]),
        [['Platinum', 'platinum']],
      );
      assert.deepEqual(plan.summary, {
        create: 2,
        createInactive: 1,
        rankChanges: 2,
        activate: 1,
        deactivate: 1,
        unchanged: 2,
        serverOnly: 2,
      });
    });

    it('writes the source in export order and the target lined up with it', () => {
      const { sourceText, targetText } = compareOrgs(source, target);
      assert.equal(
        sourceText,
        writeGroupsFile(
          [
            { name: 'Diamond', rank: 0, isActive: false },
            { name: 'VIP Gold', rank: 1, isActive: true },
            { name: 'Silver', rank: 2, isActive: true },
            { name: 'Emerald', rank: 4, isActive: true },
            { name: 'Platinum', rank: 5, isActive: true },
            { name: 'Bronze', rank: null, isActive: false },
            { name: 'Ruby', rank: null, isActive: true },
          ],
          false,
        ),
      );
      assert.deepEqual(written(read(targetText)), [
        { name: 'VIP Gold', rank: 1, isActive: true },
        { name: 'Silver', rank: 3, isActive: true },
        { name: 'Emerald', rank: 6, isActive: false },
        { name: 'platinum', rank: 5, isActive: true },
        { name: 'Bronze', rank: null, isActive: true },
        { name: 'Legacy', rank: 7, isActive: true },
        { name: 'Old', rank: null, isActive: false },
      ]);
    });

    it('gives a groups file of exactly the source’s groups the target lacks or holds otherwise', () => {
      const { differenceText } = compareOrgs(source, target);
      const difference = read(differenceText);
      assert.equal(difference.deactivateMissing, false);
      assert.deepEqual(written(difference), [
        { name: 'Diamond', rank: 0, isActive: false },
        { name: 'Silver', rank: 2, isActive: true },
        { name: 'Emerald', rank: 4, isActive: true },
        { name: 'Bronze', rank: null, isActive: false },
        { name: 'Ruby', rank: null, isActive: true },
      ]);
    });

    it('applied to the target, the difference leaves nothing to do', () => {
      const difference = read(compareOrgs(source, target).differenceText);
      const plan = planGroups(difference, target);
      assert.deepEqual(plan.summary, {
        create: 2,
        createInactive: 1,
        rankChanges: 2,
        activate: 1,
        deactivate: 1,
        unchanged: 0,
        serverOnly: 4,
      });
      assert.equal(plan.writes, 2 + 1 + 3);
      // The target as Apply leaves it, written out by hand.
      const after = [
        byName(target, 'Old'),
        { ...byName(target, 'Emerald'), rank: 4, isActive: true },
        byName(target, 'platinum'),
        { ...byName(target, 'Bronze'), isActive: false },
        { ...byName(target, 'Silver'), rank: 2 },
        byName(target, 'VIP Gold'),
        byName(target, 'Legacy'),
        group('Diamond', 0, false),
        group('Ruby', null, true),
      ];
      const again = planGroups(difference, after);
      assert.deepEqual(
        again.steps.map((step) => step.kind),
        [
          'unchanged',
          'unchanged',
          'unchanged',
          'unchanged',
          'unchanged',
          'serverOnly',
          'serverOnly',
          'serverOnly',
          'serverOnly',
        ],
      );
      assert.equal(again.writes, 0);
      assert.deepEqual(again.summary, { ...NO_CHANGES, unchanged: 5, serverOnly: 4 });
      // Compared again, the orgs differ only by the case of a name, which Apply leaves.
      const compared = compareOrgs(source, after);
      assert.equal(compared.differenceText, writeGroupsFile([], false));
      assert.equal(compared.plan.writes, 0);
      assert.deepEqual(
        compared.plan.caseDifferences.map(({ group: g }) => g.name),
        ['platinum'],
      );
    });

    const small: [string, Group[], Group[], WrittenGroup[]][] = [
      ['two empty orgs', [], [], []],
      ['a source-only group', [group('A', 1, true)], [], [{ name: 'A', rank: 1, isActive: true }]],
      ['a target-only group', [], [group('A', 1, true)], []],
      ['another rank', [group('A', 1, true)], [group('A', 2, true)], [{ name: 'A', rank: 1, isActive: true }]],
      [
        'no rank in the source',
        [group('A', null, true)],
        [group('A', 2, true)],
        [{ name: 'A', rank: null, isActive: true }],
      ],
      ['another state', [group('A', 1, false)], [group('A', 1, true)], [{ name: 'A', rank: 1, isActive: false }]],
      ['a case-only difference', [group('VIP Gold', 1, true)], [group('VIP GOLD', 1, true)], []],
      [
        'identical orgs',
        [group('A', 1, true), group('B', null, false)],
        [group('B', null, false), group('A', 1, true)],
        [],
      ],
    ];
    for (const [title, from, to, expected] of small) {
      it(`difference of ${title}`, () => {
        const { differenceText } = compareOrgs(from, to);
        assert.deepEqual(written(read(differenceText)), expected);
      });
    }
  });
});
