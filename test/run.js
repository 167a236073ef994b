#!/usr/bin/env node
// The whole test suite, in one command (`npm test`): type-check, build, then the unit tests in Node
// against the local sandbox over real HTTP. Ends with one line: `N passed, N failed`.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;

function step(title, command, args) {
  console.log(`\n▶ ${title}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(ok ? `✔ ${title}` : `✘ ${title} (exit ${result.status ?? result.signal})`);
  if (ok) passed++;
  else failed++;
  return ok;
}

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

async function runMocha(files) {
  const Mocha = require('mocha');
  const mocha = new Mocha({ reporter: 'spec', timeout: 20000, color: true });
  files.sort().forEach((file) => mocha.addFile(file));
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('end', () => {
      passed += runner.stats.passes;
      failed += runner.stats.failures;
      skipped += runner.stats.pending;
    });
  });
}

async function main() {
  step('type-check', process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', '.', '--noEmit']);
  const built = step('build tests', process.execPath, ['esbuild.js', '--tests']) && step('build extension', process.execPath, ['esbuild.js']);
  if (built) {
    const files = findTests(path.join(root, 'out', 'test', 'unit'));
    if (files.length === 0) {
      console.error('No unit test files were built.');
      failed++;
    } else {
      await runMocha(files);
    }
  }
  const skippedText = skipped ? `, ${skipped} skipped` : '';
  console.log(`\n${passed} passed, ${failed} failed${skippedText}`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  console.log(`\n${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
