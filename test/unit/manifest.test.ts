import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { commandTable, type CommandArguments } from '../../src/commands/commandTable';
import type { CommandDeps } from '../../src/commands/deps';
import { SETTINGS_SECTION, USER_ONLY } from '../../src/foundation/settings';

/** The parts of package.json these tests read. */
interface Setting {
  default: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  scope?: string;
}
interface Command {
  command: string;
  title: string;
  category: string;
}
interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
interface WalkthroughStep {
  id: string;
  description: string;
  media: { markdown: string };
  completionEvents: string[];
}
interface Manifest {
  name: string;
  publisher: string;
  displayName: string;
  description: string;
  icon: string;
  categories: string[];
  keywords: string[];
  license: string;
  main: string;
  l10n: string;
  engines: { vscode: string };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: {
    configuration: {
      title: string;
      properties: {
        [key: string]: Setting;
        'capillaryRewards.pageSize': Setting;
        'capillaryRewards.host': Setting;
        'capillaryRewards.apiPrefix': Setting;
        'capillaryRewards.authMethod': Setting;
        'capillaryRewards.requestTimeoutSeconds': Setting;
        'capillaryRewards.connections': Setting & {
          items: { required: string[]; additionalProperties: boolean; properties: Record<string, Setting> };
        };
      };
    };
    commands: Command[];
    menus: { [menu: string]: MenuEntry[]; commandPalette: MenuEntry[]; 'view/item/context': MenuEntry[] };
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: { capillaryRewards: { id: string; name: string }[] };
    viewsWelcome: { when: string; contents: string }[];
    walkthroughs: { id: string; steps: WalkthroughStep[] }[];
  };
}

/** The public contract (setting keys, command ids, view ids; see the README), checked against package.json. */
const root = path.resolve(__dirname, '../../..');
const rawManifest = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** package.json as VS Code shows it in English: every %key% replaced from package.nls.json. */
const manifest = JSON.parse(rawManifest, (_key, value: unknown) =>
  typeof value === 'string' && /^%[\w.]+%$/.test(value) ? (nls[value.slice(1, -1)] ?? value) : value,
) as Manifest;
const contributes = manifest.contributes;

