import type { SandboxGroup } from '../sandbox/server';

/** A row of an apply's result document: one group's outcome, as the user reads it. */
export interface ReportRow {
  kind: 'created' | 'updated' | 'changed meanwhile' | 'unchanged' | 'skipped' | 'failed' | 'not sent';
  name: string;
  id?: number;
  detail: string;
}

/** A group as a groups file lists it. */
export interface FileEntry {
  name: string;
  rank?: number | null;
  isActive?: boolean;
}

const ROW = /^\| (created|updated|changed meanwhile|unchanged|skipped|failed|not sent) \| (.*) \| #?(\d+)? \| (.*) \|$/;

/** The rows of the result document (Markdown table), in its order. */
export function reportRows(content: string): ReportRow[] {
  return content.split('\n').flatMap((line) => {
    const match = ROW.exec(line);
    if (!match) return [];
    const unescape = (text: string) => text.replace(/\\([\\|])/g, '$1');
    return [
      {
        kind: match[1] as ReportRow['kind'],
        name: unescape(match[2]!),
        ...(match[3] ? { id: Number(match[3]) } : {}),
        detail: unescape(match[4]!),
      },
    ];
  });
}

// Names a user sees as the same (any case, an accent precomposed or combining) are one group's.
const key = (name: string) => name.trim().normalize('NFC').toLowerCase();

export interface OrgChange {
  entries: FileEntry[];
  deactivateMissing?: boolean;
  /** The org before the apply (as stored), and after it. */
  before: SandboxGroup[];
  after: SandboxGroup[];
  /** The user id the server records for the applying account. */
  me: number;
  /** Ids of groups the apply sent a PUT for (from the sandbox's recorded requests). */
  putIds?: Set<number>;
}

/**
 * Where the result report and the org disagree, one sentence per disagreement; empty when every
 * outcome is what the server holds: each 'created' exists exactly once, created by this account
 * with what the file says; a create not sent, skipped or "most likely not created" was not stored
 * by this account; each 'updated' holds the change, made by this account; a skipped, unchanged or
 * not-sent update left the group as it was (or someone else changed it); each 'changed meanwhile'
 * was last written by someone else; every group of the file,
 * and every group `deactivateMissing` deactivates, has one row; the org's other groups, which the
 * plan leaves alone, have none and are untouched; no name is held twice.
 */
export function reportMismatches(rows: ReportRow[], change: OrgChange): string[] {
  const problems: string[] = [];
  const { before, after, me } = change;
  const entryOf = new Map(change.entries.map((entry) => [key(entry.name), entry]));
  const beforeOf = new Map(before.map((group) => [key(group.name), group]));
  const afterOf = new Map<string, SandboxGroup[]>();
  for (const group of after) afterOf.set(key(group.name), [...(afterOf.get(key(group.name)) ?? []), group]);
  for (const [name, groups] of afterOf) {
    if (groups.length > 1) problems.push(`'${name}' is held by ${groups.length} groups`);
  }

  // The org's groups the file does not list and deactivateMissing does not deactivate: left alone, counted but not listed.
  const leftAlone = before.filter(
    (group) => !entryOf.has(key(group.name)) && !(change.deactivateMissing && group.isActive),
  );
  const leftAloneNames = new Set(leftAlone.map((group) => key(group.name)));
  const expectedNames = new Set([
    ...change.entries.map((entry) => key(entry.name)),
    ...before.map((group) => key(group.name)).filter((name) => !leftAloneNames.has(name)),
  ]);
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(key(row.name), (seen.get(key(row.name)) ?? 0) + 1);
  for (const name of expectedNames) {
    if (seen.get(name) !== 1) problems.push(`'${name}' has ${seen.get(name) ?? 0} rows in the report`);
  }
  for (const name of seen.keys()) {
    if (leftAloneNames.has(name)) problems.push(`the report has a row for '${name}', which the plan leaves alone`);
    else if (!expectedNames.has(name)) {
      problems.push(`the report has a row for '${name}', which is neither in the file nor in the org`);
    }
  }
  for (const was of leftAlone) {
    const now = after.find((group) => group.id === was.id);
    if (!now) problems.push(`'${was.name}' was left alone, but it is gone`);
    else if (
      now.name !== was.name ||
      now.rank !== was.rank ||
      now.isActive !== was.isActive ||
      now.lastUpdatedOn !== was.lastUpdatedOn
    ) {
      problems.push(
        `'${was.name}' was left alone, but it changed (rank ${was.rank} → ${now.rank}, active ${was.isActive} → ${now.isActive}, by user ${now.lastUpdatedBy})`,
      );
    }
    if (change.putIds?.has(was.id)) problems.push(`'${was.name}' was left alone, but a PUT was sent for it`);
  }

  for (const row of rows) {
    const name = key(row.name);
    const entry = entryOf.get(name);
    const was = beforeOf.get(name);
    const now = afterOf.get(name)?.[0];
    const say = (text: string) => problems.push(`'${row.name}' reported ${row.kind} (${row.detail}), but ${text}`);
    const mineNow = now !== undefined && now.createdBy === me && (was === undefined || now.id !== was.id);
    if (!was) {
      // A create.
      const wanted = { rank: entry?.rank ?? null, isActive: entry?.isActive ?? true };
      if (row.kind === 'created') {
        if (!now) say('no such group exists');
        else if (!mineNow) say(`the group #${now.id} was created by user ${now.createdBy}`);
        else if (now.rank !== wanted.rank || now.isActive !== wanted.isActive) {
          say(`it holds rank ${now.rank}, ${now.isActive ? 'active' : 'inactive'}`);
        } else if (row.id !== now.id) say(`it is #${now.id}, not ${row.id}`);
      } else if (
        row.kind === 'not sent' ||
        row.kind === 'skipped' ||
        (row.kind === 'failed' && /most likely not created|before it was sent/.test(row.detail))
      ) {
        if (mineNow) say(`this account created it (#${now.id})`);
      } else if (row.kind === 'failed' && /but deactivating it failed/.test(row.detail)) {
        if (!mineNow) say('no group of this account holds the name');
      } else if (row.kind === 'failed') {
        // Unknown: either is true, as the report says; nothing to compare.
      } else if (row.kind === 'changed meanwhile') {
        if (!mineNow) say('no group of this account holds the name');
        else if (now.lastUpdatedBy === me) say('this account wrote it last');
      } else say('a group the org did not hold cannot be that');
      continue;
    }
    if (row.kind === 'changed meanwhile') {
      // Sent, then someone else wrote it (perhaps renamed it): the server must show that.
      const byId = after.find((group) => group.id === was.id);
      if (!byId) say('the group it was is gone');
      else if (byId.lastUpdatedBy === me) say('this account wrote it last');
      continue;
    }
    if (!now || now.id !== was.id) {
      say('the group it was is gone or was replaced');
      continue;
    }
    const untouched = now.rank === was.rank && now.isActive === was.isActive && now.lastUpdatedOn === was.lastUpdatedOn;
    const wantedRank = entry?.rank !== undefined ? entry.rank : was.rank;
    const wantedActive = entry ? (entry.isActive ?? was.isActive) : change.deactivateMissing ? false : was.isActive;
    if (row.kind === 'updated') {
      if (now.rank !== wantedRank || now.isActive !== wantedActive) {
        say(`it holds rank ${now.rank}, ${now.isActive ? 'active' : 'inactive'}`);
      } else if (now.lastUpdatedBy !== me) say(`it was last changed by user ${now.lastUpdatedBy}`);
    } else if (row.kind === 'unchanged' || row.kind === 'not sent') {
      if (!untouched) {
        say(
          `it changed (rank ${was.rank} → ${now.rank}, active ${was.isActive} → ${now.isActive}, by user ${now.lastUpdatedBy})`,
        );
      }
    } else if (row.kind === 'skipped') {
      if (now.lastUpdatedBy === me && !untouched) say('this account changed it');
      if (change.putIds?.has(was.id) && !/answer was lost/.test(row.detail)) say('a PUT was sent for it');
    } else if (row.kind === 'failed') {
      // Failed: the change may or may not have been stored only when the report says so.
      if (!/plan again|answer was lost|unknown/.test(row.detail) && now.lastUpdatedBy === me && !untouched) {
        say('this account changed it');
      }
    } else say('a group the org held cannot be that');
  }
  return problems;
}

