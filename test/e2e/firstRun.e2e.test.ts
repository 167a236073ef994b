import { strict as assert } from 'assert';
import * as path from 'path';
import { DEMO_CREDENTIALS, Sandbox } from '../sandbox/server';
import { launchVSCode, waitUntil, type VSCodeSession } from './vscode';

/**
 * A new user in a real VS Code (code-server): select the sandbox cluster, sign in, create a
 * group, see it in the tree, reload, and still see it. Needs `npm run package` first.
 */
const root = path.resolve(__dirname, '../../..');
const VSIX = path.join(root, 'dist', 'capillary-rewards-groups.vsix');
const VIEW = 'Groups';

describe('first run in a real VS Code', function () {
  this.timeout(180_000);
  let sandbox: Sandbox;
  let vscode: VSCodeSession;

  before(async () => {
    sandbox = await Sandbox.start();
    vscode = await launchVSCode({ vsixPath: VSIX, name: 'first-run' });
  });

  after(async () => {
    await vscode?.close();
    await sandbox?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await vscode.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
      console.log(await vscode.extensionLog('Capillary Rewards'));
    }
  });

  const prompt = (pattern: RegExp) => waitUntil(() => vscode.quickInputText(), (text) => pattern.test(text), { timeoutMs: 15_000, message: `prompt ${pattern}` });
  const welcome = (pattern: RegExp) => waitUntil(() => vscode.welcomeText(), (text) => pattern.test(text), { timeoutMs: 20_000, message: `welcome ${pattern}` });

  it('shows the "select a cluster" welcome first', async () => {
    await vscode.openView(VIEW);
    await welcome(/Select the Capillary cluster/);
    await vscode.screenshot('welcome-select-cluster');
  });

  it('selects the sandbox URL, then the view asks to sign in', async () => {
    await vscode.runCommand('Capillary Rewards: Select Cluster…');
    await prompt(/Enter URL/);
    await vscode.pickQuickItem('Enter URL…');
    await prompt(/Cluster URL/);
    await vscode.typeIntoQuickInput('http://example.com', { clear: true });
    await prompt(/Use https:\/\//);
    await vscode.typeIntoQuickInput(sandbox.url, { clear: true });
    await vscode.pressEnter();
    await welcome(/Sign in to the selected cluster/);
    await vscode.screenshot('welcome-sign-in');
  });

  it('signs in with Basic credentials', async () => {
    await vscode.runCommand('Capillary Rewards: Sign In…');
    await prompt(/Till username/);
    await vscode.typeIntoQuickInput(DEMO_CREDENTIALS.basic.username);
    await vscode.pressEnter();
    await prompt(/Password of the till/);
    await vscode.typeIntoQuickInput(DEMO_CREDENTIALS.basic.password);
    await vscode.pressEnter();
    await welcome(/No groups created from this editor/);
    await vscode.screenshot('welcome-create-group');
  });

  it('creates "VIP Gold" with rank 3 and shows it in the tree with its id and time', async () => {
    await vscode.runCommand('Capillary Rewards: Create Group…');
    await prompt(/Name of the new reward group/);
    await vscode.typeIntoQuickInput('VIP Gold');
    await vscode.pressEnter();
    await prompt(/Rank of 'VIP Gold'/);
    await vscode.typeIntoQuickInput('abc');
    await prompt(/'abc' is not a number/);
    await vscode.screenshot('rank-validation');
    await vscode.typeIntoQuickInput('3', { clear: true });
    await vscode.pressEnter();

    const toast = await waitUntil(() => vscode.notifications(), (texts) => texts.some((t) => t.includes('Created the group')), { timeoutMs: 20_000, message: 'success toast' });
    const [group] = sandbox.groups();
    assert.ok(group, 'the sandbox stored the group');
    assert.equal(group.name, 'VIP Gold');
    assert.equal(group.rank, 3);
    assert.ok(toast.some((t) => t.includes(`ID ${group.id}`)), toast.join(' | '));
    const rows = await waitUntil(() => vscode.treeRows(), (r) => r.some((row) => row.startsWith('VIP Gold')), { timeoutMs: 15_000, message: 'tree row' });
    const row = rows.find((r) => r.startsWith('VIP Gold'))!;
    assert.match(row, new RegExp(`^VIP Gold #${group.id} · .*\\d`));
    await vscode.screenshot('tree-with-group');
  });

  it('expands the row into every field of the group', async () => {
    await vscode.page.locator('.pane-body .monaco-list-row', { hasText: 'VIP Gold' }).first().click();
    await vscode.page.keyboard.press('ArrowRight');
    const rows = await waitUntil(() => vscode.treeRows(), (r) => r.some((row) => row.startsWith('createdOn ')), { timeoutMs: 10_000, message: 'field rows' });
    const [group] = sandbox.groups();
    for (const field of ['id', 'name', 'rank', 'isActive', 'orgId', 'createdBy', 'createdOn', 'lastUpdatedBy', 'lastUpdatedOn']) {
      assert.ok(rows.some((r) => r.startsWith(`${field} `)), `${field} in ${rows.join(' | ')}`);
    }
    assert.ok(rows.includes(`id ${group!.id}`));
    assert.ok(rows.some((r) => r.startsWith('createdOn ') && r.endsWith(group!.createdOnDateTime)));
    await vscode.screenshot('tree-expanded');
    await vscode.page.keyboard.press('ArrowLeft');
  });

  it('names the group when the name is taken, and Retry reopens the prompt with the name filled', async () => {
    await vscode.runCommand('Capillary Rewards: Create Group…');
    await prompt(/Name of the new reward group/);
    await vscode.typeIntoQuickInput('vip gold', { clear: true });
    await vscode.pressEnter();
    await prompt(/Rank of 'vip gold'/);
    await vscode.typeIntoQuickInput('', { clear: true });
    await vscode.pressEnter();
    await waitUntil(() => vscode.notifications(), (texts) => texts.some((t) => t.includes("A group named 'vip gold' already exists")), { timeoutMs: 20_000, message: 'duplicate toast' });
    await vscode.screenshot('duplicate-name');
    await vscode.clickNotificationButton('Retry');
    await prompt(/Name of the new reward group/);
    const value = await vscode.page.locator('.quick-input-widget .quick-input-box input').inputValue();
    assert.equal(value, 'vip gold');
    await vscode.page.keyboard.press('Escape');
    assert.equal(sandbox.groups().length, 1);
  });

  it('still shows the group after a window reload', async () => {
    await vscode.reloadWindow();
    await vscode.openView(VIEW);
    const rows = await waitUntil(() => vscode.treeRows(), (r) => r.some((row) => row.startsWith('VIP Gold #')), { timeoutMs: 30_000, message: 'tree row after reload' });
    assert.equal(rows.filter((r) => r.startsWith('VIP Gold #')).length, 1);
    await vscode.screenshot('tree-after-reload');
  });

  it('wrote one log line per request and no secret', async () => {
    const log = await vscode.extensionLog('Capillary Rewards', { all: true });
    assert.match(log, /POST http:\/\/127\.0\.0\.1:\d+\/api_gateway\/core\/v1\/group\/create → 200 in \d+ ms \[X-Cap-Requestid /);
    for (const secret of [DEMO_CREDENTIALS.basic.password, sandbox.requests[0]!.headers['authorization']!]) {
      assert.ok(!log.includes(secret), 'a secret is in the log');
    }
  });
});
