// A local, Capillary-compatible HTTP server ("the sandbox") for tests and demos.
//
// It is an independent reference implementation of docs/capillary-api.md: it imports
// nothing from src/ and uses only Node built-ins. Everything it does is described in that spec;
// where the spec leaves a choice open, the choice is written next to the code as "Decision:".
//
// Group endpoints (under both /api_gateway/core/v1 and /api_gateway/rewards/core/v1):
//   POST {p}/group/create, GET {p}/group/{id}, PUT {p}/group/{id}, GET {p}/group
// Rewards endpoints (read-only, under /api_gateway/rewards/core/v1 only):
//   POST {r}/brand/getAll, GET {r}/reward/list/brand/{brandId}
// Token endpoint: POST /v3/oauth/token/generate
// Control endpoints (never recorded, never rate-limited): /__sandbox/{requests,groups,reset,
//   expire-tokens,revoke-tokens,token-ttl,inject,seed,clock,rate-limit,brands,remove-brands,
//   rewards,seed-rewards,seed-brands,list-fault}
//
// It serves two orgs (SANDBOX_ORG_ID and SECOND_ORG_ID), each with its own tills, OAuth client,
// group ids, groups and brands; a request sees only the groups and brands of the org its till or
// token belongs to. Rewards belong to a brand and name groups by name only, as Capillary's do.
// Injections, tokens' lifetime, the clock and the rate limit are server-wide; the rate limit's
// windows are per account.

import * as http from 'http';
import * as crypto from 'crypto';
import type { AddressInfo } from 'net';
import type { Socket } from 'net';
import { URL } from 'url';
import { pipeline, Readable } from 'stream';
import * as zlib from 'zlib';

export interface SandboxGroup {
  id: number;
  orgId: number;
  name: string;
  rank: number | null;
  isActive: boolean;
  createdBy: number;
  createdOn: number;
  createdOnDateTime: string;
  lastUpdatedBy: number;
  lastUpdatedOn: number;
  lastUpdatedOnDateTime: string;
}

export interface SandboxBrand {
  id: number;
  /** The brand's name: Capillary's field is called `brand`. */
  brand: string;
  enabled: boolean;
  orgId: number;
}

export type SandboxRewardStatus = 'LIVE' | 'UPCOMING' | 'ENDED';

export interface SandboxRewardGroup {
  groupName: string;
  /** The reward's rank inside that group; null = unranked. */
  groupRank: number | null;
}

export interface SandboxReward {
  id: number;
  name: string;
  status: SandboxRewardStatus;
  enabled: boolean;
  startDateTime: string;
  endDateTime: string;
  groups: SandboxRewardGroup[];
  rewardRank: number | null;
  /** Epoch ms. */
  lastUpdatedOn: number;
  brandId: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** HTTP status answered; 0 when the connection was reset by an injection (destroySocket). */
  status: number;
  /**
   * For a create: the `createdBy` of the group that already held the name (case-insensitively)
   * when the request arrived; absent when the name was free.
   */
  nameHeldBy?: number;
  /**
   * The org of the till or token the request authenticated with, at arrival; absent when its
   * credentials let no one in (missing, wrong, expired, no group access).
   */
  orgId?: number;
  requestId: string;
  /** Arrival time, epoch ms. */
  at: number;
}

export interface InjectedResponse {
  /** Required unless passThrough. */
  status?: number;
  /** Raw text sent as is. */
  body?: string;
  /** e.g. {'content-type': 'text/html'}; X-Cap-Requestid is still added. */
  headers?: Record<string, string>;
  /** Only requests with this method (case-insensitive). Default: any. */
  method?: string;
  /** Only requests whose path (with query string) contains this text. Default: any. */
  pathIncludes?: string;
  /** Only requests whose body contains this text (e.g. `"name":"Gold"`): one create among several. Default: any. */
  bodyIncludes?: string;
  /** How many requests it answers, default 1. */
  times?: number;
  /** Wait before answering. */
  delayMs?: number;
  /** Reset the connection instead of answering. */
  destroySocket?: boolean;
  /**
   * Handle the request normally first (a create stores the group), then reset the connection or
   * send the injected answer instead of the real one: the client cannot know whether its request
   * took effect.
   */
  afterHandling?: boolean;
  /** Answer as usual, only later (with delayMs): added latency. */
  passThrough?: boolean;
  /**
   * Send `body` this many times in a row, between `bodyPrefix` and `bodySuffix`, streamed as the
   * client reads (never held whole): a large answer from a small injection. Default 1.
   */
  repeatBody?: number;
  /** Sent once before the (repeated) body, e.g. `{"groupRoList":[`. */
  bodyPrefix?: string;
  /** Sent once after the (repeated) body, e.g. `{…}]}`. */
  bodySuffix?: string;
  /** Compress the answer with gzip (`Content-Encoding: gzip`, no Content-Length): little on the wire, large once inflated. */
  gzip?: boolean;
  /** Leave out Content-Length (chunked transfer), as a server that does not announce the size. */
  chunked?: boolean;
}

/**
 * A fault in the list answers (group lists, reward lists, or both), server-wide until cleared or
 * reset: what a server that misreports its paging does.
 */
export interface ListFault {
  /** Which lists it applies to. Default: both. */
  lists?: 'groups' | 'rewards';
  /**
   * `totalElements` is always a page more than the page read (so it grows on every page), and each
   * page past the stored items is full of new ones (groups named "Growing Group N", or rewards naming the group asked for): an org that
   * never ends, as a server that keeps reporting more. Nothing is stored.
   */
  growingTotal?: boolean;
  /** `omit`: the answer has no `pagingDto`; `partial`: a `pagingDto` with only `number` and `size`. */
  paging?: 'omit' | 'partial';
}

/** One line per answered request, for the CLI log. Carries no credentials, tokens or bodies. */
export interface SandboxLogEntry {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  requestId: string;
  control: boolean;
}

export interface SandboxOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Lifetime of generated OAuth tokens, default 300. */
  tokenTtlSeconds?: number;
  /** Groups created at start in the first org (SANDBOX_ORG_ID), default 0. */
  seedGroups?: number;
  /** Groups created at start in the second org (SECOND_ORG_ID), default 0. */
  seedSecondOrgGroups?: number;
  /** Called once per answered request (including control requests). */
  onResponse?: (entry: SandboxLogEntry) => void;
  /** Clock for token expiry (issuing, checking, expireTokens) and the rate limit's window, default Date.now; tests advance it instead of waiting. */
  now?: () => number;
  /** How far the server's own clock is off (ms): applied to createdOn, lastUpdatedOn and the `Date` header. */
  clockOffsetMs?: number;
  /** Group and reward requests allowed per account in any 60 seconds, as on Capillary's demo clusters (about 100); default no limit. */
  rateLimitPerMinute?: number;
}

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
export const FIRST_GROUP_ID = 2412;
export const SECOND_ORG_ID = 100458;
/** Far above the first org's ids, so the two orgs' ids do not meet in ordinary use. */
export const SECOND_ORG_FIRST_GROUP_ID = 5101;
export const GROUP_PREFIXES = ['/api_gateway/core/v1', '/api_gateway/rewards/core/v1'] as const;
/** The rewards endpoints live under this prefix only, whatever prefix the groups are read with. */
export const REWARDS_PREFIX = '/api_gateway/rewards/core/v1';
/** The brands every reset() leaves: two in the first org, one in the second. */
export const DEFAULT_BRANDS: readonly SandboxBrand[] = [
  { id: 1, brand: 'BUKL', enabled: true, orgId: SANDBOX_ORG_ID },
  { id: 2, brand: 'BUKL Kids', enabled: true, orgId: SANDBOX_ORG_ID },
  { id: 3, brand: 'UAT Brand', enabled: true, orgId: SECOND_ORG_ID },
];
/** Far from group ids, so a test cannot mistake one for the other. */
export const FIRST_REWARD_ID = 7001;
export const REWARD_STATUSES: readonly SandboxRewardStatus[] = ['LIVE', 'UPCOMING', 'ENDED'];
export const TOKEN_PATH = '/v3/oauth/token/generate';
export const CONTROL_PREFIX = '/__sandbox/';

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

const NAME_MAX_LENGTH = 255;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const MAX_BODY_BYTES = 1024 * 1024;
const RATE_WINDOW_MS = 60_000;
const REQUEST_ID_HEADER = 'X-Cap-Requestid';

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

interface OrgDefinition {
  orgId: number;
  firstGroupId: number;
  /** createdBy of the groups addGroup() and seed() add without one. */
  defaultUserId: number;
}

const ORGS: readonly OrgDefinition[] = [
  { orgId: SANDBOX_ORG_ID, firstGroupId: FIRST_GROUP_ID, defaultUserId: USER_IDS['demo.till'] },
  { orgId: SECOND_ORG_ID, firstGroupId: SECOND_ORG_FIRST_GROUP_ID, defaultUserId: USER_IDS['uat.till'] },
];

interface IssuedToken {
  clientKey: string;
  userId: number;
  org: OrgGroups;
  expiresAt: number; // epoch ms
}

interface StoredGroup {
  group: SandboxGroup;
  /** Lower-cased name, for the uniqueness index and the name filter. */
  key: string;
}

