/**
 * Where a front end keeps what outlives a command (the active connection, a list's offline copy,
 * its options): VS Code's globalState in the editor, memory or a file elsewhere. Values round-trip
 * through JSON.
 */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}
