import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';

/**
 * What loading the extension costs, without VS Code: each run is a fresh `node` that requires
 * dist/extension.js (with a stub 'vscode' module), as the extension host does before activate(),
 * then dist/http.js, as the first request does. Each figure is require()'s wall time: reading,
 * compiling and evaluating the bundle.
 *
 * Two settings:
 * - `warm`, closer to an extension host: Node's own modules the bundles require (fs, crypto,
 *   http, stream…) are loaded before the timer starts, so the figure is the bundle's own cost;
 * - `fresh`: nothing loaded before, so loading those modules counts too.
 * Intl is cold in both, as it is in the extension host: a date formatter created while the
 * bundle is evaluated costs its ICU data load (about 15 ms) here as there.
 *
 * `npm run bench` includes them; `npm run bench:evaluation` (seconds, no VS Code) prints them alone.
 */
export interface EvaluationFigures {
  /** require('dist/extension.js'): what activation needs, median ms. */
  extensionEvaluateMs: number;
  /** require('dist/http.js') afterwards: the HTTP stack, loaded on the first request, median ms. */
  httpStackEvaluateMs: number | null;
  runs: number;
}

export interface EvaluationReport {
  warm: EvaluationFigures;
  fresh: EvaluationFigures;
  extensionBytes: number;
  httpStackBytes: number | null;
}

const ROOT = path.resolve(__dirname, '../../..');
const EXTENSION = path.join(ROOT, 'dist', 'extension.js');
const HTTP_STACK = path.join(ROOT, 'dist', 'http.js');

/** Runs in the child: argv = [extension, httpStack or '', builtins to preload (comma-separated) or '']. */
const CHILD = `
const Module = require('module');
const [extension, httpStack, preload] = process.argv.slice(1);
if (preload) for (const name of preload.split(',')) require(name);
const STUB = '\\0vscode-stub';
const anything = () => new Proxy(function () {}, { get: (target, key) => (key === 'prototype' ? target.prototype : key === Symbol.toPrimitive ? () => '' : anything()) });
Module._cache[STUB] = { id: STUB, filename: STUB, loaded: true, exports: anything() };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? STUB : resolve.call(this, request, ...rest); };
let started = performance.now();
require(extension);
const extensionMs = performance.now() - started;
let httpStackMs = null;
if (httpStack) { started = performance.now(); require(httpStack); httpStackMs = performance.now() - started; }
process.stdout.write(JSON.stringify({ extensionMs, httpStackMs }));
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round((sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2) * 100) / 100;
}

/** Node's modules that a bundle requires, as `require("…")` calls in its text. */
function builtinsRequiredBy(files: string[]): string[] {
  const builtins = new Set(builtinModules);
  const found = new Set<string>();
  for (const file of files) {
    for (const [, name] of fs.readFileSync(file, 'utf8').matchAll(/\brequire\(["']([\w:/]+)["']\)/g)) {
      if (builtins.has(name!.replace(/^node:/, ''))) found.add(name!);
    }
  }
  return [...found].sort();
}

/** Medians over `runs` fresh processes per setting, the settings alternating run by run. */
export function measureEvaluation(runs = 21): EvaluationReport {
  if (!fs.existsSync(EXTENSION)) {
    throw new Error(`${EXTENSION} is missing: build it first (node esbuild.js --production)`);
  }
  const httpStack = fs.existsSync(HTTP_STACK) ? HTTP_STACK : '';
  const preload = builtinsRequiredBy([EXTENSION, ...(httpStack ? [httpStack] : [])]).join(',');
  const samples = {
    warm: [] as { extensionMs: number; httpStackMs: number | null }[],
    fresh: [] as { extensionMs: number; httpStackMs: number | null }[],
  };
  for (let run = 0; run < runs; run++) {
    for (const setting of ['warm', 'fresh'] as const) {
      const output = execFileSync(
        process.execPath,
        ['-e', CHILD, EXTENSION, httpStack, setting === 'warm' ? preload : ''],
        { encoding: 'utf8', cwd: ROOT },
      );
      samples[setting].push(JSON.parse(output) as { extensionMs: number; httpStackMs: number | null });
    }
  }
  const figures = (list: { extensionMs: number; httpStackMs: number | null }[]): EvaluationFigures => ({
    extensionEvaluateMs: median(list.map((s) => s.extensionMs)),
    httpStackEvaluateMs: httpStack ? median(list.map((s) => s.httpStackMs!)) : null,
    runs: list.length,
  });
  return {
    warm: figures(samples.warm),
    fresh: figures(samples.fresh),
    extensionBytes: fs.statSync(EXTENSION).size,
    httpStackBytes: httpStack ? fs.statSync(HTTP_STACK).size : null,
  };
}
