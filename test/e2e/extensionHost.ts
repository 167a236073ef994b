import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPORT_ENV } from '../support/reportEnv';
import { launchVSCode, type VSCodeSession } from './vscode';

export const ROOT = path.resolve(__dirname, '../../..');

/**
 * Runs a module's `run()` inside a real extension host (code-server), offline, with the
 * repository loaded as the extension under development (its dist/ must be built), and returns
 * the JSON the module wrote to the file named by REPORT_ENV.
 */
export async function runInExtensionHost<T>(options: {
  name: string;
  modulePath: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<{ report?: T; exitCode?: number; error?: string }> {
  const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-exthost-')), 'report.json');
  const timeoutMs = options.timeoutMs ?? 180_000;
  let session: VSCodeSession | undefined;
  try {
    session = await launchVSCode({
      vsixPath: path.join(ROOT, 'dist', 'capillary-rewards-groups.vsix'),
      name: options.name,
      serverEnv: { ...options.env, [REPORT_ENV]: reportFile },
      extensionTests: { developmentPath: ROOT, testsPath: options.modulePath },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`no result within ${timeoutMs / 1000} s`)), timeoutMs)),
    );
    const exitCode = await Promise.race([session.testsExited!, timeout]).finally(() => clearTimeout(timer));
    if (!fs.existsSync(reportFile)) throw new Error(`the extension host exited with ${exitCode} without a report`);
    return { report: JSON.parse(fs.readFileSync(reportFile, 'utf8')) as T, exitCode };
  } catch (error) {
    await session?.screenshot('failure').catch(() => undefined);
    const log = await session?.extensionLog('Capillary Rewards', { all: true }).catch(() => '');
    if (session && log) fs.writeFileSync(path.join(session.artifactsDir, `${options.name}-Capillary Rewards.log`), log);
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await session?.close();
    fs.rmSync(path.dirname(reportFile), { recursive: true, force: true });
  }
}
