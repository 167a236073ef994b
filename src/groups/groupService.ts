import * as l10n from '@vscode/l10n';
import { createGroupsClient } from '../api/client';
import { OAUTH_TOKEN_PATH } from '../api/auth';
import { CapillaryError, errorText } from '../api/errors';
import type { RequestObserver } from '../api/http';
import type { GroupsApi } from '../api/groups';
import type { CreateGroupInput, Credentials, Group, GroupPage, ListGroupsQuery, UpdateGroupInput } from '../api/types';
import { KeychainError, type CredentialStore } from '../credentials';
import type { Settings, SettingsSource } from '../settings';

export type Readiness =
  | { state: 'no-host' }
  | { state: 'invalid-host'; raw: string; message: string }
  | { state: 'signed-out'; origin: string; settings: Settings; /** why stored credentials could not be read */ keychainProblem?: string }
  | { state: 'ready'; origin: string; settings: Settings; credentials: Credentials };

/** Thrown when a call needs a cluster or credentials that are not there. */
export class NotReadyError extends Error {
  constructor(readonly readiness: Exclude<Readiness, { state: 'ready' }>) {
    super(readiness.state === 'signed-out' ? l10n.t('Not signed in to {0}', readiness.origin) : l10n.t('No Capillary cluster is configured'));
    this.name = 'NotReadyError';
  }
}

/** A row of one cluster acted on after the current cluster changed. */
export class HostChangedError extends Error {
  constructor(rowOrigin: string, currentOrigin: string) {
    super(l10n.t('That group belongs to {0}, but the current cluster is {1}; refresh the Groups view and try again', rowOrigin, currentOrigin));
    this.name = 'HostChangedError';
  }
}

export interface CreatedGroup {
  origin: string;
  group: Group;
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

export interface GroupServiceOptions {
  /** Told every request, for the log. */
  onRequest?: RequestObserver;
  /** Told every secret value the service handles (password hash, OAuth secret, tokens), so the log can scrub it. */
  onSecret?: (value: string) => void;
}

/**
 * Between the commands and the API client: knows which host and credentials are current, keeps
 * one client per host and credentials (so OAuth tokens are reused), says which host answered,
 * and never sends a create twice while the same one is still on its way.
 */
export class GroupService {
  private client?: { key: string; api: GroupsApi };
  /** Creates on their way, by host and name: the rank they carry and their outcome. */
  private readonly creating = new Map<string, { rank: number | null; pending: Promise<CreatedGroup> }>();
  /**
   * Creates whose outcome stayed unknown, by host and name: when the first was sent. A later
   * create of that name refused as a duplicate may be meeting the group the first one stored.
   */
  private readonly unconfirmed = new Map<string, number>();

  constructor(
    private readonly settings: SettingsSource,
    private readonly credentials: CredentialStore,
    private readonly options: GroupServiceOptions = {},
  ) {}

  async readiness(): Promise<Readiness> {
    const settings = this.settings.read();
    if (settings.host.state === 'unset') return { state: 'no-host' };
    if (settings.host.state === 'invalid') return { state: 'invalid-host', raw: settings.host.raw, message: settings.host.message };
    const origin = settings.host.origin;
    let credentials;
    try {
      credentials = await this.credentials.get(origin, settings.authMethod);
    } catch (error) {
      if (!(error instanceof KeychainError)) throw error;
      return { state: 'signed-out', origin, settings, keychainProblem: error.message };
    }
    if (!credentials) return { state: 'signed-out', origin, settings };
    this.options.onSecret?.(credentials.method === 'basic' ? credentials.passwordMd5 : credentials.secret);
    return { state: 'ready', origin, settings, credentials };
  }

  /** Forgets the cached client and its token, e.g. after signing out. */
  reset(): void {
    this.client = undefined;
  }

  /** True while a create of this name (any rank) is on its way to this host. */
  isCreating(origin: string, name: string): boolean {
    return this.creating.has(createKey(origin, name));
  }

