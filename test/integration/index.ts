import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

/**
 * Entry point that VS Code's extension host calls with `--extensionTestsPath`: runs every
 * *.test.js next to this file inside the host, where `vscode` is the real API.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: true });
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host tests failed`)) : resolve()));
  });
}
