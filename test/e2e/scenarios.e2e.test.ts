import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sandbox } from '../sandbox/server';
import { BASIC, createGroup, OAUTH, openGroupsView, prompt, selectClusterUrl, signIn, toast, treeRow, useScenario, welcome } from './support';

describe('UI: first run with OAuth credentials', function () {
  this.timeout(120_000);
  const scenario = useScenario('oauth', () => ({ userSettings: { 'capillaryRewards.authMethod': 'oauth' } }));

  it('selects the cluster, signs in with a client key and secret, creates a group', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await welcome(vscode, /Select the Capillary cluster/);
    await selectClusterUrl(vscode, sandbox.url);
    await welcome(vscode, /Sign in to the selected cluster/);
    await signIn(vscode, OAUTH.key, OAUTH.secret, 'oauth');
    await welcome(vscode, /This org has no reward groups yet/);
    await createGroup(vscode, 'VIP Gold', '3');
    await toast(vscode, /Created the group 'VIP Gold'/);
    const [group] = sandbox.groups();
    assert.match(await treeRow(vscode, /^VIP Gold /), new RegExp(`^VIP Gold #${group!.id} · `));
    assert.equal(sandbox.tokensIssued, 1, 'one token for the sign-in check and the create');
    const groupRequests = sandbox.requests.filter((r) => r.path.includes('/group'));
    assert.deepEqual(
      groupRequests.map((r) => [r.headers['x-cap-api-oauth-token'], r.headers['authorization']]),
      groupRequests.map(() => [sandbox.issuedTokens[0], undefined]),
      'every group request carries the one token and no Authorization',
    );
  });
});

describe('UI: a wrong password', function () {
  this.timeout(120_000);
  const scenario = useScenario('wrong-password', (sandbox) => ({ userSettings: { 'capillaryRewards.host': sandbox.url } }));

  it('says so clearly, stores nothing, and the view still asks to sign in', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await welcome(vscode, /Sign in to the selected cluster/);
    await signIn(vscode, BASIC.username, 'not-the-password');
    const message = await toast(vscode, /rejected the till username or password/);
    assert.match(message, /127\.0\.0\.1:\d+ rejected the till username or password \(HTTP 401: Unauthorized\)\. Check them and try again\./);
    await vscode.screenshot('wrong-password');
    assert.match(await vscode.welcomeText(), /Sign in to the selected cluster/);
    // Nothing was stored: a create asks for credentials again instead of sending a request.
    const before = sandbox.requests.length;
    await vscode.runCommand('Capillary Rewards: Create Group…');
    await prompt(vscode, /Till username/);
    await vscode.page.keyboard.press('Escape');
    assert.equal(sandbox.requests.length, before);
    assert.ok(!(await vscode.extensionLog('Capillary Rewards', { all: true })).includes('not-the-password'), 'the typed password is in the log');
  });
});

describe('UI: a workspace that points the host elsewhere, in Restricted Mode', function () {
  this.timeout(120_000);
  let elsewhere: Sandbox;
  let workspace: string;
  // Registered first, so it runs before the scenario starts VS Code on that folder.
  before(async () => {
    elsewhere = await Sandbox.start();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-untrusted-'));
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'capillaryRewards.host': elsewhere.url }));
  });
  after(async () => {
    await elsewhere?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });
  const scenario = useScenario('restricted', (sandbox) => ({
    userSettings: { 'capillaryRewards.host': sandbox.url },
    workspaceFolder: workspace,
    disableWorkspaceTrust: false,
  }));

  it('keeps using the user-settings host: credentials never reach the workspace host', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await welcome(vscode, /Sign in to the selected cluster/);
    await signIn(vscode, BASIC.username, BASIC.password);
    await welcome(vscode, /This org has no reward groups yet/);
    await createGroup(vscode, 'Trusted Only', '1');
    await toast(vscode, /Created the group 'Trusted Only'/);
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['Trusted Only'],
    );
    assert.equal(elsewhere.requests.length, 0, 'the workspace host got nothing');
    await vscode.screenshot('restricted-mode');
  });
});

describe('UI: the get-started walkthrough', function () {
  this.timeout(120_000);
  const scenario = useScenario('walkthrough');

  it('lists select cluster → sign in → create group, and its buttons run the commands', async () => {
    const { vscode } = scenario;
    await vscode.runCommand('Welcome: Open Walkthrough...');
    await prompt(vscode, /Get Started with Capillary Rewards Groups/);
    await vscode.pickQuickItem('Get Started with Capillary Rewards Groups');
    const editor = vscode.page.locator('.gettingStartedContainer');
    await editor.getByText('Select your cluster', { exact: true }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const text = await editor.innerText();
    const order = ['Select your cluster', 'Sign in', 'Create a reward group'].map((title) => text.indexOf(title));
    assert.ok(
      order.every((index) => index >= 0),
      text,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'steps in order',
    );
    // The step's markdown, rendered in a webview beside the steps.
    const media = vscode.page.frameLocator('.getting-started-media iframe.webview').frameLocator('iframe#active-frame');
    await media.getByText('Capillary runs several clusters', { exact: false }).waitFor({ state: 'visible', timeout: 20_000 });
    await vscode.screenshot('walkthrough');
    await editor.getByRole('button', { name: 'Select Cluster' }).first().click();
    await prompt(vscode, /Enter URL/);
    await vscode.page.keyboard.press('Escape');
  });
});
