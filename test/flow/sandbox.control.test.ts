// Tests of the local Capillary sandbox (test/sandbox/) over real HTTP, against the behaviour
// written in docs/capillary-api.md: the test-control side: recorded requests, control endpoints and the command line.

import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEMO_CREDENTIALS, type RecordedRequest } from '../sandbox/server';
import {
  P,
  P2,
  DEMO_AUTH,
  UAT_AUTH,
  api,
  assertError,
  call,
  create,
  sandbox,
  token,
  useSandbox,
  type ListAnswer,
  type RewardAnswer,
  type TokenAnswer,
} from './sandbox.support';

describe('Capillary sandbox: control', function () {
  this.timeout(10_000);
  useSandbox();

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
