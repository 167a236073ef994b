import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import type { Brand, GroupPage, ListGroupsQuery, ListRewardsQuery, RewardPage } from '../api/types';
import { secretKey, type CredentialSource } from '../foundation/credentials';
import { Emitter } from '../foundation/events';
import type { KeyValueStore } from '../foundation/keyValueStore';
import { GroupService } from '../groups/groupService';
import { NotReadyError, Session, type SessionOptions } from '../session/session';
import {
  connectionLabel,
  nameOfKey,
  originOfKey,
  SINGLE_HOST_ID,
  type ConnectionEntry,
  type ConnectionSpec,
  type Settings,
  type SettingsSource,
} from '../foundation/settings';

/** globalState: the name of the active connection. */
export const ACTIVE_CONNECTION_KEY = 'capillaryRewards.activeConnection';
/**
 * globalState: the keys of the named connections listed when capillaryRewards.connections was last
 * read, so that an item deleted or renamed by hand (in this window, another one, or while VS Code
 * was closed) is noticed and what was kept under its key is forgotten.
 */
export const LISTED_CONNECTIONS_KEY = 'capillaryRewards.listedConnections';

/**
 * One configured connection as the commands and the view use it: its settings as they are now,
 * its session (sign-in state, API client) and its group operations. Made once per connection id
 * and kept while the connection is listed, so that an OAuth token, a create on its way and the
 * user id learnt for its account survive a settings change elsewhere.
 */
export class Connection {
  readonly session: Session;
  readonly groups: GroupService;

  constructor(
    /** The connection's name; '' for the single-host settings; a line break and a number for an item that is not usable. */
    readonly id: string,
    private readonly lookUp: (id: string) => ConnectionEntry | undefined,
    settings: SettingsSource,
    credentials: CredentialSource,
    options: SessionOptions,
  ) {
    this.session = new Session(settings, credentials, options, () => this.entry());
    this.groups = new GroupService(this.session);
  }

  entry(): ConnectionEntry | undefined {
    return this.lookUp(this.id);
  }

  /** Its settings when they are usable. */
  spec(): ConnectionSpec | undefined {
    const entry = this.entry();
    return entry?.state === 'ok' ? entry.spec : undefined;
  }

  /** How messages and log lines name it: 'UAT (eu.api.capillarytech.com)', or the cluster alone for the single-host connection. */
  label(): string {
    const entry = this.entry();
    if (entry?.state === 'ok') return connectionLabel(entry.spec);
    // An item written wrong: its name, and its host as written, which tells two of one name apart.
    if (entry?.state === 'invalid' && entry.name) {
      return entry.raw ? l10n.t('{0} ({1})', entry.name, entry.raw) : entry.name;
    }
    return l10n.t('the selected cluster');
  }

  /** How a list, a file name or a CodeLens names it: its name, or its label for the single-host connection ('eu.api.capillarytech.com'). */
  displayName(): string {
    return this.name() || this.label();
  }

  /** Its name as the user wrote it (for an item written wrong, its place: 'connection 3'); '' for the single-host settings. */
  name(): string {
    const entry = this.entry();
    if (entry?.state === 'ok') return entry.spec.name;
    return entry?.state === 'invalid' ? entry.name : '';
  }

  /** Its place in capillaryRewards.connections; undefined for the single-host settings. */
  index(): number | undefined {
    const entry = this.entry();
    return entry && entry.state !== 'unset' ? entry.index : undefined;
  }

  /** How log lines name it (logs stay English): the origin, after the connection's name when it has one. */
  logName(): string {
    const origin = this.spec()?.origin ?? '(no cluster)';
    return this.named ? `connection '${this.name()}' (${origin})` : origin;
  }

  /** True for a named connection (capillaryRewards.connections), false for the single-host settings. */
  get named(): boolean {
    return this.id !== SINGLE_HOST_ID;
  }
}

/**
 * The connections of capillaryRewards.connections (or the one of the single-host settings), the
 * active one (palette commands act on it; remembered across reloads), and the cluster URLs used
 * lately. Reads only settings and globalState: no secret until a connection's session is asked.
 */
