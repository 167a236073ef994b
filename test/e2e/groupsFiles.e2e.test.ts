import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_CREDENTIALS, SANDBOX_ORG_ID, SECOND_ORG_ID } from '../sandbox/server';
import {
  BASIC,
  clickLens,
  openFile,
  openGroupsView,
  prompt,
  signIn,
  tabs,
  toast,
  uatAndProduction,
  useScenario,
  webviewTexts,
} from './support';
import { waitUntil } from './vscode';

const UAT = DEMO_CREDENTIALS.secondOrg.basic;

/** Writes requests (POST, PUT) the sandbox has answered so far. */
function writes(requests: { method: string }[]): number {
  return requests.filter((r) => r.method === 'POST' || r.method === 'PUT').length;
}

describe('UI: groups as code — export, edit, plan in the diff editor, apply to production, apply again', function () {
  this.timeout(240_000);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'groups-files-ws-'));
  const scenario = useScenario('groups-files', (sandbox) => ({
    workspaceFolder: workspace,
    userSettings: { 'capillaryRewards.connections': uatAndProduction(sandbox) },
  }));
  const exported = path.join(workspace, 'UAT.capillary-groups.json');

  it('exports the UAT org to a new file, sorted by rank then name', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.addGroup({ name: 'VIP Gold', rank: 1, org: SECOND_ORG_ID });
    sandbox.addGroup({ name: 'VIP Silver', rank: 2, org: SECOND_ORG_ID });
    sandbox.addGroup({ name: 'Welcome', rank: null, org: SECOND_ORG_ID });
    await openGroupsView(vscode);
    await signIn(vscode, UAT.username, UAT.password);
    await toast(vscode, /Signed in to UAT/);
    await vscode.runCommand('Capillary Rewards: Export Groups to File…');
    await prompt(vscode, /Export Groups to File: which org\?/);
    await vscode.pickQuickItem('UAT');
    // The save dialog (VS Code's own, in the browser) opens on the workspace with the name filled in.
    await prompt(vscode, /Export the groups of UAT \(org 100458\)/);
    // The dialog fills its box in a moment after it shows (first the folder, then the name).
    await waitUntil(
      () => vscode.page.locator('.quick-input-box input').inputValue(),
      (value) => /UAT\.capillary-groups\.json$/.test(value),
      { message: 'the save dialog holding the suggested name' },
    );
    await vscode.pressEnter();
    await toast(vscode, /Exported 3 groups of UAT \(org 100458\) to UAT\.capillary-groups\.json\./);
    assert.equal(
      fs.readFileSync(exported, 'utf8'),
      [
        '{',
        '  "groups": [',
        '    { "name": "VIP Gold", "rank": 1, "isActive": true },',
        '    { "name": "VIP Silver", "rank": 2, "isActive": true },',
        '    { "name": "Welcome", "rank": null, "isActive": true }',
        '  ],',
        '  "deactivateMissing": false',
        '}',
        '',
      ].join('\n'),
    );
    await waitUntil(
      () => tabs(vscode),
      (labels) => labels.some((label) => label.startsWith('UAT.capillary-groups')),
      { message: 'the exported file open in an editor' },
    );
  });

  it('shows a name listed twice in the Problems view', async () => {
    const { vscode } = scenario;
    fs.writeFileSync(exported, fs.readFileSync(exported, 'utf8').replace('"name": "Welcome"', '"name": "vip gold"'));
    await vscode.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const problems = vscode.page.locator('.markers-panel .monaco-list-row');
    await waitUntil(
      async () => (await problems.allInnerTexts()).join('\n'),
      (text) => /'vip gold' is listed twice \(first on line 3\)/.test(text),
      { timeoutMs: 20_000, message: 'the duplicate name in the Problems view' },
    );
    // Fixed: the file as a team would commit it, with one more group and a new rank.
    fs.writeFileSync(
      exported,
      '{\n  "groups": [\n    { "name": "VIP Gold", "rank": 1, "isActive": true },\n    { "name": "VIP Silver", "rank": 3, "isActive": true },\n    { "name": "VIP Bronze", "rank": 4 },\n    { "name": "Welcome", "rank": null, "isActive": true }\n  ],\n  "deactivateMissing": false\n}\n',
    );
    await waitUntil(
      async () => (await problems.allInnerTexts()).join('\n'),
      (text) => !/listed twice/.test(text),
      { timeoutMs: 20_000, message: 'the Problems view cleared' },
    );
    await vscode.runCommand('View: Toggle Panel Visibility');
  });

  it('plans against Production from the CodeLens: the org beside the file in the diff editor, and the counts; only list reads sent', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.addGroup({ name: 'VIP Gold', rank: 1, org: SANDBOX_ORG_ID });
    sandbox.addGroup({ name: 'VIP Silver', rank: 2, org: SANDBOX_ORG_ID });
    sandbox.addGroup({ name: 'Legacy', rank: 9, org: SANDBOX_ORG_ID });
    await vscode.page
      .locator('.tabs-container .tab', { hasText: /^UAT\.capillary-groups/ })
      .first()
      .click();
    // The lens names the active connection, and switches it.
    await clickLens(vscode, /UAT: Switch Connection/);
    await prompt(vscode, /Switch Connection/);
    await vscode.pickQuickItem('Production');
    await clickLens(vscode, /Plan against Production/);
    // Production is not signed in yet: the plan asks first.
    await prompt(vscode, /Till username/);
    await vscode.typeIntoQuickInput(BASIC.username, { clear: true });
    await vscode.pressEnter();
    await prompt(vscode, /Password of the till/);
    await vscode.typeIntoQuickInput(BASIC.password, { clear: true });
    await vscode.pressEnter();
    const before = sandbox.requests.length;
    const plan = await toast(
      vscode,
      /Plan of UAT\.capillary-groups\.json for Production \(org 100737\): .*Nothing was sent but reads\./,
    );
    assert.match(plan, /2 to create, 1 rank change, 1 unchanged, 1 on the server only/);
    await vscode.page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 20_000 });
    const title = await waitUntil(
      () => tabs(vscode),
      (labels) => labels.some((label) => /↔/.test(label)),
      { message: 'the diff editor tab' },
    );
    assert.ok(
      title.some((label) => /^Production \(org 100737\) ↔ UAT\.capillary-groups\.json · 2 to create/.test(label)),
      title.join('\n'),
    );
    assert.deepEqual(
      // Reads only: the brand list is read with a POST.
      sandbox.requests
        .slice(before)
        .filter((r) => r.method !== 'GET' && !r.path.startsWith('/__sandbox/') && !r.path.endsWith('/brand/getAll')),
      [],
    );
    await vscode.screenshot('plan-in-diff-editor');
  });

  it('applies to Production after a question that names it; the result lists every group', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.page
      .locator('.tabs-container .tab', { hasText: /^UAT\.capillary-groups/ })
      .first()
      .click();
    await clickLens(vscode, /Apply to Production \(PRODUCTION\)/);
    const question = await prompt(vscode, /Apply UAT\.capillary-groups\.json to Production \(org 100737\)\?/);
    assert.match(
      question,
      /Production \(127\.0\.0\.1:\d+\) is marked "production"\. 2 to create, 1 rank change, 1 unchanged, 1 on the server only: 3 writes to Production \(127\.0\.0\.1:\d+\)\./,
    );
    await vscode.pickQuickItem('Apply');
    await toast(
      vscode,
      /UAT\.capillary-groups\.json → Production \(org 100737\)\. Applied: 2 created, 1 updated, 1 unchanged, 0 skipped, 0 failed, 1 on the server only, left as they are\./,
    );
    const byName = Object.fromEntries(
      sandbox.groups(SANDBOX_ORG_ID).map((g) => [g.name, { rank: g.rank, isActive: g.isActive }]),
    );
    assert.deepEqual(byName, {
      'VIP Gold': { rank: 1, isActive: true },
      'VIP Silver': { rank: 3, isActive: true },
      'VIP Bronze': { rank: 4, isActive: true },
      Welcome: { rank: null, isActive: true },
      Legacy: { rank: 9, isActive: true },
    });
    // The result opens rendered: a Markdown preview, its table in a webview, and a tab that says so.
    await waitUntil(
      async () => (await webviewTexts(vscode)).join('\n').replace(/\s+/g, ' '),
      (text) =>
        /created VIP Bronze \d+ created with rank 4/.test(text) && /updated VIP Silver \d+ rank 2 → 3/.test(text),
      { timeoutMs: 20_000, message: 'the apply result, rendered' },
    );
    assert.ok(
      (await tabs(vscode)).some((label) => /^Preview .*Production-.*\.md/.test(label)),
      (await tabs(vscode)).join('\n'),
    );
    await vscode.screenshot('apply-result');
  });

  it('applies the same file again: nothing to change, no write sent', async () => {
    const { vscode, sandbox } = scenario;
    await vscode.page
      .locator('.tabs-container .tab', { hasText: /^UAT\.capillary-groups/ })
      .first()
      .click();
    const before = writes(sandbox.requests);
    await clickLens(vscode, /Apply to Production/);
    await toast(
      vscode,
      /Nothing to change: Production \(org 100737\) already matches UAT\.capillary-groups\.json \(4 unchanged, 1 on the server only\)\. Nothing was sent\./,
    );
    assert.equal(writes(sandbox.requests), before);
  });

  it('Copy CI Command on the CodeLens: the line that plans the file against Production by its name in capillary-connections.json, and the variables to set', async () => {
    const { vscode, sandbox } = scenario;
    // The team's connections file, committed beside the groups files: the same items as the settings.
    fs.writeFileSync(path.join(workspace, 'capillary-connections.json'), JSON.stringify(uatAndProduction(sandbox)));
    await vscode.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(vscode.url).origin,
    });
    await vscode.page
      .locator('.tabs-container .tab', { hasText: /^UAT\.capillary-groups/ })
      .first()
      .click();
    await vscode.runCommand('Notifications: Clear All Notifications');
    // For the README: the whole lens row in view, the side bar hidden while it is taken.
    await vscode.runCommand('View: Toggle Primary Side Bar Visibility');
    const before = sandbox.requests.length;
    await clickLens(vscode, /Copy CI Command/);
    await toast(
      vscode,
      /Copied the command line that plans UAT\.capillary-groups\.json against Production\. The pipeline must set CAPILLARY_TILL_PRODUCTION and CAPILLARY_PASSWORD_PRODUCTION \(as secrets\)\./,
    );
    const clipboard = await waitUntil(
      async () => String(await vscode.page.evaluate('navigator.clipboard.readText()')),
      (text) => text !== '',
      { message: 'the command line on the clipboard' },
    );
    assert.equal(clipboard, 'npx --no-install capillary-groups plan UAT.capillary-groups.json --connection Production');
    assert.equal(sandbox.requests.length, before, 'nothing is sent');
    // The message in full: its toast expanded (a toast without buttons shows one line until then).
    await vscode.page.locator('.notification-toast').first().hover();
    await vscode.page
      .locator('.notification-toast .codicon-notifications-expand')
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await vscode.page.mouse.move(700, 600);
    await vscode.screenshot('copy-ci-command');
    await vscode.runCommand('View: Toggle Primary Side Bar Visibility');
  });

  it('an apply cancelled half-way: the result says what was done, and a new plan shows exactly what remains', async () => {
    const { vscode, sandbox } = scenario;
    const many = path.join(workspace, 'seasonal.capillary-groups.json');
    const names = Array.from({ length: 12 }, (_, i) => `Season ${String(i + 1).padStart(2, '0')}`);
    fs.writeFileSync(
      many,
      `{\n  "groups": [\n${names.map((name, i) => `    { "name": "${name}", "rank": ${20 + i} }`).join(',\n')}\n  ]\n}\n`,
    );
    await openFile(vscode, many);
    // Each create takes a while, so that Cancel lands half-way.
    sandbox.inject({ pathIncludes: '/group/create', passThrough: true, delayMs: 1500, times: 12 });
    await clickLens(vscode, /Apply to Production/);
    await prompt(vscode, /Apply seasonal\.capillary-groups\.json to Production/);
    await vscode.pickQuickItem('Apply');
    await waitUntil(
      () => vscode.notifications(),
      (toasts) => toasts.some((t) => /Applying seasonal\.capillary-groups\.json to Production .*[3-9] of 12/.test(t)),
      { timeoutMs: 30_000, message: 'the apply half-way' },
    );
    await vscode.clickNotificationButton('Cancel');
    const ended = await toast(
      vscode,
      /seasonal\.capillary-groups\.json → Production \(org 100737\)\. Cancelled: (\d+) created, 0 updated, 0 unchanged, 0 skipped, 0 failed, (\d+) not sent, 5 on the server only, left as they are\. Plan again to see what remains\./,
    );
    const [, created, notSent] = /Cancelled: (\d+) created, .* (\d+) not sent,/.exec(ended)!;
    const stored = sandbox.groups(SANDBOX_ORG_ID).filter((g) => g.name.startsWith('Season '));
    assert.equal(stored.length, Number(created), ended);
    assert.equal(Number(created) + Number(notSent), 12);
    await vscode.page
      .locator('.tabs-container .tab', { hasText: /^seasonal\.capillary-groups/ })
      .first()
      .click();
    await clickLens(vscode, /Plan against Production/);
    await toast(
      vscode,
      new RegExp(
        `Plan of seasonal\\.capillary-groups\\.json for Production \\(org 100737\\): ${notSent} to create, ${created} unchanged, 5 on the server only\\.`,
      ),
    );
  });
  it('compares UAT with Production side by side, and saves the difference as a file to apply', async () => {
    const { vscode } = scenario;
    await vscode.runCommand('Capillary Rewards: Compare Groups Between Connections…');
    await prompt(vscode, /Compare Groups \(1\/2\)/);
    await vscode.pickQuickItem('UAT');
    await prompt(vscode, /Compare Groups \(2\/2\)/);
    assert.deepEqual(await vscode.quickPickItems(), ['Production']);
    await vscode.pickQuickItem('Production');
    // UAT has VIP Silver at rank 2 (Production: 3) and nothing Production lacks but that; Production has more.
    await toast(
      vscode,
      /Compared UAT \(org 100458\) with Production \(org 100737\): 0 only in UAT, 1 differ, \d+ only in Production\./,
    );
    await waitUntil(
      () => tabs(vscode),
      (labels) => labels.some((label) => /^UAT \(org 100458\) ↔ Production \(org 100737\)/.test(label)),
      { message: 'the comparison in the diff editor' },
    );
    await vscode.clickNotificationButton('Save Difference as Groups File…');
    await prompt(vscode, /The groups Production \(org 100737\) lacks or holds otherwise/);
    await vscode.pressEnter();
    await toast(vscode, /Saved UAT-to-Production\.capillary-groups\.json: 1 group as UAT .* holds it\./);
    assert.deepEqual(
      JSON.parse(fs.readFileSync(path.join(workspace, 'UAT-to-Production.capillary-groups.json'), 'utf8')),
      {
        groups: [{ name: 'VIP Silver', rank: 2, isActive: true }],
        deactivateMissing: false,
      },
    );
  });
});
