// Tests of the local Capillary sandbox (test/sandbox/server.ts) over real HTTP, against the
// behaviour written in docs/capillary-api.md.

import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  DEFAULT_BRANDS,
  DEMO_CREDENTIALS,
  FIRST_GROUP_ID,
  FIRST_REWARD_ID,
  SANDBOX_ORG_ID,
  SECOND_ORG_FIRST_GROUP_ID,
  SECOND_ORG_ID,
  Sandbox,
  USER_IDS,
  type RecordedRequest,
  type SandboxBrand,
  type SandboxGroup,
  type SandboxReward,
} from '../sandbox/server';

const TEST_VECTOR_HEADER = 'Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3';
const P = '/api_gateway/core/v1';
const P2 = '/api_gateway/rewards/core/v1';
const UNAUTHORIZED = { response: { status: { code: '401', message: 'Unauthorized' } } };
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** The sandbox's X-Cap-Requestid: a random UUID (the spec leaves the format open). */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GROUP_KEYS = [
  'createdBy',
  'createdOn',
  'createdOnDateTime',
  'id',
  'isActive',
  'lastUpdatedBy',
  'lastUpdatedOn',
  'lastUpdatedOnDateTime',
  'name',
  'orgId',
  'rank',
];

/** Computed here independently of the server: base64(user + ':' + md5hex(password)). */
function basic(username: string, password: string): string {
  const md5 = crypto.createHash('md5').update(password).digest('hex');
  return `Basic ${Buffer.from(`${username}:${md5}`).toString('base64')}`;
}

const DEMO_AUTH = { Authorization: basic('demo.till', 'demo123') };
/** The second org's till and colleague. */
const UAT_AUTH = { Authorization: basic('uat.till', 'uat123') };
const UAT_COLLEAGUE_AUTH = { Authorization: basic('uat.colleague', 'colleague456') };

/** An answer as received; `json` is the parsed body (undefined if it is not JSON), of the type the test expects. */
interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** The documented bodies, as far as the tests read them. */
interface ErrorAnswer {
  status: { success: boolean; code: number; message: string };
}
interface ListAnswer {
  status: { success: boolean; code: number; message: string };
  groupRoList: SandboxGroup[];
  pagingDto: {
    first: boolean;
    last: boolean;
    number: number;
    size: number;
    numberOfElements: number;
    totalElements: number;
    totalPages: number;
  };
}
interface BrandAnswer {
  status: { success: boolean; code: number; message: string };
  brandList: SandboxBrand[];
}
interface RewardAnswer {
  status: { success: boolean; code: number; message: string };
  rewardList: SandboxReward[];
  pagingDto: ListAnswer['pagingDto'];
}
interface TokenAnswer {
  data: { accessToken: string; ttlSeconds: number };
  errors: { code: number; message: string }[] | null;
}

