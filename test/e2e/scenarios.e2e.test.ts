import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sandbox } from '../sandbox/server';
import {
  activePickItem,
  BASIC,
  createGroup,
  OAUTH,
  openGroupsView,
  openWalkthrough,
  prompt,
  rowContextMenu,
  selectClusterUrl,
  signIn,
  toast,
  toastShown,
  treeRow,
  useScenario,
  viewMenu,
  viewTitle,
  walkthroughSteps,
  welcome,
  noQuickInput,
} from './support';
import { waitUntil } from './vscode';

describe('UI: first run with OAuth credentials', function () {
  this.timeout(120_000);
  const scenario = useScenario('oauth', () => ({ userSettings: { 'capillaryRewards.authMethod': 'oauth' } }));

  it('selects the cluster, signs in with a client key and secret, creates a group', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await welcome(vscode, /Select the Capillary cluster/);
    await selectClusterUrl(vscode, sandbox.url);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    await signIn(vscode, OAUTH.key, OAUTH.secret, 'oauth');
    await welcome(vscode, /This org has no reward groups yet/);
    await createGroup(vscode, 'VIP Gold', '3');
    await toast(vscode, /Created the group 'VIP Gold'/);
    const [group] = sandbox.groups();
    assert.match(await treeRow(vscode, /^VIP Gold /), new RegExp(`^VIP Gold (rank 3 · )?#${group!.id} · `));
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
  const scenario = useScenario('wrong-password', (sandbox) => ({
    userSettings: { 'capillaryRewards.host': sandbox.url },
  }));

  it('says so clearly, stores nothing, and the view still asks to sign in', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    await signIn(vscode, BASIC.username, 'not-the-password');
    const message = await toast(vscode, /rejected the till username or password/);
    assert.match(
      message,
      /127\.0\.0\.1:\d+ rejected the till username or password \(HTTP 401: Unauthorized\)\. Check them and try again\./,
    );
    await vscode.screenshot('wrong-password');
    assert.match(await vscode.welcomeText(), /not signed in to the cluster named in this view's title/);
    // Nothing was stored: a create asks for credentials again instead of sending a request.
    const before = sandbox.requests.length;
    await vscode.runCommand('Capillary Rewards: Create Group…');
    await prompt(vscode, /Till username/);
    await vscode.page.keyboard.press('Escape');
    assert.equal(sandbox.requests.length, before);
    assert.ok(
      !(await vscode.extensionLog('Capillary Rewards', { all: true })).includes('not-the-password'),
      'the typed password is in the log',
    );
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
    fs.writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'capillaryRewards.host': elsewhere.url }),
    );
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
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    await toast(
      vscode,
      /^This workspace's settings set capillaryRewards\.host to "http:\/\/127\.0\.0\.1:\d+"; it is ignored/,
    );
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
    await editor
      .getByText('Select your cluster', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
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
    await media
      .getByText('Capillary runs several clusters', { exact: false })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await vscode.screenshot('walkthrough');
    await editor.getByRole('button', { name: 'Select Cluster' }).first().click();
    await prompt(vscode, /Enter URL/);
    await vscode.page.keyboard.press('Escape');
  });
});

