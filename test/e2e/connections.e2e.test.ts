import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEMO_CREDENTIALS, SANDBOX_ORG_ID, SECOND_ORG_ID } from '../sandbox/server';
import {
  activePickItem,
  answer,
  BASIC,
  clickRowForPrompt,
  createGroup,
  openGroupsView,
  prompt,
  rowAt,
  rowContextMenu,
  rowsWithDepth,
  signIn,
  toast,
  treeRow,
  useScenario,
  viewTitle,
  welcome,
} from './support';
import { waitUntil, type VSCodeSession } from './vscode';

const UAT = DEMO_CREDENTIALS.secondOrg.basic;

/** The text of the status bar item of the active connection ('' while hidden). */
async function statusItem(vscode: VSCodeSession): Promise<string> {
  const item = vscode.page
    .locator('.part.statusbar .statusbar-item', { has: vscode.page.locator('.codicon-plug, .codicon-flame') })
    .first();
  return (await item.isVisible().catch(() => false)) ? (await item.innerText()).replace(/\s+/g, ' ').trim() : '';
}

/** Waits until the status bar names `pattern`, and returns its text. */
function statusShows(vscode: VSCodeSession, pattern: RegExp): Promise<string> {
  return waitUntil(
    () => statusItem(vscode),
    (text) => pattern.test(text),
    { timeoutMs: 15_000, message: `a status bar item matching ${pattern}` },
  );
}

