import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

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
  { name: 'command line', files: /^src\/cli\// },
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
      'src/api/network.ts',
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

  it('the command line imports the core layers and the Node adapters only, and nothing imports it', () => {
    const editorOnly = /^src\/(ui|vscode|commands|views)\/|^src\/(extension|flows)\.ts$/;
    const wrong = files.flatMap((file) =>
      graph.get(file)!.flatMap((target) => {
        if (file.startsWith('src/cli/')) {
          return editorOnly.test(target) || target === 'vscode' ? [`${file} imports ${target}`] : [];
        }
        return target.startsWith('src/cli/') ? [`${file} imports ${target}`] : [];
      }),
    );
    assert.deepEqual(wrong, []);
    assert.ok(files.includes('src/cli/main.ts'));
  });

  it("reads and writes files only through VS Code (workspace.fs) in the extension: Node's fs is the command line's", () => {
    // In a remote window the extension runs where the workspace is, and a file may be on neither
    // machine's disk (a virtual workspace): only workspace.fs reaches every one.
    const nodeFiles = /^(node:)?(fs|fs\/promises)$/;
    const offenders = files.flatMap((file) =>
      file.startsWith('src/cli/')
        ? []
        : graph
            .get(file)!
            .filter((target) => nodeFiles.test(target))
            .map((target) => `${file} imports ${target}`),
    );
    assert.deepEqual(offenders, []);
    // The check sees Node's modules: the command line's file access is found by it.
    assert.ok(graph.get('src/cli/planFile.ts')!.some((target) => nodeFiles.test(target)));
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

  it('words no sentence of the core with an editor thing: the front end supplies those words', () => {
    const offenders = files
      // The command line is worded for a terminal: it names no editor thing either.
      .filter((file) => CORE.test(file) || file.startsWith('src/cli/'))
      .flatMap((file) => editorWordsIn(file).map((found) => `${file}:${found.line}: ${found.what} in ${found.text}`));
    assert.deepEqual(offenders, []);
  });
});

/** The folders that run in plain Node for every front end (docs/architecture.md). */
const CORE = /^src\/(api|foundation|node|session|groups|connections|messages|groupsFile|operations|core)\//;

/**
 * What only the editor has: its views and panels, a command by its title, a setting by its VS Code
 * name. The titles and settings are read from the manifest, so a new one is covered.
 */
function editorThings(): { what: string; pattern: RegExp }[] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const titles = Object.entries(nls)
    .filter(([key]) => /^command\..+\.title$/.test(key))
    .map(([, title]) => title.replace(/…$/, ''));
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, unknown> } };
  };
  const places = ['Groups view', 'Problems view', 'Command Palette', 'CodeLens', 'status bar', 'title bar', 'VS Code'];
  return [
    ...places.map((place) => ({ what: place, pattern: new RegExp(`\\b${escape(place)}\\b`, 'i') })),
    ...[...new Set(titles)].map((title) => ({
      what: `the command ${title}`,
      pattern: new RegExp(`(^|[^\\w])${escape(title)}(?![\\w])`),
    })),
    ...Object.keys(manifest.contributes.configuration.properties).map((setting) => ({
      what: `the setting ${setting}`,
      pattern: new RegExp(`${escape(setting)}\\b`),
    })),
  ];
}

/**
 * Every text of a file that a user may read (what `l10n.t` translates, an error's message: each
 * string or template in their arguments) that names an editor thing, and every use of the
 * editor's settings section. Comments and state keys are not messages.
 */
function editorWordsIn(file: string): { line: number; what: string; text: string }[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const things = editorThings();
  const found: { line: number; what: string; text: string }[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const inspect = (node: ts.Node): void => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      for (const { what, pattern } of things) {
        if (pattern.test(node.text)) found.push({ line: lineOf(node), what, text: JSON.stringify(node.text) });
      }
    }
    ts.forEachChild(node, inspect);
  };
  const isMessage = (node: ts.Node): node is ts.CallExpression | ts.NewExpression =>
    (ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.SuperKeyword || node.expression.getText(source) === 'l10n.t')) ||
    (ts.isNewExpression(node) && /Error$/.test(node.expression.getText(source)));
  const visit = (node: ts.Node): void => {
    if (isMessage(node)) {
      for (const argument of node.arguments ?? []) inspect(argument);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // The editor's settings section names a setting wherever it is used, in a sentence or in a helper that makes one.
  text.split('\n').forEach((line, index) => {
    if (/\bSETTINGS_SECTION\b/.test(line) && !/^export const SETTINGS_SECTION =/.test(line)) {
      found.push({ line: index + 1, what: "the editor's settings section", text: line.trim() });
    }
  });
  return found;
}
