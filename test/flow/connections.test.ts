import { strict as assert } from 'assert';
import * as net from 'net';
import { md5Hex } from '../../src/api/auth';
import type { Credentials } from '../../src/api/types';
import { addConnection } from '../../src/commands/addConnection';
import { createGroup } from '../../src/commands/createGroup';
import { editGroup } from '../../src/commands/editGroup';
import { refresh } from '../../src/commands/refresh';
import { removeConnection } from '../../src/commands/removeConnection';
import { renameConnection } from '../../src/commands/renameConnection';
import { selectCluster } from '../../src/commands/selectCluster';
import { setGroupActive } from '../../src/commands/setActive';
import { signIn } from '../../src/commands/signIn';
import { signOut } from '../../src/commands/signOut';
import { switchConnection } from '../../src/commands/switchConnection';
import { ACTIVE_CONNECTION_KEY, Connections } from '../../src/connections/connections';
import { COLLAPSED_CONNECTIONS_KEY, RECENT_CLUSTERS_KEY } from '../../src/connections/connectionViewState';
import { CredentialStore, secretKey } from '../../src/foundation/credentials';
import { parseSettings, type ConnectionEntry } from '../../src/foundation/settings';
import {
  DEMO_CREDENTIALS,
  type Sandbox,
  SANDBOX_ORG_ID,
  SECOND_ORG_FIRST_GROUP_ID,
  SECOND_ORG_ID,
} from '../sandbox/server';
import { demoBasic, type FlowEnv } from '../support/env';
import { flowEnv, useSandbox } from '../support/sandboxTier';
import { editorWords } from '../../src/ui/editorWords';

const uatBasic: Credentials = {
  method: 'basic',
  username: DEMO_CREDENTIALS.secondOrg.basic.username,
  passwordMd5: md5Hex(DEMO_CREDENTIALS.secondOrg.basic.password),
};

/** The entries parsed from a capillaryRewards.connections value (and the single-host settings). */
function parse(
  connections: unknown,
  single: Record<string, unknown> = {},
): { entries: ConnectionEntry[]; problems: string[] } {
  const settings = parseSettings((key) => ({ ...single, connections })[key], editorWords);
  return { entries: settings.connections, problems: settings.problems };
}

describe('connections: capillaryRewards.connections as written', () => {
  it('empty or absent: the one connection of the single-host settings, keyed by its origin as before connections existed', () => {
    for (const value of [undefined, null, []]) {
      const { entries } = parse(value, { host: 'https://eu.api.capillarytech.com/', authMethod: 'oauth' });
      assert.equal(entries.length, 1);
      const [entry] = entries;
      assert.equal(entry!.state, 'ok');
      assert.deepEqual(entry!.state === 'ok' && entry!.spec, {
        name: '',
        origin: 'https://eu.api.capillarytech.com',
        authMethod: 'oauth',
        apiPrefix: '/api_gateway/core/v1',
        production: false,
        key: 'https://eu.api.capillarytech.com',
      });
    }
    assert.deepEqual(parse([]).entries, [{ state: 'unset', id: '' }]);
  });

  it('each item is a connection with its own key, and its place in the list', () => {
    const { entries, problems } = parse(
      [
        { name: ' UAT ', host: 'https://eu.api.capillarytech.com' },
        {
          name: 'Prod',
          host: 'https://eu.api.capillarytech.com',
          production: true,
          apiPrefix: '/api_gateway/rewards/core/v1/',
        },
        { name: 'US', host: 'https://us.api.capillarytech.com', authMethod: 'oauth' },
      ],
      { host: 'https://eu.api.capillarytech.com' },
    );
    assert.deepEqual(problems, []);
    const specs = entries.map((entry) => (entry.state === 'ok' ? entry.spec : undefined));
    assert.deepEqual(
      specs.map((spec) => [spec?.name, spec?.key, spec?.authMethod, spec?.apiPrefix, spec?.production]),
      [
        ['UAT', 'https://eu.api.capillarytech.com|UAT', 'basic', '/api_gateway/core/v1', false],
        ['Prod', 'https://eu.api.capillarytech.com|Prod', 'basic', '/api_gateway/rewards/core/v1', true],
        ['US', 'https://us.api.capillarytech.com|US', 'oauth', '/api_gateway/core/v1', false],
      ],
    );
    assert.deepEqual(
      entries.map((entry) => entry.state !== 'unset' && entry.index),
      [0, 1, 2],
    );
    assert.deepEqual(
      entries.map((entry) => entry.id),
      ['UAT', 'Prod', 'US'],
    );
  });

  it('an item written wrong is named with what is wrong and is not used; the others are', () => {
    const { entries } = parse([
      { name: 'UAT', host: 'https://eu.api.capillarytech.com' },
      { name: 'uat', host: 'https://us.api.capillarytech.com' },
      { name: '', host: 'https://eu.api.capillarytech.com' },
      { host: 'https://eu.api.capillarytech.com' },
      { name: 'No Host' },
      { name: 'Bad Host', host: 'http://example.com' },
      { name: 'Bad Method', host: 'https://eu.api.capillarytech.com', authMethod: 'token' },
      { name: 'Typo', host: 'https://eu.api.capillarytech.com', prod: true },
      { name: 'Bad Flag', host: 'https://eu.api.capillarytech.com', production: 'yes' },
      { name: 'Bad Prefix', host: 'https://eu.api.capillarytech.com', apiPrefix: 'api?x=1' },
      'https://eu.api.capillarytech.com',
      { name: 'Fine', host: 'https://apac.api.capillarytech.com' },
    ]);
    const described = entries.map((entry) =>
      entry.state === 'invalid' ? `${entry.name}: ${entry.message}` : `${entry.state} ${entry.id}`,
    );
    assert.equal(described[0], 'ok UAT');
    assert.match(
      described[1]!,
      /^uat: A connection named 'UAT' already exists; choose another name\. It is not used until it is fixed\.$/,
    );
    assert.match(described[2]!, /^connection 3: Enter a name for the connection/);
    assert.match(described[3]!, /^connection 4: It needs a "name" in quotes/);
    assert.match(described[4]!, /^No Host: It needs a "host", such as "https:\/\/eu\.api\.capillarytech\.com"\./);
    assert.match(described[5]!, /^Bad Host: Its "host" "http:\/\/example\.com" is not usable: Use https:\/\//);
    assert.match(described[6]!, /^Bad Method: Its "authMethod" must be "basic" or "oauth", not "token"\./);
    assert.match(
      described[7]!,
      /^Typo: It has settings this version does not know: "prod" \(known: name, host, authMethod, apiPrefix, production\)\. It is not used until it is fixed\.$/,
    );
    assert.match(described[8]!, /^Bad Flag: Its "production" must be true or false, not "yes"\./);
    assert.match(described[9]!, /^Bad Prefix: Its "apiPrefix" "api\?x=1" is not usable/);
    assert.match(described[10]!, /^connection 11: Item 11 of capillaryRewards\.connections must be an object/);
    assert.equal(described[11], 'ok Fine');
    // Ids of unusable items can never be a name (names hold no line break), so they never clash with one.
    assert.ok(entries.filter((entry) => entry.state === 'invalid').every((entry) => entry.id.startsWith('\n')));
  });

  it('a value of the wrong shape is a problem of its own, and the single-host settings are used instead', () => {
    const { entries, problems } = parse({ name: 'UAT' }, { host: 'https://eu.api.capillarytech.com' });
    assert.deepEqual(problems, [
      'capillaryRewards.connections must be a list of connections in [ ], not {"name":"UAT"}. Using capillaryRewards.host instead.',
    ]);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.state === 'ok' && entries[0]!.spec.key, 'https://eu.api.capillarytech.com');
  });
});

