import * as v8 from 'v8';
import * as vm from 'vm';
import { MAX_FILE_PROBLEMS, readGroupsFile } from '../../src/groupsFile/format';
import { median } from './shared';

/**
 * Checking a groups file as the editor does at open and after each edit (readGroupsFile), on the
 * worst files the checker is bounded for: 5 MB listing 10,000 names twice (in another case), and a
 * file nested 10,000 deep. Time (median of RUNS) and heap: growth right after a check, before any
 * GC, and what is still held with the result kept.
 */
const RUNS = 5;
const DUPLICATES = 10_000;

export function fileCheckBench(): { figures: Record<string, unknown>; failures: string[] } {
  const failures: string[] = [];
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const text = duplicatesFile(DUPLICATES);
  const ms: number[] = [];
  let growth = 0;
  let retained = 0;
  let listed = 0;
  for (let run = 0; run < RUNS; run++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const result = readGroupsFile(text);
    ms.push(performance.now() - started);
    growth = Math.max(growth, process.memoryUsage().heapUsed - before);
    gc();
    retained = process.memoryUsage().heapUsed - before;
    listed = result.ok ? 0 : result.problems.length;
  }
  if (listed !== MAX_FILE_PROBLEMS + 1) {
    failures.push(`problems listed for ${DUPLICATES} duplicates: ${listed}, expected ${MAX_FILE_PROBLEMS + 1}`);
  }
  const deep = `{ "groups": ${'['.repeat(10_000)}${']'.repeat(10_000)} }`;
  const deepMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    readGroupsFile(deep);
    deepMs.push(performance.now() - started);
  }
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    figures: {
      file: `${mb(text.length)} MB, ${(2 * DUPLICATES).toLocaleString('en-US')} groups, ${DUPLICATES.toLocaleString('en-US')} names listed twice`,
      checkMs: Math.round(median(ms)),
      heapGrowthMB: mb(growth),
      heapRetainedWithResultMB: mb(retained),
      problemsListed: listed,
      nested10000DeepMs: Math.round(median(deepMs) * 10) / 10,
      runs: RUNS,
    },
    failures,
  };
}

/** `count` groups, then each again in capitals, one line each, names padded to make 5 MB. */
function duplicatesFile(count: number): string {
  const pad = 'x'.repeat(230);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`    { "name": "Group ${i} ${pad}", "rank": ${i + 1} }`);
  for (let i = 0; i < count; i++) lines.push(`    { "name": "GROUP ${i} ${pad.toUpperCase()}", "rank": ${i + 1} }`);
  return `{\n  "groups": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
