import { CapillaryError, errorText } from '../api/errors';
import type { GroupsApi } from '../api/groups';
import { outcomeUnknown } from '../api/outcome';
import type {
  Brand,
  CreateGroupInput,
  Group,
  GroupPage,
  ListGroupsQuery,
  ListRewardsQuery,
  RewardPage,
  UpdateGroupInput,
} from '../api/types';
import type { Session } from '../session/session';
import { nameKey } from '../foundation/validation';

/**
 * A group and the connection it was read through (ConnectionSpec.key: its cluster, and its name
 * unless it is the single-host connection): the same id through two connections is two groups.
 */
export interface GroupRef {
  connectionKey: string;
  group: Group;
}

export interface CreatedGroup extends GroupRef {
  /**
   * Set with `recovered` when this account's user id was not known yet, so the group's creator
   * could not be compared with it: the other evidence held, but the user should check.
   */
  creatorUnchecked?: boolean;
  /**
   * The group was found by name afterwards: this create's answer was lost, or a Retry was refused
   * as a duplicate because an earlier attempt whose answer was lost had stored it.
   */
  recovered?: 'lost-answer' | 'earlier-attempt';
}

/**
 * A create whose answer never came (timeout, reset, gateway error, cancel): the name was looked
 * up afterwards and either no such group exists, or the lookup failed too.
 */
export class UnconfirmedCreateError extends Error {
  constructor(
    readonly original: unknown,
    readonly lookup: 'not-found' | 'failed',
  ) {
    super(errorText(original));
    this.name = 'UnconfirmedCreateError';
  }
}

/** How far before the send a write may seem to have happened: the `Date` header counts whole seconds. */
const SEND_MARGIN_MS = 1_000;
/** How far after the lookup's answer: that answer's `Date` also lags by up to a second, plus its travel. */
const LOOKUP_MARGIN_MS = 5_000;
const LOOKUP_DEADLINE_MS = 15_000;
/**
 * How long after an attempt was sent a slow server may still store it: a group of that name
 * created later is not that attempt's. Measured on the server's clock, so a machine that slept
 * meanwhile does not stretch it.
 */
const LATE_STORE_MS = 2 * 60_000;
const LOOKUP_MAX_PAGES = 5;
/** Groups a whole-org read holds at most (100 pages of 1,000): a server that keeps reporting more is not read forever. */
export const MAX_ORG_GROUPS = 100_000;
/** Page size when a whole org is read (plan, export, compare): 10,000 groups in 10 requests, each well under the 4 MiB a body may have. */
const WHOLE_ORG_PAGE_SIZE = 1000;

/** What is known of a write when it was sent, to judge afterwards whether a group found is its doing. */
interface SentWrite {
  /** `performance.now()` at sending: monotonic, so a wrong wall clock cannot move it. */
  sentAt: number;
  /** The server's time at sending, once an answer's `Date` told it (taken right after the lookup). */
  sentOnServer?: number;
  /** The highest group id this editor had seen on the host before sending; a group it created has a higher one. */
  highestIdBefore?: number;
  name: string;
  rank: number | null;
}

/** Why a group that was found is not taken as this editor's: shown so the user can judge. */
export type ForeignReason = 'other-user' | 'other-rank' | 'other-name' | 'older' | 'no-evidence';

/**
 * A group of the name this create asked for exists, but what the server says does not show it is
 * the one this create stored: another user may have created it. Names are unique in an org, so
 * no second group of that name was stored.
 */
export class NameTakenError extends Error {
  constructor(
    /** The failure the create met (a lost answer, or the server's 12012 refusal). */
    readonly original: unknown,
    /** The group holding the name, as stored. */
    readonly existing: Group,
    /** True when the create's own answer was lost; false when the server refused the name. */
    readonly answerLost: boolean,
    readonly reason?: ForeignReason,
  ) {
    super(`A group named '${existing.name}' (#${existing.id}) already exists${reason ? ` (${reason})` : ''}`);
    this.name = 'NameTakenError';
  }
}

/**
 * A whole org read page by page held fewer groups than the server counts: the org changed while it
 * was read, or the server's paging skipped some. Never taken as the whole org.
 */
export class IncompleteOrgReadError extends Error {
  constructor(
    readonly read: number,
    readonly counted: number,
  ) {
    super(`read ${read} groups of the ${counted} the server counts`);
    this.name = 'IncompleteOrgReadError';
  }
}

