import { strict as assert } from 'assert';
import {
  answer,
  BASIC,
  createGroup,
  openGroupsView,
  prompt,
  signIn,
  toast,
  treeRow,
  useScenario,
  welcome,
} from './support';

/** A new user in a real VS Code: select the sandbox, sign in with Basic, create, see it, reload. */
describe('UI: first run with Basic credentials', function () {
  this.timeout(120_000);
  const scenario = useScenario('first-run');

  it('shows the "select a cluster" welcome first', async () => {
    await openGroupsView(scenario.vscode);
    await welcome(scenario.vscode, /Select the Capillary cluster/);
    await scenario.vscode.screenshot('welcome-select-cluster');
  });

  it('refuses a plain-http remote URL, takes the sandbox URL, then asks to sign in', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.runCommand('Capillary Rewards: Select Cluster…');
    await prompt(vscode, /Enter URL/);
    await vscode.pickQuickItem('Enter URL…');
    await prompt(vscode, /Cluster URL/);
    await vscode.typeIntoQuickInput('http://example.com', { clear: true });
    await prompt(vscode, /Use https:\/\//);
    await answer(vscode, sandbox.url);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    await vscode.screenshot('welcome-sign-in');
  });

  it('signs in with Basic credentials, checked with one request', async () => {
    const { vscode, sandbox } = scenario;
    await signIn(vscode, BASIC.username, BASIC.password);
    await welcome(vscode, /This org has no reward groups yet/);
    // The check (one group), then the view's first page.
    assert.deepEqual(
      sandbox.requests.map((r) => `${r.method} ${r.path} ${r.query.size}`),
      ['GET /api_gateway/core/v1/group 1', 'GET /api_gateway/core/v1/group 50'],
    );
    await vscode.screenshot('welcome-create-group');
  });

  it('refuses an empty name and the rank "abc" in the input box, sending nothing', async () => {
    const { vscode, sandbox } = scenario;
    const before = sandbox.requests.length;
    await vscode.runCommand('Capillary Rewards: Create Group…');
    await prompt(vscode, /Name of the new reward group/);
    await vscode.typeIntoQuickInput('   ', { clear: true });
    await prompt(vscode, /Enter a group name; it cannot be empty/);
    await vscode.pressEnter(); // refused: the box stays open
    await prompt(vscode, /Enter a group name; it cannot be empty/);
    await answer(vscode, 'VIP Gold');
    await prompt(vscode, /Rank of 'VIP Gold'/);
    await vscode.typeIntoQuickInput('abc', { clear: true });
    await prompt(vscode, /'abc' is not a number/);
    await vscode.pressEnter();
    await prompt(vscode, /'abc' is not a number/);
    await vscode.screenshot('rank-validation');
    assert.equal(sandbox.requests.length, before, 'no request while the input is invalid');
    await vscode.page.keyboard.press('Escape');
  });

  it('creates "VIP Gold" with rank 3: the tree shows it with #id and time, the message the same id', async () => {
    const { vscode, sandbox } = scenario;
    await createGroup(vscode, 'VIP Gold', '3');
    const message = await toast(vscode, /Created the group 'VIP Gold'/);
    const [group] = sandbox.groups();
    assert.ok(group, 'the sandbox stored the group');
    assert.equal(group.name, 'VIP Gold');
    assert.equal(group.rank, 3);
    assert.match(message, new RegExp(`with ID ${group.id} `));
    const row = await treeRow(vscode, /^VIP Gold /);
    assert.match(row, new RegExp(`^VIP Gold (rank 3 · )?#${group.id} · \\w+ \\d+, \\d{4}`));
    await vscode.screenshot('tree-with-group');
  });

  it('expands the row into every field of the group', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.page.locator('.pane-body .monaco-list-row', { hasText: 'VIP Gold' }).first().click();
    await vscode.page.keyboard.press('ArrowRight');
    await treeRow(vscode, /^createdOn /, 10_000);
    const rows = await vscode.treeRows();
    const [group] = sandbox.groups();
    for (const field of [
      'id',
      'name',
      'rank',
      'isActive',
      'orgId',
      'createdBy',
      'createdOn',
      'lastUpdatedBy',
      'lastUpdatedOn',
    ]) {
      assert.ok(
        rows.some((r) => r.startsWith(`${field} `)),
        `${field} in ${rows.join(' | ')}`,
      );
    }
    assert.equal(
      rows.find((r) => r.startsWith('id ')),
      `id ${group!.id}`,
    );
    assert.match(
      rows.find((r) => r.startsWith('createdOn '))!,
      new RegExp(`^createdOn .+ · ${group!.createdOnDateTime}$`),
    );
    await vscode.screenshot('tree-expanded');
    await vscode.page.keyboard.press('ArrowLeft');
  });

  it('refuses a name the list already holds while typing; a name taken elsewhere is named, and Retry reopens the prompt with it', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.runCommand('Capillary Rewards: Create Group…');
    await prompt(vscode, /Name of the new reward group/);
    await vscode.typeIntoQuickInput('vip gold', { clear: true });
    await prompt(
      vscode,
      /A group named 'VIP Gold' already exists \(#\d+\), and names are unique whatever their case: choose another name\./,
    );
    await vscode.page.keyboard.press('Escape');
    // Created by someone else after the list was read: only Capillary knows it (code 12012).
    sandbox.addGroup({ name: 'Gold Elsewhere' });
    await createGroup(vscode, 'gold elsewhere', '');
    await toast(
      vscode,
      /^A group named 'Gold Elsewhere' \(#\d+\) exists on 127\.0\.0\.1:\d+, .* Choose another name\.$/,
    );
    await vscode.screenshot('duplicate-name');
    await vscode.clickNotificationButton('Retry');
    await prompt(vscode, /Name of the new reward group|already exists/);
    assert.equal(
      await vscode.page.locator('.quick-input-widget .quick-input-box input').inputValue(),
      'gold elsewhere',
    );
    await vscode.page.keyboard.press('Escape');
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['VIP Gold', 'Gold Elsewhere'],
    );
  });

  it('still shows the group after a window reload', async () => {
    const { vscode } = scenario;
    await vscode.reloadWindow();
    await openGroupsView(vscode);
    await treeRow(vscode, /^VIP Gold (rank \S+ · )?#/, 30_000);
    assert.equal((await vscode.treeRows()).filter((r) => /^VIP Gold (rank \S+ · )?#/.test(r)).length, 1);
    await vscode.screenshot('tree-after-reload');
  });

  it('wrote one log line per request and no secret', async () => {
    const { vscode, sandbox } = scenario;
    const log = await vscode.extensionLog('Capillary Rewards', { all: true });
    assert.match(
      log,
      /POST http:\/\/127\.0\.0\.1:\d+\/api_gateway\/core\/v1\/group\/create → 200 in \d+ ms \[X-Cap-Requestid /,
    );
    for (const secret of [BASIC.password, sandbox.requests[0]!.headers['authorization']!]) {
      assert.ok(!log.includes(secret), 'a secret is in the log');
    }
  });
});
