import * as path from 'path';
import type { SuiteResults } from '../integration/index';
import { ROOT, runInExtensionHost } from './extensionHost';

/**
 * Runs test/integration inside a real extension host (code-server), offline, and prints its
 * counts as one JSON line for test/run.js.
 */
async function main(): Promise<void> {
  const { report, error } = await runInExtensionHost<SuiteResults>({
    name: 'extension-host',
    modulePath: path.join(ROOT, 'out', 'test', 'integration', 'index.js'),
  });
  const results = report ?? {
    passes: 0,
    failures: 1,
    pending: 0,
    failed: [{ title: 'extension-host suite', error: error ?? 'no report' }],
  };
  for (const failure of results.failed) console.error(`✘ ${failure.title}\n${failure.error}\n`);
  console.log(JSON.stringify({ passes: results.passes, failures: results.failures, pending: results.pending }));
  process.exitCode = results.failures > 0 ? 1 : 0;
}

void main();
