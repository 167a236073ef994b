import * as l10n from '@vscode/l10n';
import type { Group, ListGroupsQuery } from '../api/types';

/**
 * How the org's groups are listed: what the user chose in the view, kept per host. Only the orders
 * Capillary documents for its list page are asked of the server (`sortOn` RANK or LAST_UPDATED_ON,
 * `orderBy` ASC or DESC); the name sort orders the loaded groups on the client. The catalog order
 * is the Rewards Catalog's sections: active groups only, by rank, lowest first.
 */
export type SortField = 'rank' | 'lastUpdated' | 'name' | 'catalog';
export type SortDirection = 'ASC' | 'DESC';

export interface ListOptions {
  /** Server-side `name` filter; '' for none. */
  name: string;
  activeOnly: boolean;
  sortBy: SortField;
  direction: SortDirection;
}

/** Capillary's documented default order, asked for explicitly: by rank, lowest first. */
export const DEFAULT_LIST_OPTIONS: ListOptions = { name: '', activeOnly: false, sortBy: 'rank', direction: 'ASC' };

/** Capillary sorts by rank or last update (`sortOn`). It cannot sort by name: that sort is applied to the loaded pages only. */
export function sortsOnServer(options: Pick<ListOptions, 'sortBy'>): boolean {
  return options.sortBy !== 'name';
}

/** The list request for one page. */
export function listQuery(options: ListOptions, page: number, size: number): ListGroupsQuery {
  const query: ListGroupsQuery = { page, size };
  if (options.name.trim()) query.name = options.name.trim();
  if (options.activeOnly || options.sortBy === 'catalog') query.active = true;
  if (options.sortBy === 'rank' || options.sortBy === 'catalog') query.sortOn = 'RANK';
  if (options.sortBy === 'lastUpdated') query.sortOn = 'LAST_UPDATED_ON';
  if (sortsOnServer(options)) query.orderBy = options.sortBy === 'catalog' ? 'ASC' : options.direction;
  return query;
}

/**
 * The list's order as a comparator, for groups placed here (created, found or edited) among the
 * server's rows. Rank and last update follow Capillary's documented sort; what it does not
 * document is taken as the sandbox does it: no rank comes last in both directions, and ties go by
 * id, lowest first.
 */
export function compareGroups(options: Pick<ListOptions, 'sortBy' | 'direction'>): (a: Group, b: Group) => number {
  const factor = options.direction === 'ASC' || options.sortBy === 'catalog' ? 1 : -1;
  switch (options.sortBy) {
    case 'catalog':
    case 'rank':
      return (a, b) => {
        if (a.rank === null || b.rank === null) {
          return (a.rank === null ? 1 : 0) - (b.rank === null ? 1 : 0) || a.id - b.id;
        }
        return factor * (a.rank - b.rank) || a.id - b.id;
      };
    case 'lastUpdated':
      return (a, b) => factor * (a.lastUpdatedOn - b.lastUpdatedOn) || a.id - b.id;
    case 'name': {
      const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
      return (a, b) => factor * collator.compare(a.name, b.name) || a.id - b.id;
    }
  }
}

/** Orders loaded groups when the server cannot (by name); otherwise keeps the server's order. */
export function orderLoaded(groups: readonly Group[], options: ListOptions): Group[] {
  if (sortsOnServer(options)) return [...groups];
  return [...groups].sort(compareGroups(options));
}

/**
 * Whether the server would list the group under these options. Capillary does not document
 * whether its `name` filter matches exactly or in part: a group whose name does not contain the
 * text (ignoring case) surely does not match, and one that does is taken to match.
 */
export function matchesList(group: Group, options: Pick<ListOptions, 'name' | 'activeOnly' | 'sortBy'>): boolean {
  if ((options.activeOnly || options.sortBy === 'catalog') && !group.isActive) return false;
  const filter = options.name.trim().toLowerCase();
  return !filter || group.name.toLowerCase().includes(filter);
}

/** Ascending and descending labels per field; functions, so that they are translated when shown. */
const SORT_LABELS: Record<SortField, () => [string, string]> = {
  rank: () => [l10n.t('by rank, lowest first'), l10n.t('by rank, highest first')],
  lastUpdated: () => [l10n.t('by last update, oldest first'), l10n.t('by last update, newest first')],
  name: () => [l10n.t('by name, A to Z'), l10n.t('by name, Z to A')],
  // One direction only: the catalog's.
  catalog: () => [
    l10n.t('in catalog order (active groups by rank)'),
    l10n.t('in catalog order (active groups by rank)'),
  ],
};

/** Whether the list shows the catalog's sections in its order, so that moving a row reorders the catalog. */
export function isCatalogOrder(options: Pick<ListOptions, 'sortBy' | 'direction'>): boolean {
  return options.sortBy === 'catalog';
}

export function describeSort(options: Pick<ListOptions, 'sortBy' | 'direction'>): string {
  return SORT_LABELS[options.sortBy]()[options.direction === 'ASC' ? 0 : 1];
}

/**
 * Reads options saved by an older or newer version without trusting their shape. A sort this
 * version does not offer (such as the creation order of earlier versions, which Capillary never
 * documented) becomes the default sort, direction included.
 */
export function parseListOptions(value: unknown): ListOptions {
  const v = (typeof value === 'object' && value !== null ? value : {}) as { [K in keyof ListOptions]?: unknown };
  const known = typeof v.sortBy === 'string' && Object.prototype.hasOwnProperty.call(SORT_LABELS, v.sortBy);
  return {
    name: typeof v.name === 'string' ? v.name : DEFAULT_LIST_OPTIONS.name,
    activeOnly: v.activeOnly === true,
    sortBy: known ? (v.sortBy as SortField) : DEFAULT_LIST_OPTIONS.sortBy,
    direction:
      known && (v.direction === 'ASC' || v.direction === 'DESC') ? v.direction : DEFAULT_LIST_OPTIONS.direction,
  };
}
