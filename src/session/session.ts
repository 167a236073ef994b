import * as l10n from '@vscode/l10n';
import { createGroupsClient } from '../api/client';
import type { RequestObserver } from '../api/http';
import type { RouteFor } from '../api/network';
import type { GroupsApi } from '../api/groups';
import type { Credentials } from '../api/types';
import { basicAuthorization } from '../api/auth';
import { credentialsLabel, KeychainError, secretKey, type CredentialSource } from '../foundation/credentials';
import type { SecretKeeper } from '../foundation/log';
import {
  originOfKey,
  type ConnectionEntry,
  type ConnectionSpec,
  type Settings,
  type SettingsSource,
} from '../foundation/settings';

/** Where the user stands with a connection: what the view shows and what a call may do. */
export type Readiness =
  | { state: 'no-host' }
  | {
      state: 'invalid-host';
      raw: string;
      message: string;
      /** the connection's name; '' for the single-host settings */ name: string;
    }
  | {
      state: 'signed-out';
      origin: string;
      spec: ConnectionSpec;
      settings: Settings;
      /** why stored credentials could not be read */ keychainProblem?: string;
    }
  | { state: 'ready'; origin: string; spec: ConnectionSpec; settings: Settings; credentials: Credentials };

/** Thrown when a call needs a cluster or credentials that are not there. */
export class NotReadyError extends Error {
  constructor(readonly readiness: Exclude<Readiness, { state: 'ready' }>) {
    super(
      readiness.state === 'signed-out'
        ? l10n.t('Not signed in to {0}', readiness.origin)
        : l10n.t('No Capillary cluster is configured'),
    );
    this.name = 'NotReadyError';
  }
}

/** A row of one cluster acted on after its connection's cluster changed; `describeFailure` adds what to do in the front end's words. */
export class HostChangedError extends Error {
  constructor(
    readonly rowOrigin: string,
    readonly currentOrigin: string,
  ) {
    super(l10n.t("That group belongs to {0}, but its connection's cluster is now {1}", rowOrigin, currentOrigin));
    this.name = 'HostChangedError';
  }
}

export interface SessionOptions {
  /** Told every request, for the log. */
  onRequest?: RequestObserver;
  /**
   * Holds the secret values of each connection (and of a sign-in while it is checked) for the log
   * to scrub: set when a client is made, replaced by a new token, dropped by a failed sign-in and
   * by Sign Out. Usually the RedactingLogger.
   */
  secrets?: SecretKeeper;
  /** Told when an answer was used only in part (a list longer than asked for), for the log. */
  onWarning?: (text: string) => void;
  /** How requests leave this machine: the front end's proxy and roots (see src/api/network.ts). */
  route?: RouteFor;
}

interface CachedClient {
  key: string;
  api: GroupsApi;
  /** What the log holds of its credentials and token. */
  held: HeldSecrets;
}

/** A client of the connection's cluster, with the origin it calls. */
export interface ConnectedClient {
  origin: string;
  /** ConnectionSpec.key of the connection as it was when the client was handed out. */
  key: string;
  api: GroupsApi;
  /** Who is signed in (method and till or client key; nothing secret): the same user across clients. */
  account: string;
}

/**
 * One connection and the credentials for it: which cluster it is now (its settings may change),
 * whether someone is signed in to it, signing in and out, and one API client per host, prefix,
 * timeout and credentials (so OAuth tokens are reused). What is done with the client lives in
 * GroupService.
 */
export class Session {
  private client?: CachedClient;
  /** Numbers the sign-in attempts, whose secrets are held apart until they are accepted. */
  private attempts = 0;

  constructor(
    private readonly settings: SettingsSource,
    private readonly credentials: CredentialSource,
    private readonly options: SessionOptions = {},
    /** This session's connection as configured now; by default the first one (the single-host settings, when no connection is listed). */
    private readonly entry: () => ConnectionEntry | undefined = () => settings.read().connections[0],
  ) {}

  async readiness(): Promise<Readiness> {
    const settings = this.settings.read();
    const entry = this.entry();
    if (!entry || entry.state === 'unset') return { state: 'no-host' };
    if (entry.state === 'invalid') {
      return { state: 'invalid-host', raw: entry.raw, message: entry.message, name: entry.name };
    }
    const { spec } = entry;
    const origin = spec.origin;
    let credentials;
    try {
      credentials = await this.credentials.get(spec.key, spec.authMethod);
    } catch (error) {
      if (!(error instanceof KeychainError)) throw error;
      return { state: 'signed-out', origin, spec, settings, keychainProblem: error.message };
    }
    if (!credentials) return { state: 'signed-out', origin, spec, settings };
    return { state: 'ready', origin, spec, settings, credentials };
  }

  /**
   * The client of the connection's cluster, signed in. `expectedKey` is the connection key a row
   * was read through: if the connection is on another cluster now, the call is refused, so that a
   * row is only ever changed where it lives.
   */
  async connect(expectedKey?: string): Promise<ConnectedClient> {
    const readiness = await this.readiness();
    if (readiness.state !== 'ready') throw new NotReadyError(readiness);
    const { origin, spec, settings, credentials } = readiness;
    if (expectedKey !== undefined && expectedKey !== spec.key) {
      throw new HostChangedError(originOfKey(expectedKey), origin);
    }
    const key = clientKey(spec, settings, credentials);
    let client = this.client;
    if (client?.key !== key) {
      const held = new HeldSecrets(this.options.secrets, heldKey(spec, credentials), credentialSecrets(credentials));
      client = { key, api: this.makeClient(spec, settings, credentials, held), held };
      this.replaceClient(client);
    }
    return {
      origin,
      key: spec.key,
      api: client.api,
      account: `${credentials.method}:${credentialsLabel(credentials)}`,
    };
  }