/**
 * A whole org read stopped at MAX_ORG_GROUPS with pages left: the server kept reporting more (or
 * counts more than a read holds). Never taken as the whole org.
 */
export class OrgReadBoundError extends Error {
  constructor(
    readonly read: number,
    /** The server's `totalElements` on the first page and on the last page read; undefined when its answers had no paging information. */
    readonly counted?: { first: number; last: number },
  ) {
    super(
      `stopped reading after ${read} groups${counted ? ` (totalElements ${counted.first} at first, ${counted.last} at last)` : ' (no paging information)'}`,
    );
    this.name = 'OrgReadBoundError';
  }
}

/**
 * A whole org read from answers without paging information (no `pagingDto`, or one without `last`
 * and `totalElements`) met a page of groups it had all seen (the server ignores `page`): whether
 * what was read is the whole org cannot be told.
 */
export class UnprovenOrgEndError extends Error {
  constructor(
    readonly read: number,
    /** The page (1-based) that repeated the groups already read. */
    readonly repeatedPage: number,
  ) {
    super(`no paging information, and page ${repeatedPage} held only groups already read (${read} read)`);
    this.name = 'UnprovenOrgEndError';
  }
}

/**
 * An update whose answer was lost: the group now holds the change, but what the server says does
 * not show this editor made it (someone else changed it meanwhile).
 */
export class UnprovenUpdateError extends Error {
  constructor(
    readonly original: unknown,
    /** The group as read back. */
    readonly after: Group,
  ) {
    super(errorText(original));
    this.name = 'UnprovenUpdateError';
  }
}

/**
 * The group operations of one connection: says which connection key answered, never sends
 * a create twice while the same one is still on its way, and finds out what became of a write
 * whose answer was lost before anything is said about it. What counts as proof that a group found
 * afterwards is this editor's is the server's word only: its clock (the `Date` of its answers,
 * never this machine's wall clock), the ids it gave out, the rank sent and, once known, the user id
 * it records for this editor's credentials.
 */
export class GroupService {
  /** Creates on their way, by host and name: the rank they carry and their outcome. */
  private readonly creating = new Map<string, { rank: number | null; pending: Promise<CreatedGroup> }>();
  /**
   * Creates whose outcome stayed unknown, by host and name: the first such attempt. A later create
   * of that name refused as a duplicate may be meeting the group that attempt stored.
   */
  private readonly unconfirmed = new Map<string, SentWrite>();
  /** The highest group id seen per host, from any answer. */
  private readonly highestId = new Map<string, number>();
  /** The user id the server records for an account, by host and account, learnt from its create and update answers. */
  private readonly userIds = new Map<string, number>();

  constructor(private readonly session: Session) {}

  /** True while a create of this name (any rank) is on its way to this host. */
  isCreating(connectionKey: string, name: string): boolean {
    return this.creating.has(createKey(connectionKey, name));
  }

  /**
   * Creates a group; an identical create for the same host while the first runs joins it.
   * `expectedKey`: the connection key the user was asked about; if the connection moved to another
   * cluster meanwhile, nothing is sent.
   */
  async createGroup(input: CreateGroupInput, signal?: AbortSignal, expectedKey?: string): Promise<CreatedGroup> {
    const { key: connectionKey, api, account } = await this.session.connect(expectedKey);
    const key = createKey(connectionKey, input.name);
    const running = this.creating.get(key);
    if (running?.rank === input.rank) return running.pending;
    const entry = {
      rank: input.rank,
      pending: this.createOnce(api, connectionKey, JSON.stringify([connectionKey, account]), input, signal),
    };
    this.creating.set(key, entry);
    const forget = () => {
      if (this.creating.get(key) === entry) this.creating.delete(key);
    };
    entry.pending.then(forget, forget);
    return entry.pending;
  }

  /**
   * Whether a group a create recovered before this account's user id was known (`creatorUnchecked`)
   * was created by this account, now that later answers may have told who it is: 'unknown' while
   * none has.
   */
  async creatorOf(created: CreatedGroup): Promise<'this-account' | 'someone-else' | 'unknown'> {
    const { key, account } = await this.session.connect(created.connectionKey);
    const me = this.userIds.get(JSON.stringify([key, account]));
    if (me === undefined) return 'unknown';
    return created.group.createdBy === me ? 'this-account' : 'someone-else';
  }

