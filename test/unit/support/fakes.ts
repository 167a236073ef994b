import type { KeyValueStore } from '../../../src/groups/groupList';
import type { SecretStore } from '../../../src/credentials';
import { parseSettings, type Settings, type SettingsSource } from '../../../src/settings';

/** globalState stand-in that round-trips through JSON like VS Code's Memento does. */
export class MemoryMemento implements KeyValueStore {
  readonly data = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const text = this.data.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }
}

type SecretOperation = 'get' | 'store' | 'delete';

/** SecretStorage stand-in; `failWith` makes it behave like a keychain that refuses (`failOn` which calls). */
export class MemorySecrets implements SecretStore {
  readonly data = new Map<string, string>();
  failWith?: Error;
  failOn: SecretOperation[] = ['get', 'store', 'delete'];
  reads = 0;

  private check(operation: SecretOperation): void {
    if (this.failWith && this.failOn.includes(operation)) throw this.failWith;
  }

  async get(key: string): Promise<string | undefined> {
    this.reads++;
    this.check('get');
    return this.data.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.check('store');
    this.data.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.check('delete');
    this.data.delete(key);
  }
}

/** capillaryRewards.* settings held in memory and parsed by the real parser. */
export class MemorySettings implements SettingsSource {
  constructor(public values: Record<string, unknown> = {}) {}

  read(): Settings {
    return parseSettings((key) => this.values[key]);
  }

  async setHost(origin: string): Promise<void> {
    this.values.host = origin;
  }
}