  /** Creates a group; an identical create for the same host while the first runs joins it. */
  async createGroup(input: CreateGroupInput, signal?: AbortSignal): Promise<CreatedGroup> {
    const { origin, api } = await this.connect();
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
    const { origin, api } = await this.connect();
    return { origin, page: await api.list(query, signal) };
  }

  /**
   * Reads the group as it is now, then PUTs the change computed from it: the name Capillary holds
   * is re-sent (unchanged unless renaming), so rewards stay linked even if the row shown is old.
   * `origin` is the host the row came from; a different current host is refused.
   */
  async updateGroup(origin: string, id: number, change: (current: Group) => UpdateGroupInput, signal?: AbortSignal): Promise<CreatedGroup & { before: Group }> {
    const { api } = await this.connect(origin);
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

  async getGroup(id: number, signal?: AbortSignal): Promise<CreatedGroup> {
    const { origin, api } = await this.connect();
    return { origin, group: await api.get(id, signal) };
  }

  /**
   * Checks credentials with one authenticated call (the first page of one group) and stores them
   * only if the cluster accepts them. A throw-away client, so a wrong attempt changes nothing.
   */
  async signIn(origin: string, credentials: Credentials, signal?: AbortSignal): Promise<void> {
    const settings = this.settings.read();
    const api = this.makeClient(origin, settings, credentials);
    await api.list({ page: 0, size: 1 }, signal);
    await this.credentials.save(origin, credentials);
    // Keep the checked client: its OAuth token serves the next calls too.
    this.client = { key: clientKey(origin, settings, credentials), api };
  }

  /** Removes every stored credential of the host; true when there were any. */
  async signOut(origin: string): Promise<boolean> {
    const had = (await Promise.all((['basic', 'oauth'] as const).map((method) => this.credentials.get(origin, method).catch(() => undefined)))).some(Boolean);
    await this.credentials.clear(origin);
    this.reset();
    return had;
  }

  private async connect(expectedOrigin?: string): Promise<{ origin: string; api: GroupsApi }> {
    const readiness = await this.readiness();
    if (readiness.state !== 'ready') throw new NotReadyError(readiness);
    const { origin, settings, credentials } = readiness;
    if (expectedOrigin && expectedOrigin !== origin) throw new HostChangedError(expectedOrigin, origin);
    const key = clientKey(origin, settings, credentials);
    if (this.client?.key !== key) this.client = { key, api: this.makeClient(origin, settings, credentials) };
    return { origin, api: this.client.api };
  }

  private makeClient(origin: string, settings: Settings, credentials: Credentials): GroupsApi {
    return createGroupsClient({
      origin,
      apiPrefix: settings.apiPrefix,
      timeoutMs: settings.timeoutMs,
      credentials,
      onRequest: this.options.onRequest,
      onToken: this.options.onSecret,
    });
  }
}

/** A client serves one host, prefix, timeout and set of credentials. */
function clientKey(origin: string, settings: Settings, credentials: Credentials): string {
  return JSON.stringify([origin, settings.apiPrefix, settings.timeoutMs, credentials]);
}

/** The request may have reached Capillary and been stored: no answer, or a gateway's. */
function outcomeUnknown(error: unknown): boolean {
  // The token request failing means the create itself was never sent.
  if (!(error instanceof CapillaryError) || error.path === OAUTH_TOKEN_PATH) return false;
  if (error.kind === 'timeout' || error.kind === 'cancelled') return true;
  if (error.kind === 'network') return !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|CERT|SSL|TLS/i.test(error.causeText ?? '');
  // A success status with an answer that cannot be read: most likely stored, but not certain.
  if (error.status !== undefined && error.status >= 200 && error.status < 300) return true;
  return error.status === 502 || error.status === 503 || error.status === 504;
}

function createKey(origin: string, name: string): string {
  return JSON.stringify([origin, name.toLocaleLowerCase()]);
}
