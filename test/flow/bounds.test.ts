// Answers larger than the client will hold: a gzip bomb, a huge plain body, a list longer than the
// page asked for. Over real HTTP against the sandbox, which streams such answers without holding them.
import { strict as assert } from 'assert';
import { md5Hex } from '../../src/api/auth';
import { createGroupsClient } from '../../src/api/client';
import { CapillaryError } from '../../src/api/errors';
import { MAX_BODY_BYTES } from '../../src/api/http';
import type { Credentials } from '../../src/api/types';
import { refresh } from '../../src/commands/refresh';
import { describeFailure } from '../../src/messages/failures';
import { DEMO_CREDENTIALS, type Sandbox, type SandboxGroup } from '../sandbox/server';
import { demoBasic, flowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';
import { failure } from '../support/answers';
import { editorWords } from '../../src/ui/editorWords';

const PREFIX = '/api_gateway/core/v1';
const MiB = 1024 * 1024;
/** How much more memory a refused answer may take while it is refused: a size, not a time. */
const MEMORY_BOUND = 64 * MiB;
const basic: Credentials = {
  method: 'basic',
  username: DEMO_CREDENTIALS.basic.username,
  passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password),
};

/**
 * Runs `call` and reports the most the process's memory grew while it ran, sampled as often as
 * the event loop allows: resident set, and heap plus buffers.
 */
async function peakGrowth<T>(call: () => Promise<T>): Promise<{ result: T; rss: number; heap: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed + m.external };
  };
  const before = used();
  const peak = { ...before };
  const sample = () => {
    const now = used();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heap);
  };
  const sampler = setInterval(sample, 1);
  try {
    const result = await call();
    return { result, rss: peak.rss - before.rss, heap: peak.heap - before.heap };
  } finally {
    clearInterval(sampler);
    sample();
  }
}

function group(id: number): SandboxGroup {
  return {
    id,
    orgId: 100737,
    name: `Group ${id}`,
    rank: id % 10,
    isActive: true,
    createdBy: 75155282,
    createdOn: 1742180327987,
    createdOnDateTime: '2025-03-17T02:58:47Z',
    lastUpdatedBy: 75155282,
    lastUpdatedOn: 1742180327987,
    lastUpdatedOnDateTime: '2025-03-17T02:58:47Z',
  };
}

function listBody(groups: SandboxGroup[], totalElements = groups.length): string {
  return JSON.stringify({
    status: { success: true, code: 12013, message: 'Get all groups fetched successfully' },
    groupRoList: groups,
    pagingDto: {
      first: true,
      last: false,
      number: 0,
      size: groups.length,
      numberOfElements: groups.length,
      totalElements,
      totalPages: 2,
    },
  });
}