/** One org's groups, with its own id sequence and name index: names are unique per org. */
class OrgGroups {
  readonly orgId: number;
  readonly definition: OrgDefinition;
  nextId: number;
  seedCounter = 0;
  /** Insertion order is id order, since ids only increase. */
  readonly store = new Map<number, StoredGroup>();
  readonly nameIndex = new Map<string, number>();

  constructor(definition: OrgDefinition) {
    this.definition = definition;
    this.orgId = definition.orgId;
    this.nextId = definition.firstGroupId;
  }

  clear(): void {
    this.store.clear();
    this.nameIndex.clear();
    this.nextId = this.definition.firstGroupId;
    this.seedCounter = 0;
  }
}

interface RewardIndexEntry {
  reward: SandboxReward;
  /** Its rank in the group: the lowest of its links naming the group (ignoring case); null = unranked. */
  rank: number | null;
}

/**
 * One brand and its rewards, with an index per group name: a page filtered by group is a slice
 * of a list sorted once after a change, not a scan and sort of every reward on every request.
 */
class BrandRewards {
  readonly brand: SandboxBrand;
  /** Id order, since ids only increase. */
  readonly rewards: SandboxReward[] = [];
  seedCounter = 0;
  /** Per lower-cased group name; `sorted` is dropped on every add and rebuilt on the next read. */
  private readonly byGroup = new Map<string, { entries: RewardIndexEntry[]; sorted?: SandboxReward[] }>();

  constructor(brand: SandboxBrand) {
    this.brand = brand;
  }

  add(reward: SandboxReward): void {
    this.rewards.push(reward);
    // Decision: a reward naming a group twice (in two spellings) is listed once, at its better rank.
    const ranks = new Map<string, number | null>();
    for (const link of reward.groups) {
      const key = link.groupName.toLowerCase();
      const held = ranks.get(key);
      ranks.set(
        key,
        held === undefined || held === null
          ? link.groupRank
          : link.groupRank === null
            ? held
            : Math.min(held, link.groupRank),
      );
    }
    for (const [key, rank] of ranks) {
      let slot = this.byGroup.get(key);
      if (!slot) this.byGroup.set(key, (slot = { entries: [] }));
      slot.entries.push({ reward, rank });
      slot.sorted = undefined;
    }
  }

  /** The rewards naming `groupName` (ignoring case), in the catalog's order: groupRank, unranked last, newest first, then id. */
  inGroup(groupName: string): readonly SandboxReward[] {
    const slot = this.byGroup.get(groupName.toLowerCase());
    if (!slot) return [];
    if (!slot.sorted) {
      slot.entries.sort((a, b) => {
        if (a.rank !== b.rank) {
          if (a.rank === null || b.rank === null) return a.rank === null ? 1 : -1;
          return a.rank - b.rank;
        }
        return b.reward.lastUpdatedOn - a.reward.lastUpdatedOn || a.reward.id - b.reward.id;
      });
      slot.sorted = slot.entries.map((entry) => entry.reward);
    }
    return slot.sorted;
  }
}

/** Who a request authenticated as. */
interface Caller {
  userId: number;
  org: OrgGroups;
  /** The account the rate limit counts against: a till, or an OAuth client whatever its token. */
  account: string;
}

