import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_CREDENTIALS, SANDBOX_ORG_ID, SECOND_ORG_ID } from '../sandbox/server';
import { colleagueClient } from '../support/answers';
import {
  answer,
  BASIC,
  clickLens,
  noQuickInput,
  openFile,
  openGroupsView,
  prompt,
  signIn,
  tabs,
  toast,
  typePath,
  uatAndProduction,
  useScenario,
  webviewTexts,
} from './support';
import { waitUntil, type VSCodeSession } from './vscode';

const UAT = DEMO_CREDENTIALS.secondOrg.basic;

/** A groups file of these groups, written in `folder`. */
function writeGroupsFile(folder: string, name: string, groups: { name: string; rank: number }[]): string {
  const file = path.join(folder, name);
  fs.writeFileSync(
    file,
    `{\n  "groups": [\n${groups.map((g) => `    { "name": "${g.name}", "rank": ${g.rank} }`).join(',\n')}\n  ]\n}\n`,
  );
  return file;
}

/** `count` groups named `<prefix> 01`… with ranks from `firstRank` up. */
function numbered(prefix: string, count: number, firstRank: number): { name: string; rank: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix} ${String(i + 1).padStart(2, '0')}`,
    rank: firstRank + i,
  }));
}

/** The action in the active editor's title bar whose label starts with `label`. */
function titleBarAction(vscode: VSCodeSession, label: string) {
  return vscode.page.locator(`.editor-actions .action-label[aria-label^="${label}"]`).first();
}

function creates(requests: { method: string; path: string }[]): number {
  return requests.filter((r) => r.method === 'POST' && r.path.endsWith('/group/create')).length;
}

/** Creates and updates sent so far (a plan's reads include a POST for the brands). */
function writes(requests: { method: string; path: string }[]): number {
  return creates(requests) + requests.filter((r) => r.method === 'PUT').length;
}

/** Clicks the tab whose label matches `label`. */
async function showTab(vscode: VSCodeSession, label: RegExp): Promise<void> {
  await vscode.page.locator('.tabs-container .tab', { hasText: label }).first().click();
}

describe('UI: a groups file on the first day, with no folder open — the plan’s title-bar Apply, a question naming the groups, another connection, a typed confirmation', function () {
  this.timeout(240_000);
  // Files live outside any workspace: the commands find them in their tabs.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'first-day-files-'));
  const scenario = useScenario('first-day-files', (sandbox) => ({
    userSettings: { 'capillaryRewards.connections': uatAndProduction(sandbox) },
  }));
  const team = path.join(folder, 'team.capillary-groups.json');

  it('plans from the CodeLens; the plan’s title bar has Apply, whose question names the groups it changes, then "and 2 more"', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.addGroup({ name: 'VIP Gold', rank: 2, org: SECOND_ORG_ID });
    writeGroupsFile(folder, path.basename(team), [{ name: 'VIP Gold', rank: 1 }, ...numbered('Season', 11, 20)]);
    await openGroupsView(vscode);
    await signIn(vscode, UAT.username, UAT.password);
    await toast(vscode, /Signed in to UAT/);
    await openFile(vscode, team);
    await clickLens(vscode, /Plan against UAT/);
    await toast(
      vscode,
      /Plan of team\.capillary-groups\.json for UAT \(org 100458\): 11 to create, 1 rank change, 0 unchanged\..*Nothing was sent but reads\./,
    );
    await vscode.page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 20_000 });
    const apply = titleBarAction(vscode, 'Apply This Plan');
    await apply.waitFor({ state: 'visible', timeout: 15_000 });
    await vscode.runCommand('Notifications: Clear All Notifications');
    // For the README: the pointer on the button, its name showing.
    await apply.hover();
    await vscode.page
      .locator('.monaco-hover, .workbench-hover', { hasText: 'Apply This Plan' })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 })
      .catch(() => undefined);
    await vscode.screenshot('plan-title-bar-apply');
    const before = writes(sandbox.requests);
    await apply.click();
    const question = await prompt(vscode, /Apply team\.capillary-groups\.json to UAT \(org 100458\)\?/);
    assert.match(question, /'VIP Gold': rank 2 → 1/);
    for (const name of ['Season 01', 'Season 02', 'Season 09']) {
      assert.match(question, new RegExp(`Create '${name}' \\(rank \\d+\\)`));
    }
    assert.doesNotMatch(question, /Season 10|Season 11/);
    assert.match(question, /and 2 more groups/);
    await vscode.screenshot('apply-confirmation-names');
    assert.equal(writes(sandbox.requests), before, 'nothing is written while the question is open');
    await vscode.pickQuickItem('Apply');
    await toast(
      vscode,
      /team\.capillary-groups\.json → UAT \(org 100458\)\. Applied: 11 created, 1 updated, 0 unchanged, 0 skipped, 0 failed\./,
    );
    const byName = Object.fromEntries(sandbox.groups(SECOND_ORG_ID).map((g) => [g.name, g.rank]));
    assert.equal(Object.keys(byName).length, 12);
    assert.equal(byName['VIP Gold'], 1);
    assert.equal(creates(sandbox.requests), 11);
    // The result opens rendered.
    await waitUntil(
      async () => (await webviewTexts(vscode)).join('\n').replace(/\s+/g, ' '),
      (text) => /created Season 11 \d+ created with rank 30/.test(text) && /updated VIP Gold \d+ rank 2 → 1/.test(text),
      { timeoutMs: 20_000, message: 'the apply result, rendered' },
    );
  });

  it('the plan’s tab, once the org changed, offers Plan Again in its title bar, which plans again in the same tab', async () => {
    const { vscode } = scenario;
    await showTab(vscode, /↔/);
    const again = titleBarAction(vscode, 'Plan Again');
    await again.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await titleBarAction(vscode, 'Apply This Plan').isVisible(), false, 'a stale plan offers no Apply');
    await again.click();
    await toast(
      vscode,
      /Nothing to change: UAT \(org 100458\) already matches team\.capillary-groups\.json \(12 unchanged\)\./,
    );
    await titleBarAction(vscode, 'Plan Again').waitFor({ state: 'hidden', timeout: 15_000 });
    const planTabs = (await tabs(vscode)).filter((label) => /↔/.test(label));
    assert.equal(planTabs.length, 1, planTabs.join('\n'));
    assert.match(planTabs[0]!, /^UAT \(org 100458\) ↔ team\.capillary-groups\.json/);
  });

  it('Apply Groups File… from the palette, with the result’s tab in front, finds the file in its tab', async () => {
    const { vscode, sandbox } = scenario;
    await showTab(vscode, /^Preview /);
    const before = writes(sandbox.requests);
    await vscode.runCommand('Capillary Rewards: Apply Groups File…');
    await toast(
      vscode,
      /Nothing to change: UAT \(org 100458\) already matches team\.capillary-groups\.json \(12 unchanged\)\. Nothing was sent\./,
    );
    assert.equal(writes(sandbox.requests), before);
  });

  it('Apply to Another Connection… on the CodeLens: Production, signed in on the way, asked by name, applied there; UAT stays active', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.addGroup({ name: 'Legacy', rank: 9, org: SANDBOX_ORG_ID });
    await showTab(vscode, /^team\.capillary-groups/);
    await clickLens(vscode, /Apply to Another Connection/);
    await prompt(vscode, /Apply Groups File: which connection\?/);
    await vscode.pickQuickItem('Production');
    await prompt(vscode, /Sign In to Production .*Till username/s);
    await answer(vscode, BASIC.username);
    await prompt(vscode, /Password of the till/);
    await answer(vscode, BASIC.password);
    const question = await prompt(vscode, /Apply team\.capillary-groups\.json to Production \(org 100737\)\?/);
    assert.match(
      question,
      /is marked "production"\. 12 to create, 0 unchanged, 1 on the server only: 12 writes to Production/,
    );
    await vscode.pickQuickItem('Apply');
    await toast(vscode, /team\.capillary-groups\.json → Production \(org 100737\)\. Applied: 12 created, 0 updated/);
    assert.equal(sandbox.groups(SANDBOX_ORG_ID).length, 13);
    // The active connection did not change: the lens still names UAT.
    await showTab(vscode, /^team\.capillary-groups/);
    await vscode.page
      .locator('.codelens-decoration a', { hasText: /UAT: Switch Connection/ })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
  });

  it('Compare, then Apply Difference to Production… from its message: saved first (the dialog names the file), asked by name, only the difference sent; the comparison goes stale and compares again in place', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.addGroup({ name: 'Only UAT', rank: 40, org: SECOND_ORG_ID });
    await vscode.runCommand('Capillary Rewards: Compare Groups Between Connections…');
    await prompt(vscode, /Compare Groups \(1\/2\)/);
    await vscode.pickQuickItem('UAT');
    await prompt(vscode, /Compare Groups \(2\/2\)/);
    await vscode.pickQuickItem('Production');
    await toast(
      vscode,
      /Compared UAT \(org 100458\) with Production \(org 100737\): 1 only in UAT, 0 differ, 1 only in Production\./,
    );
    await vscode.clickNotificationButton('Apply Difference to Production…');
    await prompt(vscode, /The groups Production \(org 100737\) lacks or holds otherwise/);
    const box = vscode.page.locator('.quick-input-box input');
    // No folder is open and nothing was saved yet: the dialog opens beside the file open in its tab, with the name.
    await waitUntil(
      () => box.inputValue(),
      (value) => value === path.join(folder, 'UAT-to-Production.capillary-groups.json'),
      { message: 'the save dialog beside the open file, holding the suggested name' },
    );
    // Typed again in full: the dialog fills its box in steps, and a path typed during one is cut.
    const difference = path.join(folder, 'UAT-to-Production.capillary-groups.json');
    await typePath(vscode, difference);
    await vscode.pressEnter();
    await prompt(vscode, /Apply UAT-to-Production\.capillary-groups\.json to Production \(org 100737\)\?/);
    await vscode.pickQuickItem('Apply');
    await toast(
      vscode,
      /UAT-to-Production\.capillary-groups\.json → Production \(org 100737\)\. Applied: 1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed, 13 on the server only, left as they are\./,
    );
    assert.deepEqual(JSON.parse(fs.readFileSync(difference, 'utf8')), {
      groups: [{ name: 'Only UAT', rank: 40, isActive: true }],
      deactivateMissing: false,
    });
    assert.equal(sandbox.groups(SANDBOX_ORG_ID).filter((g) => g.name === 'Only UAT').length, 1);
    // The comparison no longer shows Production as it is: its title bar says so, and compares again in place.
    await showTab(vscode, /^UAT \(org 100458\) ↔ Production/);
    const again = titleBarAction(vscode, 'Compare Again');
    await again.waitFor({ state: 'visible', timeout: 15_000 });
    await again.click();
    await toast(
      vscode,
      /Production \(org 100737\) holds every group of UAT \(org 100458\) as it is there \(0 only in UAT, 0 differ, 1 only in Production\)\./,
    );
    await titleBarAction(vscode, 'Compare Again').waitFor({ state: 'hidden', timeout: 15_000 });
    assert.equal((await tabs(vscode)).filter((label) => /^UAT \(org 100458\) ↔ Production/.test(label)).length, 1);
  });

  it('Export’s save dialog opens in the folder last saved to, with the connection’s name', async () => {
    const { vscode } = scenario;
    await vscode.runCommand('Capillary Rewards: Export Groups to File…');
    await prompt(vscode, /Export Groups to File: which org\?/);
    await vscode.pickQuickItem('UAT');
    await prompt(vscode, /Export the groups of UAT \(org 100458\)/);
    await waitUntil(
      () => vscode.page.locator('.quick-input-box input').inputValue(),
      (value) => value === path.join(folder, 'UAT.capillary-groups.json'),
      { message: 'the save dialog in the folder last saved to' },
    );
    await vscode.page.keyboard.press('Escape');
  });

  it('more than 50 creates ask to type the connection’s name: another name is refused and nothing is sent, the name applies', async () => {
    const { vscode, sandbox } = scenario;
    const big = writeGroupsFile(folder, 'bulk.capillary-groups.json', numbered('Bulk', 51, 100));
    await openFile(vscode, big);
    await clickLens(vscode, /Apply to UAT/);
    const question = await prompt(vscode, /Apply bulk\.capillary-groups\.json to UAT \(org 100458\)\?/);
    assert.match(question, /and 41 more groups/);
    await vscode.pickQuickItem('Apply');
    await prompt(
      vscode,
      /51 groups will be created \(more than 50\)\. To apply, type 'UAT' \(or the org id, 100458\)\./,
    );
    const before = creates(sandbox.requests);
    await vscode.typeIntoQuickInput('Production', { clear: true });
    await prompt(vscode, /Type 'UAT' exactly to apply; Escape sends nothing\./);
    await vscode.pressEnter();
    // Enter on a refused name keeps the box open, holding what was typed.
    assert.equal(await vscode.page.locator('.quick-input-box input').inputValue(), 'Production');
    assert.equal(creates(sandbox.requests), before);
    await answer(vscode, 'UAT');
    await waitUntil(
      () => Promise.resolve(creates(sandbox.requests)),
      (count) => count === before + 51,
      { timeoutMs: 60_000, message: 'the 51 creates sent' },
    );
    await toast(vscode, /bulk\.capillary-groups\.json → UAT \(org 100458\)\. Applied: 51 created, 0 updated/);
    assert.equal(creates(sandbox.requests), before + 51);
    assert.equal(sandbox.groups(SECOND_ORG_ID).filter((g) => g.name.startsWith('Bulk ')).length, 51);
  });

  it('a file that would set back a colleague’s change made after it was planned says so first, naming the group; Cancel sends nothing', async () => {
    const { vscode, sandbox } = scenario;
    const ruby = sandbox.addGroup({ name: 'Ruby', rank: 40, org: SECOND_ORG_ID });
    const file = writeGroupsFile(folder, 'ruby.capillary-groups.json', [{ name: 'Ruby', rank: 40 }]);
    await openFile(vscode, file);
    await clickLens(vscode, /Plan against UAT/);
    await toast(vscode, /Nothing to change: UAT \(org 100458\) already matches ruby\.capillary-groups\.json/);
    // A colleague moves Ruby up from the console meanwhile; the server's clock is the one that counts.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await colleagueClient(sandbox, DEMO_CREDENTIALS.secondOrg.colleague).update(ruby.id, {
      name: 'Ruby',
      rank: 39,
      isActive: true,
    });
    await openFile(vscode, file);
    const before = writes(sandbox.requests);
    await clickLens(vscode, /Apply to UAT/);
    await prompt(vscode, /Apply ruby\.capillary-groups\.json to UAT \(org 100458\)\?/);
    // The warning is a row of its own, above Apply, where it is read first.
    const rows = await vscode.quickPickItems();
    assert.equal(
      rows[1],
      "'Ruby' (rank 39 → 40) sets back a server change made since the last export or plan",
      rows.join('\n'),
    );
    assert.equal(rows[2], 'Apply');
    await vscode.screenshot('apply-sets-back-colleague-change');
    await vscode.pickQuickItem('Cancel');
    await noQuickInput(vscode);
    assert.equal(writes(sandbox.requests), before, 'Cancel sends nothing');
    assert.equal(
      sandbox.groups(SECOND_ORG_ID).find((g) => g.id === ruby.id)?.rank,
      39,
      'the colleague’s change stands',
    );
  });
});
