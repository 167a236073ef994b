// Builds the extension bundle (dist/) and, with --tests, the test bundles (out/).
// Usage: node esbuild.js [--production] [--watch] [--tests]
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Every *.ts file below dir whose name matches the filter. */
function findEntries(dir, filter) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findEntries(full, filter);
    return filter.test(entry.name) ? [full] : [];
  });
}

/** Prints build errors the way VS Code's esbuild problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const extensionOptions = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  minify: production,
  treeShaking: true,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
  // src/extension.ts reports how long the bundle took to evaluate, measured from here.
  banner: { js: '"use strict";var __bundleStart = performance.now();' },
};

const testOptions = {
  entryPoints: [
    ...findEntries('test/unit', /\.test\.ts$/),
    ...findEntries('test/integration', /\.ts$/),
    ...findEntries('test/e2e', /\.test\.ts$/),
    'test/e2e/runExtensionHostTests.ts',
    'test/bench/bench.ts',
    'test/bench/extensionHostBench.ts',
    'test/sandbox/cli.ts',
    'test/demo/start.ts',
  ],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'out',
  outbase: '.',
  // Loaded at run time from node_modules (mocha) or the host (vscode).
  external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron'],
  sourcemap: 'inline',
  logLevel: 'warning',
};

async function main() {
  const options = tests ? testOptions : extensionOptions;
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
    return;
  }
  await esbuild.build(options);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