interface Answer {
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

/** At most this many bytes of an injected answer in total (before gzip): 16 GiB. */
const MAX_INJECTED_BYTES = 16 * 1024 ** 3;

class BadRequest extends Error {}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** ISO 8601 UTC without milliseconds, e.g. 2025-03-17T02:58:47Z. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function md5Hex(text: string): string {
  return crypto.createHash('md5').update(text, 'utf8').digest('hex');
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

function json(status: number, value: unknown): Answer {
  return { status, body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } };
}

/** The rewards-core error envelope. */
function statusError(httpStatus: number, code: number, message: string): Answer {
  return json(httpStatus, { status: { success: false, code, message } });
}

function badRequest(message: string): Answer {
  return statusError(400, 400, message);
}

/** The older-gateway 401 body (codes as strings). */
function unauthorized(): Answer {
  return json(401, { response: { status: { code: '401', message: 'Unauthorized' } } });
}

function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

/** A strict decimal integer in a query string or path; undefined when the text is not one. */
function parseIntStrict(text: string): number | undefined {
  if (!/^-?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function parseJsonObject(body: string): Record<string, unknown> {
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

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
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

function matches(match: RequestMatch, method: string, rawUrl: string, body: string): boolean {
  return (
    (match.method === undefined || match.method.toUpperCase() === method) &&
    (match.pathIncludes === undefined || rawUrl.includes(match.pathIncludes)) &&
    (match.bodyIncludes === undefined || body.includes(match.bodyIncludes))
  );
}

function validateInjection(value: unknown): InjectedResponse {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest('Injection must be a JSON object');
  }
  const v = value as Record<string, unknown>;
  if (v.passThrough !== undefined && typeof v.passThrough !== 'boolean') {
    throw new BadRequest('Injection passThrough must be a boolean');
  }
  if (
    (v.passThrough !== true || v.status !== undefined) &&
    (!Number.isInteger(v.status) || (v.status as number) < 100 || (v.status as number) > 599)
  ) {
    throw new BadRequest('Injection status must be an integer between 100 and 599');
  }
  if (v.body !== undefined && typeof v.body !== 'string') throw new BadRequest('Injection body must be a string');
  if (v.headers !== undefined) {
    if (v.headers === null || typeof v.headers !== 'object' || Array.isArray(v.headers)) {
      throw new BadRequest('Injection headers must be an object of strings');
    }
    for (const h of Object.values(v.headers)) {
      if (typeof h !== 'string') throw new BadRequest('Injection headers must be an object of strings');
    }
  }
  if (v.method !== undefined && typeof v.method !== 'string') throw new BadRequest('Injection method must be a string');
  if (v.pathIncludes !== undefined && typeof v.pathIncludes !== 'string') {
    throw new BadRequest('Injection pathIncludes must be a string');
  }
  if (v.bodyIncludes !== undefined && typeof v.bodyIncludes !== 'string') {
    throw new BadRequest('Injection bodyIncludes must be a string');
  }
  if (v.times !== undefined && (!Number.isInteger(v.times) || (v.times as number) < 1)) {
    throw new BadRequest('Injection times must be a positive integer');
  }
  if (v.delayMs !== undefined && (typeof v.delayMs !== 'number' || !Number.isFinite(v.delayMs) || v.delayMs < 0)) {
    throw new BadRequest('Injection delayMs must be a non-negative number');
  }
  if (v.destroySocket !== undefined && typeof v.destroySocket !== 'boolean') {
    throw new BadRequest('Injection destroySocket must be a boolean');
  }
  if (v.afterHandling !== undefined && typeof v.afterHandling !== 'boolean') {
    throw new BadRequest('Injection afterHandling must be a boolean');
  }
  if (v.repeatBody !== undefined && (!Number.isInteger(v.repeatBody) || (v.repeatBody as number) < 1)) {
    throw new BadRequest('Injection repeatBody must be a positive integer');
  }
  for (const field of ['bodyPrefix', 'bodySuffix'] as const) {
    if (v[field] !== undefined && typeof v[field] !== 'string') {
      throw new BadRequest(`Injection ${field} must be a string`);
    }
  }
  for (const field of ['gzip', 'chunked'] as const) {
    if (v[field] !== undefined && typeof v[field] !== 'boolean') {
      throw new BadRequest(`Injection ${field} must be a boolean`);
    }
  }
  const bytes = (text: unknown) => (typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0);
  if (
    bytes(v.bodyPrefix) + bytes(v.body) * ((v.repeatBody as number | undefined) ?? 1) + bytes(v.bodySuffix) >
    MAX_INJECTED_BYTES
  ) {
    throw new BadRequest(`Injection body must be at most ${MAX_INJECTED_BYTES} bytes in total`);
  }
  return {
    ...(v.status !== undefined ? { status: v.status as number } : {}),
    ...(v.passThrough !== undefined ? { passThrough: v.passThrough } : {}),
    ...(v.body !== undefined ? { body: v.body } : {}),
    ...(v.headers !== undefined ? { headers: { ...(v.headers as Record<string, string>) } } : {}),
    ...(v.method !== undefined ? { method: v.method } : {}),
    ...(v.pathIncludes !== undefined ? { pathIncludes: v.pathIncludes } : {}),
    ...(v.bodyIncludes !== undefined ? { bodyIncludes: v.bodyIncludes } : {}),
    ...(v.times !== undefined ? { times: v.times as number } : {}),
    ...(v.delayMs !== undefined ? { delayMs: v.delayMs } : {}),
    ...(v.destroySocket !== undefined ? { destroySocket: v.destroySocket } : {}),
    ...(v.afterHandling !== undefined ? { afterHandling: v.afterHandling } : {}),
    ...(v.repeatBody !== undefined ? { repeatBody: v.repeatBody as number } : {}),
    ...(v.bodyPrefix !== undefined ? { bodyPrefix: v.bodyPrefix as string } : {}),
    ...(v.bodySuffix !== undefined ? { bodySuffix: v.bodySuffix as string } : {}),
    ...(v.gzip !== undefined ? { gzip: v.gzip as boolean } : {}),
    ...(v.chunked !== undefined ? { chunked: v.chunked as boolean } : {}),
  };
}

/** A rate limit: a positive integer, or null/undefined for none (an absent field is refused over HTTP, see handleControl). */
function validateRateLimit(perMinute: unknown): number | undefined {
  if (perMinute === null || perMinute === undefined) return undefined;
  if (!Number.isSafeInteger(perMinute) || (perMinute as number) < 1) {
    throw new BadRequest('perMinute must be a positive integer or null');
  }
  return perMinute as number;
}

function validateTtl(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new BadRequest('Token ttl must be a positive number of seconds');
  }
  return seconds;
}

// ---------------------------------------------------------------------------------------------
// The sandbox

export class Sandbox {
  readonly url: string;
  readonly requests: RecordedRequest[] = [];
  tokensIssued = 0;
  /** Every access token generated since the last reset, so tests can look for them where they must not be. */
  readonly issuedTokens: string[] = [];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly startTtlSeconds: number;
  private readonly onResponse: ((entry: SandboxLogEntry) => void) | undefined;
  private readonly now: () => number;
  /** Signs the JWT-looking tokens; new per process so tokens from another run never match. */
  private readonly signingKey = crypto.randomBytes(32);

  private ttlSeconds: number;
  private clockOffsetMs: number;
  private readonly orgs: ReadonlyMap<number, OrgGroups> = new Map(
    ORGS.map((definition) => [definition.orgId, new OrgGroups(definition)]),
  );
  private readonly tokens = new Map<string, IssuedToken>();
  private injections: InjectedResponse[] = [];
  private listFault: ListFault | undefined;
  private hooks: { match: RequestMatch; when: 'before' | 'after'; run: () => Promise<void> }[] = [];
  private rateLimitPerMinute: number | undefined;
  /** Per account, the `now` times of the requests counted in the last minute, oldest first. */
  private readonly rateWindows = new Map<string, number[]>();
  /** Every org's brands by id, each with its rewards; one id sequence for brands and one for rewards, server-wide. */
  private readonly brandStore = new Map<number, BrandRewards>();
  private nextBrandId = 1;
  private nextRewardId = FIRST_REWARD_ID;
  private closed = false;

  private constructor(server: http.Server, url: string, options: SandboxOptions) {
    this.server = server;
    this.url = url;
    this.startTtlSeconds = validateTtlOrThrow(options.tokenTtlSeconds ?? 300);
    this.ttlSeconds = this.startTtlSeconds;
    this.onResponse = options.onResponse;
    this.now = options.now ?? Date.now;
    this.clockOffsetMs = validateOffset(options.clockOffsetMs ?? 0);
    this.rateLimitPerMinute = validateRateLimitOrThrow(options.rateLimitPerMinute);
    this.resetBrands();
  }

  /** Starts a sandbox listening on 127.0.0.1 only. */
  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const server = http.createServer();
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.once('error', onError);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.removeListener('error', onError);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    let sandbox: Sandbox;
    try {
      sandbox = new Sandbox(server, `http://127.0.0.1:${port}`, options);
    } catch (error) {
      server.close();
      throw error;
    }
    server.on('connection', (socket: Socket) => {
      sandbox.sockets.add(socket);
      socket.on('close', () => sandbox.sockets.delete(socket));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => sandbox.handle(req, res));
    try {
      if (options.seedGroups) sandbox.seed(options.seedGroups);
      if (options.seedSecondOrgGroups) sandbox.seed(options.seedSecondOrgGroups, SECOND_ORG_ID);
    } catch (error) {
      await sandbox.close();
      throw error;
    }
    return sandbox;
  }

  /** Stops listening and destroys open sockets (including ones waiting on delayed injections). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await done;
  }

  /**
   * Forgets every org's groups, rewards, tokens, requests and injections; brands back to
   * DEFAULT_BRANDS; ttl back to the start value; ids restart. The clock offset and the rate limit
   * are cleared, even when given at start.
   */
  reset(): void {
    for (const org of this.orgs.values()) org.clear();
    this.resetBrands();
    this.tokens.clear();
    this.requests.length = 0;
    this.injections = [];
    this.listFault = undefined;
    this.hooks = [];
    this.tokensIssued = 0;
    this.issuedTokens.length = 0;
    this.ttlSeconds = this.startTtlSeconds;
    this.clockOffsetMs = 0;
    this.setRateLimit(undefined);
  }

  /** The server's own clock, `clockOffsetMs` off the machine's: what it stamps groups and answers with. */
  serverTime(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Puts the server's clock `ms` ahead of (or, negative, behind) the machine's. */
  setClockOffset(ms: number): void {
    this.clockOffsetMs = validateOffset(ms);
  }

  /** Lifetime of tokens generated from now on. */
  setTokenTtl(seconds: number): void {
    this.ttlSeconds = validateTtlOrThrow(seconds);
  }

  /**
   * At most `perMinute` group and reward requests per account in any 60 seconds (sliding, on the
   * `now` clock); undefined lifts the limit. Requests already counted stay counted when the limit
   * changes, so a lower limit applies at once.
   */
  setRateLimit(perMinute: number | undefined): void {
    this.rateLimitPerMinute = validateRateLimitOrThrow(perMinute);
    // Nothing is counted without a limit, so a limit set later starts from empty windows.
    if (this.rateLimitPerMinute === undefined) this.rateWindows.clear();
  }

  /** Every token issued so far now answers 498. */
  expireTokens(): void {
    const now = this.now();
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }

  /** Every token issued so far now answers 401 (as an unknown token). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Queues a one-off answer; the first queued injection that matches a request answers it. */
  inject(response: InjectedResponse): void {
    this.injections.push(validateInjectionOrThrow(response));
  }

  /** Makes list answers misreport their paging (see ListFault) until cleared (undefined) or reset. */
  setListFault(fault: ListFault | undefined): void {
    this.listFault = validateListFaultOrThrow(fault);
  }

  /**
   * Runs `action` (a colleague's write, say) when the next API request matching `match` arrives:
   * `before` it is handled (the request waits for the action), or `after` it took effect, before
   * its answer is sent (not when an injection resets the connection instead). Resolves with what
   * the action returned, once it ran; a hook not met by reset() never runs.
   */
  whenNext<T>(match: RequestMatch & { when: 'before' | 'after' }, action: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const { when, ...rest } = match;
      this.hooks.push({
        match: rest,
        when,
        run: () => Promise.resolve().then(action).then(resolve, reject),
      });
    });
  }

  /** A copy of one org's stored groups (default the first org), by id. */
  groups(orgId: number = SANDBOX_ORG_ID): SandboxGroup[] {
    return Array.from(this.orgGroups(orgId).store.values(), (s) => ({ ...s.group }));
  }

  /**
   * Adds a group directly to `org` (default the first org), as that org's till (demo.till or
   * uat.till) or `createdBy`, e.g. a colleague's USER_IDS entry. Throws on the same validation
   * errors as the API, and on an org the sandbox does not serve.
   */
  addGroup(fields: {
    name: string;
    rank?: number | null;
    isActive?: boolean;
    createdBy?: number;
    org?: number;
  }): SandboxGroup {
    const org = this.orgGroups(fields.org ?? SANDBOX_ORG_ID);
    const name = checkName(fields.name);
    if (name instanceof BadRequest) throw new Error(name.message);
    const rank = fields.rank ?? null;
    if (rank !== null && !isInt32(rank)) throw new Error('Group rank must be an integer (int32) or null');
    if (fields.isActive !== undefined && typeof fields.isActive !== 'boolean') {
      throw new Error('isActive must be a boolean');
    }
    if (org.nameIndex.has(name.toLowerCase())) throw new Error('Group name must be unique');
    if (fields.createdBy !== undefined && !isInt32(fields.createdBy)) throw new Error('createdBy must be an integer');
    const now = this.serverTime();
    return {
      ...this.insert(
        org,
        name,
        rank,
        fields.isActive ?? true,
        fields.createdBy ?? org.definition.defaultUserId,
        now,
        now,
      ),
    };
  }

  /**
   * Creates `count` groups in `orgId` (default the first org) named "Seed Group 00001"…, with
   * varied ranks (every 7th null), every 5th inactive, created an hour apart in the past, by that
   * org's till. Linear time.
   */
  seed(count: number, orgId: number = SANDBOX_ORG_ID): void {
    const org = this.orgGroups(orgId);
    if (!Number.isInteger(count) || count < 0) throw new Error('Seed count must be a non-negative integer');
    const now = this.serverTime();
    const userId = org.definition.defaultUserId;
    let made = 0;
    while (made < count) {
      const n = ++org.seedCounter;
      const name = `Seed Group ${String(n).padStart(5, '0')}`;
      if (org.nameIndex.has(name.toLowerCase())) continue;
      const rank = n % 7 === 0 ? null : ((n * 37) % 100) + 1;
      const isActive = n % 5 !== 0;
      const createdOn = now - (count - made) * 3_600_000 - (n % 60) * 1000;
      // Some were edited later (varied lastUpdatedOn, still in the past).
      const lastUpdatedOn = n % 3 === 0 ? Math.min(now, createdOn + (n % 11) * 86_400_000) : createdOn;
      this.insert(org, name, rank, isActive, userId, createdOn, lastUpdatedOn);
      made++;
    }
  }

  /** A copy of one org's brands (default the first org), by id. */
  brands(orgId: number = SANDBOX_ORG_ID): SandboxBrand[] {
    const org = this.orgGroups(orgId);
    return [...this.brandStore.values()]
      .filter((stored) => stored.brand.orgId === org.orgId)
      .map((stored) => ({ ...stored.brand }));
  }

  /** Adds a brand to `orgId` (default the first org), with the next brand id. Throws on a blank name or an org the sandbox does not serve. */
  addBrand(fields: { name: string; orgId?: number; enabled?: boolean }): SandboxBrand {
    const org = this.orgGroups(fields.orgId ?? SANDBOX_ORG_ID);
    if (typeof fields.name !== 'string' || fields.name.trim() === '') {
      throw new BadRequest('Brand name must be a non-empty string');
    }
    if (fields.enabled !== undefined && typeof fields.enabled !== 'boolean') {
      throw new BadRequest('enabled must be a boolean');
    }
    const brand: SandboxBrand = {
      id: this.nextBrandId++,
      brand: fields.name.trim(),
      enabled: fields.enabled ?? true,
      orgId: org.orgId,
    };
    this.brandStore.set(brand.id, new BrandRewards(brand));
    return { ...brand };
  }

  /**
   * Adds `count` brands to `orgId` (default the first org), named "Seed Brand 001"… after the ones
   * it has, each with `rewardsPerBrand` rewards seeded over `groupNames` as seedRewards does.
   */
  seedBrands(fields: {
    count: number;
    orgId?: number;
    rewardsPerBrand?: number;
    groupNames?: string[];
  }): SandboxBrand[] {
    const { count, rewardsPerBrand = 0, groupNames = [] } = fields;
    if (!Number.isInteger(count) || count < 0 || count > 10_000) {
      throw new BadRequest('count must be an integer between 0 and 10000');
    }
    const existing = this.brands(fields.orgId ?? SANDBOX_ORG_ID).length;
    const added: SandboxBrand[] = [];
    for (let i = 1; i <= count; i++) {
      const brand = this.addBrand({ name: `Seed Brand ${String(existing + i).padStart(3, '0')}`, orgId: fields.orgId });
      if (rewardsPerBrand > 0) this.seedRewards({ brandId: brand.id, count: rewardsPerBrand, groupNames });
      added.push(brand);
    }
    return added;
  }

  /** Removes every brand of `orgId` (default the first org) with its rewards: an org without brands. Ids are not reused. */
  removeBrands(orgId: number = SANDBOX_ORG_ID): void {
    const org = this.orgGroups(orgId);
    for (const [id, stored] of this.brandStore) if (stored.brand.orgId === org.orgId) this.brandStore.delete(id);
  }

  /**
   * Adds a reward to a brand, with the next reward id. Defaults: LIVE, enabled, no groups, no
   * rewardRank, updated now (the server's clock); start and end dates fit the status. Throws on
   * an unknown brand or an invalid field.
   */
  addReward(fields: {
    brandId: number;
    name: string;
    status?: SandboxRewardStatus;
    enabled?: boolean;
    groups?: { groupName: string; groupRank?: number | null }[];
    rewardRank?: number | null;
    lastUpdatedOn?: number;
  }): SandboxReward {
    const stored = this.brandOrThrow(fields.brandId);
    if (typeof fields.name !== 'string' || fields.name.trim() === '') {
      throw new BadRequest('Reward name must be a non-empty string');
    }
    const status = fields.status ?? 'LIVE';
    if (!REWARD_STATUSES.includes(status)) throw new BadRequest('status must be LIVE, UPCOMING or ENDED');
    if (fields.enabled !== undefined && typeof fields.enabled !== 'boolean') {
      throw new BadRequest('enabled must be a boolean');
    }
    const groups = checkRewardGroups(fields.groups);
    const rewardRank = fields.rewardRank ?? null;
    if (rewardRank !== null && !isInt32(rewardRank)) {
      throw new BadRequest('rewardRank must be an integer (int32) or null');
    }
    if (fields.lastUpdatedOn !== undefined && !Number.isSafeInteger(fields.lastUpdatedOn)) {
      throw new BadRequest('lastUpdatedOn must be epoch milliseconds');
    }
    const now = this.serverTime();
    const reward: SandboxReward = {
      id: this.nextRewardId++,
      name: fields.name.trim(),
      status,
      enabled: fields.enabled ?? true,
      ...rewardPeriod(status, now),
      groups,
      rewardRank,
      lastUpdatedOn: fields.lastUpdatedOn ?? now,
      brandId: stored.brand.id,
    };
    stored.add(reward);
    return copyReward(reward);
  }

  /** A copy of one brand's rewards, or of every brand's without `brandId`, by id. */
  rewards(brandId?: number): SandboxReward[] {
    const rewards =
      brandId === undefined
        ? [...this.brandStore.values()].flatMap((stored) => stored.rewards)
        : this.brandOrThrow(brandId).rewards;
    return rewards.map(copyReward).sort((a, b) => a.id - b.id);
  }

  /**
   * Adds `count` rewards to a brand, named "Seed Reward 00001"… (per brand), spread over
   * `groupNames`: reward i names groupNames[i % n] at groupRank j + 1, where j = floor(i / n) is
   * its place in that group, except every 6th in a group (j % 6 === 5), unranked. Statuses cycle
   * LIVE, UPCOMING, ENDED along j, every 4th is disabled, every 5th has no rewardRank, and
   * lastUpdatedOn goes back an hour per i (cycling every 50), so ties occur. Without group names,
   * the rewards name no group. Linear time.
   */
  seedRewards(fields: { brandId: number; count: number; groupNames: string[] }): void {
    const stored = this.brandOrThrow(fields.brandId);
    const { count, groupNames } = fields;
    if (!Number.isInteger(count) || count < 0) throw new BadRequest('count must be a non-negative integer');
    if (!Array.isArray(groupNames) || !groupNames.every((name) => typeof name === 'string' && name.trim() !== '')) {
      throw new BadRequest('groupNames must be an array of non-empty strings');
    }
    const n = groupNames.length;
    const now = this.serverTime();
    for (let i = 0; i < count; i++) {
      const j = n === 0 ? i : Math.floor(i / n);
      const status = REWARD_STATUSES[j % 3]!;
      const reward: SandboxReward = {
        id: this.nextRewardId++,
        name: `Seed Reward ${String(++stored.seedCounter).padStart(5, '0')}`,
        status,
        enabled: i % 4 !== 3,
        ...rewardPeriod(status, now),
        groups: n === 0 ? [] : [{ groupName: groupNames[i % n]!, groupRank: j % 6 === 5 ? null : j + 1 }],
        rewardRank: i % 5 === 4 ? null : i + 1,
        lastUpdatedOn: now - (i % 50) * 3_600_000,
        brandId: stored.brand.id,
      };
      stored.add(reward);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Store

  /** Brands back to DEFAULT_BRANDS, without rewards; both id sequences restart. */
  private resetBrands(): void {
    this.brandStore.clear();
    for (const brand of DEFAULT_BRANDS) this.brandStore.set(brand.id, new BrandRewards({ ...brand }));
    this.nextBrandId = Math.max(...DEFAULT_BRANDS.map((brand) => brand.id)) + 1;
    this.nextRewardId = FIRST_REWARD_ID;
  }

  /** A brand of any org; a BadRequest (400 over HTTP) for an unknown one. */
  private brandOrThrow(brandId: unknown): BrandRewards {
    const stored = typeof brandId === 'number' ? this.brandStore.get(brandId) : undefined;
    if (!stored) throw new BadRequest(`Unknown brand: ${JSON.stringify(brandId) ?? String(brandId)}`);
    return stored;
  }

  /** The org named by `?org=` (default the first org). */
  private orgFromQuery(query: URLSearchParams): OrgGroups {
    const orgText = query.get('org')?.trim() ?? '';
    return this.orgGroups(orgText === '' ? SANDBOX_ORG_ID : (parseIntStrict(orgText) ?? orgText));
  }

  /** The groups of `orgId`; a BadRequest (400 over HTTP) for an org the sandbox does not serve. */
  private orgGroups(orgId: unknown): OrgGroups {
    const org = typeof orgId === 'number' ? this.orgs.get(orgId) : undefined;
    if (!org) {
      throw new BadRequest(
        `Unknown org: ${JSON.stringify(orgId) ?? String(orgId)} (the sandbox serves ${[...this.orgs.keys()].join(' and ')})`,
      );
    }
    return org;
  }

  /**
   * Decision: ids are unique across orgs, as one server's ids are; each org keeps its own
   * sequence, and one that reaches an id another org already holds (the first org past 2,689
   * groups) skips it.
   */
  private nextGroupId(org: OrgGroups): number {
    let id = org.nextId++;
    while (this.heldByAnotherOrg(id, org)) id = org.nextId++;
    return id;
  }

  private heldByAnotherOrg(id: number, org: OrgGroups): boolean {
    for (const other of this.orgs.values()) if (other !== org && other.store.has(id)) return true;
    return false;
  }

  private insert(
    org: OrgGroups,
    name: string,
    rank: number | null,
    isActive: boolean,
    userId: number,
    createdOn: number,
    lastUpdatedOn: number,
  ): SandboxGroup {
    const group: SandboxGroup = {
      id: this.nextGroupId(org),
      orgId: org.orgId,
      name,
      rank,
      isActive,
      createdBy: userId,
      createdOn,
      createdOnDateTime: isoSeconds(createdOn),
      lastUpdatedBy: userId,
      lastUpdatedOn,
      lastUpdatedOnDateTime: isoSeconds(lastUpdatedOn),
    };
    const key = name.toLowerCase();
    org.store.set(group.id, { group, key });
    org.nameIndex.set(key, group.id);
    return group;
  }

  // ------------------------------------------------------------------------------------------
  // HTTP

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const started = Date.now();
    const requestId = crypto.randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const parsed = new URL(rawUrl, 'http://127.0.0.1');
    const path = parsed.pathname;
    const control = path.startsWith(CONTROL_PREFIX) || path === CONTROL_PREFIX.slice(0, -1);

    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const query: Record<string, string> = {};
      for (const [k, v] of parsed.searchParams) if (!(k in query)) query[k] = v;
      const record: RecordedRequest = {
        method,
        path,
        query,
        headers: flattenHeaders(req.headers),
        body,
        status: 0,
        requestId,
        at: started,
      };
      const finish = (answer: Answer): void => {
        record.status = answer.status;
        this.send(res, answer, requestId);
        this.log({ method, path, status: answer.status, durationMs: Date.now() - started, requestId, control });
      };

      if (control) {
        finish(this.safely(() => this.handleControl(method, path, parsed.searchParams, body)));
        return;
      }
      this.requests.push(record);
      // Authenticated once, at arrival: the record says in which org the request is served.
      const auth = this.authenticate(req.headers);
      if ('org' in auth) record.orgId = auth.org.orgId;
      const hook = this.takeHook(method, rawUrl, body);
      // A hook that runs first (a colleague's write landing just before this request) holds the request until it is done.
      if (hook?.when === 'before') {
        void hook.run().then(() => this.process(method, rawUrl, parsed, body, auth, record, tooLarge, finish, req));
      } else {
        this.process(
          method,
          rawUrl,
          parsed,
          body,
          auth,
          record,
          tooLarge,
          hook ? (answer) => void hook.run().then(() => finish(answer)) : finish,
          req,
        );
      }
    });
  }

