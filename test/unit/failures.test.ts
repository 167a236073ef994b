import { strict as assert } from 'assert';
import { CapillaryError, type CapillaryErrorDetails } from '../../src/api/errors';
import { describeFailure } from '../../src/messages/failures';
import { KeychainError } from '../../src/foundation/credentials';
import { editorWords } from '../../src/ui/editorWords';

const origin = 'https://eu.api.capillarytech.com';
const base: Omit<CapillaryErrorDetails, 'kind'> = {
  method: 'POST',
  origin,
  path: '/api_gateway/core/v1/group/create',
  requestId: 'req-1',
};
const context = { origin, doing: "create the group 'Gold'", name: 'Gold' };

describe('failure messages', () => {
  const cases: { name: string; error: unknown; message: RegExp; actions: string[] }[] = [
    {
      name: 'duplicate name',
      error: new CapillaryError({
        ...base,
        kind: 'http',
        status: 400,
        code: 12012,
        serverMessage: 'Group name must be unique',
      }),
      message:
        /^A group named 'Gold' already exists on eu\.api\.capillarytech\.com\. Choose another name\. \(Request ID req-1\)$/,
      actions: ['Retry'],
    },
    {
      name: 'an answer over the size limit',
      error: new CapillaryError({ ...base, kind: 'too-large', status: 200, limitBytes: 4 * 1024 * 1024 }),
      message:
        /^eu\.api\.capillarytech\.com sent more than 4 MiB in answer while trying to create the group 'Gold'; the rest was not read\. .* \(Request ID req-1\)$/,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'expired token',
      error: new CapillaryError({ ...base, kind: 'http', status: 498 }),
      message: /refused to create the group 'Gold': the access token expired \(HTTP 498\)\. Sign in again\./,
      actions: ['Sign In', 'Show Log'],
    },
    {
      name: 'rejected credentials',
      error: new CapillaryError({ ...base, kind: 'http', status: 401, code: 401 }),
      message: /the credentials were rejected \(HTTP 401\)\. Sign in again\./,
      actions: ['Sign In', 'Show Log'],
    },
    {
      name: 'access group',
      error: new CapillaryError({ ...base, kind: 'http', status: 403, code: 4000 }),
      message:
        /^Access denied on eu\.api\.capillarytech\.com: your till or API client may not manage reward groups \(Capillary code 4000\)/,
      actions: ['Retry', 'Sign In', 'Show Log'],
    },
    {
      name: 'rate limit',
      error: new CapillaryError({ ...base, kind: 'http', status: 429, retryAfterSeconds: 42 }),
      message: /rate-limiting requests \(HTTP 429\)\. Wait 42 s, then try again\./,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'wrong prefix',
      error: new CapillaryError({ ...base, kind: 'http', status: 404, code: 404, serverMessage: 'Not Found' }),
      message: /has no \/api_gateway\/core\/v1\/group\/create \(HTTP 404\)\. Check capillaryRewards\.apiPrefix/,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'server error',
      error: new CapillaryError({ ...base, kind: 'http', status: 500, code: 5001, serverMessage: 'Internal failure' }),
      message: /^Could not create the group 'Gold': Internal failure \(HTTP 500, code 5001\)\./,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'gateway page',
      error: new CapillaryError({ ...base, kind: 'not-capillary', status: 502 }),
      message: /^HTTP 502 from eu\.api\.capillarytech\.com, not a Capillary answer/,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'redirect',
      error: new CapillaryError({ ...base, kind: 'redirect', status: 302, location: 'https://evil.example/login' }),
      message:
        /redirected the request to https:\/\/evil\.example\/login\. It was not followed, so your credentials stayed with eu\.api\.capillarytech\.com/,
      actions: ['Select Cluster', 'Show Log'],
    },
    {
      name: 'unexpected JSON',
      error: new CapillaryError({
        ...base,
        kind: 'invalid-response',
        status: 200,
        serverMessage: 'the answer is not a group object (no id or name)',
      }),
      message: /does not understand \(the answer is not a group object.*\) while trying to .*try again/,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'unreachable',
      error: new CapillaryError({ ...base, kind: 'network', cause: 'getaddrinfo ENOTFOUND eu.api.capillarytech.com' }),
      message: /^Could not reach eu\.api\.capillarytech\.com to create the group 'Gold': getaddrinfo ENOTFOUND/,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'TLS',
      error: new CapillaryError({ ...base, kind: 'network', cause: 'CERT_HAS_EXPIRED: certificate has expired' }),
      message: /CERT_HAS_EXPIRED: certificate has expired\. Check the cluster URL/,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'timeout',
      error: new CapillaryError({ ...base, kind: 'timeout', cause: 'no answer within 30 s' }),
      message: /did not answer in time \(no answer within 30 s\).*raise capillaryRewards\.requestTimeoutSeconds/,
      actions: ['Retry', 'Show Log'],
    },
    {
      name: 'keychain',
      error: new KeychainError('save', new Error('locked')),
      message: /^The OS keychain could not save the credentials: locked\. Nothing was stored in plain text\.$/,
      actions: ['Show Log'],
    },
    {
      name: 'anything else',
      error: new TypeError('boom'),
      message: /^Could not create the group 'Gold': boom$/,
      actions: ['Show Log'],
    },
  ];
  for (const c of cases) {
    it(`explains ${c.name}`, () => {
      const failure = describeFailure(c.error, context, editorWords);
      assert.ok(failure);
      assert.match(failure.message, c.message);
      assert.deepEqual(failure.actions, c.actions);
    });
  }

  it('says nothing for a cancel', () => {
    assert.equal(describeFailure(new CapillaryError({ ...base, kind: 'cancelled' }), context, editorWords), undefined);
  });

  it('blames the typed credentials while signing in', () => {
    const failure = describeFailure(
      new CapillaryError({ ...base, kind: 'http', status: 401, serverMessage: 'Unauthorized' }),
      {
        ...context,
        signingIn: { method: 'oauth', user: 'key-1' },
      },
      editorWords,
    );
    assert.match(
      failure!.message,
      /rejected the client key or secret \(HTTP 401: Unauthorized\)\. Check them and try again\./,
    );
    assert.deepEqual(failure!.actions, ['Retry', 'Show Log']);
  });
});
