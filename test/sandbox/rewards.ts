// The rewards endpoints (brand/getAll, reward/list/brand/{id}, read-only) and the brands and
// rewards behind them.

import {
  SANDBOX_ORG_ID,
  SECOND_ORG_ID,
  BadRequest,
  badRequest,
  isInt32,
  isoSeconds,
  json,
  pagingDto,
  parseIntStrict,
  parseJsonObject,
  parsePaging,
  queryParam,
  statusError,
  type Answer,
} from './common';
import type { Caller } from './auth';
import type { OrgGroups } from './groups';
import { GROWING_FIRST_ID, faultFor, faultyPaging } from './faults';
import type { SandboxState } from './state';

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

/** What addReward takes: a brand and a name, the rest optional. */
export type RewardFields = {
  brandId: number;
  name: string;
  status?: SandboxRewardStatus;
  enabled?: boolean;
  groups?: { groupName: string; groupRank?: number | null }[];
  rewardRank?: number | null;
  lastUpdatedOn?: number;
};

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

interface RewardIndexEntry {
  reward: SandboxReward;
  /** Its rank in the group: the lowest of its links naming the group (ignoring case); null = unranked. */
  rank: number | null;
}

/**
 * One brand and its rewards, with an index per group name: a page filtered by group is a slice
 * of a list sorted once after a change, not a scan and sort of every reward on every request.
 */
