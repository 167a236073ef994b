import { strict as assert } from 'assert';
import { Sandbox as SandboxServer, type SandboxGroup } from '../sandbox/server';
import {
  answer,
  BASIC,
  createGroup,
  openGroupsView,
  prompt,
  rowContextMenu,
  signIn,
  treeRow,
  useScenario,
  viewMessage,
} from './support';
import { waitUntil, type VSCodeSession } from './vscode';

/** Capillary's documented default order as the sandbox gives it: rank, lowest first; no rank last; ties by id. */
function byRank(groups: readonly SandboxGroup[]): SandboxGroup[] {
  return [...groups].sort(
    (a, b) => (a.rank === null ? 1 : 0) - (b.rank === null ? 1 : 0) || (a.rank ?? 0) - (b.rank ?? 0) || a.id - b.id,
  );
}

/** The text of the first editor (a JSON tab), with the non-breaking spaces the editor renders made plain. */
function editorText(vscode: VSCodeSession, pattern: RegExp): Promise<string> {
  return waitUntil(
    async () =>
      (
        await vscode.page
          .locator('.editor-instance .view-lines')
          .first()
          .innerText()
          .catch(() => '')
      ).replace(/\u00a0/g, ' '),
    (text) => pattern.test(text),
    { timeoutMs: 15_000, message: `an editor showing ${pattern}` },
  );
}

