import { strict as assert } from 'assert';
import type { Group } from '../../src/api/types';
import {
  MAX_FILE_PROBLEMS,
  MAX_GROUPS_FILE_LENGTH,
  MAX_NESTING,
  readGroupsFile,
  type ReadGroupsFile,
} from '../../src/groupsFile/format';
import { planGroups } from '../../src/groupsFile/plan';

let nextId = 5000;
function group(name: string, rank: number | null): Group {
  const id = nextId++;
  return {
    id,
    orgId: 1,
    name,
    rank,
    isActive: true,
    createdBy: 1,
    createdOn: 0,
    createdOnDateTime: '',
    lastUpdatedBy: 1,
    lastUpdatedOn: 0,
    lastUpdatedOnDateTime: '',
  };
}

function problemsOf(result: ReadGroupsFile): { message: string; offset: number }[] {
  assert.equal(result.ok, false, 'the file is refused');
  if (result.ok) return [];
  return result.problems.map((p) => ({ message: p.message, offset: p.offset }));
}

/** A file of `count` groups each listed twice, the second time in capitals: one line per group. */
function fileOfDuplicates(count: number, padding = 0): string {
  const lines: string[] = [];
  const pad = 'x'.repeat(padding);
  for (let i = 0; i < count; i++) lines.push(`    { "name": "Group ${i} ${pad}", "rank": ${i + 1} }`);
  for (let i = 0; i < count; i++) lines.push(`    { "name": "GROUP ${i} ${pad.toUpperCase()}", "rank": ${i + 1} }`);
  return `{\n  "groups": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

describe('groups files: what any file is checked within', () => {
  it('10,000 names listed twice in a 5 MB file: the first problems with their lines, then how many more', () => {
    const text = fileOfDuplicates(10_000, 230);
    assert.ok(text.length > 5_000_000, `the file is ${text.length} characters`);
    const result = readGroupsFile(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problems.length, MAX_FILE_PROBLEMS + 1);
    // The first duplicate is the 10,001st group, on line 3 + 10,000; its first listing is on line 3.
    assert.match(
      result.problems[0]!.message,
      /^'GROUP 0 X{32}…' is listed twice \(first on line 3\); names are unique/,
    );
    assert.match(result.problems[99]!.message, /\(first on line 102\)/);
    assert.equal(
      result.problems[MAX_FILE_PROBLEMS]!.message,
      '9,900 more problems are not listed: only the first 100 are. Fix these and check again.',
    );
  });

  it('a file over the size bound is refused in one problem that says the bound', () => {
    const text = `{ "groups": [], "x": "${'a'.repeat(MAX_GROUPS_FILE_LENGTH)}" }`;
    const result = readGroupsFile(text);
    assert.deepEqual(
      problemsOf(result).map((p) => p.message),
      ['The file is 16.0 MB; groups files are checked up to 16 MB. Split it into files of fewer groups.'],
    );
  });

  it('a file nested 10,000 deep gets a "nested too deep" problem where it goes too deep, not a stack overflow', () => {
    const text = `{ "groups": ${'['.repeat(10_000)}${']'.repeat(10_000)} }`;
    const result = readGroupsFile(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problems.length, 1);
    assert.match(
      result.problems[0]!.message,
      /^Nested too deep: more than 32 lists and objects inside each other here\./,
    );
    assert.equal(result.problems[0]!.offset, '{ "groups": '.length + MAX_NESTING - 1);
  });

  it('brackets inside names and comments do not count as nesting', () => {
    const name = '['.repeat(100);
    const result = readGroupsFile(`{ "groups": [ { "name": "${name}" } ] }`);
    assert.equal(result.ok, true);
    if (result.ok) assert.equal(result.file.groups[0]!.name, name);
  });

  it('a byte-order mark is accepted, and problems keep their places in the text', () => {
    const ok = readGroupsFile('\uFEFF{ "groups": [ { "name": "VIP Gold", "rank": 1 } ] }');
    assert.equal(ok.ok, true);
    if (ok.ok) assert.deepEqual(ok.file.groups[0], { name: 'VIP Gold', rank: 1, offset: 15 });
    const bad = readGroupsFile('\uFEFF{ "groups": [ { "name": "" } ] }');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.problems[0]!.offset, '\uFEFF{ "groups": [ { "name": '.length);
  });

  it('a 10 MB rank is quoted cut, like names', () => {
    const digits = '9'.repeat(10 * 1024 * 1024);
    const messages = problemsOf(readGroupsFile(`{ "groups": [ { "name": "Big", "rank": ${digits} } ] }`)).map(
      (p) => p.message,
    );
    assert.deepEqual(messages, [
      `Rank ${'9'.repeat(40)}… is out of range: Capillary keeps ranks between -2147483648 and 2147483647.`,
    ]);
    const text = problemsOf(
      readGroupsFile(`{ "groups": [ { "name": "Big", "rank": "${'7'.repeat(10 * 1024 * 1024)}" } ] }`),
    ).map((p) => p.message);
    assert.deepEqual(text, [`"rank" must be a whole number or null (no rank); "${'7'.repeat(39)}… is not.`]);
  });

  it('10,000 JSON syntax errors are listed as the first 100 and a count', () => {
    const text = `{ "groups": [ ${Array.from({ length: 10_000 }, () => '{ "name": "A" "rank": 1 }').join(', ')} ] }`;
    const result = readGroupsFile(text);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.problems.length, MAX_FILE_PROBLEMS + 1);
      assert.match(result.problems.at(-1)!.message, /^9,900 more problems are not listed/);
    }
  });
});

describe('groups files: names that look the same are the same', () => {
  const composed = 'Café'; // é as one code point
  const decomposed = 'Cafe\u0301'; // e and a combining accent

  it('a file naming the org’s group with a combining accent plans no create', () => {
    const org = [group(composed, 1)];
    const read = readGroupsFile(`{ "groups": [ { "name": "${decomposed}", "rank": 1 } ] }`);
    assert.equal(read.ok, true);
    if (!read.ok) return;
    const plan = planGroups(read.file, org);
    assert.equal(plan.summary.create, 0);
    assert.equal(plan.summary.unchanged, 1);
    assert.equal(plan.writes, 0);
  });

  it('the same name written both ways in one file is listed twice', () => {
    const result = readGroupsFile(`{ "groups": [\n  { "name": "${composed}" },\n  { "name": "${decomposed}" }\n] }`);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.problems[0]!.message, /is listed twice \(first on line 2\)/);
  });

  it('a name of a filler character is refused with its code point', () => {
    const result = readGroupsFile('{ "groups": [ { "name": "\u3164" } ] }');
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(
        result.problems[0]!.message,
        'The name contains a filler character that shows as blank (U+3164); remove it.',
      );
    }
  });
});
