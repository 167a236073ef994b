import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RESULTS_ENV, type SuiteResults } from '../integration/index';
import { launchVSCode, type VSCodeSession } from './vscode';

/**
 * Runs test/integration inside a real extension host (code-server), offline, and prints its
 * counts as one JSON line for test/run.js. The repository folder is loaded as the extension under
 * development, as `--extensionDevelopmentPath` does; its dist/ must be built.
 */
const root = path.resolve(__dirname, '../../..');
const TIMEOUT_MS = 180_000;

async function main(): Promise<void> {
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-exthost-')), 'results.json');
  let session: VSCodeSession | undefined;
  let results: SuiteResults;
  try {
    session = await launchVSCode({
      vsixPath: path.join(root, 'dist', 'capillary-rewards-groups.vsix'),
      name: 'extension-host',
      serverEnv: { [RESULTS_ENV]: resultsFile },
      extensionTests: { developmentPath: root, testsPath: path.join(root, 'out', 'test', 'integration', 'index.js') },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error(`no result within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS)));
    const code = await Promise.race([session.testsExited!, timeout]).finally(() => clearTimeout(timer));
    if (!fs.existsSync(resultsFile)) throw new Error(`the extension host exited with ${code} without running the suite`);
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults;
  } catch (error) {
    await session?.screenshot('failure').catch(() => undefined);
    results = { passes: 0, failures: 1, pending: 0, failed: [{ title: 'extension-host suite', error: error instanceof Error ? error.message : String(error) }] };
  } finally {
    if (session && results!?.failures) {
      const log = await session.extensionLog('Capillary Rewards', { all: true }).catch(() => '');
      if (log) fs.writeFileSync(path.join(session.artifactsDir, 'extension-host-Capillary Rewards.log'), log);
    }
    await session?.close();
    fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
  }
  for (const failure of results.failed) console.error(`✘ ${failure.title}\n${failure.error}\n`);
  console.log(JSON.stringify({ passes: results.passes, failures: results.failures, pending: results.pending }));
  process.exitCode = results.failures > 0 ? 1 : 0;
}

void main();
