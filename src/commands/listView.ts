import * as l10n from '@vscode/l10n';
import { describeSort, sortsOnServer, type ListOptions, type SortField } from '../groups/listOptions';
import { hostLabel } from '../settings';
import { validationMessage } from '../ui';
import { checkNameFilter } from '../validation';
import type { CommandDeps } from './deps';

/**
 * What the Groups view lists: name filter, active-only and sort, remembered per host. Each change
 * reloads from the first page under the view's progress bar.
 */
async function change(deps: CommandDeps, describe: (origin: string, options: ListOptions) => Promise<Partial<ListOptions> | undefined>): Promise<void> {
  const readiness = await deps.session.readiness();
  if (readiness.state !== 'ready') {
    void deps.ui.message('info', l10n.t('Sign in to a cluster first: the Groups view shows what to do next.'));
    return;
  }
  const { origin } = readiness;
  const update = await describe(origin, deps.list.options(origin));
  if (!update) return;
  await deps.ui.withProgress(l10n.t('Listing the groups of {0}…', hostLabel(origin)), () => deps.list.setOptions(origin, update), { location: 'view' });
  deps.stateChanged();
}

/** Capillary Rewards: Filter by Name… (empty clears the filter). */
export function filterByName(deps: CommandDeps): Promise<void> {
  return change(deps, async (origin, options) => {
    const typed = await deps.ui.input({
      title: l10n.t('Filter the groups of {0} by name', hostLabel(origin)),
      prompt: l10n.t('Part of the name (Capillary matches it); empty shows every group'),
      value: options.name,
      validate: validationMessage(checkNameFilter),
    });
    const checked = typed === undefined ? undefined : checkNameFilter(typed);
    return checked?.ok ? { name: checked.value } : undefined;
  });
}

/** Capillary Rewards: Clear Filter. */
export function clearFilter(deps: CommandDeps): Promise<void> {
  return change(deps, () => Promise.resolve({ name: '' }));
}

/** Capillary Rewards: Show Active Groups Only / Show All Groups. */
export function showActiveOnly(deps: CommandDeps, activeOnly: boolean): Promise<void> {
  return change(deps, () => Promise.resolve({ activeOnly }));
}

/** Capillary's documented orders (rank, its default, and last update), then the name sort of the loaded groups. */
const SORTS: { sortBy: SortField; direction: 'ASC' | 'DESC' }[] = [
  { sortBy: 'rank', direction: 'ASC' },
  { sortBy: 'rank', direction: 'DESC' },
  { sortBy: 'lastUpdated', direction: 'DESC' },
  { sortBy: 'lastUpdated', direction: 'ASC' },
  { sortBy: 'name', direction: 'ASC' },
  { sortBy: 'name', direction: 'DESC' },
];

/** Capillary Rewards: Sort Groups… */
export function sortGroups(deps: CommandDeps): Promise<void> {
  return change(deps, async (origin, options) => {
    const items = SORTS.map((sort) => {
      const current = sort.sortBy === options.sortBy && sort.direction === options.direction;
      const label = describeSort(sort);
      return {
        label: `${label[0]!.toUpperCase()}${label.slice(1)}`,
        description: [current ? l10n.t('current') : '', sortsOnServer({ ...options, ...sort }) ? '' : l10n.t('sorts the loaded groups only: Capillary cannot sort by name')]
          .filter(Boolean)
          .join(' · '),
        value: sort,
      };
    });
    // Enter keeps the current order.
    const current = items.find((item) => item.value.sortBy === options.sortBy && item.value.direction === options.direction)?.value;
    return deps.ui.pick(items, { title: l10n.t('Sort the groups of {0}', hostLabel(origin)), active: current });
  });
}