describe('connections: several orgs side by side, against the sandbox', () => {
  let sandbox: Sandbox;
  let env: FlowEnv;
  const keyOf = (name: string) => `${sandbox.url}|${name}`;
  const two = () => [
    { name: 'Demo', host: sandbox.url },
    { name: 'UAT', host: sandbox.url },
  ];

  useSandbox({
    bind: (started) => (sandbox = started),
    scriptUsed: true,
  });

  /** Two connections to two orgs on one cluster, each signed in with its own till. */
  async function signedInToBoth(extra: Record<string, unknown>[] = []): Promise<void> {
    env = flowEnv({ connections: [...two(), ...extra] });
    await env.credentials.save(keyOf('Demo'), demoBasic);
    await env.credentials.save(keyOf('UAT'), uatBasic);
  }

  it('creates in the row’s connection and in the active one: each org gets its own group, and each list shows only its own', async () => {
    await signedInToBoth();
    env.ui.type('Gold').type('1');
    await createGroup(env.deps, undefined, 'UAT');
    env.ui.type('Gold').type('2');
    await createGroup(env.deps); // the active one: the first, Demo, until another is chosen
    const [demoGold] = sandbox.groups(SANDBOX_ORG_ID);
    const [uatGold] = sandbox.groups(SECOND_ORG_ID);
    assert.equal(demoGold!.name, 'Gold');
    assert.equal(uatGold!.name, 'Gold');
    assert.equal(uatGold!.id, SECOND_ORG_FIRST_GROUP_ID);
    assert.equal(uatGold!.rank, 1);
    assert.equal(demoGold!.rank, 2);
    assert.deepEqual(
      env.list.get(keyOf('UAT'))!.groups.map((g) => [g.id, g.orgId]),
      [[uatGold!.id, SECOND_ORG_ID]],
    );
    assert.deepEqual(
      env.list.get(keyOf('Demo'))!.groups.map((g) => [g.id, g.orgId]),
      [[demoGold!.id, SANDBOX_ORG_ID]],
    );
    assert.equal(env.list.orgId(keyOf('UAT')), SECOND_ORG_ID);
    assert.equal(env.list.orgId(keyOf('Demo')), SANDBOX_ORG_ID);
    // Progress, messages and log lines name the connection.
    assert.deepEqual(
      env.ui.progressTitles.filter((t) => t.startsWith('Creating')),
      [
        `Creating the group 'Gold' on UAT (${sandbox.url.replace('http://', '')})…`,
        `Creating the group 'Gold' on Demo (${sandbox.url.replace('http://', '')})…`,
      ],
    );
    assert.match(
      env.ui.messages[0]!.text,
      new RegExp(`^Created the group 'Gold' with ID ${uatGold!.id} on UAT \\(127\\.0\\.0\\.1:\\d+\\)\\.`),
    );
    assert.ok(
      env.logLines.includes(`info Created group 'Gold' #${uatGold!.id} on connection 'UAT' (${sandbox.url})`),
      env.logLines.join('\n'),
    );
    assert.equal(env.ui.inputs[0]!.request.title, `Create Group in UAT (${sandbox.url.replace('http://', '')}) (1/2)`);
    // Each request was signed with its connection's till.
    const creates = sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/group/create'));
    assert.deepEqual(
      creates.map((r) => r.orgId),
      [SECOND_ORG_ID, SANDBOX_ORG_ID],
    );
  });

  it('switching the active connection is remembered: a new window (same globalState) acts on it', async () => {
    await signedInToBoth();
    assert.equal(env.connections.activeId(), 'Demo');
    env.ui.choose('UAT');
    await switchConnection(env.deps);
    assert.equal(env.connections.activeId(), 'UAT');
    assert.deepEqual(env.ui.picks[0]!.labels, ['Demo', 'UAT', 'Add Connection…']);
    assert.equal(env.ui.picks[0]!.active, 'Demo', 'Enter keeps the active one');
    assert.match(env.ui.statuses.at(-1)!, /^Active Capillary connection: UAT \(127\.0\.0\.1:\d+\)$/);
    const again = new Connections(env.settings, new CredentialStore(env.secrets), env.memento);
    assert.equal(again.activeId(), 'UAT');
    assert.equal(env.memento.get(ACTIVE_CONNECTION_KEY), 'UAT');
    env.ui.type('Silver').type('');
    await createGroup(env.deps);
    assert.deepEqual(
      sandbox.groups(SECOND_ORG_ID).map((g) => g.name),
      ['Silver'],
    );
    assert.deepEqual(sandbox.groups(SANDBOX_ORG_ID), []);
  });

  it('signing out of one connection leaves the other signed in and listed', async () => {
    await signedInToBoth();
    await env.list.refresh(keyOf('Demo'));
    await env.list.refresh(keyOf('UAT'));
    await signOut(env.deps, 'UAT');
    assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'signed-out');
    assert.equal((await env.connections.get('Demo')!.session.readiness()).state, 'ready');
    assert.ok(env.list.get(keyOf('Demo')));
    assert.equal(env.list.get(keyOf('UAT')), undefined);
    assert.equal(env.secrets.data.has(secretKey(keyOf('UAT'), 'basic')), false);
    assert.equal(env.secrets.data.has(secretKey(keyOf('Demo'), 'basic')), true);
    assert.match(
      env.ui.messages.at(-1)!.text,
      /^Signed out of UAT \(127\.0\.0\.1:\d+\)\. Its credentials were removed from the OS keychain\.$/,
    );
  });

  it('Refresh reads every connection on screen once, and nothing for a collapsed one', async () => {
    await signedInToBoth();
    await env.list.refresh(keyOf('Demo'));
    await env.list.refresh(keyOf('UAT'));
    await env.viewState.setCollapsed('UAT', true);
    const before = sandbox.requests.length;
    await refresh(env.deps);
    assert.deepEqual(
      sandbox.requests.slice(before).map((r) => r.orgId),
      [SANDBOX_ORG_ID],
    );
    await env.viewState.setCollapsed('UAT', false);
    await refresh(env.deps);
    assert.deepEqual(
      sandbox.requests
        .slice(before + 1)
        .map((r) => r.orgId)
        .sort(),
      [SANDBOX_ORG_ID, SECOND_ORG_ID].sort(),
    );
  });

  it('signs in to the row’s connection only, with its own till, and names it in the prompts', async () => {
    env = flowEnv({ connections: two() });
    env.ui.type(DEMO_CREDENTIALS.secondOrg.basic.username).type(DEMO_CREDENTIALS.secondOrg.basic.password);
    assert.equal(await signIn(env.deps, {}, { connection: env.connections.get('UAT') }), true);
    assert.equal(env.ui.inputs[0]!.request.title, `Sign In to UAT (${sandbox.url.replace('http://', '')}) (Basic) 1/2`);
    assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'ready');
    assert.equal((await env.connections.get('Demo')!.session.readiness()).state, 'signed-out');
    assert.deepEqual(env.viewState.recentClusters(), [sandbox.url]);
  });

  it('Remove Connection deletes its credentials, cached list and list options, and its item; the other stays', async () => {
    await signedInToBoth();
    await env.list.setOptions(keyOf('UAT'), { sortBy: 'name', direction: 'ASC' });
    sandbox.addGroup({ name: 'Kept Offline', org: SECOND_ORG_ID });
    await env.list.refresh(keyOf('UAT'));
    await env.list.refresh(keyOf('Demo'));
    await env.connections.setActive('UAT');
    await env.viewState.setCollapsed('UAT', true);
    assert.ok([...env.memento.data.keys()].some((key) => key.includes(keyOf('UAT'))));
    env.ui.confirmWith(true);
    await removeConnection(env.deps, 'UAT');
    assert.deepEqual(
      env.ui.confirmations[0]!.text,
      `Remove the connection UAT (${sandbox.url.replace('http://', '')})?`,
    );
    assert.deepEqual(
      [...env.secrets.data.keys()].filter((key) => key.includes('|UAT|')),
      [],
    );
    assert.deepEqual(
      [...env.memento.data.keys()].filter((key) => key.includes(keyOf('UAT'))),
      [],
    );
    assert.equal(env.memento.get(ACTIVE_CONNECTION_KEY), undefined, 'the active choice falls back to the first left');
    assert.deepEqual(env.memento.get(COLLAPSED_CONNECTIONS_KEY), []);
    // Nothing else in globalState names it.
    assert.deepEqual(
      [...env.memento.data].filter(([key, value]) => key.includes('UAT') || value.includes('"UAT"')),
      [],
    );
    assert.deepEqual(env.settings.values.connections, [{ name: 'Demo', host: sandbox.url }]);
    assert.equal(env.connections.activeId(), 'Demo');
    assert.equal((await env.connections.get('Demo')!.session.readiness()).state, 'ready');
    assert.ok(env.list.get(keyOf('Demo')));
  });

  it('Remove Connection asks first; Cancel changes nothing', async () => {
    await signedInToBoth();
    env.ui.confirmWith(false);
    await removeConnection(env.deps, 'UAT');
    assert.equal(env.secrets.data.has(secretKey(keyOf('UAT'), 'basic')), true);
    assert.equal((env.settings.values.connections as unknown[]).length, 2);
  });

  it('upgrade: credentials signed in with the single-host setting keep working, and move with the cluster when Add Connection keeps it as a connection', async () => {
    // As an earlier version stored them: keyed by origin and method.
    env = flowEnv({ host: sandbox.url });
    env.secrets.data.set(`capillaryRewards.credentials|${sandbox.url}|basic`, JSON.stringify(demoBasic));
    assert.equal((await env.connections.active().session.readiness()).state, 'ready');
    await env.list.setOptions(sandbox.url, { sortBy: 'name', direction: 'DESC' });
    assert.ok(env.list.get(sandbox.url));
    env.ui
      .type('UAT')
      .pressEnterOnPick()
      .choose('Basic')
      .type(DEMO_CREDENTIALS.secondOrg.basic.username)
      .type(DEMO_CREDENTIALS.secondOrg.basic.password);
    await addConnection(env.deps);
    const host = sandbox.url.replace('http://', '');
    // Named after its cluster as a user reads it: this machine's is the local sandbox.
    const kept = 'Local sandbox';
    assert.deepEqual(env.settings.values.connections, [
      { name: kept, host: sandbox.url, authMethod: 'basic' },
      { name: 'UAT', host: sandbox.url, authMethod: 'basic' },
    ]);
    assert.equal(env.ui.picks[0]!.labels[0], host, 'the cluster in use is offered first');
    assert.equal(env.ui.picks[0]!.active, host);
    // The cluster used so far is a connection now, still signed in: its credentials moved to its key, with its list options.
    assert.equal((await env.connections.get(kept)!.session.readiness()).state, 'ready');
    assert.equal(env.secrets.data.has(`capillaryRewards.credentials|${sandbox.url}|basic`), false);
    assert.equal(env.secrets.data.has(secretKey(`${sandbox.url}|${kept}`, 'basic')), true);
    assert.deepEqual(env.list.options(`${sandbox.url}|${kept}`), {
      name: '',
      activeOnly: false,
      sortBy: 'name',
      direction: 'DESC',
    });
    assert.equal(env.memento.get(`capillaryRewards.listOptions|${sandbox.url}`), undefined);
    assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'ready');
    assert.equal(env.connections.activeId(), 'UAT');
    assert.match(
      env.ui.messages.at(-1)!.text,
      /^Added the connection UAT \(127\.0\.0\.1:\d+\); it is now the active one\. The cluster used so far is now the connection 'Local sandbox', still signed in\.$/,
    );
    // Signed out, it stays signed out: nothing of the old sign-in is left to come back.
    await signOut(env.deps, kept);
    assert.equal((await env.connections.get(kept)!.session.readiness()).state, 'signed-out');
    assert.deepEqual(
      [...env.secrets.data.keys()].filter(
        (key) => key.includes(`|${kept}|`) || key === `capillaryRewards.credentials|${sandbox.url}|basic`,
      ),
      [],
    );
  });

  it('connections written by hand never take over the single-host sign-in: it belongs to one till of one org, maybe production', async () => {
    env = flowEnv({
      host: sandbox.url,
      connections: [
        { name: 'UAT', host: sandbox.url },
        { name: 'Production', host: sandbox.url, production: true },
      ],
    });
    env.secrets.data.set(`capillaryRewards.credentials|${sandbox.url}|basic`, JSON.stringify(demoBasic));
    assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'signed-out');
    assert.equal((await env.connections.get('Production')!.session.readiness()).state, 'signed-out');
    assert.equal(env.secrets.data.has(`capillaryRewards.credentials|${sandbox.url}|basic`), true, 'left where it was');
    assert.equal(sandbox.requests.length, 0);
  });

  it('Add Connection says the cluster in use is kept, and signed in only when it was', async () => {
    env = flowEnv({ host: sandbox.url });
    env.ui.type('UAT').pressEnterOnPick().choose('Basic').type(undefined);
    await addConnection(env.deps);
    assert.match(
      env.ui.messages.at(-1)!.text,
      /^Added the connection UAT \(127\.0\.0\.1:\d+\); it is now the active one\. Sign in to it from its row in the Groups view\. The cluster used so far is now the connection 'Local sandbox'\.$/,
    );
  });

  it('Add Connection names the cluster kept from the single-host settings as a user reads it: Capillary’s by region, others by host name', async () => {
    const cases: { host: string; added: string; kept: string }[] = [
      { host: 'https://eu.api.capillarytech.com', added: 'UAT', kept: 'Europe' },
      { host: 'https://us.api.capillarytech.com', added: 'UAT', kept: 'United States' },
      // Unique whatever the case of the name typed.
      { host: 'https://eu.api.capillarytech.com', added: 'europe', kept: 'Europe 2' },
      { host: 'https://staging.example.com:8443', added: 'UAT', kept: 'staging.example.com' },
      { host: 'http://localhost:8787', added: 'UAT', kept: 'Local sandbox' },
    ];
    for (const { host, added, kept } of cases) {
      env = flowEnv({ host });
      env.ui.type(added).pressEnterOnPick().choose('Basic').type(undefined);
      await addConnection(env.deps);
      assert.deepEqual(
        (env.settings.values.connections as { name: string; host: string }[]).map((item) => [item.name, item.host]),
        [
          [kept, host.replace(/:443$/, '')],
          [added, host],
        ],
        host,
      );
      assert.match(
        env.ui.messages.at(-1)!.text,
        new RegExp(`The cluster used so far is now the connection '${kept}'\\.$`),
      );
      env.ui.assertScriptUsed();
    }
    assert.equal(sandbox.requests.length, 0);
  });

  it('Add Connection refuses an empty or taken name (whatever its case) and keeps what was typed; Escape adds nothing', async () => {
    await signedInToBoth();
    env.ui.type('', 'uat', 'QA').escapePick();
    await addConnection(env.deps);
    assert.deepEqual(
      env.ui.inputs[0]!.rejected.map((r) => r.message),
      [
        "Enter a name for the connection, such as 'UAT'; it cannot be empty.",
        "A connection named 'UAT' already exists; choose another name.",
      ],
    );
    assert.equal((env.settings.values.connections as unknown[]).length, 2);
  });

  it('Select Cluster and Add Connection offer the clusters used lately first', async () => {
    env = flowEnv({ connections: two() });
    await env.memento.update(RECENT_CLUSTERS_KEY, ['https://staging.example.com', sandbox.url]);
    env.ui.escapePick();
    await selectCluster(env.deps, 'UAT');
    const labels = env.ui.picks[0]!.labels;
    assert.deepEqual(labels.slice(0, 2), ['staging.example.com', sandbox.url.replace('http://', '')]);
    assert.equal(env.ui.picks[0]!.title, 'Select the Cluster of UAT');
    assert.equal(env.ui.picks[0]!.active, sandbox.url.replace('http://', ''), 'Enter keeps the current one');
  });

  describe('a connection marked production', () => {
    beforeEach(async () => {
      env = flowEnv({ connections: [{ name: 'Prod', host: sandbox.url, production: true }, ...two().slice(1)] });
      await env.credentials.save(keyOf('Prod'), demoBasic);
      await env.credentials.save(keyOf('UAT'), uatBasic);
    });

    it('asks before a create, naming it; No sends nothing and keeps what was typed', async () => {
      env.ui.type('Gold').type('3').confirmWith(false);
      await createGroup(env.deps, undefined, 'Prod');
      assert.deepEqual(env.ui.confirmations, [
        {
          text: `Create the group 'Gold' on the production connection Prod (${sandbox.url.replace('http://', '')})?`,
          detail: `Prod (${sandbox.url.replace('http://', '')}) is marked "production" in capillaryRewards.connections: every change to it asks first.`,
          action: 'Create',
        },
      ]);
      assert.equal(sandbox.requests.filter((r) => r.method === 'POST').length, 0);
      assert.deepEqual(env.deps.drafts.createGroup, { name: 'Gold', rank: '3', taken: undefined });
      env.ui.type('Gold').type('3').confirmWith(true);
      await createGroup(env.deps, undefined, 'Prod');
      assert.deepEqual(
        sandbox.groups(SANDBOX_ORG_ID).map((g) => g.name),
        ['Gold'],
      );
    });

    it('does not ask for a connection that is not production', async () => {
      env.ui.type('Gold').type('3');
      await createGroup(env.deps, undefined, 'UAT');
      assert.equal(env.ui.confirmations.length, 0);
      assert.equal(sandbox.groups(SECOND_ORG_ID).length, 1);
    });

    it('Activate Again and Retry ask again: each is another change to production', async () => {
      sandbox.addGroup({ name: 'Gold', rank: 5 });
      await env.list.refresh(keyOf('Prod'));
      const row = { connectionKey: keyOf('Prod'), group: env.list.get(keyOf('Prod'))!.groups[0]! };
      env.ui
        .confirmWith(true)
        .answer('Activate Again', /is now inactive/)
        .confirmWith(false);
      await setGroupActive(env.deps, row, false);
      await env.ui.settle();
      assert.deepEqual(
        env.ui.confirmations.map((c) => c.text.replace(/ \(#\d+\)| \(127\.0\.0\.1:\d+\)/g, '')),
        ["Deactivate 'Gold' on the production connection Prod?", "Activate 'Gold' on the production connection Prod?"],
      );
      assert.equal(sandbox.groups(SANDBOX_ORG_ID)[0]!.isActive, false, 'the undo was not confirmed');
      sandbox.inject({ status: 503, body: '', method: 'GET', pathIncludes: '/group/', times: 3 });
      const inactive = { ...row, group: { ...row.group, isActive: false } };
      env.ui.confirmWith(true).answer('Retry').confirmWith(false);
      await setGroupActive(env.deps, inactive, true);
      assert.equal(env.ui.confirmations.length, 4, 'the Retry asked again');
    });

    it('asks before a rank change and names it; a deactivate asks one question that names it', async () => {
      const gold = sandbox.addGroup({ name: 'Gold', rank: 5 });
      await env.list.refresh(keyOf('Prod'));
      const row = { connectionKey: keyOf('Prod'), group: env.list.get(keyOf('Prod'))!.groups[0]! };
      env.ui.choose('Change Rank…').type('6').confirmWith(false);
      await editGroup(env.deps, row);
      assert.match(
        env.ui.confirmations[0]!.text,
        /^Change the rank of 'Gold' on the production connection Prod \(127\.0\.0\.1:\d+\)\?$/,
      );
      assert.equal(sandbox.requests.filter((r) => r.method === 'PUT').length, 0);
      env.ui.confirmWith(true);
      await setGroupActive(env.deps, row, false);
      assert.equal(env.ui.confirmations.length, 2);
      assert.match(
        env.ui.confirmations[1]!.text,
        new RegExp(
          `^Deactivate 'Gold' \\(#${gold.id}\\) on the production connection Prod \\(127\\.0\\.0\\.1:\\d+\\)\\?$`,
        ),
      );
      assert.equal(sandbox.groups(SANDBOX_ORG_ID)[0]!.isActive, false);
    });
  });

  it('Retry goes to the connection the failure named, even when another became the active one meanwhile', async () => {
    await signedInToBoth();
    sandbox.inject({
      status: 400,
      body: '{"status":{"success":false,"code":400,"message":"Bad"}}',
      method: 'POST',
      pathIncludes: '/group/create',
      times: 1,
    });
    env.ui.type('Gold').type('1');
    env.ui.autopilot = {
      message: (message) => {
        if (message.level !== 'error') return undefined;
        // The user switches to UAT before clicking Retry on Demo's failure.
        void env.connections.setActive('UAT');
        return 'Retry';
      },
    };
    env.ui.type('Gold').type('1');
    await createGroup(env.deps);
    assert.equal(env.connections.activeId(), 'UAT');
    assert.deepEqual(
      sandbox.groups(SANDBOX_ORG_ID).map((g) => g.name),
      ['Gold'],
    );
    assert.deepEqual(sandbox.groups(SECOND_ORG_ID), []);
  });

  it('a row of a connection no longer listed is refused, never run on the active one', async () => {
    await signedInToBoth();
    env.ui.answer(
      undefined,
      /^That connection is no longer in the settings \(renamed or removed\); refresh the Groups view\.$/,
    );
    await createGroup(env.deps, undefined, 'Renamed Since');
    assert.equal(sandbox.requests.length, 0);
  });

  it('Remove Connection of an item written wrong deletes what it kept while it was usable, and only that item', async () => {
    await signedInToBoth([{ name: 'UAT', host: 'https://us.api.capillarytech.com' }]);
    // 'UAT' is listed twice: the second is not usable. A typo then breaks the first one too.
    env.settings.values.connections = [
      { name: 'Demo', host: sandbox.url },
      { name: 'UAT', host: sandbox.url, production: 'yes' },
      { name: 'UAT', host: 'https://us.api.capillarytech.com' },
    ];
    const broken = env.connections.all().filter((c) => c.entry()?.state === 'invalid');
    assert.equal(broken.length, 2);
    env.ui.confirmWith(true);
    await removeConnection(env.deps, broken[0]!.id);
    assert.equal(env.secrets.data.has(secretKey(keyOf('UAT'), 'basic')), false, 'its credentials went with it');
    assert.deepEqual(env.settings.values.connections, [
      { name: 'Demo', host: sandbox.url },
      { name: 'UAT', host: 'https://us.api.capillarytech.com' },
    ]);
    assert.match(
      env.ui.messages.at(-1)!.text,
      /^Removed the connection UAT \(http:\/\/127\.0\.0\.1:\d+\)\. Its credentials were deleted; no list was cached for it\.$/,
    );
  });

  describe('connections edited by hand in settings.json', () => {
    /** What is stored for a connection key: its credentials in SecretStorage, its list and list options in globalState. */
    const storedFor = (key: string) => ({
      secrets: [...env.secrets.data.keys()].filter((k) => k.startsWith(`capillaryRewards.credentials|${key}|`)),
      state: [...env.memento.data.keys()].filter((k) => k.endsWith(`|${key}`)),
    });

    /** The user saves settings.json: VS Code tells the extension, whose view reads the setting again. */
    async function editByHand(items: unknown[]): Promise<void> {
      env.settings.values.connections = items;
      env.connections.all();
      await new Promise((resolve) => setImmediate(resolve));
    }

    it('deleted by hand and added again with the same name, it is not signed in: it asks to sign in and sends nothing with the old till', async () => {
      await signedInToBoth();
      await env.list.setOptions(keyOf('UAT'), { sortBy: 'name', direction: 'DESC' });
      await env.connections.setActive('UAT');
      assert.ok(env.list.get(keyOf('UAT')));
      env.connections.all(); // the view shows both
      await editByHand([two()[0]]);
      await editByHand(two());
      assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'signed-out');
      assert.deepEqual(storedFor(keyOf('UAT')), { secrets: [], state: [] });
      assert.equal(env.list.get(keyOf('UAT')), undefined, 'the old org’s list is not shown for it');
      assert.deepEqual(env.list.options(keyOf('UAT')), {
        name: '',
        activeOnly: false,
        sortBy: 'rank',
        direction: 'ASC',
      });
      assert.equal(env.connections.activeId(), 'Demo', 'it is a new connection: not the active one');
      const before = sandbox.requests.length;
      // Create Group in it asks to sign in first; the user leaves.
      env.ui.type(undefined);
      await createGroup(env.deps, undefined, 'UAT');
      assert.match(env.ui.inputs.at(-1)!.request.title, /^Sign In to UAT /);
      assert.deepEqual(sandbox.requests.slice(before), [], 'nothing sent with the old till');
      assert.deepEqual(sandbox.groups(SECOND_ORG_ID), []);
      // The other connection keeps everything.
      assert.equal((await env.connections.get('Demo')!.session.readiness()).state, 'ready');
    });

    it('renamed by hand: the old name’s credentials, list and options are gone, and the new name is signed out', async () => {
      await signedInToBoth();
      await env.list.refresh(keyOf('UAT'));
      await env.viewState.setCollapsed('UAT', true);
      env.connections.all();
      await editByHand([two()[0], { name: 'QA', host: sandbox.url }]);
      assert.deepEqual(storedFor(keyOf('UAT')), { secrets: [], state: [] });
      assert.deepEqual(env.viewState.collapsed(), []);
      assert.equal((await env.connections.get('QA')!.session.readiness()).state, 'signed-out');
      assert.deepEqual(storedFor(keyOf('Demo')).secrets, [secretKey(keyOf('Demo'), 'basic')]);
      // Renamed back, it is still a new connection.
      await editByHand(two());
      assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'signed-out');
    });

    it('an item that is only unusable for a while (a typo, a duplicate name) keeps what is stored under its name and cluster', async () => {
      await signedInToBoth();
      env.connections.all();
      await editByHand([two()[0], { name: 'UAT', host: sandbox.url, production: 'yes' }]);
      await editByHand([{ name: 'UAT', host: sandbox.url }, ...two()]);
      await editByHand(two());
      assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'ready');
    });

    it('a value of the wrong shape forgets nothing (the single-host settings stand in while it is fixed)', async () => {
      await signedInToBoth();
      env.connections.all();
      env.settings.values.connections = { name: 'UAT' };
      env.connections.all();
      await new Promise((resolve) => setImmediate(resolve));
      await editByHand(two());
      assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'ready');
      assert.equal((await env.connections.get('Demo')!.session.readiness()).state, 'ready');
    });

    it('Add Connection with the name and cluster of one removed earlier starts with nothing of it, and says to sign in', async () => {
      // Left behind by a version that did not forget a connection deleted by hand.
      env = flowEnv({ connections: [two()[0]] });
      await env.credentials.save(keyOf('Demo'), demoBasic);
      env.secrets.data.set(secretKey(keyOf('UAT'), 'basic'), JSON.stringify(uatBasic));
      await env.memento.update(`capillaryRewards.listOptions|${keyOf('UAT')}`, {
        name: 'x',
        activeOnly: true,
        sortBy: 'name',
        direction: 'ASC',
      });
      env.ui.type('UAT').pressEnterOnPick().choose('Basic').type(undefined);
      await addConnection(env.deps);
      assert.equal(env.ui.inputs[1]!.request.value, undefined, 'no till offered from before');
      assert.match(env.ui.messages.at(-1)!.text, /Sign in to it from its row in the Groups view\.$/);
      assert.deepEqual(storedFor(keyOf('UAT')), { secrets: [], state: [] });
      assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'signed-out');
      assert.equal(sandbox.requests.length, 0);
    });

    it('Remove Connection on a duplicate (same name and cluster as another) deletes nothing of the other, and says so', async () => {
      await signedInToBoth([{ name: 'UAT', host: sandbox.url }]);
      await env.list.refresh(keyOf('UAT'));
      const duplicate = env.connections.all().find((c) => c.entry()?.state === 'invalid')!;
      assert.equal(duplicate.index(), 2);
      const kept = storedFor(keyOf('UAT'));
      assert.equal(kept.secrets.length, 1);
      assert.ok(kept.state.length > 0);
      env.ui.confirmWith(true);
      await removeConnection(env.deps, duplicate.id);
      const host = sandbox.url.replace('http://', '');
      assert.equal(
        env.ui.confirmations[0]!.detail,
        `Only its item is removed from capillaryRewards.connections: UAT (${host}) has the same name and cluster and keeps its credentials and list. Its groups on the server are not touched.`,
      );
      assert.equal(
        env.ui.messages.at(-1)!.text,
        `Removed the connection UAT (${sandbox.url}). Nothing was deleted: UAT (${host}) has the same name and cluster, and keeps what is stored for it.`,
      );
      assert.deepEqual(storedFor(keyOf('UAT')), kept);
      assert.deepEqual(env.settings.values.connections, two());
      assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'ready');
    });

    it('Remove Connection says exactly what it deleted: credentials, list, both or neither', async () => {
      const cases: { stored: string[]; message: string }[] = [
        { stored: ['credentials', 'list'], message: 'Its credentials and cached list were deleted.' },
        { stored: ['credentials'], message: 'Its credentials were deleted; no list was cached for it.' },
        { stored: ['list'], message: 'Its cached list was deleted; no credentials were stored for it.' },
        { stored: [], message: 'No credentials or list were kept for it.' },
      ];
      for (const { stored, message } of cases) {
        env = flowEnv({ connections: two() });
        if (stored.includes('credentials')) await env.credentials.save(keyOf('UAT'), uatBasic);
        if (stored.includes('list')) await env.list.setOptions(keyOf('UAT'), { sortBy: 'name', direction: 'ASC' });
        const before = storedFor(keyOf('UAT'));
        assert.equal(before.secrets.length > 0, stored.includes('credentials'));
        assert.equal(before.state.length > 0, stored.includes('list'));
        env.ui.confirmWith(true);
        await removeConnection(env.deps, 'UAT');
        assert.equal(
          env.ui.messages.at(-1)!.text,
          `Removed the connection UAT (${sandbox.url.replace('http://', '')}). ${message}`,
          stored.join(' and '),
        );
        assert.deepEqual(storedFor(keyOf('UAT')), { secrets: [], state: [] });
        env.ui.assertScriptUsed();
      }
    });
  });

  describe('Rename Connection', () => {
    const storedFor = (key: string) => ({
      secrets: [...env.secrets.data.keys()].filter((k) => k.startsWith(`capillaryRewards.credentials|${key}|`)),
      state: [...env.memento.data.keys()].filter((k) => k.endsWith(`|${key}`)),
    });

    it('keeps its sign-in, list, list options, and active and collapsed state under the new name: no sign-in asked, the old key keeps nothing', async () => {
      await signedInToBoth();
      sandbox.addGroup({ name: 'UAT Gold', rank: 1, org: SECOND_ORG_ID });
      sandbox.addGroup({ name: 'UAT Silver', rank: 2, org: SECOND_ORG_ID });
      await env.list.setOptions(keyOf('UAT'), { sortBy: 'name', direction: 'DESC' });
      await env.connections.setActive('UAT');
      await env.viewState.setCollapsed('UAT', true);
      const listed = env.list.get(keyOf('UAT'))!.groups.map((g) => [g.id, g.name]);
      assert.equal(listed.length, 2);
      env.connections.all(); // the view shows both
      // Refused: empty, and another connection's name (whatever its case); what was typed stays in the box.
      env.ui.type('', 'demo', 'QA');
      await renameConnection(env.deps, 'UAT');
      const prompt = env.ui.inputs[0]!;
      assert.equal(prompt.request.title, `Rename Connection UAT (${sandbox.url.replace('http://', '')})`);
      assert.equal(prompt.request.value, 'UAT');
      assert.deepEqual(
        prompt.rejected.map((r) => r.message),
        [
          "Enter a name for the connection, such as 'UAT'; it cannot be empty.",
          "A connection named 'Demo' already exists; choose another name.",
        ],
      );
      assert.deepEqual(env.settings.values.connections, [
        { name: 'Demo', host: sandbox.url },
        { name: 'QA', host: sandbox.url },
      ]);
      assert.equal(
        env.ui.messages.at(-1)!.text,
        `Renamed the connection UAT to QA (${sandbox.url.replace('http://', '')}); it is still signed in.`,
      );
      // The view reads the setting again.
      env.connections.all();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(storedFor(keyOf('UAT')), { secrets: [], state: [] });
      assert.deepEqual(storedFor(keyOf('QA')).secrets, [secretKey(keyOf('QA'), 'basic')]);
      assert.equal((await env.connections.get('QA')!.session.readiness()).state, 'ready');
      assert.equal(env.connections.activeId(), 'QA');
      assert.deepEqual(env.viewState.collapsed(), ['QA']);
      assert.deepEqual(env.list.options(keyOf('QA')), {
        name: '',
        activeOnly: false,
        sortBy: 'name',
        direction: 'DESC',
      });
      // The same list at once (kept offline), then from the server with the same till: the same org.
      assert.equal(env.list.restore(keyOf('QA')), true);
      assert.deepEqual(
        env.list.get(keyOf('QA'))!.groups.map((g) => [g.id, g.name]),
        listed,
      );
      await env.list.refresh(keyOf('QA'));
      assert.deepEqual(
        env.list.get(keyOf('QA'))!.groups.map((g) => [g.id, g.name]),
        listed,
      );
      assert.equal(env.list.orgId(keyOf('QA')), SECOND_ORG_ID);
      // Palette commands act on it, signed in: no sign-in prompt (the script has none).
      env.ui.type('UAT Bronze').type('3');
      await createGroup(env.deps);
      assert.deepEqual(
        sandbox.groups(SECOND_ORG_ID).map((g) => g.name),
        ['UAT Gold', 'UAT Silver', 'UAT Bronze'],
      );
      assert.ok(
        env.logLines.includes(
          `info Renamed connection 'UAT' to 'QA' (${sandbox.url}); its credentials, list and options moved with it`,
        ),
        env.logLines.join('\n'),
      );
    });

    it('from the palette asks which connection; the same name, or Escape, changes nothing', async () => {
      await signedInToBoth();
      env.ui.choose(`UAT (${sandbox.url.replace('http://', '')})`).type(undefined);
      await renameConnection(env.deps);
      assert.deepEqual(env.ui.picks[0]!.labels, [
        `Demo (${sandbox.url.replace('http://', '')})`,
        `UAT (${sandbox.url.replace('http://', '')})`,
      ]);
      env.ui.type('UAT');
      await renameConnection(env.deps, 'UAT');
      assert.deepEqual(env.settings.values.connections, two());
      assert.deepEqual(env.ui.messages, []);
      assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'ready');
    });

    it('renames a duplicate out of the way without taking the other item’s credentials', async () => {
      await signedInToBoth([{ name: 'UAT', host: sandbox.url }]);
      const duplicate = env.connections.all().find((c) => c.entry()?.state === 'invalid')!;
      env.ui.type('UAT 2');
      await renameConnection(env.deps, duplicate.id);
      env.connections.all();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal((await env.connections.get('UAT')!.session.readiness()).state, 'ready');
      assert.equal((await env.connections.get('UAT 2')!.session.readiness()).state, 'signed-out');
      assert.equal(
        env.ui.messages.at(-1)!.text,
        `Renamed the connection UAT (${sandbox.url}) to UAT 2 (${sandbox.url.replace('http://', '')}).`,
      );
    });

    it('the connection of the single-host settings has no name to change', async () => {
      env = flowEnv({ host: sandbox.url });
      env.ui.answer(
        undefined,
        /^Only the connections of capillaryRewards\.connections have names to change\. Add Connection… makes one\.$/,
      );
      await renameConnection(env.deps);
      assert.equal(env.settings.values.connections, undefined);
    });
  });

  it('a connection written wrong sends nothing and says what is wrong; the others keep working', async () => {
    await signedInToBoth([{ name: 'Broken', host: 'http://example.com' }]);
    const broken = env.connections.all().find((c) => c.name() === 'Broken')!;
    assert.equal(broken.label(), 'Broken (http://example.com)');
    assert.equal((await broken.session.readiness()).state, 'invalid-host');
    env.ui.answer(
      undefined,
      /^The connection Broken \(http:\/\/example\.com\) in capillaryRewards\.connections is not usable: Its "host" "http:\/\/example\.com" is not usable/,
    );
    await createGroup(env.deps, undefined, broken.id);
    assert.equal(sandbox.requests.length, 0);
    env.ui.type('Gold').type('');
    await createGroup(env.deps, undefined, 'UAT');
    assert.equal(sandbox.groups(SECOND_ORG_ID).length, 1);
  });

  it('an unreachable connection holds up only its own list: the reachable one is listed first, one request each', async () => {
    // A port that accepts connections and never answers.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      env = flowEnv({ connections: [{ name: 'Down', host: silentUrl }, ...two()], requestTimeoutSeconds: 2 });
      // Stored as another window would have: reading them is a keychain read.
      env.secrets.data.set(secretKey(`${silentUrl}|Down`, 'basic'), JSON.stringify(demoBasic));
      env.secrets.data.set(secretKey(keyOf('Demo'), 'basic'), JSON.stringify(demoBasic));
      env.secrets.data.set(secretKey(keyOf('UAT'), 'basic'), JSON.stringify(uatBasic));
      const order: string[] = [];
      const down = env.list.refresh(`${silentUrl}|Down`).then(() => order.push('Down'));
      const demo = env.list.refresh(keyOf('Demo')).then(() => order.push('Demo'));
      await Promise.all([down, demo]);
      assert.deepEqual(order, ['Demo', 'Down']);
      assert.equal(env.list.get(`${silentUrl}|Down`)!.failedLoad, 'first');
      assert.equal(sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/group')).length, 1);
      // One keychain read for each of the two; the third connection (UAT), not listed, was never asked for its credentials.
      assert.equal(env.secrets.reads, 2);
    } finally {
      silent.close();
    }
  });
});
