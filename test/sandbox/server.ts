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
//
// This file is the HTTP server: it reads requests, records them, runs hooks and injections and
// routes to the role modules (groups.ts, rewards.ts, auth.ts, faults.ts, control.ts), which share
// one SandboxState (state.ts). Everything importers use is exported from here.

import * as http from 'http';
import * as https from 'https';
import * as crypto from 'crypto';
import type { AddressInfo } from 'net';
import type { Socket } from 'net';
import { URL } from 'url';
import {
  TOKEN_PATH,
  authenticate,
  generateToken,
  rateLimited,
  validateRateLimit,
  validateTtl,
  type Caller,
} from './auth';
import {
  SANDBOX_ORG_ID,
  SECOND_ORG_ID,
  BadRequest,
  badRequest,
  plainError,
  statusError,
  type Answer,
  type RequestMatch,
} from './common';
import { CONTROL_PREFIX, handleControl, takeHook, validateOffset } from './control';
import {
  injectedAnswer,
  streamAnswer,
  takeInjection,
  validateInjection,
  validateListFault,
  type InjectedResponse,
  type ListFault,
} from './faults';
import * as groups from './groups';
import type { SandboxGroup } from './groups';
import * as rewards from './rewards';
import type { RewardFields, SandboxBrand, SandboxReward } from './rewards';
import { SandboxState } from './state';

export {
  DEMO_CREDENTIALS,
  SANDBOX_ORG_ID,
  SECOND_ORG_ID,
  USER_IDS,
  isoSeconds,
  md5Hex,
  type RequestMatch,
} from './common';
export { TOKEN_PATH } from './auth';
export { CONTROL_PREFIX } from './control';
export type { InjectedResponse, ListFault } from './faults';
export { FIRST_GROUP_ID, GROUP_PREFIXES, SECOND_ORG_FIRST_GROUP_ID, type SandboxGroup } from './groups';
export {
  DEFAULT_BRANDS,
  FIRST_REWARD_ID,
  REWARD_STATUSES,
  REWARDS_PREFIX,
  type SandboxBrand,
  type SandboxReward,
  type RewardFields,
  type SandboxRewardGroup,
  type SandboxRewardStatus,
} from './rewards';

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
  /** Serve HTTPS with this certificate and key (PEM) instead of HTTP. */
  tls?: { cert: string; key: string };
  /** The loopback address to listen on, default 127.0.0.1 (127.0.0.2 is one a proxy is not bypassed for). */
  address?: string;
}

