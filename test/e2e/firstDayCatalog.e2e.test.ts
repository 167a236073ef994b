import { strict as assert } from 'assert';
import { DEMO_CREDENTIALS, md5Hex, SANDBOX_ORG_ID, SECOND_ORG_ID, type RecordedRequest } from '../sandbox/server';
import {
  answer,
  BASIC,
  clickRowForPrompt,
  openGroupsView,
  prompt,
  quickInputTitle,
  rowAt,
  rowContextMenu,
  rowsWithDepth,
  signIn,
  statusBarText,
  toast,
  useScenario,
  viewMessage,
  viewTitle,
  widenSideBar,
  noQuickInput,
  editUserSettings,
  readUserSettings,
} from './support';
import { escapeRegExp, poll, waitUntil, type VSCodeSession } from './vscode';

const UAT = DEMO_CREDENTIALS.secondOrg.basic;

/**
 * The Groups view's description, as its pane header holds it. Alone in its container the view's
 * header is merged into the side bar's title, which shows the title only: the text is there, not drawn.
 */
async function viewDescription(vscode: VSCodeSession): Promise<string> {
  const texts = await vscode.page.locator('.part.sidebar .pane-header .description').allTextContents();
  return texts.join(' ').replace(/\s+/g, ' ').trim();
}

/** What is typed in the open input box. */
function typedValue(vscode: VSCodeSession): Promise<string> {
  return vscode.page.locator('.quick-input-widget .quick-input-box input').inputValue();
}

/**
 * Types `text` into the open input box (replacing what is there), waits for `message` to replace
 * its prompt, presses Enter and checks that the box stayed open with the text still in it.
 */
async function refused(vscode: VSCodeSession, text: string, message: string): Promise<void> {
  await vscode.typeIntoQuickInput(text, { clear: true });
  await waitUntil(
    () => vscode.quickInputText(),
    (shown) => shown.split('\n').includes(message),
    { message: `the validation message for '${text}'` },
  );
  await vscode.pressEnter();
  // Enter on an invalid value changes nothing: the box, the message and the text stay.
  const closed = await poll(
    async () => ((await vscode.quickInputText()).split('\n').includes(message) ? undefined : true),
    1_000,
  );
  assert.equal(closed, undefined, `the input box stays open with its message after Enter on '${text}'`);
  assert.equal(await typedValue(vscode), text, 'what was typed is kept');
}

/**
 * The rows under the connection row named `name`, up to the next connection row, each without
 * its depth ('' rows when there is no such connection row).
 */
function rowsUnder(rows: string[], name: string): string[] {
  const at = rows.findIndex((row) => row === `1 ${name}` || row.startsWith(`1 ${name} `));
  if (at < 0) return [];
  const end = rows.findIndex((row, i) => i > at && row.startsWith('1 '));
  return rows.slice(at + 1, end < 0 ? undefined : end).map((row) => row.slice(2));
}

/** Signs in to the connection `name` by a click on the sign-in row under it. */
async function signInFromRow(
  vscode: VSCodeSession,
  name: string,
  user: { username: string; password: string },
): Promise<void> {
  await clickRowForPrompt(
    vscode,
    `Sign in to ${name} (Basic)…`,
    new RegExp(`Sign In to ${escapeRegExp(name)} .*Till username`, 's'),
  );
  await answer(vscode, user.username);
  await prompt(vscode, /Password of the till/);
  await answer(vscode, user.password);
}

/** The Basic header a till's requests carry. */
function basicHeader(user: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${user.username}:${md5Hex(user.password)}`, 'utf8').toString('base64')}`;
}

/** How many of `requests` carry `header` (a count, so that a failure does not print the header). */
function carrying(requests: readonly RecordedRequest[], header: string): number {
  return requests.filter((request) => request.headers.authorization === header).length;
}

