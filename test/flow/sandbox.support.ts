// What the sandbox tests (sandbox.*.test.ts) share: one sandbox per file, reset before each test,
// and the helpers that call it over real HTTP.

import { strict as assert } from 'assert';
import * as crypto from 'crypto';
import { useSandbox as useSandboxTier } from '../support/sandboxTier';
import { DEMO_CREDENTIALS, Sandbox, type SandboxBrand, type SandboxGroup, type SandboxReward } from '../sandbox/server';

export const TEST_VECTOR_HEADER = 'Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3';
export const P = '/api_gateway/core/v1';
export const P2 = '/api_gateway/rewards/core/v1';
export const UNAUTHORIZED = { response: { status: { code: '401', message: 'Unauthorized' } } };
export const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** The sandbox's X-Cap-Requestid: a random UUID (the spec leaves the format open). */
export const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const GROUP_KEYS = [
  'createdBy',
  'createdOn',
  'createdOnDateTime',
  'id',
  'isActive',
  'lastUpdatedBy',
  'lastUpdatedOn',
  'lastUpdatedOnDateTime',
  'name',
  'orgId',
  'rank',
];

/** Computed here independently of the server: base64(user + ':' + md5hex(password)). */
export function basic(username: string, password: string): string {
  const md5 = crypto.createHash('md5').update(password).digest('hex');
  return `Basic ${Buffer.from(`${username}:${md5}`).toString('base64')}`;
}

export const DEMO_AUTH = { Authorization: basic('demo.till', 'demo123') };
/** The second org's till and colleague. */
export const UAT_AUTH = { Authorization: basic('uat.till', 'uat123') };
export const UAT_COLLEAGUE_AUTH = { Authorization: basic('uat.colleague', 'colleague456') };

/** An answer as received; `json` is the parsed body (undefined if it is not JSON), of the type the test expects. */
export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** The documented bodies, as far as the tests read them. */
export interface ErrorAnswer {
  status: { success: boolean; code: number; message: string };
}
export interface ListAnswer {
  status: { success: boolean; code: number; message: string };
  groupRoList: SandboxGroup[];
  pagingDto: {
    first: boolean;
    last: boolean;
    number: number;
    size: number;
    numberOfElements: number;
    totalElements: number;
    totalPages: number;
  };
}
export interface BrandAnswer {
  status: { success: boolean; code: number; message: string };
  brandList: SandboxBrand[];
}
export interface RewardAnswer {
  status: { success: boolean; code: number; message: string };
  rewardList: SandboxReward[];
  pagingDto: ListAnswer['pagingDto'];
}
export interface TokenAnswer {
  data: { accessToken: string; ttlSeconds: number };
  errors: { code: number; message: string }[] | null;
}

/** The suite's sandbox, started by useSandbox() (an imported binding sees each new one). */
export let sandbox: Sandbox;

/**
 * Starts the sandbox for the enclosing suite and resets it before each test. `now` is its clock
 * for token expiry and the rate limit; `onReset` runs after each reset (a test file's clock back
 * to real time).
 */
export function useSandbox(now: () => number = Date.now, onReset?: () => void): void {
  useSandboxTier({ start: { port: 0, now }, bind: (started) => (sandbox = started) });
  if (onReset) beforeEach(onReset);
}

export async function call<T = unknown>(
  method: string,
  urlPath: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(sandbox.url + urlPath, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}

export const api = <T = unknown>(
  method: string,
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = DEMO_AUTH,
): Promise<Reply<T>> => call<T>(method, urlPath, { headers, ...(body !== undefined ? { body } : {}) });

export async function create(name: string, rank?: number | null): Promise<SandboxGroup> {
  const r = await api<SandboxGroup>('POST', `${P}/group/create`, rank === undefined ? { name } : { name, rank });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

export async function token(): Promise<string> {
  const r = await call<TokenAnswer>('POST', '/v3/oauth/token/generate', { body: DEMO_CREDENTIALS.oauth });
  assert.equal(r.status, 200, r.text);
  return r.json.data.accessToken;
}

export function assertError(r: Reply, httpStatus: number, code: number, message?: string | RegExp): void {
  const json = r.json as Partial<ErrorAnswer> | undefined;
  assert.equal(r.status, httpStatus, r.text);
  assert.equal(json?.status?.success, false, r.text);
  assert.equal(json.status.code, code, r.text);
  if (typeof message === 'string') assert.equal(json.status.message, message);
  else if (message) assert.match(json.status.message, message);
  else assert.equal(typeof json.status.message, 'string');
}