describe('Capillary sandbox', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  /** The sandbox's clock for token expiry: real time unless a test sets it. */
  let clockMs: number | undefined;

  async function call<T = unknown>(
    method: string,
    urlPath: string,
    options: { headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(sandbox.url + urlPath, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json: json as T };
  }

  const api = <T = unknown>(
    method: string,
    urlPath: string,
    body?: unknown,
    headers: Record<string, string> = DEMO_AUTH,
  ): Promise<Reply<T>> => call<T>(method, urlPath, { headers, ...(body !== undefined ? { body } : {}) });

  async function create(name: string, rank?: number | null): Promise<SandboxGroup> {
    const r = await api<SandboxGroup>('POST', `${P}/group/create`, rank === undefined ? { name } : { name, rank });
    assert.equal(r.status, 200, r.text);
    return r.json;
  }

  async function token(): Promise<string> {
    const r = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', { body: DEMO_CREDENTIALS.oauth });
    assert.equal(r.status, 200, r.text);
    return r.json.data.accessToken;
  }

  function assertError(r: Reply, httpStatus: number, code: number, message?: string | RegExp): void {
    const json = r.json as Partial<ErrorAnswer> | undefined;
    assert.equal(r.status, httpStatus, r.text);
    assert.equal(json?.status?.success, false, r.text);
    assert.equal(json.status.code, code, r.text);
    if (typeof message === 'string') assert.equal(json.status.message, message);
    else if (message) assert.match(json.status.message, message);
    else assert.equal(typeof json.status.message, 'string');
  }

  before(async () => {
    sandbox = await Sandbox.start({ port: 0, now: () => clockMs ?? Date.now() });
  });
  after(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
    clockMs = undefined;
  });

  describe('start', () => {
    it('listens on 127.0.0.1 with no trailing slash and exports the demo credentials', () => {
      assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(sandbox.url.endsWith(':0'), true);
      assert.deepEqual(DEMO_CREDENTIALS, {
        basic: { username: 'demo.till', password: 'demo123' },
        colleague: { username: 'colleague.till', password: 'colleague123' },
        basicTestVector: { username: 'store.server', password: 'server123' },
        noAccess: { username: 'noaccess.till', password: 'demo123' },
        oauth: { key: 'demo-key', secret: 'demo-secret' },
        secondOrg: {
          basic: { username: 'uat.till', password: 'uat123' },
          colleague: { username: 'uat.colleague', password: 'colleague456' },
          oauth: { key: 'uat-key', secret: 'uat-secret' },
        },
      });
    });
  });

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

  describe('create', () => {
    it('returns the bare group with every field', async () => {
      const before = Date.now();
      const r = await api('POST', `${P}/group/create`, { name: 'GROUP_withRANK123', rank: 99 });
      const after = Date.now();
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      const g = r.json as SandboxGroup;
      assert.deepEqual(Object.keys(g).sort(), GROUP_KEYS);
      assert.equal(g.id, 2412);
      assert.equal(g.orgId, 100737);
      assert.equal(g.name, 'GROUP_withRANK123');
      assert.equal(g.rank, 99);
      assert.equal(g.isActive, true);
      assert.equal(g.createdBy, 75155282);
      assert.equal(g.lastUpdatedBy, 75155282);
      assert.ok(
        g.createdOn >= before - 1 && g.createdOn <= after + 1,
        `createdOn ${g.createdOn} not in [${before}, ${after}]`,
      );
      assert.equal(g.lastUpdatedOn, g.createdOn);
      assert.match(g.createdOnDateTime, ISO_SECONDS);
      assert.equal(g.createdOnDateTime, new Date(g.createdOn).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      assert.equal(g.lastUpdatedOnDateTime, g.createdOnDateTime);

      const second = await create('Second');
      assert.equal(second.id, 2413);
      assert.equal(second.rank, null, 'absent rank is null');
      assert.deepEqual(
        sandbox.groups().map((x) => x.id),
        [2412, 2413],
      );
      assert.deepEqual(sandbox.groups()[0], g);
    });

    it('works under both path prefixes', async () => {
      const a = await api<SandboxGroup>('POST', `${P2}/group/create`, { name: 'Rewards prefix' });
      assert.equal(a.status, 200, a.text);
      const b = await api('GET', `${P}/group/${a.json.id}`);
      assert.equal(b.status, 200);
      assert.deepEqual(b.json, a.json);
      const list = await api<ListAnswer>('GET', `${P2}/group`);
      assert.equal(list.json.pagingDto.totalElements, 1);
    });

    it('answers 400 "Group name must not be null" for a missing, null or blank name', async () => {
      for (const body of [{}, { name: null }, { name: '' }, { name: '   \t' }, { rank: 3 }]) {
        const r = await api('POST', `${P}/group/create`, body);
        assert.deepEqual(
          r.json,
          { status: { success: false, code: 400, message: 'Group name must not be null' } },
          JSON.stringify(body),
        );
        assert.equal(r.status, 400);
      }
      assert.equal(sandbox.groups().length, 0);
    });

    it('answers 400 for a body that is not a JSON object, or a non-string name', async () => {
      for (const body of ['not json', '', '[1]', 'null', JSON.stringify({ name: 42 })]) {
        const r = await api('POST', `${P}/group/create`, body);
        assertError(r, 400, 400);
      }
      assert.equal(sandbox.groups().length, 0);
    });

    it('limits the name to 255 characters and stores it trimmed', async () => {
      const tooLong = await api('POST', `${P}/group/create`, { name: 'x'.repeat(256) });
      assertError(tooLong, 400, 400, /255/);
      const max = await create('y'.repeat(255));
      assert.equal(max.name.length, 255);
      const padded = await create('  Padded name  ');
      assert.equal(padded.name, 'Padded name');
      assert.equal(sandbox.groups().length, 2);
    });

    it('counts the 255 in UTF-16 units, as a Java service does: 128 emoji (256 units) are refused', async () => {
      assertError(
        await api('POST', `${P}/group/create`, { name: '🎉'.repeat(128) }),
        400,
        400,
        /at most 255 characters \(got 256\)/,
      );
      assert.equal((await create('🎉'.repeat(127))).name.length, 254);
    });

    it('a second user of the org creates under their own user id, and each create records who held its name', async () => {
      const mine = await create('Shared Name');
      const theirs = await api<SandboxGroup>(
        'POST',
        `${P}/group/create`,
        { name: 'Theirs' },
        { Authorization: basic('colleague.till', 'colleague123') },
      );
      assert.equal(theirs.status, 200, theirs.text);
      assert.equal(theirs.json.createdBy, 75155291);
      assertError(await api('POST', `${P}/group/create`, { name: 'shared name' }), 400, 12012);
      const creates = sandbox.requests.filter((r) => r.path.endsWith('/group/create'));
      assert.deepEqual(
        creates.map((r) => r.nameHeldBy),
        [undefined, undefined, mine.createdBy],
      );
    });

    it("stamps groups and the Date header with its own clock, which can be put off the machine's", async () => {
      const before = await create('On Time');
      assert.ok(Math.abs(before.createdOn - Date.now()) < 60_000);
      sandbox.setClockOffset(3_600_000);
      const ahead = await api<SandboxGroup>('POST', `${P}/group/create`, { name: 'An Hour Ahead' });
      assert.ok(ahead.json.createdOn - Date.now() > 3_500_000, 'createdOn follows the offset');
      assert.equal(
        ahead.json.createdOnDateTime,
        new Date(ahead.json.createdOn).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      );
      const serverDate = Date.parse(ahead.headers.get('date')!);
      assert.ok(Math.abs(serverDate - ahead.json.createdOn) < 2_000, 'the Date header follows it too');
      const control = await call('POST', '/__sandbox/clock', { body: { offsetMs: -660_000 } });
      assert.equal(control.status, 200);
      const behind = await create('Eleven Minutes Behind');
      assert.ok(Date.now() - behind.createdOn > 600_000);
      assertError(await call('POST', '/__sandbox/clock', { body: { offsetMs: 'soon' } }), 400, 400, /offsetMs/);
      sandbox.reset();
      assert.ok(Math.abs((await create('Back On Time')).createdOn - Date.now()) < 60_000, 'reset puts the clock back');
    });

    it('answers 12012 for a duplicate name, case-insensitively', async () => {
      await create('Gold Members');
      for (const name of ['Gold Members', 'GOLD MEMBERS', 'gold members', '  Gold Members ']) {
        const r = await api('POST', `${P}/group/create`, { name, rank: 1 });
        assert.equal(r.status, 400, name);
        assert.deepEqual(r.json, { status: { success: false, code: 12012, message: 'Group name must be unique' } });
      }
      assert.equal(sandbox.groups().length, 1);
      assert.equal((await create('Gold Members 2')).id, 2413);
    });

    it('accepts integer (int32) or null ranks and rejects anything else', async () => {
      assert.equal((await create('null rank', null)).rank, null);
      assert.equal((await create('negative', -3)).rank, -3);
      assert.equal((await create('max', 2147483647)).rank, 2147483647);
      assert.equal((await create('min', -2147483648)).rank, -2147483648);
      for (const rank of [1.5, '5', true, 2147483648, -2147483649, [], {}]) {
        const r = await api('POST', `${P}/group/create`, { name: `bad ${JSON.stringify(rank)}`, rank });
        assertError(r, 400, 400, /rank/i);
      }
      assert.equal(sandbox.groups().length, 4);
    });
  });

  describe('get by id', () => {
    it('returns the group, 404 for an unknown id and 400 for a non-integer id', async () => {
      const g = await create('Findable', 4);
      const r = await api('GET', `${P}/group/${g.id}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, g);

      const missing = await api('GET', `${P}/group/99999`);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json, { status: { success: false, code: 404, message: 'Group not found' } });

      for (const id of ['abc', '1.5', '2412x', '99999999999']) {
        assertError(await api('GET', `${P}/group/${id}`), 400, 400);
      }
    });

    it('requires authentication', async () => {
      const g = await create('Secret');
      const r = await api('GET', `${P}/group/${g.id}`, undefined, {});
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, UNAUTHORIZED);
    });
  });

  describe('update (PUT)', () => {
    it('changes name, rank and isActive, and bumps lastUpdatedOn/By', async () => {
      const g = await create('Before', 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const r = await api<SandboxGroup>(
        'PUT',
        `${P}/group/${g.id}`,
        { name: 'After', rank: 7, isActive: false },
        { Authorization: TEST_VECTOR_HEADER },
      );
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json).sort(), GROUP_KEYS);
      assert.equal(r.json.id, g.id);
      assert.equal(r.json.name, 'After');
      assert.equal(r.json.rank, 7);
      assert.equal(r.json.isActive, false);
      assert.equal(r.json.createdOn, g.createdOn);
      assert.equal(r.json.createdBy, 75155282);
      assert.equal(r.json.lastUpdatedBy, 75155283);
      assert.ok(r.json.lastUpdatedOn > g.lastUpdatedOn, 'lastUpdatedOn must move forward');
      assert.match(r.json.lastUpdatedOnDateTime, ISO_SECONDS);
      assert.deepEqual((await api('GET', `${P}/group/${g.id}`)).json, r.json);
      // The old name is free again, the new one is taken.
      assert.equal((await create('Before')).id, g.id + 1);
      assert.equal((await api<ErrorAnswer>('POST', `${P}/group/create`, { name: 'after' })).json.status.code, 12012);
    });

    it('keeps rank and isActive when absent and clears rank on explicit null', async () => {
      const g = await create('Keep', 5);
      const same = await api<SandboxGroup>('PUT', `${P}/group/${g.id}`, { name: 'Keep' });
      assert.equal(same.status, 200);
      assert.equal(same.json.rank, 5);
      assert.equal(same.json.isActive, true);
      const disabled = await api<SandboxGroup>('PUT', `${P}/group/${g.id}`, { name: 'Keep', isActive: false });
      assert.equal(disabled.json.isActive, false);
      assert.equal(disabled.json.rank, 5);
      const cleared = await api<SandboxGroup>('PUT', `${P}/group/${g.id}`, { name: 'Keep', rank: null });
      assert.equal(cleared.json.rank, null);
      assert.equal(cleared.json.isActive, false);
    });

    it('requires a name and validates rank and isActive', async () => {
      const g = await create('Strict', 2);
      for (const body of [{}, { rank: 3 }, { name: null, isActive: false }, { name: '  ' }]) {
        const r = await api('PUT', `${P}/group/${g.id}`, body);
        assert.deepEqual(r.json, { status: { success: false, code: 400, message: 'Group name must not be null' } });
        assert.equal(r.status, 400);
      }
      assertError(await api('PUT', `${P}/group/${g.id}`, { name: 'Strict', rank: 'high' }), 400, 400);
      assertError(await api('PUT', `${P}/group/${g.id}`, { name: 'Strict', isActive: 'no' }), 400, 400);
      assertError(await api('PUT', `${P}/group/${g.id}`, 'not json'), 400, 400);
      assert.deepEqual(sandbox.groups()[0], g, 'failed updates change nothing');
    });

    it('enforces uniqueness excluding the group itself', async () => {
      const a = await create('Alpha');
      await create('Beta');
      const clash = await api('PUT', `${P}/group/${a.id}`, { name: 'BETA' });
      assert.equal(clash.status, 400);
      assert.deepEqual(clash.json, { status: { success: false, code: 12012, message: 'Group name must be unique' } });
      const recase = await api<SandboxGroup>('PUT', `${P}/group/${a.id}`, { name: 'ALPHA' });
      assert.equal(recase.status, 200, recase.text);
      assert.equal(recase.json.name, 'ALPHA');
    });

    it('answers 404 for an unknown id and 400 for a non-integer id', async () => {
      const missing = await api('PUT', `${P}/group/4242`, { name: 'Ghost' });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json, { status: { success: false, code: 404, message: 'Group not found' } });
      assertError(await api('PUT', `${P}/group/abc`, { name: 'Ghost' }), 400, 400);
      assert.equal(sandbox.groups().length, 0);
    });
  });

  describe('list', () => {
    function addMany(count: number): void {
      for (let i = 1; i <= count; i++) sandbox.addGroup({ name: `Group ${String(i).padStart(2, '0')}` });
    }

    it('answers the documented envelope and pages correctly', async () => {
      addMany(25);
      const first = await api<ListAnswer>('GET', `${P}/group`);
      assert.equal(first.status, 200);
      assert.deepEqual(Object.keys(first.json).sort(), ['groupRoList', 'pagingDto', 'status']);
      assert.deepEqual(first.json.status, {
        success: true,
        code: 12013,
        message: 'Get all groups fetched successfully',
      });
      assert.deepEqual(first.json.pagingDto, {
        first: true,
        last: false,
        number: 0,
        size: 10,
        numberOfElements: 10,
        totalElements: 25,
        totalPages: 3,
      });
      assert.deepEqual(
        first.json.groupRoList.map((g: SandboxGroup) => g.id),
        Array.from({ length: 10 }, (_, i) => 2412 + i),
      );
      assert.deepEqual(Object.keys(first.json.groupRoList[0]!).sort(), GROUP_KEYS);

      const lastPage = await api<ListAnswer>('GET', `${P}/group?page=2&size=10`);
      assert.deepEqual(lastPage.json.pagingDto, {
        first: false,
        last: true,
        number: 2,
        size: 10,
        numberOfElements: 5,
        totalElements: 25,
        totalPages: 3,
      });
      assert.deepEqual(
        lastPage.json.groupRoList.map((g: SandboxGroup) => g.name),
        ['Group 21', 'Group 22', 'Group 23', 'Group 24', 'Group 25'],
      );

      const middle = await api<ListAnswer>('GET', `${P}/group?page=1&size=10`);
      assert.equal(middle.json.pagingDto.first, false);
      assert.equal(middle.json.pagingDto.last, false);
      assert.equal(middle.json.groupRoList[0]!.name, 'Group 11');

      const beyond = await api<ListAnswer>('GET', `${P}/group?page=7`);
      assert.equal(beyond.status, 200);
      assert.deepEqual(beyond.json.groupRoList, []);
      assert.equal(beyond.json.pagingDto.numberOfElements, 0);
      assert.equal(beyond.json.pagingDto.last, true);

      const exact = await api<ListAnswer>('GET', `${P}/group?size=25`);
      assert.equal(exact.json.pagingDto.totalPages, 1);
      assert.equal(exact.json.pagingDto.last, true);
      assert.equal(exact.json.groupRoList.length, 25);
    });

    it('answers an empty first page for an empty store', async () => {
      const r = await api<ListAnswer>('GET', `${P}/group`);
      assert.deepEqual(r.json.groupRoList, []);
      assert.deepEqual(r.json.pagingDto, {
        first: true,
        last: true,
        number: 0,
        size: 10,
        numberOfElements: 0,
        totalElements: 0,
        totalPages: 0,
      });
    });

    it('clamps size to 1..1000', async () => {
      addMany(3);
      const small = await api<ListAnswer>('GET', `${P}/group?size=0`);
      assert.equal(small.status, 200);
      assert.equal(small.json.pagingDto.size, 1);
      assert.equal(small.json.groupRoList.length, 1);
      assert.equal(small.json.pagingDto.totalPages, 3);
      const big = await api<ListAnswer>('GET', `${P}/group?size=5000`);
      assert.equal(big.json.pagingDto.size, 1000);
      assert.equal(big.json.groupRoList.length, 3);
    });

    it('answers 400 for bad query values', async () => {
      for (const q of ['page=-1', 'page=x', 'size=abc', 'size=1.5', 'orderBy=UP', 'sortOn=NAME', 'active=yes']) {
        assertError(await api('GET', `${P}/group?${q}`), 400, 400);
      }
    });

    it('filters by active and by name (case-insensitive substring)', async () => {
      sandbox.addGroup({ name: 'Gold Tier', rank: 1 });
      sandbox.addGroup({ name: 'Silver Tier', rank: 2, isActive: false });
      sandbox.addGroup({ name: 'Golden Oldies', rank: 3 });
      sandbox.addGroup({ name: 'Bronze', rank: 4, isActive: false });
      const names = async (q: string): Promise<string[]> => {
        const r = await api<ListAnswer>('GET', `${P}/group?${q}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.pagingDto.totalElements, r.json.groupRoList.length);
        return r.json.groupRoList.map((g: SandboxGroup) => g.name);
      };
      assert.deepEqual(await names('active=true'), ['Gold Tier', 'Golden Oldies']);
      assert.deepEqual(await names('active=false'), ['Silver Tier', 'Bronze']);
      assert.deepEqual(await names('name=gold'), ['Gold Tier', 'Golden Oldies']);
      assert.deepEqual(await names('name=TIER'), ['Gold Tier', 'Silver Tier']);
      assert.deepEqual(await names('name=tier&active=false'), ['Silver Tier']);
      assert.deepEqual(await names(`name=${encodeURIComponent('n O')}`), ['Golden Oldies']);
      assert.deepEqual(await names('name=platinum'), []);
    });

    it("sorts by RANK when sortOn is absent (Capillary's default; nulls last, ties by id), and by LAST_UPDATED_ON, in both directions", async () => {
      const a = sandbox.addGroup({ name: 'A', rank: 5 });
      const b = sandbox.addGroup({ name: 'B', rank: null });
      const c = sandbox.addGroup({ name: 'C', rank: 1 });
      const d = sandbox.addGroup({ name: 'D', rank: 9 });
      const e = sandbox.addGroup({ name: 'E', rank: null });
      const ids = async (q: string): Promise<number[]> => {
        const r = await api<ListAnswer>('GET', `${P}/group?${q}`);
        assert.equal(r.status, 200, r.text);
        return r.json.groupRoList.map((g: SandboxGroup) => g.id);
      };
      assert.deepEqual(await ids(''), [c.id, a.id, d.id, b.id, e.id]);
      assert.deepEqual(await ids('orderBy=DESC'), [d.id, a.id, c.id, b.id, e.id]);
      assert.deepEqual(await ids('sortOn=RANK'), [c.id, a.id, d.id, b.id, e.id]);
      assert.deepEqual(await ids('sortOn=RANK&orderBy=ASC'), [c.id, a.id, d.id, b.id, e.id]);
      assert.deepEqual(await ids('sortOn=RANK&orderBy=DESC'), [d.id, a.id, c.id, b.id, e.id]);
      assert.deepEqual(await ids('sortOn=RANK&size=2&page=1'), [d.id, b.id]);

      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await api('PUT', `${P}/group/${c.id}`, { name: 'C' })).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await api('PUT', `${P}/group/${a.id}`, { name: 'A' })).status, 200);
      const byUpdate = await ids('sortOn=LAST_UPDATED_ON&orderBy=DESC');
      assert.deepEqual(byUpdate.slice(0, 2), [a.id, c.id]);
      const byUpdateAsc = await ids('sortOn=LAST_UPDATED_ON');
      assert.deepEqual(byUpdateAsc.slice(-2), [c.id, a.id]);
    });
  });

  describe('injected responses', () => {
    it('answers a 502 HTML page once, then behaves normally', async () => {
      sandbox.inject({
        status: 502,
        body: '<html><body>Bad Gateway</body></html>',
        headers: { 'content-type': 'text/html' },
      });
      const r = await api('GET', `${P}/group`);
      assert.equal(r.status, 502);
      assert.equal(r.text, '<html><body>Bad Gateway</body></html>');
      assert.equal(r.headers.get('content-type'), 'text/html');
      assert.match(sandbox.requests[0]!.requestId, REQUEST_ID);
      assert.equal(r.headers.get('x-cap-requestid'), sandbox.requests[0]!.requestId);
      assert.equal(sandbox.requests[0]!.status, 502);
      const after = await api('GET', `${P}/group`);
      assert.equal(after.status, 200);
    });

    it('matches method and path, answers `times` requests and keeps headers such as Retry-After', async () => {
      sandbox.inject({
        status: 429,
        body: '{"status":{"success":false,"code":429,"message":"Too many"}}',
        headers: { 'Retry-After': '7' },
        method: 'post',
        pathIncludes: '/group/create',
        times: 2,
      });
      assert.equal((await api('GET', `${P}/group`)).status, 200, 'GET is not matched');
      for (let i = 0; i < 2; i++) {
        const r = await api<ErrorAnswer>('POST', `${P}/group/create`, { name: 'Limited' });
        assert.equal(r.status, 429);
        assert.equal(r.headers.get('retry-after'), '7');
        assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
        assert.equal(r.json.status.code, 429);
      }
      assert.equal(sandbox.groups().length, 0);
      assert.equal((await api('POST', `${P}/group/create`, { name: 'Limited' })).status, 200);
    });

    it('first matching injection wins and injections also apply to the token endpoint', async () => {
      sandbox.inject({ status: 503, body: '', pathIncludes: '/oauth/' });
      sandbox.inject({ status: 500, body: 'first' });
      sandbox.inject({ status: 501, body: 'second' });
      const t = await call('POST', '/v3/oauth/token/generate', { body: DEMO_CREDENTIALS.oauth });
      assert.equal(t.status, 503);
      assert.equal(t.text, '');
      assert.equal(sandbox.tokensIssued, 0);
      assert.equal((await api('GET', `${P}/group`)).text, 'first');
      assert.equal((await api('GET', `${P}/group`)).text, 'second');
      assert.equal((await api('GET', `${P}/group`)).status, 200);
    });

    it('destroySocket resets the connection', async () => {
      sandbox.inject({ status: 200, destroySocket: true });
      await assert.rejects(fetch(`${sandbox.url}${P}/group`, { headers: DEMO_AUTH }));
      assert.equal(sandbox.requests.length, 1);
      assert.equal(sandbox.requests[0]!.status, 0);
      assert.equal((await api('GET', `${P}/group`)).status, 200);
    });

    it('delayMs waits before answering', async () => {
      sandbox.inject({ status: 504, body: 'slow', delayMs: 200 });
      const started = Date.now();
      const r = await api('GET', `${P}/group`);
      assert.equal(r.status, 504);
      assert.ok(Date.now() - started >= 150, 'answered before the delay');
    });

    it('passThrough adds latency to the real answer', async () => {
      sandbox.addGroup({ name: 'Slow Read' });
      sandbox.inject({ passThrough: true, delayMs: 200 });
      const started = Date.now();
      const r = await api<ListAnswer>('GET', `${P}/group`);
      assert.equal(r.status, 200);
      assert.equal(r.json.groupRoList[0]!.name, 'Slow Read');
      assert.ok(Date.now() - started >= 150, 'answered before the delay');
    });

    it('rejects invalid injections', () => {
      assert.throws(() => sandbox.inject({ status: 42 }));
      assert.throws(() => sandbox.inject({ status: 500, times: 0 }));
      assert.throws(() => sandbox.inject({}), /status/);
    });
  });

  describe('X-Cap-Requestid and unknown paths', () => {
    it('is on every response and unique', async () => {
      const t = await token();
      sandbox.inject({ status: 500, body: 'boom', pathIncludes: '/inject-me' });
      const replies = [
        await api('GET', `${P}/group`),
        await api('POST', `${P}/group/create`, {}),
        await api('GET', `${P}/group`, undefined, {}),
        await api('GET', `${P}/group/1`),
        await api('GET', '/nowhere'),
        await api('GET', `${P}/inject-me`),
        await call('POST', '/v3/oauth/token/generate', { body: { key: 'x', secret: 'y' } }),
        await call('GET', '/__sandbox/groups'),
      ];
      sandbox.expireTokens();
      replies.push(await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t }));
      assert.deepEqual(
        replies.map((r) => r.status),
        [200, 400, 401, 404, 404, 500, 401, 200, 498],
      );
      const ids = replies.map((r) => r.headers.get('x-cap-requestid'));
      for (const id of ids) assert.match(id ?? '', REQUEST_ID, `missing request id: ${id}`);
      assert.equal(new Set(ids).size, ids.length);
      // The recorded request ids are the ones sent: after the first token, every reply but the control one.
      assert.deepEqual(
        sandbox.requests.slice(1).map((r) => r.requestId),
        [...ids.slice(0, 7), ids[8]],
      );
    });

    it('answers 404 with the error envelope for unknown paths', async () => {
      for (const p of ['/nowhere', `${P}/groups`, `${P}/group/1/extra`, '/api_gateway/v2/group']) {
        const r = await api('GET', p);
        assertError(r, 404, 404);
        assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      }
    });
  });

  describe('recorded requests', () => {
    it('records method, path, query, headers, body, status and id, but not control requests', async () => {
      const before = Date.now();
      await api('POST', `${P}/group/create`, { name: 'Recorded', rank: 3 });
      await api('GET', `${P}/group?page=0&name=rec`);
      await call('GET', '/__sandbox/requests');
      assert.equal(sandbox.requests.length, 2);
      const [post, get] = sandbox.requests;
      assert.equal(post!.method, 'POST');
      assert.equal(post!.path, `${P}/group/create`);
      assert.deepEqual(JSON.parse(post!.body), { name: 'Recorded', rank: 3 });
      assert.equal(post!.status, 200);
      assert.equal(post!.headers['content-type'], 'application/json');
      assert.equal(post!.headers.authorization, DEMO_AUTH.Authorization);
      assert.ok(post!.at >= before - 1 && post!.at <= Date.now());
      assert.equal(get!.method, 'GET');
      assert.equal(get!.path, `${P}/group`);
      assert.deepEqual(get!.query, { page: '0', name: 'rec' });
      assert.equal(get!.body, '');
      assert.notEqual(post!.requestId, get!.requestId);
    });
  });

  describe('control endpoints', () => {
    it('expose requests and groups as JSON', async () => {
      const g = await create('Controlled', 2);
      const groups = await call('GET', '/__sandbox/groups');
      assert.equal(groups.status, 200);
      assert.deepEqual(groups.json, [g]);
      const requests = await call<RecordedRequest[]>('GET', '/__sandbox/requests');
      assert.equal(requests.status, 200);
      assert.equal(requests.json.length, 1);
      assert.equal(requests.json[0]!.path, `${P}/group/create`);
      assert.equal(requests.json[0]!.status, 200);
    });

    it('reset, expire-tokens, revoke-tokens and token-ttl work over HTTP', async () => {
      await create('Gone soon');
      assert.equal((await call('POST', '/__sandbox/reset')).status, 200);
      assert.equal(sandbox.groups().length, 0);
      assert.equal(sandbox.requests.length, 0);
      assert.equal((await create('Fresh')).id, 2412, 'ids restart after reset');

      const t1 = await token();
      assert.equal((await call('POST', '/__sandbox/expire-tokens')).status, 200);
      assert.equal((await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t1 })).status, 498);

      const t2 = await token();
      assert.equal((await call('POST', '/__sandbox/revoke-tokens')).status, 200);
      assert.equal((await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': t2 })).status, 401);

      assert.equal((await call('POST', '/__sandbox/token-ttl', { body: { seconds: 42 } })).status, 200);
      const r = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', { body: DEMO_CREDENTIALS.oauth });
      assert.equal(r.json.data.ttlSeconds, 42);
      assertError(await call('POST', '/__sandbox/token-ttl', { body: { seconds: -1 } }), 400, 400);
      assertError(await call('POST', '/__sandbox/token-ttl', { body: 'nope' }), 400, 400);
    });

    it('inject works over HTTP and validates its body', async () => {
      const ok = await call('POST', '/__sandbox/inject', {
        body: { status: 502, body: '<html>gw</html>', headers: { 'content-type': 'text/html' }, method: 'GET' },
      });
      assert.equal(ok.status, 200);
      const r = await api('GET', `${P}/group`);
      assert.equal(r.status, 502);
      assert.equal(r.text, '<html>gw</html>');
      assertError(await call('POST', '/__sandbox/inject', { body: { status: 'bad' } }), 400, 400);
      assertError(await call('GET', '/__sandbox/nothing-here'), 404, 404);
      assert.equal(sandbox.requests.length, 1, 'control requests are not recorded');
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

  describe('addGroup()', () => {
    it('validates like the API and returns a copy', () => {
      const g = sandbox.addGroup({ name: 'Direct', rank: 3, isActive: false });
      assert.equal(g.id, 2412);
      assert.equal(g.isActive, false);
      assert.equal(g.orgId, 100737);
      g.name = 'mutated';
      assert.equal(sandbox.groups()[0]!.name, 'Direct');
      assert.throws(() => sandbox.addGroup({ name: 'DIRECT' }), /unique/);
      assert.throws(() => sandbox.addGroup({ name: '  ' }), /must not be null/);
      assert.throws(() => sandbox.addGroup({ name: 'x', rank: 1.5 }), /rank/);
    });
  });

  describe('two orgs', () => {
    const names = (r: Reply<ListAnswer>): string[] => r.json.groupRoList.map((g) => g.name);

    async function tokenFor(credentials: { key: string; secret: string }): Promise<string> {
      const r = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', { body: credentials });
      assert.equal(r.status, 200, r.text);
      return r.json.data.accessToken;
    }

    it('exports the second org, its first id and its users', () => {
      assert.equal(SANDBOX_ORG_ID, 100737);
      assert.equal(FIRST_GROUP_ID, 2412);
      assert.equal(SECOND_ORG_ID, 100458);
      assert.equal(SECOND_ORG_FIRST_GROUP_ID, 5101);
      assert.equal(USER_IDS['uat.till'], 75155301);
      assert.equal(USER_IDS['uat.colleague'], 75155302);
      assert.equal(USER_IDS['uat-key'], 75155303);
    });

    it('each org creates and lists its own groups: the same name in both, ids from its own sequence, its orgId', async () => {
      const demoGold = await create('Gold', 1);
      const uatGold = await api<SandboxGroup>('POST', `${P}/group/create`, { name: 'Gold', rank: 1 }, UAT_AUTH);
      assert.equal(uatGold.status, 200, uatGold.text);
      const uatSilver = await api<SandboxGroup>(
        'POST',
        `${P2}/group/create`,
        { name: 'Silver', rank: 2 },
        UAT_COLLEAGUE_AUTH,
      );
      assert.equal(uatSilver.status, 200, uatSilver.text);
      const demoBronze = await create('Bronze', 3);

      assert.deepEqual([demoGold.id, demoGold.orgId, demoGold.createdBy], [2412, 100737, 75155282]);
      assert.deepEqual([demoBronze.id, demoBronze.orgId], [2413, 100737]);
      assert.deepEqual([uatGold.json.id, uatGold.json.orgId, uatGold.json.createdBy], [5101, 100458, 75155301]);
      assert.deepEqual([uatSilver.json.id, uatSilver.json.orgId, uatSilver.json.createdBy], [5102, 100458, 75155302]);

      const demoList = await api<ListAnswer>('GET', `${P}/group`);
      const uatList = await api<ListAnswer>('GET', `${P}/group`, undefined, UAT_AUTH);
      const colleagueList = await api<ListAnswer>('GET', `${P2}/group`, undefined, UAT_COLLEAGUE_AUTH);
      assert.deepEqual(names(demoList), ['Gold', 'Bronze']);
      assert.deepEqual(names(uatList), ['Gold', 'Silver']);
      assert.deepEqual(colleagueList.json.groupRoList, uatList.json.groupRoList, 'a colleague sees the same org');
      assert.equal(uatList.json.pagingDto.totalElements, 2);
      assert.deepEqual(
        uatList.json.groupRoList.map((g) => [g.id, g.orgId]),
        [
          [5101, 100458],
          [5102, 100458],
        ],
      );
      assert.deepEqual(
        demoList.json.groupRoList.map((g) => g.orgId),
        [100737, 100737],
      );
      assert.deepEqual(
        sandbox.groups().map((g) => g.id),
        [2412, 2413],
      );
      assert.deepEqual(
        sandbox.groups(SECOND_ORG_ID).map((g) => g.id),
        [5101, 5102],
      );
      assert.equal(
        names(await api<ListAnswer>('GET', `${P}/group?name=gold`, undefined, UAT_AUTH)).length,
        1,
        'filters stay within the org',
      );
    });

    it("answers a GET or PUT of the other org's id exactly as an unknown id, and changes nothing", async () => {
      const mine = await create('Mine', 1);
      const theirs = sandbox.addGroup({ name: 'Theirs', rank: 2, org: SECOND_ORG_ID });
      assert.equal((await api('GET', `${P}/group/${mine.id}`)).status, 200);
      assert.equal((await api('GET', `${P}/group/${theirs.id}`, undefined, UAT_AUTH)).status, 200);

      const unknownGet = await api('GET', `${P}/group/99999`);
      assert.equal(unknownGet.status, 404);
      for (const [id, auth] of [
        [theirs.id, DEMO_AUTH],
        [mine.id, UAT_AUTH],
      ] as const) {
        const r = await api('GET', `${P2}/group/${id}`, undefined, auth);
        assert.equal(r.status, unknownGet.status, r.text);
        assert.deepEqual(r.json, unknownGet.json);
      }

      const unknownPut = await api('PUT', `${P}/group/99999`, { name: 'Taken Over' }, UAT_AUTH);
      assert.equal(unknownPut.status, 404);
      const put = await api('PUT', `${P}/group/${mine.id}`, { name: 'Taken Over', rank: 9, isActive: false }, UAT_AUTH);
      assert.equal(put.status, unknownPut.status, put.text);
      assert.deepEqual(put.json, unknownPut.json);
      const putBack = await api('PUT', `${P}/group/${theirs.id}`, { name: 'Taken Back' });
      assert.equal(putBack.status, 404, putBack.text);

      assert.deepEqual(sandbox.groups(), [mine]);
      assert.deepEqual(sandbox.groups(SECOND_ORG_ID), [theirs]);
    });

    it('keeps names unique per org, case-insensitively, and records the holder from the right org', async () => {
      sandbox.addGroup({ name: 'Gold' });
      const uatGold = await api<SandboxGroup>('POST', `${P}/group/create`, { name: 'GOLD' }, UAT_AUTH);
      assert.equal(uatGold.status, 200, uatGold.text);
      assertError(await api('POST', `${P}/group/create`, { name: ' gold ' }, UAT_COLLEAGUE_AUTH), 400, 12012);
      assertError(await api('POST', `${P}/group/create`, { name: 'gOLD' }), 400, 12012);

      const uatSilver = await api<SandboxGroup>('POST', `${P}/group/create`, { name: 'Silver' }, UAT_AUTH);
      assert.equal((await api('POST', `${P}/group/create`, { name: 'silver' })).status, 200, 'free in the first org');
      assertError(await api('PUT', `${P}/group/${uatSilver.json.id}`, { name: 'Gold' }, UAT_AUTH), 400, 12012);
      assert.equal(sandbox.groups(SECOND_ORG_ID).length, 2);
      assert.equal(sandbox.groups().length, 2);

      const creates = sandbox.requests.filter((r) => r.path.endsWith('/group/create'));
      assert.deepEqual(
        creates.map((r) => r.nameHeldBy),
        [undefined, 75155301, 75155282, undefined, undefined],
      );
    });

    it("an OAuth token of uat-key acts in the second org, demo-key's in the first", async () => {
      sandbox.addGroup({ name: 'First Only' });
      const uatToken = await tokenFor(DEMO_CREDENTIALS.secondOrg.oauth);
      const demoToken = await tokenFor(DEMO_CREDENTIALS.oauth);
      const claims = JSON.parse(Buffer.from(uatToken.split('.')[1]!, 'base64url').toString('utf8')) as {
        sub: string;
        org: number;
      };
      assert.deepEqual([claims.sub, claims.org], ['uat-key', 100458]);

      const created = await api<SandboxGroup>(
        'POST',
        `${P}/group/create`,
        { name: 'Via UAT token' },
        { 'X-CAP-API-OAUTH-TOKEN': uatToken },
      );
      assert.equal(created.status, 200, created.text);
      assert.deepEqual(
        [created.json.id, created.json.orgId, created.json.createdBy, created.json.lastUpdatedBy],
        [5101, 100458, 75155303, 75155303],
      );
      assert.deepEqual(
        names(await api<ListAnswer>('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': uatToken })),
        ['Via UAT token'],
      );
      assert.deepEqual(
        names(await api<ListAnswer>('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': demoToken })),
        ['First Only'],
      );
      assert.equal(
        (await api('GET', `${P}/group/${created.json.id}`, undefined, { 'X-CAP-API-OAUTH-TOKEN': demoToken })).status,
        404,
      );
      // A token decides alone, even beside the other org's till.
      const both = await api<ListAnswer>('GET', `${P}/group`, undefined, {
        ...DEMO_AUTH,
        'X-CAP-API-OAUTH-TOKEN': uatToken,
      });
      assert.deepEqual(names(both), ['Via UAT token']);

      for (const body of [
        { key: 'uat-key', secret: 'demo-secret' },
        { key: 'demo-key', secret: 'uat-secret' },
      ]) {
        const r = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', { body });
        assert.equal(r.status, 401, JSON.stringify(body));
        assert.equal(r.json.errors![0]!.code, 320001);
      }
      assert.equal(sandbox.tokensIssued, 2);
    });

    it('never gives an id to both orgs: a sequence skips the ids the other org holds', async () => {
      sandbox.seed(2700); // the first org: 2412…5111, past where the second org's ids start
      assert.equal(sandbox.groups().at(-1)!.id, 5111);
      const uatFirst = await api<SandboxGroup>('POST', `${P}/group/create`, { name: 'After the gap' }, UAT_AUTH);
      assert.equal(uatFirst.json.id, 5112, uatFirst.text);
      assert.equal(sandbox.addGroup({ name: 'Next in the first org' }).id, 5113);
      assert.equal((await api('GET', `${P}/group/5101`, undefined, UAT_AUTH)).status, 404, "the first org's 5101");
      const ids = [...sandbox.groups(), ...sandbox.groups(SECOND_ORG_ID)].map((g) => g.id);
      assert.equal(new Set(ids).size, ids.length);
    });

    it('addGroup(), seed() and groups() take an org (default the first); reset() empties both', () => {
      const uatGold = sandbox.addGroup({ name: 'Gold', rank: 1, org: SECOND_ORG_ID });
      const demoGold = sandbox.addGroup({ name: 'Gold', rank: 1 });
      assert.deepEqual([uatGold.id, uatGold.orgId, uatGold.createdBy], [5101, 100458, 75155301]);
      assert.deepEqual([demoGold.id, demoGold.orgId, demoGold.createdBy], [2412, 100737, 75155282]);
      assert.equal(
        sandbox.addGroup({ name: 'By a colleague', org: SECOND_ORG_ID, createdBy: USER_IDS['uat.colleague'] })
          .createdBy,
        75155302,
      );
      assert.throws(() => sandbox.addGroup({ name: 'gold', org: SECOND_ORG_ID }), /unique/);

      sandbox.seed(3, SECOND_ORG_ID);
      const second = sandbox.groups(SECOND_ORG_ID);
      assert.deepEqual(
        second.map((g) => g.name),
        ['Gold', 'By a colleague', 'Seed Group 00001', 'Seed Group 00002', 'Seed Group 00003'],
      );
      assert.deepEqual(
        second.map((g) => g.id),
        [5101, 5102, 5103, 5104, 5105],
      );
      assert.ok(second.every((g) => g.orgId === 100458));
      assert.ok(second.slice(2).every((g) => g.createdBy === 75155301));
      sandbox.seed(2);
      assert.deepEqual(
        sandbox.groups().map((g) => [g.id, g.name]),
        [
          [2412, 'Gold'],
          [2413, 'Seed Group 00001'],
          [2414, 'Seed Group 00002'],
        ],
      );
      assert.deepEqual(sandbox.groups(SANDBOX_ORG_ID), sandbox.groups());

      assert.throws(() => sandbox.groups(1), /Unknown org: 1/);
      assert.throws(() => sandbox.addGroup({ name: 'Nowhere', org: 1 }), /Unknown org/);
      assert.throws(() => sandbox.seed(1, 1), /Unknown org/);

      sandbox.reset();
      assert.equal(sandbox.groups().length, 0);
      assert.equal(sandbox.groups(SECOND_ORG_ID).length, 0);
      assert.equal(sandbox.addGroup({ name: 'Again', org: SECOND_ORG_ID }).id, 5101, 'ids restart in both');
      assert.equal(sandbox.addGroup({ name: 'Again' }).id, 2412);
      sandbox.seed(1, SECOND_ORG_ID);
      assert.equal(sandbox.groups(SECOND_ORG_ID)[1]!.name, 'Seed Group 00001', 'the seed counter restarts too');
    });

    it('starts with groups seeded in the second org (seedSecondOrgGroups)', async () => {
      const other = await Sandbox.start({ seedGroups: 2, seedSecondOrgGroups: 3 });
      try {
        assert.deepEqual(
          other.groups().map((g) => g.id),
          [2412, 2413],
        );
        assert.deepEqual(
          other.groups(SECOND_ORG_ID).map((g) => [g.id, g.orgId]),
          [
            [5101, 100458],
            [5102, 100458],
            [5103, 100458],
          ],
        );
      } finally {
        await other.close();
      }
    });

    it('the control endpoints add, seed and list groups in the org asked for', async () => {
      const added = await call<SandboxGroup>('POST', '/__sandbox/groups', {
        body: { name: 'Gold', rank: 1, org: SECOND_ORG_ID },
      });
      assert.equal(added.status, 200, added.text);
      assert.deepEqual([added.json.id, added.json.orgId, added.json.createdBy], [5101, 100458, 75155301]);
      assert.equal((await call('POST', '/__sandbox/seed', { body: { count: 2, org: SECOND_ORG_ID } })).status, 200);
      assert.equal((await call('POST', '/__sandbox/seed', { body: { count: 1 } })).status, 200);
      assert.equal(
        (await call('POST', '/__sandbox/groups', { body: { name: 'Gold' } })).status,
        200,
        'the first org has no Gold yet',
      );

      const second = await call<SandboxGroup[]>('GET', `/__sandbox/groups?org=${SECOND_ORG_ID}`);
      assert.equal(second.status, 200, second.text);
      assert.deepEqual(second.json, sandbox.groups(SECOND_ORG_ID));
      assert.deepEqual(
        second.json.map((g) => [g.id, g.name, g.orgId]),
        [
          [5101, 'Gold', 100458],
          [5102, 'Seed Group 00001', 100458],
          [5103, 'Seed Group 00002', 100458],
        ],
      );
      const first = await call<SandboxGroup[]>('GET', '/__sandbox/groups');
      assert.deepEqual(
        first.json.map((g) => [g.id, g.name, g.orgId]),
        [
          [2412, 'Seed Group 00001', 100737],
          [2413, 'Gold', 100737],
        ],
      );
      assert.deepEqual((await call<SandboxGroup[]>('GET', `/__sandbox/groups?org=${SANDBOX_ORG_ID}`)).json, first.json);

      assertError(
        await call('POST', '/__sandbox/groups', { body: { name: 'gold', org: SECOND_ORG_ID } }),
        400,
        400,
        /unique/,
      );
      assertError(await call('GET', '/__sandbox/groups?org=1'), 400, 400, /Unknown org: 1\b/);
      assertError(await call('GET', '/__sandbox/groups?org=uat'), 400, 400, /Unknown org/);
      assertError(
        await call('POST', '/__sandbox/groups', { body: { name: 'Nowhere', org: 1 } }),
        400,
        400,
        /Unknown org/,
      );
      assertError(
        await call('POST', '/__sandbox/seed', { body: { count: 1, org: String(SECOND_ORG_ID) } }),
        400,
        400,
        /Unknown org/,
      );
      assert.equal(sandbox.groups(SECOND_ORG_ID).length, 3);
      assert.equal(sandbox.requests.length, 0, 'control requests are not recorded');
    });

    it('records the org each request was served in (orgId), absent when no one was let in', async () => {
      const uatToken = await tokenFor(DEMO_CREDENTIALS.secondOrg.oauth);
      await create('Recorded');
      await api('GET', `${P}/group`, undefined, UAT_AUTH);
      await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': uatToken });
      await api('GET', `${P}/group`, undefined, {});
      await api('GET', `${P}/group`, undefined, { Authorization: basic('uat.till', 'demo123') });
      await api('GET', `${P}/group`, undefined, { Authorization: basic('noaccess.till', 'demo123') });
      sandbox.inject({ status: 502, body: 'gateway', pathIncludes: '/group' });
      await api('GET', `${P}/group`, undefined, UAT_COLLEAGUE_AUTH);
      sandbox.expireTokens();
      await api('GET', `${P}/group`, undefined, { 'X-CAP-API-OAUTH-TOKEN': uatToken });

      assert.deepEqual(
        sandbox.requests.map((r) => [r.status, r.orgId]),
        [
          [200, undefined], // the token request
          [200, 100737],
          [200, 100458],
          [200, 100458],
          [401, undefined],
          [401, undefined],
          [403, undefined],
          [502, 100458], // injected: still the org its till belongs to
          [498, undefined],
        ],
      );
      const overHttp = await call<RecordedRequest[]>('GET', '/__sandbox/requests');
      assert.deepEqual(
        overHttp.json.map((r) => r.orgId),
        sandbox.requests.map((r) => r.orgId),
      );
    });
  });

  describe('rewards', () => {
    const brandsOf = (body: unknown, headers: Record<string, string> = DEMO_AUTH) =>
      api<BrandAnswer>('POST', `${P2}/brand/getAll`, body, headers);
    const rewardsOf = (brandId: number | string, q = '', headers: Record<string, string> = DEMO_AUTH) =>
      api<RewardAnswer>('GET', `${P2}/reward/list/brand/${brandId}${q ? `?${q}` : ''}`, undefined, headers);
    const ids = (r: Reply<RewardAnswer>): number[] => r.json.rewardList.map((reward) => reward.id);
    const gold = (groupRank: number | null, groupName = 'VIP Gold') => [{ groupName, groupRank }];

    it("starts every reset with the default brands and no rewards; brand/getAll answers the caller's org only", async () => {
      assert.deepEqual(DEFAULT_BRANDS, [
        { id: 1, brand: 'BUKL', enabled: true, orgId: SANDBOX_ORG_ID },
        { id: 2, brand: 'BUKL Kids', enabled: true, orgId: SANDBOX_ORG_ID },
        { id: 3, brand: 'UAT Brand', enabled: true, orgId: SECOND_ORG_ID },
      ]);
      assert.deepEqual(sandbox.brands(), DEFAULT_BRANDS.slice(0, 2));
      assert.deepEqual(sandbox.brands(SECOND_ORG_ID), DEFAULT_BRANDS.slice(2));
      assert.deepEqual(sandbox.rewards(), []);

      const r = await brandsOf({ orgIds: [SANDBOX_ORG_ID] });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, {
        status: { success: true, code: 3001, message: 'Brand fetched successfully' },
        brandList: DEFAULT_BRANDS.slice(0, 2),
      });
      assert.match(r.headers.get('x-cap-requestid') ?? '', REQUEST_ID);
      assert.deepEqual(
        (await brandsOf({ orgIds: [SANDBOX_ORG_ID] }, UAT_AUTH)).json.brandList,
        [],
        "another org's brands are not the caller's",
      );
      assert.deepEqual(
        (await brandsOf({ orgIds: [SANDBOX_ORG_ID, SECOND_ORG_ID] }, UAT_AUTH)).json.brandList,
        DEFAULT_BRANDS.slice(2),
      );
      assert.equal(
        (await api('POST', `${P2}/brand/getAll/`, { orgIds: [SANDBOX_ORG_ID] })).status,
        200,
        'one trailing slash is tolerated',
      );

      for (const body of [{}, { orgIds: [] }, { orgIds: [String(SANDBOX_ORG_ID)] }, { orgIds: SANDBOX_ORG_ID }]) {
        assertError(await brandsOf(body), 400, 400, 'orgIds must be a non-empty array of integers');
      }
      assertError(await brandsOf('nope'), 400, 400, /valid JSON/);
      assertError(await api('GET', `${P2}/brand/getAll`), 405, 405);
      assertError(await api('POST', `${P}/brand/getAll`, { orgIds: [SANDBOX_ORG_ID] }), 404, 404, /No such endpoint/);
      const noAccess = DEMO_CREDENTIALS.noAccess;
      assert.deepEqual((await brandsOf({ orgIds: [SANDBOX_ORG_ID] }, {})).json, UNAUTHORIZED);
      assertError(
        await brandsOf({ orgIds: [SANDBOX_ORG_ID] }, { Authorization: basic(noAccess.username, noAccess.password) }),
        403,
        4000,
      );

      assert.deepEqual(sandbox.addBrand({ name: ' Extra ', orgId: SECOND_ORG_ID, enabled: false }), {
        id: 4,
        brand: 'Extra',
        enabled: false,
        orgId: SECOND_ORG_ID,
      });
      sandbox.addReward({ brandId: 4, name: 'Gone after reset' });
      sandbox.reset();
      assert.deepEqual(sandbox.brands(SECOND_ORG_ID), DEFAULT_BRANDS.slice(2));
      assert.deepEqual(sandbox.rewards(), []);
      assert.equal(sandbox.addBrand({ name: 'Again' }).id, 4, 'brand ids restart');
      assert.equal(sandbox.addReward({ brandId: 1, name: 'Again' }).id, FIRST_REWARD_ID, 'reward ids restart');
      sandbox.removeBrands();
      assert.deepEqual(sandbox.brands(), []);
      assert.deepEqual((await brandsOf({ orgIds: [SANDBOX_ORG_ID] })).json.brandList, []);
      assert.deepEqual(sandbox.rewards(), [], 'their rewards went with them');
    });

    it("lists a brand's rewards in the documented envelope, by id without groupName, and records the request", async () => {
      const first = sandbox.addReward({ brandId: 1, name: 'Free Coffee', groups: gold(1), rewardRank: 2 });
      const second = sandbox.addReward({
        brandId: 1,
        name: 'Upcoming',
        status: 'UPCOMING',
        enabled: false,
        lastUpdatedOn: 1742180327987,
      });
      const third = sandbox.addReward({ brandId: 1, name: 'Ended', status: 'ENDED' });
      sandbox.addReward({ brandId: 2, name: 'Other brand' });
      assert.deepEqual(Object.keys(first).sort(), [
        'brandId',
        'enabled',
        'endDateTime',
        'groups',
        'id',
        'lastUpdatedOn',
        'name',
        'rewardRank',
        'startDateTime',
        'status',
      ]);
      assert.deepEqual(
        [first.id, first.status, first.enabled, first.rewardRank, first.brandId, first.groups],
        [FIRST_REWARD_ID, 'LIVE', true, 2, 1, gold(1)],
      );
      assert.deepEqual(
        [second.status, second.enabled, second.rewardRank, second.lastUpdatedOn, second.groups],
        ['UPCOMING', false, null, 1742180327987, []],
      );
      const now = Date.now();
      // The dates fit the status: running now, not started yet, over.
      assert.ok(Date.parse(first.startDateTime) < now && Date.parse(first.endDateTime) > now);
      assert.ok(Date.parse(second.startDateTime) > now);
      assert.ok(Date.parse(third.endDateTime) < now);
      assert.match(first.startDateTime, ISO_SECONDS);

      const r = await rewardsOf(1);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, {
        status: { success: true, code: 6101, message: 'Reward details fetched successfully' },
        rewardList: [first, second, third],
        pagingDto: {
          first: true,
          last: true,
          number: 0,
          size: 100,
          numberOfElements: 3,
          totalElements: 3,
          totalPages: 1,
        },
      });
      const page = await rewardsOf(1, 'page=1&size=2');
      assert.deepEqual(ids(page), [third.id]);
      assert.deepEqual(page.json.pagingDto, {
        first: false,
        last: true,
        number: 1,
        size: 2,
        numberOfElements: 1,
        totalElements: 3,
        totalPages: 2,
      });
      const beyond = await rewardsOf(1, 'page=9&size=2');
      assert.deepEqual(
        [beyond.json.rewardList, beyond.json.pagingDto.last, beyond.json.pagingDto.totalElements],
        [[], true, 3],
      );
      assert.equal((await rewardsOf('1/')).json.rewardList.length, 3, 'one trailing slash is tolerated');
      assert.deepEqual((await rewardsOf(3, '', UAT_AUTH)).json.rewardList, []);

      const recorded = sandbox.requests[1]!;
      assert.deepEqual(
        [recorded.method, recorded.path, recorded.query, recorded.status, recorded.orgId],
        ['GET', `${P2}/reward/list/brand/1`, { page: '1', size: '2' }, 200, SANDBOX_ORG_ID],
      );
    });

    it('answers 6104 "Brand not found" for an unknown brand or one of another org, and 400 for bad values', async () => {
      for (const [brandId, headers] of [
        [99, DEMO_AUTH],
        [3, DEMO_AUTH],
        [1, UAT_AUTH],
      ] as const) {
        assertError(await rewardsOf(brandId, '', headers), 400, 6104, 'Brand not found');
      }
      assertError(await rewardsOf('abc'), 400, 400, 'Brand id must be an integer: abc');
      assertError(await rewardsOf(1, 'page=-1'), 400, 400, 'Invalid page: -1');
      assertError(await rewardsOf(1, 'size=many'), 400, 400, 'Invalid size: many');
      assertError(await rewardsOf(1, 'rewardStatus=PAUSED'), 400, 400, /Invalid rewardStatus: PAUSED/);
      assertError(await rewardsOf(1, 'enabled=yes'), 400, 400, /Invalid enabled: yes/);
      assertError(await api('POST', `${P2}/reward/list/brand/1`, {}), 405, 405);
      assertError(await api('GET', `${P}/reward/list/brand/1`), 404, 404, /No such endpoint/);
      assertError(await api('GET', `${P2}/reward/list/brand/1/2`), 404, 404);
      assert.deepEqual((await rewardsOf(1, '', {})).json, UNAUTHORIZED);
      assert.deepEqual((await rewardsOf(1, 'size=0')).json.pagingDto.size, 1, 'size is clamped to 1..1000');
      assert.deepEqual((await rewardsOf(1, 'size=5000')).json.pagingDto.size, 1000);
    });

    it('filters by groupName (whole name, ignoring case; a comma is part of the name) and orders by its groupRank, unranked after, newest first', async () => {
      const at = Date.UTC(2026, 0, 1);
      const add = (
        name: string,
        groups: { groupName: string; groupRank: number | null }[],
        hoursAgo = 0,
        more: { status?: 'LIVE' | 'UPCOMING' | 'ENDED'; enabled?: boolean } = {},
      ) => sandbox.addReward({ brandId: 1, name, groups, lastUpdatedOn: at - hoursAgo * 3_600_000, ...more }).id;
      const second = add('Second', gold(2));
      const first = add('First (lower case)', gold(1, 'vip gold'));
      add('Longer name', gold(1, 'VIP Gold Plus'));
      const olderUnranked = add('Older unranked', gold(null), 5, { status: 'ENDED' });
      const newerUnranked = add('Newer unranked', gold(null), 1, { enabled: false });
      add('Two groups in one', gold(1, 'VIP Gold,VIP Silver'));
      const third = add('Third, also silver', [
        { groupName: 'VIP Silver', groupRank: 1 },
        { groupName: 'VIP GOLD', groupRank: 3 },
      ]);
      // Same rank: the newer first, then by id.
      const tieOld = add('Tie old', gold(4), 2);
      const tieNew = add('Tie new', gold(4), 1);
      const tieNewLater = add('Tie new, later id', gold(4), 1);
      const twice = add('Named twice', [
        { groupName: 'VIP Gold', groupRank: null },
        { groupName: 'vip gold', groupRank: 5 },
      ]);
      sandbox.addReward({ brandId: 2, name: 'Other brand', groups: gold(1) });

      const inGold = [first, second, third, tieNew, tieNewLater, tieOld, twice, newerUnranked, olderUnranked];
      assert.deepEqual(ids(await rewardsOf(1, 'groupName=VIP%20Gold')), inGold);
      assert.deepEqual(ids(await rewardsOf(1, 'groupName=%20vip%20GOLD%20')), inGold, 'trimmed, any case');
      const paged = [];
      for (let page = 0; page < 4; page++) {
        paged.push(...ids(await rewardsOf(1, `groupName=VIP%20Gold&size=3&page=${page}`)));
      }
      assert.deepEqual(paged, inGold);
      assert.deepEqual(ids(await rewardsOf(1, `groupName=${encodeURIComponent('VIP Gold,VIP Silver')}`)), [
        sandbox.rewards(1)[5]!.id,
      ]);
      assert.deepEqual(ids(await rewardsOf(1, 'groupName=VIP')), [], 'no partial match');
      assert.deepEqual(ids(await rewardsOf(1, 'groupName=VIP%20Gold&rewardStatus=ended')), [olderUnranked]);
      assert.deepEqual(ids(await rewardsOf(1, 'groupName=VIP%20Gold&enabled=FALSE')), [newerUnranked]);
      assert.deepEqual(ids(await rewardsOf(1, 'groupName=VIP%20Gold&rewardName=TIE%20NEW')), [tieNew, tieNewLater]);
      assert.deepEqual(ids(await rewardsOf(1, 'rewardName=silver')), [third]);
      assert.equal(ids(await rewardsOf(1, 'groupName=')).length, 11, 'blank means no filter');
      // A reward added later takes its place in the order.
      const zeroth = add('Zeroth', gold(0), 0);
      assert.deepEqual(ids(await rewardsOf(1, 'groupName=VIP%20Gold&size=2')), [zeroth, first]);
    });

    it('addReward, addBrand and seedRewards validate and hand out copies', () => {
      assert.throws(() => sandbox.addReward({ brandId: 99, name: 'X' }), /Unknown brand: 99/);
      assert.throws(() => sandbox.addReward({ brandId: 1, name: '  ' }), /Reward name must be a non-empty string/);
      assert.throws(
        () => sandbox.addReward({ brandId: 1, name: 'X', status: 'PAUSED' as never }),
        /status must be LIVE, UPCOMING or ENDED/,
      );
      assert.throws(
        () => sandbox.addReward({ brandId: 1, name: 'X', groups: 'Gold' as never }),
        /groups must be an array/,
      );
      assert.throws(
        () => sandbox.addReward({ brandId: 1, name: 'X', groups: [{ groupRank: 1 } as never] }),
        /groupName/,
      );
      assert.throws(
        () => sandbox.addReward({ brandId: 1, name: 'X', groups: [{ groupName: 'G', groupRank: 1.5 }] }),
        /groupRank must be an integer/,
      );
      assert.throws(() => sandbox.addReward({ brandId: 1, name: 'X', rewardRank: 'high' as never }), /rewardRank/);
      assert.throws(
        () => sandbox.addReward({ brandId: 1, name: 'X', enabled: 'yes' as never }),
        /enabled must be a boolean/,
      );
      assert.throws(() => sandbox.addBrand({ name: '' }), /Brand name/);
      assert.throws(() => sandbox.addBrand({ name: 'X', orgId: 1 }), /Unknown org: 1\b/);
      assert.throws(() => sandbox.seedRewards({ brandId: 1, count: -1, groupNames: [] }), /count/);
      assert.throws(() => sandbox.seedRewards({ brandId: 1, count: 1, groupNames: [''] }), /groupNames/);
      assert.throws(() => sandbox.rewards(42), /Unknown brand: 42/);
      assert.deepEqual(sandbox.rewards(), [], 'nothing was added by a refused call');

      const added = sandbox.addReward({ brandId: 1, name: 'Kept', groups: [{ groupName: 'Gold' }] });
      assert.deepEqual(added.groups, [{ groupName: 'Gold', groupRank: null }], 'an absent groupRank is null');
      added.groups[0]!.groupName = 'Changed';
      sandbox.rewards(1)[0]!.name = 'Changed';
      sandbox.brands()[0]!.brand = 'Changed';
      assert.deepEqual(sandbox.rewards(1)[0]!.groups, [{ groupName: 'Gold', groupRank: null }]);
      assert.equal(sandbox.rewards(1)[0]!.name, 'Kept');
      assert.equal(sandbox.brands()[0]!.brand, 'BUKL');
    });

    it('seedRewards spreads rewards over the group names, deterministically', async () => {
      sandbox.seedRewards({ brandId: 2, count: 14, groupNames: ['A', 'B'] });
      const seeded = sandbox.rewards(2);
      assert.deepEqual(
        seeded.map((r) => [
          r.id,
          r.name,
          r.groups[0]!.groupName,
          r.groups[0]!.groupRank,
          r.status,
          r.enabled,
          r.rewardRank,
        ]),
        [
          [7001, 'Seed Reward 00001', 'A', 1, 'LIVE', true, 1],
          [7002, 'Seed Reward 00002', 'B', 1, 'LIVE', true, 2],
          [7003, 'Seed Reward 00003', 'A', 2, 'UPCOMING', true, 3],
          [7004, 'Seed Reward 00004', 'B', 2, 'UPCOMING', false, 4],
          [7005, 'Seed Reward 00005', 'A', 3, 'ENDED', true, null],
          [7006, 'Seed Reward 00006', 'B', 3, 'ENDED', true, 6],
          [7007, 'Seed Reward 00007', 'A', 4, 'LIVE', true, 7],
          [7008, 'Seed Reward 00008', 'B', 4, 'LIVE', false, 8],
          [7009, 'Seed Reward 00009', 'A', 5, 'UPCOMING', true, 9],
          [7010, 'Seed Reward 00010', 'B', 5, 'UPCOMING', true, null],
          [7011, 'Seed Reward 00011', 'A', null, 'ENDED', true, 11],
          [7012, 'Seed Reward 00012', 'B', null, 'ENDED', false, 12],
          [7013, 'Seed Reward 00013', 'A', 7, 'LIVE', true, 13],
          [7014, 'Seed Reward 00014', 'B', 7, 'LIVE', true, 14],
        ],
      );
      assert.ok(seeded.every((r) => r.brandId === 2 && r.groups.length === 1));
      assert.deepEqual(ids(await rewardsOf(2, 'groupName=a')), [7001, 7003, 7005, 7007, 7009, 7013, 7011]);
      assert.deepEqual(ids(await rewardsOf(2, 'groupName=B&rewardStatus=LIVE&enabled=true')), [7002, 7014]);

      sandbox.seedRewards({ brandId: 2, count: 2, groupNames: [] });
      assert.deepEqual(
        sandbox
          .rewards(2)
          .slice(14)
          .map((r) => [r.id, r.name, r.groups]),
        [
          [7015, 'Seed Reward 00015', []],
          [7016, 'Seed Reward 00016', []],
        ],
        'numbering goes on; without names, no groups',
      );
    });

    it('the control endpoints add and list brands and rewards, seed rewards and remove brands', async () => {
      const brand = await call<SandboxBrand>('POST', '/__sandbox/brands', {
        body: { name: 'New', orgId: SECOND_ORG_ID },
      });
      assert.equal(brand.status, 200, brand.text);
      assert.deepEqual(brand.json, { id: 4, brand: 'New', enabled: true, orgId: SECOND_ORG_ID });
      assert.deepEqual(
        (await call('GET', `/__sandbox/brands?org=${SECOND_ORG_ID}`)).json,
        sandbox.brands(SECOND_ORG_ID),
      );
      assert.deepEqual((await call('GET', '/__sandbox/brands')).json, DEFAULT_BRANDS.slice(0, 2));

      const reward = await call<SandboxReward>('POST', '/__sandbox/rewards', {
        body: { brandId: 4, name: 'Spa Day', status: 'UPCOMING', groups: [{ groupName: 'Gold', groupRank: 2 }] },
      });
      assert.equal(reward.status, 200, reward.text);
      assert.deepEqual(
        [reward.json.id, reward.json.brandId, reward.json.status, reward.json.groups],
        [FIRST_REWARD_ID, 4, 'UPCOMING', [{ groupName: 'Gold', groupRank: 2 }]],
      );
      assert.equal(
        (await call('POST', '/__sandbox/seed-rewards', { body: { brandId: 1, count: 3, groupNames: ['Gold'] } }))
          .status,
        200,
      );
      assert.deepEqual((await call('GET', '/__sandbox/rewards?brand=4')).json, [reward.json]);
      assert.deepEqual((await call('GET', '/__sandbox/rewards')).json, sandbox.rewards());
      assert.equal(sandbox.rewards().length, 4);
      assert.deepEqual(ids(await rewardsOf(4, 'groupName=gold', UAT_AUTH)), [reward.json.id]);

      assertError(
        await call('POST', '/__sandbox/brands', { body: { name: 'Nowhere', orgId: 1 } }),
        400,
        400,
        /Unknown org/,
      );
      assertError(await call('POST', '/__sandbox/brands', { body: { orgId: SECOND_ORG_ID } }), 400, 400, /Brand name/);
      assertError(
        await call('POST', '/__sandbox/rewards', { body: { brandId: 99, name: 'X' } }),
        400,
        400,
        /Unknown brand: 99/,
      );
      assertError(
        await call('POST', '/__sandbox/seed-rewards', { body: { brandId: 1, count: 100_001 } }),
        400,
        400,
        /count/,
      );
      assertError(
        await call('POST', '/__sandbox/seed-rewards', { body: { brandId: 1, count: 1, groupNames: 'Gold' } }),
        400,
        400,
        /groupNames/,
      );
      assertError(await call('GET', '/__sandbox/rewards?brand=abc'), 400, 400, /Unknown brand/);

      assert.equal((await call('POST', '/__sandbox/remove-brands', { body: { orgId: SECOND_ORG_ID } })).status, 200);
      assert.deepEqual(sandbox.brands(SECOND_ORG_ID), []);
      assertError(await call('GET', '/__sandbox/rewards?brand=4'), 400, 400, /Unknown brand: 4/);
      assert.equal(
        (await call('POST', '/__sandbox/remove-brands', { body: {} })).status,
        200,
        'default: the first org',
      );
      assert.deepEqual((await call('GET', '/__sandbox/rewards')).json, []);
      assert.equal(sandbox.requests.length, 1, 'control requests are not recorded');
    });

    it('counts reward reads against the rate limit, with the group requests of the same account', async () => {
      clockMs = Date.now();
      sandbox.setRateLimit(3);
      assert.equal((await api('GET', `${P}/group`)).status, 200);
      assert.equal((await brandsOf({ orgIds: [SANDBOX_ORG_ID] })).status, 200);
      assert.equal((await rewardsOf(1)).status, 200);
      assertError(await rewardsOf(1), 429, 429, 'Too many requests: 3 per minute allowed');
      assertError(await brandsOf({ orgIds: [SANDBOX_ORG_ID] }), 429, 429);
      assert.equal((await rewardsOf(3, '', UAT_AUTH)).status, 200, 'another account');
    });

    it('answers an injection on a rewards path, then as usual', async () => {
      sandbox.inject({ status: 502, body: '', pathIncludes: '/brand/getAll', times: 1 });
      assert.equal((await brandsOf({ orgIds: [SANDBOX_ORG_ID] })).status, 502);
      assert.equal((await brandsOf({ orgIds: [SANDBOX_ORG_ID] })).status, 200);
      assert.deepEqual(
        sandbox.requests.map((r) => r.status),
        [502, 200],
      );
    });
  });

  describe('list faults and seeded brands', () => {
    const rewardsOf = (brandId: number, q = '') =>
      api<RewardAnswer>('GET', `${P2}/reward/list/brand/${brandId}${q ? `?${q}` : ''}`);

    it('seedBrands() adds numbered brands after the existing ones, each with its seeded rewards; POST /__sandbox/seed-brands does the same', async () => {
      const added = sandbox.seedBrands({ count: 3, rewardsPerBrand: 4, groupNames: ['VIP Gold'] });
      assert.deepEqual(
        added.map((brand) => [brand.id, brand.brand]),
        [
          [4, 'Seed Brand 003'],
          [5, 'Seed Brand 004'],
          [6, 'Seed Brand 005'],
        ],
      );
      assert.equal(sandbox.brands().length, 5);
      for (const brand of added) assert.equal(sandbox.rewards(brand.id).length, 4);
      const r = await call<SandboxBrand[]>('POST', '/__sandbox/seed-brands', {
        body: { count: 2, orgId: SECOND_ORG_ID },
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(
        r.json.map((brand) => brand.brand),
        ['Seed Brand 002', 'Seed Brand 003'],
      );
      assert.equal(sandbox.brands(SECOND_ORG_ID).length, 3);
      assert.throws(() => sandbox.seedBrands({ count: -1 }), /count must be an integer between 0 and 10000/);
    });

    it('growingTotal: every group page is full and counts a page more than the last, past the stored groups; nothing is stored', async () => {
      for (let i = 1; i <= 3; i++) sandbox.addGroup({ name: `Stored ${i}`, rank: i });
      sandbox.setListFault({ growingTotal: true, lists: 'groups' });
      const totals: number[] = [];
      for (let page = 0; page < 3; page++) {
        const r = await api<ListAnswer>('GET', `${P}/group?page=${page}&size=2`);
        assert.equal(r.json.groupRoList.length, 2);
        assert.equal(r.json.pagingDto.last, false);
        totals.push(r.json.pagingDto.totalElements);
      }
      assert.deepEqual(totals, [7, 9, 11]);
      const first = await api<ListAnswer>('GET', `${P}/group?page=0&size=2`);
      assert.deepEqual(
        first.json.groupRoList.map((g) => g.name),
        ['Stored 1', 'Stored 2'],
      );
      const past = await api<ListAnswer>('GET', `${P}/group?page=4&size=2`);
      assert.deepEqual(
        past.json.groupRoList.map((g) => g.name),
        ['Growing Group 6', 'Growing Group 7'],
      );
      assert.equal(sandbox.groups().length, 3, 'nothing is stored');
      // Rewards are not affected by a groups-only fault.
      assert.equal((await rewardsOf(1, 'groupName=VIP%20Gold')).json.pagingDto.totalElements, 0);
      sandbox.setListFault({ growingTotal: true, lists: 'rewards' });
      const rewards = await rewardsOf(1, 'groupName=VIP%20Gold&size=3&page=1');
      assert.deepEqual(
        [rewards.json.rewardList.length, rewards.json.pagingDto.totalElements, rewards.json.pagingDto.last],
        [3, 9, false],
      );
      assert.deepEqual(rewards.json.rewardList[0]!.groups, [{ groupName: 'VIP Gold', groupRank: null }]);
      assert.deepEqual(sandbox.rewards(1), []);
    });

    it('paging omit leaves pagingDto out, partial keeps only number and size; reset() and {} clear the fault', async () => {
      sandbox.addGroup({ name: 'One' });
      sandbox.setListFault({ paging: 'omit' });
      const omitted = await api<ListAnswer>('GET', `${P}/group?size=5`);
      assert.deepEqual(Object.keys(omitted.json).sort(), ['groupRoList', 'status']);
      assert.equal(omitted.json.groupRoList.length, 1);
      assert.deepEqual(Object.keys((await rewardsOf(1)).json).sort(), ['rewardList', 'status']);
      const r = await call('POST', '/__sandbox/list-fault', { body: { paging: 'partial', lists: 'groups' } });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual((await api<ListAnswer>('GET', `${P}/group?page=1&size=5`)).json.pagingDto, {
        number: 1,
        size: 5,
      });
      assert.equal((await rewardsOf(1)).json.pagingDto.last, true, 'rewards are whole again');
      await call('POST', '/__sandbox/list-fault', { body: {} });
      assert.equal((await api<ListAnswer>('GET', `${P}/group`)).json.pagingDto.totalElements, 1);
      sandbox.setListFault({ paging: 'omit' });
      sandbox.reset();
      assert.ok((await api<ListAnswer>('GET', `${P}/group`)).json.pagingDto);
      assertError(
        await call('POST', '/__sandbox/list-fault', { body: { paging: 'sometimes' } }),
        400,
        400,
        'paging must be "omit" or "partial"',
      );
      assert.throws(
        () => sandbox.setListFault({ growingTotal: 'yes' as unknown as boolean }),
        /growingTotal must be a boolean/,
      );
    });
  });

  describe('close()', () => {
    it('does not hang on open keep-alive sockets or pending delayed answers', async () => {
      const other = await Sandbox.start();
      other.inject({ status: 200, body: '{}', delayMs: 60_000 });
      const pending = fetch(`${other.url}/anything`).then(
        () => 'answered',
        () => 'failed',
      );
      await fetch(`${other.url}/__sandbox/groups`).then((r) => r.text());
      await new Promise((resolve) => setTimeout(resolve, 50));
      await other.close();
      assert.equal(await pending, 'failed');
      await assert.rejects(fetch(`${other.url}/__sandbox/groups`));
    });
  });

  describe('seeding', () => {
    let seeded: Sandbox | undefined;
    afterEach(async () => {
      await seeded?.close();
      seeded = undefined;
    });

    // Speed is measured by the benchmark, not asserted here: this checks content only.
    it('seeds 10,000 varied groups and lists them with every sort and filter', async () => {
      seeded = await Sandbox.start({ seedGroups: 10_000 });
      const groups = seeded.groups();
      assert.equal(groups.length, 10_000);
      assert.equal(groups[0]!.name, 'Seed Group 00001');
      assert.equal(groups[9999]!.name, 'Seed Group 10000');
      assert.equal(groups[0]!.id, 2412);
      assert.equal(groups.filter((g) => g.rank === null).length, 1428, 'every 7th rank is null');
      assert.ok(new Set(groups.map((g) => g.rank)).size > 10, 'ranks vary');
      const inactive = groups.filter((g) => !g.isActive).length;
      assert.equal(inactive, 2000, 'every 5th is inactive');
      const now = Date.now();
      assert.ok(groups.every((g) => g.createdOn < now && g.lastUpdatedOn >= g.createdOn && g.lastUpdatedOn <= now));
      assert.ok(new Set(groups.map((g) => g.createdOn)).size > 1000, 'created times are spread');
      assert.deepEqual(
        groups.map((g) => g.createdOnDateTime),
        groups.map((g) => new Date(g.createdOn).toISOString().replace(/\.\d{3}Z$/, 'Z')),
      );

      const url = (q: string): string => `${seeded!.url}${P}/group?${q}`;
      const queries = [
        'page=500&size=10',
        'sortOn=RANK&orderBy=DESC&page=3&size=100',
        'sortOn=LAST_UPDATED_ON&page=999',
        'active=false&name=group%2000&size=1000',
      ];
      const replies: ListAnswer[] = [];
      for (const q of queries) {
        const res = await fetch(url(q), { headers: DEMO_AUTH });
        assert.equal(res.status, 200, q);
        replies.push((await res.json()) as ListAnswer);
      }
      assert.deepEqual(replies[0]!.pagingDto, {
        first: false,
        last: false,
        number: 500,
        size: 10,
        numberOfElements: 10,
        totalElements: 10_000,
        totalPages: 1000,
      });
      const sameByRank = (await (
        await fetch(url('sortOn=RANK&page=500&size=10'), { headers: DEMO_AUTH })
      ).json()) as ListAnswer;
      assert.deepEqual(replies[0]!.groupRoList, sameByRank.groupRoList, 'without sortOn, sorted by rank');
      const ranks = replies[1]!.groupRoList.map((g) => g.rank);
      assert.equal(ranks.length, 100);
      assert.equal(ranks.includes(null), false, 'null ranks sort last');
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => b! - a!),
        'ranks descending',
      );
      assert.equal(replies[2]!.pagingDto.last, true);
      // Inactive (every 5th) and named 'Seed Group 00…' (below 1000): 5, 10, … 995, by rank.
      const inactiveMatches = replies[3]!.groupRoList;
      assert.deepEqual(
        inactiveMatches.map((g) => g.name).sort(),
        Array.from({ length: 199 }, (_, i) => `Seed Group ${String((i + 1) * 5).padStart(5, '0')}`),
      );
      assert.ok(inactiveMatches.every((g) => !g.isActive));
      const ranked = inactiveMatches.map((g) => g.rank ?? Infinity);
      assert.deepEqual(
        ranked,
        [...ranked].sort((a, b) => a - b),
        'by rank, unranked last',
      );
    });
  });

  describe('seeding rewards', () => {
    // Content only, as for groups; the page times are for the record (a page reads the brand's index, not every reward).
    it('seeds 10,000 rewards in one brand and 2,000 in each of five more, and pages them by group name', async () => {
      const groupNames = ['VIP Gold', 'VIP Silver', 'Bronze', 'Platinum'];
      sandbox.seedRewards({ brandId: 1, count: 10_000, groupNames });
      const brands = Array.from({ length: 5 }, (_, i) => sandbox.addBrand({ name: `Brand ${i}` }));
      for (const brand of brands) sandbox.seedRewards({ brandId: brand.id, count: 2000, groupNames: ['A', 'B'] });
      assert.equal(sandbox.rewards().length, 20_000);
      assert.equal(sandbox.rewards(1).at(-1)!.id, FIRST_REWARD_ID + 9999);

      const get = async (brandId: number, q: string): Promise<RewardAnswer> => {
        const res = await fetch(`${sandbox.url}${P2}/reward/list/brand/${brandId}?${q}`, { headers: DEMO_AUTH });
        assert.equal(res.status, 200, q);
        return (await res.json()) as RewardAnswer;
      };
      const inGold: SandboxReward[] = [];
      for (let page = 0; ; page++) {
        const answer = await get(1, `groupName=vip%20gold&size=1000&page=${page}`);
        inGold.push(...answer.rewardList);
        if (answer.pagingDto.last) {
          assert.deepEqual(answer.pagingDto, {
            first: false,
            last: true,
            number: 2,
            size: 1000,
            numberOfElements: 500,
            totalElements: 2500,
            totalPages: 3,
          });
          break;
        }
      }
      assert.equal(new Set(inGold.map((r) => r.id)).size, 2500);
      assert.ok(inGold.every((r) => r.groups[0]!.groupName === 'VIP Gold'));
      const ranked = inGold.filter((r) => r.groups[0]!.groupRank !== null);
      assert.equal(ranked.length, 2500 - 416, 'every 6th in a group is unranked');
      assert.deepEqual(inGold.slice(0, ranked.length), ranked, 'ranked first');
      assert.deepEqual(
        ranked.map((r) => r.groups[0]!.groupRank),
        ranked.map((r) => r.groups[0]!.groupRank).sort((a, b) => a! - b!),
      );
      const unranked = inGold.slice(ranked.length);
      for (let i = 1; i < unranked.length; i++) {
        const [a, b] = [unranked[i - 1]!, unranked[i]!];
        assert.ok(
          a.lastUpdatedOn > b.lastUpdatedOn || (a.lastUpdatedOn === b.lastUpdatedOn && a.id < b.id),
          `unranked newest first, then id: ${a.id}, ${b.id}`,
        );
      }

      const ended = await get(1, 'groupName=Bronze&rewardStatus=ENDED&size=50&page=10');
      assert.equal(ended.pagingDto.totalElements, 833);
      assert.ok(
        ended.rewardList.length === 50 &&
          ended.rewardList.every((r) => r.status === 'ENDED' && r.groups[0]!.groupName === 'Bronze'),
      );
      const last = await get(1, 'page=99&size=100');
      assert.deepEqual(
        [last.rewardList[0]!.id, last.rewardList.at(-1)!.id, last.pagingDto.last],
        [FIRST_REWARD_ID + 9900, FIRST_REWARD_ID + 9999, true],
      );
      for (const brand of brands) {
        const page = await get(brand.id, 'groupName=B&page=9&size=100');
        assert.deepEqual([page.pagingDto.totalElements, page.rewardList.length], [1000, 100]);
        assert.ok(page.rewardList.every((r) => r.brandId === brand.id));
      }
      const listed = await call<BrandAnswer>('POST', `${P2}/brand/getAll`, {
        headers: DEMO_AUTH,
        body: { orgIds: [SANDBOX_ORG_ID] },
      });
      assert.deepEqual(
        listed.json.brandList.map((b) => b.id),
        [1, 2, 4, 5, 6, 7, 8],
      );
    });
  });

  describe('command line', () => {
    it('starts, prints the banner, logs requests without secrets and stops on SIGTERM', async function () {
      const cli = path.resolve(__dirname, '../sandbox/cli.js');
      assert.ok(fs.existsSync(cli), `${cli} is missing: build with 'node esbuild.js --tests' first`);
      const child = spawn(process.execPath, [cli, '--port', '0', '--seed', '3', '--token-ttl', '60'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        // Output arrives in chunks: wait for what is expected rather than for a fixed time.
        const waitFor = async (pattern: RegExp) => {
          const deadline = Date.now() + 5000;
          while (!pattern.test(out)) {
            if (Date.now() > deadline) throw new Error(`no ${pattern} in: ${out}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        };
        await waitFor(/Press Ctrl\+C/);
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
        assert.match(out, /demo\.till \/ demo123/);
        assert.match(out, /demo-key \/ demo-secret/);
        assert.match(out, /capillaryRewards\.host/);
        const tokenReply = await fetch(`${url}/v3/oauth/token/generate`, {
          method: 'POST',
          body: JSON.stringify(DEMO_CREDENTIALS.oauth),
        });
        const accessToken = ((await tokenReply.json()) as { data: { accessToken: string; ttlSeconds: number } }).data
          .accessToken;
        const res = await fetch(`${url}${P}/group`, { headers: { 'X-CAP-API-OAUTH-TOKEN': accessToken } });
        const body = (await res.json()) as { pagingDto: { totalElements: number } };
        assert.equal(body.pagingDto.totalElements, 3);
        const requestId = res.headers.get('x-cap-requestid')!;
        const basicRes = await fetch(`${url}${P}/group/create`, {
          method: 'POST',
          headers: DEMO_AUTH,
          body: JSON.stringify({ name: 'secret-body-text' }),
        });
        assert.equal(basicRes.status, 200);
        await waitFor(new RegExp(`POST ${P}/group/create 200 `));
        assert.match(out, new RegExp(`GET ${P}/group 200 \\d+ms ${requestId}`));
        assert.ok(!out.includes(accessToken), 'token printed');
        assert.ok(!out.includes(DEMO_AUTH.Authorization.slice(6)), 'Authorization printed');
        assert.ok(!out.includes('secret-body-text'), 'body printed');
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    });

    it('seeds the second org with --seed-second and prints its till and OAuth client', async function () {
      const cli = path.resolve(__dirname, '../sandbox/cli.js');
      assert.ok(fs.existsSync(cli), `${cli} is missing: build with 'node esbuild.js --tests' first`);
      const bad = spawnSync(process.execPath, [cli, '--seed-second', 'many'], { encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--seed-second: invalid value "many"/);
      assert.match(bad.stderr, /--seed-second N +create N sample groups in the second org \(100458\)/);

      const child = spawn(process.execPath, [cli, '--port', '0', '--seed', '1', '--seed-second', '2'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const deadline = Date.now() + 5000;
        while (!/Press Ctrl\+C/.test(out)) {
          if (Date.now() > deadline) throw new Error(`no banner in: ${out}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
        assert.match(out, /demo\.till \/ demo123/);
        assert.match(out, /100458.*uat\.till \/ uat123/);
        assert.match(out, /100458.*uat-key \/ uat-secret/);
        assert.match(out, /Seeded 1 groups\./);
        assert.match(out, /Seeded 2 groups in the second org\./);
        const list = async (headers: Record<string, string>): Promise<ListAnswer> =>
          (await (await fetch(`${url}${P}/group`, { headers })).json()) as ListAnswer;
        const uat = await list(UAT_AUTH);
        assert.deepEqual(uat.groupRoList.map((g) => g.id).sort(), [5101, 5102]);
        assert.ok(uat.groupRoList.every((g) => g.orgId === 100458));
        assert.equal((await list(DEMO_AUTH)).pagingDto.totalElements, 1);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    });

    it("adds --seed-rewards N rewards to each brand of the first org over its groups' names", async function () {
      const cli = path.resolve(__dirname, '../sandbox/cli.js');
      assert.ok(fs.existsSync(cli), `${cli} is missing: build with 'node esbuild.js --tests' first`);
      const bad = spawnSync(process.execPath, [cli, '--seed-rewards', '-1'], { encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--seed-rewards: invalid value "-1"/);
      assert.match(
        bad.stderr,
        /--seed-rewards N +add N rewards to each brand of the first org, spread over its groups' names \(default 0\)/,
      );

      const child = spawn(process.execPath, [cli, '--port', '0', '--seed', '2', '--seed-rewards', '3'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const deadline = Date.now() + 5000;
        while (!/Press Ctrl\+C/.test(out)) {
          if (Date.now() > deadline) throw new Error(`no banner in: ${out}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.match(out, /Seeded 3 rewards in each of BUKL, BUKL Kids, over 2 group names\./);
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
        const list = async (brandId: number, q: string): Promise<RewardAnswer> =>
          (await (
            await fetch(`${url}${P2}/reward/list/brand/${brandId}?${q}`, { headers: DEMO_AUTH })
          ).json()) as RewardAnswer;
        for (const brandId of [1, 2]) {
          assert.equal((await list(brandId, '')).pagingDto.totalElements, 3);
          assert.deepEqual(
            (await list(brandId, 'groupName=Seed%20Group%2000001')).rewardList.map((r) => r.groups[0]!.groupRank),
            [1, 2],
          );
        }
        assert.equal((await list(3, '')).pagingDto, undefined, "the second org's brand is not demo.till's");
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    });

    it('limits each account with --rate-limit and refuses a bad value', async function () {
      const cli = path.resolve(__dirname, '../sandbox/cli.js');
      assert.ok(fs.existsSync(cli), `${cli} is missing: build with 'node esbuild.js --tests' first`);
      for (const [value, message] of [
        ['0', /--rate-limit must be greater than 0/],
        ['lots', /--rate-limit: invalid value "lots"/],
        ['2.5', /--rate-limit: invalid value "2.5"/],
      ] as const) {
        const bad = spawnSync(process.execPath, [cli, '--rate-limit', value], { encoding: 'utf8' });
        assert.equal(bad.status, 2, value);
        assert.match(bad.stderr, message);
        assert.match(bad.stderr, /--rate-limit N +answer 429 past N group requests per account in any minute/);
      }

      const child = spawn(process.execPath, [cli, '--port', '0', '--rate-limit', '1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const waitFor = async (pattern: RegExp) => {
          const deadline = Date.now() + 5000;
          while (!pattern.test(out)) {
            if (Date.now() > deadline) throw new Error(`no ${pattern} in: ${out}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        };
        await waitFor(/Press Ctrl\+C/);
        assert.match(out, /Rate limit: 1 group requests per minute per account/);
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
        const get = (headers: Record<string, string>) => fetch(`${url}${P}/group`, { headers });
        assert.equal((await get(DEMO_AUTH)).status, 200);
        const refused = await get(DEMO_AUTH);
        assert.equal(refused.status, 429);
        // Real time passes between the two requests: a slow machine may already be a second on.
        assert.match(refused.headers.get('retry-after') ?? '', /^(59|60)$/);
        assert.equal((await get(UAT_AUTH)).status, 200);
        await waitFor(new RegExp(`GET ${P}/group 429 `));
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    });
  });
});
