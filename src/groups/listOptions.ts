import * as l10n from '@vscode/l10n';
import type { Group, ListGroupsQuery } from '../api/types';

/** How the org's groups are listed: what the user chose in the view, kept per host. */
export type SortField = 'created' | 'name' | 'rank' | 'lastUpdated';
export type SortDirection = 'ASC' | 'DESC';

export interface ListOptions {
  /** Server-side `name` filter; '' for none. */
  name: string;
  activeOnly: boolean;
  sortBy: SortField;
  direction: SortDirection;
}

export const DEFAULT_LIST_OPTIONS: ListOptions = { name: '', activeOnly: false, sortBy: 'created', direction: 'DESC' };

/**
 * Capillary sorts by rank or last update (`sortOn`), and otherwise by its default order, which
 * `orderBy` reverses. It cannot sort by name: that sort is applied to the loaded pages only.
 */
export function sortsOnServer(options: ListOptions): boolean {
  return options.sortBy !== 'name';
}

/** The list request for one page. */
export function listQuery(options: ListOptions, page: number, size: number): ListGroupsQuery {
  const query: ListGroupsQuery = { page, size };
  if (options.name.trim()) query.name = options.name.trim();
  if (options.activeOnly) query.active = true;
  if (options.sortBy === 'rank') query.sortOn = 'RANK';
  if (options.sortBy === 'lastUpdated') query.sortOn = 'LAST_UPDATED_ON';
  if (sortsOnServer(options)) query.orderBy = options.direction;
  return query;
}

/** Orders loaded groups when the server cannot (by name); otherwise keeps the server's order. */
export function orderLoaded(groups: readonly Group[], options: ListOptions): Group[] {
  if (sortsOnServer(options)) return [...groups];
  const factor = options.direction === 'ASC' ? 1 : -1;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return [...groups].sort((a, b) => factor * collator.compare(a.name, b.name) || a.id - b.id);
}

/** Ascending and descending labels per field; functions, so that they are translated when shown. */
const SORT_LABELS: Record<SortField, () => [string, string]> = {
  created: () => [l10n.t('oldest first'), l10n.t('newest first')],
  name: () => [l10n.t('by name, A to Z'), l10n.t('by name, Z to A')],
  rank: () => [l10n.t('by rank, lowest first'), l10n.t('by rank, highest first')],
  lastUpdated: () => [l10n.t('by last update, oldest first'), l10n.t('by last update, newest first')],
};

export function describeSort(options: Pick<ListOptions, 'sortBy' | 'direction'>): string {
  return SORT_LABELS[options.sortBy]()[options.direction === 'ASC' ? 0 : 1];
}

/** Reads options saved by an older or newer version without trusting their shape. */
export function parseListOptions(value: unknown): ListOptions {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<ListOptions>;
  return {
    name: typeof v.name === 'string' ? v.name : DEFAULT_LIST_OPTIONS.name,
    activeOnly: v.activeOnly === true,
    sortBy: v.sortBy && v.sortBy in SORT_LABELS ? v.sortBy : DEFAULT_LIST_OPTIONS.sortBy,
    direction: v.direction === 'ASC' || v.direction === 'DESC' ? v.direction : DEFAULT_LIST_OPTIONS.direction,
  };
}
