import type { KeyValueStore } from '../foundation/keyValueStore';

/** Kept state: the ids of the connection rows the user collapsed in the Groups view (the others start expanded). */
export const COLLAPSED_CONNECTIONS_KEY = 'capillaryRewards.collapsedConnections';
/** Kept state: cluster URLs used lately, newest first, offered by Select Cluster and Add Connection. */
export const RECENT_CLUSTERS_KEY = 'capillaryRewards.recentClusters';
const MAX_RECENT_CLUSTERS = 5;

/**
 * What the editor keeps about connections for the user's convenience, apart from the connections
 * themselves: which rows are collapsed, and the clusters used lately.
 */
export class ConnectionViewState {
  constructor(private readonly state: KeyValueStore) {}

  /** The ids of the connection rows the user collapsed. */
  collapsed(): string[] {
    const value = this.state.get<unknown>(COLLAPSED_CONNECTIONS_KEY);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  }

  async setCollapsed(id: string, collapsed: boolean): Promise<void> {
    // An item written wrong has an id of its place in the list, which another item may take: not kept.
    if (collapsed && isPositional(id)) return;
    const others = this.collapsed().filter((other) => other !== id);
    await this.state.update(COLLAPSED_CONNECTIONS_KEY, collapsed ? [...others, id] : others);
  }

  /** A connection removed, or no longer listed: its row starts expanded if it comes back. */
  async forget(id: string): Promise<void> {
    if (this.collapsed().includes(id)) await this.setCollapsed(id, false);
  }

  /** Cluster URLs used lately (chosen, or signed in to), newest first. */
  recentClusters(): string[] {
    const value = this.state.get<unknown>(RECENT_CLUSTERS_KEY);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  async rememberCluster(origin: string): Promise<void> {
    const recent = [origin, ...this.recentClusters().filter((item) => item !== origin)].slice(0, MAX_RECENT_CLUSTERS);
    await this.state.update(RECENT_CLUSTERS_KEY, recent);
  }
}

/** The id of an item written wrong: its place in the list (names hold no line break). */
function isPositional(id: string): boolean {
  return id.startsWith('\n');
}