const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID_HEADER = 'X-Cap-Requestid';

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export class Sandbox {
  readonly url: string;
  readonly requests: RecordedRequest[] = [];
  /** Every access token generated since the last reset, so tests can look for them where they must not be. */
  readonly issuedTokens: string[];

  private readonly server: http.Server | https.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly onResponse: ((entry: SandboxLogEntry) => void) | undefined;
  private readonly state: SandboxState;
  private closed = false;

  private constructor(server: http.Server | https.Server, url: string, options: SandboxOptions) {
    this.server = server;
    this.url = url;
    const ttlSeconds = plainError(() => validateTtl(options.tokenTtlSeconds ?? 300));
    this.onResponse = options.onResponse;
    this.state = new SandboxState({
      now: options.now ?? Date.now,
      ttlSeconds,
      clockOffsetMs: validateOffset(options.clockOffsetMs ?? 0),
      rateLimitPerMinute: plainError(() => validateRateLimit(options.rateLimitPerMinute)),
    });
    this.issuedTokens = this.state.issuedTokens;
    rewards.resetBrands(this.state);
  }

  get tokensIssued(): number {
    return this.state.tokensIssued;
  }

  set tokensIssued(count: number) {
    this.state.tokensIssued = count;
  }

  /** Starts a sandbox listening on 127.0.0.1 only. */
  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const address = options.address ?? '127.0.0.1';
    if (!/^127\.\d+\.\d+\.\d+$/.test(address)) {
      throw new Error(`The sandbox listens on loopback addresses only, not ${address}`);
    }
    const server = options.tls
      ? https.createServer({ cert: options.tls.cert, key: options.tls.key })
      : http.createServer();
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.once('error', onError);
      server.listen(options.port ?? 0, address, () => {
        server.removeListener('error', onError);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    let sandbox: Sandbox;
    try {
      sandbox = new Sandbox(server, `${options.tls ? 'https' : 'http'}://${address}:${port}`, options);
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
    const state = this.state;
    for (const org of state.orgs.values()) org.clear();
    rewards.resetBrands(state);
    state.tokens.clear();
    this.requests.length = 0;
    state.injections = [];
    state.listFault = undefined;
    state.hooks = [];
    state.tokensIssued = 0;
    state.issuedTokens.length = 0;
    state.ttlSeconds = state.startTtlSeconds;
    state.clockOffsetMs = 0;
    this.setRateLimit(undefined);
  }

  /** The server's own clock, `clockOffsetMs` off the machine's: what it stamps groups and answers with. */
  serverTime(): number {
    return this.state.serverTime();
  }

  /** Puts the server's clock `ms` ahead of (or, negative, behind) the machine's. */
  setClockOffset(ms: number): void {
    this.state.clockOffsetMs = validateOffset(ms);
  }

  /** Lifetime of tokens generated from now on. */
  setTokenTtl(seconds: number): void {
    this.state.ttlSeconds = plainError(() => validateTtl(seconds));
  }

  /**
   * At most `perMinute` group and reward requests per account in any 60 seconds (sliding, on the
   * `now` clock); undefined lifts the limit. Requests already counted stay counted when the limit
   * changes, so a lower limit applies at once.
   */
  setRateLimit(perMinute: number | undefined): void {
    this.state.rateLimitPerMinute = plainError(() => validateRateLimit(perMinute));
    // Nothing is counted without a limit, so a limit set later starts from empty windows.
    if (this.state.rateLimitPerMinute === undefined) this.state.rateWindows.clear();
  }

  /** Every token issued so far now answers 498. */
  expireTokens(): void {
    const now = this.state.now();
    for (const token of this.state.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }

  /** Every token issued so far now answers 401 (as an unknown token). */
  revokeTokens(): void {
    this.state.tokens.clear();
  }

  /** Queues a one-off answer; the first queued injection that matches a request answers it. */
  inject(response: InjectedResponse): void {
    this.state.injections.push(plainError(() => validateInjection(response)));
  }

  /** Makes list answers misreport their paging (see ListFault) until cleared (undefined) or reset. */
  setListFault(fault: ListFault | undefined): void {
    this.state.listFault =
      fault === undefined ? undefined : plainError(() => validateListFault(fault as Record<string, unknown>));
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
      this.state.hooks.push({
        match: rest,
        when,
        run: () => Promise.resolve().then(action).then(resolve, reject),
      });
    });
  }

  /** A copy of one org's stored groups (default the first org), by id. */
  groups(orgId: number = SANDBOX_ORG_ID): SandboxGroup[] {
    return groups.groups(this.state, orgId);
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
    return groups.addGroup(this.state, fields);
  }

  /**
   * Creates `count` groups in `orgId` (default the first org) named "Seed Group 00001"…, with
   * varied ranks (every 7th null), every 5th inactive, created an hour apart in the past, by that
   * org's till. Linear time.
   */
  seed(count: number, orgId: number = SANDBOX_ORG_ID): void {
    groups.seed(this.state, count, orgId);
  }

  /** A copy of one org's brands (default the first org), by id. */
  brands(orgId: number = SANDBOX_ORG_ID): SandboxBrand[] {
    return rewards.brands(this.state, orgId);
  }

  /** Adds a brand to `orgId` (default the first org), with the next brand id. Throws on a blank name or an org the sandbox does not serve. */
  addBrand(fields: { name: string; orgId?: number; enabled?: boolean }): SandboxBrand {
    return rewards.addBrand(this.state, fields);
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
    return rewards.seedBrands(this.state, fields);
  }

  /** Removes every brand of `orgId` (default the first org) with its rewards: an org without brands. Ids are not reused. */
  removeBrands(orgId: number = SANDBOX_ORG_ID): void {
    rewards.removeBrands(this.state, orgId);
  }

  /**
   * Adds a reward to a brand, with the next reward id. Defaults: LIVE, enabled, no groups, no
   * rewardRank, updated now (the server's clock); start and end dates fit the status. Throws on
   * an unknown brand or an invalid field.
   */
  addReward(fields: RewardFields): SandboxReward {
    return rewards.addReward(this.state, fields);
  }

  /** A copy of one brand's rewards, or of every brand's without `brandId`, by id. */
  rewards(brandId?: number): SandboxReward[] {
    return rewards.rewards(this.state, brandId);
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
    rewards.seedRewards(this.state, fields);
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
        finish(this.safely(() => handleControl(this, this.state, method, path, parsed.searchParams, body)));
        return;
      }
      this.requests.push(record);
      // Authenticated once, at arrival: the record says in which org the request is served.
      const auth = authenticate(this.state, req.headers);
      if ('org' in auth) record.orgId = auth.org.orgId;
      const hook = takeHook(this.state, method, rawUrl, body);
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
      record.nameHeldBy = groups.nameHolder(body, 'org' in auth ? auth.org : this.state.orgGroups(SANDBOX_ORG_ID));
    }
    if (tooLarge) {
      finish(statusError(413, 413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const injection = takeInjection(this.state, method, rawUrl, body);
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
      return generateToken(this.state, body);
    }
    const handler =
      rewards.rewardsRoute(this.state, method, path, query, body) ??
      groups.groupRoute(this.state, method, path, query, body);
    if (typeof handler !== 'function') return handler;
    if ('answer' in auth) return auth.answer;
    return rateLimited(this.state, auth.account) ?? handler(auth);
  }
}