export class Connections {
  private readonly made = new Map<string, Connection>();
  private readonly activeChanged = new Emitter<void>();
  /** Fires when the active connection was switched. */
  readonly onDidChangeActive = this.activeChanged.event;
  private readonly keyForgotten = new Emitter<string>();
  /**
   * Fires the key of a connection no longer in capillaryRewards.connections, whose credentials are
   * being deleted: what else is kept under it (its list, options and rewards) goes too.
   */
  readonly onDidForgetKey = this.keyForgotten.event;
  private readonly idForgotten = new Emitter<string>();
  /** Fires the id of a connection removed, or no longer listed under any cluster: what is kept for its row goes too. */
  readonly onDidForgetId = this.idForgotten.event;
  /** The keys listed at the last read, as one string: most reads find the same and do nothing more. */
  private lastListed?: string;

  constructor(
    private readonly settings: SettingsSource,
    private readonly credentials: CredentialSource,
    private readonly state: KeyValueStore,
    private readonly options: SessionOptions = {},
  ) {}

  entries(): ConnectionEntry[] {
    const settings = this.settings.read();
    this.forgetUnlisted(settings);
    return settings.connections;
  }

  /**
   * A named connection whose key is no longer listed was deleted or renamed by hand (or its cluster
   * changed): its credentials, list and options are forgotten at once, so that an item added later
   * with that name and cluster starts signed out instead of with another till, maybe of another org.
   * An item only unusable for a while (a typo, a duplicate name) keeps its key while its name and
   * host are usable; a value that is not a list at all forgets nothing until it is one again.
   */
  private forgetUnlisted(settings: Settings): void {
    if (settings.connectionsUnreadable) return;
    const listed = [...new Set(settings.connections.flatMap((entry) => listedKey(entry) ?? []))].sort();
    const text = listed.join('\n');
    if (text === this.lastListed) return;
    this.lastListed = text;
    const gone = this.listedKeys().filter((key) => !listed.includes(key));
    void this.state.update(LISTED_CONNECTIONS_KEY, listed);
    for (const key of gone) this.forgetKey(key, settings.connections);
  }

  private forgetKey(key: string, entries: ConnectionEntry[]): void {
    const id = nameOfKey(key);
    this.made.get(id)?.session.reset();
    for (const method of ['basic', 'oauth'] as const) this.options.secrets?.dropSecrets(secretKey(key, method));
    // Asked of SecretStorage at once (not after a read first), so that no later read finds them.
    this.credentials.clear(key).catch((error: unknown) => {
      // Kept listed, so that the next read of the setting tries again.
      this.lastListed = undefined;
      void this.state.update(LISTED_CONNECTIONS_KEY, [...this.listedKeys(), key]);
      this.options.onWarning?.(
        `Could not delete the credentials of connection '${id}' (${originOfKey(key)}), no longer in capillaryRewards.connections: ${errorText(error)}`,
      );
    });
    this.keyForgotten.fire(key);
    // Its name may still be listed, on another cluster: then it stays the active one.
    if (entries.some((entry) => entry.id === id)) return;
    if (this.state.get(ACTIVE_CONNECTION_KEY) === id) void this.state.update(ACTIVE_CONNECTION_KEY, undefined);
    this.idForgotten.fire(id);
  }

  /**
   * What Remove Connection and Rename Connection deal with themselves before they change the
   * setting: its key is not forgotten again when the setting no longer lists it.
   */
  async unlist(key: string): Promise<void> {
    // Listed again at the next read if the setting is not changed after all.
    this.lastListed = undefined;
    const listed = this.listedKeys();
    if (!listed.includes(key)) return;
    const left = listed.filter((other) => other !== key);
    await this.state.update(LISTED_CONNECTIONS_KEY, left);
  }

  /** The keys listed at the last read that changed them. */
  private listedKeys(): string[] {
    const value = this.state.get<unknown>(LISTED_CONNECTIONS_KEY);
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
  }

  /**
   * Two or more connections: the view shows one root row per connection. So does a single named
   * connection that is not usable, whose row says what is wrong with it.
   */
  multiple(): boolean {
    const entries = this.entries();
    return entries.length > 1 || entries.some((entry) => entry.state === 'invalid' && entry.id !== SINGLE_HOST_ID);
  }

