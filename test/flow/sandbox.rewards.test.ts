// Tests of the local Capillary sandbox (test/sandbox/) over real HTTP, against the behaviour
// written in docs/capillary-api.md: the brands and rewards endpoints and seeding rewards.

import { strict as assert } from 'assert';
import {
  DEFAULT_BRANDS,
  DEMO_CREDENTIALS,
  FIRST_REWARD_ID,
  SANDBOX_ORG_ID,
  SECOND_ORG_ID,
  type SandboxBrand,
  type SandboxReward,
} from '../sandbox/server';
import {
  P,
  P2,
  UNAUTHORIZED,
  ISO_SECONDS,
  REQUEST_ID,
  DEMO_AUTH,
  UAT_AUTH,
  api,
  assertError,
  basic,
  call,
  sandbox,
  useSandbox,
  type BrandAnswer,
  type Reply,
  type RewardAnswer,
} from './sandbox.support';

describe('Capillary sandbox: rewards', function () {
  this.timeout(10_000);
  /** The sandbox's clock for token expiry and the rate limit: real time unless a test sets it. */
  let clockMs: number | undefined;
  useSandbox(
    () => clockMs ?? Date.now(),
    () => (clockMs = undefined),
  );

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
});
