// Tests of the local Capillary sandbox (test/sandbox/) over real HTTP, against the behaviour
// written in docs/capillary-api.md: fault injection: injected answers and list faults.

import { strict as assert } from 'assert';
import { DEMO_CREDENTIALS, SECOND_ORG_ID, type SandboxBrand } from '../sandbox/server';
import {
  P,
  P2,
  REQUEST_ID,
  DEMO_AUTH,
  api,
  assertError,
  call,
  sandbox,
  useSandbox,
  type ErrorAnswer,
  type ListAnswer,
  type RewardAnswer,
} from './sandbox.support';

describe('Capillary sandbox: faults', function () {
  this.timeout(10_000);
  useSandbox();

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
});
