import * as l10n from '@vscode/l10n';
import { createGroupsClient } from './api/client';
import type { RequestObserver } from './api/http';
import type { GroupsApi } from './api/groups';
import type { Credentials } from './api/types';
import { KeychainError, type CredentialStore } from './credentials';
import type { Settings, SettingsSource } from './settings';

/** Where the user stands with the current cluster: what the view shows and what a call may do. */
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

export interface SessionOptions {
  /** Told every request, for the log. */
  onRequest?: RequestObserver;
  /** Told every secret value the session handles (password hash, OAuth secret, tokens), so the log can scrub it. */
  onSecret?: (value: string) => void;
}

/** A client of the current cluster, with the origin it calls. */
export interface Connection {
  origin: string;
  api: GroupsApi;
  /** Who is signed in (method and till or client key; nothing secret): the same user across clients. */
  account: string;
}

/**
 * One cluster and the credentials for it: which host is current, whether someone is signed in to
 * it, signing in and out, and one API client per host, prefix, timeout and credentials (so OAuth
 * tokens are reused). What is done with the client lives in GroupService.
 */
export class Session {
  private client?: { key: string; api: GroupsApi };

  constructor(
    private readonly settings: SettingsSource,
    private readonly credentials: CredentialStore,
    private readonly options: SessionOptions = {},
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

  /**
   * The client of the current cluster, signed in. `expectedOrigin` is the host a row came from:
   * a different current host is refused, so that a row is only ever changed where it lives.
   */
  async connect(expectedOrigin?: string): Promise<Connection> {
    const readiness = await this.readiness();
    if (readiness.state !== 'ready') throw new NotReadyError(readiness);
    const { origin, settings, credentials } = readiness;
    if (expectedOrigin && expectedOrigin !== origin) throw new HostChangedError(expectedOrigin, origin);
    const key = clientKey(origin, settings, credentials);
    if (this.client?.key !== key) this.client = { key, api: this.makeClient(origin, settings, credentials) };
    return { origin, api: this.client.api, account: `${credentials.method}:${credentials.method === 'basic' ? credentials.username : credentials.key}` };
  }

  /** Forgets the cached client and its token, e.g. after the cluster changed. */
  reset(): void {
    this.client = undefined;
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
