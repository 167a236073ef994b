import * as fs from 'fs';
import * as path from 'path';
import type { KeyValueStore } from '../../src/foundation/keyValueStore';
import type { FileRef, GroupsFileSource } from '../../src/ui/port';
import type { SecretStore } from '../../src/foundation/credentials';
import { parseSettings, type Settings, type SettingsSource } from '../../src/foundation/settings';

/** Runs `body` at once, as an async method's body runs, so that a throw becomes a rejected promise. */
function promised<T>(body: () => T): Promise<T> {
  return new Promise((resolve) => resolve(body()));
}

/** globalState stand-in that round-trips through JSON like VS Code's Memento does. */
export class MemoryMemento implements KeyValueStore {
  readonly data = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const text = this.data.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    return promised(() => {
      if (value === undefined) this.data.delete(key);
      else this.data.set(key, JSON.stringify(value));
    });
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

  get(key: string): Promise<string | undefined> {
    return promised(() => {
      this.reads++;
      this.check('get');
      return this.data.get(key);
    });
  }

  store(key: string, value: string): Promise<void> {
    return promised(() => {
      this.check('store');
      this.data.set(key, value);
    });
  }

  delete(key: string): Promise<void> {
    return promised(() => {
      this.check('delete');
      this.data.delete(key);
    });
  }
}

/** capillaryRewards.* settings held in memory and parsed by the real parser. */
export class MemorySettings implements SettingsSource {
  constructor(public values: Record<string, unknown> = {}) {}

  read(): Settings {
    return parseSettings((key) => this.values[key]);
  }

  setHost(origin: string): Promise<void> {
    this.values.host = origin;
    return Promise.resolve();
  }

  connectionItems(): unknown[] {
    const items = this.values.connections;
    return Array.isArray(items) ? [...(items as unknown[])] : [];
  }

  setConnectionItems(items: unknown[]): Promise<void> {
    // As VS Code stores it: a copy, through JSON.
    this.values.connections = JSON.parse(JSON.stringify(items)) as unknown[];
    return Promise.resolve();
  }
}

/** The groups files of a folder on disk, as the workspace would list them; `activeFile` is the one "open in the editor". */
export class FolderGroupsFiles implements GroupsFileSource {
  activeFile?: string;

  constructor(readonly folder: string) {}

  /** Files "open in tabs" of the editor, behind the active one. */
  openFiles: string[] = [];

  active(): FileRef | undefined {
    return this.activeFile === undefined ? undefined : { uri: this.activeFile, label: path.basename(this.activeFile) };
  }

  open(): FileRef[] {
    return this.openFiles.map((file) => ({ uri: file, label: path.basename(file) }));
  }

  find(): Promise<FileRef[]> {
    const names = fs.existsSync(this.folder)
      ? fs.readdirSync(this.folder).filter((name) => name.endsWith('.capillary-groups.json'))
      : [];
    return Promise.resolve(names.sort().map((name) => ({ uri: path.join(this.folder, name), label: name })));
  }

  read(uri: string): Promise<string> {
    return fs.promises.readFile(uri, 'utf8');
  }

  /** Files "edited and not saved" in the editor. */
  readonly unsavedFiles = new Set<string>();

  unsaved(uri: string): boolean {
    return this.unsavedFiles.has(uri);
  }
}