describe('UI: Move to Top of Catalog and Move to Position in Catalog…, with the section numbers', function () {
  this.timeout(240_000);
  const ids: Record<string, number> = {};
  const scenario = useScenario('catalog-place', (sandbox) => {
    // Ranks with room between them, so that a move takes one change.
    for (const [name, rank] of [
      ['Gold', 10],
      ['Silver', 20],
      ['Bronze', 30],
      ['Copper', 40],
      ['Tin', 50],
    ] as const) {
      ids[name] = sandbox.addGroup({ name, rank }).id;
    }
    // Inactive, so not a section: neither numbered nor moved, though its rank is the lowest.
    ids.Retired = sandbox.addGroup({ name: 'Retired', rank: 5, isActive: false }).id;
    return { userSettings: { 'capillaryRewards.host': sandbox.url } };
  });
  const puts = () => scenario.sandbox.requests.filter((r) => r.method === 'PUT');
  const ranks = () => Object.fromEntries(scenario.sandbox.groups(SANDBOX_ORG_ID).map((g) => [g.name, g.rank]));
  const host = () => escapeRegExp(scenario.sandbox.url.replace('http://', ''));
  /** The group rows as "name section N · rank R #id" (rows that do not read so are kept whole). */
  const sectionRows = async (vscode: VSCodeSession) =>
    (await vscode.treeRows()).map((row) => {
      const match = /^(.+?) (section \d+ · rank -?\d+) · (#\d+) · /.exec(row);
      return match ? `${match[1]} ${match[2]} ${match[3]}` : row;
    });
  const expected = (order: [string, number][]) =>
    order.map(([name, rank], i) => `${name} section ${i + 1} · rank ${rank} #${ids[name]}`);
  const showsSections = (vscode: VSCodeSession, order: [string, number][], message: string) =>
    waitUntil(
      () => sectionRows(vscode),
      (rows) => JSON.stringify(rows) === JSON.stringify(expected(order)),
      { timeoutMs: 20_000, message },
    );
  beforeEach(async () => {
    if (scenario.vscode) await scenario.vscode.runCommand('Notifications: Clear All Notifications');
  });

  it('in catalog order each active group shows its section number, and the view says it is the catalog order', async () => {
    const { vscode } = scenario;
    await openGroupsView(vscode);
    await widenSideBar(vscode, 720);
    await signIn(vscode, BASIC.username, BASIC.password);
    // By rank (the default) the rows carry no section number, and the inactive group shows.
    const byRank = await waitUntil(
      () => vscode.treeRows(),
      (rows) => rows.length === 6 && rows[0]!.startsWith('Retired rank 5 · '),
      { timeoutMs: 20_000, message: 'the six groups by rank' },
    );
    assert.ok(!byRank.some((row) => row.includes('section')), byRank.join('\n'));
    await waitUntil(
      () => viewDescription(vscode),
      (text) => text === `${scenario.sandbox.url.replace('http://', '')} · org ${SANDBOX_ORG_ID} · Basic`,
      { message: "the view's description without the catalog order" },
    );
    await waitUntil(
      () => viewMessage(vscode),
      (message) => message === 'Showing 6 of 6 groups · by rank, lowest first',
      { message: 'the view message naming the rank order' },
    );

    await vscode.runCommand('Capillary Rewards: Sort Groups…');
    await prompt(vscode, /In catalog order \(active groups by rank\)/);
    await vscode.pickQuickItem('In catalog order (active groups by rank)');
    await showsSections(
      vscode,
      [
        ['Gold', 10],
        ['Silver', 20],
        ['Bronze', 30],
        ['Copper', 40],
        ['Tin', 50],
      ],
      'the five sections numbered 1 to 5 in rank order',
    );
    // The view's description and its message above the rows name the order.
    await waitUntil(
      () => viewDescription(vscode),
      (text) =>
        text === `${scenario.sandbox.url.replace('http://', '')} · org ${SANDBOX_ORG_ID} · catalog order · Basic`,
      { message: "the view's description naming the catalog order" },
    );
    assert.match(await viewTitle(vscode), new RegExp(`^Capillary: Groups · ${host()} `));
    await waitUntil(
      () => viewMessage(vscode),
      (message) => message === 'Showing 5 of 5 groups · in catalog order (active groups by rank)',
      { message: 'the view message naming the catalog order' },
    );
    assert.equal(puts().length, 0);
  });

  it('Move to Top of Catalog on the 4th section: a preview of the one rank change, then the server and the rows hold the new order', async () => {
    const { vscode } = scenario;
    await rowContextMenu(vscode, 'Copper', 'Move to Top of Catalog');
    await waitUntil(
      () => quickInputTitle(vscode),
      (title) => new RegExp(`^Move 'Copper' to place 1 of 5 in the catalog of ${host()}\\?$`).test(title),
      { timeoutMs: 20_000, message: 'the Move to Top question' },
    );
    // The fewest changes: the others keep their ranks, Copper goes just below Gold's.
    await waitUntil(
      () => vscode.quickPickItems(),
      (items) => items.map((label) => label.trim()).join('|') === 'Cancel|Change 1 Rank|Copper: 40 → 9',
      { message: 'the preview of the rank change' },
    );
    assert.equal(puts().length, 0, 'nothing sent before the answer');
    await vscode.pickQuickItem('Change 1 Rank');
    await toast(
      vscode,
      new RegExp(`^'Copper' is now at place 1 of 5 in the catalog of ${host()}: 1 rank\\(s\\) changed\\.$`),
    );
    assert.deepEqual(
      puts().map((r) => r.path.replace(/^.*\/group\//, '')),
      [String(ids.Copper)],
      'one PUT, of Copper',
    );
    assert.equal((JSON.parse(puts()[0]!.body) as { rank?: number }).rank, 9);
    assert.deepEqual(ranks(), { Gold: 10, Silver: 20, Bronze: 30, Copper: 9, Tin: 50, Retired: 5 });
    await showsSections(
      vscode,
      [
        ['Copper', 9],
        ['Gold', 10],
        ['Silver', 20],
        ['Bronze', 30],
        ['Tin', 50],
      ],
      'Copper numbered section 1, the others one place down',
    );

    // Again on the top section: nothing to change, said in the status bar, nothing sent.
    await rowContextMenu(vscode, 'Copper', 'Move to Top of Catalog');
    await waitUntil(
      () => statusBarText(vscode),
      (text) => text.includes("'Copper' already shows at place 1 of 5: nothing to change"),
      { message: 'the status bar message' },
    );
    assert.equal(await vscode.quickInputText(), '', 'no question');
    assert.equal(puts().length, 1);
  });

  it('Move to Position in Catalog… refuses 0, "abc" and 6 in the input box, keeping the text, then moves to place 3 with one PUT', async () => {
    const { vscode } = scenario;
    await rowContextMenu(vscode, 'Tin', 'Move to Position in Catalog…');
    // The prompt says where it is now; the place one up is offered as the placeholder.
    await prompt(vscode, /^Move to Position in Catalog\n'Tin' is section 5 of 5\. Move it to which place \(1–5\)\?/);
    assert.equal(await typedValue(vscode), '');
    assert.equal(
      await vscode.page.locator('.quick-input-widget .quick-input-box input').getAttribute('placeholder'),
      '4',
    );
    assert.equal(await quickInputTitle(vscode), 'Move to Position in Catalog');
    const message = 'Enter a place from 1 to 5.';
    await refused(vscode, '0', message);
    await refused(vscode, 'abc', message);
    await refused(vscode, '6', message);
    assert.equal(puts().length, 1, 'nothing sent for a refused place');
    await vscode.typeIntoQuickInput('3', { clear: true });
    await prompt(vscode, /\n'Tin' is section 5 of 5\. Move it to which place \(1–5\)\?/);
    await vscode.pressEnter();
    await waitUntil(
      () => quickInputTitle(vscode),
      (title) => new RegExp(`^Move 'Tin' to place 3 of 5 in the catalog of ${host()}\\?$`).test(title),
      { timeoutMs: 20_000, message: 'the Move to Position question' },
    );
    await waitUntil(
      () => vscode.quickPickItems(),
      (items) => items.map((label) => label.trim()).join('|') === 'Cancel|Change 1 Rank|Tin: 50 → 11',
      { message: 'the preview of the rank change' },
    );
    await vscode.pickQuickItem('Change 1 Rank');
    await toast(
      vscode,
      new RegExp(`^'Tin' is now at place 3 of 5 in the catalog of ${host()}: 1 rank\\(s\\) changed\\.$`),
    );
    // The fewest PUTs: one per move, each of the moved group only.
    assert.deepEqual(
      puts().map((r) => r.path.replace(/^.*\/group\//, '')),
      [String(ids.Copper), String(ids.Tin)],
    );
    assert.deepEqual(ranks(), { Gold: 10, Silver: 20, Bronze: 30, Copper: 9, Tin: 11, Retired: 5 });
    await showsSections(
      vscode,
      [
        ['Copper', 9],
        ['Gold', 10],
        ['Tin', 11],
        ['Silver', 20],
        ['Bronze', 30],
      ],
      'Tin numbered section 3, Silver and Bronze one place down',
    );
    await vscode.runCommand('Notifications: Clear All Notifications');
    await vscode.page.mouse.move(1100, 400);
    const picture = await vscode.screenshot('catalog-move-to-position');
    console.log(`    screenshot: ${picture}`);
  });
});

describe('UI: Rename Connection… keeps the connection signed in', function () {
  this.timeout(240_000);
  const scenario = useScenario('rename-connection', (sandbox) => {
    sandbox.addGroup({ name: 'Staging Gold', rank: 1 });
    sandbox.addGroup({ name: 'UAT Gold', rank: 1, org: SECOND_ORG_ID });
    sandbox.addGroup({ name: 'UAT Silver', rank: 2, org: SECOND_ORG_ID });
    return {
      userSettings: {
        'capillaryRewards.connections': [
          { name: 'Staging', host: sandbox.url },
          { name: 'UAT', host: sandbox.url },
        ],
      },
    };
  });
  /** Group list reads since `from` that the second org's till was let in with. */
  const uatListReads = (from: number) =>
    scenario.sandbox.requests
      .slice(from)
      .filter((r) => r.method === 'GET' && /\/group$/.test(r.path) && r.orgId === SECOND_ORG_ID && r.status === 200);
  const uatRows = (rows: string[], name: string) => rowsUnder(rows, name).map((row) => row.replace(/ rank .*$/, ''));

  it('two connections, each signed in from its own row', async () => {
    const { vscode } = scenario;
    await openGroupsView(vscode);
    await signInFromRow(vscode, 'Staging', BASIC);
    await rowAt(vscode, 2, /^Staging Gold /);
    await signInFromRow(vscode, 'UAT', UAT);
    await rowAt(vscode, 2, /^UAT Silver /);
    await rowAt(vscode, 1, new RegExp(`^UAT .*org ${SECOND_ORG_ID}$`));
  });

  it('from the palette: it asks which connection; a name another has, in another case, is refused; Escape changes nothing', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.runCommand('Capillary Rewards: Rename Connection…');
    await prompt(vscode, /Staging/);
    const host = sandbox.url.replace('http://', '');
    assert.deepEqual(await vscode.quickPickItems(), [`Staging (${host})`, `UAT (${host})`]);
    await vscode.pickQuickItem(`Staging (${host})`);
    await prompt(vscode, /The new name of this org and till/);
    assert.equal(await typedValue(vscode), 'Staging', 'the current name to edit');
    await refused(vscode, 'uat', "A connection named 'UAT' already exists; choose another name.");
    await vscode.page.keyboard.press('Escape');
    await noQuickInput(vscode, 10_000);
    const settings = readUserSettings(vscode);
    assert.deepEqual(
      (settings['capillaryRewards.connections'] as { name: string }[]).map((item) => item.name),
      ['Staging', 'UAT'],
    );
  });

  it('from its row: empty and taken names are refused with the message; the new name shows, is in settings.json, and it is still signed in', async () => {
    const { vscode, sandbox } = scenario;
    await rowContextMenu(vscode, 'UAT', 'Rename Connection…');
    await prompt(vscode, /The new name of this org and till \(at most \d+ characters\)/);
    assert.equal(await quickInputTitle(vscode), `Rename Connection UAT (${sandbox.url.replace('http://', '')})`);
    assert.equal(await typedValue(vscode), 'UAT');
    await refused(vscode, '', "Enter a name for the connection, such as 'UAT'; it cannot be empty.");
    await refused(vscode, '   ', "Enter a name for the connection, such as 'UAT'; it cannot be empty.");
    await refused(vscode, 'STAGING', "A connection named 'Staging' already exists; choose another name.");
    const before = sandbox.requests.length;
    await answer(vscode, 'QA Team');
    await toast(
      vscode,
      new RegExp(
        `^Renamed the connection UAT to QA Team \\(${escapeRegExp(sandbox.url.replace('http://', ''))}\\); it is still signed in\\.$`,
      ),
    );
    await rowAt(vscode, 1, new RegExp(`^QA Team .*org ${SECOND_ORG_ID}$`));
    const rows = await waitUntil(
      () => rowsWithDepth(vscode),
      (all) => uatRows(all, 'QA Team').join('|') === 'UAT Gold|UAT Silver',
      { message: "QA Team's groups listed under it" },
    );
    assert.ok(!rows.some((row) => /^1 UAT( |$)/.test(row)), 'no row of the old name');
    assert.ok(!rows.some((row) => /Sign in to/.test(row)), 'nobody is asked to sign in');
    assert.equal(await vscode.quickInputText(), '', 'no sign-in prompt');
    const settings = readUserSettings(vscode);
    assert.deepEqual(settings['capillaryRewards.connections'], [
      { name: 'Staging', host: sandbox.url },
      { name: 'QA Team', host: sandbox.url },
    ]);
    // Signed in for real: a refresh from its row lists the second org's groups with its till.
    await rowContextMenu(vscode, 'QA Team', 'Refresh');
    await waitUntil(
      () => Promise.resolve(uatListReads(before).length),
      (count) => count > 0,
      { message: "a list read with QA Team's till" },
    );
    assert.ok(
      sandbox.requests.slice(before).every((r) => r.status === 200),
      'every request since the rename answered 200',
    );
  });

  it('after a reload: still named QA Team, still signed in, its groups listed', async () => {
    const { vscode, sandbox } = scenario;
    const before = sandbox.requests.length;
    await vscode.reloadWindow();
    await openGroupsView(vscode);
    await rowAt(vscode, 1, /^QA Team( |$)/);
    await waitUntil(
      () => rowsWithDepth(vscode),
      (all) => uatRows(all, 'QA Team').join('|') === 'UAT Gold|UAT Silver',
      { timeoutMs: 20_000, message: "QA Team's groups listed after the reload" },
    );
    await rowContextMenu(vscode, 'QA Team', 'Refresh');
    await waitUntil(
      () => Promise.resolve(uatListReads(before).length),
      (count) => count > 0,
      { message: "a list read with QA Team's till after the reload" },
    );
    const rows = await rowsWithDepth(vscode);
    assert.ok(!rows.some((row) => /Sign in to/.test(row)), rows.join('\n'));
    assert.equal(await vscode.quickInputText(), '', 'no sign-in prompt');
  });
});

describe('UI: a connection deleted from settings.json by hand and added again does not inherit its credentials', function () {
  this.timeout(240_000);
  const scenario = useScenario('forgotten-connection', (sandbox) => {
    sandbox.addGroup({ name: 'Staging Gold', rank: 1 });
    sandbox.addGroup({ name: 'UAT Gold', rank: 1, org: SECOND_ORG_ID });
    return {
      userSettings: {
        'capillaryRewards.connections': [
          { name: 'Staging', host: sandbox.url },
          { name: 'UAT', host: sandbox.url },
        ],
      },
    };
  });
  let fromDeletion = 0;
  const items = (vscode: VSCodeSession) =>
    readUserSettings(vscode)['capillaryRewards.connections'] as { name: string; host: string }[];

  it('both signed in; UAT deleted from settings.json by hand: after a reload its row is gone, Staging still signed in', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await signInFromRow(vscode, 'Staging', BASIC);
    await rowAt(vscode, 2, /^Staging Gold /);
    await signInFromRow(vscode, 'UAT', UAT);
    await rowAt(vscode, 2, /^UAT Gold /);
    assert.ok(carrying(sandbox.requests, basicHeader(UAT)) > 0, "UAT's till was used while it was listed");
    assert.deepEqual(items(vscode), [
      { name: 'Staging', host: sandbox.url },
      { name: 'UAT', host: sandbox.url },
    ]);
    fromDeletion = sandbox.requests.length;
    editUserSettings(vscode, (settings) => {
      settings['capillaryRewards.connections'] = items(vscode).filter((item) => item.name !== 'UAT');
    });
    // Written behind VS Code's back: code-server does not watch the file, a reload reads it.
    await vscode.reloadWindow();
    await openGroupsView(vscode);
    // One connection left: the view is a single list again, of Staging, without a UAT row.
    const rows = await rowAt(vscode, 1, /^Staging Gold /);
    assert.ok(!rows.some((row) => /UAT/.test(row)), rows.join('\n'));
  });

  it('UAT written back by hand with the same name and host: its row asks to sign in, no groups listed, nothing sent with its old till', async () => {
    const { vscode, sandbox } = scenario;
    editUserSettings(vscode, (settings) => {
      settings['capillaryRewards.connections'] = [...items(vscode), { name: 'UAT', host: sandbox.url }];
    });
    await vscode.reloadWindow();
    await openGroupsView(vscode);
    await rowAt(vscode, 1, /^UAT( |$)/);
    const rows = await rowAt(vscode, 2, /^Sign in to UAT \(Basic\)…$/);
    assert.deepEqual(rowsUnder(rows, 'UAT'), ['Sign in to UAT (Basic)…'], 'no groups listed under UAT');
    // Staging is untouched: still signed in, its groups listed.
    await rowAt(vscode, 2, /^Staging Gold /);
    // Give a read with the old till time to happen, if it were going to.
    await poll(
      () => Promise.resolve(carrying(sandbox.requests.slice(fromDeletion), basicHeader(UAT)) > 0 ? true : undefined),
      3_000,
    );
    assert.equal(
      carrying(sandbox.requests.slice(fromDeletion), basicHeader(UAT)),
      0,
      "nothing sent with UAT's old till",
    );
    assert.equal(
      sandbox.requests.slice(fromDeletion).filter((r) => r.orgId === SECOND_ORG_ID).length,
      0,
      'nothing sent for the second org',
    );
    assert.equal(await vscode.quickInputText(), '', 'no sign-in prompt opened by itself');
  });

  it('signing in to UAT again from its row lists its groups', async () => {
    const { vscode } = scenario;
    await signInFromRow(vscode, 'UAT', UAT);
    const rows = await rowAt(vscode, 2, /^UAT Gold /);
    assert.deepEqual(
      rowsUnder(rows, 'UAT').map((row) => row.replace(/ rank .*$/, '')),
      ['UAT Gold'],
    );
  });
});
