// Tests of the local Capillary sandbox (test/sandbox/) over real HTTP, against the behaviour
// written in docs/capillary-api.md: the group endpoints, the two orgs' groups and seeding.

import { strict as assert } from 'assert';
import {
  DEMO_CREDENTIALS,
  FIRST_GROUP_ID,
  SANDBOX_ORG_ID,
  SECOND_ORG_FIRST_GROUP_ID,
  SECOND_ORG_ID,
  Sandbox,
  USER_IDS,
  type RecordedRequest,
  type SandboxGroup,
} from '../sandbox/server';
import {
  TEST_VECTOR_HEADER,
  P,
  P2,
  UNAUTHORIZED,
  ISO_SECONDS,
  GROUP_KEYS,
  DEMO_AUTH,
  UAT_AUTH,
  UAT_COLLEAGUE_AUTH,
  api,
  assertError,
  basic,
  call,
  create,
  sandbox,
  useSandbox,
  type ErrorAnswer,
  type ListAnswer,
  type Reply,
  type TokenAnswer,
} from './sandbox.support';

describe('Capillary sandbox: groups', function () {
  this.timeout(10_000);
  useSandbox();

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
});
