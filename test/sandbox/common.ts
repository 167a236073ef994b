// What every part of the sandbox shares: the orgs and users it serves, the answer type and the
// small helpers that parse requests and build answers.

import * as crypto from 'crypto';

export const DEMO_CREDENTIALS: {
  basic: { username: string; password: string };
  /** A second user of the same org: a colleague working at the same time. */
  colleague: { username: string; password: string };
  basicTestVector: { username: string; password: string };
  noAccess: { username: string; password: string };
  oauth: { key: string; secret: string };
  /** The users of the second org (SECOND_ORG_ID): they never see the first org's groups. */
  secondOrg: {
    basic: { username: string; password: string };
    colleague: { username: string; password: string };
    oauth: { key: string; secret: string };
  };
} = {
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
};

export const SANDBOX_ORG_ID = 100737;
export const SECOND_ORG_ID = 100458;

/** Numeric user ids that end up in createdBy / lastUpdatedBy. */
export const USER_IDS = {
  'demo.till': 75155282,
  'store.server': 75155283,
  'noaccess.till': 75155284,
  'demo-key': 75155290,
  'colleague.till': 75155291,
  'uat.till': 75155301,
  'uat.colleague': 75155302,
  'uat-key': 75155303,
} as const;

const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Injected answers only (see InjectedResponse): streamed by send(). */
  repeatBody?: number;
  bodyPrefix?: string;
  bodySuffix?: string;
  gzip?: boolean;
  chunked?: boolean;
}

export class BadRequest extends Error {}

/** ISO 8601 UTC without milliseconds, e.g. 2025-03-17T02:58:47Z. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function md5Hex(text: string): string {
  return crypto.createHash('md5').update(text, 'utf8').digest('hex');
}

export function json(status: number, value: unknown): Answer {
  return { status, body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } };
}

/** The rewards-core error envelope. */
export function statusError(httpStatus: number, code: number, message: string): Answer {
  return json(httpStatus, { status: { success: false, code, message } });
}

export function badRequest(message: string): Answer {
  return statusError(400, 400, message);
}

export function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

/** A strict decimal integer in a query string or path; undefined when the text is not one. */
export function parseIntStrict(text: string): number | undefined {
  if (!/^-?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

export function parseJsonObject(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequest('Request body must be valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequest('Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Which requests an injection or a hook is for; every field that is set must match. */
export interface RequestMatch {
  /** Case-insensitive. */
  method?: string;
  /** Text the path (with its query string) contains. */
  pathIncludes?: string;
  /** Text the body contains. */
  bodyIncludes?: string;
}

export function matches(match: RequestMatch, method: string, rawUrl: string, body: string): boolean {
  return (
    (match.method === undefined || match.method.toUpperCase() === method) &&
    (match.pathIncludes === undefined || rawUrl.includes(match.pathIncludes)) &&
    (match.bodyIncludes === undefined || body.includes(match.bodyIncludes))
  );
}

/** A query parameter trimmed; undefined when absent or blank. */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const v = query.get(name);
  return v === null || v.trim() === '' ? undefined : v.trim();
}

/** `page` (default 0) and `size` (default `defaultSize`, clamped to 1..1000), or the 400 for a bad value. */
export function parsePaging(query: URLSearchParams, defaultSize: number): { page: number; size: number } | Answer {
  const pageText = queryParam(query, 'page');
  const page = pageText === undefined ? 0 : parseIntStrict(pageText);
  if (page === undefined || page < 0 || page > INT32_MAX) return badRequest(`Invalid page: ${pageText}`);
  const sizeText = queryParam(query, 'size');
  const rawSize = sizeText === undefined ? defaultSize : parseIntStrict(sizeText);
  if (rawSize === undefined) return badRequest(`Invalid size: ${sizeText}`);
  return { page, size: Math.min(1000, Math.max(1, rawSize)) };
}

export function pagingDto(
  page: number,
  size: number,
  numberOfElements: number,
  totalElements: number,
): Record<string, number | boolean> {
  const totalPages = Math.ceil(totalElements / size);
  return {
    first: page === 0,
    last: page + 1 >= totalPages,
    number: page,
    size,
    numberOfElements,
    totalElements,
    totalPages,
  };
}

/** Runs a validation for the public API: its BadRequest becomes a plain Error (an HTTP 400 only over HTTP). */
export function plainError<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    throw new Error((error as Error).message, { cause: error });
  }
}
