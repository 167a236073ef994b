// Secrets in what a server sends back, and secrets in memory: a server that echoes the request's
// credentials never gets them into a message, and the log's redactor holds only the values of
// the connections in use, over real HTTP against the sandbox.
import { strict as assert } from 'assert';
import { basicAuthorization, md5Hex, OAUTH_TOKEN_HEADER } from '../../src/api/auth';
import { createGroupsClient } from '../../src/api/client';
import { cleanServerText, derivedForms, MAX_SERVER_TEXT_LENGTH, REDACTED, redactPatterns } from '../../src/api/redact';
import type { Credentials } from '../../src/api/types';
import { signIn } from '../../src/commands/signIn';
import { signOut } from '../../src/commands/signOut';
import { RedactingLogger } from '../../src/foundation/log';
import { describeFailure, type FailureContext } from '../../src/messages/failures';
import { DEMO_CREDENTIALS, type Sandbox, TOKEN_PATH } from '../sandbox/server';
import { type FlowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';
import { findLeaks, secretForms } from '../support/leaks';
import { failure } from '../support/answers';
import { editorWords } from '../../src/ui/editorWords';

const PREFIX = '/api_gateway/core/v1';
const { basic, oauth } = DEMO_CREDENTIALS;

/** Each value in the forms a server may echo it in: as is, URL-encoded, JSON-escaped, upper case. */
function echoes(values: string[]): string[] {
  return values.flatMap((value) => [
    value,
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    value.toUpperCase(),
  ]);
}

/** None of the values, in any of those forms, in any of the texts. */
function assertNoneIn(texts: (string | undefined)[], values: string[]): void {
  for (const text of texts) {
    if (text === undefined) continue;
    for (const [n, value] of echoes(values).entries()) {
      assert.ok(!text.includes(value), `form #${n + 1} of a secret appears in: ${text}`);
    }
  }
}

describe('server texts: what a server echoes of the credentials never reaches a message (real HTTP)', () => {
  let sandbox: Sandbox;
  // A till whose Basic value has '+', '/' and '=' in it, so that its URL-encoded form differs.
  const till = { username: 'till+/x', password: 'pw' };
  const hash = md5Hex(till.password);
  const header = basicAuthorization(till.username, hash);
  const encoded = header.replace(/^Basic /, '');
  const pair = `${till.username}:${hash}`;
  const tillCredentials: Credentials = { method: 'basic', username: till.username, passwordMd5: hash };
  // A client secret with characters that JSON and URLs escape.
  const secret = 's3cr"et/+ü&<x>';
  const client = (credentials: Credentials) =>
    createGroupsClient({ origin: sandbox.url, apiPrefix: PREFIX, timeoutMs: 5000, credentials });
  const signingIn = (method: 'basic' | 'oauth', user: string): FailureContext => ({
    origin: sandbox.url,
    doing: 'sign in',
    signingIn: { method, user },
  });

  useSandbox({
    bind: (started) => (sandbox = started),
  });

  it('a 401 whose message echoes the Authorization header, its Base64, the user:hash pair and the hash', async () => {
    const message = `Rejected ${header}; encoded ${encodeURIComponent(encoded)}; pair ${pair}; json ${JSON.stringify(pair).slice(1, -1)}; hash ${hash.toUpperCase()}`;
    sandbox.inject({ status: 401, body: JSON.stringify({ status: { success: false, code: 401, message } }) });
    const error = await failure(() => client(tillCredentials).list({ page: 0, size: 1 }));
    assert.equal(sandbox.requests[0]!.headers['authorization'], header, 'the request did carry them');
    assert.equal(error.status, 401);
    assert.match(
      error.serverMessage!,
      /^Rejected ‹redacted›; encoded ‹redacted›; pair ‹redacted›; json ‹redacted›; hash ‹redacted›$/,
    );
    assertNoneIn(
      [
        error.message,
        error.serverMessage,
        describeFailure(error, signingIn('basic', till.username), editorWords)!.message,
      ],
      [header, encoded, pair, hash],
    );
  });

  it('a plain-text 401 and an HTML 502 page that echo the header', async () => {
    sandbox.inject({ status: 401, body: `Authorization header was:\n${header}\n(${encodeURIComponent(encoded)})` });
    sandbox.inject({
      status: 502,
      body: `<html><body><pre>${header}</pre><p>${pair}</p></body></html>`,
      headers: { 'content-type': 'text/html' },
      times: 3,
    });
    const plain = await failure(() => client(tillCredentials).list({ page: 0, size: 1 }));
    const page = await failure(() => client(tillCredentials).list({ page: 0, size: 1 }));
    assert.equal(plain.kind, 'http');
    assert.equal(page.kind, 'not-capillary');
    for (const error of [plain, page]) {
      assertNoneIn(
        [
          error.message,
          error.serverMessage,
          describeFailure(error, signingIn('basic', till.username), editorWords)!.message,
        ],
        [header, encoded, pair, hash],
      );
    }
  });

  it('a redirect whose target holds the token', async () => {
    const api = client({ method: 'oauth', ...oauth });
    await api.list({ page: 0, size: 1 });
    const token = sandbox.issuedTokens[0]!;
    sandbox.inject({
      status: 302,
      body: '',
      headers: { location: `https://elsewhere.example/${encodeURIComponent(token.toUpperCase())}/x` },
    });
    const error = await failure(() => api.list({ page: 0, size: 1 }));
    assert.equal(error.kind, 'redirect');
    assert.match(error.location!, /^https:\/\/elsewhere\.example\/‹redacted›\/x$/);
    assertNoneIn(
      [error.message, describeFailure(error, { origin: sandbox.url, doing: 'list the groups' }, editorWords)!.message],
      [token],
    );
  });

  it('a 400 whose message echoes the OAuth token the request carried', async () => {
    const api = client({ method: 'oauth', ...oauth });
    await api.list({ page: 0, size: 1 });
    const token = sandbox.issuedTokens[0]!;
    // Not a JWT's shape once changed in case: only the exact value the request carried finds it.
    const message = `token ${token.toUpperCase()} / ${encodeURIComponent(token)} rejected`;
    sandbox.inject({ status: 400, body: JSON.stringify({ status: { success: false, code: 400, message } }) });
    const error = await failure(() => api.list({ page: 0, size: 1 }));
    assert.equal(sandbox.requests[sandbox.requests.length - 1]!.headers[OAUTH_TOKEN_HEADER.toLowerCase()], token);
    assert.equal(error.serverMessage, 'token ‹redacted› / ‹redacted› rejected');
    assertNoneIn(
      [error.message, describeFailure(error, { origin: sandbox.url, doing: 'list the groups' }, editorWords)!.message],
      [token],
    );
  });

  it('a token request refused with a message that echoes the client secret, raw, JSON-escaped and URL-encoded', async () => {
    const message = `bad credentials for body {"key":"${oauth.key}","secret":"${JSON.stringify(secret).slice(1, -1)}"}: ${secret} | ${encodeURIComponent(secret)}`;
    sandbox.inject({
      status: 400,
      pathIncludes: TOKEN_PATH,
      body: JSON.stringify({ data: null, errors: [{ code: 320001, message }] }),
    });
    const error = await failure(() => client({ method: 'oauth', key: oauth.key, secret }).list({ page: 0, size: 1 }));
    assert.equal(error.path, TOKEN_PATH);
    assert.equal(
      (JSON.parse(sandbox.requests[0]!.body) as { secret: string }).secret,
      secret,
      'the request did carry it',
    );
    assert.match(
      error.serverMessage!,
      /^bad credentials for body \{"key":"demo-key","secret":‹redacted›\}: ‹redacted› \| ‹redacted›$/,
    );
    assertNoneIn(
      [error.message, error.serverMessage, describeFailure(error, signingIn('oauth', oauth.key), editorWords)!.message],
      [secret],
    );
  });

  it('shows a long server message on one line, at most 200 characters', async () => {
    const message = `First line\r\nsecond line\t${'x'.repeat(5000)}\u2028end`;
    sandbox.inject({ status: 500, body: JSON.stringify({ status: { success: false, code: 5001, message } }) });
    sandbox.inject({ status: 500, body: `plain\n${'y'.repeat(5000)}`, times: 3 });
    const enveloped = await failure(() => client(tillCredentials).create({ name: 'A', rank: null }));
    const plain = await failure(() => client(tillCredentials).create({ name: 'A', rank: null }));
    for (const error of [enveloped, plain]) {
      assert.ok(error.serverMessage!.length <= MAX_SERVER_TEXT_LENGTH, `${error.serverMessage!.length} characters`);
      assert.doesNotMatch(error.serverMessage!, /[\r\n\t\u2028]/);
      assert.match(error.serverMessage!, /…$/);
    }
    assert.match(enveloped.serverMessage!, /^First line second line x+…$/);
  });

  it('cleanServerText: patterns, values in every form, bidirectional controls, one line', () => {
    assert.equal(cleanServerText('Authorization: Bearer abcdefghijkl'), 'Authorization: ‹redacted› ‹redacted›');
    assert.equal(cleanServerText('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln end'), 'jwt ‹redacted› end');
    assert.equal(cleanServerText('password=hunter2&user=x'), 'password=‹redacted›&user=x');
    assert.equal(cleanServerText('a\u202Eb\nc'), 'ab c');
    assert.equal(cleanServerText(`x ${encodeURIComponent('a b/c')} y`, ['a b/c']), `x ${REDACTED} y`);
    assert.equal(cleanServerText('   '), undefined);
    assert.deepEqual(derivedForms('abcd'), ['abcd']);
    assert.ok(
      derivedForms('a"b c').includes('a\\"b c') &&
        derivedForms('a"b c').includes('a%22b%20c') &&
        derivedForms('a"b c').includes('a%22b+c'),
    );
    assert.equal(redactPatterns('{"secret":"x","name":"Gold"}'), '{"secret":‹redacted›,"name":"Gold"}');
  });
});

describe('secrets held by the log: only those of the connections in use, for as long as they are used', () => {
  let sandbox: Sandbox;
  let env: FlowEnv;
  const hash = md5Hex(basic.password);
  const log = () => env.deps.log;
  /** Waits, on the event loop, until the sandbox has received `count` requests. */
  async function requestsArrived(count: number): Promise<void> {
    while (sandbox.requests.length < count) await new Promise((resolve) => setImmediate(resolve));
  }

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url }), bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });

  it('reading the sign-in state holds nothing; the first client made holds the credentials once', async () => {
    await env.credentials.save(sandbox.url, { method: 'basic', username: basic.username, passwordMd5: hash });
    for (let i = 0; i < 3; i++) assert.equal((await env.session().readiness()).state, 'ready');
    assert.equal(log().heldSecretCount(), 0);
    await env.session().connect();
    await env.session().connect();
    assert.equal(log().holds(hash), true);
    assert.equal(log().holds(basicAuthorization(basic.username, hash).replace(/^Basic /, '')), true);
    assert.equal(log().heldSecretCount(), 3, 'the hash, user:hash and its Base64');
  });

  it('holds what was typed while the sign-in is checked, and forgets a mistyped password when it is refused', async () => {
    sandbox.inject({ passThrough: true, delayMs: 50, method: 'GET' });
    env.ui.type(basic.username).type('wrong-password').answer(undefined);
    const done = signIn(env.deps);
    await requestsArrived(1);
    assert.equal(log().holds('wrong-password'), true, 'held while it is being checked');
    assert.equal(log().holds(md5Hex('wrong-password')), true);
    assert.equal(await done, false);
    assert.equal(log().holds('wrong-password'), false);
    assert.equal(log().holds(md5Hex('wrong-password')), false);
    assert.equal(log().heldSecretCount(), 0);
  });

  it('after a wrong password then the right one, only the right one is held', async () => {
    env.ui
      .type(basic.username)
      .type('wrong-password')
      .answer('Retry', /rejected/)
      .type(basic.username)
      .type(basic.password);
    assert.equal(await signIn(env.deps), true);
    for (const gone of ['wrong-password', md5Hex('wrong-password'), `${basic.username}:${md5Hex('wrong-password')}`]) {
      assert.equal(log().holds(gone), false, gone);
    }
    assert.equal(log().holds(basic.password), true);
    assert.equal(log().holds(hash), true);
    assert.equal(log().heldSecretCount(), 4, 'the password, its hash, user:hash and its Base64');
  });

  it('an OAuth token replaces the one before it instead of adding up', async () => {
    env.settings.values.authMethod = 'oauth';
    env.ui.type(oauth.key).type(oauth.secret);
    assert.equal(await signIn(env.deps), true);
    const first = sandbox.issuedTokens[0]!;
    assert.equal(log().holds(first), true);
    sandbox.expireTokens();
    await env.groups().listGroups({ page: 0, size: 1 });
    const second = sandbox.issuedTokens[1]!;
    assert.notEqual(second, first);
    assert.equal(log().holds(first), false);
    assert.equal(log().holds(second), true);
    assert.equal(log().holds(oauth.secret), true);
    assert.equal(log().heldSecretCount(), 2, 'the client secret and the current token');
  });

  it('Sign Out drops everything held for the connection', async () => {
    env.ui.type(basic.username).type(basic.password);
    assert.equal(await signIn(env.deps), true);
    await env.groups().listGroups({ page: 0, size: 1 });
    assert.ok(log().heldSecretCount() > 0);
    await signOut(env.deps);
    assert.equal(log().heldSecretCount(), 0);
    for (const value of [basic.password, hash, `${basic.username}:${hash}`]) assert.equal(log().holds(value), false);
  });

  it('Sign Out of one cluster keeps what another, still signed in, needs', async () => {
    const other = 'https://eu.api.capillarytech.com';
    log().setSecrets(`capillaryRewards.credentials|${other}|basic`, ['other-cluster-hash']);
    env.ui.type(basic.username).type(basic.password);
    await signIn(env.deps);
    await signOut(env.deps);
    assert.equal(log().holds('other-cluster-hash'), true);
    assert.equal(log().heldSecretCount(), 1);
  });

  it('the secret sweep searches the log as written, before redaction, and every derived form', () => {
    const typed = 'p@ss w/rd';
    env.deps.log.setSecrets('test', [basic.password, typed]);
    env.deps.log.info(`echo ${basic.password}`);
    env.deps.log.warn(`encoded ${encodeURIComponent(typed)}`);
    env.deps.log.error(
      `plain basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')} hash ${hash}`,
    );
    assert.ok(
      env.logLines.every((line) => !line.includes(basic.password)),
      'the redactor hid the plain value from the channel',
    );
    const leaks = findLeaks(env, sandbox, [typed]);
    assert.ok(leaks.length >= 4, leaks.join(', '));
    assert.ok(
      leaks.every((leak) => / in (redacted )?log line \d+$/.test(leak)),
      leaks.join(', '),
    );
    assert.ok(leaks.some((leak) => leak.endsWith(' in log line 1')));
    assert.ok(leaks.some((leak) => leak.endsWith(' in log line 2')));
    assert.ok(leaks.some((leak) => leak.endsWith(' in log line 3')));
    assert.ok(secretForms([typed]).includes(encodeURIComponent(typed)));
    assert.ok(secretForms([typed]).includes(JSON.stringify(typed).slice(1, -1)));
    assert.ok(
      secretForms([basic.password], [basic.username]).includes(
        basicAuthorization(basic.username, hash).replace(/^Basic /, ''),
      ),
    );
    env.deps.log.dropSecrets('test');
  });

  it('RedactingLogger: setSecrets replaces, dropSecrets forgets, values shorter than 4 are not held', () => {
    const lines: string[] = [];
    const logger = new RedactingLogger({
      info: (l) => lines.push(l),
      warn: (l) => lines.push(l),
      error: (l) => lines.push(l),
    });
    logger.setSecrets('a', ['first-value', 'abc']);
    logger.setSecrets('a', ['second-value']);
    logger.info('first-value second-value SECOND-VALUE second%2Dvalue');
    assert.deepEqual(lines, ['first-value ‹redacted› ‹redacted› second%2Dvalue']);
    assert.equal(logger.holds('first-value'), false);
    assert.equal(logger.holds('abc'), false);
    assert.equal(logger.heldSecretCount(), 1);
    logger.dropSecrets('a');
    assert.equal(logger.heldSecretCount(), 0);
  });
});
