import type { KeyValueStore } from '../foundation/keyValueStore';

/** Kept state in memory for one process, through JSON as VS Code's globalState keeps it. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const text = this.data.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    // As an async method would: a value JSON cannot hold is a rejected promise, not a throw.
    return new Promise((resolve) => {
      if (value === undefined) this.data.delete(key);
      else this.data.set(key, JSON.stringify(value));
      resolve();
    });
  }
}