  /** One page of the org's groups from the current host. */
  async listGroups(query: ListGroupsQuery, signal?: AbortSignal): Promise<{ connectionKey: string; page: GroupPage }> {
    const { key: connectionKey, api } = await this.session.connect();
    const page = await api.list(query, signal);
    this.saw(connectionKey, ...page.groups);
    return { connectionKey, page };
  }

  /** The brands of an org (rewards live per brand). `expectedKey`: as for createGroup. */
  async brands(orgId: number, signal?: AbortSignal, expectedKey?: string): Promise<Brand[]> {
    const { api } = await this.session.connect(expectedKey);
    return api.brands(orgId, signal);
  }

  /** One page of a brand's rewards. `expectedKey`: as for createGroup. */
  async rewardsOfBrand(
    brandId: number,
    query: ListRewardsQuery,
    signal?: AbortSignal,
    expectedKey?: string,
  ): Promise<RewardPage> {
    const { api } = await this.session.connect(expectedKey);
    return api.rewards(brandId, query, signal);
  }

  /**
   * Every group of the org, page after page: list reads only, never a request per group. A group
   * met twice (the order shifted while paging) is kept once. Ends on the page the server calls
   * the last, an empty page or one with nothing new; fewer groups than the server counted means
   * the org changed while it was read, which is an error rather than a partial org (a plan or an
   * export must never silently leave groups out). Answers without paging information are read
   * until an empty page proves the end (a page of groups all seen means it cannot be proven:
   * UnprovenOrgEndError). At most MAX_ORG_GROUPS are held (OrgReadBoundError).
   * `expectedKey`: as for createGroup.
   */
  async listAll(
    signal?: AbortSignal,
    expectedKey?: string,
    onProgress?: (read: number, total: number) => void,
    onWarning?: (text: string) => void,
  ): Promise<{ connectionKey: string; groups: Group[] }> {
    const { key: connectionKey, api } = await this.session.connect(expectedKey);
    const byId = new Map<number, Group>();
    let size = WHOLE_ORG_PAGE_SIZE;
    let counted = 0;
    let firstCounted: number | undefined;
    let guessed = false;
    let pages = 0;
    for (let page = 0; ; page++) {
      const result = await api.list({ page, size, sortOn: 'RANK', orderBy: 'ASC' }, signal);
      pages++;
      this.saw(connectionKey, ...result.groups);
      const before = byId.size;
      for (const group of result.groups) byId.set(group.id, group);
      guessed ||= result.paging.guessed === true;
      if (guessed) {
        // Without paging information only an empty page shows the end; one of groups all seen shows the server ignores `page`.
        onProgress?.(byId.size, byId.size);
        if (result.groups.length === 0) break;
        if (byId.size === before) throw new UnprovenOrgEndError(byId.size, page + 1);
      } else {
        counted = result.paging.totalElements;
        firstCounted ??= counted;
        onProgress?.(byId.size, Math.max(counted, byId.size));
        if (result.paging.last || result.groups.length === 0 || byId.size === before) break;
        // A server that gives fewer per page than asked: the next pages are counted in its size.
        if (page === 0 && result.paging.size > 0 && result.paging.size < size) size = result.paging.size;
        // A server that ignores `page` or never says "last" is not read forever.
        if (page > Math.ceil(counted / size) + 1) break;
      }
      if (byId.size >= MAX_ORG_GROUPS) {
        throw new OrgReadBoundError(
          byId.size,
          guessed || firstCounted === undefined ? undefined : { first: firstCounted, last: counted },
        );
      }
    }
    if (guessed) {
      onWarning?.(
        `${api.origin} gave no paging information (pagingDto) for the groups of the org: read pages until an empty one (${byId.size.toLocaleString('en-US')} groups in ${pages} pages)`,
      );
      return { connectionKey, groups: [...byId.values()] };
    }
    if (byId.size < counted) throw new IncompleteOrgReadError(byId.size, counted);
    return { connectionKey, groups: [...byId.values()] };
  }

