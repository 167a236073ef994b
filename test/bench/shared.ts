/** Shared by the bench runner (Node) and its part inside the extension host. */
export const SANDBOX_ENV = 'CAPILLARY_BENCH_SANDBOX';

export interface ExtensionHostBenchReport {
  firstPageMs: number;
  rowsAfter: Record<string, number>;
  /** heapUsed in bytes after a full GC, before loading and after 1, 10 and 50 pages. */
  heapBytes: Record<string, number>;
}
