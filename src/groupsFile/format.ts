/**
 * Groups files (`*.capillary-groups.json`): an org's groups as a file a team reviews and applies.
 * Reading one gives every problem with its place in the text, so the editor can underline it;
 * writing one gives one group per line, so a diff or a pull request shows one line per change.
 */
import * as l10n from '@vscode/l10n';
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Group } from '../api/types';
import { checkGroupName, INT32_MAX, INT32_MIN, nameKey, quoted } from '../foundation/validation';

export const GROUPS_FILE_SUFFIX = '.capillary-groups.json';

/** A group as a file lists it. An omitted `rank` or `isActive` means "leave it as it is". */
export interface FileGroup {
  /** Trimmed, as it will be sent. */
  name: string;
  rank?: number | null;
  isActive?: boolean;
  /** Where its object starts in the text (0-based offset), to point at it. */
  offset: number;
}

export interface GroupsFile {
  groups: FileGroup[];
  /** Deactivate the org's groups the file does not list (there is no delete). */
  deactivateMissing: boolean;
  /** The file does not write "deactivateMissing" (false then): the org written like it leaves it out too. */
  deactivateMissingLeftOut?: true;
}

/**
 * What is wrong at a place in the text. `schema` problems are ones the contributed JSON schema
 * also reports in the editor (syntax, types, unknown keys); the others only this reader sees.
 */
export interface FileProblem {
  offset: number;
  length: number;
  message: string;
  schema: boolean;
}

/** A failed read: the problems listed, and how many were found in all (more than listed past MAX_FILE_PROBLEMS). */
export type ReadGroupsFile = { ok: true; file: GroupsFile } | { ok: false; problems: FileProblem[]; found: number };

const ROOT_KEYS = new Set(['$schema', 'groups', 'deactivateMissing']);

/**
 * The largest file checked (UTF-16 units, about 16 MB of text): more than a groups file of 100,000
 * groups, small enough that checking it after an edit does not hold up the editor.
 */
export const MAX_GROUPS_FILE_LENGTH = 16 * 1024 * 1024;
/** Problems listed at most; the last one says how many more there are. */
export const MAX_FILE_PROBLEMS = 100;
/** A groups file nests 3 deep ({ "groups": [ { … } ] }); deeper than this is not one, and a parser's recursion must not reach it. */
export const MAX_NESTING = 32;
const GROUP_KEYS = new Set(['name', 'rank', 'isActive']);

/** Reads a groups file: the file, or every problem found (none is skipped to report the next), at most MAX_FILE_PROBLEMS of them. */
export function readGroupsFile(written: string): ReadGroupsFile {
  // A byte-order mark is no content; a space in its place keeps every offset where the editor has it.
  const text = written.charCodeAt(0) === 0xfeff ? ` ${written.slice(1)}` : written;
  if (text.length > MAX_GROUPS_FILE_LENGTH) {
    const megabytes = (text.length / (1024 * 1024)).toFixed(1);
    const message = l10n.t(
      'The file is {0} MB; groups files are checked up to {1} MB. Split it into files of fewer groups.',
      megabytes,
      MAX_GROUPS_FILE_LENGTH / (1024 * 1024),
    );
    return { ok: false, problems: [{ offset: 0, length: 0, message, schema: false }], found: 1 };
  }
  const tooDeep = firstTooDeep(text);
  if (tooDeep !== undefined) {
    const message = l10n.t(
      'Nested too deep: more than {0} lists and objects inside each other here. A groups file is {1}.',
      MAX_NESTING,
      '{ "groups": [ { "name": "VIP Gold" } ] }',
    );
    return { ok: false, problems: [{ offset: tooDeep, length: 1, message, schema: false }], found: 1 };
  }
  const problems = new ProblemList();
  const at = (node: Node, message: string, schema: boolean) =>
    problems.add({ offset: node.offset, length: node.length, message, schema });
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  for (const error of errors) {
    problems.add({
      offset: error.offset,
      length: Math.max(error.length, 1),
      message: l10n.t('Not valid JSON: {0}.', syntaxText(error)),
      schema: true,
    });
  }
  if (errors.length > 0 || !root) {
    if (problems.count === 0) {
      problems.add({
        offset: 0,
        length: 0,
        message: l10n.t('The file is empty: it needs {0}.', '{ "groups": [] }'),
        schema: true,
      });
    }
    return { ok: false, problems: problems.list(), found: problems.count };
  }
  if (root.type !== 'object') {
    at(
      root,
      l10n.t(
        'A groups file is an object with a "groups" list, e.g. {0}.',
        '{ "groups": [ { "name": "VIP Gold", "rank": 1 } ] }',
      ),
      true,
    );
    return { ok: false, problems: problems.list(), found: problems.count };
  }
  let groupsNode: Node | undefined;
  let deactivateMissing = false;
  let deactivateMissingGiven = false;
  const rootKeys = new Set<string>();
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    if (writtenTwice(rootKeys, key, keyNode, at)) continue;
    if (!ROOT_KEYS.has(key)) {
      at(
        keyNode,
        l10n.t('Unknown key {0}: a groups file has "groups" and "deactivateMissing".', quoted(key, '"')),
        true,
      );
    } else if (key === 'groups') groupsNode = valueNode;
    else if (key === 'deactivateMissing') {
      deactivateMissingGiven = true;
      if (valueNode.type === 'boolean') deactivateMissing = valueNode.value === true;
      else at(valueNode, l10n.t('"deactivateMissing" must be true or false.'), true);
    }
  }
  if (!groupsNode) at(root, l10n.t('The file has no "groups" list.'), true);
  else if (groupsNode.type !== 'array') at(groupsNode, l10n.t('"groups" must be a list of groups.'), true);
  const groups: FileGroup[] = [];
  const seen = new Map<string, number>();
  const lines = new LineIndex(text);
  for (const item of groupsNode?.type === 'array' ? (groupsNode.children ?? []) : []) {
    // A name listed twice is said even when either entry has another problem too.
    const { group, name } = readGroup(item, text, at);
    if (name === undefined) continue;
    const first = seen.get(nameKey(name));
    if (first !== undefined) {
      const nameNode = item.children?.find((p) => p.children?.[0]?.value === 'name')?.children?.[1] ?? item;
      at(
        nameNode,
        l10n.t(
          '{0} is listed twice (first on line {1}); names are unique in an org, whatever their case.',
          quoted(name),
          lines.lineOf(first),
        ),
        false,
      );
      continue;
    }
    seen.set(nameKey(name), item.offset);
    if (group) groups.push(group);
  }
  return problems.count > 0
    ? { ok: false, problems: problems.list(), found: problems.count }
    : {
        ok: true,
        file: { groups, deactivateMissing, ...(deactivateMissingGiven ? {} : { deactivateMissingLeftOut: true }) },
      };
}