  /**
   * Reads the group as it is now, then PUTs the change computed from it: the name Capillary holds
   * is re-sent (unchanged unless renaming), so rewards stay linked even if the row shown is old.
   * `connectionKey` is the connection the row was read through; if the connection is on another
   * cluster now, the update is refused. With `readBack`, the group is read once more after the
   * PUT answered (`after`; absent when that read failed): a write by someone else that landed after
   * the PUT shows there, which the PUT's own answer cannot show.
   */
  async updateGroup(
    connectionKey: string,
    id: number,
    change: (current: Group) => UpdateGroupInput,
    signal?: AbortSignal,
    options: { readBack?: boolean } = {},
  ): Promise<
    GroupRef & {
      before: Group;
      sent: UpdateGroupInput;
      after?: Group;
      recovered?: 'lost-answer';
      writerUnchecked?: true;
    }
  > {
    const { api, account } = await this.session.connect(connectionKey);
    const user = JSON.stringify([connectionKey, account]);
    const before = await api.get(id, signal);
    this.saw(connectionKey, before);
    const wanted = change(before);
    try {
      const group = await api.update(id, wanted, signal);
      this.userIds.set(user, group.lastUpdatedBy);
      this.saw(connectionKey, group);
      if (!options.readBack) return { connectionKey, before, sent: wanted, group };
      // The PUT took effect whatever this read meets: its failure only leaves the read-back out.
      const after = await api.get(id, signal).catch(() => undefined);
      return { connectionKey, before, sent: wanted, group, ...(after ? { after } : {}) };
    } catch (error) {
      if (error instanceof CapillaryError && error.isDuplicateName && wanted.name !== before.name) {
        // A rename refused: name the group that holds the name, as stored.
        const holder = await this.lookUpName(api, connectionKey, wanted.name).catch(() => undefined);
        throw holder && typeof holder === 'object' ? new NameTakenError(error, holder, false) : error;
      }
      if (!outcomeUnknown(error)) throw error;
      // The answer was lost: read the group again. It holds the change and was written after it
      // was read (its lastUpdatedOn moved, on the server's clock) → the PUT took effect.
      const after = await api.get(id, AbortSignal.timeout(LOOKUP_DEADLINE_MS)).catch(() => undefined);
      if (!after || !holds(after, wanted)) throw error;
      this.saw(connectionKey, after);
      const me = this.userIds.get(user);
      const written = after.lastUpdatedOn > before.lastUpdatedOn;
      // Before any answer said which user this account is, the writer could not be compared: said so.
      if (written && (me === undefined || after.lastUpdatedBy === me)) {
        return {
          connectionKey,
          before,
          sent: wanted,
          group: after,
          recovered: 'lost-answer',
          ...(me === undefined ? { writerUnchecked: true as const } : {}),
        };
      }
      throw new UnprovenUpdateError(error, after);
    }
  }

  /**
   * POSTs once. When the outcome is unknown the name is looked up before anything is said: a group
   * the evidence shows is this one's → success; a group that may be someone else's → NameTakenError;
   * none → UnconfirmedCreateError. A 12012 refusal is looked up too, to name the group as stored.
   */
  private async createOnce(
    api: GroupsApi,
    connectionKey: string,
    user: string,
    input: CreateGroupInput,
    signal?: AbortSignal,
  ): Promise<CreatedGroup> {
    const key = createKey(connectionKey, input.name);
    const sent: SentWrite = {
      sentAt: performance.now(),
      highestIdBefore: this.highestId.get(connectionKey),
      name: input.name,
      rank: input.rank,
    };
    const earlier = this.unconfirmed.get(key);
    try {
      const group = await api.create(input, signal);
      this.unconfirmed.delete(key);
      this.userIds.set(user, group.createdBy);
      this.saw(connectionKey, group);
      return { connectionKey, group };
    } catch (error) {
      const duplicate = error instanceof CapillaryError && error.isDuplicateName;
      if (!outcomeUnknown(error) && !duplicate) throw error;
      const found = await this.lookUpName(api, connectionKey, input.name).catch(() => 'failed' as const);
      // The server's clock when the lookup answered, and so when this attempt was sent: a short span of monotonic time.
      const serverNow = api.serverNow();
      if (serverNow !== undefined) sent.sentOnServer = serverNow - (performance.now() - sent.sentAt);
      const recovered = (group: Group, how: 'lost-answer' | 'earlier-attempt'): CreatedGroup => {
        this.unconfirmed.delete(key);
        return { connectionKey, group, recovered: how, ...(this.userIds.has(user) ? {} : { creatorUnchecked: true }) };
      };
      // A group an earlier attempt of this name, whose answer was lost, may have stored after all.
      const byEarlier = (group: Group) =>
        earlier?.sentOnServer !== undefined &&
        this.judge(user, group, earlier, {
          from: earlier.sentOnServer - SEND_MARGIN_MS,
          to: earlier.sentOnServer + LATE_STORE_MS,
        }) === 'mine';
      if (
        earlier?.sentOnServer !== undefined &&
        serverNow !== undefined &&
        serverNow > earlier.sentOnServer + LATE_STORE_MS
      ) {
        this.unconfirmed.delete(key);
      }
      if (duplicate) {
        // Refused: the name is taken. By the group an earlier attempt whose answer was lost stored?
        if (found === 'failed') {
          if (earlier) throw new UnconfirmedCreateError(error, 'failed');
          throw error;
        }
        if (found === 'not-found') throw error;
        if (byEarlier(found)) return recovered(found, 'earlier-attempt');
        throw new NameTakenError(error, found, false);
      }
      if (found === 'failed' || found === 'not-found') {
        if (!this.unconfirmed.has(key)) this.unconfirmed.set(key, sent);
        throw new UnconfirmedCreateError(error, found);
      }
      const window =
        sent.sentOnServer === undefined
          ? undefined
          : { from: sent.sentOnServer - SEND_MARGIN_MS, to: serverNow! + LOOKUP_MARGIN_MS };
      const verdict = this.judge(user, found, sent, window);
      if (verdict === 'mine') return recovered(found, 'lost-answer');
      if (byEarlier(found)) return recovered(found, 'earlier-attempt');
      throw new NameTakenError(error, found, true, verdict);
    }
  }

