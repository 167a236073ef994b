import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

/** The public contract of design.md, checked against package.json. */
const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

describe('package.json contract', () => {
  it('contributes exactly the documented settings with their defaults', () => {
    const properties = contributes.configuration.properties;
    assert.equal(contributes.configuration.title, 'Capillary Rewards');
    assert.deepEqual(Object.keys(properties).sort(), ['capillaryRewards.apiPrefix', 'capillaryRewards.authMethod', 'capillaryRewards.host', 'capillaryRewards.pageSize', 'capillaryRewards.requestTimeoutSeconds']);
    assert.equal(properties['capillaryRewards.pageSize'].default, 50);
    assert.equal(properties['capillaryRewards.host'].default, '');
    assert.equal(properties['capillaryRewards.apiPrefix'].default, '/api_gateway/core/v1');
    assert.deepEqual(properties['capillaryRewards.authMethod'].enum, ['basic', 'oauth']);
    assert.equal(properties['capillaryRewards.authMethod'].default, 'basic');
    assert.equal(properties['capillaryRewards.requestTimeoutSeconds'].default, 30);
  });

  it('contributes the documented commands and titles in the "Capillary Rewards" category', () => {
    const titles = Object.fromEntries(contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
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
    };
    for (const [id, title] of Object.entries(contract)) assert.equal(titles[id], title, id);
    assert.ok(contributes.commands.every((c: { category: string }) => c.category === 'Capillary Rewards'));
  });

  it('hides item-only commands from the palette and only references known commands in menus', () => {
    const known = new Set(contributes.commands.map((c: { command: string }) => c.command));
    const hidden = contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    assert.deepEqual(hidden.sort(), ['capillaryRewards.activateGroup', 'capillaryRewards.copyId', 'capillaryRewards.copyJson', 'capillaryRewards.deactivateGroup', 'capillaryRewards.editGroup', 'capillaryRewards.loadMore', 'capillaryRewards.openJson']);
    for (const entries of Object.values(contributes.menus) as { command: string }[][]) {
      for (const entry of entries) assert.ok(known.has(entry.command), entry.command);
    }
    const inline = contributes.menus['view/item/context'].find((m: { group: string }) => m.group === 'inline');
    assert.equal(inline.command, 'capillaryRewards.copyId');
  });

  it('contributes the capillaryRewards container with the Groups view and its welcome states', () => {
    assert.equal(contributes.viewsContainers.activitybar[0].id, 'capillaryRewards');
    assert.ok(fs.existsSync(path.join(root, contributes.viewsContainers.activitybar[0].icon)));
    assert.deepEqual(contributes.views.capillaryRewards.map((v: { id: string; name: string }) => [v.id, v.name]), [['capillaryRewards.groups', 'Groups']]);
    const welcome = contributes.viewsWelcome.map((w: { when: string; contents: string }) => [w.when, w.contents.match(/command:([\w.]+)/)![1]]);
    assert.deepEqual(welcome, [
      ['!capillaryRewards.hostConfigured', 'capillaryRewards.selectCluster'],
      ['capillaryRewards.hostConfigured && !capillaryRewards.signedIn', 'capillaryRewards.signIn'],
      ['capillaryRewards.hostConfigured && capillaryRewards.signedIn && !capillaryRewards.filtered && !capillaryRewards.activeOnly', 'capillaryRewards.createGroup'],
      ['capillaryRewards.hostConfigured && capillaryRewards.signedIn && !capillaryRewards.filtered && capillaryRewards.activeOnly', 'capillaryRewards.showAllGroups'],
      ['capillaryRewards.hostConfigured && capillaryRewards.signedIn && capillaryRewards.filtered', 'capillaryRewards.clearFilter'],
    ]);
  });

  it('registers every contributed command, and every context key used in `when` is one the extension sets', () => {
    const source = fs.readFileSync(path.join(root, 'src/extension.ts'), 'utf8');
    for (const { command } of contributes.commands as { command: string }[]) assert.ok(source.includes(`register('${command}'`), `${command} is not registered`);
    const setKeys = new Set([...source.matchAll(/'(capillaryRewards\.\w+)'/g)].map((m) => m[1]));
    const clauses = [...Object.values(contributes.menus).flat(), ...contributes.viewsWelcome].map((entry) => (entry as { when?: string }).when ?? '');
    // Context keys only: not the view id (`view == …`) nor row kinds (`viewItem == …`).
    const keysIn = (when: string) => [...when.replace(/\b(view|viewItem)\s*(==|=~)\s*\S+/g, '').matchAll(/capillaryRewards\.\w+/g)].map((m) => m[0]);
    for (const key of new Set(clauses.flatMap(keysIn))) {
      assert.ok(setKeys.has(key), `${key} is used in a when clause but never set`);
    }
  });

  it('restricts host, prefix and auth method in untrusted workspaces', () => {
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['capillaryRewards.host', 'capillaryRewards.apiPrefix', 'capillaryRewards.authMethod']);
  });

  it('targets the VS Code version whose API types it compiles against, and bundles to dist/', () => {
    const typesVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@types/vscode/package.json'), 'utf8')).version;
    assert.equal(manifest.engines.vscode, `^${typesVersion}`);
    assert.equal(manifest.main, './dist/extension.js');
  });
});