  /** Handles a recorded API request: an injection's answer, or the route's; `finish` sends the answer. */
  private process(
    method: string,
    rawUrl: string,
    parsed: URL,
    body: string,
    auth: Caller | { answer: Answer },
    record: RecordedRequest,
    tooLarge: boolean,
    finish: (answer: Answer) => void,
    req: http.IncomingMessage,
  ): void {
    const path = parsed.pathname;
    const { requestId, at: started } = record;
    // Decision: a create whose credentials let no one in is checked against the first org, as before there were two.
    if (method === 'POST' && path.endsWith('/group/create')) {
      record.nameHeldBy = this.nameHolder(body, 'org' in auth ? auth.org : this.orgGroups(SANDBOX_ORG_ID));
    }
    if (tooLarge) {
      finish(statusError(413, 413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const injection = this.takeInjection(method, rawUrl, body);
    if (injection) {
      // With afterHandling the request takes effect now; only its answer is lost or late.
      const real =
        injection.afterHandling || injection.passThrough
          ? this.safely(() => this.route(method, path, parsed.searchParams, auth, body))
          : undefined;
      const act = (): void => {
        if (injection.destroySocket) {
          record.status = 0;
          // Reset (RST) rather than a clean close, like a dropped gateway connection.
          const socket = req.socket as Socket & { resetAndDestroy?: () => void };
          if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
          else socket.destroy();
          this.log({ method, path, status: 0, durationMs: Date.now() - started, requestId, control: false });
          return;
        }
        // afterHandling: handled for its effect; the client gets the injected answer.
        finish(injection.passThrough && real ? real : injectedAnswer(injection));
      };
      if (injection.delayMs) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          act();
        }, injection.delayMs);
        this.timers.add(timer);
      } else {
        act();
      }
      return;
    }
    finish(this.safely(() => this.route(method, path, parsed.searchParams, auth, body)));
  }

