/** Shared by the bench runner (Node) and its part inside the extension host. */
export const SANDBOX_ENV = 'CAPILLARY_BENCH_SANDBOX';

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
