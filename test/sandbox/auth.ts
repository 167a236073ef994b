// Who a request is: Basic tills, OAuth clients and their tokens, and the per-account rate limit.

import * as crypto from 'crypto';
import type * as http from 'http';
import {
  DEMO_CREDENTIALS,
  SANDBOX_ORG_ID,
  SECOND_ORG_ID,
  USER_IDS,
  BadRequest,
  isoSeconds,
  json,
  md5Hex,
  parseJsonObject,
  statusError,
  type Answer,
} from './common';
import type { OrgGroups } from './groups';
import type { SandboxState } from './state';

export const TOKEN_PATH = '/v3/oauth/token/generate';
const RATE_WINDOW_MS = 60_000;

interface TillAccount {
  password: string;
  userId: number;
  orgId: number;
  hasGroupAccess: boolean;
}

const { secondOrg } = DEMO_CREDENTIALS;

const TILLS: ReadonlyMap<string, TillAccount> = new Map([
  [
    DEMO_CREDENTIALS.basic.username,
    {
      password: DEMO_CREDENTIALS.basic.password,
      userId: USER_IDS['demo.till'],
      orgId: SANDBOX_ORG_ID,
      hasGroupAccess: true,
    },
  ],
  [
    DEMO_CREDENTIALS.basicTestVector.username,
    {
      password: DEMO_CREDENTIALS.basicTestVector.password,
      userId: USER_IDS['store.server'],
      orgId: SANDBOX_ORG_ID,
      hasGroupAccess: true,
    },
  ],
  [
    DEMO_CREDENTIALS.noAccess.username,
    {
      password: DEMO_CREDENTIALS.noAccess.password,
      userId: USER_IDS['noaccess.till'],
      orgId: SANDBOX_ORG_ID,
      hasGroupAccess: false,
    },
  ],
  [
    DEMO_CREDENTIALS.colleague.username,
    {
      password: DEMO_CREDENTIALS.colleague.password,
      userId: USER_IDS['colleague.till'],
      orgId: SANDBOX_ORG_ID,
      hasGroupAccess: true,
    },
  ],
  [
    secondOrg.basic.username,
    { password: secondOrg.basic.password, userId: USER_IDS['uat.till'], orgId: SECOND_ORG_ID, hasGroupAccess: true },
  ],
  [
    secondOrg.colleague.username,
    {
      password: secondOrg.colleague.password,
      userId: USER_IDS['uat.colleague'],
      orgId: SECOND_ORG_ID,
      hasGroupAccess: true,
    },
  ],
]);

interface OAuthClient {
  secret: string;
  userId: number;
  orgId: number;
}

const OAUTH_CLIENTS: ReadonlyMap<string, OAuthClient> = new Map([
  [
    DEMO_CREDENTIALS.oauth.key,
    { secret: DEMO_CREDENTIALS.oauth.secret, userId: USER_IDS['demo-key'], orgId: SANDBOX_ORG_ID },
  ],
  [secondOrg.oauth.key, { secret: secondOrg.oauth.secret, userId: USER_IDS['uat-key'], orgId: SECOND_ORG_ID }],
]);

export interface IssuedToken {
  clientKey: string;
  userId: number;
  org: OrgGroups;
  expiresAt: number; // epoch ms
}

