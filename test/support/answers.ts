import { strict as assert } from 'assert';
import { CapillaryError } from '../../src/api/errors';
import { md5Hex } from '../../src/api/auth';
import { createGroupsClient } from '../../src/api/client';
import { DEMO_CREDENTIALS, type Sandbox, type SandboxGroup } from '../sandbox/server';

/**
 * A one-page list answer holding `groups`, for an injection that makes the sandbox's own groups
 * look different to the client (e.g. older than they are).
 */
function listAnswer(groups: SandboxGroup[], size = 100): string {
  return JSON.stringify({
    status: { success: true, code: 12013, message: 'ok' },
    groupRoList: groups,
    pagingDto: {
      first: true,
      last: true,
      number: 0,
      size,
      numberOfElements: groups.length,
      totalElements: groups.length,
      totalPages: groups.length > 0 ? 1 : 0,
    },
  });
}

/** The group as the lookup will see it: created `ms` earlier than the sandbox recorded. */
function olderBy(group: SandboxGroup, ms: number): SandboxGroup {
  return { ...group, createdOn: group.createdOn - ms };
}

/**
 * The name lookups matching `pathIncludes` (the next `times` of them) see `group` as created `ms`
 * earlier than the sandbox recorded: a group stored long before the create being judged.
 */
export function lookupSeesOlder(
  sandbox: Sandbox,
  group: SandboxGroup,
  ms: number,
  pathIncludes: string,
  times?: number,
): void {
  sandbox.inject({
    status: 200,
    pathIncludes,
    ...(times === undefined ? {} : { times }),
    body: listAnswer([olderBy(group, ms)]),
  });
}

/** Runs the call and returns the CapillaryError it must throw. */
export async function failure(call: () => Promise<unknown>): Promise<CapillaryError> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof CapillaryError, `expected a CapillaryError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded but was expected to fail');
}

/**
 * A colleague's own client, signed in as another till of the same org over real HTTP: by default
 * the sandbox's first org's colleague.
 */
export function colleagueClient(
  sandbox: Sandbox,
  till: { username: string; password: string } = DEMO_CREDENTIALS.colleague,
) {
  return createGroupsClient({
    origin: sandbox.url,
    apiPrefix: '/api_gateway/core/v1',
    timeoutMs: 5000,
    credentials: { method: 'basic', username: till.username, passwordMd5: md5Hex(till.password) },
  });
}
