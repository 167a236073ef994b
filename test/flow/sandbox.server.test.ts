// Tests of the local Capillary sandbox (test/sandbox/) over real HTTP, against the behaviour
// written in docs/capillary-api.md: the server itself: start, request ids and unknown paths, close().

import { strict as assert } from 'assert';
import { DEMO_CREDENTIALS, Sandbox } from '../sandbox/server';
import { P, REQUEST_ID, api, assertError, call, sandbox, token, useSandbox } from './sandbox.support';

describe('Capillary sandbox: server', function () {
  this.timeout(10_000);
  useSandbox();

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
});