describe('UI: two orgs on one cluster, side by side', function () {
  this.timeout(180_000);
  const scenario = useScenario('connections', (sandbox) => ({
    userSettings: { 'capillaryRewards.host': sandbox.url },
  }));
  let host: string;

  it('signed in with the single-host setting: one list, as before, and the status bar names the cluster', async () => {
    const { vscode, sandbox } = scenario;
    host = sandbox.url.replace('http://', '');
    await openGroupsView(vscode);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    // Alone in its container, the view shows its title (not its description): it names the cluster.
    assert.match(await viewTitle(vscode), new RegExp(`Groups · ${host.replace(/\./g, '\\.')}`));
    await signIn(vscode, BASIC.username, BASIC.password);
    await welcome(vscode, /This org has no reward groups yet/);
    await createGroup(vscode, 'Demo Gold', '1');
    await toast(vscode, /Created the group 'Demo Gold'/);
    await treeRow(vscode, /^Demo Gold /);
    assert.equal(await statusShows(vscode, new RegExp(host.replace(/\./g, '\\.'))), host);
  });

  it('adds a second connection on the same cluster with another till: both orgs show, each under its own row', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.runCommand('Capillary Rewards: Add Connection…');
    await prompt(vscode, /A name for this org and till/);
    await answer(vscode, 'UAT');
    // The cluster in use comes first.
    await prompt(vscode, /Cluster of UAT/);
    assert.equal((await vscode.quickPickItems())[0], host);
    await vscode.pickQuickItem(host);
    await prompt(vscode, /How UAT signs in/);
    await vscode.pickQuickItem('Basic');
    await prompt(vscode, /Till username/);
    await answer(vscode, UAT.username);
    await prompt(vscode, /Password of the till/);
    await answer(vscode, UAT.password);
    await toast(
      vscode,
      /Added the connection UAT .*; it is now the active one\. The cluster used so far is now the connection 'Local sandbox', still signed in\./,
    );
    await rowAt(vscode, 1, new RegExp(`^UAT active · ${host.replace(/\./g, '\\.')}( · org ${SECOND_ORG_ID})?$`));
    // Named after its cluster as a user reads it (this machine's: the local sandbox), with its host after.
    const rows = await rowAt(
      vscode,
      1,
      new RegExp(`^Local sandbox ${host.replace(/\./g, '\\.')} · org ${SANDBOX_ORG_ID}$`),
    );
    assert.ok(
      rows.some((row) => /^2 Demo Gold /.test(row)),
      rows.join('\n'),
    );
    await rowAt(vscode, 2, /^This org has no reward groups yet\. Create Group…$/);
    await statusShows(vscode, /^UAT$/);
    // The settings hold both, in the user settings.
    const settings = JSON.parse(
      fs.readFileSync(path.join(vscode.userDataDir, 'User', 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.deepEqual(settings['capillaryRewards.connections'], [
      { name: 'Local sandbox', host: sandbox.url, authMethod: 'basic' },
      { name: 'UAT', host: sandbox.url, authMethod: 'basic' },
    ]);
  });

  it('creates in the active connection from the palette, and in the other from its row', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.runCommand('Capillary Rewards: Create Group…');
    await prompt(vscode, /Name of the new reward group/);
    assert.match(await vscode.quickInputText(), /./);
    await answer(vscode, 'UAT Gold');
    await prompt(vscode, /Rank of 'UAT Gold'/);
    await answer(vscode, '2');
    await toast(vscode, /Created the group 'UAT Gold' with ID \d+ on UAT \(127\.0\.0\.1:\d+\)/);
    await rowAt(vscode, 2, /^UAT Gold /);
    await rowContextMenu(vscode, 'Local sandbox', 'Create Group…');
    await prompt(vscode, /Name of the new reward group/);
    await answer(vscode, 'Demo Silver');
    await prompt(vscode, /Rank of 'Demo Silver'/);
    await answer(vscode, '2');
    await toast(vscode, /Created the group 'Demo Silver' with ID \d+ on Local sandbox \(127\.0\.0\.1:\d+\)\./);
    assert.deepEqual(
      sandbox.groups(SANDBOX_ORG_ID).map((g) => g.name),
      ['Demo Gold', 'Demo Silver'],
    );
    assert.deepEqual(
      sandbox.groups(SECOND_ORG_ID).map((g) => g.name),
      ['UAT Gold'],
    );
    const rows = await rowAt(vscode, 2, /^Demo Silver /);
    // Each group under its own connection: the rows of the first root come before the second root.
    const order = rows.map((row) => row.replace(/ .*$/, '')).join(' ');
    assert.ok(rows.findIndex((r) => /^2 Demo Silver /.test(r)) < rows.findIndex((r) => /^1 UAT /.test(r)), order);
    await vscode.screenshot('two-connections');
  });

  it('switches the active connection from the status bar', async () => {
    const { vscode } = scenario;
    await vscode.page
      .locator('.part.statusbar .statusbar-item', { has: vscode.page.locator('.codicon-plug') })
      .first()
      .click();
    await prompt(vscode, /Switch Connection|The connection that palette commands act on/);
    await vscode.pickQuickItem('Local sandbox');
    await statusShows(vscode, /^Local sandbox$/);
    await rowAt(
      vscode,
      1,
      new RegExp(`^Local sandbox active · ${host.replace(/\./g, '\\.')} · org ${SANDBOX_ORG_ID}$`),
    );
  });

  it('after a reload: the same active connection, both orgs listed, nobody asked to sign in again', async () => {
    const { vscode } = scenario;
    await vscode.reloadWindow();
    await openGroupsView(vscode);
    await statusShows(vscode, /^Local sandbox$/);
    await rowAt(vscode, 2, /^UAT Gold /);
    await rowAt(vscode, 2, /^Demo Silver /);
  });

  it('removes a connection: its credentials go with it (added again, it must sign in), the other stays', async () => {
    const { vscode, sandbox } = scenario;
    await rowContextMenu(vscode, 'UAT', 'Remove Connection');
    await prompt(vscode, /Remove the connection UAT/);
    await vscode.pickQuickItem('Remove');
    await toast(vscode, /Removed the connection UAT .*Its credentials and cached list were deleted\./);
    // One connection left: the view is a single list again.
    await treeRow(vscode, /^Demo Silver /);
    await waitUntil(
      () => rowsWithDepth(vscode),
      (rows) => !rows.some((row) => /^1 UAT /.test(row)),
      { message: 'the UAT row gone' },
    );
    // The same name on the same cluster again: nothing of the old sign-in is left.
    const requestsBefore = sandbox.requests.length;
    await vscode.runCommand('Capillary Rewards: Add Connection…');
    await prompt(vscode, /A name for this org and till/);
    await answer(vscode, 'UAT');
    await prompt(vscode, /used lately/);
    await vscode.pickQuickItem(host);
    await prompt(vscode, /How UAT signs in/);
    await vscode.pickQuickItem('Basic');
    await prompt(vscode, /Till username/);
    await vscode.page.keyboard.press('Escape');
    await rowAt(vscode, 2, /^Sign in to UAT \(Basic\)…$/);
    await toast(vscode, /Sign in to it from its row in the Groups view/);
    assert.deepEqual(
      sandbox.requests.slice(requestsBefore).filter((r) => r.orgId !== SANDBOX_ORG_ID),
      [],
      'nothing sent for a connection nobody signed in to',
    );
  });
});

describe('UI: a production connection beside a UAT one, and an item written wrong', function () {
  this.timeout(180_000);
  const scenario = useScenario('production', (sandbox) => {
    for (const [name, rank] of [
      ['Gold Tier', 1],
      ['Silver Tier', 2],
      ['Bronze Tier', 3],
    ] as const) {
      sandbox.addGroup({ name, rank, org: SECOND_ORG_ID });
      if (rank < 3) sandbox.addGroup({ name, rank });
    }
    return {
      userSettings: {
        'capillaryRewards.connections': [
          { name: 'UAT', host: sandbox.url },
          { name: 'Production', host: sandbox.url, production: true },
          { name: 'Typo', host: sandbox.url, prod: true },
        ],
      },
    };
  });

  it('shows a row per connection; the one written wrong says what is wrong, and nothing is sent for it', async () => {
    const { vscode, sandbox } = scenario;
    const host = sandbox.url.replace('http://', '');
    await openGroupsView(vscode);
    await rowAt(vscode, 1, new RegExp(`^UAT active · ${host.replace(/\./g, '\\.')}$`));
    await rowAt(vscode, 1, new RegExp(`^Production PRODUCTION · ${host.replace(/\./g, '\\.')}$`));
    await rowAt(vscode, 1, /^Typo not usable · http:\/\/127\.0\.0\.1:\d+$/);
    await rowAt(
      vscode,
      2,
      /^Not usable: It has settings this version does not know: "prod" \(known: name, host, authMethod, apiPrefix, production\)\. It is not used until it is fixed\.$/,
    );
    await toast(
      vscode,
      /Connection Typo in capillaryRewards\.connections: It has settings this version does not know: "prod"/,
    );
    await statusShows(vscode, /^UAT$/);
    assert.equal(sandbox.requests.length, 0, 'nothing is sent before anyone signs in');
  });

  it('signs in to each from its own row, each with its own till', async () => {
    const { vscode, sandbox } = scenario;
    const host = sandbox.url.replace('http://', '');
    await clickRowForPrompt(vscode, 'Sign in to UAT (Basic)…', /Sign In to UAT .*Till username/s);
    await answer(vscode, UAT.username);
    await prompt(vscode, /Password of the till/);
    await answer(vscode, UAT.password);
    await rowAt(vscode, 2, /^Bronze Tier /);
    await rowAt(vscode, 1, new RegExp(`^UAT active · ${host.replace(/\./g, '\\.')} · org ${SECOND_ORG_ID}$`));
    await clickRowForPrompt(vscode, 'Sign in to Production (Basic)…', /Sign In to Production .*Till username/s);
    await answer(vscode, BASIC.username);
    await prompt(vscode, /Password of the till/);
    await answer(vscode, BASIC.password);
    await rowAt(
      vscode,
      1,
      new RegExp(`^Production PRODUCTION · ${host.replace(/\./g, '\\.')} · org ${SANDBOX_ORG_ID}$`),
    );
    const rows = await rowsWithDepth(vscode);
    // Production lacks Bronze Tier: the difference shows side by side.
    assert.deepEqual(
      rows.filter((row) => row.startsWith('2 ')).map((row) => row.replace(/ rank .*$/, '')),
      [
        '2 Gold Tier',
        '2 Silver Tier',
        '2 Bronze Tier',
        '2 Gold Tier',
        '2 Silver Tier',
        rows.find((row) => row.startsWith('2 Not usable'))!.replace(/ rank .*$/, ''),
      ],
    );
  });

  it('every change to production asks first, naming it: Cancel sends nothing, Create creates', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.runCommand('Capillary Rewards: Switch Connection…');
    await prompt(vscode, /Switch Connection/);
    await vscode.pickQuickItem('Production');
    await statusShows(vscode, /^Production · PRODUCTION$/);
    const posts = () => sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/group/create')).length;
    await createGroup(vscode, 'Bronze Tier', '3');
    await prompt(vscode, /Create the group 'Bronze Tier' on the production connection Production/);
    assert.equal(await activePickItem(vscode), 'Cancel', 'Enter keeps things as they are');
    await vscode.pressEnter();
    await waitUntil(
      () => vscode.quickInputText(),
      (text) => text === '',
      { message: 'the question closed' },
    );
    assert.equal(posts(), 0);
    // What was typed is offered again.
    await vscode.runCommand('Capillary Rewards: Create Group…');
    assert.match(await prompt(vscode, /Name of the new reward group/), /./);
    assert.equal(await vscode.page.locator('.quick-input-box input').inputValue(), 'Bronze Tier');
    await vscode.pressEnter();
    await prompt(vscode, /Rank of 'Bronze Tier'/);
    await vscode.pressEnter();
    await prompt(vscode, /on the production connection Production/);
    await vscode.pickQuickItem('Create');
    await toast(vscode, /Created the group 'Bronze Tier' with ID \d+ on Production/);
    assert.equal(posts(), 1);
    await rowAt(vscode, 2, /^Bronze Tier rank 3 · #\d+ .*· new$/);
    // Wide enough for each row's description, for the README's picture.
    await openGroupsView(vscode);
    for (let i = 0; i < 4; i++) await vscode.runCommand('Increase Current View Size');
    await vscode.page.mouse.move(5, 5);
    await vscode.screenshot('production-and-uat');
  });
});