/** An org with many groups: pages, filter, find by id, JSON, deactivate, offline. */
describe('UI: browsing an org with 120 groups', function () {
  this.timeout(120_000);
  const scenario = useScenario('browse', (sandbox) => {
    sandbox.seed(120);
    return {
      userSettings: { 'capillaryRewards.host': sandbox.url, 'capillaryRewards.pageSize': 50 },
      viewport: { width: 1400, height: 1000 },
    };
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
    await message(/^Showing 50 of 120 groups · by rank, lowest first$/);
    const [first] = byRank(sandbox.groups());
    await treeRow(vscode, new RegExp(`^${first!.name} rank ${first!.rank} · #${first!.id} · `));
    assert.deepEqual(sandbox.requests.at(-1)!.query, { page: '0', size: '50', sortOn: 'RANK', orderBy: 'ASC' });
    const lists = () =>
      sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/group') && r.query.size === '50');
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
    await message(/^Showing 10 of 10 matching 'Group 0011' · by rank, lowest first$/);
    const rows = await vscode.treeRows();
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows.map((row) => row.replace(/ rank .*$/, '')),
      byRank(sandbox.groups().filter((g) => g.name.includes('Group 0011'))).map((g) => g.name),
      'by rank, lowest first',
    );
    assert.equal(sandbox.requests.at(-1)!.query.name, 'Group 0011');
    await vscode.screenshot('filtered');
    await vscode.runCommand('Capillary Rewards: Clear Filter');
    await message(/^Showing 50 of 120 groups/);
  });

  /** The last active group in the list's order: not on the first page. */
  const farthest = () => byRank(scenario.sandbox.groups().filter((g) => g.isActive)).at(-1)!;

  it('finds a group by id that is not loaded, and reveals it where the sort puts it', async () => {
    const { vscode } = scenario;
    const found = farthest();
    await vscode.runCommand('Capillary Rewards: Find Group by ID…');
    await prompt(vscode, /Group ID/);
    await vscode.typeIntoQuickInput('12x', { clear: true });
    await prompt(vscode, /is not a group ID/);
    await answer(vscode, String(found.id));
    const row = await treeRow(vscode, new RegExp(`^${found.name} rank none · #${found.id} `));
    const selected = await vscode.page
      .locator('.pane-body .monaco-list-row.selected .label-name')
      .first()
      .textContent();
    assert.equal(selected?.trim(), found.name, `selected row of ${row}`);
    await message(/^Showing 51 of 120 groups · by rank, lowest first$/);
    const rows = await vscode.treeRows();
    assert.ok(
      rows.slice(rows.indexOf(row) + 1).every((r) => r.startsWith('Load more…')),
      `after the loaded groups, before Load more…: ${rows.join(' | ')}`,
    );
  });

  it('opens a group as read-only JSON', async () => {
    const { vscode } = scenario;
    const found = farthest();
    await rowContextMenu(vscode, found.name, 'Open as JSON');
    const text = await editorText(vscode, /"id"/);
    assert.match(text, new RegExp(`"id": ${found.id},`));
    assert.match(text, new RegExp(`"name": "${found.name}"`));
    const tab = (await vscode.page.locator('.tab.active').first().innerText())
      .replace(/\s+/g, ' ')
      .replace(' .json', '.json');
    assert.match(tab, new RegExp(`${found.id} ${found.name}\\.json`));
    await vscode.screenshot('json');
  });

  it('deactivates a group: a PUT keeping its name, the row looks inactive, and its open JSON tab says so', async () => {
    const { vscode, sandbox } = scenario;
    const found = farthest();
    await editorText(vscode, /"isActive": true/);
    await rowContextMenu(vscode, found.name, 'Deactivate Group');
    // It asks first (the workbench shows the question as a quick pick, Cancel first).
    await prompt(vscode, new RegExp(`Deactivate '${found.name}' \\(#${found.id}\\)`));
    await vscode.pickQuickItem('Deactivate');
    await treeRow(vscode, new RegExp(`^${found.name} rank none · #${found.id} · .* · inactive$`));
    const put = sandbox.requests.filter((r) => r.method === 'PUT').at(-1)!;
    assert.deepEqual(JSON.parse(put.body), { name: found.name, rank: found.rank, isActive: false });
    assert.equal(sandbox.groups().find((g) => g.id === found.id)!.isActive, false);
    const text = await editorText(vscode, /"isActive": false/);
    assert.match(text, new RegExp(`"id": ${found.id},`));
    await vscode.screenshot('deactivated');
  });

  it('shows the cached list with a message and Retry when the host is down, and recovers', async () => {
    const { vscode } = scenario;
    const port = Number(new URL(scenario.sandbox.url).port);
    await scenario.sandbox.close();
    await vscode.runCommand('Capillary Rewards: Refresh');
    // The notice stands above the rows: go to the top of the list (the last test left it at the bottom).
    const rows = await waitUntil(
      async () => {
        await vscode.page.locator('.pane-body .monaco-list').first().focus();
        await vscode.page.keyboard.press('Home');
        return vscode.treeRows();
      },
      (all) => all.some((row) => /^Offline: cached list from /.test(row)),
      { timeoutMs: 20_000, message: 'the offline notice at the top' },
    );
    const notice = rows.find((row) => /^Offline: cached list from /.test(row))!;
    assert.match(notice, /Could not reach 127\.0\.0\.1:\d+ to list the groups/);
    await message(/· cached /);
    assert.ok(
      (await vscode.treeRows()).some((row) => /^Seed Group \d+ rank /.test(row)),
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

/** An org ranked 0 to 9, listed by rank, lowest first: where groups created or edited here go. */
describe('UI: groups created and edited here, in an org listed by rank', function () {
  this.timeout(120_000);
  const scenario = useScenario('rank-order', (sandbox) => {
    for (let rank = 0; rank <= 9; rank++) sandbox.addGroup({ name: `Rank ${rank}`, rank });
    return { userSettings: { 'capillaryRewards.host': sandbox.url }, viewport: { width: 1400, height: 1000 } };
  });
  const message = (pattern: RegExp) =>
    waitUntil(
      () => viewMessage(scenario.vscode),
      (text) => pattern.test(text),
      { timeoutMs: 20_000, message: `view message ${pattern}` },
    );
  /** The group rows' labels, top to bottom, once they are in this order. */
  const labels = (expected: string[]) =>
    waitUntil(
      async () => (await scenario.vscode.treeRows()).map((row) => row.replace(/ rank .*$/, '')),
      (rows) => rows.join('|') === expected.join('|'),
      { timeoutMs: 15_000, message: `rows ${expected.join(', ')}` },
    );

  it('shows a new rank-5 group between ranks 4 and 6, counted in "Showing 11 of 11 groups"', async () => {
    const { vscode } = scenario;
    await openGroupsView(vscode);
    await signIn(vscode, BASIC.username, BASIC.password);
    await message(/^Showing 10 of 10 groups · by rank, lowest first$/);
    await createGroup(vscode, 'Fresh Five', '5');
    await treeRow(vscode, /^Fresh Five rank 5 · #\d+ · .* · new$/);
    const rows = await labels([
      'Rank 0',
      'Rank 1',
      'Rank 2',
      'Rank 3',
      'Rank 4',
      'Rank 5',
      'Fresh Five',
      'Rank 6',
      'Rank 7',
      'Rank 8',
      'Rank 9',
    ]);
    assert.ok(
      rows.indexOf('Fresh Five') > rows.indexOf('Rank 4') && rows.indexOf('Fresh Five') < rows.indexOf('Rank 6'),
    );
    await message(/^Showing 11 of 11 groups · by rank, lowest first$/);
    await vscode.screenshot('created-in-rank-order');
  });

  it('moves a row whose rank changed, and its open JSON tab shows the new rank', async () => {
    const { vscode, sandbox } = scenario;
    const two = sandbox.groups().find((g) => g.name === 'Rank 2')!;
    await rowContextMenu(vscode, 'Rank 2', 'Open as JSON');
    await editorText(vscode, /"rank": 2,/);
    await rowContextMenu(vscode, 'Rank 2', 'Edit Group…');
    await prompt(vscode, /Change Rank…/);
    await vscode.pickQuickItem('Change Rank…');
    await prompt(vscode, /New rank/);
    await answer(vscode, '8');
    await labels([
      'Rank 0',
      'Rank 1',
      'Rank 3',
      'Rank 4',
      'Rank 5',
      'Fresh Five',
      'Rank 6',
      'Rank 7',
      'Rank 2',
      'Rank 8',
      'Rank 9',
    ]);
    await treeRow(vscode, new RegExp(`^Rank 2 rank 8 · #${two.id} · `));
    const text = await editorText(vscode, /"rank": 8,/);
    assert.match(text, new RegExp(`"id": ${two.id},`));
    const tab = (await vscode.page.locator('.tab.active').first().innerText())
      .replace(/\s+/g, ' ')
      .replace(' .json', '.json');
    assert.match(tab, new RegExp(`${two.id} Rank 2\\.json`));
    await message(/^Showing 11 of 11 groups · by rank, lowest first$/);
  });
});
