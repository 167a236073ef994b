import { createGroupsClient } from '../api/client';
import type { RequestObserver } from '../api/http';
import type { GroupsApi } from '../api/groups';
import type { CreateGroupInput, Credentials, Group } from '../api/types';
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
    super(readiness.state === 'signed-out' ? `Not signed in to ${readiness.origin}` : 'No Capillary cluster is configured');
    this.name = 'NotReadyError';
  }
}

export interface CreatedGroup {
  origin: string;
  group: Group;
}

/**
 * Between the commands and the API client: knows which host and credentials are current, keeps
 * one client per host and credentials (so OAuth tokens are reused), and never sends a create
 * twice while the same one is still on its way.
 */
export class GroupService {
  private client?: { key: string; api: GroupsApi };
  private readonly creating = new Map<string, Promise<CreatedGroup>>();

  constructor(
    private readonly settings: SettingsSource,
    private readonly credentials: CredentialStore,
    private readonly onRequest?: RequestObserver,
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
    return credentials ? { state: 'ready', origin, settings, credentials } : { state: 'signed-out', origin, settings };
  }

  /** Forgets the cached client, e.g. after the settings or the credentials changed. */
  reset(): void {
    this.client = undefined;
  }

  isCreating(origin: string, name: string): boolean {
    return this.creating.has(createKey(origin, name));
  }

  /** Creates a group; a second call for the same host and name while the first runs joins it. */
  async createGroup(input: CreateGroupInput, signal?: AbortSignal): Promise<CreatedGroup> {
    const { origin, api } = await this.connect();
    const key = createKey(origin, input.name);
    let pending = this.creating.get(key);
    if (!pending) {
      pending = api.create(input, signal).then((group) => ({ origin, group }));
      this.creating.set(key, pending);
      const forget = () => this.creating.delete(key);
      pending.then(forget, forget);
    }
    return pending;
  }

  async getGroup(id: number, signal?: AbortSignal): Promise<CreatedGroup> {
    const { origin, api } = await this.connect();
    return { origin, group: await api.get(id, signal) };
  }

  /**
   * Checks credentials with one authenticated call (the first page of one group) before they are
   * saved. Uses a client of its own so that a wrong attempt leaves the current one untouched.
   */
  async verifyCredentials(origin: string, credentials: Credentials, signal?: AbortSignal): Promise<void> {
    const settings = this.settings.read();
    const api = createGroupsClient({ origin, apiPrefix: settings.apiPrefix, timeoutMs: settings.timeoutMs, credentials, onRequest: this.onRequest });
    await api.list({ page: 0, size: 1 }, signal);
  }

  private async connect(): Promise<{ origin: string; api: GroupsApi }> {
    const readiness = await this.readiness();
    if (readiness.state !== 'ready') throw new NotReadyError(readiness);
    const { origin, settings, credentials } = readiness;
    const key = JSON.stringify([origin, settings.apiPrefix, settings.timeoutMs, credentials]);
    if (this.client?.key !== key) {
      const api = createGroupsClient({ origin, apiPrefix: settings.apiPrefix, timeoutMs: settings.timeoutMs, credentials, onRequest: this.onRequest });
      this.client = { key, api };
    }
    return { origin, api: this.client.api };
  }
}

function createKey(origin: string, name: string): string {
  return `${origin}\n${name.toLocaleLowerCase()}`;
}
