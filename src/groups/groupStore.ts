import type { Group } from '../api/types';
import { Emitter } from '../events';

/** The part of VS Code's Memento (globalState) the store uses. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const GROUPS_KEY_PREFIX = 'capillaryRewards.groups';
/** Bounds what one host can keep in globalState. */
export const MAX_GROUPS_PER_HOST = 1000;

/**
 * Groups created from this editor, per host origin, newest first. Kept in globalState so that
 * they survive a window reload; only group objects as Capillary returned them, never secrets.
 */
export class GroupStore {
  private readonly changed = new Emitter<string>();
  /** Fires the origin whose groups changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: KeyValueStore) {}

  list(origin: string): Group[] {
    const stored = this.state.get<Group[]>(storageKey(origin));
    return Array.isArray(stored) ? [...stored].sort(newestFirst) : [];
  }

  find(origin: string, id: number): Group | undefined {
    return this.list(origin).find((group) => group.id === id);
  }

  /** Adds or replaces groups by id. */
  async upsert(origin: string, groups: readonly Group[]): Promise<void> {
    const byId = new Map(this.list(origin).map((group) => [group.id, group]));
    for (const group of groups) byId.set(group.id, group);
    const next = [...byId.values()].sort(newestFirst).slice(0, MAX_GROUPS_PER_HOST);
    await this.state.update(storageKey(origin), next);
    this.changed.fire(origin);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function storageKey(origin: string): string {
  return `${GROUPS_KEY_PREFIX}|${origin}`;
}

function newestFirst(a: Group, b: Group): number {
  return b.createdOn - a.createdOn || b.id - a.id;
}
