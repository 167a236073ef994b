import { strict as assert } from 'assert';
import { USER_IDS } from '../sandbox/server';
import { BASIC, createGroup, openGroupsView, prompt, signIn, toast, treeRow, useScenario, welcome } from './support';

/**
 * What a user is told when a create's answer is lost while a colleague works on the same org and
 * the server's clock is far from this machine's: "Created" only for their own group.
 */
describe('UI: true outcomes with a second user and a server clock an hour off', function () {
  this.timeout(120_000);
  const scenario = useScenario('outcomes', (sandbox) => ({ userSettings: { 'capillaryRewards.host': sandbox.url } }));
  const creates = (name: string) =>
    scenario.sandbox.requests.filter((r) => r.path.endsWith('/group/create') && r.body.includes(JSON.stringify(name)));

  it('signs in with the view open', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.setClockOffset(3_600_000);
    await openGroupsView(vscode);
    await welcome(vscode, /not signed in to the cluster named in this view's title/);
    await signIn(vscode, BASIC.username, BASIC.password);
    await welcome(vscode, /This org has no reward groups yet/);
  });

  it('my group, stored but its answer lost, with the server clock an hour ahead: told created, once', async () => {
    const { vscode, sandbox } = scenario;
    sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
    await createGroup(vscode, 'Clocked Gold', '1');
    const message = await toast(vscode, /Created the group 'Clocked Gold'/);
    assert.match(
      message,
      /Its answer was lost on the way back; it was found by name, with the rank sent, created at .+ by user 75155282, after this create was sent/,
    );
    await treeRow(vscode, /^Clocked Gold (rank 1 · )?#\d+/);
    assert.equal(creates('Clocked Gold').length, 1);
  });

  it("a colleague's 'Gold' stored after the list was read: my lost create is not reported as created, and Retry's name prompt refuses the name", async () => {
    const { vscode, sandbox } = scenario;
    sandbox.addGroup({ name: 'Gold', rank: 9, createdBy: USER_IDS['colleague.till'] });
    sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
    await createGroup(vscode, 'Gold', '1');
    const message = await toast(vscode, /A group named 'Gold'/);
    assert.match(
      message,
      /A group named 'Gold' \(#\d+\) exists on 127\.0\.0\.1:\d+, created by user 75155291 at .+; it may not be yours\. Names are unique, so no second group of that name was created/,
    );
    assert.ok(
      !(await vscode.notifications()).some((text) => /Created the group 'Gold'/.test(text)),
      'never told created',
    );
    // The tree shows the colleague's group as it is, not marked new.
    const row = await treeRow(vscode, /^Gold (rank 9 · )?#\d+/);
    assert.doesNotMatch(row, /new/);
    await vscode.screenshot('name-held-by-a-colleague');
    await vscode.clickNotificationButton('Retry');
    await prompt(vscode, /Name of the new reward group/);
    // VS Code shows an input box's verdict on its first value once Enter is pressed; Enter is refused.
    await vscode.pressEnter();
    const refusal = await prompt(vscode, /A group named 'Gold' already exists \(#\d+\): choose another name/);
    assert.match(refusal, /already exists/);
    await vscode.page.keyboard.press('Escape');
    assert.equal(creates('Gold').length, 1, 'sent once, never again');
    assert.deepEqual(
      sandbox.groups().map((g) => [g.name, g.createdBy]),
      [
        ['Clocked Gold', USER_IDS['demo.till']],
        ['Gold', USER_IDS['colleague.till']],
      ],
    );
  });
});
