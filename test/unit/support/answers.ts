import { strict as assert } from 'assert';
import { CapillaryError } from '../../../src/api/errors';
import type { SandboxGroup } from '../../sandbox/server';

/**
 * A one-page list answer holding `groups`, for an injection that makes the sandbox's own groups
 * look different to the client (e.g. older than they are).
 */
export function listAnswer(groups: SandboxGroup[], size = 100): string {
  return JSON.stringify({
    status: { success: true, code: 12013, message: 'ok' },
    groupRoList: groups,
    pagingDto: { first: true, last: true, number: 0, size, numberOfElements: groups.length, totalElements: groups.length, totalPages: groups.length > 0 ? 1 : 0 },
  });
}

/** The group as the lookup will see it: created `ms` earlier than the sandbox recorded. */
export function olderBy(group: SandboxGroup, ms: number): SandboxGroup {
  return { ...group, createdOn: group.createdOn - ms };
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
