import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { waitUntil } from './vscode';
import {
  BASIC,
  createGroup,
  LOG_CHANNEL,
  secretLeaks,
  openGroupsView,
  prompt,
  signIn,
  toast,
  treeRow,
  useScenario,
  viewMessage,
  welcome,
} from './support';

/** Faults as a user meets them in a real VS Code: what the messages say, Retry, Cancel, and no secret anywhere. */
describe('UI: faults on the way to Capillary', function () {
  this.timeout(120_000);
  const scenario = useScenario('faults', (sandbox) => ({
    userSettings: { 'capillaryRewards.host': sandbox.url, 'capillaryRewards.requestTimeoutSeconds': 5 },
  }));
  /** Every notification text seen during the scenario, for the secret sweep at the end. */
  const seen = new Set<string>();
  const expectToast = async (pattern: RegExp) => {
    const text = await toast(scenario.vscode, pattern);
    (await scenario.vscode.notifications()).forEach((t) => seen.add(t));
    return text;
  };
  const inputValue = () => scenario.vscode.page.locator('.quick-input-widget .quick-input-box input').inputValue();
  const creates = () => scenario.sandbox.requests.filter((r) => r.path.endsWith('/group/create'));
  /** Retry on the failure: both prompts come back holding what was typed; Enter, Enter sends it. */
  const retryKeepsValues = async (name: string, rank: string) => {
    const { vscode } = scenario;
    await vscode.clickNotificationButton('Retry');
    await prompt(vscode, /Name of the new reward group/);
    assert.equal(await inputValue(), name);
    await vscode.pressEnter();
    await prompt(vscode, new RegExp(`Rank of '${name}'`));
    assert.equal(await inputValue(), rank);
    await vscode.pressEnter();
  };
  // Only three toasts show at a time: each test starts with none, so its own are the ones seen.
  beforeEach(async () => {
    if (scenario.vscode) await scenario.vscode.runCommand('Notifications: Clear All Notifications');
  });

  it('signs in', async () => {
    const { vscode } = scenario;
    await openGroupsView(vscode);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    await signIn(vscode, BASIC.username, BASIC.password);
    await welcome(vscode, /This org has no reward groups yet/);
  });

  it('a gateway error: says it was most likely not created, and Retry reopens both prompts filled in and creates it once', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.inject({
      status: 504,
      body: '<html><body>Gateway Timeout</body></html>',
      headers: { 'content-type': 'text/html' },
      pathIncludes: '/group/create',
    });
    await createGroup(vscode, 'Gateway Gold', '4');
    const message = await expectToast(/HTTP 504 from 127\.0\.0\.1:\d+, not a Capillary answer/);
    assert.match(
      message,
      /No group named 'Gateway Gold' was found on 127\.0\.0\.1:\d+ afterwards, so it was most likely not created; Retry to send it again\./,
    );
    await vscode.screenshot('gateway-error');
    await retryKeepsValues('Gateway Gold', '4');
    await expectToast(/Created the group 'Gateway Gold' with ID \d+/);
    await treeRow(vscode, /^Gateway Gold (rank \S+ · )?#/);
    assert.deepEqual(
      sandbox.groups().map((g) => [g.name, g.rank]),
      [['Gateway Gold', 4]],
    );
    assert.equal(creates().length, 2, 'the failed POST and the Retry, nothing more');
  });

  it('Cancel on the progress notification stops the create, says whether it was stored, and Retry keeps the values', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.inject({ status: 200, body: '{}', pathIncludes: '/group/create', delayMs: 60_000 });
    await createGroup(vscode, 'Cancel Me', '2');
    await expectToast(/Creating the group 'Cancel Me'/);
    await vscode.screenshot('create-in-progress');
    await vscode.clickNotificationButton('Cancel');
    const message = await expectToast(/The create was cancelled/);
    assert.match(
      message,
      /^The create was cancelled\. No group named 'Cancel Me' was found on 127\.0\.0\.1:\d+ afterwards, so it was most likely not created; Retry to send it again\./,
    );
    await retryKeepsValues('Cancel Me', '2');
    await expectToast(/Created the group 'Cancel Me'/);
    assert.equal(sandbox.groups().filter((g) => g.name === 'Cancel Me').length, 1);
  });

  it('an answer lost after the group was stored is reported as created, not as a failure', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
    await createGroup(vscode, 'Lost Answer', '1');
    const message = await expectToast(/Created the group 'Lost Answer'/);
    assert.match(
      message,
      /Its answer was lost on the way back; it was found by name, with the rank sent, created at .*, after this create was sent\./,
    );
    await treeRow(vscode, /^Lost Answer (rank \S+ · )?#/);
    assert.equal(sandbox.groups().filter((g) => g.name === 'Lost Answer').length, 1);
    assert.equal(creates().filter((r) => r.body.includes('Lost Answer')).length, 1, 'sent once');
  });

  it('a rate limit says how long to wait', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.inject({ status: 429, body: '', headers: { 'Retry-After': '20' }, pathIncludes: '/group/create' });
    await createGroup(vscode, 'Too Fast', '');
    await expectToast(/127\.0\.0\.1:\d+ is rate-limiting requests \(HTTP 429\)\. Wait 20 s, then try again\./);
    assert.equal(sandbox.groups().filter((g) => g.name === 'Too Fast').length, 0);
  });

  it('an unusable setting is named in the view, with what is used instead', async () => {
    const { vscode } = scenario;
    const settingsFile = path.join(vscode.userDataDir, 'User', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ ...settings, 'capillaryRewards.apiPrefix': 'api_gateway/core/v1' }, null, 2),
    );
    // Written behind VS Code's back: code-server here does not watch the file, a reload reads it.
    await vscode.reloadWindow();
    await openGroupsView(vscode);
    // Above the rows (an empty view keeps its welcome buttons instead), and announced once.
    const text = await waitUntil(
      () => viewMessage(vscode),
      (message) =>
        /capillaryRewards\.apiPrefix "api_gateway\/core\/v1" is ignored: .* Using \/api_gateway\/core\/v1\. — Showing 3 of 3 groups/.test(
          message,
        ),
      { timeoutMs: 15_000, message: 'the view message naming the setting' },
    );
    // The problem leads; the summary may still end in "cached …, refreshing…" right after the reload.
    assert.match(
      text,
      /^capillaryRewards\.apiPrefix "api_gateway\/core\/v1" is ignored: .* Using \/api_gateway\/core\/v1\. — Showing 3 of 3 groups · by rank, lowest first( · |$)/,
    );
    await expectToast(/capillaryRewards\.apiPrefix "api_gateway\/core\/v1" is ignored/);
    await vscode.screenshot('setting-problem');
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    await vscode.reloadWindow();
  });

  it('no secret in the log channel, messages, the window text, the settings files or the requests outside their auth headers', async () => {
    assert.match(
      await scenario.vscode.extensionLog(LOG_CHANNEL, { all: true }),
      /POST http:\/\/127\.0\.0\.1:\d+\/api_gateway\/core\/v1\/group\/create → 200 in \d+ ms \[X-Cap-Requestid /,
      'the log has the requests',
    );
    assert.ok(scenario.sandbox.issuedTokens.length + scenario.sandbox.requests.length > 0);
    assert.deepEqual(await secretLeaks(scenario, [...seen]), []);
  });
});
