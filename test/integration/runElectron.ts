import { runTests } from '@vscode/test-electron';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';

/**
 * `npm run test:electron`: downloads a desktop VS Code (needs internet) and runs the
 * extension-host suite in it. Offline, the same suite runs inside code-server instead.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-ws-'));
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
