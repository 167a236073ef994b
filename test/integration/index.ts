import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';
import { REPORT_ENV } from '../support/reportEnv';

export interface SuiteResults {
  passes: number;
  failures: number;
  pending: number;
  failed: { title: string; error: string }[];
}

/**
 * Entry point that VS Code's extension host calls for `--extensionTestsPath`: runs every
 * *.test.js next to this file inside the host, where `vscode` is the real API.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false });
  for (const file of fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const results: SuiteResults = { passes: 0, failures: 0, pending: 0, failed: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => results.passes++);
    runner.on('pending', () => results.pending++);
    runner.on('fail', (test, error: Error) => {
      results.failures++;
      results.failed.push({ title: test.fullTitle(), error: error.stack ?? error.message });
    });
  });
  // Where the suite reports its counts for `npm test` (set by the code-server runner).
  const file = process.env[REPORT_ENV];
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
  if (results.failures > 0) throw new Error(`${results.failures} extension-host tests failed`);
}
