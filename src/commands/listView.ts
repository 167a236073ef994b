import * as l10n from '@vscode/l10n';
import { describeSort, sortsOnServer, type ListOptions, type SortField } from '../groups/listOptions';
import { validationMessage } from '../ui/port';
import { checkNameFilter } from '../foundation/validation';
import type { CommandDeps } from './deps';
import { connectionFor } from './steps/connection';

/**
 * What the Groups view lists: name filter, active-only and sort, remembered per connection (the
 * row's, else the active one). Each change reloads from the first page under the view's progress bar.
 */
async function change(
  deps: CommandDeps,
  connectionId: string | undefined,
  describe: (where: string, options: ListOptions) => Promise<Partial<ListOptions> | undefined>,
): Promise<void> {
  const connection = connectionFor(deps, connectionId);
  if (!connection) return;
  const readiness = await connection.session.readiness();
  if (readiness.state !== 'ready') {
    void deps.ui.message('info', l10n.t('Sign in to a cluster first: the Groups view shows what to do next.'));
    return;
  }
  const { key } = readiness.spec;
  const where = connection.label();
  const update = await describe(where, deps.list.options(key));
  if (!update) return;
  await deps.ui.withProgress(l10n.t('Listing the groups of {0}…', where), () => deps.list.setOptions(key, update), {
    location: 'view',
  });
  deps.stateChanged();
}

/** Capillary Rewards: Filter by Name… (empty clears the filter). */
export function filterByName(deps: CommandDeps, connectionId?: string): Promise<void> {
  return change(deps, connectionId, async (where, options) => {
    const typed = await deps.ui.input({
      title: l10n.t('Filter the groups of {0} by name', where),
      prompt: l10n.t('Part of the name (Capillary matches it); empty shows every group'),
      value: options.name,
      validate: validationMessage(checkNameFilter),
    });
    const checked = typed === undefined ? undefined : checkNameFilter(typed);
    return checked?.ok ? { name: checked.value } : undefined;
  });
}

/** Capillary Rewards: Clear Filter. */
export function clearFilter(deps: CommandDeps, connectionId?: string): Promise<void> {
  return change(deps, connectionId, () => Promise.resolve({ name: '' }));
}

/** Capillary Rewards: Show Active Groups Only / Show All Groups. */
export function showActiveOnly(deps: CommandDeps, activeOnly: boolean, connectionId?: string): Promise<void> {
  return change(deps, connectionId, () => Promise.resolve({ activeOnly }));
}

/** The catalog's order, Capillary's documented orders (rank, its default, and last update), then the name sort of the loaded groups. */
const SORTS: { sortBy: SortField; direction: 'ASC' | 'DESC' }[] = [
  { sortBy: 'catalog', direction: 'ASC' },
  { sortBy: 'rank', direction: 'ASC' },
  { sortBy: 'rank', direction: 'DESC' },
  { sortBy: 'lastUpdated', direction: 'DESC' },
  { sortBy: 'lastUpdated', direction: 'ASC' },
  { sortBy: 'name', direction: 'ASC' },
  { sortBy: 'name', direction: 'DESC' },
];

/** Capillary Rewards: Sort Groups… */
export function sortGroups(deps: CommandDeps, connectionId?: string): Promise<void> {
  return change(deps, connectionId, async (where, options) => {
    const items = SORTS.map((sort) => {
      const current = sort.sortBy === options.sortBy && sort.direction === options.direction;
      const label = describeSort(sort);
      return {
        label: `${label[0]!.toUpperCase()}${label.slice(1)}`,
        description: [
          current ? l10n.t('current') : '',
          sort.sortBy === 'catalog'
            ? l10n.t('the sections as the Rewards Catalog shows them; drag a group to reorder')
            : '',
          sortsOnServer({ ...options, ...sort })
            ? ''
            : l10n.t('sorts the loaded groups only: Capillary cannot sort by name'),
        ]
          .filter(Boolean)
          .join(' · '),
        value: sort,
      };
    });
    // Enter keeps the current order.
    const current = items.find(
      (item) => item.value.sortBy === options.sortBy && item.value.direction === options.direction,
    )?.value;
    return deps.ui.pick(items, { title: l10n.t('Sort the groups of {0}', where), active: current });
  });
}