  private safely(fn: () => Answer): Answer {
    try {
      return fn();
    } catch (error) {
      if (error instanceof BadRequest) return badRequest(error.message);
      return statusError(500, 500, 'Internal sandbox error');
    }
  }

  private send(res: http.ServerResponse, answer: Answer, requestId: string): void {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string | number> = { ...answer.headers };
    // The injection may have set its own (any case) X-Cap-Requestid; ours replaces it.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === REQUEST_ID_HEADER.toLowerCase()) delete headers[name];
    }
    headers[REQUEST_ID_HEADER] = requestId;
    // The server's own clock (offset included), unless the answer brings its own Date.
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'date')) {
      headers.Date = new Date(this.serverTime()).toUTCString();
    }
    if (
      answer.repeatBody !== undefined ||
      answer.bodyPrefix !== undefined ||
      answer.bodySuffix !== undefined ||
      answer.gzip ||
      answer.chunked
    ) {
      streamAnswer(res, answer, headers);
      return;
    }
    const payload = Buffer.from(answer.body, 'utf8');
    headers['Content-Length'] = payload.length;
    res.writeHead(answer.status, headers);
    res.end(payload);
  }

  private log(entry: SandboxLogEntry): void {
    if (!this.onResponse) return;
    try {
      this.onResponse(entry);
    } catch {
      // A broken logger must never break the sandbox.
    }
  }

  private takeInjection(method: string, rawUrl: string, body: string): InjectedResponse | undefined {
    const index = this.injections.findIndex((i) => matches(i, method, rawUrl, body));
    if (index < 0) return undefined;
    const injection = this.injections[index]!;
    const remaining = (injection.times ?? 1) - 1;
    if (remaining <= 0) this.injections.splice(index, 1);
    else this.injections[index] = { ...injection, times: remaining };
    return injection;
  }

  private takeHook(method: string, rawUrl: string, body: string): Sandbox['hooks'][number] | undefined {
    const index = this.hooks.findIndex((hook) => matches(hook.match, method, rawUrl, body));
    return index < 0 ? undefined : this.hooks.splice(index, 1)[0];
  }

  /** Who created the group that holds the name a create body asks for; undefined when it is free or unreadable. */
  private nameHolder(body: string, org: OrgGroups): number | undefined {
    try {
      const name = (JSON.parse(body) as { name?: unknown }).name;
      const id = typeof name === 'string' ? org.nameIndex.get(name.trim().toLowerCase()) : undefined;
      return id === undefined ? undefined : org.store.get(id)?.group.createdBy;
    } catch {
      return undefined;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Control endpoints

  private handleControl(method: string, path: string, query: URLSearchParams, body: string): Answer {
    const ok = json(200, { ok: true });
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /__sandbox/requests':
        return json(200, this.requests);
      case 'GET /__sandbox/groups':
        // Extra: ?org=N lists that org's groups (default the first org).
        return json(200, this.groups(this.orgFromQuery(query).orgId));
      case 'POST /__sandbox/groups': {
        // Extra: add a group without going through auth (same fields as addGroup, `org` included).
        const fields = parseJsonObject(body);
        try {
          return json(
            200,
            this.addGroup(fields as { name: string; rank?: number | null; isActive?: boolean; org?: number }),
          );
        } catch (error) {
          return badRequest((error as Error).message);
        }
      }
      case 'POST /__sandbox/reset':
        this.reset();
        return ok;
      case 'POST /__sandbox/expire-tokens':
        this.expireTokens();
        return ok;
      case 'POST /__sandbox/revoke-tokens':
        this.revokeTokens();
        return ok;
      case 'POST /__sandbox/clock': {
        // Extra: {"offsetMs": N} puts the server's clock N ms off the machine's.
        this.clockOffsetMs = validateOffset(parseJsonObject(body).offsetMs);
        return ok;
      }
      case 'POST /__sandbox/token-ttl': {
        this.ttlSeconds = validateTtl(parseJsonObject(body).seconds);
        return ok;
      }
      case 'POST /__sandbox/rate-limit': {
        // Extra: {"perMinute": N} limits each account to N group requests a minute, {"perMinute": null} lifts it.
        const fields = parseJsonObject(body);
        // An absent field is more likely a typo than a wish to lift the limit.
        if (!('perMinute' in fields)) throw new BadRequest('perMinute must be a positive integer or null');
        this.setRateLimit(validateRateLimit(fields.perMinute));
        return ok;
      }
      case 'POST /__sandbox/inject':
        this.injections.push(validateInjection(parseJsonObject(body)));
        return ok;
      case 'POST /__sandbox/seed': {
        // Extra: {"count": N, "org": M} adds N seed groups to org M, default the first org (reset does not re-seed).
        const { count, org } = parseJsonObject(body);
        const target = this.orgGroups(org ?? SANDBOX_ORG_ID);
        if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > 100_000) {
          throw new BadRequest('count must be an integer between 0 and 100000');
        }
        this.seed(count as number, target.orgId);
        return ok;
      }
      case 'GET /__sandbox/brands':
        // Extra: ?org=N lists that org's brands (default the first org).
        return json(200, this.brands(this.orgFromQuery(query).orgId));
      case 'POST /__sandbox/brands':
        // Extra: adds a brand (same fields as addBrand: name, orgId, enabled).
        return json(200, this.addBrand(parseJsonObject(body) as { name: string; orgId?: number; enabled?: boolean }));
      case 'POST /__sandbox/remove-brands': {
        // Extra: {"orgId": N} leaves org N (default the first org) without brands or rewards.
        const { orgId } = parseJsonObject(body);
        this.removeBrands(this.orgGroups(orgId ?? SANDBOX_ORG_ID).orgId);
        return ok;
      }
      case 'GET /__sandbox/rewards': {
        // Extra: ?brand=N lists that brand's rewards, every brand's without it.
        const brandText = query.get('brand')?.trim() ?? '';
        return json(
          200,
          this.rewards(
            brandText === '' ? undefined : this.brandOrThrow(parseIntStrict(brandText) ?? brandText).brand.id,
          ),
        );
      }
      case 'POST /__sandbox/rewards':
        // Extra: adds a reward (same fields as addReward).
        return json(200, this.addReward(parseJsonObject(body) as Parameters<Sandbox['addReward']>[0]));
      case 'POST /__sandbox/seed-brands': {
        // Extra: {"count": N, "orgId": M, "rewardsPerBrand": R, "groupNames": [...]} as seedBrands.
        const fields = parseJsonObject(body) as Parameters<Sandbox['seedBrands']>[0];
        return json(200, this.seedBrands(fields));
      }
      case 'POST /__sandbox/list-fault':
        // Extra: a ListFault ({"growingTotal": true}, {"paging": "omit"}, …), or {} to clear it.
        this.setListFault(validateListFault(parseJsonObject(body)));
        return ok;
      case 'POST /__sandbox/seed-rewards': {
        // Extra: {"brandId": N, "count": C, "groupNames": [...]} as seedRewards.
        const fields = parseJsonObject(body);
        if (!Number.isInteger(fields.count) || (fields.count as number) < 0 || (fields.count as number) > 100_000) {
          throw new BadRequest('count must be an integer between 0 and 100000');
        }
        this.seedRewards({
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

  // ------------------------------------------------------------------------------------------
  // API routing

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    auth: Caller | { answer: Answer },
    body: string,
  ): Answer {
    if (path === TOKEN_PATH) {
      if (method !== 'POST') return statusError(405, 405, `Method ${method} not allowed on ${path}`);
      return this.generateToken(body);
    }
    const handler = this.rewardsRoute(method, path, query, body) ?? this.groupRoute(method, path, query, body);
    if (typeof handler !== 'function') return handler;
    if ('answer' in auth) return auth.answer;
    return this.rateLimited(auth.account) ?? handler(auth);
  }

  /** The group operation a request asks for, or the 404/405 it gets. */
  private groupRoute(
    method: string,
    path: string,
    query: URLSearchParams,
    body: string,
  ): ((caller: Caller) => Answer) | Answer {
    const prefix = GROUP_PREFIXES.find((p) => path === `${p}/group` || path.startsWith(`${p}/group/`));
    if (prefix === undefined) return statusError(404, 404, `No such endpoint: ${method} ${path}`);
    // Decision: one trailing slash is tolerated ("/group/" is the list, "/group/5/" is id 5).
    const rest = path.slice(prefix.length).replace(/\/$/, '');
    const segments = rest.split('/').slice(1); // ['group', ...]
    if (segments.length > 2) return statusError(404, 404, `No such endpoint: ${method} ${path}`);

    // Each operation sees only the caller's org: another org's id is as unknown as a missing one.
    if (segments.length === 1) {
      if (method !== 'GET') return statusError(405, 405, `Method ${method} not allowed on ${path}`);
      return ({ org }) => this.list(query, org);
    }
    if (segments[1] === 'create' && method === 'POST') return ({ userId, org }) => this.create(body, userId, org);
    if (method === 'GET') return ({ org }) => this.getById(segments[1]!, org);
    if (method === 'PUT') return ({ userId, org }) => this.update(segments[1]!, body, userId, org);
    return statusError(405, 405, `Method ${method} not allowed on ${path}`);
  }

  /**
   * The rewards operation a request asks for, or the 405 it gets; undefined for a path that is
   * not a rewards endpoint. Decision: as for groups, one trailing slash is tolerated. Both are
   * reads, and see only the caller's org's brands.
   */
  private rewardsRoute(
    method: string,
    path: string,
    query: URLSearchParams,
    body: string,
  ): ((caller: Caller) => Answer) | Answer | undefined {
    if (!path.startsWith(`${REWARDS_PREFIX}/`)) return undefined;
    const rest = path.slice(REWARDS_PREFIX.length).replace(/\/$/, '');
    if (rest === '/brand/getAll') {
      if (method !== 'POST') return statusError(405, 405, `Method ${method} not allowed on ${path}`);
      return ({ org }) => this.brandList(body, org);
    }
    const brandId = /^\/reward\/list\/brand\/([^/]+)$/.exec(rest)?.[1];
    if (brandId === undefined) return undefined;
    if (method !== 'GET') return statusError(405, 405, `Method ${method} not allowed on ${path}`);
    return ({ org }) => this.rewardList(brandId, query, org);
  }

  /**
   * Counts a request of `account` and answers 429 when the last minute already holds the limit.
   * Decisions: only authenticated group and reward operations count (reward reads pass the same
   * gateway, so they use up the same allowance; not the token endpoint, unknown paths,
   * 401/403/498, over-large bodies, or requests an injection answers without handling); a refused
   * request is not counted, so waiting Retry-After always lets the next one through.
   */
  private rateLimited(account: string): Answer | undefined {
    const limit = this.rateLimitPerMinute;
    if (limit === undefined) return undefined;
    const now = this.now();
    let counted = this.rateWindows.get(account);
    if (!counted) this.rateWindows.set(account, (counted = []));
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
  private authenticate(headers: http.IncomingHttpHeaders): Caller | { answer: Answer } {
    const tokenHeader = headers['x-cap-api-oauth-token'];
    const token = (Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader)?.trim();
    if (token) {
      const issued = this.tokens.get(token);
      if (!issued) return { answer: unauthorized() };
      if (this.now() >= issued.expiresAt) {
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
    return { userId: till.userId, org: this.orgGroups(till.orgId), account: `basic:${decoded.slice(0, colon)}` };
  }

  private generateToken(body: string): Answer {
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
    const now = this.now();
    const ttl = this.ttlSeconds;
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
    const signature = crypto.createHmac('sha256', this.signingKey).update(`${header}.${payload}`).digest('base64url');
    const accessToken = `${header}.${payload}.${signature}`;
    this.tokens.set(accessToken, { clientKey, userId: client.userId, org: this.orgGroups(client.orgId), expiresAt });
    this.tokensIssued++;
    this.issuedTokens.push(accessToken);
    return json(200, { data: { accessToken, ttlSeconds: ttl }, errors: null });
  }

  // ------------------------------------------------------------------------------------------
  // Group operations

  private create(body: string, userId: number, org: OrgGroups): Answer {
    const fields = parseJsonObject(body);
    const name = checkName(fields.name);
    if (name instanceof BadRequest) return badRequest(name.message);
    // Decision: an absent rank is null (as documented for create).
    const rank = fields.rank === undefined ? null : fields.rank;
    if (rank !== null && !isInt32(rank)) return badRequest('Group rank must be an integer (int32) or null');
    if (org.nameIndex.has(name.toLowerCase())) return duplicateName();
    const now = this.serverTime();
    return json(200, this.insert(org, name, rank, true, userId, now, now));
  }

  private findById(idText: string, org: OrgGroups): StoredGroup | Answer {
    const id = parseIntStrict(idText);
    if (id === undefined || !isInt32(id)) return badRequest(`Group id must be an integer: ${idText}`);
    return org.store.get(id) ?? statusError(404, 404, 'Group not found');
  }

  private getById(idText: string, org: OrgGroups): Answer {
    const found = this.findById(idText, org);
    if (!('group' in found)) return found;
    return json(200, found.group);
  }

  /**
   * Decisions: the id is checked (400/404) before the body; an absent rank or isActive keeps the
   * current value, an explicit null rank clears it; every successful PUT bumps lastUpdatedOn/By,
   * even when nothing changed.
   */
  private update(idText: string, body: string, userId: number, org: OrgGroups): Answer {
    const found = this.findById(idText, org);
    if (!('group' in found)) return found;
    const fields = parseJsonObject(body);
    const name = checkName(fields.name);
    if (name instanceof BadRequest) return badRequest(name.message);
    if (fields.rank !== undefined && fields.rank !== null && !isInt32(fields.rank)) {
      return badRequest('Group rank must be an integer (int32) or null');
    }
    if (fields.isActive !== undefined && typeof fields.isActive !== 'boolean') {
      return badRequest('isActive must be a boolean');
    }
    const key = name.toLowerCase();
    const holder = org.nameIndex.get(key);
    if (holder !== undefined && holder !== found.group.id) return duplicateName();

    const group = found.group;
    if (key !== found.key) {
      org.nameIndex.delete(found.key);
      org.nameIndex.set(key, group.id);
      found.key = key;
    }
    group.name = name;
    if (fields.rank !== undefined) group.rank = fields.rank;
    if (fields.isActive !== undefined) group.isActive = fields.isActive;
    const now = this.serverTime();
    group.lastUpdatedBy = userId;
    group.lastUpdatedOn = now;
    group.lastUpdatedOnDateTime = isoSeconds(now);
    return json(200, group);
  }

  /**
   * Decisions: page/size must be plain decimal integers (page ≥ 0); size is then clamped to
   * 1..1000 and pagingDto.size reports the clamped value; active, orderBy and sortOn are
   * case-insensitive and an empty value means "absent"; name is trimmed, blank means no filter.
   * Without sortOn the groups are sorted by RANK, Capillary's documented default. Ties go by id
   * ascending; null ranks sort last in both directions.
   */
  private list(query: URLSearchParams, org: OrgGroups): Answer {
    const param = (name: string): string | undefined => queryParam(query, name);
    const paging = parsePaging(query, 10);
    if (!('page' in paging)) return paging;
    const { page, size } = paging;

    const activeText = param('active')?.toLowerCase();
    if (activeText !== undefined && activeText !== 'true' && activeText !== 'false') {
      return badRequest(`Invalid active: ${param('active')} (expected true or false)`);
    }
    const orderText = (param('orderBy') ?? 'ASC').toUpperCase();
    if (orderText !== 'ASC' && orderText !== 'DESC') {
      return badRequest(`Invalid orderBy: ${param('orderBy')} (expected ASC or DESC)`);
    }
    const sortText = param('sortOn')?.toUpperCase();
    if (sortText !== undefined && sortText !== 'RANK' && sortText !== 'LAST_UPDATED_ON') {
      return badRequest(`Invalid sortOn: ${param('sortOn')} (expected RANK or LAST_UPDATED_ON)`);
    }
    const nameFilter = param('name')?.toLowerCase();
    const active = activeText === undefined ? undefined : activeText === 'true';

    const matches: SandboxGroup[] = [];
    for (const stored of org.store.values()) {
      if (active !== undefined && stored.group.isActive !== active) continue;
      if (nameFilter !== undefined && !stored.key.includes(nameFilter)) continue;
      matches.push(stored.group);
    }
    const dir = orderText === 'DESC' ? -1 : 1;
    if (sortText === undefined || sortText === 'RANK') {
      matches.sort((a, b) => {
        if (a.rank === null || b.rank === null) {
          if (a.rank !== b.rank) return a.rank === null ? 1 : -1;
        } else if (a.rank !== b.rank) {
          return (a.rank - b.rank) * dir;
        }
        return a.id - b.id;
      });
    } else {
      matches.sort((a, b) => (a.lastUpdatedOn - b.lastUpdatedOn) * dir || a.id - b.id);
    }

    const start = page * size;
    const content: SandboxGroup[] = start < matches.length ? matches.slice(start, start + size) : [];
    const fault = this.faultFor('groups');
    let total = matches.length;
    if (fault?.growingTotal) {
      // Always a page more than the one read, beyond the stored groups: the end never comes.
      total = matches.length + (page + 2) * size;
      for (let index = Math.max(start, matches.length); content.length < size && index < total; index++) {
        content.push(this.growingGroup(org, index - matches.length));
      }
    }
    return json(200, {
      status: { success: true, code: 12013, message: 'Get all groups fetched successfully' },
      groupRoList: content,
      ...faultyPaging(fault, pagingDto(page, size, content.length, total)),
    });
  }

  private faultFor(list: 'groups' | 'rewards'): ListFault | undefined {
    const fault = this.listFault;
    return fault && (fault.lists === undefined || fault.lists === list) ? fault : undefined;
  }

  /** The n-th group a growingTotal fault makes up beyond the stored ones: never stored, ids far above any stored. */
  private growingGroup(org: OrgGroups, n: number): SandboxGroup {
    const now = this.serverTime();
    return {
      id: GROWING_FIRST_ID + n,
      orgId: org.orgId,
      name: `Growing Group ${n + 1}`,
      rank: null,
      isActive: true,
      createdBy: org.definition.defaultUserId,
      createdOn: now,
      createdOnDateTime: isoSeconds(now),
      lastUpdatedBy: org.definition.defaultUserId,
      lastUpdatedOn: now,
      lastUpdatedOnDateTime: isoSeconds(now),
    };
  }

  // ------------------------------------------------------------------------------------------
  // Rewards operations (read-only)

  /**
   * Decisions: orgIds must be a non-empty array of integers (400 otherwise); an id other than the
   * caller's org adds nothing, since another org's brands are not the caller's to see (an org the
   * caller asks for twice is listed once). Brands by id.
   */
  private brandList(body: string, org: OrgGroups): Answer {
    const { orgIds } = parseJsonObject(body);
    if (!Array.isArray(orgIds) || orgIds.length === 0 || !orgIds.every((id) => Number.isSafeInteger(id))) {
      return badRequest('orgIds must be a non-empty array of integers');
    }
    return json(200, {
      status: { success: true, code: 3001, message: 'Brand fetched successfully' },
      brandList: orgIds.includes(org.orgId) ? this.brands(org.orgId) : [],
    });
  }

  /**
   * Decisions: brandId must be a decimal integer (400 otherwise); an unknown brand, or one of
   * another org, is HTTP 400 code 6104 "Brand not found". page/size as for groups, but size
   * defaults to 100, Capillary's documented default. groupName is one name, trimmed and matched
   * whole but ignoring case (undocumented on Capillary; a client that trusts the filter is caught
   * showing "vip gold" under "VIP Gold"); a comma is part of the name. rewardStatus and enabled
   * ignore case, a bad value is 400; rewardName is a case-insensitive substring. With groupName
   * the rewards follow that group's groupRank, unranked after, ties and unranked newest first,
   * then by id; without it, by id.
   */
  private rewardList(brandIdText: string, query: URLSearchParams, org: OrgGroups): Answer {
    const brandId = parseIntStrict(brandIdText);
    if (brandId === undefined || !isInt32(brandId)) return badRequest(`Brand id must be an integer: ${brandIdText}`);
    const stored = this.brandStore.get(brandId);
    if (!stored || stored.brand.orgId !== org.orgId) return brandNotFound();
    const paging = parsePaging(query, 100);
    if (!('page' in paging)) return paging;
    const { page, size } = paging;
    const statusText = queryParam(query, 'rewardStatus')?.toUpperCase();
    if (statusText !== undefined && !REWARD_STATUSES.includes(statusText as SandboxRewardStatus)) {
      return badRequest(
        `Invalid rewardStatus: ${queryParam(query, 'rewardStatus')} (expected LIVE, UPCOMING or ENDED)`,
      );
    }
    const enabledText = queryParam(query, 'enabled')?.toLowerCase();
    if (enabledText !== undefined && enabledText !== 'true' && enabledText !== 'false') {
      return badRequest(`Invalid enabled: ${queryParam(query, 'enabled')} (expected true or false)`);
    }
    const enabled = enabledText === undefined ? undefined : enabledText === 'true';
    const nameFilter = queryParam(query, 'rewardName')?.toLowerCase();
    const groupName = queryParam(query, 'groupName');

    // Counted in one pass, keeping only the page: nothing the size of the brand is built per request.
    const source = groupName === undefined ? stored.rewards : stored.inGroup(groupName);
    const start = page * size;
    const content: SandboxReward[] = [];
    let totalElements = 0;
    for (const reward of source) {
      if (statusText !== undefined && reward.status !== statusText) continue;
      if (enabled !== undefined && reward.enabled !== enabled) continue;
      if (nameFilter !== undefined && !reward.name.toLowerCase().includes(nameFilter)) continue;
      if (totalElements >= start && content.length < size) content.push(reward);
      totalElements++;
    }
    const fault = this.faultFor('rewards');
    let total = totalElements;
    if (fault?.growingTotal) {
      total = totalElements + (page + 2) * size;
      for (let index = Math.max(start, totalElements); content.length < size && index < total; index++) {
        content.push(growingReward(stored.brand.id, index - totalElements, groupName));
      }
    }
    return json(200, {
      status: { success: true, code: 6101, message: 'Reward details fetched successfully' },
      rewardList: content,
      ...faultyPaging(fault, pagingDto(page, size, content.length, total)),
    });
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Validates a group name. Decisions: the name is stored trimmed (so " A " and "A" are the same
 * group), and the 255-character limit counts the trimmed name in UTF-16 code units, as a Java
 * service's String.length() does (an emoji counts two).
 */
function checkName(value: unknown): string | BadRequest {
  if (value === undefined || value === null) return new BadRequest('Group name must not be null');
  if (typeof value !== 'string') return new BadRequest('Group name must be a string');
  const name = value.trim();
  if (name === '') return new BadRequest('Group name must not be null');
  const length = name.length;
  if (length > NAME_MAX_LENGTH) {
    return new BadRequest(`Group name must be at most ${NAME_MAX_LENGTH} characters (got ${length})`);
  }
  return name;
}

function duplicateName(): Answer {
  return statusError(400, 12012, 'Group name must be unique');
}

/** A query parameter trimmed; undefined when absent or blank. */
function queryParam(query: URLSearchParams, name: string): string | undefined {
  const v = query.get(name);
  return v === null || v.trim() === '' ? undefined : v.trim();
}

/** `page` (default 0) and `size` (default `defaultSize`, clamped to 1..1000), or the 400 for a bad value. */
function parsePaging(query: URLSearchParams, defaultSize: number): { page: number; size: number } | Answer {
  const pageText = queryParam(query, 'page');
  const page = pageText === undefined ? 0 : parseIntStrict(pageText);
  if (page === undefined || page < 0 || page > INT32_MAX) return badRequest(`Invalid page: ${pageText}`);
  const sizeText = queryParam(query, 'size');
  const rawSize = sizeText === undefined ? defaultSize : parseIntStrict(sizeText);
  if (rawSize === undefined) return badRequest(`Invalid size: ${sizeText}`);
  return { page, size: Math.min(1000, Math.max(1, rawSize)) };
}

function pagingDto(
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

/** Ids of what a growingTotal fault makes up: far above the stored groups' and rewards'. */
const GROWING_FIRST_ID = 100_000_000;

/** The paging part of a list answer as the fault has it: whole, left out, or only `number` and `size`. */
function faultyPaging(
  fault: ListFault | undefined,
  paging: Record<string, number | boolean>,
): { pagingDto?: Record<string, number | boolean> } {
  if (fault?.paging === 'omit') return {};
  if (fault?.paging === 'partial') return { pagingDto: { number: paging.number!, size: paging.size! } };
  return { pagingDto: paging };
}

/** The n-th reward a growingTotal fault makes up beyond a brand's stored ones, naming the group asked for (none without). */
function growingReward(brandId: number, n: number, groupName: string | undefined): SandboxReward {
  return {
    id: GROWING_FIRST_ID + n,
    name: `Growing Reward ${n + 1}`,
    status: 'LIVE',
    enabled: true,
    ...rewardPeriod('LIVE', Date.UTC(2025, 0, 1)),
    groups: groupName === undefined ? [] : [{ groupName, groupRank: null }],
    rewardRank: null,
    lastUpdatedOn: 0,
    brandId,
  };
}

function validateListFault(value: Record<string, unknown>): ListFault | undefined {
  const { lists, growingTotal, paging } = value;
  if (lists !== undefined && lists !== 'groups' && lists !== 'rewards') {
    throw new BadRequest('lists must be "groups" or "rewards"');
  }
  if (growingTotal !== undefined && typeof growingTotal !== 'boolean') {
    throw new BadRequest('growingTotal must be a boolean');
  }
  if (paging !== undefined && paging !== 'omit' && paging !== 'partial') {
    throw new BadRequest('paging must be "omit" or "partial"');
  }
  const fault: ListFault = {
    ...(lists ? { lists } : {}),
    ...(growingTotal ? { growingTotal } : {}),
    ...(paging ? { paging } : {}),
  };
  return fault.growingTotal || fault.paging ? fault : undefined;
}

function validateListFaultOrThrow(fault: ListFault | undefined): ListFault | undefined {
  if (fault === undefined) return undefined;
  try {
    return validateListFault(fault as Record<string, unknown>);
  } catch (error) {
    throw new Error((error as Error).message, { cause: error });
  }
}

function brandNotFound(): Answer {
  return statusError(400, 6104, 'Brand not found');
}

const DAY_MS = 86_400_000;

/** Start and end around `now` that fit the status: running, not started yet, or over. */
function rewardPeriod(status: SandboxRewardStatus, now: number): { startDateTime: string; endDateTime: string } {
  const [start, end] =
    status === 'LIVE'
      ? [now - 30 * DAY_MS, now + 30 * DAY_MS]
      : status === 'UPCOMING'
        ? [now + 7 * DAY_MS, now + 37 * DAY_MS]
        : [now - 60 * DAY_MS, now - 30 * DAY_MS];
  return { startDateTime: isoSeconds(start), endDateTime: isoSeconds(end) };
}

function copyReward(reward: SandboxReward): SandboxReward {
  return { ...reward, groups: reward.groups.map((link) => ({ ...link })) };
}

/** Checks the links of addReward; a BadRequest (400 over HTTP) names what is wrong. */
function checkRewardGroups(value: unknown): SandboxRewardGroup[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new BadRequest('groups must be an array of {groupName, groupRank}');
  return value.map((link: unknown) => {
    const l = (typeof link === 'object' && link !== null ? link : {}) as Record<string, unknown>;
    if (typeof l.groupName !== 'string' || l.groupName.trim() === '') {
      throw new BadRequest('Each group needs a non-empty groupName');
    }
    const groupRank = l.groupRank ?? null;
    if (groupRank !== null && !isInt32(groupRank)) throw new BadRequest('groupRank must be an integer (int32) or null');
    // Kept as given: a reward may spell a group's name in another case, which is the point of some tests.
    return { groupName: l.groupName, groupRank };
  });
}

/**
 * Decision: without an explicit content-type header, a body that parses as JSON is sent as
 * application/json, any other non-empty body as text/plain; charset=utf-8, an empty body with none.
 */
function injectedAnswer(injection: InjectedResponse): Answer {
  const body = injection.body ?? '';
  const headers: Record<string, string> = { ...(injection.headers ?? {}) };
  const hasContentType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  // A repeated body is judged by one repetition between its prefix and suffix.
  const sample = (injection.bodyPrefix ?? '') + body + (injection.bodySuffix ?? '');
  if (!hasContentType && sample !== '') {
    let isJson = true;
    try {
      JSON.parse(sample);
    } catch {
      isJson = false;
    }
    headers['Content-Type'] = isJson ? 'application/json' : 'text/plain; charset=utf-8';
  }
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || (injection.gzip && lower === 'content-encoding')) delete headers[name];
  }
  const { repeatBody, bodyPrefix, bodySuffix, gzip, chunked } = injection;
  return {
    status: injection.status ?? 200,
    body,
    headers,
    ...(repeatBody !== undefined ? { repeatBody } : {}),
    ...(bodyPrefix !== undefined ? { bodyPrefix } : {}),
    ...(bodySuffix !== undefined ? { bodySuffix } : {}),
    ...(gzip ? { gzip } : {}),
    ...(chunked ? { chunked } : {}),
  };
}

/**
 * Sends an injected answer as a stream: the prefix, the body `repeatBody` times (in blocks of
 * about 64 KiB), the suffix; gzipped on the fly if asked. It goes only as fast as the client
 * reads, and stops when the client closes the connection.
 */
function streamAnswer(res: http.ServerResponse, answer: Answer, headers: Record<string, string | number>): void {
  const prefix = Buffer.from(answer.bodyPrefix ?? '', 'utf8');
  const body = Buffer.from(answer.body, 'utf8');
  const suffix = Buffer.from(answer.bodySuffix ?? '', 'utf8');
  const times = answer.repeatBody ?? 1;
  if (answer.gzip) headers['Content-Encoding'] = 'gzip';
  else if (!answer.chunked) headers['Content-Length'] = prefix.length + body.length * times + suffix.length;
  res.writeHead(answer.status, headers);
  function* pieces(): Generator<Buffer> {
    if (prefix.length) yield prefix;
    if (body.length) {
      const perBlock = Math.max(1, Math.floor(65_536 / body.length));
      const block = Buffer.concat(Array<Buffer>(Math.min(perBlock, times)).fill(body));
      let left = times;
      for (; left >= perBlock; left -= perBlock) yield block;
      if (left > 0) yield block.subarray(0, left * body.length);
    }
    if (suffix.length) yield suffix;
  }
  const source = Readable.from(pieces(), { objectMode: false });
  // A client that stops reading (a body too large for it) ends the stream: not an error here.
  const done = () => undefined;
  if (answer.gzip) pipeline(source, zlib.createGzip(), res, done);
  else pipeline(source, res, done);
}

/** A clock offset: a finite number of ms, at most a year either way. */
function validateOffset(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 366 * 86_400_000) {
    throw new BadRequest('offsetMs must be a number of milliseconds within a year');
  }
  return Math.round(ms);
}

function validateTtlOrThrow(seconds: number): number {
  try {
    return validateTtl(seconds);
  } catch (error) {
    throw new Error((error as Error).message, { cause: error });
  }
}

function validateRateLimitOrThrow(perMinute: unknown): number | undefined {
  try {
    return validateRateLimit(perMinute);
  } catch (error) {
    throw new Error((error as Error).message, { cause: error });
  }
}

function validateInjectionOrThrow(response: InjectedResponse): InjectedResponse {
  try {
    return validateInjection(response);
  } catch (error) {
    throw new Error((error as Error).message, { cause: error });
  }
}