describe('answers larger than the client holds (real HTTP)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let warnings: string[];
  const client = () =>
    createGroupsClient({
      origin: sandbox.url,
      apiPrefix: PREFIX,
      timeoutMs: 30_000,
      credentials: basic,
      onWarning: (text) => warnings.push(text),
    });
  const host = () => sandbox.url.replace(/[.]/g, '\\.');

  useSandbox({
    bind: (started) => (sandbox = started),
  });
  beforeEach(() => {
    warnings = [];
  });

  function assertTooLarge(error: CapillaryError, status: number): void {
    assert.equal(error.kind, 'too-large');
    assert.equal(error.status, status);
    assert.equal(error.limitBytes, MAX_BODY_BYTES);
    assert.match(
      error.message,
      new RegExp(
        `^${host()} sent more than 4 MiB in answer to GET ${host()}${PREFIX}/group\\?\\S+ \\(HTTP ${status}\\); the rest was not read$`,
      ),
    );
    const shown = describeFailure(error, { origin: sandbox.url, doing: 'list the groups' }, editorWords);
    assert.ok(shown, 'the failure is described, not taken for a cancel');
    assert.match(shown.message, /sent more than 4 MiB/);
    assert.match(shown.message, /127\.0\.0\.1:\d+/);
  }

  it('the limit is 4 MiB, counted after decompression', () => {
    assert.equal(MAX_BODY_BYTES, 4 * MiB);
  });

  it('the sandbox refuses malformed large-answer injections', () => {
    assert.throws(
      () => sandbox.inject({ status: 200, body: 'x', repeatBody: 0 }),
      /repeatBody must be a positive integer/,
    );
    assert.throws(
      () => sandbox.inject({ status: 200, body: 'x', repeatBody: 1.5 }),
      /repeatBody must be a positive integer/,
    );
    assert.throws(() => sandbox.inject({ status: 200, gzip: 'yes' as unknown as boolean }), /gzip must be a boolean/);
    assert.throws(() => sandbox.inject({ status: 200, chunked: 1 as unknown as boolean }), /chunked must be a boolean/);
    assert.throws(
      () => sandbox.inject({ status: 200, bodyPrefix: 5 as unknown as string }),
      /bodyPrefix must be a string/,
    );
    assert.throws(
      () => sandbox.inject({ status: 200, bodySuffix: null as unknown as string }),
      /bodySuffix must be a string/,
    );
    assert.throws(
      () => sandbox.inject({ status: 200, body: 'x'.repeat(MiB), repeatBody: 17 * 1024 }),
      /at most 17179869184 bytes in total/,
    );
  });

  it('the sandbox streams a repeated, gzipped body that inflates to exactly what was asked for', async () => {
    sandbox.inject({
      status: 200,
      pathIncludes: '/__probe',
      bodyPrefix: '[',
      body: '1,',
      repeatBody: 100_000,
      bodySuffix: '1]',
      gzip: true,
    });
    const response = await fetch(`${sandbox.url}/__probe`);
    assert.equal(response.headers.get('content-encoding'), 'gzip');
    assert.equal(response.headers.get('content-type'), 'application/json');
    const values = (await response.json()) as number[];
    assert.equal(values.length, 100_001);
  });

  it('refuses a gzip bomb (≈1 MB on the wire, 1 GiB inflated) once read past 4 MiB: sent once, memory stays small', async () => {
    sandbox.inject({
      status: 200,
      method: 'GET',
      pathIncludes: '/group?',
      gzip: true,
      body: '0'.repeat(MiB),
      repeatBody: 1024,
      headers: { 'content-type': 'application/json' },
    });
    const { result: error, rss, heap } = await peakGrowth(() => failure(() => client().list({ page: 0, size: 50 })));
    assertTooLarge(error, 200);
    assert.equal(sandbox.requests.length, 1, 'not retried: the same answer would come again');
    assert.ok(rss < MEMORY_BOUND, `resident memory grew by ${Math.round(rss / MiB)} MiB`);
    assert.ok(heap < MEMORY_BOUND, `heap and buffers grew by ${Math.round(heap / MiB)} MiB`);
  });

  it('refuses a 256 MiB plain body from its Content-Length, before reading it', async () => {
    sandbox.inject({ status: 200, method: 'GET', pathIncludes: '/group?', body: 'x'.repeat(MiB), repeatBody: 256 });
    const { result: error, rss, heap } = await peakGrowth(() => failure(() => client().list({ page: 0, size: 50 })));
    assertTooLarge(error, 200);
    assert.equal(sandbox.requests.length, 1);
    assert.ok(rss < MEMORY_BOUND, `resident memory grew by ${Math.round(rss / MiB)} MiB`);
    assert.ok(heap < MEMORY_BOUND, `heap and buffers grew by ${Math.round(heap / MiB)} MiB`);
  });

  it('refuses a 256 MiB plain body sent without Content-Length, once read past 4 MiB', async () => {
    sandbox.inject({
      status: 200,
      method: 'GET',
      pathIncludes: '/group?',
      body: 'x'.repeat(MiB),
      repeatBody: 256,
      chunked: true,
    });
    const { result: error, rss, heap } = await peakGrowth(() => failure(() => client().list({ page: 0, size: 50 })));
    assertTooLarge(error, 200);
    assert.equal(sandbox.requests.length, 1);
    assert.ok(rss < MEMORY_BOUND, `resident memory grew by ${Math.round(rss / MiB)} MiB`);
    assert.ok(heap < MEMORY_BOUND, `heap and buffers grew by ${Math.round(heap / MiB)} MiB`);
  });

  it('does not retry a GET whose too-large answer came with a 503, which is otherwise retried', async () => {
    sandbox.inject({
      status: 503,
      method: 'GET',
      pathIncludes: '/group?',
      gzip: true,
      body: ' '.repeat(MiB),
      repeatBody: 64,
      times: 3,
    });
    const error = await failure(() => client().list({ page: 0, size: 50 }));
    assertTooLarge(error, 503);
    assert.equal(sandbox.requests.length, 1);
  });

  it('reads an answer of exactly 4 MiB, plain or gzipped', async () => {
    const prefix = `${listBody([group(1)]).slice(0, -1)},"padding":"`;
    const suffix = '"}';
    const padding = MAX_BODY_BYTES - prefix.length - suffix.length;
    for (const gzip of [false, true]) {
      sandbox.inject({
        status: 200,
        method: 'GET',
        pathIncludes: '/group?',
        bodyPrefix: prefix,
        body: ' ',
        repeatBody: padding,
        bodySuffix: suffix,
        gzip,
      });
      const page = await client().list({ page: 0, size: 50 });
      assert.deepEqual(
        page.groups.map((g) => g.id),
        [1],
      );
    }
  });

  it('a list of 1,000,000 groups for a page of 50 passes the limit: refused, sent once, memory stays small', async () => {
    const one = JSON.stringify(group(7));
    sandbox.inject({
      status: 200,
      method: 'GET',
      pathIncludes: '/group?',
      bodyPrefix: '{"status":{"success":true,"code":12013,"message":"ok"},"groupRoList":[',
      body: `${one},`,
      repeatBody: 999_999,
      bodySuffix: `${one}],"pagingDto":{"first":true,"last":true,"number":0,"size":50,"numberOfElements":1000000,"totalElements":1000000,"totalPages":1}}`,
      gzip: true,
    });
    const { result: error, rss, heap } = await peakGrowth(() => failure(() => client().list({ page: 0, size: 50 })));
    assertTooLarge(error, 200);
    assert.equal(sandbox.requests.length, 1);
    assert.ok(rss < MEMORY_BOUND, `resident memory grew by ${Math.round(rss / MiB)} MiB`);
    assert.ok(heap < MEMORY_BOUND, `heap and buffers grew by ${Math.round(heap / MiB)} MiB`);
  });

  it('a list of 60 groups for a page of 50 is cut to the first 50, with a warning', async () => {
    const sixty = Array.from({ length: 60 }, (_, i) => group(i + 1));
    sandbox.inject({ status: 200, method: 'GET', pathIncludes: '/group?', body: listBody(sixty, 500) });
    const page = await client().list({ page: 0, size: 50 });
    assert.deepEqual(
      page.groups.map((g) => g.id),
      sixty.slice(0, 50).map((g) => g.id),
    );
    assert.equal(page.paging.numberOfElements, 50);
    assert.equal(page.paging.totalElements, 500);
    assert.deepEqual(warnings, [
      `${sandbox.url} sent 60 groups for a page of 50 (GET ${PREFIX}/group, page 0); only the first 50 are used`,
    ]);
  });

  it('a list of 50 groups for a page of 50 is taken whole, without a warning', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => group(i + 1));
    sandbox.inject({ status: 200, method: 'GET', pathIncludes: '/group?', body: listBody(fifty) });
    const page = await client().list({ page: 0, size: 50 });
    assert.equal(page.groups.length, 50);
    assert.deepEqual(warnings, []);
  });

  it('the Groups view keeps only the page it asked for, and the log says why (Session onWarning)', async () => {
    const env = flowEnv({ host: sandbox.url, pageSize: 50 });
    await env.credentials.save(sandbox.url, demoBasic);
    const sixty = Array.from({ length: 60 }, (_, i) => group(i + 1));
    sandbox.inject({ status: 200, method: 'GET', pathIncludes: '/group?', body: listBody(sixty, 60) });
    await refresh(env.deps);
    assert.equal(env.deps.list.get(sandbox.url)!.groups.length, 50);
    assert.deepEqual(
      env.logLines.filter((line) => line.includes('groups for a page')),
      [`warn ${sandbox.url} sent 60 groups for a page of 50 (GET ${PREFIX}/group, page 0); only the first 50 are used`],
    );
    env.ui.assertScriptUsed();
  });
});
