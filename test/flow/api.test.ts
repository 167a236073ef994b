import { strict as assert } from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { basicAuthorization, md5Hex, OAUTH_TOKEN_HEADER } from '../../src/api/auth';
import { createGroupsClient } from '../../src/api/client';
import { CapillaryError } from '../../src/api/errors';
import type { RequestLogEntry } from '../../src/api/http';
import type { Credentials, Reward } from '../../src/api/types';
import { DEMO_CREDENTIALS, type Sandbox, SANDBOX_ORG_ID, SECOND_ORG_ID } from '../sandbox/server';
import { failure } from '../support/answers';
import { useSandbox } from '../support/sandboxTier';

const PREFIX = '/api_gateway/core/v1';
const basic: Credentials = {
  method: 'basic',
  username: DEMO_CREDENTIALS.basic.username,
  passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password),
};
const oauth: Credentials = { method: 'oauth', ...DEMO_CREDENTIALS.oauth };
/** The second org's till. */
const uat: Credentials = {
  method: 'basic',
  username: DEMO_CREDENTIALS.secondOrg.basic.username,
  passwordMd5: md5Hex(DEMO_CREDENTIALS.secondOrg.basic.password),
};

describe('API client against the sandbox (real HTTP)', () => {
  let sandbox: Sandbox;
  let log: RequestLogEntry[];
  let warnings: string[];
  /** The sandbox's clock, and the client's where a test passes `clock`: real time unless a test sets it. */
  let clockMs: number | undefined;
  const clock = () => clockMs ?? Date.now();
  const client = (
    credentials: Credentials = basic,
    options: { timeoutMs?: number; now?: () => number; apiPrefix?: string } = {},
  ) =>
    createGroupsClient({
      origin: sandbox.url,
      apiPrefix: options.apiPrefix ?? PREFIX,
      timeoutMs: options.timeoutMs ?? 5000,
      credentials,
      now: options.now,
      onRequest: (entry) => log.push(entry),
      onWarning: (text) => warnings.push(text),
    });
  const groupRequests = () => sandbox.requests.filter((request) => request.path.includes('/group'));

  useSandbox({
    bind: (started) => (sandbox = started),
    start: { now: clock },
  });
  beforeEach(() => {
    log = [];
    warnings = [];
    clockMs = undefined;
  });

  describe('Basic signing', () => {
    it('matches the test vector of docs/capillary-api.md', () => {
      assert.equal(md5Hex('server123'), '8a16a6b70505eb1f1ff7cdc0cd5559a7');
      assert.equal(
        basicAuthorization('store.server', md5Hex('server123')),
        'Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3',
      );
    });

    it('sends the test-vector header, the JSON headers and no cookie', async () => {
      const vector = DEMO_CREDENTIALS.basicTestVector;
      await client({ method: 'basic', username: vector.username, passwordMd5: md5Hex(vector.password) }).create({
        name: 'Vector',
        rank: 1,
      });
      const [request] = sandbox.requests;
      assert.equal(
        request!.headers['authorization'],
        'Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3',
      );
      assert.equal(request!.headers['content-type'], 'application/json');
      assert.equal(request!.headers['accept'], 'application/json');
      assert.equal(request!.headers['cookie'], undefined);
    });
  });

  describe('create', () => {
    it('POSTs exactly {name, rank} and returns the stored group', async () => {
      const group = await client().create({ name: 'VIP Gold', rank: 3 });
      const [request] = sandbox.requests;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.path, `${PREFIX}/group/create`);
      assert.equal(request!.body, '{"name":"VIP Gold","rank":3}');
      assert.deepEqual(group, sandbox.groups()[0]);
      assert.equal(group.isActive, true);
      assert.match(group.createdOnDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it('sends rank null (not absent) for a blank rank', async () => {
      const group = await client().create({ name: 'No Rank', rank: null });
      assert.equal(sandbox.requests[0]!.body, '{"name":"No Rank","rank":null}');
      assert.equal(group.rank, null);
    });

    it('sends names exactly as given: emoji, right-to-left text, quotes', async () => {
      for (const name of ['Gold 🥇 Tier', 'ذهبي', 'He said "hi" \\ ok']) {
        const group = await client().create({ name, rank: null });
        assert.equal(group.name, name);
        assert.equal((JSON.parse(sandbox.requests[sandbox.requests.length - 1]!.body) as { name: unknown }).name, name);
      }
    });

    it('turns 12012 into a duplicate-name error with status, code, message and request id', async () => {
      await client().create({ name: 'Taken', rank: null });
      const error = await failure(() => client().create({ name: 'taken', rank: 2 }));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 400);
      assert.equal(error.code, 12012);
      assert.equal(error.serverMessage, 'Group name must be unique');
      assert.equal(error.isDuplicateName, true);
      assert.equal(error.requestId, sandbox.requests[1]!.requestId);
    });

    it('reports a 400 for a missing name with the server message', async () => {
      const error = await failure(() => client().create({ name: '   ', rank: null }));
      assert.equal(error.status, 400);
      assert.equal(error.code, 400);
      assert.equal(error.serverMessage, 'Group name must not be null');
    });

    it('works under the newer /api_gateway/rewards/core/v1 prefix too', async () => {
      const group = await client(basic, { apiPrefix: '/api_gateway/rewards/core/v1/' }).create({
        name: 'Newer',
        rank: 1,
      });
      assert.equal(sandbox.requests[0]!.path, '/api_gateway/rewards/core/v1/group/create');
      assert.equal(group.name, 'Newer');
    });
  });

  describe('get, list and update', () => {
    it('gets a group by id and reports an unknown id as 404', async () => {
      const created = sandbox.addGroup({ name: 'Silver', rank: 5 });
      assert.deepEqual(await client().get(created.id), created);
      const error = await failure(() => client().get(99999));
      assert.equal(error.status, 404);
      assert.equal(sandbox.requests[1]!.path, `${PREFIX}/group/99999`);
    });

    it('lists a page with its paging data and passes every query parameter', async () => {
      for (let i = 0; i < 7; i++) sandbox.addGroup({ name: `Tier ${i}`, rank: i, isActive: i % 2 === 0 });
      const page = await client().list({
        page: 1,
        size: 2,
        active: true,
        name: 'tier',
        orderBy: 'DESC',
        sortOn: 'RANK',
      });
      assert.deepEqual(sandbox.requests[0]!.query, {
        page: '1',
        size: '2',
        active: 'true',
        name: 'tier',
        orderBy: 'DESC',
        sortOn: 'RANK',
      });
      assert.deepEqual(
        page.groups.map((g) => g.rank),
        [2, 0],
      );
      assert.deepEqual(page.paging, {
        first: false,
        last: true,
        number: 1,
        size: 2,
        numberOfElements: 2,
        totalElements: 4,
        totalPages: 2,
      });
    });

    it('updates with a PUT that re-sends the name', async () => {
      const created = sandbox.addGroup({ name: 'Bronze', rank: 9 });
      const updated = await client().update(created.id, { name: 'Bronze', isActive: false });
      assert.equal(sandbox.requests[0]!.method, 'PUT');
      assert.deepEqual(JSON.parse(sandbox.requests[0]!.body), { name: 'Bronze', isActive: false });
      assert.equal(updated.isActive, false);
      assert.equal(updated.rank, 9);
    });

    it('derives the ISO times when an older server leaves them out', async () => {
      sandbox.inject({
        status: 200,
        body: JSON.stringify({
          id: 7,
          orgId: 1,
          name: 'Old',
          rank: null,
          isActive: true,
          createdBy: 1,
          createdOn: 1742180327987,
          lastUpdatedBy: 1,
          lastUpdatedOn: 1742180327987,
        }),
      });
      const group = await client().get(7);
      assert.equal(group.createdOnDateTime, '2025-03-17T02:58:47Z');
      assert.equal(group.lastUpdatedOnDateTime, '2025-03-17T02:58:47Z');
    });
  });

  describe('OAuth', () => {
    it('generates one token and reuses it for many creates within its lifetime', async () => {
      const api = client(oauth);
      for (let i = 0; i < 10; i++) await api.create({ name: `OAuth ${i}`, rank: i });
      assert.equal(sandbox.tokensIssued, 1);
      const token = sandbox.requests[0]!;
      assert.equal(token.path, '/v3/oauth/token/generate');
      assert.deepEqual(JSON.parse(token.body), { key: 'demo-key', secret: 'demo-secret' });
      const creates = groupRequests();
      assert.equal(creates.length, 10);
      const header = OAUTH_TOKEN_HEADER.toLowerCase();
      assert.equal(typeof sandbox.issuedTokens[0], 'string');
      assert.deepEqual(
        creates.map((request) => request.headers[header]),
        Array(10).fill(sandbox.issuedTokens[0]),
      );
      assert.deepEqual(
        creates.map((request) => request.headers['authorization']),
        Array(10).fill(undefined),
      );
    });

    it('shares one token request between concurrent calls', async () => {
      const api = client(oauth);
      await Promise.all(Array.from({ length: 8 }, (_, i) => api.create({ name: `Parallel ${i}`, rank: null })));
      assert.equal(sandbox.tokensIssued, 1);
      assert.equal(sandbox.groups().length, 8);
    });

    it('one caller cancelling does not cancel the shared token request for the others', async () => {
      const api = client(oauth);
      const controller = new AbortController();
      const cancelled = api.list({ size: 1 }, controller.signal);
      const other = api.list({ size: 1 });
      controller.abort(); // before the token answer can have arrived
      const error = await failure(() => cancelled);
      assert.equal(error.kind, 'cancelled');
      await other;
      assert.equal(sandbox.tokensIssued, 1);
    });

    it('generates a new token shortly before the ttl runs out, not after', async () => {
      let now = Date.now();
      const api = client(oauth, { now: () => now });
      await api.create({ name: 'First', rank: null });
      now += 265_000; // 35 s before the 300 s ttl: still reused
      await api.create({ name: 'Second', rank: null });
      assert.equal(sandbox.tokensIssued, 1);
      now += 10_000; // 25 s before: inside the 30 s margin
      await api.create({ name: 'Third', rank: null });
      assert.equal(sandbox.tokensIssued, 2);
    });

    it('really expires: with a 1 s ttl, a call after 1.1 s uses a new token', async () => {
      // Client and sandbox share one clock, advanced instead of waited for: the sandbox answers 498
      // to a token the client kept using too long, so only a client that expires it sees just 200s.
      clockMs = Date.now();
      sandbox.setTokenTtl(1);
      const api = client(oauth, { now: clock });
      await api.create({ name: 'Before', rank: null });
      clockMs += 500;
      await api.create({ name: 'Within', rank: null });
      assert.equal(sandbox.tokensIssued, 1, 'reused within its lifetime');
      clockMs += 600;
      await api.create({ name: 'After', rank: null });
      assert.equal(sandbox.tokensIssued, 2);
      assert.deepEqual(
        groupRequests().map((request) => request.status),
        [200, 200, 200],
      );
      const [first, renewed] = sandbox.issuedTokens;
      assert.deepEqual(
        groupRequests().map((request) => request.headers[OAUTH_TOKEN_HEADER.toLowerCase()]),
        [first, first, renewed],
      );
    });

    it('after a 498 regenerates the token once and replays the call once', async () => {
      const api = client(oauth);
      await api.create({ name: 'One', rank: null });
      sandbox.expireTokens();
      const group = await api.create({ name: 'Two', rank: null });
      assert.equal(group.name, 'Two');
      assert.deepEqual(
        sandbox.requests.map((r) => `${r.path.replace(PREFIX, '')} ${r.status}`),
        [
          '/v3/oauth/token/generate 200',
          '/group/create 200',
          '/group/create 498',
          '/v3/oauth/token/generate 200',
          '/group/create 200',
        ],
      );
      assert.equal(sandbox.groups().length, 2);
    });

    it('after a 401 (revoked token) regenerates once', async () => {
      const api = client(oauth);
      await api.list({ size: 1 });
      sandbox.revokeTokens();
      await api.list({ size: 1 });
      assert.equal(sandbox.tokensIssued, 2);
    });

    it('gives up after one replay when the fresh token is rejected too', async () => {
      const api = client(oauth);
      sandbox.inject({
        status: 498,
        body: '{"status":{"success":false,"code":498,"message":"Token expired at 2026-01-01T00:00:00Z"}}',
        pathIncludes: '/group',
        times: 2,
      });
      const error = await failure(() => api.list());
      assert.equal(error.status, 498);
      assert.equal(error.serverMessage, 'Token expired at 2026-01-01T00:00:00Z');
      assert.equal(sandbox.tokensIssued, 2);
      assert.equal(groupRequests().length, 2);
    });

    it('renews a token rejected with a plain-text 498, as a gateway may send it', async () => {
      const api = client(oauth);
      await api.list({ size: 1 });
      sandbox.inject({
        status: 498,
        body: 'Token expired at 2026-11-26T03:00:00Z',
        headers: { 'content-type': 'text/plain' },
        pathIncludes: '/group',
      });
      await api.list({ size: 1 });
      assert.equal(sandbox.tokensIssued, 2);
    });

    it('regenerates one token, not one per call, when parallel calls are all rejected', async () => {
      const api = client(oauth);
      await api.list({ size: 1 });
      sandbox.expireTokens();
      await Promise.all(Array.from({ length: 4 }, () => api.list({ size: 1 })));
      assert.equal(sandbox.tokensIssued, 2);
      assert.equal(groupRequests().filter((r) => r.status === 498).length, 4);
      assert.equal(groupRequests().filter((r) => r.status === 200).length, 5);
    });

    it('does not throw away a fresh token when a slower call is rejected with the old one', async () => {
      const api = client(oauth);
      await api.list({ size: 1 });
      // The slow call was sent with the old token; its 498 arrives after the fast call renewed it.
      sandbox.inject({
        status: 498,
        body: '{"status":{"success":false,"code":498,"message":"Token expired"}}',
        pathIncludes: 'size=2',
        delayMs: 300,
      });
      sandbox.expireTokens();
      await Promise.all([api.list({ size: 1 }), api.list({ size: 2 })]);
      assert.equal(sandbox.tokensIssued, 2);
    });

    it('reports wrong client credentials from the errors[] envelope', async () => {
      const error = await failure(() => client({ method: 'oauth', key: 'demo-key', secret: 'wrong' }).list());
      assert.equal(error.status, 401);
      assert.equal(error.code, 320001);
      assert.equal(error.serverMessage, 'Invalid client key and secret');
      assert.equal(error.isAuthFailure, true);
      assert.equal(groupRequests().length, 0);
      assert.equal(sandbox.requests.length, 1, 'a rejected key and secret are not retried');
    });

    it('rejects a token answer without accessToken', async () => {
      sandbox.inject({ status: 200, body: '{"data":{},"errors":null}', pathIncludes: '/oauth/' });
      const error = await failure(() => client(oauth).list());
      assert.equal(error.kind, 'invalid-response');
    });
  });

  describe('error shapes', () => {
    const shapes: {
      name: string;
      status: number;
      body: string;
      headers?: Record<string, string>;
      expect: Partial<CapillaryError>;
    }[] = [
      {
        name: 'status envelope',
        status: 400,
        body: '{"status":{"success":false,"code":12012,"message":"Group name must be unique"}}',
        expect: { kind: 'http', status: 400, code: 12012, serverMessage: 'Group name must be unique' },
      },
      {
        name: 'status envelope with a null payload key',
        status: 500,
        body: '{"status":{"success":false,"code":500,"message":"Internal"},"data":null}',
        expect: { kind: 'http', status: 500, code: 500, serverMessage: 'Internal' },
      },
      {
        name: 'success:false at HTTP 200',
        status: 200,
        body: '{"status":{"success":false,"code":9001,"message":"Nope"}}',
        expect: { kind: 'http', status: 200, code: 9001, serverMessage: 'Nope' },
      },
      {
        name: 'errors[] envelope',
        status: 401,
        body: '{"data":null,"errors":[{"code":320001,"message":"Invalid client key and secret"}]}',
        expect: { kind: 'http', status: 401, code: 320001 },
      },
      {
        name: 'older gateway with string codes',
        status: 401,
        body: '{"response":{"status":{"code":"401","message":"Unauthorized"}}}',
        expect: { kind: 'http', status: 401, code: 401, serverMessage: 'Unauthorized' },
      },
      {
        name: '403 access group',
        status: 403,
        body: '{"status":{"success":false,"code":4000,"message":"Not authorized. Access is denied!"}}',
        expect: { kind: 'http', status: 403, code: 4000 },
      },
      {
        name: '429 rate limit',
        status: 429,
        body: '{"status":{"success":false,"code":429,"message":"Too many requests"}}',
        headers: { 'Retry-After': '120' },
        expect: { kind: 'http', status: 429, retryAfterSeconds: 120 },
      },
      {
        name: 'HTML gateway page',
        status: 502,
        body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
        headers: { 'content-type': 'text/html' },
        expect: { kind: 'not-capillary', status: 502 },
      },
      { name: 'empty body', status: 503, body: '', expect: { kind: 'not-capillary', status: 503 } },
      { name: 'empty 200', status: 200, body: '', expect: { kind: 'not-capillary', status: 200 } },
      {
        name: 'garbage JSON',
        status: 200,
        body: '{"id": 1,',
        headers: { 'content-type': 'application/json' },
        expect: { kind: 'not-capillary', status: 200 },
      },
      {
        name: 'JSON that is not a group',
        status: 200,
        body: '{"hello":"world"}',
        expect: { kind: 'invalid-response', status: 200 },
      },
      {
        name: 'plain-text 498',
        status: 498,
        body: 'Token expired at 2026-11-26T03:00:00Z',
        headers: { 'content-type': 'text/plain' },
        expect: { kind: 'http', status: 498, serverMessage: 'Token expired at 2026-11-26T03:00:00Z' },
      },
      {
        name: 'HTML 401 from a gateway',
        status: 401,
        body: '<html><body>401 Authorization Required</body></html>',
        headers: { 'content-type': 'text/html' },
        expect: { kind: 'http', status: 401, isAuthFailure: true },
      },
    ];

    for (const shape of shapes) {
      it(`understands ${shape.name}`, async () => {
        sandbox.inject({ status: shape.status, body: shape.body, headers: shape.headers, pathIncludes: '/group' });
        const error = await failure(() => client().create({ name: 'Shape', rank: null }));
        for (const [key, value] of Object.entries(shape.expect)) {
          assert.equal(error[key as keyof CapillaryError], value, `${key} of ${shape.name}`);
        }
        assert.equal(error.requestId, sandbox.requests[0]!.requestId, 'keeps X-Cap-Requestid');
        assert.equal(error.origin, sandbox.url);
        assert.equal(error.path, `${PREFIX}/group/create`);
      });
    }

    it('reads Retry-After from a 429, in seconds or as a date', async () => {
      // Longer than the extension waits by itself, so the 429 comes back to the caller.
      sandbox.inject({
        status: 429,
        body: '{"status":{"success":false,"code":429,"message":"Too many requests"}}',
        headers: { 'Retry-After': '90' },
      });
      assert.equal((await failure(() => client().list())).retryAfterSeconds, 90);
      sandbox.inject({
        status: 429,
        body: 'slow down',
        headers: { 'Retry-After': new Date(Date.now() + 121_000).toUTCString() },
      });
      const dated = await failure(() => client().list());
      assert.equal(dated.kind, 'http');
      assert.ok(dated.retryAfterSeconds! >= 119 && dated.retryAfterSeconds! <= 121, String(dated.retryAfterSeconds));
    });

    it('sends both JSON headers on GET too', async () => {
      await client().list({ size: 1 });
      assert.equal(sandbox.requests[0]!.headers['content-type'], 'application/json');
      assert.equal(sandbox.requests[0]!.headers['accept'], 'application/json');
    });

    it('says "HTTP 502 from host, not a Capillary answer" for an HTML page', async () => {
      sandbox.inject({
        status: 502,
        body: '<html>Bad gateway</html>',
        headers: { 'content-type': 'text/html' },
        times: 3,
      });
      const error = await failure(() => client().list());
      assert.match(error.message, /^HTTP 502 from http:\/\/127\.0\.0\.1:\d+, not a Capillary answer/);
    });

    it('times out after requestTimeoutSeconds and says so', async () => {
      sandbox.inject({ status: 200, body: '{}', delayMs: 1500 });
      const error = await failure(() => client(basic, { timeoutMs: 200 }).list());
      assert.equal(error.kind, 'timeout');
      assert.match(error.causeText ?? '', /0\.2 s/);
    });

    it('reports a cancelled call as cancelled, not as a timeout', async () => {
      sandbox.inject({ status: 200, body: '{}', delayMs: 1500 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await failure(() => client().list({}, controller.signal));
      assert.equal(error.kind, 'cancelled');
    });

    it('reports a reset connection as a network error', async () => {
      sandbox.inject({ status: 502, destroySocket: true, times: 3 });
      const error = await failure(() => client().list());
      assert.equal(error.kind, 'network');
      assert.match(error.causeText ?? '', /ECONNRESET|socket hang up/);
    });

    it('reports a refused connection with its cause', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const api = createGroupsClient({
        origin: `http://127.0.0.1:${port}`,
        apiPrefix: PREFIX,
        timeoutMs: 2000,
        credentials: basic,
      });
      const error = await failure(() => api.list());
      assert.equal(error.kind, 'network');
      assert.match(error.causeText ?? '', /ECONNREFUSED/);
      assert.match(error.message, new RegExp(`Could not reach http://127.0.0.1:${port}`));
    });

    it('never follows a redirect to another origin, so credentials stay put', async () => {
      const received: http.IncomingHttpHeaders[] = [];
      const other = http.createServer((request, response) => {
        received.push(request.headers);
        response.end('{}');
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      try {
        const target = `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal`;
        sandbox.inject({ status: 302, body: '', headers: { Location: target } });
        const error = await failure(() => client().create({ name: 'Redirected', rank: null }));
        assert.equal(error.kind, 'redirect');
        assert.equal(error.location, target);
        assert.equal(received.length, 0);
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
    });
  });

  describe('retries', () => {
    it('retries a GET after 503s and connection resets, with backoff, then succeeds', async () => {
      sandbox.inject({ status: 503, body: '', times: 1 });
      sandbox.inject({ status: 502, destroySocket: true, times: 1 });
      const started = Date.now();
      const page = await client().list({ size: 1 });
      assert.equal(page.paging.totalElements, 0);
      assert.deepEqual(
        sandbox.requests.map((r) => r.status),
        [503, 0, 200],
      );
      assert.ok(Date.now() - started >= 1400, 'waited 300 ms, then 1.2 s');
    });

    it('gives up on a GET after two retries', async () => {
      sandbox.inject({ status: 504, body: '', times: 5 });
      const error = await failure(() => client().list());
      assert.equal(error.status, 504);
      assert.equal(sandbox.requests.length, 3);
    });

    it('never repeats a POST after a gateway error: the group may have been stored', async () => {
      sandbox.inject({ status: 503, body: '', pathIncludes: '/group/create' });
      await failure(() => client().create({ name: 'Once', rank: null }));
      assert.equal(sandbox.requests.length, 1);
    });

    it('waits for a short Retry-After after a 429 on a GET, then reads again', async () => {
      sandbox.inject({
        status: 429,
        body: '{"status":{"success":false,"code":429,"message":"Too many requests"}}',
        headers: { 'Retry-After': '1' },
      });
      const started = Date.now();
      await client().list({ size: 1 });
      assert.ok(Date.now() - started >= 1000, 'waited the second it was told to');
      assert.deepEqual(
        sandbox.requests.map((r) => r.status),
        [429, 200],
      );
    });

    it('never repeats a POST after a 429: the API does not promise it was not processed', async () => {
      sandbox.inject({
        status: 429,
        body: '{"status":{"success":false,"code":429,"message":"Too many requests"}}',
        headers: { 'Retry-After': '1' },
        pathIncludes: '/group/create',
      });
      const error = await failure(() => client().create({ name: 'Limited', rank: null }));
      assert.equal(error.status, 429);
      assert.equal(sandbox.requests.length, 1);
    });

    it('stops waiting at once when the call is cancelled', async () => {
      sandbox.inject({ status: 429, body: '', headers: { 'Retry-After': '5' }, times: 5 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const error = await failure(() => client().list({}, controller.signal));
      assert.equal(error.kind, 'cancelled');
      assert.ok(Date.now() - started < 4000, 'did not sit out the 5 s Retry-After');
      assert.equal(sandbox.requests.length, 1);
    });
  });

  describe('rewards', () => {
    const REWARDS = '/api_gateway/rewards/core/v1';
    /** A one-page reward list answer holding `rewardList` as given, for an injection. */
    const rewardAnswer = (rewardList: unknown[]) =>
      JSON.stringify({
        status: { success: true, code: 6101, message: 'Reward details fetched successfully' },
        rewardList,
        pagingDto: {
          first: true,
          last: true,
          number: 0,
          size: 100,
          numberOfElements: rewardList.length,
          totalElements: rewardList.length,
          totalPages: 1,
        },
      });
    const ids = (rewards: Reward[]) => rewards.map((reward) => reward.id);

    it("lists each org's brands with POST brand/getAll under the rewards prefix, whatever the group prefix", async () => {
      assert.deepEqual(await client().brands(SANDBOX_ORG_ID), [
        { id: 1, name: 'BUKL', enabled: true, orgId: SANDBOX_ORG_ID },
        { id: 2, name: 'BUKL Kids', enabled: true, orgId: SANDBOX_ORG_ID },
      ]);
      const [request] = sandbox.requests;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.path, `${REWARDS}/brand/getAll`);
      assert.equal(request!.body, '{"orgIds":[100737]}');
      sandbox.addBrand({ name: 'Off', orgId: SECOND_ORG_ID, enabled: false });
      assert.deepEqual(await client(uat, { apiPrefix: REWARDS }).brands(SECOND_ORG_ID), [
        { id: 3, name: 'UAT Brand', enabled: true, orgId: SECOND_ORG_ID },
        { id: 4, name: 'Off', enabled: false, orgId: SECOND_ORG_ID },
      ]);
      assert.deepEqual(warnings, []);
    });

    it('answers an empty array for an org without brands', async () => {
      sandbox.removeBrands(SECOND_ORG_ID);
      assert.deepEqual(await client(uat).brands(SECOND_ORG_ID), []);
    });

    it('leaves out a brand of another org, with a warning, and refuses a brand without an integer id or an answer without brandList', async () => {
      const brandList = [
        { id: 1, brand: 'BUKL', enabled: true, orgId: SANDBOX_ORG_ID },
        { id: 9, brand: 'Elsewhere', enabled: true, orgId: 42 },
        { id: 10, brand: 'No org' },
        { id: 11 },
      ];
      sandbox.inject({
        status: 200,
        body: JSON.stringify({ status: { success: true, code: 3001, message: 'ok' }, brandList }),
        pathIncludes: '/brand/getAll',
      });
      assert.deepEqual(await client().brands(SANDBOX_ORG_ID), [
        { id: 1, name: 'BUKL', enabled: true, orgId: SANDBOX_ORG_ID },
        { id: 10, name: 'No org', enabled: true, orgId: SANDBOX_ORG_ID },
        { id: 11, name: '11', enabled: true, orgId: SANDBOX_ORG_ID },
      ]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /brand 9 of org 42 in answer to org 100737 .*left out/);

      sandbox.inject({
        status: 200,
        body: JSON.stringify({ status: { success: true }, brandList: [{ id: '1', brand: 'BUKL' }] }),
        pathIncludes: '/brand/getAll',
      });
      const noId = await failure(() => client().brands(SANDBOX_ORG_ID));
      assert.equal(noId.kind, 'invalid-response');
      assert.match(noId.serverMessage ?? '', /no integer id/);
      sandbox.inject({
        status: 200,
        body: '{"status":{"success":true,"code":3001,"message":"Brand fetched successfully"}}',
        pathIncludes: '/brand/getAll',
      });
      const noList = await failure(() => client().brands(SANDBOX_ORG_ID));
      assert.equal(noList.kind, 'invalid-response');
      assert.equal(noList.method, 'POST');
      assert.equal(noList.path, `${REWARDS}/brand/getAll`);
    });

    it('retries brand/getAll after a 502, as a read, and succeeds', async () => {
      sandbox.inject({ status: 502, body: '', pathIncludes: '/brand/getAll', times: 1 });
      assert.equal((await client().brands(SANDBOX_ORG_ID)).length, 2);
      assert.deepEqual(
        sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
        [`POST ${REWARDS}/brand/getAll 502`, `POST ${REWARDS}/brand/getAll 200`],
      );
    });

    it("pages a group's rewards by name (size 2), in the sandbox's order: groupRank, unranked after, newest first", async () => {
      const at = Date.UTC(2026, 0, 1);
      const add = (name: string, groupRank: number | null, hoursAgo: number) =>
        sandbox.addReward({
          brandId: 1,
          name,
          groups: [{ groupName: 'VIP Gold', groupRank }],
          lastUpdatedOn: at - hoursAgo * 3_600_000,
        });
      const third = add('Third', 3, 0);
      const first = add('First', 1, 0);
      const olderUnranked = add('Older unranked', null, 5);
      const second = add('Second', 2, 9);
      const newerUnranked = add('Newer unranked', null, 1);
      sandbox.addReward({ brandId: 1, name: 'Silver only', groups: [{ groupName: 'VIP Silver', groupRank: 1 }] });
      sandbox.addReward({ brandId: 2, name: 'Other brand', groups: [{ groupName: 'VIP Gold', groupRank: 1 }] });

      const api = client();
      const pages = [];
      for (let page = 0; ; page++) {
        const answer = await api.rewards(1, { page, size: 2, groupName: 'VIP Gold' });
        pages.push(answer);
        if (answer.paging.last) break;
      }
      assert.deepEqual(
        pages.map((p) => ids(p.rewards)),
        [[first.id, second.id], [third.id, newerUnranked.id], [olderUnranked.id]],
      );
      assert.deepEqual(pages[0]!.paging, {
        first: true,
        last: false,
        number: 0,
        size: 2,
        numberOfElements: 2,
        totalElements: 5,
        totalPages: 3,
      });
      assert.deepEqual(pages[2]!.paging, {
        first: false,
        last: true,
        number: 2,
        size: 2,
        numberOfElements: 1,
        totalElements: 5,
        totalPages: 3,
      });
      assert.deepEqual(pages[0]!.rewards[0], first, 'every field as the sandbox holds it');
      assert.equal(sandbox.requests[0]!.path, `${REWARDS}/reward/list/brand/1`);
      assert.deepEqual(sandbox.requests[0]!.query, { page: '0', size: '2', groupName: 'VIP Gold' });
      assert.deepEqual(warnings, []);
    });

    it('returns a reward naming "vip gold" for "VIP Gold" as sent: the sandbox matches case-insensitively, keeping exact names is the caller\'s job', async () => {
      const exact = sandbox.addReward({ brandId: 1, name: 'Exact', groups: [{ groupName: 'VIP Gold', groupRank: 1 }] });
      const lower = sandbox.addReward({
        brandId: 1,
        name: 'Lower case',
        groups: [{ groupName: 'vip gold', groupRank: 2 }],
      });
      const page = await client().rewards(1, { groupName: 'VIP Gold' });
      assert.deepEqual(ids(page.rewards), [exact.id, lower.id]);
      assert.deepEqual(page.rewards[1]!.groups, [{ groupName: 'vip gold', groupRank: 2 }]);
      assert.deepEqual(
        page.rewards
          .filter((reward) => reward.groups.some((link) => link.groupName === 'VIP Gold'))
          .map((reward) => reward.name),
        ['Exact'],
      );
    });

    it('filters by rewardStatus, enabled and rewardName, and sends them as given', async () => {
      const live = sandbox.addReward({ brandId: 1, name: 'Free Coffee', status: 'LIVE' });
      sandbox.addReward({ brandId: 1, name: 'Free Tea', status: 'UPCOMING' });
      const ended = sandbox.addReward({ brandId: 1, name: 'Old Coffee', status: 'ENDED' });
      sandbox.addReward({ brandId: 1, name: 'Cold Coffee', status: 'LIVE', enabled: false });
      const api = client();
      assert.deepEqual(ids((await api.rewards(1, { rewardStatus: 'ENDED' })).rewards), [ended.id]);
      const page = await api.rewards(1, { rewardStatus: 'LIVE', enabled: true, rewardName: 'coffee' });
      assert.deepEqual(ids(page.rewards), [live.id]);
      assert.equal(page.rewards[0]!.status, 'LIVE');
      assert.deepEqual(sandbox.requests[1]!.query, { rewardStatus: 'LIVE', enabled: 'true', rewardName: 'coffee' });
      assert.equal(
        (await api.rewards(1, { rewardName: 'coffee', page: 5 })).rewards.length,
        0,
        'a page past the end is empty',
      );
    });

    it('reports an unknown brand, or a brand of another org, as HTTP 400 code 6104', async () => {
      for (const brandId of [99, 3]) {
        const error = await failure(() => client().rewards(brandId));
        assert.equal(error.kind, 'http');
        assert.equal(error.status, 400);
        assert.equal(error.code, 6104);
        assert.equal(error.serverMessage, 'Brand not found');
        assert.equal(error.path, `${REWARDS}/reward/list/brand/${brandId}`);
      }
      assert.equal((await client(uat).rewards(3)).rewards.length, 0, "brand 3 is the second org's");
    });

    it('fails an answer with status.success false, even at HTTP 200, with its code', async () => {
      sandbox.inject({
        status: 200,
        body: '{"status":{"success":false,"code":6102,"message":"Rewards unavailable"},"rewardList":[]}',
        pathIncludes: '/reward/list',
      });
      const error = await failure(() => client().rewards(1));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 200);
      assert.equal(error.code, 6102);
      assert.equal(error.serverMessage, 'Rewards unavailable');
    });

    it('refuses an answer without rewardList, or a reward without id or name, as invalid-response', async () => {
      sandbox.inject({
        status: 200,
        body: '{"status":{"success":true,"code":6101,"message":"ok"},"pagingDto":{}}',
        pathIncludes: '/reward/list',
      });
      const noList = await failure(() => client().rewards(1));
      assert.equal(noList.kind, 'invalid-response');
      assert.match(noList.serverMessage ?? '', /no rewardList array/);
      sandbox.inject({
        status: 200,
        body: rewardAnswer([{ id: 1, name: 'Fine' }, { id: 2 }]),
        pathIncludes: '/reward/list',
      });
      assert.equal((await failure(() => client().rewards(1))).kind, 'invalid-response');
    });

    it('keeps the links that name a group and fills what a reward leaves out; trims a page larger than asked for', async () => {
      sandbox.inject({
        status: 200,
        body: rewardAnswer([
          {
            id: 1,
            name: 'Sparse',
            groups: [
              { groupName: 'Gold', groupRank: 'high' },
              { groupRank: 1 },
              'Silver',
              null,
              { groupName: 'Bronze', groupRank: 2 },
            ],
          },
          {
            id: 2,
            name: 'Odd',
            status: 'PAUSED',
            enabled: false,
            groups: 'Gold',
            rewardRank: 4,
            lastUpdatedOn: 1742180327987,
            brandId: 7,
            startDateTime: '2026-01-01T00:00:00Z',
          },
          { id: 3, name: 'Beyond the page' },
        ]),
        pathIncludes: '/reward/list',
      });
      const page = await client().rewards(1, { size: 2 });
      assert.deepEqual(page.rewards, [
        {
          id: 1,
          name: 'Sparse',
          status: '',
          enabled: true,
          groups: [
            { groupName: 'Gold', groupRank: null },
            { groupName: 'Bronze', groupRank: 2 },
          ],
          rewardRank: null,
          lastUpdatedOn: 0,
          brandId: 1,
        },
        {
          id: 2,
          name: 'Odd',
          status: 'PAUSED',
          enabled: false,
          startDateTime: '2026-01-01T00:00:00Z',
          groups: [],
          rewardRank: 4,
          lastUpdatedOn: 1742180327987,
          brandId: 7,
        },
      ]);
      assert.equal(page.paging.numberOfElements, 2);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /sent 3 rewards for a page of 2/);
    });
  });

  describe('request log', () => {
    it('has one entry per request with method, path, status, duration and request id', async () => {
      await client().create({ name: 'Logged', rank: 1 });
      sandbox.inject({ status: 502, body: '<html></html>', headers: { 'content-type': 'text/html' }, times: 3 });
      await failure(() => client().list({ size: 1 }));
      assert.equal(log.length, 4, 'the create, then the list and its two retries');
      assert.deepEqual(
        log.map(({ method, path, status, requestId }) => ({ method, path, status, requestId })),
        sandbox.requests.map((r) => ({
          method: r.method,
          path: r.path + (Object.keys(r.query).length ? `?${new URLSearchParams(r.query).toString()}` : ''),
          status: r.status,
          requestId: r.requestId,
        })),
      );
      assert.ok(log.every((entry) => entry.durationMs >= 0));
    });
  });
});
