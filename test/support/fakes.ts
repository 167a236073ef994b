import * as fs from 'fs';
import * as path from 'path';
import type { FileLocation, FileRef, GroupsFileSource } from '../../src/ui/port';
import type { SecretStore } from '../../src/foundation/credentials';
import { ValueSettings } from '../../src/node/valueSettings';
import { editorWords } from '../../src/ui/editorWords';

/** Runs `body` at once, as an async method's body runs, so that a throw becomes a rejected promise. */
function promised<T>(body: () => T): Promise<T> {
  return new Promise((resolve) => resolve(body()));
}

/** globalState stand-in: the command line's in-memory store, which round-trips through JSON like VS Code's Memento. */
export { MemoryStore as MemoryMemento } from '../../src/node/memoryStore';

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

/** capillaryRewards.* settings held in memory and parsed by the real parser (the command line's settings source), named as the editor names them. */
export class MemorySettings extends ValueSettings {
  constructor(values: Record<string, unknown> = {}) {
    super(values, editorWords);
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

  /** Files under the folder by their path in it; any other by its absolute path. */
  locate(uri: string): FileLocation | undefined {
    const relative = path.relative(this.folder, uri);
    return relative.startsWith('..') || path.isAbsolute(relative)
      ? { path: uri }
      : { path: relative.split(path.sep).join('/'), folder: this.folder };
  }

  readInFolder(folder: string, name: string): Promise<string | undefined> {
    return fs.promises.readFile(path.join(folder, name), 'utf8').catch(() => undefined);
  }
}
