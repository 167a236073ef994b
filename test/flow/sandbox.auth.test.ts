// Tests of the local Capillary sandbox (test/sandbox/) over real HTTP, against the behaviour
// written in docs/capillary-api.md: authentication (Basic, OAuth tokens) and the per-account rate limit.

import { strict as assert } from 'assert';
import { DEMO_CREDENTIALS, SANDBOX_ORG_ID, Sandbox, type SandboxGroup } from '../sandbox/server';
import {
  TEST_VECTOR_HEADER,
  P,
  P2,
  UNAUTHORIZED,
  DEMO_AUTH,
  UAT_AUTH,
  api,
  assertError,
  basic,
  call,
  create,
  sandbox,
  token,
  useSandbox,
  type ListAnswer,
  type Reply,
  type TokenAnswer,
} from './sandbox.support';

describe('Capillary sandbox: auth', function () {
  this.timeout(10_000);
  /** The sandbox's clock for token expiry and the rate limit: real time unless a test sets it. */
  let clockMs: number | undefined;
  useSandbox(
    () => clockMs ?? Date.now(),
    () => (clockMs = undefined),
  );

  describe('basic authentication', () => {
    it('accepts the spec test vector header exactly', async () => {
      assert.equal(basic('store.server', 'server123'), TEST_VECTOR_HEADER);
      const r = await api<ListAnswer>('GET', `${P}/group`, undefined, { Authorization: TEST_VECTOR_HEADER });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status.code, 12013);
      const created = await api<SandboxGroup>(
        'POST',
        `${P}/group/create`,
        { name: 'Vector' },
        { Authorization: TEST_VECTOR_HEADER },
      );
      assert.equal(created.status, 200);
      assert.equal(created.json.createdBy, 75155283);
    });

    it('accepts demo.till with createdBy 75155282 and a lower-case header name', async () => {
      const r = await api<SandboxGroup>(
        'POST',
        `${P}/group/create`,
        { name: 'Demo' },
        { authorization: basic('demo.till', 'demo123') },
      );
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.createdBy, 75155282);
      assert.equal(r.json.lastUpdatedBy, 75155282);
    });

    it('answers 401 with the older-gateway body for wrong, unhashed, unknown or missing credentials', async () => {
      const attempts: Record<string, string>[] = [
        { Authorization: basic('demo.till', 'wrong') },
        { Authorization: `Basic ${Buffer.from('demo.till:demo123').toString('base64')}` }, // password not MD5-hashed
        { Authorization: basic('nobody', 'demo123') },
        { Authorization: 'Bearer abc' },
        { Authorization: 'Basic !!!' },
        {},
      ];
      for (const headers of attempts) {
        const r = await api('GET', `${P}/group`, undefined, headers);
        assert.equal(r.status, 401, JSON.stringify(headers));
        assert.deepEqual(r.json, UNAUTHORIZED);
        assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      }
      const c = await api('POST', `${P}/group/create`, { name: 'X' }, { Authorization: basic('demo.till', 'wrong') });
      assert.equal(c.status, 401);
      assert.equal(sandbox.groups().length, 0);
    });

    it('answers 403 code 4000 to the till without group access', async () => {
      const { username, password } = DEMO_CREDENTIALS.noAccess;
      for (const [method, p, body] of [
        ['GET', `${P}/group`, undefined],
        ['POST', `${P}/group/create`, { name: 'Nope' }],
        ['GET', `${P2}/group/2412`, undefined],
      ] as const) {
        const r = await api(method, p, body, { Authorization: basic(username, password) });
        assert.equal(r.status, 403);
        assert.deepEqual(r.json, {
          status: { success: false, code: 4000, message: 'Not authorized. Access is denied!' },
        });
      }
      assert.equal(sandbox.groups().length, 0);
    });
  });

  describe('OAuth tokens', () => {
    it('generates a JWT-looking token that works on group endpoints', async () => {
      const r = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', {
        body: { key: 'demo-key', secret: 'demo-secret' },
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json).sort(), ['data', 'errors']);
      assert.equal(r.json.errors, null);
      assert.equal(r.json.data.ttlSeconds, 300);
      const parts = r.json.data.accessToken.split('.');
      assert.equal(parts.length, 3);
      for (const part of parts) assert.match(part, /^[A-Za-z0-9_-]+$/);
      assert.equal(sandbox.tokensIssued, 1);

      const created = await api<SandboxGroup>(
        'POST',
        `${P}/group/create`,
        { name: 'Via token' },
        { 'X-CAP-API-OAUTH-TOKEN': r.json.data.accessToken },
      );
      assert.equal(created.status, 200, created.text);
      assert.equal(typeof created.json.createdBy, 'number');
      const lower = await api('GET', `${P}/group/${created.json.id}`, undefined, {
        'x-cap-api-oauth-token': r.json.data.accessToken,
      });
      assert.equal(lower.status, 200);
      const other = await token();
      assert.notEqual(other, r.json.data.accessToken);
      assert.equal(sandbox.tokensIssued, 2);
      assert.deepEqual(sandbox.issuedTokens, [r.json.data.accessToken, other]);
    });

    it('rejects a wrong key or secret with 401 code 320001', async () => {
      for (const body of [{ key: 'demo-key', secret: 'nope' }, { key: 'nope', secret: 'demo-secret' }, {}]) {
        const r = await call('POST', '/v3/oauth/token/generate', { body });
        assert.equal(r.status, 401);
        assert.deepEqual(r.json, { data: null, errors: [{ code: 320001, message: 'Invalid client key and secret' }] });
      }
      assert.equal(sandbox.tokensIssued, 0);
    });

    it('does not accept the CAP-API-ACCESS-TOKEN spelling or an unknown token', async () => {
      const t = await token();
      const wrongHeader = await api('GET', `${P}/group`, undefined, { 'CAP-API-ACCESS-TOKEN': t });
      assert.equal(wrongHeader.status, 401);
      const unknown = await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': 'a.b.c' });
      assert.equal(unknown.status, 401);
      assert.deepEqual(unknown.json, UNAUTHORIZED);
    });

    it('tokens really expire after their ttl (498 "Token expired at …")', async () => {
      // The sandbox's clock is advanced instead of waited for; it stands still in between.
      const issuedAt = Date.now();
      clockMs = issuedAt;
      sandbox.setTokenTtl(1);
      const r = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', { body: DEMO_CREDENTIALS.oauth });
      assert.equal(r.json.data.ttlSeconds, 1);
      const t = r.json.data.accessToken;
      const fresh = await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t });
      assert.equal(fresh.status, 200);
      clockMs = issuedAt + 999;
      const last = await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t });
      assert.equal(last.status, 200, 'still valid 1 ms before its ttl runs out');
      clockMs = issuedAt + 1000;
      const stale = await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t });
      assertError(
        stale,
        498,
        498,
        `Token expired at ${new Date(issuedAt + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
      );
    });

    it('expireTokens() makes issued tokens answer 498; new tokens work', async () => {
      const t = await token();
      sandbox.expireTokens();
      const r = await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t });
      assertError(r, 498, 498, /^Token expired at /);
      const t2 = await token();
      assert.equal((await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t2 })).status, 200);
    });

    it('revokeTokens() makes issued tokens answer 401', async () => {
      const t = await token();
      sandbox.revokeTokens();
      const r = await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t });
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, UNAUTHORIZED);
    });

    it('reset() forgets tokens and restores the starting ttl', async () => {
      sandbox.setTokenTtl(5);
      const t = await token();
      sandbox.reset();
      assert.equal(sandbox.tokensIssued, 0);
      assert.equal((await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t })).status, 401);
      const r = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', { body: DEMO_CREDENTIALS.oauth });
      assert.equal(r.json.data.ttlSeconds, 300);
    });
  });

  describe('rate limit', () => {
    const list = (headers: Record<string, string> = DEMO_AUTH): Promise<Reply> =>
      api('GET', `${P}/group`, undefined, headers);
    const TOO_MANY = (perMinute: number) => ({
      status: { success: false, code: 429, message: `Too many requests: ${perMinute} per minute allowed` },
    });

    it('answers the 101st group request within a minute with 429, changes nothing and records it', async () => {
      // The clock stands still between the steps it is moved to.
      const start = Date.now();
      clockMs = start;
      sandbox.setRateLimit(100);
      const first = await create('First');
      clockMs = start + 15_000;
      // Every group operation counts, under either prefix.
      for (let i = 0; i < 99; i++) {
        const r =
          i % 3 === 0
            ? await api('GET', `${P2}/group/${first.id}`)
            : i % 3 === 1
              ? await api('PUT', `${P}/group/${first.id}`, { name: 'First', rank: i })
              : await api('GET', `${P2}/group?size=1`);
        assert.equal(r.status, 200, `request ${i + 2}: ${r.text}`);
      }
      const before = sandbox.groups();
      clockMs = start + 20_500;
      const refused = await api('POST', `${P}/group/create`, { name: 'One Too Many' });
      assert.equal(refused.status, 429, refused.text);
      assert.deepEqual(refused.json, TOO_MANY(100));
      assert.match(refused.headers.get('content-type') ?? '', /^application\/json/);
      // The first request leaves the window at start + 60 s: 39.5 s from now, rounded up.
      assert.equal(refused.headers.get('retry-after'), '40');
      const refusedPut = await api('PUT', `${P}/group/${first.id}`, { name: 'Renamed', rank: 1 });
      assert.equal(refusedPut.status, 429);
      assert.deepEqual(sandbox.groups(), before, 'a refused request changes nothing');

      assert.equal(sandbox.requests.length, 102);
      const recorded = sandbox.requests[100]!;
      assert.equal(recorded.path, `${P}/group/create`);
      assert.equal(recorded.status, 429);
      assert.equal(recorded.orgId, SANDBOX_ORG_ID);
      assert.equal(recorded.requestId, refused.headers.get('x-cap-requestid'));
    });

    it('lets requests through again as the oldest leave the window; refused requests do not count', async () => {
      const start = Date.now();
      clockMs = start;
      sandbox.setRateLimit(2);
      assert.equal((await list()).status, 200);
      clockMs = start + 10_000;
      assert.equal((await list()).status, 200);
      for (const [at, retryAfter] of [
        [10_000, '50'],
        [30_000, '30'],
        [59_001, '1'],
        [59_999, '1'],
      ] as const) {
        clockMs = start + at;
        const r = await list();
        assert.equal(r.status, 429, `at +${at} ms`);
        assert.equal(r.headers.get('retry-after'), retryAfter, `at +${at} ms`);
      }
      // Had the four refusals counted, the window would still be full.
      clockMs = start + 60_000;
      assert.equal((await list()).status, 200);
      const full = await list();
      assert.equal(full.status, 429);
      assert.equal(full.headers.get('retry-after'), '10', 'now the request at +10 s is the oldest');
      clockMs = start + 70_000;
      assert.equal((await list()).status, 200);
    });

    it('keeps a window per account: each till, and each OAuth client across its tokens', async () => {
      clockMs = Date.now();
      sandbox.setRateLimit(2);
      assert.equal((await list()).status, 200);
      assert.equal((await list()).status, 200);
      assertError(await list(), 429, 429, 'Too many requests: 2 per minute allowed');

      const { colleague, secondOrg } = DEMO_CREDENTIALS;
      assert.equal(
        (await list({ Authorization: basic(colleague.username, colleague.password) })).status,
        200,
        'a colleague of the same org',
      );
      assert.equal((await list(UAT_AUTH)).status, 200, 'a till of the second org');

      const t1 = await token();
      const t2 = await token();
      assert.equal((await list({ 'X-CAP-API-OAUTH-TOKEN': t1 })).status, 200);
      assert.equal((await list({ 'X-CAP-API-OAUTH-TOKEN': t2 })).status, 200, 'a new token of the same client');
      assert.equal((await list({ 'X-CAP-API-OAUTH-TOKEN': t1 })).status, 429, 'both tokens count against demo-key');
      const uatToken = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', { body: secondOrg.oauth });
      assert.equal(
        (await list({ 'X-CAP-API-OAUTH-TOKEN': uatToken.json.data.accessToken })).status,
        200,
        'another client',
      );
      assert.equal((await list()).status, 429, 'demo.till is still limited');
    });

    it('counts neither the token endpoint, control requests, failed authentication, unknown endpoints nor answers injected without handling', async () => {
      clockMs = Date.now();
      sandbox.setRateLimit(1);
      for (let i = 0; i < 3; i++) await token();
      assert.equal((await call('GET', '/__sandbox/groups')).status, 200);
      assert.equal((await list({ Authorization: basic('demo.till', 'wrong') })).status, 401);
      assert.equal(
        (await list({ Authorization: basic(DEMO_CREDENTIALS.noAccess.username, DEMO_CREDENTIALS.noAccess.password) }))
          .status,
        403,
      );
      assert.equal((await api('GET', '/nowhere')).status, 404);
      assert.equal((await api('POST', `${P}/group`, { name: 'Wrong method' })).status, 405);
      sandbox.inject({ status: 503, body: '', method: 'GET' });
      assert.equal((await list()).status, 503);

      assert.equal((await list()).status, 200, 'the first request counted');
      assert.equal((await list()).status, 429);
      // Limited, yet tokens and control requests still answer; wrong credentials are still 401.
      await token();
      assert.equal((await call('GET', '/__sandbox/requests')).status, 200);
      assert.equal((await list({ Authorization: basic('demo.till', 'wrong') })).status, 401);
    });

    it('applies a lowered limit at once to the requests already counted', async () => {
      const start = Date.now();
      clockMs = start;
      sandbox.setRateLimit(3);
      for (const at of [0, 10_000, 20_000]) {
        clockMs = start + at;
        assert.equal((await list()).status, 200);
      }
      clockMs = start + 30_000;
      sandbox.setRateLimit(1);
      const r = await list();
      assert.deepEqual(r.json, TOO_MANY(1));
      // Below one counted request only once the one at +20 s has left too.
      assert.equal(r.headers.get('retry-after'), '50');
      clockMs = start + 80_000;
      assert.equal((await list()).status, 200);
    });

    it('POST /__sandbox/rate-limit sets and lifts the limit and refuses invalid bodies', async () => {
      assert.equal((await call('POST', '/__sandbox/rate-limit', { body: { perMinute: 1 } })).status, 200);
      assert.equal((await list()).status, 200);
      assert.equal((await list()).status, 429);
      for (const body of [
        {},
        { perMinute: 0 },
        { perMinute: -5 },
        { perMinute: 1.5 },
        { perMinute: '100' },
        { perMinute: true },
        { perMinute: 1e300 },
      ]) {
        assertError(
          await call('POST', '/__sandbox/rate-limit', { body }),
          400,
          400,
          'perMinute must be a positive integer or null',
        );
      }
      assertError(await call('POST', '/__sandbox/rate-limit', { body: 'nope' }), 400, 400, /valid JSON/);
      assertError(await call('POST', '/__sandbox/rate-limit', { body: [5] }), 400, 400, /JSON object/);
      assertError(await call('GET', '/__sandbox/rate-limit'), 404, 404);
      assert.equal((await list()).status, 429, 'a refused body leaves the limit as it was');

      assert.equal((await call('POST', '/__sandbox/rate-limit', { body: { perMinute: null } })).status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await list()).status, 200);
      assert.throws(() => sandbox.setRateLimit(0), /perMinute must be a positive integer or null/);
      assert.throws(() => sandbox.setRateLimit(2.5), /perMinute/);
      await assert.rejects(Sandbox.start({ rateLimitPerMinute: -1 }), /perMinute/);
    });

    it('reset() and POST /__sandbox/reset lift the limit and forget the counted requests', async () => {
      clockMs = Date.now();
      sandbox.setRateLimit(1);
      assert.equal((await list()).status, 200);
      sandbox.reset();
      for (let i = 0; i < 3; i++) assert.equal((await list()).status, 200, 'no limit after reset');
      sandbox.setRateLimit(1);
      assert.equal((await list()).status, 200, 'the request before the reset no longer counts');
      assert.equal((await list()).status, 429);
      assert.equal((await call('POST', '/__sandbox/reset')).status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await list()).status, 200, 'no limit after the reset over HTTP');
    });

    it('the rateLimitPerMinute option limits from the start', async () => {
      const limited = await Sandbox.start({ rateLimitPerMinute: 1 });
      try {
        const get = () => fetch(`${limited.url}${P}/group`, { headers: DEMO_AUTH });
        assert.equal((await get()).status, 200);
        const refused = await get();
        assert.equal(refused.status, 429);
        assert.deepEqual(await refused.json(), TOO_MANY(1));
      } finally {
        await limited.close();
      }
    });
  });
});