describe('UI: a trusted workspace whose settings point the host at another sandbox', function () {
  this.timeout(120_000);
  let elsewhere: Sandbox;
  let workspace: string;
  // Registered first, so it runs before the scenario starts VS Code on that folder.
  before(async () => {
    elsewhere = await Sandbox.start();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-workspace-host-'));
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      `{\n  // a cloned repository's settings\n  "capillaryRewards.host": ${JSON.stringify(elsewhere.url)},\n  "capillaryRewards.authMethod": "oauth",\n  "capillaryRewards.connections": [{ "name": "Theirs", "host": ${JSON.stringify(elsewhere.url)} }],\n}\n`,
    );
  });
  after(async () => {
    await elsewhere?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });
  // Trusted (the default of these scenarios): only the user settings choose where credentials go.
  const scenario = useScenario('workspace-host', (sandbox) => ({
    userSettings: { 'capillaryRewards.host': sandbox.url },
    workspaceFolder: workspace,
  }));

  it('shows and signs in to the user-settings host, says the workspace value is ignored, and never calls the workspace host', async () => {
    const { vscode, sandbox } = scenario;
    const userHost = sandbox.url.replace('http://', '');
    await openGroupsView(vscode);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    const notice = await toast(vscode, /This workspace's settings set capillaryRewards\.host to/);
    assert.equal(
      notice,
      `This workspace's settings set capillaryRewards.host to "${elsewhere.url}"; it is ignored: the cluster is chosen in your user settings (Select Cluster…).`,
    );
    await toast(vscode, /This workspace's settings set capillaryRewards\.authMethod to "oauth"; it is ignored/);
    await toast(
      vscode,
      /This workspace's settings set capillaryRewards\.connections; it is ignored: connections are added in your user settings only \(Add Connection…\)\./,
    );
    await vscode.screenshot('workspace-host-ignored');
    // Basic, as the user settings (the default) say, not the workspace's OAuth.
    await signIn(vscode, BASIC.username, BASIC.password);
    await welcome(vscode, /This org has no reward groups yet/);
    assert.match(await viewTitle(vscode), new RegExp(userHost.replace(/\./g, '\\.')));
    await createGroup(vscode, 'Mine Only', '1');
    await toast(vscode, /Created the group 'Mine Only'/);
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['Mine Only'],
    );
    assert.ok(sandbox.requests.length >= 3, 'the user-settings host got the sign-in, the list and the create');
    assert.equal(elsewhere.requests.length + elsewhere.issuedTokens.length, 0, 'the workspace host got nothing');
    assert.ok(
      !(await vscode.treeRows()).some((row) => /^Theirs\b/.test(row)),
      "the workspace's connection is not shown",
    );
  });
});

