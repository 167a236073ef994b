#!/usr/bin/env node
// The whole test suite, in one command (`npm test`), every tier in order:
//   1. type-check (tsc --noEmit, strict), lint (ESLint), format check (Prettier) and build
//      (extension, tests, .vsix)
//   2. unit tests in Node: pure, no network or other I/O
//   3. flow tests in Node: the real commands against the local sandbox over real HTTP
//   4. extension-host tests inside a real VS Code (code-server), offline
//   5. UI scenarios: Playwright drives that VS Code in headless Chromium
// Ends with one line: `N passed, N failed` (checks and tests together).
// `node test/run.js unit` runs tiers 1–3 only.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const unitOnly = process.argv.includes('unit');
const totals = { passed: 0, failed: 0, skipped: 0 };
const RESULT_PREFIX = '@@mocha-result ';

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

/** A build or check step: one pass or one failure. */
function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = run(command, args);
  const ok = result.status === 0;
  console.log(ok ? `✔ ${title}` : `✘ ${title} (exit ${result.status ?? result.signal})`);
  totals[ok ? 'passed' : 'failed']++;
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

/** Adds a tier's counts; a tier that reports nothing counts as one failure. */
function count(title, counts) {
  if (!counts) {
    console.log(`✘ ${title}: no results`);
    totals.failed++;
    return;
  }
  totals.passed += counts.passes;
  totals.failed += counts.failures;
  totals.skipped += counts.pending;
  if (counts.passes + counts.failures === 0) {
    console.log(`✘ ${title}: ran no test`);
    totals.failed++;
  }
}

/** Runs mocha on the files in a child process and reads its counts from the last line. */
function mocha(title, files, timeoutMs) {
  console.log(`\n▶ ${title}`);
  if (files.length === 0) return count(title, undefined);
  const script = `
    const Mocha = require('mocha');
    const mocha = new Mocha({ reporter: 'spec', timeout: ${timeoutMs}, color: true });
    ${JSON.stringify(files)}.sort().forEach((file) => mocha.addFile(file));
    const runner = mocha.run((failures) => {
      console.log('${RESULT_PREFIX}' + JSON.stringify({ passes: runner.stats.passes, failures: runner.stats.failures, pending: runner.stats.pending }));
      process.exit(failures ? 1 : 0);
    });`;
  const result = run(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (result.stdout ?? '').split('\n');
  process.stdout.write(lines.filter((line) => !line.startsWith(RESULT_PREFIX)).join('\n'));
  const resultLine = lines.find((line) => line.startsWith(RESULT_PREFIX));
  count(title, resultLine ? JSON.parse(resultLine.slice(RESULT_PREFIX.length)) : undefined);
}

/** The extension-host suite in code-server; its runner prints the counts as its last line. */
function extensionHost() {
  const title = 'extension-host tests (code-server)';
  console.log(`\n▶ ${title}`);
  const result = run(process.execPath, ['out/test/e2e/runExtensionHostTests.js'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const last = (result.stdout ?? '').trim().split('\n').pop() ?? '';
  let counts;
  try {
    counts = JSON.parse(last);
  } catch {
    console.log(result.stdout);
  }
  if (counts) console.log(`  ${counts.passes} passed, ${counts.failures} failed inside the extension host`);
  count(title, counts);
}

/**
 * The CI workflow's test (test/flow/ciWorkflow.test.ts) runs the action's `gh … --jq` filters with
 * this machine's jq, as gh has jq built in: installed with apt-get when missing and this is root
 * (as the UI tier installs Chromium), else named so that the test's failure is not a riddle.
 */
function ensureJq() {
  if (spawnSync('jq', ['--version'], { stdio: 'ignore' }).status === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    step('jq installed (apt-get)', 'sh', [
      '-c',
      'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y jq',
    ]);
  } else {
    console.log('\n✘ jq is missing, which the CI workflow test needs: install it (sudo apt-get install -y jq)');
  }
}

/** The reliability suite's summary (written by test/flow/reliability.test.ts), if it ran. */
const RELIABILITY_REPORT = path.join(root, 'out', 'reliability-report.json');

function main() {
  const node = process.execPath;
  fs.rmSync(RELIABILITY_REPORT, { force: true });
  step('type-check', node, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', '.', '--noEmit']);
  step('lint', 'npm', ['run', '--silent', 'lint']);
  step('format check', 'npm', ['run', '--silent', 'format:check']);
  const built = step('build tests', node, ['esbuild.js', '--tests']) && step('build extension', node, ['esbuild.js']);
  if (built) {
    ensureJq();
    mocha('unit tests (Node, no I/O)', findTests(path.join(root, 'out', 'test', 'unit')), 20_000);
    mocha('flow tests (Node, sandbox over HTTP)', findTests(path.join(root, 'out', 'test', 'flow')), 20_000);
  }

  if (built && !unitOnly) {
    const ready =
      step('package the .vsix', 'npm', ['run', '--silent', 'package']) &&
      // package builds the minified bundle; the extension-host suite loads the repository as the
      // extension under development, so put the development build back.
      step('build extension for development', node, ['esbuild.js']) &&
      step('real VS Code installed (code-server, Node 24, Chromium)', node, ['test/e2e/setup-vscode.js']);
    if (ready) {
      extensionHost();
      mocha('UI scenarios (code-server + Chromium)', findTests(path.join(root, 'out', 'test', 'e2e')), 180_000);
    }
  }

  if (fs.existsSync(RELIABILITY_REPORT)) {
    console.log(`\n${JSON.parse(fs.readFileSync(RELIABILITY_REPORT, 'utf8')).line}`);
  }
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exitCode = totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main();