/** Whether the org holds what the file says (its groups, fields set; the others as deactivateMissing asks). */
export function holdsFile(groups: SandboxGroup[], entries: FileEntry[], deactivateMissing = false): string[] {
  const problems: string[] = [];
  const byName = new Map(groups.map((group) => [key(group.name), group]));
  for (const entry of entries) {
    const group = byName.get(key(entry.name));
    if (!group) problems.push(`'${entry.name}' is missing`);
    else if (
      (entry.rank !== undefined && group.rank !== entry.rank) ||
      (entry.isActive !== undefined && group.isActive !== entry.isActive)
    ) {
      problems.push(`'${entry.name}' holds rank ${group.rank}, ${group.isActive ? 'active' : 'inactive'}`);
    }
  }
  if (deactivateMissing) {
    const listed = new Set(entries.map((entry) => key(entry.name)));
    for (const group of groups) {
      if (!listed.has(key(group.name)) && group.isActive) {
        problems.push(`'${group.name}' is not in the file and still active`);
      }
    }
  }
  return problems;
}

/** What `capillary-groups apply … --json` prints: its result, or the failure that stopped it before anything was sent. */
export interface CliApplyResult {
  counts?: Record<string, number> | null;
  outcomes?: { kind: string; name: string; id: number | null; detail: string }[];
  error?: { exitCode: number; message: string };
}

/**
 * The command line's `--json` result as report rows. It lists every group that did not stay as it
 * was; each other group of the file is a row 'unchanged', and there must be as many as its counts
 * say. A failure object (nothing applied) makes every group of the file 'not sent'.
 */
export function cliReportRows(result: CliApplyResult, entries: FileEntry[]): { rows: ReportRow[]; problems: string[] } {
  if (result.error) {
    return {
      rows: entries.map((entry) => ({ kind: 'not sent', name: entry.name, detail: result.error!.message })),
      problems: [],
    };
  }
  const rows: ReportRow[] = (result.outcomes ?? []).map((outcome) => ({
    kind: outcome.kind.replace('-', ' ') as ReportRow['kind'],
    name: outcome.name,
    ...(outcome.id === null ? {} : { id: outcome.id }),
    detail: outcome.detail,
  }));
  const listed = new Set(rows.map((row) => key(row.name)));
  const unlisted = entries.filter((entry) => !listed.has(key(entry.name)));
  rows.push(...unlisted.map((entry): ReportRow => ({ kind: 'unchanged', name: entry.name, detail: '' })));
  const unchanged = result.counts ? (result.counts.unchanged ?? 0) : entries.length;
  const problems =
    unchanged === unlisted.length
      ? []
      : [`the counts say ${unchanged} unchanged, but ${unlisted.length} groups of the file have no outcome`];
  return { rows, problems };
}