describe('UI: Enter takes the safe choice, and messages show as toasts once their progress is gone', function () {
  this.timeout(180_000);
  const scenario = useScenario('safe-defaults', (sandbox) => {
    sandbox.addGroup({ name: 'Keep Me', rank: 4 });
    return { userSettings: { 'capillaryRewards.host': sandbox.url } };
  });
  const settingsFile = () => path.join(scenario.vscode.userDataDir, 'User', 'settings.json');
  const puts = () => scenario.sandbox.requests.filter((r) => r.method === 'PUT');
  beforeEach(async () => {
    if (scenario.vscode) await scenario.vscode.runCommand('Notifications: Clear All Notifications');
  });

  it('signs in', async () => {
    const { vscode } = scenario;
    await openGroupsView(vscode);
    await signIn(vscode, BASIC.username, BASIC.password);
    await treeRow(vscode, /^Keep Me /);
  });

  it('Select Cluster opens on the current cluster, listed first as used lately: Enter keeps it', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.runCommand('Capillary Rewards: Select Cluster…');
    await prompt(vscode, /used lately \(current\)/);
    assert.equal(await activePickItem(vscode), sandbox.url.replace('http://', ''));
    assert.equal((await vscode.quickPickItems())[0], sandbox.url.replace('http://', ''));
    await vscode.screenshot('select-cluster-current');
    await vscode.pressEnter();
    await noQuickInput(vscode);
    assert.equal(
      (JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>)['capillaryRewards.host'],
      sandbox.url,
    );
    await treeRow(vscode, /^Keep Me /);
  });

  it('Enter on the rename warning cancels: no name prompt, nothing sent', async () => {
    const { vscode, sandbox } = scenario;
    await rowContextMenu(vscode, 'Keep Me', 'Edit Group…');
    await prompt(vscode, /Rename…/);
    await vscode.pickQuickItem('Rename…');
    await prompt(vscode, /No reward names 'Keep Me' now: renaming it unlinks none\./);
    assert.equal(await activePickItem(vscode), 'Cancel');
    await vscode.screenshot('rename-warning');
    await vscode.pressEnter();
    await noQuickInput(vscode);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await vscode.quickInputText(), '', 'no prompt for a new name');
    assert.equal(puts().length, 0);
    assert.equal(sandbox.groups()[0]!.name, 'Keep Me');
  });

  it('Deactivate asks first, and Enter cancels: nothing sent, the group stays active', async () => {
    const { vscode, sandbox } = scenario;
    await rowContextMenu(vscode, 'Keep Me', 'Deactivate Group');
    await prompt(vscode, /Deactivate 'Keep Me' \(#\d+\) on 127\.0\.0\.1:\d+\?/);
    assert.equal(await activePickItem(vscode), 'Cancel');
    await vscode.pressEnter();
    await noQuickInput(vscode);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(puts().length, 0);
    assert.equal(sandbox.groups()[0]!.isActive, true);
    assert.doesNotMatch(await treeRow(vscode, /^Keep Me /), /inactive/);
  });

  it('Deactivate, confirmed: its message shows as a toast, after its progress notification is gone, and Activate Again undoes it', async () => {
    const { vscode, sandbox } = scenario;
    await rowContextMenu(vscode, 'Keep Me', 'Deactivate Group');
    await prompt(vscode, /Deactivate 'Keep Me'/);
    await vscode.pickQuickItem('Deactivate');
    const toasts = await toastShown(vscode, /^'Keep Me' \(#\d+\) is now inactive\.$/);
    assert.deepEqual(
      toasts.filter((t) => /^Deactivate 'Keep Me' on /.test(t)),
      [],
      'the progress notification is gone once the result shows',
    );
    await treeRow(vscode, /^Keep Me .*#\d+.* · inactive$/);
    assert.equal(sandbox.groups()[0]!.isActive, false);
    await vscode.screenshot('deactivated-toast');
    await vscode.clickNotificationButton('Activate Again');
    await toastShown(vscode, /^'Keep Me' \(#\d+\) is now active\.$/);
    assert.equal(sandbox.groups()[0]!.isActive, true);
    assert.equal(puts().length, 2);
  });

  it('a create: the result replaces the "Creating…" progress notification', async () => {
    const { vscode } = scenario;
    await createGroup(vscode, 'Quick One', '2');
    const toasts = await toastShown(vscode, /^Created the group 'Quick One' with ID \d+/);
    assert.deepEqual(
      toasts.filter((t) => /^Creating the group/.test(t)),
      [],
      'the progress notification is gone once the result shows',
    );
    await vscode.screenshot('created-toast');
  });

  it("Sign Out from the view's menu says so in a toast", async () => {
    const { vscode } = scenario;
    await viewMenu(vscode, 'Sign Out');
    await toastShown(vscode, /^Signed out of 127\.0\.0\.1:\d+\. Its credentials were removed from the OS keychain\.$/);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
  });
});

describe('UI: the walkthrough ticks its steps in the first window', function () {
  this.timeout(180_000);
  const scenario = useScenario('walkthrough-ticks');
  const ticked = (step: string) =>
    waitUntil(
      () => walkthroughSteps(scenario.vscode),
      (steps) => steps[step] === true,
      { timeoutMs: 20_000, message: `the walkthrough step ${step} ticked` },
    );

  it('ticks a cluster selected before it was opened, then the sign-in and the first group as they happen', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await welcome(vscode, /Select the Capillary cluster/);
    await selectClusterUrl(vscode, sandbox.url);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    await openWalkthrough(vscode);
    await ticked('selectCluster');
    assert.deepEqual(await walkthroughSteps(vscode), { selectCluster: true, signIn: false, createGroup: false });
    await signIn(vscode, BASIC.username, BASIC.password);
    await ticked('signIn');
    assert.equal((await walkthroughSteps(vscode)).createGroup, false);
    await createGroup(vscode, 'Walkthrough Gold', '1');
    await ticked('createGroup');
    await vscode.screenshot('walkthrough-ticked');
  });
});