/** Who a request authenticated as. */
export interface Caller {
  userId: number;
  org: OrgGroups;
  /** The account the rate limit counts against: a till, or an OAuth client whatever its token. */
  account: string;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** The older-gateway 401 body (codes as strings). */
function unauthorized(): Answer {
  return json(401, { response: { status: { code: '401', message: 'Unauthorized' } } });
}

/**
 * Counts a request of `account` and answers 429 when the last minute already holds the limit.
 * Decisions: only authenticated group and reward operations count (reward reads pass the same
 * gateway, so they use up the same allowance; not the token endpoint, unknown paths,
 * 401/403/498, over-large bodies, or requests an injection answers without handling); a refused
 * request is not counted, so waiting Retry-After always lets the next one through.
 */
export function rateLimited(state: SandboxState, account: string): Answer | undefined {
  const limit = state.rateLimitPerMinute;
  if (limit === undefined) return undefined;
  const now = state.now();
  let counted = state.rateWindows.get(account);
  if (!counted) state.rateWindows.set(account, (counted = []));
  while (counted.length > 0 && counted[0]! <= now - RATE_WINDOW_MS) counted.shift();
  if (counted.length < limit) {
    counted.push(now);
    return undefined;
  }
  // The oldest request, unless a lowered limit left more counted than it allows: then the one
  // whose leaving brings the count below the limit. Rounded up, so waiting Retry-After is enough.
  const leaving = counted[counted.length - limit]!;
  const retryAfter = Math.max(1, Math.ceil((leaving + RATE_WINDOW_MS - now) / 1000));
  const answer = statusError(429, 429, `Too many requests: ${limit} per minute allowed`);
  answer.headers['Retry-After'] = String(retryAfter);
  return answer;
}

/**
 * Decision: when the X-CAP-API-OAUTH-TOKEN header is present (non-empty) it alone decides,
 * even if an Authorization header is also sent. The CAP-API-ACCESS-TOKEN spelling is not
 * accepted. Basic requires the lowercase-hex MD5 of the password (a plain password fails).
 */
export function authenticate(state: SandboxState, headers: http.IncomingHttpHeaders): Caller | { answer: Answer } {
  const tokenHeader = headers['x-cap-api-oauth-token'];
  const token = (Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader)?.trim();
  if (token) {
    const issued = state.tokens.get(token);
    if (!issued) return { answer: unauthorized() };
    if (state.now() >= issued.expiresAt) {
      return { answer: statusError(498, 498, `Token expired at ${isoSeconds(issued.expiresAt)}`) };
    }
    return { userId: issued.userId, org: issued.org, account: `oauth:${issued.clientKey}` };
  }
  const authorization = headers.authorization;
  const match = authorization ? /^Basic\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match) return { answer: unauthorized() };
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { answer: unauthorized() };
  const till = TILLS.get(decoded.slice(0, colon));
  if (!till || decoded.slice(colon + 1) !== md5Hex(till.password)) return { answer: unauthorized() };
  if (!till.hasGroupAccess) return { answer: statusError(403, 4000, 'Not authorized. Access is denied!') };
  return { userId: till.userId, org: state.orgGroups(till.orgId), account: `basic:${decoded.slice(0, colon)}` };
}

export function generateToken(state: SandboxState, body: string): Answer {
  let fields: Record<string, unknown>;
  try {
    fields = parseJsonObject(body);
  } catch (error) {
    return json(400, { data: null, errors: [{ code: 400, message: (error as Error).message }] });
  }
  // Decision: a missing or non-string key/secret is the same 401 as a wrong one.
  const client = typeof fields.key === 'string' ? OAUTH_CLIENTS.get(fields.key) : undefined;
  if (!client || fields.secret !== client.secret) {
    return json(401, { data: null, errors: [{ code: 320001, message: 'Invalid client key and secret' }] });
  }
  const clientKey = fields.key as string;
  const now = state.now();
  const ttl = state.ttlSeconds;
  const expiresAt = now + Math.round(ttl * 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      iss: 'capillary-sandbox',
      sub: clientKey,
      org: client.orgId,
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
      jti: crypto.randomUUID(),
    }),
  );
  const signature = crypto.createHmac('sha256', state.signingKey).update(`${header}.${payload}`).digest('base64url');
  const accessToken = `${header}.${payload}.${signature}`;
  state.tokens.set(accessToken, { clientKey, userId: client.userId, org: state.orgGroups(client.orgId), expiresAt });
  state.tokensIssued++;
  state.issuedTokens.push(accessToken);
  return json(200, { data: { accessToken, ttlSeconds: ttl }, errors: null });
}

/** A rate limit: a positive integer, or null/undefined for none (an absent field is refused over HTTP, see handleControl). */
export function validateRateLimit(perMinute: unknown): number | undefined {
  if (perMinute === null || perMinute === undefined) return undefined;
  if (!Number.isSafeInteger(perMinute) || (perMinute as number) < 1) {
    throw new BadRequest('perMinute must be a positive integer or null');
  }
  return perMinute as number;
}

export function validateTtl(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new BadRequest('Token ttl must be a positive number of seconds');
  }
  return seconds;
}