/** The first MAX_FILE_PROBLEMS problems, and a count of the rest (a file of 10,000 mistakes is said in one line, not 10,000). */
class ProblemList {
  private readonly kept: FileProblem[] = [];
  count = 0;

  add(problem: FileProblem): void {
    this.count++;
    if (this.kept.length < MAX_FILE_PROBLEMS) this.kept.push(problem);
  }

  list(): FileProblem[] {
    const more = this.count - this.kept.length;
    if (more === 0) return this.kept;
    const message = l10n.t(
      '{0} more problems are not listed: only the first {1} are. Fix these and check again.',
      more.toLocaleString('en-US'),
      MAX_FILE_PROBLEMS,
    );
    return [...this.kept, { offset: 0, length: 0, message, schema: false }];
  }
}

/**
 * Where lists and objects first nest deeper than MAX_NESTING, outside strings and comments; one
 * pass, no recursion, so that a file of 10,000 '[' gets a problem, not a stack overflow in the parser.
 */
function firstTooDeep(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return undefined;
}

/** A group of the file when it is usable, and its name whenever that is usable (to find a name listed twice). */
function readGroup(
  item: Node,
  text: string,
  at: (node: Node, message: string, schema: boolean) => void,
): { group?: FileGroup; name?: string } {
  if (item.type !== 'object') {
    at(item, l10n.t('Each group is an object such as {0}.', '{ "name": "VIP Gold", "rank": 1 }'), true);
    return {};
  }
  const group: Partial<FileGroup> = { offset: item.offset };
  let valid = true;
  let named = false;
  const keys = new Set<string>();
  for (const property of item.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    if (writtenTwice(keys, key, keyNode, at)) {
      valid = false;
      continue;
    }
    if (!GROUP_KEYS.has(key)) {
      at(keyNode, l10n.t('Unknown key {0}: a group has "name", "rank" and "isActive".', quoted(key, '"')), true);
      valid = false;
    } else if (key === 'name') {
      named = true;
      if (valueNode.type !== 'string') {
        at(valueNode, l10n.t('"name" must be a string.'), true);
        valid = false;
        continue;
      }
      const checked = checkGroupName(String(valueNode.value));
      if (checked.ok) group.name = checked.value;
      else {
        // The schema refuses an empty or blank name too (minLength, pattern \S); the rest only this reader sees.
        at(valueNode, checked.message, String(valueNode.value).trim() === '');
        valid = false;
      }
    } else if (key === 'rank') {
      const rank = readRank(valueNode, text);
      if (typeof rank === 'string') {
        at(valueNode, rank, schemaRefusesRank(valueNode, text));
        valid = false;
      } else group.rank = rank;
    } else if (valueNode.type === 'boolean') group.isActive = valueNode.value === true;
    else {
      at(valueNode, l10n.t('"isActive" must be true or false.'), true);
      valid = false;
    }
  }
  if (!named) {
    at(item, l10n.t('This group has no "name": the name is what a group is matched by.'), true);
    return {};
  }
  return { ...(valid ? { group: group as FileGroup } : {}), name: group.name };
}

