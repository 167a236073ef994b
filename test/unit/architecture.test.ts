import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The layering that docs/architecture.md describes, checked on the sources: data flows one way
 * (command → service → API client → HTTP; results → model → tree), so every import points down
 * a layer or stays within one, and no two modules import each other, directly or around a loop.
 */
const ROOT = path.resolve(__dirname, '../../..');

/** Lowest first. A module may import from its own layer or a lower one. */
const LAYERS: { name: string; files: RegExp }[] = [
  { name: 'API client', files: /^src\/api\// },
  { name: 'foundation', files: /^src\/foundation\// },
  { name: 'Node adapters', files: /^src\/node\// },
  { name: 'session', files: /^src\/session\// },
  { name: 'groups model', files: /^src\/groups\// },
  { name: 'connections', files: /^src\/connections\// },
  { name: 'messages', files: /^src\/messages\// },
  { name: 'groups files', files: /^src\/groupsFile\// },
  { name: 'operations', files: /^src\/operations\// },
  { name: 'core', files: /^src\/core\// },
  { name: 'Ui port', files: /^src\/ui\// },
  { name: 'VS Code adapters', files: /^src\/vscode\// },
  { name: 'commands and views', files: /^src\/(commands|views)\// },
  { name: 'composition root', files: /^src\/(extension|flows)\.ts$/ },
];

/**
 * The only files at src/'s top level: each front end's entry points (the extension's and its
 * command flows', a bundle of their own). Everything else is in its layer's folder.
 */
const ENTRY_POINTS = ['src/extension.ts', 'src/flows.ts'];

/** Where `import … from 'vscode'` may appear: everything else runs in plain Node under test. */
const MAY_IMPORT_VSCODE = /^src\/(extension\.ts|views\/|vscode\/)/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** Every import of a file: relative ones resolved to `src/…ts`, packages as their name. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)'/gms),
    ...text.matchAll(/\bimport\('([^']+)'\)/g),
  ].map((m) => m[1]!);
  return specifiers.map((specifier) =>
    specifier.startsWith('.') ? `${path.posix.join(path.posix.dirname(file), specifier)}.ts` : specifier,
  );
}

function layerOf(file: string): number {
  const index = LAYERS.findIndex((layer) => layer.files.test(file));
  assert.notEqual(index, -1, `${file} belongs to no layer: add it to LAYERS and to docs/architecture.md`);
  return index;
}

describe('architecture', () => {
  const files = sourceFiles('src');
  const graph = new Map(files.map((file) => [file, importsOf(file)]));

  it('finds the sources and their imports', () => {
    assert.ok(files.includes('src/extension.ts'));
    assert.deepEqual(graph.get('src/api/client.ts')!.sort(), [
      'src/api/auth.ts',
      'src/api/groups.ts',
      'src/api/http.ts',
      'src/api/types.ts',
    ]);
    // A dynamic import counts too: the HTTP stack is loaded on the first request.
    assert.ok(graph.get('src/api/http.ts')!.includes('src/api/nodeFetch.ts'));
  });

  it('keeps no file at the top of src/ but the entry points', () => {
    const loose = files.filter((file) => !file.slice('src/'.length).includes('/'));
    assert.deepEqual(loose.sort(), [...ENTRY_POINTS].sort());
  });

  it('imports point down a layer or stay within one', () => {
    const upward = files.flatMap((file) =>
      graph
        .get(file)!
        .filter((target) => target.startsWith('src/'))
        .filter((target) => layerOf(target) > layerOf(file))
        .map(
          (target) => `${file} (${LAYERS[layerOf(file)]!.name}) imports ${target} (${LAYERS[layerOf(target)]!.name})`,
        ),
    );
    assert.deepEqual(upward, []);
  });

  it('commands and views do not import each other', () => {
    const across = files.flatMap((file) => {
      const area = /^src\/(commands|views)\//.exec(file)?.[1];
      if (!area) return [];
      const other = area === 'commands' ? 'src/views/' : 'src/commands/';
      return graph
        .get(file)!
        .filter((target) => target.startsWith(other))
        .map((target) => `${file} imports ${target}`);
    });
    assert.deepEqual(across, []);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  it("imports 'vscode' only in the views, the VS Code adapters and the composition root", () => {
    const offenders = files.filter((file) => graph.get(file)!.includes('vscode') && !MAY_IMPORT_VSCODE.test(file));
    assert.deepEqual(offenders, []);
  });

  it('points at no notes outside the repository: what the code relies on is in docs/', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => /\.(ts|js|mjs|json|md)$/.test(file) && file !== 'package-lock.json');
    assert.ok(tracked.includes('docs/architecture.md') && tracked.includes('docs/capillary-api.md'));
    // The notes beside the repository, or a folder of the machine it was written on.
    const outside = /\.\.\/shared\b|\/work\/|\bshared\/(capillary-api|design|real-vscode-testing)/;
    const offenders = tracked.filter(
      (file) =>
        file !== 'test/unit/architecture.test.ts' &&
        fs.existsSync(path.join(ROOT, file)) &&
        outside.test(fs.readFileSync(path.join(ROOT, file), 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });
});
