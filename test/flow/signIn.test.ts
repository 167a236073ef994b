import { strict as assert } from 'assert';
import { md5Hex } from '../../src/api/auth';
import { copyGroupId } from '../../src/commands/copyId';
import { refresh } from '../../src/commands/refresh';
import { selectCluster } from '../../src/commands/selectCluster';
import { signIn } from '../../src/commands/signIn';
import { signOut } from '../../src/commands/signOut';
import { CredentialStore, secretKey } from '../../src/foundation/credentials';
import { DEMO_CREDENTIALS, Sandbox } from '../sandbox/server';
import { demoBasic, type FlowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';
import { MemorySecrets } from '../support/fakes';

const { basic, oauth, noAccess } = DEMO_CREDENTIALS;

describe('Sign In, Sign Out, Select Cluster, Refresh and Copy ID flows, against the sandbox', () => {
  let sandbox: Sandbox;
  let env: FlowEnv;
  const hostText = () => sandbox.url.replace('http://', '');

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url }), bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });

  /** No secret value anywhere the user or a log reader can see it. */
  function assertNoSecretsShown(...secrets: string[]): void {
    const visible = [
      ...env.rawLogLines,
      ...env.logLines,
      ...env.ui.messages.map((m) => m.text),
      ...env.ui.statuses,
      ...env.ui.progressTitles,
      JSON.stringify(env.settings.values),
    ];
    for (const secret of secrets) {
      for (const text of visible) assert.ok(!text.includes(secret), `a secret appears in: ${text}`);
    }
  }

  describe('Sign In', () => {
    it('with Basic: checks the till with one call, then stores only the MD5 under the host and method', async () => {
      env.ui.type(' demo.till ').type(basic.password);
      assert.equal(await signIn(env.deps), true);
      assert.deepEqual(
        env.ui.inputs.map((i) => [i.request.prompt, i.request.password ?? false]),
        [
          ['Till username (or Store Center username)', false],
          ["Password of the till 'demo.till'", true],
        ],
      );
      assert.equal(sandbox.requests.length, 1);
      assert.equal(sandbox.requests[0]!.path, '/api_gateway/core/v1/group');
      assert.deepEqual(sandbox.requests[0]!.query, { page: '0', size: '1' });
      const stored = env.secrets.data.get(secretKey(sandbox.url, 'basic'))!;
      assert.deepEqual(JSON.parse(stored), {
        method: 'basic',
        username: 'demo.till',
        passwordMd5: md5Hex(basic.password),
      });
      assert.ok(!stored.includes(basic.password), 'the plain password is never stored');
      assert.equal(env.ui.lastMessage()!.text, `Signed in to ${hostText()} as demo.till.`);
      assert.equal(env.counters.stateChanged, 1);
      assertNoSecretsShown(basic.password, md5Hex(basic.password), sandbox.requests[0]!.headers['authorization']!);
    });

    it('with OAuth: asks for client key and secret, checks them, stores them', async () => {
      env.settings.values.authMethod = 'oauth';
      env.ui.type(oauth.key).type(oauth.secret);
      assert.equal(await signIn(env.deps), true);
      assert.deepEqual(
        env.ui.inputs.map((i) => i.request.prompt),
        ['OAuth client key', 'OAuth client secret'],
      );
      assert.deepEqual(
        sandbox.requests.map((r) => r.path),
        ['/v3/oauth/token/generate', '/api_gateway/core/v1/group'],
      );
      assert.deepEqual(JSON.parse(env.secrets.data.get(secretKey(sandbox.url, 'oauth'))!), {
        method: 'oauth',
        key: oauth.key,
        secret: oauth.secret,
      });
      assert.equal(env.secrets.data.has(secretKey(sandbox.url, 'basic')), false);
      await env.groups().createGroup({ name: 'After OAuth Sign In', rank: null });
      assert.equal(sandbox.tokensIssued, 1, 'the token from the sign-in check serves the next calls');
      assertNoSecretsShown(oauth.secret, sandbox.requests[1]!.headers['x-cap-api-oauth-token']!);
    });

    it('says clearly when the password is wrong, stores nothing, and Retry keeps the username but not the rejected password', async () => {
      env.ui
        .type('demo.till')
        .type('wrong-password')
        .answer(
          'Retry',
          new RegExp(
            `^${hostText().replace(/\./g, '\\.')} rejected the till username or password \\(HTTP 401: Unauthorized\\)\\. Check them and try again\\.`,
          ),
        )
        .type('demo.till')
        .type(basic.password);
      assert.equal(await signIn(env.deps), true);
      assert.equal(env.ui.inputs[2]!.request.value, 'demo.till');
      assert.equal(env.ui.inputs[3]!.request.password, true);
      assert.equal(env.ui.inputs[3]!.request.value, undefined, 'the password box opens empty');
      assert.equal(env.ui.messages[0]!.level, 'error');
      assertNoSecretsShown('wrong-password', basic.password);
    });

    it('after a till without the access group (403), Retry opens the password box empty too', async () => {
      env.ui
        .type(noAccess.username)
        .type(noAccess.password)
        .answer('Retry', /Access denied/)
        .type(noAccess.username)
        .type(undefined);
      assert.equal(await signIn(env.deps), false);
      assert.equal(env.ui.inputs[2]!.request.value, noAccess.username);
      assert.equal(env.ui.inputs[3]!.request.value, undefined);
    });

    it('after rejected OAuth client credentials, Retry keeps the client key and empties the secret box', async () => {
      env.settings.values.authMethod = 'oauth';
      env.ui
        .type(oauth.key)
        .type('wrong-secret')
        .answer('Retry', /rejected the client key or secret/)
        .type(oauth.key)
        .type(oauth.secret);
      assert.equal(await signIn(env.deps), true);
      assert.equal(env.ui.inputs[2]!.request.value, oauth.key);
      assert.equal(env.ui.inputs[3]!.request.value, undefined);
    });

    const unjudged: [what: string, arm: () => void, message: RegExp][] = [
      [
        'a timeout',
        () => {
          env.settings.values.requestTimeoutSeconds = 0.2;
          sandbox.inject({ passThrough: true, delayMs: 1000, method: 'GET' });
        },
        /did not answer in time/,
      ],
      [
        'a connection failure',
        () => sandbox.inject({ status: 200, destroySocket: true, method: 'GET', times: 3 }),
        /Could not reach/,
      ],
    ];
    for (const [what, arm, message] of unjudged) {
      it(`after ${what}, Retry keeps the password that was typed: it was never judged`, async () => {
        arm();
        env.ui.type('demo.till').type(basic.password).answer('Retry', message).type('demo.till').type(basic.password);
        assert.equal(await signIn(env.deps), true);
        assert.deepEqual(
          env.ui.inputs.slice(2).map((i) => i.request.value),
          ['demo.till', basic.password],
        );
      });
    }

    it('stores nothing after a wrong password that is not retried', async () => {
      env.ui.type('demo.till').type('wrong-password').answer(undefined);
      assert.equal(await signIn(env.deps), false);
      assert.equal(env.secrets.data.size, 0);
    });

    it('says when OAuth client credentials are wrong', async () => {
      env.settings.values.authMethod = 'oauth';
      env.ui.type(oauth.key).type('nope').answer(undefined);
      assert.equal(await signIn(env.deps), false);
      assert.match(
        env.ui.lastMessage()!.text,
        /rejected the client key or secret \(HTTP 401: Invalid client key and secret\)/,
      );
      assert.equal(env.secrets.data.size, 0);
    });

    it('explains a till without the access group, and stores nothing', async () => {
      env.ui.type(noAccess.username).type(noAccess.password).answer(undefined);
      assert.equal(await signIn(env.deps), false);
      assert.match(
        env.ui.lastMessage()!.text,
        /Access denied on .*: the till 'noaccess\.till' may not manage reward groups \(Capillary code 4000\)\. Ask your Capillary administrator/,
      );
      assert.equal(env.secrets.data.size, 0);
    });

    it('says plainly when the OS keychain cannot be read, before asking for anything', async () => {
      env.secrets.failWith = new Error('no keyring daemon');
      assert.equal(await signIn(env.deps), false);
      assert.equal(env.ui.inputs.length, 0);
      assert.match(
        env.ui.lastMessage()!.text,
        /^The OS keychain could not read the credentials: no keyring daemon\. Sign-in needs the OS keychain/,
      );
    });

    it('says plainly when the OS keychain refuses to save, and keeps nothing anywhere', async () => {
      env.secrets.failWith = new Error('no keyring daemon');
      env.secrets.failOn = ['store'];
      env.ui.type('demo.till').type(basic.password).answer(undefined);
      assert.equal(await signIn(env.deps), false);
      assert.equal(
        env.ui.lastMessage()!.text,
        'The OS keychain could not save the credentials: no keyring daemon. Nothing was stored in plain text.',
      );
      assert.equal(env.secrets.data.size, 0);
      assert.equal((await env.session().readiness()).state, 'signed-out');
      assertNoSecretsShown(basic.password);
    });

    it('refuses an empty username or password in the box', async () => {
      env.ui.type('', '  ', 'demo.till').type('', basic.password);
      assert.equal(await signIn(env.deps), true);
      assert.deepEqual(
        env.ui.inputs[0]!.rejected.map((r) => r.message),
        ['Enter the till username; it cannot be empty.', 'Enter the till username; it cannot be empty.'],
      );
      assert.deepEqual(
        env.ui.inputs[1]!.rejected.map((r) => r.message),
        ['Enter the password; it cannot be empty.'],
      );
    });

    it('keeps credentials per host: another host is not offered them', async () => {
      await env.credentials.save('https://eu.api.capillarytech.com', demoBasic);
      assert.equal((await env.session().readiness()).state, 'signed-out');
      env.ui.type(undefined);
      assert.equal(await signIn(env.deps), false);
      assert.equal(env.ui.inputs[0]!.request.value, undefined, "the other host's username is not offered");
    });
  });

  describe('Sign In redirected', () => {
    let other: Sandbox;
    before(async () => {
      other = await Sandbox.start();
    });
    after(async () => other.close());

    it('Select Cluster, then the same sign-in again on the chosen cluster, with what was typed', async () => {
      sandbox.inject({ status: 302, body: '', headers: { location: `${other.url}/api_gateway/core/v1/group` } });
      env.ui
        .type('demo.till')
        .type(basic.password)
        .answer('Select Cluster', /redirected the request to/)
        .choose('Enter URL…')
        .type(other.url)
        .type('demo.till')
        .type(basic.password);
      assert.equal(await signIn(env.deps), true);
      assert.deepEqual(env.ui.messages[0]!.actions, ['Select Cluster', 'Show Log']);
      assert.deepEqual(
        env.ui.inputs.slice(3).map((i) => i.request.value),
        ['demo.till', basic.password],
        'the sign-in prompts hold what was typed',
      );
      assert.equal(env.settings.values.host, other.url);
      assert.deepEqual((await env.session().readiness()).state, 'ready');
      assert.equal(
        env.secrets.data.has(secretKey(sandbox.url, 'basic')),
        false,
        'nothing stored for the cluster that redirected',
      );
      assert.equal(other.requests.length, 1, 'the other cluster was asked once, by the sign-in made there');
    });
  });

  describe('Sign Out', () => {
    it('removes every credential of the current host and no other', async () => {
      await env.credentials.save(sandbox.url, demoBasic);
      await env.credentials.save(sandbox.url, { method: 'oauth', ...oauth });
      await env.credentials.save('https://eu.api.capillarytech.com', demoBasic);
      await signOut(env.deps);
      assert.deepEqual([...env.secrets.data.keys()], [secretKey('https://eu.api.capillarytech.com', 'basic')]);
      assert.match(
        env.ui.lastMessage()!.text,
        /Signed out of 127\.0\.0\.1:\d+\. Its credentials were removed from the OS keychain\./,
      );
      assert.equal((await env.session().readiness()).state, 'signed-out');
    });

    it("forgets the host's list and the copy kept for offline use", async () => {
      await env.credentials.save(sandbox.url, demoBasic);
      sandbox.addGroup({ name: 'Private' });
      await env.deps.list.refresh(sandbox.url);
      const listKeys = () => [...env.memento.data.keys()].filter((key) => key.startsWith('capillaryRewards.list|'));
      assert.deepEqual(listKeys(), [`capillaryRewards.list|${sandbox.url}`]);
      await signOut(env.deps);
      assert.equal(env.deps.list.get(sandbox.url), undefined);
      assert.deepEqual(listKeys(), []);
    });

    it('says so when there was nothing to remove', async () => {
      await signOut(env.deps);
      assert.match(
        env.ui.lastMessage()!.text,
        /You were not signed in to 127\.0\.0\.1:\d+; no credentials were stored for it\./,
      );
    });
  });

  describe('Select Cluster', () => {
    it('offers the documented hosts plus "Enter URL…" and saves the chosen origin', async () => {
      env.settings.values.host = '';
      env.ui.choose('Europe').answer(undefined);
      assert.equal(await selectCluster(env.deps), true);
      assert.deepEqual(env.ui.picks[0]!.labels, [
        'Europe',
        'India / Asia 1',
        'Asia 2',
        'South-East Asia',
        'United States',
        'United States (HC)',
        'Europe (CRM)',
        'Enter URL…',
      ]);
      assert.equal(env.settings.values.host, 'https://eu.api.capillarytech.com');
      assert.match(env.ui.lastMessage()!.text, /Cluster set to eu\.api\.capillarytech\.com\. Sign in to use it\./);
      assert.deepEqual(env.ui.lastMessage()!.actions, ['Sign In']);
    });

    it('validates a typed URL, refusing unsafe ones with a reason, and normalises it', async () => {
      env.settings.values.host = '';
      env.ui
        .choose('Enter URL…')
        .type(
          'http://example.com',
          'javascript:alert(1)',
          'https://a:b@host.example',
          'https://host.example/api',
          `${sandbox.url}/`,
        )
        .answer(undefined);
      assert.equal(await selectCluster(env.deps), true);
      assert.equal(env.settings.values.host, sandbox.url);
      assert.equal(env.ui.inputs[0]!.rejected.length, 4);
    });

    it('changes nothing when the pick or the URL is cancelled', async () => {
      env.ui.escapePick().choose('Enter URL…').type(undefined);
      assert.equal(await selectCluster(env.deps), false);
      assert.equal(await selectCluster(env.deps), false);
      assert.equal(env.settings.values.host, sandbox.url);
    });

    it('pre-fills the current URL and Sign In from the message chains into the sign-in prompts', async () => {
      env.ui.choose('Enter URL…').type(sandbox.url).answer('Sign In').type('demo.till').type(basic.password);
      await selectCluster(env.deps);
      await env.ui.settle();
      assert.equal(env.ui.inputs[0]!.request.value, sandbox.url);
      assert.equal((await env.session().readiness()).state, 'ready');
    });
  });

  describe('Refresh', () => {
    it('reads the first page again, showing changes made elsewhere', async () => {
      await env.credentials.save(sandbox.url, demoBasic);
      const group = sandbox.addGroup({ name: 'Refresh Me', rank: 1 });
      await env.deps.list.refresh(sandbox.url);
      await fetch(`${sandbox.url}/api_gateway/core/v1/group/${group.id}`, {
        method: 'PUT',
        headers: { Authorization: sandbox.requests[0]!.headers['authorization']!, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Refresh Me', rank: 9 }),
      });
      await refresh(env.deps);
      assert.equal(env.deps.list.get(sandbox.url)!.groups[0]!.rank, 9);
      assert.deepEqual(env.ui.progressTitles, [`Listing the groups of ${hostText()}…`]);
      assert.equal(env.ui.messages.length, 0);
    });

    it('keeps the failure in the list (shown as a row with Retry) instead of a blank view', async () => {
      await env.credentials.save(sandbox.url, { ...demoBasic, passwordMd5: 'wrong' });
      await refresh(env.deps);
      const list = env.deps.list.get(sandbox.url)!;
      assert.equal(sandbox.requests.length, 1);
      assert.ok(list.error instanceof Error, String(list.error));
      assert.match(
        list.error.message,
        new RegExp(
          `^HTTP 401 from GET ${sandbox.url.replace(/\./g, '\\.')}/api_gateway/core/v1/group\\?\\S+: Unauthorized$`,
        ),
      );
      assert.deepEqual(list.groups, []);
    });

    it('sends nothing while signed out', async () => {
      await refresh(env.deps);
      assert.equal(sandbox.requests.length, 0);
    });
  });

  describe('Copy Group ID', () => {
    it('copies the id of the row', async () => {
      sandbox.addGroup({ name: 'Copy' });
      await copyGroupId(env.deps, { connectionKey: sandbox.url, group: sandbox.groups()[0]! });
      assert.equal(env.ui.clipboard, String(sandbox.groups()[0]!.id));
    });
  });
});

