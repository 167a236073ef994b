import type { KeyValueStore } from '../foundation/keyValueStore';
import type { Connections } from '../connections/connections';
import type { CredentialStore, SecretStore } from '../foundation/credentials';
import type { GroupList } from '../groups/groupList';
import type { GroupsTreeProvider } from './groupsTree';

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
  globalState: KeyValueStore;
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