/**
 * A key written a second time in one object: JSON readers keep one of the two values, silently,
 * so which one a file means is not clear. Said (VS Code's JSON language warns too) and the file refused.
 */
function writtenTwice(
  seen: Set<string>,
  key: string,
  keyNode: Node,
  at: (node: Node, message: string, schema: boolean) => void,
): boolean {
  if (!seen.has(key)) {
    seen.add(key);
    return false;
  }
  at(keyNode, l10n.t('{0} is written twice here; keep one.', quoted(key, '"')), true);
  return true;
}

/** A rank: an int32 or null; a sentence when it is neither. */
function readRank(node: Node, text: string): number | null | string {
  if (node.type === 'null') return null;
  const written = cut(text.slice(node.offset, Math.min(node.offset + node.length, node.offset + 2 * EXCERPT_LENGTH)));
  if (node.type !== 'number') return l10n.t('"rank" must be a whole number or null (no rank); {0} is not.', written);
  const value = Number(node.value);
  // 1e3 and 5.0 are whole numbers to JSON but not how a rank is written; 5.5 is not a rank at all.
  const digits = /^-?\d+$/.test(text.slice(node.offset, node.offset + node.length));
  if (digits && !(value >= INT32_MIN && value <= INT32_MAX)) {
    return l10n.t(
      'Rank {0} is out of range: Capillary keeps ranks between {1} and {2}.',
      written,
      INT32_MIN,
      INT32_MAX,
    );
  }
  if (!digits || !Number.isInteger(value)) {
    return l10n.t('"rank" must be a whole number such as 7; {0} is not.', written);
  }
  return value;
}

/**
 * Whether the schema (an integer or null, within int32) refuses this rank too. VS Code's JSON
 * language takes a number written with a '.' (5.0, 1.5) for no integer, but 1e3 for one.
 */
function schemaRefusesRank(node: Node, text: string): boolean {
  if (node.type !== 'number') return true;
  const value = Number(node.value);
  return text.slice(node.offset, node.offset + node.length).includes('.') || value < INT32_MIN || value > INT32_MAX;
}

function syntaxText(error: ParseError): string {
  // The parser's codes (e.g. "CommaExpected") read as sentences once split.
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** As much of a value written in the file as a message quotes; the rest is "…". */
const EXCERPT_LENGTH = 40;
function cut(written: string): string {
  return written.length > EXCERPT_LENGTH ? `${written.slice(0, EXCERPT_LENGTH)}…` : written;
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  return new LineIndex(text).lineOf(offset);
}

/** The lines of a text, found once (on first use), so that many offsets cost one pass and a search each. */
class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  lineOf(offset: number): number {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}

/** A group as a line of a groups file: which fields it shows. */
export interface WrittenGroup {
  name: string;
  rank?: number | null;
  isActive?: boolean;
}

/** One group per line, keys in a fixed order: a change to a group is a change to its line. Without `deactivateMissing`, that key is left out. */
export function writeGroupsFile(groups: readonly WrittenGroup[], deactivateMissing: boolean | undefined): string {
  const lines = groups.map((group) => {
    // U+2028 and U+2029 escaped: an editor shows them as line breaks (VS Code offers to remove them).
    const fields = [
      `"name": ${JSON.stringify(group.name).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}`,
    ];
    if (group.rank !== undefined) fields.push(`"rank": ${JSON.stringify(group.rank)}`);
    if (group.isActive !== undefined) fields.push(`"isActive": ${group.isActive}`);
    return `    { ${fields.join(', ')} }`;
  });
  const list = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return deactivateMissing === undefined
    ? `{\n  "groups": ${list}\n}\n`
    : `{\n  "groups": ${list},\n  "deactivateMissing": ${deactivateMissing}\n}\n`;
}

/** Rank ascending with groups without a rank last, then name, then id: the order a file is exported in. */
export function exportOrder(a: Group, b: Group): number {
  if (a.rank !== b.rank) {
    if (a.rank === null) return 1;
    if (b.rank === null) return -1;
    return a.rank - b.rank;
  }
  return compareNames(a.name, b.name) || a.id - b.id;
}

export function compareNames(a: string, b: string): number {
  const x = nameKey(a);
  const y = nameKey(b);
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** A group as the org holds it, every field written. */
export function asWritten(group: Group): WrittenGroup {
  return { name: group.name, rank: group.rank, isActive: group.isActive };
}
