import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { md5Hex } from '../../src/api/auth';
import type { TestApi } from '../../src/views/testApi';
import type { ConnectionNode, GroupNode } from '../../src/views/groupsTree';
import { COLLAPSED_CONNECTIONS_KEY } from '../../src/connections/connectionViewState';
import { DEMO_CREDENTIALS, Sandbox, SECOND_ORG_ID } from '../sandbox/server';

const EXTENSION_ID = 'capillary-rewards-groups.capillary-rewards-groups';
const COMMANDS = [
  'capillaryRewards.createGroup',
  'capillaryRewards.signIn',
  'capillaryRewards.signOut',
  'capillaryRewards.selectCluster',
  'capillaryRewards.refresh',
  'capillaryRewards.copyId',
  'capillaryRewards.showLog',
];

const configuration = () => vscode.workspace.getConfiguration('capillaryRewards');
const setHost = (value: string | undefined) => configuration().update('host', value, vscode.ConfigurationTarget.Global);

/** Resolves when the tree announces a change; fails the test if it does not within 5 s. */
function treeChange(api: TestApi): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('the Groups view did not change within 5 s'));
    }, 5000);
    const subscription = api.tree.onDidChangeTreeData(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

describe('Capillary Rewards Groups in the extension host', () => {
  let api: TestApi;
  let sandbox: Sandbox;

  before(async () => {
    // The extension starts once VS Code has (onStartupFinished), so that the status bar names the
    // active connection from the start; a cluster configured then must not make it read the
    // keychain or list groups while the view is not shown: the next test checks both.
    sandbox = await Sandbox.start();
    await setHost(sandbox.url);
    const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const exported = await extension.activate();
    assert.ok(exported, 'activate() exports the test API under tests');
    api = exported;
  });

  after(async () => {
    await setHost(undefined);
    await sandbox?.close();
  });

  it('reads no secret and sends nothing at start-up, while the view is not shown', async () => {
    // activate() registers and returns; SecretStorage and the network wait for the view or a command.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(api.secretReads(), 0, 'SecretStorage was read at start-up');
    assert.equal(sandbox.requests.length, 0);
    assert.equal(api.list.get(sandbox.url), undefined, 'no list was read');
    // The same check can fail: asking for the sign-in state reads the keychain.
    await api.connections.active().session.readiness();
    assert.equal(api.secretReads(), 1);
    await setHost(undefined);
  });

  it('registers every command of the public contract and every command the manifest contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (
      vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands.map((c) => c.command);
    for (const command of [...COMMANDS, ...contributed]) {
      assert.ok(registered.has(command), `${command} is not registered`);
    }
  });

  it('reads the documented setting defaults', () => {
    assert.equal(configuration().get('host'), '');
    assert.equal(configuration().get('apiPrefix'), '/api_gateway/core/v1');
    assert.equal(configuration().get('authMethod'), 'basic');
    assert.equal(configuration().get('requestTimeoutSeconds'), 30);
  });

  it('opens the Groups view, empty while no cluster is selected', async () => {
    await vscode.commands.executeCommand('capillaryRewards.groups.focus');
    assert.deepEqual(await api.tree.getChildren(), []);
    assert.equal((await api.connections.active().session.readiness()).state, 'no-host');
  });

  it('reacts to the host setting: signed out on a new cluster, then its groups once signed in', async () => {
    const changed = treeChange(api);
    await setHost(`${sandbox.url}/`);
    await changed;
    const readiness = await api.connections.active().session.readiness();
    assert.equal(readiness.state, 'signed-out');
    assert.equal(
      readiness.state === 'signed-out' && readiness.origin,
      sandbox.url,
      'the trailing slash is normalised away',
    );
    assert.deepEqual(await api.tree.getChildren(), []);

    await api.credentials.save(sandbox.url, {
      method: 'basic',
      username: DEMO_CREDENTIALS.basic.username,
      passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password),
    });
    const created = await api.connections.active().groups.createGroup({ name: 'Host Tree', rank: 7 });
    await api.list.refresh(created.connectionKey);
    const rows = (await api.tree.getChildren()) as GroupNode[];
    assert.equal(rows.length, 1);
    const item = api.tree.getTreeItem(rows[0]!);
    assert.equal(item.label, 'Host Tree');
    assert.match(String(item.description), new RegExp(`^(rank \\S+ · )?#${created.group.id} · `));
    assert.equal(item.contextValue, 'capillaryRewards.group.active');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.match((item.tooltip as vscode.MarkdownString).value, /\*\*Host Tree\*\*/);
  });

  it('expands a group into its Rewards row first, then its fields, each with its parent, with stable ids; the rewards are read only when that row is expanded', async () => {
    const [row] = (await api.tree.getChildren()) as GroupNode[];
    const before = sandbox.requests.length;
    const fields = await api.tree.getChildren(row);
    const items = fields.map((field) => api.tree.getTreeItem(field));
    assert.deepEqual(
      items.map((i) => i.label),
      [
        'Rewards',
        'id',
        'name',
        'rank',
        'isActive',
        'orgId',
        'createdBy',
        'createdOn',
        'lastUpdatedBy',
        'lastUpdatedOn',
      ],
    );
    assert.equal(sandbox.requests.length, before, 'nothing read to show the Rewards row');
    const rewards = await api.tree.getChildren(fields[0]);
    assert.deepEqual(
      rewards.map((node) => api.tree.getTreeItem(node).label),
      [`No reward names '${row!.group.name}'.`],
    );
    assert.deepEqual(
      sandbox.requests.slice(before).map((r) => r.path.replace(/\/\d+$/, '/{id}')),
      [
        '/api_gateway/rewards/core/v1/brand/getAll',
        '/api_gateway/rewards/core/v1/reward/list/brand/{id}',
        '/api_gateway/rewards/core/v1/reward/list/brand/{id}',
      ],
    );
    assert.equal(api.tree.getTreeItem(fields[0]!).label, 'Rewards (0)');
    assert.equal(items.find((i) => i.label === 'rank')!.description, '7');
    assert.ok(fields.every((field) => api.tree.getParent(field) === row));
    const [again] = (await api.tree.getChildren()) as GroupNode[];
    assert.equal(again, row, 'the same node object, so reveal() finds it');
    assert.equal(api.tree.getTreeItem(again!).id, api.tree.getTreeItem(row!).id);
  });

  it('sorted by rank, the rank leads each row; a changed page size is read again at once', async () => {
    await api.list.setOptions(sandbox.url, { sortBy: 'rank', direction: 'ASC' });
    const [row] = (await api.tree.getChildren()) as GroupNode[];
    assert.match(String(api.tree.getTreeItem(row!).description), new RegExp(`^rank 7 · #${row!.group.id} · `));
    await api.list.setOptions(sandbox.url, { sortBy: 'lastUpdated', direction: 'DESC' });
    assert.match(String(api.tree.getTreeItem(row!).description), new RegExp(`^#${row!.group.id} · `));
    const before = sandbox.requests.length;
    await configuration().update('pageSize', 7, vscode.ConfigurationTarget.Global);
    const deadline = Date.now() + 5000;
    while (!sandbox.requests.slice(before).some((r) => r.query.size === '7') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(
      sandbox.requests.slice(before).some((r) => r.query.size === '7'),
      'the list was read again with the new page size',
    );
    await configuration().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows nothing of one cluster under another, and nothing for an unusable host', async () => {
    await setHost('https://eu.api.capillarytech.com');
    assert.deepEqual(await api.tree.getChildren(), []);
    await setHost('http://example.com');
    assert.equal((await api.connections.active().session.readiness()).state, 'invalid-host');
    assert.deepEqual(await api.tree.getChildren(), []);
    await setHost(sandbox.url);
    assert.equal(((await api.tree.getChildren()) as GroupNode[]).length, 1);
  });

  it('Sign Out empties the view and removes the credentials', async () => {
    await vscode.commands.executeCommand('capillaryRewards.signOut');
    assert.equal((await api.connections.active().session.readiness()).state, 'signed-out');
    assert.deepEqual(await api.tree.getChildren(), []);
  });

  it('Refresh, once signed in again, reads the first page once and shows its rows; Show Log runs', async () => {
    await api.credentials.save(sandbox.url, {
      method: 'basic',
      username: DEMO_CREDENTIALS.basic.username,
      passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password),
    });
    const before = sandbox.requests.length;
    // Under tests the command wrapper rethrows, so a failing command rejects here.
    await vscode.commands.executeCommand('capillaryRewards.refresh');
    const lists = sandbox.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path === '/api_gateway/core/v1/group');
    assert.deepEqual(
      lists.map((r) => r.query.page),
      ['0'],
    );
    const rows = await api.tree.getChildren();
    assert.deepEqual(
      rows.map((row) => api.tree.getTreeItem(row).label),
      ['Host Tree'],
    );
    await vscode.commands.executeCommand('capillaryRewards.showLog');
  });

  it('with connections, a root row per connection: each expanded one lists its own org; a collapsed one reads no secret and sends nothing', async () => {
    const { basic, secondOrg } = DEMO_CREDENTIALS;
    sandbox.addGroup({ name: 'UAT Only', rank: 1, org: SECOND_ORG_ID });
    const items = [
      { name: 'Demo', host: sandbox.url },
      { name: 'UAT', host: sandbox.url, production: true },
      { name: 'Later', host: sandbox.url },
      { name: 'Broken', host: sandbox.url, prod: true },
    ];
    await api.credentials.save(`${sandbox.url}|Demo`, {
      method: 'basic',
      username: basic.username,
      passwordMd5: md5Hex(basic.password),
    });
    await api.credentials.save(`${sandbox.url}|UAT`, {
      method: 'basic',
      username: secondOrg.basic.username,
      passwordMd5: md5Hex(secondOrg.basic.password),
    });
    await api.credentials.save(`${sandbox.url}|Later`, {
      method: 'basic',
      username: secondOrg.colleague.username,
      passwordMd5: md5Hex(secondOrg.colleague.password),
    });
    // The active connection's row collapsed: not even the view's title bar reads its credentials.
    await api.globalState.update(COLLAPSED_CONNECTIONS_KEY, ['Demo']);
    const changed = treeChange(api);
    await configuration().update('connections', items, vscode.ConfigurationTarget.Global);
    await changed;
    api.credentials.forget();
    const readsBefore = api.secretKeysRead().length;
    const requestsBefore = sandbox.requests.length;
    // By what the rows say, not instanceof: this suite bundles its own copy of the node classes.
    const roots = (await api.tree.getChildren()) as ConnectionNode[];
    const items_ = roots.map((root) => api.tree.getTreeItem(root));
    assert.deepEqual(
      items_.map((item) => [item.label, item.collapsibleState, item.contextValue]),
      [
        ['Demo', vscode.TreeItemCollapsibleState.Collapsed, 'capillaryRewards.connection.current'],
        ['UAT', vscode.TreeItemCollapsibleState.Expanded, 'capillaryRewards.connection'],
        ['Later', vscode.TreeItemCollapsibleState.Expanded, 'capillaryRewards.connection'],
        ['Broken', vscode.TreeItemCollapsibleState.Expanded, 'capillaryRewards.connection.invalid'],
      ],
    );
    assert.match(String(items_[1]!.description), /^PRODUCTION · /);
    // VS Code asks for the children of the expanded roots only.
    const expanded = roots.filter((_, i) => items_[i]!.collapsibleState === vscode.TreeItemCollapsibleState.Expanded);
    const children = await Promise.all(expanded.map((root) => api.tree.getChildren(root)));
    // UAT and Later: two tills of the second org, each listing it.
    for (const rows of children.slice(0, 2)) {
      assert.deepEqual(
        rows.map((row) => api.tree.getTreeItem(row).label),
        ['UAT Only'],
      );
    }
    assert.equal(api.tree.getTreeItem(children[2]![0]!).contextValue, 'capillaryRewards.hint');
    assert.match(
      api.tree.getTreeItem(children[2]![0]!).label as string,
      /^Not usable: It has settings this version does not know: "prod"/,
    );
    const read = api.secretKeysRead().slice(readsBefore);
    assert.ok(
      !read.some((key) => key.includes('|Demo|')),
      'the credentials of the collapsed connection must not be read',
    );
    assert.ok(read.some((key) => key.includes('|UAT|')) && read.some((key) => key.includes('|Later|')));
    const listed = sandbox.requests
      .slice(requestsBefore)
      .filter((r) => r.method === 'GET' && r.path === '/api_gateway/core/v1/group');
    assert.deepEqual(
      listed.map((r) => r.orgId),
      [SECOND_ORG_ID, SECOND_ORG_ID],
      'one list request per expanded, usable connection; none for the collapsed one',
    );
    // Its children read, a row's menu offers Sign Out and no Sign In.
    assert.equal(api.tree.getTreeItem(roots[1]!).contextValue, 'capillaryRewards.connection.signedIn');
    // Now the org ids are known, the root rows name them.
    assert.match(String(api.tree.getTreeItem(roots[1]!).description), new RegExp(`org ${SECOND_ORG_ID}`));
    // A hint row's click carries no arguments (VS Code forgets a drawn row's arguments once the row
    // is drawn again), and stays the same command through redraws: a click on an old drawing still works.
    await api.list.setOptions(api.connections.get(roots[1]!.id)!.spec()!.key, { name: 'nothing like this' });
    const hint = async () => api.tree.getTreeItem((await api.tree.getChildren(roots[1]))[0]!);
    const first = await hint();
    assert.match(first.label as string, /^No group matches 'nothing like this'\. Clear Filter$/);
    assert.equal(first.command?.arguments, undefined);
    api.tree.refresh();
    assert.equal((await hint()).command?.command, first.command?.command);
    await vscode.commands.executeCommand(first.command!.command);
    assert.deepEqual(
      (await api.tree.getChildren(roots[1])).map((row) => api.tree.getTreeItem(row).label),
      ['UAT Only'],
      'the old drawing’s click cleared the filter of its own connection',
    );
    await configuration().update('connections', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a groups file: what stops a plan is an error in the Problems view, and its first line has a CodeLens naming the active connection', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'groups-file-')), 'tiers.capillary-groups.json');
    fs.writeFileSync(
      file,
      '{\n  "groups": [\n    { "name": "Gold", "rank": 1 },\n    { "name": "gold", "rank": 1.5 }\n  ]\n}\n',
    );
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    let ours: vscode.Diagnostic[] = [];
    for (let waited = 0; waited < 5000 && ours.length < 2; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Capillary Rewards');
    }
    assert.deepEqual(
      ours
        .map((d) => [d.range.start.line, d.range.start.character, d.severity, d.message])
        .sort((a, b) => Number(a[1]) - Number(b[1])),
      [
        [
          3,
          14,
          vscode.DiagnosticSeverity.Error,
          "'gold' is listed twice (first on line 3); names are unique in an org, whatever their case.",
        ],
        [3, 30, vscode.DiagnosticSeverity.Error, '"rank" must be a whole number such as 7; 1.5 is not.'],
      ],
    );
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const active = api.connections.active();
    const name = active.name() || active.label();
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command]),
      [
        [0, `$(diff) Plan against ${name}`, 'capillaryRewards.planGroups'],
        [0, `$(cloud-upload) Apply to ${name}…`, 'capillaryRewards.applyGroups'],
        [0, `$(plug) ${name}: Switch Connection…`, 'capillaryRewards.switchConnection'],
        [0, '$(terminal) Copy CI Command', 'capillaryRewards.copyCiCommand'],
      ],
    );
    // The lens passes the file and the connection it names, so a switch meanwhile cannot redirect it.
    assert.deepEqual(lenses[0]!.command!.arguments?.map(String), [uri.toString(), active.id]);
    assert.deepEqual(lenses[3]!.command!.arguments?.map(String), [uri.toString(), active.id]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('an unexpected error in a command reaches the caller under tests', async () => {
    const [row] = (await api.tree.getChildren()) as GroupNode[];
    // A row whose group is missing: Copy as JSON cannot read it, a failure no flow reports itself.
    const broken = Object.assign(Object.create(Object.getPrototypeOf(row) as object) as GroupNode, row, {
      group: null,
    });
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('capillaryRewards.copyJson', broken)), /null/);
  });
});
