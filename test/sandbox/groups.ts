// The group endpoints (create, get, update, list) and the group store of each org.

import {
  SANDBOX_ORG_ID,
  SECOND_ORG_ID,
  USER_IDS,
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
import { GROWING_FIRST_ID, faultFor, faultyPaging } from './faults';
import type { SandboxState } from './state';

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

export const FIRST_GROUP_ID = 2412;
/** Far above the first org's ids, so the two orgs' ids do not meet in ordinary use. */
export const SECOND_ORG_FIRST_GROUP_ID = 5101;
export const GROUP_PREFIXES = ['/api_gateway/core/v1', '/api_gateway/rewards/core/v1'] as const;
const NAME_MAX_LENGTH = 255;

export interface OrgDefinition {
  orgId: number;
  firstGroupId: number;
  /** createdBy of the groups addGroup() and seed() add without one. */
  defaultUserId: number;
}

export const ORGS: readonly OrgDefinition[] = [
  { orgId: SANDBOX_ORG_ID, firstGroupId: FIRST_GROUP_ID, defaultUserId: USER_IDS['demo.till'] },
  { orgId: SECOND_ORG_ID, firstGroupId: SECOND_ORG_FIRST_GROUP_ID, defaultUserId: USER_IDS['uat.till'] },
];

export interface StoredGroup {
  group: SandboxGroup;
  /** Lower-cased name, for the uniqueness index and the name filter. */
  key: string;
}

/** One org's groups, with its own id sequence and name index: names are unique per org. */
export class OrgGroups {
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

/** Sandbox.groups(), documented there. */
export function groups(state: SandboxState, orgId: number = SANDBOX_ORG_ID): SandboxGroup[] {
  return Array.from(state.orgGroups(orgId).store.values(), (s) => ({ ...s.group }));
}

/** Sandbox.addGroup(), documented there. */
export function addGroup(
  state: SandboxState,
  fields: {
    name: string;
    rank?: number | null;
    isActive?: boolean;
    createdBy?: number;
    org?: number;
  },
): SandboxGroup {
  const org = state.orgGroups(fields.org ?? SANDBOX_ORG_ID);
  const name = checkName(fields.name);
  if (name instanceof BadRequest) throw new Error(name.message);
  const rank = fields.rank ?? null;
  if (rank !== null && !isInt32(rank)) throw new Error('Group rank must be an integer (int32) or null');
  if (fields.isActive !== undefined && typeof fields.isActive !== 'boolean') {
    throw new Error('isActive must be a boolean');
  }
  if (org.nameIndex.has(name.toLowerCase())) throw new Error('Group name must be unique');
  if (fields.createdBy !== undefined && !isInt32(fields.createdBy)) throw new Error('createdBy must be an integer');
  const now = state.serverTime();
  return {
    ...insert(
      state,
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

/** Sandbox.seed(), documented there. */
export function seed(state: SandboxState, count: number, orgId: number = SANDBOX_ORG_ID): void {
  const org = state.orgGroups(orgId);
  if (!Number.isInteger(count) || count < 0) throw new Error('Seed count must be a non-negative integer');
  const now = state.serverTime();
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
    insert(state, org, name, rank, isActive, userId, createdOn, lastUpdatedOn);
    made++;
  }
}

/**
 * Decision: ids are unique across orgs, as one server's ids are; each org keeps its own
 * sequence, and one that reaches an id another org already holds (the first org past 2,689
 * groups) skips it.
 */
function nextGroupId(state: SandboxState, org: OrgGroups): number {
  let id = org.nextId++;
  while (heldByAnotherOrg(state, id, org)) id = org.nextId++;
  return id;
}

function heldByAnotherOrg(state: SandboxState, id: number, org: OrgGroups): boolean {
  for (const other of state.orgs.values()) if (other !== org && other.store.has(id)) return true;
  return false;
}

function insert(
  state: SandboxState,
  org: OrgGroups,
  name: string,
  rank: number | null,
  isActive: boolean,
  userId: number,
  createdOn: number,
  lastUpdatedOn: number,
): SandboxGroup {
  const group: SandboxGroup = {
    id: nextGroupId(state, org),
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

/** Who created the group that holds the name a create body asks for; undefined when it is free or unreadable. */
export function nameHolder(body: string, org: OrgGroups): number | undefined {
  try {
    const name = (JSON.parse(body) as { name?: unknown }).name;
    const id = typeof name === 'string' ? org.nameIndex.get(name.trim().toLowerCase()) : undefined;
    return id === undefined ? undefined : org.store.get(id)?.group.createdBy;
  } catch {
    return undefined;
  }
}

/** The group operation a request asks for, or the 404/405 it gets. */
export function groupRoute(
  state: SandboxState,
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
    return ({ org }) => list(state, query, org);
  }
  if (segments[1] === 'create' && method === 'POST') return ({ userId, org }) => create(state, body, userId, org);
  if (method === 'GET') return ({ org }) => getById(segments[1]!, org);
  if (method === 'PUT') return ({ userId, org }) => update(state, segments[1]!, body, userId, org);
  return statusError(405, 405, `Method ${method} not allowed on ${path}`);
}

function create(state: SandboxState, body: string, userId: number, org: OrgGroups): Answer {
  const fields = parseJsonObject(body);
  const name = checkName(fields.name);
  if (name instanceof BadRequest) return badRequest(name.message);
  // Decision: an absent rank is null (as documented for create).
  const rank = fields.rank === undefined ? null : fields.rank;
  if (rank !== null && !isInt32(rank)) return badRequest('Group rank must be an integer (int32) or null');
  if (org.nameIndex.has(name.toLowerCase())) return duplicateName();
  const now = state.serverTime();
  return json(200, insert(state, org, name, rank, true, userId, now, now));
}

function findById(idText: string, org: OrgGroups): StoredGroup | Answer {
  const id = parseIntStrict(idText);
  if (id === undefined || !isInt32(id)) return badRequest(`Group id must be an integer: ${idText}`);
  return org.store.get(id) ?? statusError(404, 404, 'Group not found');
}

function getById(idText: string, org: OrgGroups): Answer {
  const found = findById(idText, org);
  if (!('group' in found)) return found;
  return json(200, found.group);
}

/**
 * Decisions: the id is checked (400/404) before the body; an absent rank or isActive keeps the
 * current value, an explicit null rank clears it; every successful PUT bumps lastUpdatedOn/By,
 * even when nothing changed.
 */
function update(state: SandboxState, idText: string, body: string, userId: number, org: OrgGroups): Answer {
  const found = findById(idText, org);
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
  const now = state.serverTime();
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
function list(state: SandboxState, query: URLSearchParams, org: OrgGroups): Answer {
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
  const fault = faultFor(state, 'groups');
  let total = matches.length;
  if (fault?.growingTotal) {
    // Always a page more than the one read, beyond the stored groups: the end never comes.
    total = matches.length + (page + 2) * size;
    for (let index = Math.max(start, matches.length); content.length < size && index < total; index++) {
      content.push(growingGroup(state, org, index - matches.length));
    }
  }
  return json(200, {
    status: { success: true, code: 12013, message: 'Get all groups fetched successfully' },
    groupRoList: content,
    ...faultyPaging(fault, pagingDto(page, size, content.length, total)),
  });
}

/** The n-th group a growingTotal fault makes up beyond the stored ones: never stored, ids far above any stored. */
function growingGroup(state: SandboxState, org: OrgGroups, n: number): SandboxGroup {
  const now = state.serverTime();
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