describe('package.json contract', () => {
  it('contributes exactly the documented settings with their defaults', () => {
    const properties = contributes.configuration.properties;
    assert.equal(contributes.configuration.title, 'Capillary Rewards');
    assert.deepEqual(Object.keys(properties).sort(), [
      'capillaryRewards.apiPrefix',
      'capillaryRewards.applyConcurrency',
      'capillaryRewards.authMethod',
      'capillaryRewards.connections',
      'capillaryRewards.extraCertificates',
      'capillaryRewards.host',
      'capillaryRewards.pageSize',
      'capillaryRewards.requestTimeoutSeconds',
    ]);
    assert.equal(properties['capillaryRewards.pageSize'].default, 50);
    const certificates = properties['capillaryRewards.extraCertificates'] as unknown as Setting & {
      type: string;
      items: { type: string };
    };
    assert.deepEqual([certificates.type, certificates.items.type, certificates.default], ['array', 'string', []]);
    const concurrency = properties['capillaryRewards.applyConcurrency']!;
    assert.deepEqual([concurrency.default, concurrency.minimum, concurrency.maximum], [4, 1, 16]);
    const connections = properties['capillaryRewards.connections'];
    assert.deepEqual(connections.default, []);
    assert.deepEqual(connections.items.required, ['name', 'host']);
    assert.equal(connections.items.additionalProperties, false, 'VS Code marks a misspelt key in settings.json');
    assert.deepEqual(Object.keys(connections.items.properties), [
      'name',
      'host',
      'authMethod',
      'apiPrefix',
      'production',
    ]);
    assert.equal(properties['capillaryRewards.host'].default, '');
    assert.equal(properties['capillaryRewards.apiPrefix'].default, '/api_gateway/core/v1');
    assert.deepEqual(properties['capillaryRewards.authMethod'].enum, ['basic', 'oauth']);
    assert.equal(properties['capillaryRewards.authMethod'].default, 'basic');
    assert.equal(properties['capillaryRewards.requestTimeoutSeconds'].default, 30);
  });

  it('contributes the documented commands and titles in the "Capillary Rewards" category', () => {
    const titles = Object.fromEntries(contributes.commands.map((c) => [c.command, c.title]));
    const contract = {
      'capillaryRewards.createGroup': 'Create Group…',
      'capillaryRewards.signIn': 'Sign In…',
      'capillaryRewards.signOut': 'Sign Out',
      'capillaryRewards.selectCluster': 'Select Cluster…',
      'capillaryRewards.refresh': 'Refresh',
      'capillaryRewards.copyId': 'Copy Group ID',
      'capillaryRewards.showLog': 'Show Log',
      'capillaryRewards.findGroup': 'Find Group by ID…',
      'capillaryRewards.openJson': 'Open as JSON',
      'capillaryRewards.editGroup': 'Edit Group…',
      'capillaryRewards.deactivateGroup': 'Deactivate Group',
      'capillaryRewards.activateGroup': 'Activate Group',
      'capillaryRewards.addConnection': 'Add Connection…',
      'capillaryRewards.removeConnection': 'Remove Connection',
      'capillaryRewards.renameConnection': 'Rename Connection…',
      'capillaryRewards.connection.rename': 'Rename Connection…',
      'capillaryRewards.switchConnection': 'Switch Connection…',
      'capillaryRewards.exportGroups': 'Export Groups to File…',
      'capillaryRewards.planGroups': 'Plan Groups File…',
      'capillaryRewards.applyGroups': 'Apply Groups File…',
      'capillaryRewards.copyCiCommand': 'Copy CI Command',
      'capillaryRewards.compareConnections': 'Compare Groups Between Connections…',
      'capillaryRewards.diagnoseConnection': 'Diagnose Connection…',
      'capillaryRewards.connection.diagnose': 'Diagnose Connection…',
    };
    for (const [id, title] of Object.entries(contract)) assert.equal(titles[id], title, id);
    assert.deepEqual(
      contributes.commands.filter((c) => c.category !== 'Capillary Rewards').map((c) => c.command),
      [],
      'commands outside the category',
    );
  });

  it('hides item-only commands from the palette and only references known commands in menus', () => {
    const known = new Set(contributes.commands.map((c) => c.command));
    const hidden = contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command);
    // A connection row's own commands (capillaryRewards.connection.*) act on that row: not in the palette either.
    const rowCommands = contributes.commands
      .map((c) => c.command)
      .filter((id) => id.startsWith('capillaryRewards.connection.'));
    assert.equal(rowCommands.length, 16);
    assert.deepEqual(
      hidden.sort(),
      [
        'capillaryRewards.activateGroup',
        'capillaryRewards.applyShownPlan',
        'capillaryRewards.compareShownAgain',
        'capillaryRewards.copyId',
        'capillaryRewards.copyJson',
        'capillaryRewards.deactivateGroup',
        'capillaryRewards.editGroup',
        'capillaryRewards.loadGroupRewards',
        'capillaryRewards.loadMore',
        'capillaryRewards.moveGroupDown',
        'capillaryRewards.moveGroupToPosition',
        'capillaryRewards.moveGroupToTop',
        'capillaryRewards.moveGroupUp',
        'capillaryRewards.openJson',
        'capillaryRewards.planShownAgain',
        'capillaryRewards.showGroupRewards',
        ...rowCommands,
      ].sort(),
    );
    // A connection row's menu uses only those: the palette's commands act on the active connection.
    const onConnectionRows = contributes.menus['view/item/context'].filter((m) =>
      (m.when ?? '').includes('capillaryRewards\\.connection'),
    );
    assert.ok(onConnectionRows.length > 0);
    assert.deepEqual(
      onConnectionRows.filter((m) => !m.command.startsWith('capillaryRewards.connection.')),
      [],
    );
    for (const entries of Object.values(contributes.menus)) {
      for (const entry of entries) assert.ok(known.has(entry.command), entry.command);
    }
    const inline = contributes.menus['view/item/context'].find((m) => m.group === 'inline');
    assert.equal(inline!.command, 'capillaryRewards.copyId');
  });

  it('contributes the capillaryRewards container with the Groups view and its welcome states', () => {
    assert.equal(contributes.viewsContainers.activitybar[0]!.id, 'capillaryRewards');
    assert.ok(fs.existsSync(path.join(root, contributes.viewsContainers.activitybar[0]!.icon)));
    assert.deepEqual(
      contributes.views.capillaryRewards.map((v) => [v.id, v.name]),
      [['capillaryRewards.groups', 'Groups']],
    );
    const welcome = contributes.viewsWelcome.map((w) => [w.when, w.contents.match(/command:([\w.]+)/)![1]]);
    assert.deepEqual(welcome, [
      ['!capillaryRewards.hostConfigured && !capillaryRewards.hostInvalid', 'capillaryRewards.selectCluster'],
      ['capillaryRewards.hostInvalid', 'capillaryRewards.selectCluster'],
      ['capillaryRewards.hostConfigured && !capillaryRewards.signedIn', 'capillaryRewards.signIn'],
      [
        'capillaryRewards.hostConfigured && capillaryRewards.signedIn && !capillaryRewards.filtered && !capillaryRewards.activeOnly',
        'capillaryRewards.createGroup',
      ],
      [
        'capillaryRewards.hostConfigured && capillaryRewards.signedIn && !capillaryRewards.filtered && capillaryRewards.activeOnly',
        'capillaryRewards.showAllGroups',
      ],
      [
        'capillaryRewards.hostConfigured && capillaryRewards.signedIn && capillaryRewards.filtered',
        'capillaryRewards.clearFilter',
      ],
    ]);
  });

  it('registers every contributed command, and every context key used in `when` is one the extension sets', () => {
    // The command table is what the extension registers; building it runs no command.
    const registered = new Set(Object.keys(commandTable({} as CommandDeps, {} as CommandArguments)));
    for (const { command } of contributes.commands) assert.ok(registered.has(command), `${command} is not registered`);
    for (const id of registered) {
      assert.ok(
        contributes.commands.some(({ command }) => command === id),
        `${id} is registered but not contributed`,
      );
    }
    // The Groups view sets the context keys.
    const view = ['src/views/groupsView.ts', 'src/vscode/planTabs.ts']
      .map((file) => fs.readFileSync(path.join(root, file), 'utf8'))
      .join('\n');
    const setKeys = new Set([...view.matchAll(/'(capillaryRewards\.\w+)'/g)].map((m) => m[1]));
    const clauses = [...Object.values(contributes.menus).flat(), ...contributes.viewsWelcome].map(
      (entry) => entry.when ?? '',
    );
    // Context keys only: not the view id (`view == …`) nor row kinds (`viewItem == …`).
    const keysIn = (when: string) =>
      [...when.replace(/\b(view|viewItem)\s*(==|=~)\s*\S+/g, '').matchAll(/capillaryRewards\.\w+/g)].map((m) => m[0]);
    for (const key of new Set(clauses.flatMap(keysIn))) {
      assert.ok(setKeys.has(key), `${key} is used in a when clause but never set`);
    }
  });

  it('takes every user-facing text from package.nls.json, and package.nls.json holds nothing unused', () => {
    const used = [...rawManifest.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]!);
    for (const key of used) assert.ok(key in nls, `%${key}% has no text in package.nls.json`);
    assert.deepEqual(Object.keys(nls).sort(), [...new Set(used)].sort());
    const raw = JSON.parse(rawManifest) as Manifest;
    const texts = [
      raw.displayName,
      raw.description,
      ...raw.contributes.commands.flatMap((c) => [c.title, c.category]),
      ...raw.contributes.viewsWelcome.map((w) => w.contents),
    ];
    for (const text of texts) assert.match(text, /^%[\w.]+%$/, `'${text}' is not localised`);
  });

  it('has a walkthrough: select cluster → sign in → create group, each with its command and media', () => {
    const walkthrough = contributes.walkthroughs[0]!;
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['selectCluster', 'signIn', 'createGroup'],
    );
    for (const step of walkthrough.steps) {
      assert.match(step.description, new RegExp(`\\(command:capillaryRewards\\.${step.id}\\)`));
      assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
    }
    // Each step is done when the context key of what it asks for is set.
    assert.deepEqual(
      walkthrough.steps.map((s) => s.completionEvents),
      [
        ['onContext:capillaryRewards.hostConfigured'],
        ['onContext:capillaryRewards.signedIn'],
        ['onContext:capillaryRewards.groupCreated'],
      ],
    );
    // The view also marks each step done by the id VS Code gives it: <publisher>.<name>#<walkthrough>#<step>.
    const view = ['src/views/groupsView.ts', 'src/vscode/planTabs.ts']
      .map((file) => fs.readFileSync(path.join(root, file), 'utf8'))
      .join('\n');
    assert.equal(
      view.match(/const WALKTHROUGH = '([^']+)'/)?.[1],
      `${manifest.publisher}.${manifest.name}#${walkthrough.id}`,
    );
    const marked = [...view.matchAll(/completeStep\('(\w+)'\)/g)].map((m) => m[1]);
    assert.deepEqual(marked.sort(), walkthrough.steps.map((s) => s.id).sort());
  });

  it('ships a 128×128 PNG icon and the Marketplace fields', () => {
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(manifest.categories.length > 0 && manifest.keywords.length >= 5);
    assert.equal(manifest.license, 'MIT');
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md']) assert.ok(fs.existsSync(path.join(root, file)), file);
  });

  it('documents every setting in the README table with its package.json default', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Settings'));
    const rows = new Map(
      [...section.matchAll(/^\| `(capillaryRewards\.\w+)` \| `([^`]*)` \|/gm)].map((m) => [m[1]!, m[2]!]),
    );
    const properties = contributes.configuration.properties;
    assert.deepEqual([...rows.keys()].sort(), Object.keys(properties).sort());
    for (const [key, property] of Object.entries(properties)) {
      // As settings.json writes it, a string without its quotes.
      const expected = JSON.stringify(property.default).replace(/^"(.+)"$/, '$1');
      assert.equal(
        rows.get(key),
        expected,
        `${key}: README says \`${rows.get(key)}\`, package.json ${JSON.stringify(property.default)}`,
      );
    }
  });

  it('l10n/bundle.l10n.json holds exactly the strings the code localises (npm run l10n writes it)', function () {
    this.timeout(60_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-l10n-'));
    try {
      execFileSync(
        process.execPath,
        [
          path.join(root, 'node_modules/@vscode/l10n-dev/dist/cli.js'),
          'export',
          '--outDir',
          out,
          path.join(root, 'src'),
        ],
        { stdio: 'pipe' },
      );
      const extracted = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      const shipped = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      assert.deepEqual(Object.keys(shipped).sort(), Object.keys(extracted).sort(), 'run npm run l10n');
      assert.ok(Object.keys(extracted).length > 100, `only ${Object.keys(extracted).length} strings are localised`);
      assert.equal(manifest.l10n, './l10n');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('passes no literal text straight to the UI: messages, prompts, picks, progress and tree items go through l10n.t', () => {
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
        );
    const literal =
      /(message\(\s*'(info|error|warning)',\s*[`'"])|((title|prompt|placeholder|label|description|detail|tooltip|placeHolder):\s*[`'"][A-Za-z])|((status|withProgress|confirm|show(Error|Warning|Information)Message)\(\s*[`'"])/;
    const found = files(path.join(root, 'src'))
      .filter((file) => !file.includes(`${path.sep}api${path.sep}`))
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${path.relative(root, file)}:${i + 1}`, line })),
      )
      .filter(({ line }) => literal.test(line) && !line.includes("placeholder: 'https://"));
    assert.deepEqual(
      found.map((f) => `${f.where}: ${f.line.trim()}`),
      [],
    );
  });

  it('restricts host, prefix and auth method in untrusted workspaces', () => {
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      'capillaryRewards.host',
      'capillaryRewards.apiPrefix',
      'capillaryRewards.authMethod',
      'capillaryRewards.connections',
      'capillaryRewards.extraCertificates',
    ]);
  });

  it('takes host, prefix and auth method from the user settings only (application scope), and the rest from any', () => {
    const scopes = Object.fromEntries(
      Object.entries(contributes.configuration.properties).map(([key, setting]) => [key, setting.scope]),
    );
    assert.deepEqual(scopes, {
      'capillaryRewards.host': 'application',
      'capillaryRewards.apiPrefix': 'application',
      'capillaryRewards.authMethod': 'application',
      'capillaryRewards.connections': 'application',
      'capillaryRewards.extraCertificates': 'application',
      'capillaryRewards.requestTimeoutSeconds': undefined,
      'capillaryRewards.pageSize': undefined,
      'capillaryRewards.applyConcurrency': undefined,
    });
    // The adapter reads the same ones from the user value alone, whatever VS Code does with a workspace's.
    assert.deepEqual(
      USER_ONLY.map((key) => `${SETTINGS_SECTION}.${key}`),
      Object.entries(scopes).flatMap(([key, scope]) => (scope === 'application' ? [key] : [])),
    );
  });

  it('runs where the workspace is in a remote window, else beside the window (extensionKind)', () => {
    assert.deepEqual((manifest as { extensionKind?: string[] }).extensionKind, ['workspace', 'ui']);
  });

  it('targets the VS Code version whose API types it compiles against, and bundles to dist/', () => {
    const typesVersion = (
      JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@types/vscode/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    assert.equal(manifest.engines.vscode, `^${typesVersion}`);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('ships in the .vsix every bundle it loads: dist/extension.js, the command flows (the first command) and the HTTP stack (the first request)', () => {
    const shipped = fs
      .readFileSync(path.join(root, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).trim());
    // Built before the unit tests run (test/run.js); node-fetch stays out of the bundle activation evaluates.
    const bundle = fs.readFileSync(path.join(root, 'dist/extension.js'), 'utf8');
    const loaded = [
      ...new Set([...bundle.matchAll(/\brequire\("\.\/([\w.-]+)"\)/g)].map((match) => `dist/${match[1]}`)),
    ];
    assert.deepEqual(loaded.sort(), ['dist/flows.js', 'dist/http.js']);
    for (const file of ['dist/extension.js', ...loaded]) {
      assert.ok(shipped.includes(file), `${file} is not whitelisted in .vscodeignore`);
    }
  });
  it('holds each module once: dist/flows.js takes every module it shares with dist/extension.js from it', () => {
    // The development build (test/run.js builds it first) writes source maps that name every module of a bundle.
    const sources = (bundle: string) =>
      (JSON.parse(fs.readFileSync(path.join(root, `dist/${bundle}.map`), 'utf8')) as { sources: string[] }).sources;
    const extension = new Set(sources('extension.js').filter((source) => !source.includes(':')));
    const flows = sources('flows.js');
    const own = flows.filter((source) => !source.includes(':'));
    const taken = flows.flatMap((source) => (source.startsWith('from-extension:') ? [source.slice(15)] : []));
    assert.deepEqual(
      own.filter((source) => extension.has(source)),
      [],
      'modules in both bundles: two copies of their classes and state',
    );
    // What it takes is there to take, and it is most of the core: the flows are the commands and what only they use.
    for (const key of taken) assert.ok(extension.has(`../${key}`), `${key} is not in dist/extension.js`);
    assert.ok(taken.includes('src/groups/groupService.ts') && taken.includes('node_modules/@vscode/l10n/dist/main.js'));
    assert.ok(own.some((source) => source.endsWith('src/groupsFile/apply.ts')));
    assert.ok(own.every((source) => !source.includes('src/views/')));
  });
});
