// Builds the extension bundles (dist/extension.js, dist/flows.js, its command flows, and dist/http.js, its HTTP stack),
// the command line (dist/cli.js) and, with --tests, the test bundles (out/).
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

/**
 * The command flows (src/flows.ts and what only they import: the commands, the groups-file
 * reader, planner and apply engine, jsonc-parser, the Ui) are not needed until the first command:
 * src/extension.ts imports './flows' dynamically, and in the extension build that becomes a bundle
 * of its own, dist/flows.js. Unlike the HTTP stack, the flows share modules with activation (the
 * core, the error classes, @vscode/l10n's configured translations): two copies would break
 * `instanceof` and module state. So dist/flows.js is a function of those modules: every import of
 * a module dist/extension.js holds resolves to the object dist/extension.js passes in, and
 * dist/extension.js passes each one in, as its namespace object, when it first loads the flows.
 *
 * Built in three steps (each a fraction of a second): the extension with the flows left out, to
 * learn what it holds; the flows, taking those modules from it; the extension again, handing the
 * flows the modules they took.
 */
const FLOWS_ENTRY = 'src/flows.ts';
const FLOWS_BUNDLE = 'dist/flows.js';
const sourceKey = (file) => path.relative(__dirname, file).split(path.sep).join('/');

/** In the extension build: `import('./flows')` loads dist/flows.js, handing it `shared` (keys of the modules it takes). */
function flowsAsSecondBundle(shared) {
  return {
    name: 'flows-as-second-bundle',
    setup(build) {
      build.onResolve({ filter: /^\.\/flows$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === path.resolve(FLOWS_ENTRY).replace(/\.ts$/, '')
          ? { path: 'load', namespace: 'flows-loader' }
          : undefined,
      );
      build.onResolve({ filter: /^flows-shared-modules$/ }, () => ({ path: 'shared', namespace: 'flows-loader' }));
      build.onResolve({ filter: /^\.\/flows\.js$/ }, () => ({
        path: `./${path.basename(FLOWS_BUNDLE)}`,
        external: true,
      }));
      build.onLoad({ filter: /.*/, namespace: 'flows-loader' }, (args) => {
        const modules = [...shared].sort();
        // What import('./flows') gives: dist/flows.js's exports, made by its function (CommonJS).
        if (args.path === 'load') {
          return {
            contents: "module.exports = require('./flows.js')(require('flows-shared-modules').modules);",
            loader: 'js',
            resolveDir: __dirname,
          };
        }
        // The modules handed over, each as its namespace object (ES modules: no copy of what they hold).
        return {
          contents: [
            ...modules.map((key, i) => `import * as m${i} from ${JSON.stringify(path.resolve(key))};`),
            `export const modules = { ${modules.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')} };`,
          ].join('\n'),
          loader: 'js',
          resolveDir: __dirname,
        };
      });
    },
  };
}

/** In the flows build: a module dist/extension.js holds is taken from what it passes in; `taken` collects their keys. */
function modulesFromExtension(held, taken) {
  return {
    name: 'modules-from-extension',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'from-extension' || args.pluginData?.resolving || args.kind === 'entry-point') {
          return undefined;
        }
        const resolved = await build.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: args.kind,
          importer: args.importer,
          pluginData: { resolving: true },
        });
        if (resolved.errors.length > 0 || resolved.external) return undefined;
        const key = sourceKey(resolved.path);
        if (!held.has(key)) return undefined;
        taken.add(key);
        return { path: key, namespace: 'from-extension' };
      });
      build.onLoad({ filter: /.*/, namespace: 'from-extension' }, (args) => ({
        contents: `module.exports = __extensionModules[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

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

/** dist/flows.js: a CommonJS module whose export is a function of the modules dist/extension.js passes in. */
const flowsOptions = {
  ...distOptions,
  entryPoints: [FLOWS_ENTRY],
  outfile: FLOWS_BUNDLE,
  plugins: [vscodeWithoutCopies],
  banner: {
    js: 'module.exports = function loadFlows(__extensionModules) { "use strict"; var module = { exports: {} }, exports = module.exports;',
  },
  footer: { js: 'return module.exports; };' },
};

/** dist/extension.js and dist/flows.js, the flows taking from the extension every module both import. */
async function buildExtensionAndFlows() {
  const withFlows = (shared) => ({
    ...extensionOptions,
    plugins: [...extensionOptions.plugins, flowsAsSecondBundle(shared)],
  });
  const first = await esbuild.build({ ...withFlows(new Set()), metafile: true, write: false });
  const held = new Set(
    Object.keys(first.metafile.inputs)
      .filter((input) => !input.includes(':'))
      .map((input) => sourceKey(path.resolve(input))),
  );
  const taken = new Set();
  await esbuild.build({ ...flowsOptions, plugins: [...flowsOptions.plugins, modulesFromExtension(held, taken)] });
  await esbuild.build(withFlows(taken));
}

/**
 * dist/cli.js, the command line `capillary-groups` (package.json's "bin"): one self-contained
 * CommonJS file for Node 20. node-fetch is bundled inline (still loaded on the first request, by
 * src/api/http.ts's dynamic import) rather than required from dist/http.js: a command line pays
 * its start-up once per run, and a single file keeps working wherever it is copied or linked. Not
 * in the .vsix (.vscodeignore).
 */
const CLI_BUNDLE = 'dist/cli.js';
const cliOptions = {
  ...distOptions,
  entryPoints: ['src/cli/main.ts'],
  outfile: CLI_BUNDLE,
  target: 'node20',
  // Nothing is left to require at run time: an import of 'vscode' (never under src/cli/) fails the build.
  external: [],
  banner: { js: '#!/usr/bin/env node' },
};

async function buildCli() {
  await esbuild.build(cliOptions);
  fs.chmodSync(CLI_BUNDLE, 0o755);
}

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
    // extension bundle reports "build finished" to the problem matcher (F5 waits for that). The
    // flows stay inside the watched bundle (still loaded on the first command): one bundle to rebuild.
    await esbuild.build(httpStackOptions);
    await (await esbuild.context(extensionOptions)).watch();
    return;
  }
  await Promise.all([buildExtensionAndFlows(), esbuild.build(httpStackOptions), buildCli()]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
