import { strict as assert } from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { md5Hex } from '../../src/api/auth';
import { createGroup } from '../../src/commands/createGroup';
import { GroupList } from '../../src/groups/groupList';
import { listSummary } from '../../src/views/groupPresentation';
import { secretKey } from '../../src/foundation/credentials';
import { NameTakenError } from '../../src/groups/groupService';
import { DEMO_CREDENTIALS, Sandbox, USER_IDS } from '../sandbox/server';
import { demoBasic, type FlowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';
import { lookupSeesOlder, colleagueClient } from '../support/answers';

describe('Create Group flow (prompts → request → tree), against the sandbox', () => {
  let sandbox: Sandbox;
  let env: FlowEnv;
  const creates = () => sandbox.requests.filter((request) => request.path.endsWith('/group/create'));

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url }), signedIn: true, bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });

  it('asks for the name then the rank, creates the group and shows it in the tree', async () => {
    env.ui.type('  VIP Gold  ').type('3').answer('Copy ID');
    await createGroup(env.deps);
    await env.ui.settle();

    assert.deepEqual(
      env.ui.inputs.map((input) => input.request.title),
      ['Create Group (1/2)', 'Create Group (2/2)'],
    );
    assert.equal(creates().length, 1);
    assert.equal(creates()[0]!.body, '{"name":"VIP Gold","rank":3}');
    const [stored] = sandbox.groups();
    const tree = env.deps.list.get(sandbox.url)!;
    assert.deepEqual(tree.groups, [stored]);
    assert.deepEqual([...tree.newIds], [stored!.id], 'marked new');
    assert.equal(
      listSummary(tree),
      'Showing 1 of 1 group · by rank, lowest first',
      'the list was read after the create, so it holds it',
    );
    assert.deepEqual(env.revealed, [stored]);
    assert.deepEqual(env.ui.progressTitles, [
      `Creating the group 'VIP Gold' on ${sandbox.url.replace('http://', '')}…`,
    ]);
    const success = env.ui.lastMessage()!;
    assert.equal(success.level, 'info');
    assert.match(
      success.text,
      new RegExp(`Created the group 'VIP Gold' with ID ${stored!.id} on 127\\.0\\.0\\.1:\\d+\\.`),
    );
    assert.deepEqual(success.actions, ['Copy ID']);
    assert.equal(env.ui.clipboard, String(stored!.id));
  });

  it('creates with rank null when the rank is left empty, and no extra request', async () => {
    sandbox.addGroup({ name: 'Existing' });
    await env.deps.list.refresh(sandbox.url); // the view is open
    const before = sandbox.requests.length;
    env.ui.type('No Rank').type('').answer(undefined);
    await createGroup(env.deps);
    assert.equal(creates()[0]!.body, '{"name":"No Rank","rank":null}');
    assert.equal(sandbox.requests.length, before + 1, 'the tree is filled from the create answer');
    const list = env.deps.list.get(sandbox.url)!;
    assert.deepEqual(
      list.groups.map((g) => [g.name, g.rank]),
      [
        ['Existing', null],
        ['No Rank', null],
      ],
      'where the sort puts it: unranked after the ranked, by id',
    );
    assert.equal(list.total, 2, 'a group created here exists on the server: it counts');
    assert.equal(listSummary(list), 'Showing 2 of 2 groups · by rank, lowest first');
  });

  it('says why a new group is not in the view when the view is filtered by a name it does not contain', async () => {
    sandbox.addGroup({ name: 'Silver Tier', rank: 2 });
    await env.deps.list.setOptions(sandbox.url, { name: 'tier' });
    env.ui
      .type('Gold')
      .type('1')
      .answer(
        undefined,
        /^Created the group 'Gold' with ID \d+ on .*\. The Groups view does not list it: it shows only names containing 'tier' \(Clear Filter shows every group\)\.$/,
      );
    await createGroup(env.deps);
    await env.ui.settle();
    assert.deepEqual(env.ui.lastMessage()!.actions, ['Copy ID', 'Clear Filter']);
    const list = env.deps.list.get(sandbox.url)!;
    assert.deepEqual(
      list.groups.map((g) => g.name),
      ['Silver Tier'],
    );
    assert.equal(list.total, 1);
    assert.deepEqual(env.revealed, [], 'nothing to reveal');
  });

  it('counts a group once when the list is first read after the create (the view was never opened)', async () => {
    for (let rank = 1; rank <= 3; rank++) sandbox.addGroup({ name: `Ranked ${rank}`, rank });
    env.settings.values.pageSize = 2;
    env.ui.type('Late Rank').type('50').answer(undefined);
    await createGroup(env.deps);
    await env.ui.settle();
    const list = env.deps.list.get(sandbox.url)!;
    assert.equal(list.total, 4, 'the page read after the create already counts it');
    assert.equal(listSummary(list), 'Showing 3 of 4 groups · by rank, lowest first');
  });

  it('refuses bad names and ranks in the input box and sends nothing until they are fixed', async () => {
    env.ui
      .type('', '   ', 'a'.repeat(256), 'Gold')
      .type('abc', '1.5', '1e3', '0x10', '2147483648', '٣', '4')
      .answer(undefined);
    await createGroup(env.deps);
    const [name, rank] = env.ui.inputs;
    assert.deepEqual(
      name!.rejected.map((r) => r.message),
      [
        'Enter a group name; it cannot be empty.',
        'Enter a group name; it cannot be empty.',
        'The name is 256 characters long; Capillary accepts at most 255.',
      ],
    );
    assert.equal(rank!.rejected.length, 6);
    assert.match(rank!.rejected[0]!.message, /'abc' is not a number/);
    assert.match(rank!.rejected[1]!.message, /decimal part/);
    assert.match(rank!.rejected[2]!.message, /exponent/);
    assert.match(rank!.rejected[3]!.message, /hexadecimal/);
    assert.match(rank!.rejected[4]!.message, /between/);
    assert.match(rank!.rejected[5]!.message, /digits 0–9/);
    assert.equal(creates().length, 1);
    assert.equal(creates()[0]!.body, '{"name":"Gold","rank":4}');
  });

  it('sends nothing when the user presses Escape at either prompt', async () => {
    env.ui.type(undefined);
    await createGroup(env.deps);
    env.ui.type('Half typed').type(undefined);
    await createGroup(env.deps);
    assert.equal(sandbox.requests.length, 0);
    assert.equal(env.ui.messages.length, 0);
  });

  it('names the group when the name is taken, and Retry reopens the prompts filled in', async () => {
    sandbox.addGroup({ name: 'Taken' });
    env.ui
      .type('taken')
      .type('7')
      .answer(
        'Retry',
        /^A group named 'Taken' \(#2412\) exists on 127\.0\.0\.1:\d+, created by user 75155282 at .+\. Choose another name\.$/,
      )
      .type('Taken Too')
      .type('7')
      .answer(undefined);
    await createGroup(env.deps);
    const [, , retryName, retryRank] = env.ui.inputs;
    assert.equal(retryName!.request.value, 'taken');
    assert.equal(retryRank!.request.value, '7');
    assert.equal(env.ui.messages[0]!.level, 'error');
    assert.deepEqual(env.ui.messages[0]!.actions, ['Retry']);
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['Taken', 'Taken Too'],
    );
    assert.deepEqual(
      env.deps.list.get(sandbox.url)!.groups.map((g) => g.name),
      ['Taken Too', 'Taken'],
    );
  });

  it('asks to sign in again when the stored credentials are rejected, then goes on with the typed values', async () => {
    await env.credentials.save(sandbox.url, { ...demoBasic, passwordMd5: 'wrong' });
    env.ui
      .type('Gold')
      .type('1')
      .answer(
        'Sign In',
        /refused to create the group 'Gold': the credentials were rejected \(HTTP 401\)\. Sign in again\./,
      )
      .type('demo.till')
      .type(DEMO_CREDENTIALS.basic.password)
      .type('Gold')
      .type('1')
      .answer(undefined);
    await createGroup(env.deps);
    assert.equal(env.ui.inputs[2]!.request.value, 'demo.till', 'the username is filled in');
    assert.equal(env.ui.inputs[4]!.request.value, 'Gold');
    assert.equal(env.ui.inputs[5]!.request.value, '1');
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['Gold'],
    );
    assert.deepEqual(JSON.parse(env.secrets.data.get(secretKey(sandbox.url, 'basic'))!), demoBasic);
  });

  it('explains a 403 access-group refusal', async () => {
    const noAccess = DEMO_CREDENTIALS.noAccess;
    await env.credentials.save(sandbox.url, {
      method: 'basic',
      username: noAccess.username,
      passwordMd5: md5Hex(noAccess.password),
    });
    env.ui.type('Gold').type('').answer(undefined);
    await createGroup(env.deps);
    assert.match(
      env.ui.lastMessage()!.text,
      /Access denied on 127\.0\.0\.1:\d+: your till or API client may not manage reward groups \(Capillary code 4000\)/,
    );
    assert.deepEqual(env.ui.lastMessage()!.actions, ['Retry', 'Sign In', 'Show Log']);
  });

  it('says which host could not be reached and why, with Show Log', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    env.settings.values.host = origin;
    await env.credentials.save(origin, demoBasic);
    env.ui.type('Gold').type('2').answer('Show Log');
    await createGroup(env.deps);
    const message = env.ui.lastMessage()!;
    assert.match(
      message.text,
      new RegExp(
        `Could not reach ${origin.replace('http://', '').replace(/\./g, '\\.')} to create the group 'Gold': connect ECONNREFUSED`,
      ),
    );
    assert.deepEqual(message.actions, ['Retry', 'Show Log']);
    assert.equal(env.counters.logShown, 1);
    const posts = env.logLines.filter((line) => line.startsWith('warn POST'));
    assert.equal(posts.length, 1, posts.join('\n'));
    assert.match(
      posts[0]!,
      new RegExp(
        `^warn POST ${origin.replace(/\./g, '\\.')}/api_gateway/core/v1/group/create → failed \\(connect ECONNREFUSED [^)]+\\) in \\d+ ms$`,
      ),
    );
  });

  it('says when the host did not answer in time', async () => {
    env.settings.values.requestTimeoutSeconds = 0.2;
    sandbox.inject({ status: 200, body: '{}', delayMs: 1500 });
    env.ui.type('Slow').type('').answer(undefined);
    await createGroup(env.deps);
    assert.match(
      env.ui.lastMessage()!.text,
      /did not answer in time \(no answer within 0\.2 s\) while trying to create the group 'Slow'/,
    );
  });

  it('reports an HTML gateway page as not a Capillary answer, with Retry that keeps the values', async () => {
    sandbox.inject({
      status: 502,
      body: '<html><h1>Bad Gateway</h1></html>',
      headers: { 'content-type': 'text/html' },
    });
    env.ui
      .type('Gold')
      .type('5')
      .answer('Retry', /HTTP 502 from 127\.0\.0\.1:\d+, not a Capillary answer/)
      .type('Gold')
      .type('5')
      .answer(undefined);
    await createGroup(env.deps);
    assert.equal(sandbox.groups().length, 1);
  });

  it('walks through Select Cluster and Sign In first when neither is done', async () => {
    env.settings.values.host = '';
    env.secrets.data.clear(); // as if signed out in another window,
    env.credentials.forget(); // which SecretStorage's change event tells this one
    env.ui
      .choose('Enter URL…')
      .type('ftp://nope', sandbox.url)
      .type('demo.till')
      .type('', DEMO_CREDENTIALS.basic.password)
      .type('First Group')
      .type('')
      .answer(undefined);
    await createGroup(env.deps);
    assert.equal(env.settings.values.host, sandbox.url);
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['First Group'],
    );
    assert.deepEqual(
      env.ui.inputs[2]!.rejected.map((r) => r.message),
      ['Enter the password; it cannot be empty.'],
    );
    assert.equal(env.ui.inputs[2]!.request.password, true);
  });

  it('does not send a second create for the same name while the first is on its way', async () => {
    const answer = {
      id: 5000,
      orgId: 100737,
      name: 'Twice',
      rank: 1,
      isActive: true,
      createdBy: 1,
      createdOn: Date.now(),
      lastUpdatedBy: 1,
      lastUpdatedOn: Date.now(),
    };
    sandbox.inject({
      status: 200,
      body: JSON.stringify(answer),
      pathIncludes: '/group/create',
      delayMs: 400,
      times: 2,
    });
    env.ui.type('Twice').type('1').answer(undefined).type('twice').type('1');
    const first = createGroup(env.deps);
    while (creates().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await createGroup(env.deps);
    assert.match(
      env.ui.lastMessage()!.text,
      /The group 'twice' is already being created on 127\.0\.0\.1:\d+; wait for that to finish\./,
    );
    await first;
    assert.equal(creates().length, 1);
    assert.match(env.ui.lastMessage()!.text, /Created the group 'Twice' with ID 5000/);
  });

  it('joins concurrent service calls for the same name into one request', async () => {
    const [a, b] = await Promise.all([
      env.groups().createGroup({ name: 'Joined', rank: null }),
      env.groups().createGroup({ name: 'JOINED', rank: null }),
    ]);
    assert.equal(creates().length, 1);
    assert.deepEqual(a, b);
    await env.groups().createGroup({ name: 'Joined 2', rank: null });
    assert.equal(creates().length, 2, 'a later, different create is sent');
  });

  it('offers what was typed again after Escape or a failure, and forgets it after success', async () => {
    env.ui.type('Draft Name').type(undefined);
    await createGroup(env.deps);
    sandbox.addGroup({ name: 'Draft Name' });
    env.ui.type('Draft Name').type('4').answer(undefined);
    await createGroup(env.deps);
    env.ui.type('Draft Name 2').type('4').answer(undefined);
    await createGroup(env.deps);
    env.ui.type('Next').type('');
    await createGroup(env.deps);
    const values = env.ui.inputs.map((input) => input.request.value);
    assert.deepEqual(values, [undefined, undefined, 'Draft Name', undefined, 'Draft Name', '4', undefined, undefined]);
  });

  it('shows the log and then the same message again, so Retry stays within reach', async () => {
    sandbox.inject({ status: 503, body: '' });
    env.ui.type('Gold').type('1').answer('Show Log').answer('Retry').type('Gold').type('1').answer(undefined);
    await createGroup(env.deps);
    assert.equal(env.counters.logShown, 1);
    assert.equal(env.ui.messages[0]!.text, env.ui.messages[1]!.text);
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['Gold'],
    );
  });

  it('never sends the previous host its credentials after the cluster changes', async () => {
    const other = await Sandbox.start();
    try {
      env.ui.type('On A').type('').answer(undefined);
      await createGroup(env.deps); // warms a client for A
      env.settings.values.host = other.url;
      await env.credentials.save(other.url, {
        method: 'basic',
        username: DEMO_CREDENTIALS.basicTestVector.username,
        passwordMd5: md5Hex(DEMO_CREDENTIALS.basicTestVector.password),
      });
      const before = sandbox.requests.length;
      env.ui.type('On B').type('').answer(undefined);
      await createGroup(env.deps);
      assert.equal(sandbox.requests.length, before, 'nothing more reached A');
      assert.deepEqual(
        other.groups().map((g) => g.name),
        ['On B'],
      );
      assert.equal(
        other.requests[0]!.headers['authorization'],
        'Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3',
      );
      assert.deepEqual(
        env.deps.list.get(other.url)!.groups.map((g) => g.name),
        ['On B'],
      );
      assert.deepEqual(
        env.deps.list.get(sandbox.url)!.groups.map((g) => g.name),
        ['On A'],
      );
    } finally {
      await other.close();
    }
  });

  it('goes straight to the prompts after Select Cluster when that cluster already has credentials', async () => {
    env.settings.values.host = 'http://example.com';
    env.ui
      .answer('Select Cluster', /is not usable: Use https/)
      .choose('Enter URL…')
      .type(sandbox.url)
      .type('Known')
      .type('')
      .answer(undefined);
    await createGroup(env.deps);
    assert.deepEqual(
      env.ui.inputs.map((i) => i.request.title),
      ['Select Capillary Cluster: Enter URL', 'Create Group (1/2)', 'Create Group (2/2)'],
    );
    assert.deepEqual(
      sandbox.groups().map((g) => g.name),
      ['Known'],
    );
  });

  it('scrubs the typed password from anything logged later', async () => {
    await env.credentials.clear(sandbox.url);
    env.ui.type('demo.till').type(DEMO_CREDENTIALS.basic.password).type('Scrub').type('');
    await createGroup(env.deps);
    env.deps.log.error(
      `something echoed ${DEMO_CREDENTIALS.basic.password} and ${md5Hex(DEMO_CREDENTIALS.basic.password)}`,
    );
    assert.ok(
      env.logLines.every(
        (line) =>
          !line.includes(DEMO_CREDENTIALS.basic.password) && !line.includes(md5Hex(DEMO_CREDENTIALS.basic.password)),
      ),
    );
    assert.match(env.logLines[env.logLines.length - 1]!, /something echoed ‹redacted› and ‹redacted›/);
  });

  describe('when the answer to the create is lost', () => {
    it('looks the name up: a reset after the group was stored is reported as created, once', async () => {
      sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
      env.ui.type('Lost Answer').type('2');
      await createGroup(env.deps);
      await env.ui.settle();
      assert.equal(creates().length, 1, 'not sent twice');
      assert.deepEqual(
        sandbox.groups().map((g) => g.name),
        ['Lost Answer'],
      );
      assert.match(
        env.ui.lastMessage()!.text,
        /^Created the group 'Lost Answer' with ID \d+ on .*\. Its answer was lost on the way back; it was found by name, with the rank sent, created at .+ by user 75155282, after this create was sent\. Your user id is not known yet in this window \(no create or edit of yours has been answered\), so check that user 75155282 is you\.$/,
      );
      assert.equal(env.deps.list.get(sandbox.url)!.groups[0]!.name, 'Lost Answer');
      const sent = sandbox.requests.map((r) => `${r.method} ${r.query.name ?? ''}`);
      assert.deepEqual(
        sent.slice(sent.indexOf('POST '), sent.indexOf('POST ') + 2),
        ['POST ', 'GET Lost Answer'],
        'the lookup right after the POST',
      );
    });

    it('a timeout after the group was stored is reported as created', async () => {
      env.settings.values.requestTimeoutSeconds = 0.3;
      sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, delayMs: 1500 });
      env.ui.type('Slow Answer').type('');
      await createGroup(env.deps);
      await env.ui.settle();
      assert.deepEqual(
        sandbox.groups().map((g) => g.name),
        ['Slow Answer'],
      );
      assert.match(env.ui.lastMessage()!.text, /Created the group 'Slow Answer'.*found by name, with the rank sent/);
    });

    it('a gateway error after the group was stored is reported as created', async () => {
      sandbox.inject({
        status: 502,
        body: '<html>Bad Gateway</html>',
        headers: { 'content-type': 'text/html' },
        pathIncludes: '/group/create',
        afterHandling: true,
      });
      env.ui.type('Behind Gateway').type('');
      await createGroup(env.deps);
      await env.ui.settle();
      assert.deepEqual(
        sandbox.groups().map((g) => g.name),
        ['Behind Gateway'],
      );
      assert.match(env.ui.lastMessage()!.text, /Created the group 'Behind Gateway'.*found by name, with the rank sent/);
    });

    it('finds the group among many partial matches, reading further pages', async () => {
      for (let i = 0; i < 120; i++) sandbox.addGroup({ name: `AB ${i}` });
      sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
      const created = await env.groups().createGroup({ name: 'AB', rank: null });
      assert.equal(created.recovered, 'lost-answer');
      assert.equal(created.group.name, 'AB');
    });

    it('a reset before anything was stored is a failure that says Retry is safe, and Retry creates it once', async () => {
      sandbox.inject({ status: 200, pathIncludes: '/group/create', destroySocket: true });
      env.ui
        .type('Never Stored')
        .type('')
        .answer(
          'Retry',
          /No group named 'Never Stored' was found on .* afterwards, so it was most likely not created; Retry to send it again\./,
        )
        .type('Never Stored')
        .type('');
      await createGroup(env.deps);
      await env.ui.settle();
      assert.deepEqual(
        sandbox.groups().map((g) => g.name),
        ['Never Stored'],
      );
      assert.equal(creates().length, 2);
    });

    it('a second try refused as a duplicate because the unconfirmed first one was stored after all is reported as created', async () => {
      sandbox.inject({ status: 200, pathIncludes: '/group/create', destroySocket: true });
      env.ui
        .type('Late Store')
        .type('4')
        .answer(undefined, /most likely not created; Retry/);
      await createGroup(env.deps);
      // A slow server stores the first POST only after the lookup found nothing.
      sandbox.addGroup({ name: 'Late Store', rank: 4 });
      env.ui.type('Late Store').type('4'); // offered again: the draft was kept
      await createGroup(env.deps);
      await env.ui.settle();
      assert.deepEqual(
        env.ui.inputs.slice(2).map((input) => input.request.value),
        ['Late Store', '4'],
      );
      assert.match(
        env.ui.lastMessage()!.text,
        /^Created the group 'Late Store' with ID \d+ on .* by your earlier attempt, whose answer was lost \(found by name, created at .+ by user 75155282\); it was not created twice\. Your user id is not known yet in this window .*, so check that user 75155282 is you\.$/,
      );
      assert.equal(sandbox.groups().length, 1);
    });

    it("a colleague's group stored after an unconfirmed attempt could still have been stored is not that attempt's", async () => {
      sandbox.inject({ status: 200, pathIncludes: '/group/create', destroySocket: true });
      await assert.rejects(env.groups().createGroup({ name: 'Gold', rank: null }), { name: 'UnconfirmedCreateError' });
      // Three minutes later by the server's clock a colleague stores 'Gold', also without a rank.
      sandbox.setClockOffset(180_000);
      const theirs = sandbox.addGroup({ name: 'Gold', rank: null, createdBy: USER_IDS['colleague.till'] });
      await assert.rejects(
        env.groups().createGroup({ name: 'Gold', rank: null }),
        (error: NameTakenError) =>
          error instanceof NameTakenError && !error.answerLost && error.existing.id === theirs.id,
      );
    });

    it("a group stored by an earlier attempt is found as that attempt's when a later attempt's answer is lost too", async () => {
      // Attempt 1 is stored, its answer lost, and the lookup fails as well.
      sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
      sandbox.inject({
        status: 500,
        method: 'GET',
        pathIncludes: 'name=Twice',
        body: '<html>500</html>',
        headers: { 'content-type': 'text/html' },
      });
      await assert.rejects(
        env.groups().createGroup({ name: 'Twice', rank: 3 }),
        (error: Error) => error.name === 'UnconfirmedCreateError',
      );
      sandbox.setClockOffset(10_000); // ten seconds later on the server
      // Attempt 2's answer is lost too (the server would have refused it as a duplicate).
      sandbox.inject({ status: 200, pathIncludes: '/group/create', destroySocket: true });
      const created = await env.groups().createGroup({ name: 'Twice', rank: 3 });
      assert.equal(created.recovered, 'earlier-attempt');
      assert.equal(sandbox.groups().length, 1);
    });

    it('a duplicate of a group made long before an unconfirmed attempt stays a duplicate', async () => {
      sandbox.inject({ status: 200, pathIncludes: '/group/create', destroySocket: true });
      await assert.rejects(env.groups().createGroup({ name: 'Taken Later', rank: null }), {
        name: 'UnconfirmedCreateError',
      });
      const other = sandbox.addGroup({ name: 'Taken Later' });
      lookupSeesOlder(sandbox, other, 86_400_000, 'name=Taken');
      await assert.rejects(
        env.groups().createGroup({ name: 'Taken Later', rank: null }),
        (error: NameTakenError) =>
          error instanceof NameTakenError && !error.answerLost && error.existing.id === other.id,
      );
    });

    it('a group of that name created long before does not count as this create', async () => {
      const old = sandbox.addGroup({ name: 'Old Name' });
      assert.equal(old.name, 'Old Name');
      // Pretend the 'Old Name' group is a day old.
      lookupSeesOlder(sandbox, old, 86_400_000, 'name=Old');
      sandbox.inject({ status: 502, pathIncludes: '/group/create', body: '' });
      env.ui.type('Old Name').type('').answer(undefined);
      await createGroup(env.deps);
      assert.match(
        env.ui.lastMessage()!.text,
        /^The answer to the create of 'Old Name' was lost \(HTTP 502\)\. A group named 'Old Name' \(#\d+\) exists on .*, created by user 75155282 at .*; it may not be yours\. Names are unique, so no second group of that name was created/,
      );
      assert.ok(!env.ui.messages.some((m) => /^Created/.test(m.text)));
    });

    it('a create cancelled while on its way is looked up too', async () => {
      sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, delayMs: 1000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const created = await env.groups().createGroup({ name: 'Cancelled Late', rank: null }, controller.signal);
      assert.equal(created.recovered, 'lost-answer');
      assert.equal(created.group.name, 'Cancelled Late');
    });
  });

  describe('true outcomes with a second user on the org and a server clock that is off', () => {
    const colleague = () => colleagueClient(sandbox);
    const told = () => env.ui.messages.map((m) => m.text);
    const toldCreated = () => told().filter((text) => /^Created the group/.test(text));

    it("a colleague's 'Gold' made moments earlier is not reported as mine when my create's answer is lost", async () => {
      await env.deps.list.refresh(sandbox.url); // the list was read before the colleague's create
      await colleague().create({ name: 'Gold', rank: 9 });
      // My create is refused as a duplicate, but that answer never arrives.
      sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
      env.ui
        .type('Gold')
        .type('1')
        .answer(
          undefined,
          /A group named 'Gold' \(#2412\) exists on 127\.0\.0\.1:\d+, created by user 75155291 at .+; it may not be yours\. Names are unique, so no second group of that name was created/,
        );
      await createGroup(env.deps);
      await env.ui.settle();
      assert.deepEqual(toldCreated(), []);
      const listed = env.deps.list.get(sandbox.url)!;
      assert.deepEqual(
        listed.groups.map((g) => [g.name, g.createdBy]),
        [['Gold', USER_IDS['colleague.till']]],
        'the tree shows the group that holds the name, as it is',
      );
      assert.equal(listed.newIds.size, 0, 'not marked as created here');
      assert.equal(sandbox.groups().length, 1);
      // Retry reopens the prompts: the name is refused while typing, and nothing is sent again.
      env.ui.type('Gold', undefined);
      await createGroup(env.deps, { name: 'Gold', rank: '1' });
      assert.match(env.ui.inputs.at(-1)!.rejected[0]!.message, /^A group named 'Gold' already exists \(#2412\)/);
      assert.equal(creates().length, 2, "the colleague's create and mine, nothing more");
    });

    it('a create that hangs and is never stored is not reported as created when a colleague stores the name meanwhile', async () => {
      env.settings.values.requestTimeoutSeconds = 0.5;
      sandbox.inject({ status: 200, pathIncludes: '/group/create', delayMs: 3000 }); // never handled
      const meanwhile = new Promise<void>((resolve) => setTimeout(resolve, 150)).then(() =>
        colleague().create({ name: 'Silver', rank: 5 }),
      );
      env.ui
        .type('Silver')
        .type('2')
        .answer(
          undefined,
          /^The answer to the create of 'Silver' was lost \(no answer within 0\.5 s\)\. A group named 'Silver' \(#\d+\) exists on .*, created by user 75155291 at .+; it may not be yours/,
        );
      await createGroup(env.deps);
      await meanwhile;
      await env.ui.settle();
      assert.deepEqual(toldCreated(), []);
      assert.deepEqual(
        sandbox.groups().map((g) => [g.name, g.rank, g.createdBy]),
        [['Silver', 5, USER_IDS['colleague.till']]],
      );
    });

    it('the same, with the same rank as mine: once the server has said who I am, the creator tells them apart', async () => {
      env.ui.type('Mine First').type('').answer(undefined); // a create teaches the service my user id
      await createGroup(env.deps);
      env.settings.values.requestTimeoutSeconds = 0.5;
      sandbox.inject({ status: 200, pathIncludes: '/group/create', delayMs: 3000 });
      const meanwhile = new Promise<void>((resolve) => setTimeout(resolve, 150)).then(() =>
        colleague().create({ name: 'Bronze', rank: 2 }),
      );
      env.ui
        .type('Bronze')
        .type('2')
        .answer(undefined, /created by user 75155291 at .+; it may not be yours/);
      await createGroup(env.deps);
      await meanwhile;
      await env.ui.settle();
      assert.deepEqual(toldCreated(), [toldCreated()[0]]);
      assert.match(toldCreated()[0]!, /Mine First/);
    });

    for (const offsetMs of [-3_600_000, -660_000, 660_000, 3_600_000]) {
      const offset = `${offsetMs > 0 ? '+' : '−'}${Math.abs(offsetMs) / 60_000} min`;

      it(`server clock ${offset} off: my stored group whose answer was lost is reported as created, once, and nothing says Retry`, async () => {
        sandbox.setClockOffset(offsetMs);
        sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
        env.ui.type('Skewed').type('3');
        await createGroup(env.deps);
        await env.ui.settle();
        assert.equal(creates().length, 1);
        assert.equal(toldCreated().length, 1);
        assert.match(toldCreated()[0]!, /^Created the group 'Skewed' with ID 2412 on .*Its answer was lost/);
        assert.ok(!told().some((text) => /Retry|not created/.test(text)), told().join('\n'));
      });

      it(`server clock ${offset} off: a colleague's same-name, same-rank group from 30 minutes before is not mine`, async () => {
        sandbox.setClockOffset(offsetMs);
        // Stored by a colleague half an hour ago on the server's clock.
        const theirs = sandbox.addGroup({ name: 'Earlier', rank: 3, createdBy: USER_IDS['colleague.till'] });
        lookupSeesOlder(sandbox, theirs, 1_800_000, 'name=Earlier', 5);
        sandbox.inject({ status: 200, pathIncludes: '/group/create', afterHandling: true, destroySocket: true });
        env.ui
          .type('Earlier')
          .type('3')
          .answer(
            undefined,
            /A group named 'Earlier' \(#2412\) exists .*created by user 75155291 .*it may not be yours/,
          );
        await createGroup(env.deps);
        await env.ui.settle();
        assert.deepEqual(toldCreated(), []);
      });
    }

    it('a lost rank change that a colleague made too is not claimed as mine', async () => {
      const group = sandbox.addGroup({ name: 'Shared', rank: 1 });
      env.ui.type('Teach Me').type('').answer(undefined); // the service learns my user id
      await createGroup(env.deps);
      env.settings.values.requestTimeoutSeconds = 0.5;
      sandbox.inject({ method: 'PUT', pathIncludes: `/group/${group.id}`, status: 200, delayMs: 3000 }); // never applied
      const meanwhile = new Promise<void>((resolve) => setTimeout(resolve, 150)).then(() =>
        colleague().update(group.id, { name: 'Shared', rank: 9, isActive: true }),
      );
      const updated = env
        .groups()
        .updateGroup(sandbox.url, group.id, (current) => ({ name: current.name, rank: 9, isActive: current.isActive }));
      await meanwhile;
      await assert.rejects(updated, (error: Error) => error.name === 'UnprovenUpdateError');
    });

    it('a lost rank change of mine is still reported as done when the server clock is an hour off', async () => {
      sandbox.setClockOffset(3_600_000);
      const group = sandbox.addGroup({ name: 'Mine To Edit', rank: 1 });
      sandbox.inject({
        method: 'PUT',
        pathIncludes: `/group/${group.id}`,
        status: 200,
        afterHandling: true,
        destroySocket: true,
      });
      const updated = await env
        .groups()
        .updateGroup(sandbox.url, group.id, (current) => ({ name: current.name, rank: 4, isActive: current.isActive }));
      assert.equal(updated.recovered, 'lost-answer');
      assert.equal(updated.group.rank, 4);
    });

    it('while typing, a name already in the loaded list is refused with the group that holds it', async () => {
      sandbox.addGroup({ name: 'VIP Gold' });
      await env.deps.list.refresh(sandbox.url);
      env.ui.type('vip gold', undefined);
      await createGroup(env.deps);
      assert.match(
        env.ui.inputs[0]!.rejected[0]!.message,
        /^A group named 'VIP Gold' already exists \(#2412\), and names are unique whatever their case: choose another name\./,
      );
      assert.equal(creates().length, 0);
    });
  });

  it('shows created groups after a reload: a new window reads them from the org list, by rank', async () => {
    env.ui.type('One').type('1').answer(undefined).type('Two').type('2').answer(undefined);
    await createGroup(env.deps);
    await createGroup(env.deps);
    const reloaded = new GroupList((key, query, signal) => env.connections.listGroups(key, query, signal), env.memento);
    await reloaded.refresh(sandbox.url);
    assert.deepEqual(
      reloaded.get(sandbox.url)!.groups.map((g) => g.name),
      ['One', 'Two'],
    );
  });
});