  get(id: string): Connection | undefined {
    const entries = this.entries();
    // A connection no longer listed is let go: its session holds nothing needed any more.
    for (const made of this.made.keys()) if (!entries.some((entry) => entry.id === made)) this.made.delete(made);
    if (!entries.some((entry) => entry.id === id)) return undefined;
    let connection = this.made.get(id);
    if (!connection) {
      connection = new Connection(
        id,
        (wanted) => this.entries().find((entry) => entry.id === wanted),
        this.settings,
        this.credentials,
        this.options,
      );
      this.made.set(id, connection);
    }
    return connection;
  }

  /** The connection whose key (ConnectionSpec.key) is `key` now; undefined when none is (its cluster changed, or it was removed). */
  byKey(key: string): Connection | undefined {
    const entry = this.entries().find((candidate) => candidate.state === 'ok' && candidate.spec.key === key);
    return entry && this.get(entry.id);
  }

  all(): Connection[] {
    return this.entries().map((entry) => this.get(entry.id)!);
  }

  /** One page of a connection's groups, through the connection whose key it is (GroupList's PageSource). */
  listGroups(
    connectionKey: string,
    query: ListGroupsQuery,
    signal?: AbortSignal,
  ): Promise<{ connectionKey: string; page: GroupPage }> {
    return this.through(connectionKey, (groups) => groups.listGroups(query, signal));
  }

  /** The brands of a connection's org (GroupRewards' RewardSource), refused if the connection moved to another cluster. */
  brands(connectionKey: string, orgId: number, signal?: AbortSignal): Promise<Brand[]> {
    return this.through(connectionKey, (groups) => groups.brands(orgId, signal, connectionKey));
  }

  /** One page of a brand's rewards, through the connection whose key it is. */
  rewards(connectionKey: string, brandId: number, query: ListRewardsQuery, signal?: AbortSignal): Promise<RewardPage> {
    return this.through(connectionKey, (groups) => groups.rewardsOfBrand(brandId, query, signal, connectionKey));
  }

  /** A read through the connection whose key it is; refused when no connection has that key any more. */
  private through<T>(connectionKey: string, read: (groups: GroupService) => Promise<T>): Promise<T> {
    const connection = this.byKey(connectionKey);
    if (!connection) return Promise.reject(new NotReadyError({ state: 'no-host' }));
    return read(connection.groups);
  }

  /** The id of the active connection: the one chosen last, while it is listed, else the first usable one, else the first. */
  activeId(): string | undefined {
    const entries = this.entries();
    const chosen = this.state.get<unknown>(ACTIVE_CONNECTION_KEY);
    return (entries.find((entry) => entry.id === chosen) ?? entries.find((entry) => entry.state === 'ok') ?? entries[0])
      ?.id;
  }

  /** The connection palette commands act on; undefined only while none is configured. */
  active(): Connection {
    return (
      this.get(this.activeId() ?? SINGLE_HOST_ID) ??
      new Connection(SINGLE_HOST_ID, () => undefined, this.settings, this.credentials, this.options)
    );
  }

  /** Only a usable connection can be the active one; an item written wrong is fixed in the settings first. */
  async setActive(id: string): Promise<void> {
    if (this.entries().find((entry) => entry.id === id)?.state !== 'ok') return;
    if (this.activeId() === id && this.state.get(ACTIVE_CONNECTION_KEY) === id) return;
    await this.state.update(ACTIVE_CONNECTION_KEY, id);
    this.activeChanged.fire();
  }

  /**
   * After Remove Connection: what globalState held of it beyond its list (kept by GroupList) goes
   * too, and the active choice falls back to the first connection left.
   */
  async forget(id: string): Promise<void> {
    if (this.state.get(ACTIVE_CONNECTION_KEY) === id) await this.state.update(ACTIVE_CONNECTION_KEY, undefined);
    this.idForgotten.fire(id);
    this.made.delete(id);
    this.activeChanged.fire();
  }

  dispose(): void {
    this.activeChanged.dispose();
    this.keyForgotten.dispose();
    this.idForgotten.dispose();
  }
}

/** The key a named connection keeps its credentials under, also while it is unusable but its name and host are. */
function listedKey(entry: ConnectionEntry): string | undefined {
  if (entry.id === SINGLE_HOST_ID) return undefined;
  return entry.state === 'ok' ? entry.spec.key : entry.state === 'invalid' ? entry.key : undefined;
}
