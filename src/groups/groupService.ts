import { CapillaryError, errorText } from '../api/errors';
import type { GroupsApi } from '../api/groups';
import { outcomeUnknown } from '../api/outcome';
import type { CreateGroupInput, Group, GroupPage, ListGroupsQuery, UpdateGroupInput } from '../api/types';
import type { Session } from '../session';

/** A group and the cluster (origin) it belongs to: the same id on two clusters is two groups. */
export interface GroupRef {
  origin: string;
  group: Group;
}

export interface CreatedGroup extends GroupRef {
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

/** How far a found group's creation time may be from when the create was sent (server clocks differ). */
const CREATED_WINDOW_MS = 10 * 60_000;
const LOOKUP_DEADLINE_MS = 15_000;
const LOOKUP_MAX_PAGES = 5;

/**
 * The group operations, on the session's current cluster: says which host answered, never sends
 * a create twice while the same one is still on its way, and finds out what became of a write
 * whose answer was lost before anything is said about it.
 */
export class GroupService {
  /** Creates on their way, by host and name: the rank they carry and their outcome. */
  private readonly creating = new Map<string, { rank: number | null; pending: Promise<CreatedGroup> }>();
  /**
   * Creates whose outcome stayed unknown, by host and name: when the first was sent. A later
   * create of that name refused as a duplicate may be meeting the group the first one stored.
   */
  private readonly unconfirmed = new Map<string, number>();

  constructor(private readonly session: Session) {}

  /** True while a create of this name (any rank) is on its way to this host. */
  isCreating(origin: string, name: string): boolean {
    return this.creating.has(createKey(origin, name));
  }

  /** Creates a group; an identical create for the same host while the first runs joins it. */
  async createGroup(input: CreateGroupInput, signal?: AbortSignal): Promise<CreatedGroup> {
    const { origin, api } = await this.session.connect();
    const key = createKey(origin, input.name);
    const running = this.creating.get(key);
    if (running?.rank === input.rank) return running.pending;
    const entry = { rank: input.rank, pending: this.createOnce(api, origin, input, signal) };
    this.creating.set(key, entry);
    const forget = () => {
      if (this.creating.get(key) === entry) this.creating.delete(key);
    };
    entry.pending.then(forget, forget);
    return entry.pending;
  }

  /** One page of the org's groups from the current host. */
  async listGroups(query: ListGroupsQuery, signal?: AbortSignal): Promise<{ origin: string; page: GroupPage }> {
    const { origin, api } = await this.session.connect();
    return { origin, page: await api.list(query, signal) };
  }

  /**
   * Reads the group as it is now, then PUTs the change computed from it: the name Capillary holds
   * is re-sent (unchanged unless renaming), so rewards stay linked even if the row shown is old.
   * `origin` is the host the row came from; a different current host is refused.
   */
  async updateGroup(
    origin: string,
    id: number,
    change: (current: Group) => UpdateGroupInput,
    signal?: AbortSignal,
  ): Promise<GroupRef & { before: Group; recovered?: 'lost-answer' }> {
    const { api } = await this.session.connect(origin);
    const before = await api.get(id, signal);
    const wanted = change(before);
    try {
      return { origin, before, group: await api.update(id, wanted, signal) };
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      // The answer was lost: read the group again, and if it holds the change, the PUT took effect.
      const after = await api.get(id, AbortSignal.timeout(LOOKUP_DEADLINE_MS)).catch(() => undefined);
      if (after && after.name === wanted.name && after.rank === (wanted.rank === undefined ? after.rank : wanted.rank) && after.isActive === (wanted.isActive ?? after.isActive)) {
        return { origin, before, group: after, recovered: 'lost-answer' };
      }
      throw error;
    }
  }

  /**
   * POSTs once. When the outcome is unknown the name is looked up before anything is said:
   * found (created around the time it was sent) → success; not found → UnconfirmedCreateError.
   */
  private async createOnce(api: GroupsApi, origin: string, input: CreateGroupInput, signal?: AbortSignal): Promise<CreatedGroup> {
    const key = createKey(origin, input.name);
    const sentAt = Date.now();
    const earlier = this.unconfirmed.get(key);
    const firstSentAt = earlier !== undefined && sentAt - earlier <= CREATED_WINDOW_MS ? earlier : sentAt;
    try {
      const group = await api.create(input, signal);
      this.unconfirmed.delete(key);
      return { origin, group };
    } catch (error) {
      // A duplicate after an unconfirmed attempt is most likely that attempt's group, stored after all.
      const ownDuplicate = firstSentAt !== sentAt && error instanceof CapillaryError && error.isDuplicateName;
      if (!outcomeUnknown(error) && !ownDuplicate) throw error;
      const found = await this.lookUpCreated(api, input.name, firstSentAt).catch(() => 'failed' as const);
      if (found !== 'failed' && found !== 'not-found') {
        this.unconfirmed.delete(key);
        return { origin, group: found, recovered: ownDuplicate ? 'earlier-attempt' : 'lost-answer' };
      }
      if (ownDuplicate && found === 'not-found') throw error;
      this.unconfirmed.set(key, firstSentAt);
      throw new UnconfirmedCreateError(error, found);
    }
  }

  /**
   * Every group whose name is the one sent (Capillary's `name` search may match more), created
   * around the time it was sent; reads pages until the last, within a bound of its own: not tied
   * to a cancelled signal (the user still needs to know), but never long.
   */
  private async lookUpCreated(api: GroupsApi, name: string, sentAt: number): Promise<Group | 'not-found' | 'failed'> {
    const deadline = AbortSignal.timeout(LOOKUP_DEADLINE_MS);
    const wanted = name.trim().toLowerCase();
    for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
      const result = await api.list({ name, page, size: 100 }, deadline);
      const found = result.groups.find((g) => g.name.trim().toLowerCase() === wanted && Math.abs(g.createdOn - sentAt) <= CREATED_WINDOW_MS);
      if (found) return found;
      if (result.paging.last) return 'not-found';
    }
    return 'failed'; // too many partial matches to be sure
  }

  async getGroup(id: number, signal?: AbortSignal): Promise<GroupRef> {
    const { origin, api } = await this.session.connect();
    return { origin, group: await api.get(id, signal) };
  }
}

function createKey(origin: string, name: string): string {
  return JSON.stringify([origin, name.toLocaleLowerCase()]);
}
