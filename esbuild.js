// Builds the extension bundles (dist/extension.js and dist/http.js, its HTTP stack) and, with --tests, the test bundles (out/).
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

/**
 * The HTTP stack (node-fetch and its stream and blob polyfills, more than half the code) is not
 * needed until the first request: src/api/http.ts imports './nodeFetch' dynamically, and in the
 * extension build that import becomes `require('./http.js')` of a bundle of its own, so that
 * activation neither parses nor evaluates it. Other builds (tests) keep it inline, still lazy.
 */
const HTTP_STACK_ENTRY = 'src/api/nodeFetch.ts';
const HTTP_STACK_BUNDLE = 'dist/http.js';
const httpStackAsSecondBundle = {
  name: 'http-stack-as-second-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/nodeFetch$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === path.resolve(HTTP_STACK_ENTRY).replace(/\.ts$/, '')
        ? { path: `./${path.basename(HTTP_STACK_BUNDLE)}`, external: true }
        : undefined,
    );
  },
};

/**
 * `import * as vscode from 'vscode'` compiles to a copy of the whole VS Code API object (some 400
 * getters) in every module that imports it, at load time: about 2 ms of activation for the 7
 * modules here. Resolved to an object whose prototype is the API, there is nothing to copy, and
 * every `vscode.x` still reads the API itself.
 */
const vscodeWithoutCopies = {
  name: 'vscode-without-copies',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
      contents: "module.exports = Object.create(require('vscode'));",
      loader: 'js',
    }));
  },
};

/** What both bundles in dist/ share. */
const distOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  external: ['vscode'],
  // jsonc-parser's "main" is a UMD build that requires its parts at run time; its "module" build bundles.
  mainFields: ['module', 'main'],
  minify: production,
  treeShaking: true,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
};

const httpStackOptions = {
  ...distOptions,
  entryPoints: [HTTP_STACK_ENTRY],
  outfile: HTTP_STACK_BUNDLE,
};

const extensionOptions = {
  ...distOptions,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  plugins: [...(watch ? [problemMatcher] : []), httpStackAsSecondBundle, vscodeWithoutCopies],
  // import() of the external './http.js' as a plain require(): no ESM loader in the extension host.
  supported: { 'dynamic-import': false },
  // src/extension.ts reports how long the bundle took to evaluate, measured from here.
  banner: { js: '"use strict";var __bundleStart = performance.now();' },
};

const testOptions = {
  entryPoints: [
    ...findEntries('test/unit', /\.test\.ts$/),
    ...findEntries('test/flow', /\.test\.ts$/),
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
  external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron', 'typescript'],
  mainFields: ['module', 'main'],
  sourcemap: 'inline',
  logLevel: 'warning',
};

async function main() {
  if (tests) {
    // run.js runs every bundle it finds in a tier's folder: a test moved or renamed must not leave its old one there.
    fs.rmSync(path.join('out', 'test'), { recursive: true, force: true });
    if (watch) await (await esbuild.context(testOptions)).watch();
    else await esbuild.build(testOptions);
    return;
  }
  if (watch) {
    // dist/http.js is node-fetch alone, which no edit changes: built once, before the watched
    // extension bundle reports "build finished" to the problem matcher (F5 waits for that).
    await esbuild.build(httpStackOptions);
    await (await esbuild.context(extensionOptions)).watch();
    return;
  }
  await Promise.all([extensionOptions, httpStackOptions].map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