describe('CredentialStore: SecretStorage read once per window', () => {
  it('remembers what it read, saved and cleared, and reads again after forget()', async () => {
    const secrets = new MemorySecrets();
    const store = new CredentialStore(secrets);
    const origin = 'https://eu.api.capillarytech.com';
    assert.equal(await store.get(origin, 'basic'), undefined);
    assert.equal(await store.get(origin, 'basic'), undefined);
    assert.equal(secrets.reads, 1, 'the second ask came from memory');
    await store.save(origin, demoBasic);
    assert.deepEqual(await store.get(origin, 'basic'), demoBasic);
    assert.equal(secrets.reads, 1);
    await store.clear(origin);
    assert.equal(await store.get(origin, 'basic'), undefined);
    assert.equal(secrets.reads, 1);
    // Another window signs in: SecretStorage's change event makes this one read again.
    secrets.data.set(secretKey(origin, 'basic'), JSON.stringify(demoBasic));
    store.forget();
    assert.deepEqual(await store.get(origin, 'basic'), demoBasic);
    assert.equal(secrets.reads, 2);
  });

  it('remembers nothing after the keychain refused', async () => {
    const secrets = new MemorySecrets();
    const store = new CredentialStore(secrets);
    secrets.failWith = new Error('locked');
    await assert.rejects(store.get('https://eu.api.capillarytech.com', 'oauth'), { name: 'KeychainError' });
    await assert.rejects(store.save('https://eu.api.capillarytech.com', demoBasic), { name: 'KeychainError' });
    secrets.failWith = undefined;
    assert.equal(await store.get('https://eu.api.capillarytech.com', 'basic'), undefined);
    assert.equal(secrets.reads, 2, 'read again once the keychain answered');
  });
});
