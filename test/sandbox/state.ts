// The state every handler reads and changes: one object, so that the role modules need no class.

import * as crypto from 'crypto';
import type { IssuedToken } from './auth';
import { SANDBOX_ORG_ID, BadRequest, parseIntStrict } from './common';
import type { Hook } from './control';
import type { InjectedResponse, ListFault } from './faults';
import { ORGS, OrgGroups } from './groups';
import { FIRST_REWARD_ID, type BrandRewards } from './rewards';

export class SandboxState {
  readonly now: () => number;
  readonly startTtlSeconds: number;
  ttlSeconds: number;
  clockOffsetMs: number;
  /** Signs the JWT-looking tokens; new per process so tokens from another run never match. */
  readonly signingKey = crypto.randomBytes(32);
  tokensIssued = 0;
  /** Every access token generated since the last reset. */
  readonly issuedTokens: string[] = [];
  readonly orgs: ReadonlyMap<number, OrgGroups> = new Map(
    ORGS.map((definition) => [definition.orgId, new OrgGroups(definition)]),
  );
  readonly tokens = new Map<string, IssuedToken>();
  injections: InjectedResponse[] = [];
  listFault: ListFault | undefined;
  hooks: Hook[] = [];
  rateLimitPerMinute: number | undefined;
  /** Per account, the `now` times of the requests counted in the last minute, oldest first. */
  readonly rateWindows = new Map<string, number[]>();
  /** Every org's brands by id, each with its rewards; one id sequence for brands and one for rewards, server-wide. */
  readonly brandStore = new Map<number, BrandRewards>();
  nextBrandId = 1;
  nextRewardId = FIRST_REWARD_ID;

  constructor(options: {
    now: () => number;
    ttlSeconds: number;
    clockOffsetMs: number;
    rateLimitPerMinute: number | undefined;
  }) {
    this.now = options.now;
    this.startTtlSeconds = options.ttlSeconds;
    this.ttlSeconds = options.ttlSeconds;
    this.clockOffsetMs = options.clockOffsetMs;
    this.rateLimitPerMinute = options.rateLimitPerMinute;
  }

  /** The server's own clock, `clockOffsetMs` off the machine's: what it stamps groups and answers with. */
  serverTime(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** The org named by `?org=` (default the first org). */
  orgFromQuery(query: URLSearchParams): OrgGroups {
    const orgText = query.get('org')?.trim() ?? '';
    return this.orgGroups(orgText === '' ? SANDBOX_ORG_ID : (parseIntStrict(orgText) ?? orgText));
  }

  /** The groups of `orgId`; a BadRequest (400 over HTTP) for an org the sandbox does not serve. */
  orgGroups(orgId: unknown): OrgGroups {
    const org = typeof orgId === 'number' ? this.orgs.get(orgId) : undefined;
    if (!org) {
      throw new BadRequest(
        `Unknown org: ${JSON.stringify(orgId) ?? String(orgId)} (the sandbox serves ${[...this.orgs.keys()].join(' and ')})`,
      );
    }
    return org;
  }
}
