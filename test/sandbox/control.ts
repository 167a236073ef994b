// The test-control endpoints under /__sandbox/ (never recorded, never rate-limited) and the hooks
// that run a test's action when a request arrives.

import { validateRateLimit, validateTtl } from './auth';
import {
  SANDBOX_ORG_ID,
  BadRequest,
  badRequest,
  json,
  matches,
  parseIntStrict,
  parseJsonObject,
  statusError,
  type Answer,
  type RequestMatch,
} from './common';
import { validateInjection, validateListFault } from './faults';
import { brandOrThrow } from './rewards';
import type { Sandbox } from './server';
import type { SandboxState } from './state';

export const CONTROL_PREFIX = '/__sandbox/';

/** A test's action waiting for the next request that matches. */
export type Hook = { match: RequestMatch; when: 'before' | 'after'; run: () => Promise<void> };

export function takeHook(state: SandboxState, method: string, rawUrl: string, body: string): Hook | undefined {
  const index = state.hooks.findIndex((hook) => matches(hook.match, method, rawUrl, body));
  return index < 0 ? undefined : state.hooks.splice(index, 1)[0];
}

export function handleControl(
  sandbox: Sandbox,
  state: SandboxState,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
): Answer {
  const ok = json(200, { ok: true });
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__sandbox/requests':
      return json(200, sandbox.requests);
    case 'GET /__sandbox/groups':
      // Extra: ?org=N lists that org's groups (default the first org).
      return json(200, sandbox.groups(state.orgFromQuery(query).orgId));
    case 'POST /__sandbox/groups': {
      // Extra: add a group without going through auth (same fields as addGroup, `org` included).
      const fields = parseJsonObject(body);
      try {
        return json(
          200,
          sandbox.addGroup(fields as { name: string; rank?: number | null; isActive?: boolean; org?: number }),
        );
      } catch (error) {
        return badRequest((error as Error).message);
      }
    }
    case 'POST /__sandbox/reset':
      sandbox.reset();
      return ok;
    case 'POST /__sandbox/expire-tokens':
      sandbox.expireTokens();
      return ok;
    case 'POST /__sandbox/revoke-tokens':
      sandbox.revokeTokens();
      return ok;
    case 'POST /__sandbox/clock': {
      // Extra: {"offsetMs": N} puts the server's clock N ms off the machine's.
      state.clockOffsetMs = validateOffset(parseJsonObject(body).offsetMs);
      return ok;
    }
    case 'POST /__sandbox/token-ttl': {
      state.ttlSeconds = validateTtl(parseJsonObject(body).seconds);
      return ok;
    }
    case 'POST /__sandbox/rate-limit': {
      // Extra: {"perMinute": N} limits each account to N group requests a minute, {"perMinute": null} lifts it.
      const fields = parseJsonObject(body);
      // An absent field is more likely a typo than a wish to lift the limit.
      if (!('perMinute' in fields)) throw new BadRequest('perMinute must be a positive integer or null');
      sandbox.setRateLimit(validateRateLimit(fields.perMinute));
      return ok;
    }
    case 'POST /__sandbox/inject':
      state.injections.push(validateInjection(parseJsonObject(body)));
      return ok;
    case 'POST /__sandbox/seed': {
      // Extra: {"count": N, "org": M} adds N seed groups to org M, default the first org (reset does not re-seed).
      const { count, org } = parseJsonObject(body);
      const target = state.orgGroups(org ?? SANDBOX_ORG_ID);
      if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > 100_000) {
        throw new BadRequest('count must be an integer between 0 and 100000');
      }
      sandbox.seed(count as number, target.orgId);
      return ok;
    }
    case 'GET /__sandbox/brands':
      // Extra: ?org=N lists that org's brands (default the first org).
      return json(200, sandbox.brands(state.orgFromQuery(query).orgId));
    case 'POST /__sandbox/brands':
      // Extra: adds a brand (same fields as addBrand: name, orgId, enabled).
      return json(200, sandbox.addBrand(parseJsonObject(body) as { name: string; orgId?: number; enabled?: boolean }));
    case 'POST /__sandbox/remove-brands': {
      // Extra: {"orgId": N} leaves org N (default the first org) without brands or rewards.
      const { orgId } = parseJsonObject(body);
      sandbox.removeBrands(state.orgGroups(orgId ?? SANDBOX_ORG_ID).orgId);
      return ok;
    }
    case 'GET /__sandbox/rewards': {
      // Extra: ?brand=N lists that brand's rewards, every brand's without it.
      const brandText = query.get('brand')?.trim() ?? '';
      return json(
        200,
        sandbox.rewards(
          brandText === '' ? undefined : brandOrThrow(state, parseIntStrict(brandText) ?? brandText).brand.id,
        ),
      );
    }
    case 'POST /__sandbox/rewards':
      // Extra: adds a reward (same fields as addReward).
      return json(200, sandbox.addReward(parseJsonObject(body) as Parameters<Sandbox['addReward']>[0]));
    case 'POST /__sandbox/seed-brands': {
      // Extra: {"count": N, "orgId": M, "rewardsPerBrand": R, "groupNames": [...]} as seedBrands.
      const fields = parseJsonObject(body) as Parameters<Sandbox['seedBrands']>[0];
      return json(200, sandbox.seedBrands(fields));
    }
    case 'POST /__sandbox/list-fault':
      // Extra: a ListFault ({"growingTotal": true}, {"paging": "omit"}, …), or {} to clear it.
      sandbox.setListFault(validateListFault(parseJsonObject(body)));
      return ok;
    case 'POST /__sandbox/seed-rewards': {
      // Extra: {"brandId": N, "count": C, "groupNames": [...]} as seedRewards.
      const fields = parseJsonObject(body);
      if (!Number.isInteger(fields.count) || (fields.count as number) < 0 || (fields.count as number) > 100_000) {
        throw new BadRequest('count must be an integer between 0 and 100000');
      }
      sandbox.seedRewards({
        brandId: fields.brandId as number,
        count: fields.count as number,
        groupNames: (fields.groupNames ?? []) as string[],
      });
      return ok;
    }
    default:
      return statusError(404, 404, `Unknown sandbox control endpoint: ${method} ${path}`);
  }
}

/** A clock offset: a finite number of ms, at most a year either way. */
export function validateOffset(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 366 * 86_400_000) {
    throw new BadRequest('offsetMs must be a number of milliseconds within a year');
  }
  return Math.round(ms);
}
