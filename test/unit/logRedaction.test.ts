import { strict as assert } from 'assert';
import { formatRequestLine, RedactingLogger } from '../../src/foundation/log';

describe('log redaction', () => {
  it('scrubs Authorization values, tokens, JWTs and every registered secret', () => {
    const lines: string[] = [];
    const log = new RedactingLogger({
      info: (l) => lines.push(l),
      warn: (l) => lines.push(l),
      error: (l) => lines.push(l),
    });
    log.setSecrets('a connection', ['hunter2-password']);
    log.info('Authorization: Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3');
    log.warn('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl here');
    log.error('failed with hunter2-password inside');
    log.info('{"key":"demo-key","secret":"demo-secret","accessToken":"abc.def"}');
    assert.ok(
      lines.every((line) => !/c3RvcmUu|eyJhbGci|hunter2|demo-secret|abc\.def/.test(line)),
      lines.join('\n'),
    );
    // The scheme word goes too: the header rule takes what follows 'Authorization:', the Basic rule the rest.
    assert.deepEqual(lines, [
      'Authorization: ‹redacted› ‹redacted›',
      'token ‹redacted› here',
      'failed with ‹redacted› inside',
      '{"key":"demo-key","secret":‹redacted›,"accessToken":‹redacted›}',
    ]);
    assert.match(lines[3]!, /"key":"demo-key"/, 'non-secret values stay readable');
  });

  it('formats one request line with method, URL, status, duration and request id', () => {
    assert.equal(
      formatRequestLine({
        method: 'POST',
        origin: 'https://eu.api.capillarytech.com',
        path: '/api_gateway/core/v1/group/create',
        status: 200,
        durationMs: 42,
        requestId: 'abc-1',
      }),
      'POST https://eu.api.capillarytech.com/api_gateway/core/v1/group/create → 200 in 42 ms [X-Cap-Requestid abc-1]',
    );
    assert.equal(
      formatRequestLine({ method: 'GET', origin: 'https://h', path: '/g', durationMs: 5, failure: 'ECONNREFUSED' }),
      'GET https://h/g → failed (ECONNREFUSED) in 5 ms',
    );
  });
});
