import type { Connections } from './connections';
import type { CredentialStore, SecretStore } from './credentials';
import type { GroupList } from './groups/groupList';
import type { GroupsTreeProvider } from './views/groupsTree';

/**
 * What extension-host tests may reach, and only when VS Code runs the extension under tests
 * (ExtensionMode.Test): in normal use activate() exports nothing, so no other extension can
 * touch credentials or the session.
 */
export interface TestApi {
  tree: GroupsTreeProvider;
  credentials: CredentialStore;
  /** Every connection, its session and group operations. */
  connections: Connections;
  list: GroupList;
  /** How many times SecretStorage was read: start-up must not read it. */
  secretReads(): number;
  /** The keys read from SecretStorage, in order (never a value). */
  secretKeysRead(): readonly string[];
  /** The extension's globalState, e.g. to start with a connection row collapsed. */
  globalState: KeyValueState;
}

/** The part of VS Code's Memento the tests use. */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** SecretStorage as extension-host tests see it: every read counted. */
export class CountingSecretStore implements SecretStore {
  reads = 0;
  readonly keysRead: string[] = [];

  constructor(private readonly secrets: SecretStore) {}

  get(key: string): PromiseLike<string | undefined> {
    this.reads++;
    this.keysRead.push(key);
    return this.secrets.get(key);
  }

  store(key: string, value: string): PromiseLike<void> {
    return this.secrets.store(key, value);
  }

  delete(key: string): PromiseLike<void> {
    return this.secrets.delete(key);
  }
}
