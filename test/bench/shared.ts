/** Shared by the bench runner (Node) and its part inside the extension host. */
export const SANDBOX_ENV = 'CAPILLARY_BENCH_SANDBOX';
/** Which part of extensionHostBench.ts runs: unset for the list figures, GROUPS_FILE_PART for the groups-file plan. */
export const BENCH_PART_ENV = 'CAPILLARY_BENCH_PART';
export const GROUPS_FILE_PART = 'groups-file-plan';
/** The groups file the extension host plans, at the root of the workspace folder it opens. */
export const PLAN_FILE_NAME = 'bench-org.capillary-groups.json';
/** Runs of the real Plan command in the extension host (the first is the host's first plan). */
export const HOST_PLAN_RUNS = 5;

export interface ExtensionHostBenchReport {
  firstPageMs: number;
  rowsAfter: Record<string, number>;
  /** heapUsed in bytes after a full GC, before loading and after 1, 10 and 50 pages. */
  heapBytes: Record<string, number>;
  /** The Groups view with five connections: four expanded (one of them unreachable), one collapsed. */
  connections?: {
    /** From asking for the root rows to the first expanded connection's groups. */
    firstRowMs: number;
    /** To the groups of every reachable expanded connection. */
    allReachableMs: number;
    /** When the unreachable one settled (its notice row): the others did not wait for it. */
    unreachableSettledMs: number;
    /** Which connections' credentials were read from SecretStorage (names only). */
    credentialsRead: string[];
    rootRows: number;
    expandedRows: number;
  };
}

/** `capillaryRewards.planGroups` run inside the extension host on a workspace file (test/bench/groupsFilesBench.ts). */
export interface GroupsFilePlanHostReport {
  /** From executeCommand to the command's promise resolving, one per run, the first one first. */
  commandMs: number[];
  /** From executeCommand to the diff editor's tab (the org ↔ the file) being open, one per run; -1 when it never opened. */
  diffOpenMs: number[];
  /** heapUsed in bytes before and after the first plan (its diff editor still open), each after a full GC when `gc` says so. */
  heapBytes: { before: number; after: number };
  /** How garbage was collected before each heap reading. */
  gc: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round((sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2) * 10) / 10;
}

export const round = (value: number) => Math.round(value * 100) / 100;

/** Median, min and max of some runs. */
export const figures = (values: number[]) => ({
  median: median(values),
  min: round(Math.min(...values)),
  max: round(Math.max(...values)),
  runs: values.length,
});

/** Counts that must hold (never times), listed in words when one does not; the bench throws after printing every figure. */
export class Failures {
  readonly list: string[] = [];

  /** Records `what` unless `actual` is `expected` (or passes the check given instead); a missing value (null) never holds. */
  expect(what: string, actual: number | null, expected: number | ((value: number) => boolean), wanted?: string): void {
    const ok = actual !== null && (typeof expected === 'function' ? expected(actual) : actual === expected);
    if (!ok) this.list.push(`${what}: ${actual}, expected ${typeof expected === 'function' ? wanted : expected}`);
  }
}