export class BrandRewards {
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

/** Sandbox.brands(), documented there. */
export function brands(state: SandboxState, orgId: number = SANDBOX_ORG_ID): SandboxBrand[] {
  const org = state.orgGroups(orgId);
  return [...state.brandStore.values()]
    .filter((stored) => stored.brand.orgId === org.orgId)
    .map((stored) => ({ ...stored.brand }));
}

/** Sandbox.addBrand(), documented there. */
export function addBrand(
  state: SandboxState,
  fields: { name: string; orgId?: number; enabled?: boolean },
): SandboxBrand {
  const org = state.orgGroups(fields.orgId ?? SANDBOX_ORG_ID);
  if (typeof fields.name !== 'string' || fields.name.trim() === '') {
    throw new BadRequest('Brand name must be a non-empty string');
  }
  if (fields.enabled !== undefined && typeof fields.enabled !== 'boolean') {
    throw new BadRequest('enabled must be a boolean');
  }
  const brand: SandboxBrand = {
    id: state.nextBrandId++,
    brand: fields.name.trim(),
    enabled: fields.enabled ?? true,
    orgId: org.orgId,
  };
  state.brandStore.set(brand.id, new BrandRewards(brand));
  return { ...brand };
}

/** Sandbox.seedBrands(), documented there. */
export function seedBrands(
  state: SandboxState,
  fields: {
    count: number;
    orgId?: number;
    rewardsPerBrand?: number;
    groupNames?: string[];
  },
): SandboxBrand[] {
  const { count, rewardsPerBrand = 0, groupNames = [] } = fields;
  if (!Number.isInteger(count) || count < 0 || count > 10_000) {
    throw new BadRequest('count must be an integer between 0 and 10000');
  }
  const existing = brands(state, fields.orgId ?? SANDBOX_ORG_ID).length;
  const added: SandboxBrand[] = [];
  for (let i = 1; i <= count; i++) {
    const brand = addBrand(state, { name: `Seed Brand ${String(existing + i).padStart(3, '0')}`, orgId: fields.orgId });
    if (rewardsPerBrand > 0) seedRewards(state, { brandId: brand.id, count: rewardsPerBrand, groupNames });
    added.push(brand);
  }
  return added;
}

/** Sandbox.removeBrands(), documented there. */
export function removeBrands(state: SandboxState, orgId: number = SANDBOX_ORG_ID): void {
  const org = state.orgGroups(orgId);
  for (const [id, stored] of state.brandStore) if (stored.brand.orgId === org.orgId) state.brandStore.delete(id);
}

/** Sandbox.addReward(), documented there. */
export function addReward(state: SandboxState, fields: RewardFields): SandboxReward {
  const stored = brandOrThrow(state, fields.brandId);
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
  const now = state.serverTime();
  const reward: SandboxReward = {
    id: state.nextRewardId++,
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

/** Sandbox.rewards(), documented there. */
export function rewards(state: SandboxState, brandId?: number): SandboxReward[] {
  const rewards =
    brandId === undefined
      ? [...state.brandStore.values()].flatMap((stored) => stored.rewards)
      : brandOrThrow(state, brandId).rewards;
  return rewards.map(copyReward).sort((a, b) => a.id - b.id);
}

/** Sandbox.seedRewards(), documented there. */
export function seedRewards(
  state: SandboxState,
  fields: { brandId: number; count: number; groupNames: string[] },
): void {
  const stored = brandOrThrow(state, fields.brandId);
  const { count, groupNames } = fields;
  if (!Number.isInteger(count) || count < 0) throw new BadRequest('count must be a non-negative integer');
  if (!Array.isArray(groupNames) || !groupNames.every((name) => typeof name === 'string' && name.trim() !== '')) {
    throw new BadRequest('groupNames must be an array of non-empty strings');
  }
  const n = groupNames.length;
  const now = state.serverTime();
  for (let i = 0; i < count; i++) {
    const j = n === 0 ? i : Math.floor(i / n);
    const status = REWARD_STATUSES[j % 3]!;
    const reward: SandboxReward = {
      id: state.nextRewardId++,
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

/** Brands back to DEFAULT_BRANDS, without rewards; both id sequences restart. */
export function resetBrands(state: SandboxState): void {
  state.brandStore.clear();
  for (const brand of DEFAULT_BRANDS) state.brandStore.set(brand.id, new BrandRewards({ ...brand }));
  state.nextBrandId = Math.max(...DEFAULT_BRANDS.map((brand) => brand.id)) + 1;
  state.nextRewardId = FIRST_REWARD_ID;
}

/** A brand of any org; a BadRequest (400 over HTTP) for an unknown one. */
export function brandOrThrow(state: SandboxState, brandId: unknown): BrandRewards {
  const stored = typeof brandId === 'number' ? state.brandStore.get(brandId) : undefined;
  if (!stored) throw new BadRequest(`Unknown brand: ${JSON.stringify(brandId) ?? String(brandId)}`);
  return stored;
}

/**
 * The rewards operation a request asks for, or the 405 it gets; undefined for a path that is
 * not a rewards endpoint. Decision: as for groups, one trailing slash is tolerated. Both are
 * reads, and see only the caller's org's brands.
 */
export function rewardsRoute(
  state: SandboxState,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
): ((caller: Caller) => Answer) | Answer | undefined {
  if (!path.startsWith(`${REWARDS_PREFIX}/`)) return undefined;
  const rest = path.slice(REWARDS_PREFIX.length).replace(/\/$/, '');
  if (rest === '/brand/getAll') {
    if (method !== 'POST') return statusError(405, 405, `Method ${method} not allowed on ${path}`);
    return ({ org }) => brandList(state, body, org);
  }
  const brandId = /^\/reward\/list\/brand\/([^/]+)$/.exec(rest)?.[1];
  if (brandId === undefined) return undefined;
  if (method !== 'GET') return statusError(405, 405, `Method ${method} not allowed on ${path}`);
  return ({ org }) => rewardList(state, brandId, query, org);
}

/**
 * Decisions: orgIds must be a non-empty array of integers (400 otherwise); an id other than the
 * caller's org adds nothing, since another org's brands are not the caller's to see (an org the
 * caller asks for twice is listed once). Brands by id.
 */
function brandList(state: SandboxState, body: string, org: OrgGroups): Answer {
  const { orgIds } = parseJsonObject(body);
  if (!Array.isArray(orgIds) || orgIds.length === 0 || !orgIds.every((id) => Number.isSafeInteger(id))) {
    return badRequest('orgIds must be a non-empty array of integers');
  }
  return json(200, {
    status: { success: true, code: 3001, message: 'Brand fetched successfully' },
    brandList: orgIds.includes(org.orgId) ? brands(state, org.orgId) : [],
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
function rewardList(state: SandboxState, brandIdText: string, query: URLSearchParams, org: OrgGroups): Answer {
  const brandId = parseIntStrict(brandIdText);
  if (brandId === undefined || !isInt32(brandId)) return badRequest(`Brand id must be an integer: ${brandIdText}`);
  const stored = state.brandStore.get(brandId);
  if (!stored || stored.brand.orgId !== org.orgId) return brandNotFound();
  const paging = parsePaging(query, 100);
  if (!('page' in paging)) return paging;
  const { page, size } = paging;
  const statusText = queryParam(query, 'rewardStatus')?.toUpperCase();
  if (statusText !== undefined && !REWARD_STATUSES.includes(statusText as SandboxRewardStatus)) {
    return badRequest(`Invalid rewardStatus: ${queryParam(query, 'rewardStatus')} (expected LIVE, UPCOMING or ENDED)`);
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
  const fault = faultFor(state, 'rewards');
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
