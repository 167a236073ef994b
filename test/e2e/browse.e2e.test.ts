import { strict as assert } from 'assert';
import { Sandbox as SandboxServer } from '../sandbox/server';
import { answer, BASIC, openGroupsView, prompt, rowContextMenu, signIn, treeRow, useScenario, viewMessage } from './support';
import { waitUntil } from './vscode';

/** An org with many groups: pages, filter, find by id, JSON, deactivate, offline. */
describe('UI: browsing an org with 120 groups', function () {
  this.timeout(120_000);
  const scenario = useScenario('browse', (sandbox) => {
    sandbox.seed(120);
    return { userSettings: { 'capillaryRewards.host': sandbox.url, 'capillaryRewards.pageSize': 50 }, viewport: { width: 1400, height: 1000 } };
  });
  const message = (pattern: RegExp) =>
    waitUntil(
      () => viewMessage(scenario.vscode),
      (text) => pattern.test(text),
      { timeoutMs: 20_000, message: `view message ${pattern}` },
    );

  it('opens on the first page with the total, and "Load more…" appends the next', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await signIn(vscode, BASIC.username, BASIC.password);
    await message(/^Showing 50 of 120 groups · newest first$/);
    await treeRow(vscode, /^Seed Group 00120 #/);
    const lists = () => sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/group') && r.query.size === '50');
    assert.deepEqual(
      lists().map((r) => r.query.page),
      ['0'],
    );
    await vscode.screenshot('first-page');
    // Go to the end of the list, where "Load more…" is, and open it.
    // (pressed again while the rows are still being re-rendered after the sign-in)
    await waitUntil(
      async () => {
        await vscode.page.locator('.pane-body .monaco-list').first().focus();
        await vscode.page.keyboard.press('End');
        return vscode.treeRows();
      },
      (rows) => rows.includes('Load more… 50 of 120 loaded'),
      { timeoutMs: 20_000, message: 'the Load more… row at the end' },
    );
    await vscode.page.keyboard.press('Enter');
    await message(/^Showing 100 of 120 groups/);
    assert.deepEqual(
      lists().map((r) => r.query.page),
      ['0', '1'],
    );
    // No polling: an open, idle view sends nothing.
    const before = sandbox.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    assert.equal(sandbox.requests.length, before, 'requests while the view sat idle');
  });

  it('filters by name on the server and says how many match', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.runCommand('Capillary Rewards: Filter by Name…');
    await prompt(vscode, /Part of the name/);
    await answer(vscode, 'Group 0011');
    await message(/^Showing 10 of 10 matching 'Group 0011' · newest first$/);
    const rows = await vscode.treeRows();
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows.map((row) => row.replace(/ #\d+ · .*$/, '')),
      Array.from({ length: 10 }, (_, i) => `Seed Group 0011${9 - i}`),
      'newest first',
    );
    assert.equal(sandbox.requests.at(-1)!.query.name, 'Group 0011');
    await vscode.screenshot('filtered');
    await vscode.runCommand('Capillary Rewards: Clear Filter');
    await message(/^Showing 50 of 120 groups/);
  });

  it('finds a group by id that is not loaded, and reveals it', async () => {
    const { vscode, sandbox } = scenario;
    const oldest = sandbox.groups()[0]!;
    await vscode.runCommand('Capillary Rewards: Find Group by ID…');
    await prompt(vscode, /Group ID/);
    await vscode.typeIntoQuickInput('12x', { clear: true });
    await prompt(vscode, /is not a group ID/);
    await answer(vscode, String(oldest.id));
    const row = await treeRow(vscode, new RegExp(`^${oldest.name} #${oldest.id} `));
    const selected = await vscode.page.locator('.pane-body .monaco-list-row.selected .label-name').first().textContent();
    assert.equal(selected?.trim(), oldest.name, `selected row of ${row}`);
  });

  it('opens a group as read-only JSON', async () => {
    const { vscode, sandbox } = scenario;
    const oldest = sandbox.groups()[0]!;
    await rowContextMenu(vscode, oldest.name, 'Open as JSON');
    const text = await waitUntil(
      () =>
        vscode.page
          .locator('.editor-instance .view-lines')
          .first()
          .innerText()
          .catch(() => ''),
      (t) => t.includes('"id"'),
      { timeoutMs: 15_000, message: 'JSON editor' },
    );
    assert.match(text.replace(/\u00a0/g, ' '), new RegExp(`"id": ${oldest.id},`));
    assert.match(text.replace(/\u00a0/g, ' '), new RegExp(`"name": "${oldest.name}"`));
    const tab = (await vscode.page.locator('.tab.active').first().innerText()).replace(/\s+/g, ' ').replace(' .json', '.json');
    assert.match(tab, new RegExp(`${oldest.id} ${oldest.name}\\.json`));
    await vscode.screenshot('json');
  });

  it('deactivates a group: a PUT keeping its name, and the row looks inactive', async () => {
    const { vscode, sandbox } = scenario;
    const newest = sandbox
      .groups()
      .filter((g) => g.isActive)
      .at(-1)!;
    await rowContextMenu(vscode, newest.name, 'Deactivate Group');
    await treeRow(vscode, new RegExp(`^${newest.name} #${newest.id} · .* · inactive$`));
    const put = sandbox.requests.filter((r) => r.method === 'PUT').at(-1)!;
    assert.deepEqual(JSON.parse(put.body), { name: newest.name, rank: newest.rank, isActive: false });
    assert.equal(sandbox.groups().find((g) => g.id === newest.id)!.isActive, false);
    await vscode.screenshot('deactivated');
  });

  it('shows the cached list with a message and Retry when the host is down, and recovers', async () => {
    const { vscode } = scenario;
    const port = Number(new URL(scenario.sandbox.url).port);
    await scenario.sandbox.close();
    await vscode.runCommand('Capillary Rewards: Refresh');
    const notice = await treeRow(vscode, /^Offline: cached list from /);
    assert.match(notice, /Could not reach 127\.0\.0\.1:\d+ to list the groups/);
    await message(/· cached /);
    assert.ok(
      (await vscode.treeRows()).some((row) => row.startsWith('Seed Group 00120 #')),
      'the cached rows stay',
    );
    await vscode.screenshot('offline');
    scenario.sandbox = await SandboxServer.start({ port });
    scenario.sandbox.seed(3);
    await vscode.page.locator('.pane-body .monaco-list-row', { hasText: 'Offline: cached list' }).first().click();
    await message(/^Showing 3 of 3 groups/);
    assert.ok(!(await vscode.treeRows()).some((row) => row.startsWith('Offline')));
  });
});