  /** Forgets the cached client and its token, e.g. after the cluster changed. */
  reset(): void {
    this.replaceClient(undefined);
  }

  private replaceClient(client: CachedClient | undefined): void {
    // A token the old client is still waiting for must not overwrite what the new one holds.
    this.client?.held.retire();
    this.client = client;
  }

  /**
   * Checks credentials with one authenticated call (the first page of one group) and stores them
   * only if the cluster accepts them. A throw-away client, so a wrong attempt changes nothing.
   * `typed` are values the user typed that the credentials do not hold (the password of a till):
   * like the credentials' own, they are scrubbed from the log while the check runs, forgotten
   * if it fails, and kept with the connection if it succeeds.
   */
  async signIn(
    origin: string,
    credentials: Credentials,
    signal?: AbortSignal,
    typed: readonly string[] = [],
  ): Promise<void> {
    const settings = this.settings.read();
    const spec = this.spec(origin);
    const held = new HeldSecrets(this.options.secrets, `${heldKey(spec, credentials)}|sign-in ${++this.attempts}`, [
      ...credentialSecrets(credentials),
      ...typed,
    ]);
    const api = this.makeClient(spec, settings, credentials, held);
    try {
      await api.list({ page: 0, size: 1 }, signal);
      // The connection's cluster may have changed while the check ran: the credentials go only where they were checked.
      await this.credentials.save(this.spec(origin).key, credentials);
    } catch (error) {
      // A mistyped password is held no longer than it takes to refuse it.
      held.drop();
      throw error;
    }
    // In place of whatever the connection held before (another till's values, an old token).
    held.moveTo(heldKey(spec, credentials));
    // Keep the checked client: its OAuth token serves the next calls too.
    this.replaceClient({ key: clientKey(spec, settings, credentials), api, held });
  }

  /**
   * Removes every stored credential of the connection, and what the log held of them; true when
   * there were any. `origin` is the cluster the user was told; if the connection's is another one
   * now, nothing is removed.
   */
  async signOut(origin: string): Promise<boolean> {
    const { key } = this.spec(origin);
    try {
      const had = (
        await Promise.all(
          (['basic', 'oauth'] as const).map((method) => this.credentials.get(key, method).catch(() => undefined)),
        )
      ).some(Boolean);
      await this.credentials.clear(key);
      return had;
    } finally {
      // Credentials still stored (the keychain refused) are held again by the next client made for them.
      for (const method of ['basic', 'oauth'] as const) this.options.secrets?.dropSecrets(secretKey(key, method));
      this.reset();
    }
  }

  /** The connection as configured now, which must still be on `origin`. */
  private spec(origin: string): ConnectionSpec {
    const entry = this.entry();
    if (entry?.state !== 'ok') {
      throw new NotReadyError(
        entry?.state === 'invalid'
          ? { state: 'invalid-host', raw: entry.raw, message: entry.message, name: entry.name }
          : { state: 'no-host' },
      );
    }
    if (entry.spec.origin !== origin) throw new HostChangedError(origin, entry.spec.origin);
    return entry.spec;
  }

  private makeClient(spec: ConnectionSpec, settings: Settings, credentials: Credentials, held: HeldSecrets): GroupsApi {
    return createGroupsClient({
      origin: spec.origin,
      apiPrefix: spec.apiPrefix,
      timeoutMs: settings.timeoutMs,
      credentials,
      onRequest: this.options.onRequest,
      onWarning: this.options.onWarning,
      route: this.options.route,
      onToken: (token) => held.setToken(token),
    });
  }
}

/** What the log holds of one connection: the credentials of one connection key and method. */
function heldKey(spec: ConnectionSpec, credentials: Credentials): string {
  return secretKey(spec.key, credentials.method);
}

/** The secret values of credentials as they travel: the MD5, the `user:md5` pair and its Base64, or the client secret. */
export function credentialSecrets(credentials: Credentials): string[] {
  if (credentials.method === 'oauth') return [credentials.secret];
  const header = basicAuthorization(credentials.username, credentials.passwordMd5);
  return [credentials.passwordMd5, `${credentials.username}:${credentials.passwordMd5}`, header.replace(/^Basic /, '')];
}

/**
 * The secret values of one client under one key of the SecretKeeper: its credentials' values and
 * its current OAuth token, which replaces the one before.
 */
class HeldSecrets {
  private token?: string;
  private retired = false;

  constructor(
    private readonly keeper: SecretKeeper | undefined,
    private key: string,
    private readonly values: readonly string[],
  ) {
    this.publish();
  }

  setToken(token: string): void {
    this.token = token;
    this.publish();
  }

  /** The values now belong to `key` (the connection, once a sign-in is accepted), in place of what it held. */
  moveTo(key: string): void {
    if (key === this.key) return;
    this.keeper?.dropSecrets(this.key);
    this.key = key;
    this.publish();
  }

  drop(): void {
    this.retired = true;
    this.keeper?.dropSecrets(this.key);
  }

  /** No longer publishes (its client was replaced); what it published stays with the connection. */
  retire(): void {
    this.retired = true;
  }

  private publish(): void {
    if (!this.retired) {
      this.keeper?.setSecrets(this.key, this.token === undefined ? this.values : [...this.values, this.token]);
    }
  }
}

/** A client serves one host, prefix, timeout and set of credentials. */
function clientKey(spec: ConnectionSpec, settings: Settings, credentials: Credentials): string {
  return JSON.stringify([spec.origin, spec.apiPrefix, settings.timeoutMs, credentials]);
}