  /**
   * Whether the group found is the one `sent` stored, on the server's evidence only: the exact name
   * and rank sent; an id above any seen before sending; created within `window` on the server's
   * clock (from the send to when it could still have been stored); by this account's user when
   * that is known. Without a window or an id to go by, nothing shows it is this one.
   */
  private judge(
    user: string,
    found: Group,
    sent: SentWrite,
    window: { from: number; to: number } | undefined,
  ): 'mine' | ForeignReason {
    if (found.name !== sent.name.trim()) return 'other-name';
    if (found.rank !== sent.rank) return 'other-rank';
    const me = this.userIds.get(user);
    if (me !== undefined && found.createdBy !== me) return 'other-user';
    if (sent.highestIdBefore !== undefined && found.id <= sent.highestIdBefore) return 'older';
    if (window && (found.createdOn < window.from || found.createdOn > window.to)) return 'older';
    return window || sent.highestIdBefore !== undefined ? 'mine' : 'no-evidence';
  }

  /**
   * The group holding `name` (names are unique in an org, case-insensitively); Capillary's `name`
   * search may match more, so pages are read until the last, within a bound of their own: not
   * tied to a cancelled signal (the user still needs to know), but never long.
   */
  private async lookUpName(
    api: GroupsApi,
    connectionKey: string,
    name: string,
  ): Promise<Group | 'not-found' | 'failed'> {
    const deadline = AbortSignal.timeout(LOOKUP_DEADLINE_MS);
    const wanted = nameKey(name);
    for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
      const result = await api.list({ name: name.trim(), page, size: 100 }, deadline);
      this.saw(connectionKey, ...result.groups);
      const found = result.groups.find((g) => nameKey(g.name) === wanted);
      if (found) return found;
      if (result.paging.last) return 'not-found';
    }
    return 'failed'; // too many partial matches to be sure
  }

  async getGroup(id: number, signal?: AbortSignal): Promise<GroupRef> {
    const { key: connectionKey, api } = await this.session.connect();
    const group = await api.get(id, signal);
    this.saw(connectionKey, group);
    return { connectionKey, group };
  }

  /** Remembers the highest id the host has shown. */
  private saw(connectionKey: string, ...groups: Group[]): void {
    let highest = this.highestId.get(connectionKey) ?? 0;
    for (const group of groups) highest = Math.max(highest, group.id);
    if (highest > 0) this.highestId.set(connectionKey, highest);
  }
}

/** Whether the group holds every field of the update. */
export function holds(group: Group, wanted: UpdateGroupInput): boolean {
  return (
    group.name === wanted.name &&
    (wanted.rank === undefined || group.rank === wanted.rank) &&
    (wanted.isActive === undefined || group.isActive === wanted.isActive)
  );
}

function createKey(connectionKey: string, name: string): string {
  return JSON.stringify([connectionKey, name.toLocaleLowerCase()]);
}
