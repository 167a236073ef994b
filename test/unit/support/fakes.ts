import type { KeyValueStore } from '../../../src/groups/groupStore';
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

/** SecretStorage stand-in; `failWith` makes it behave like a keychain that refuses. */
export class MemorySecrets implements SecretStore {
  readonly data = new Map<string, string>();
  failWith?: Error;

  async get(key: string): Promise<string | undefined> {
    if (this.failWith) throw this.failWith;
    return this.data.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.data.set(key, value);
  }

  async delete(key: string): Promise<void> {
    if (this.failWith) throw this.failWith;
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
