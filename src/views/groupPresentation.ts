import * as l10n from '@vscode/l10n';
import type { Group } from '../api/types';
import type { ListSnapshot } from '../groups/groupList';
import { countRewards, type GroupReward, type GroupRewardsSnapshot } from '../groups/groupRewards';
import { describeSort, sortsOnServer } from '../groups/listOptions';
import { FSI, LRI, needsBidiIsolation, PDI } from '../messages/names';

/** How a group reads in the tree: plain data, so it is testable without VS Code. */

/** Made on first use, not at activation: the first Intl.DateTimeFormat of a process loads ICU's date data (about 15 ms). */
let formats: { dateTime: Intl.DateTimeFormat; short: Intl.DateTimeFormat } | undefined;
function localFormats(): { dateTime: Intl.DateTimeFormat; short: Intl.DateTimeFormat } {
  return (formats ??= {
    dateTime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
    short: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
  });
}

export function formatLocal(epochMs: number): string {
  return localFormats().dateTime.format(new Date(epochMs));
}

/** Row description: `#2412 · 17 Mar 2025, 03:58` (or `updated …` under the last-update sort), then `· new` / `· inactive` when they apply. */
export function groupDescription(group: Group, isNew = false, updated = false): string {
  const marks = `${isNew ? ` · ${l10n.t('new')}` : ''}${group.isActive ? '' : ` · ${l10n.t('inactive')}`}`;
  // Sorted by last update, the row shows that time, so that the order can be seen.
  const time = updated
    ? l10n.t('updated {0}', localFormats().short.format(new Date(group.lastUpdatedOn)))
    : localFormats().short.format(new Date(group.createdOn));
  return `#${group.id} · ${time}${marks}`;
}

export interface GroupRow {
  label: string;
  description: string;
  /** What a screen reader says for the row. */
  accessibilityLabel: string;
}

/**
 * A group's row: the name as the label, then rank (when the list is sorted by it), id, creation
 * time and marks. A name with right-to-left letters or bidi controls would pull the id and time
 * into its own direction ("#2417עברית"): it is isolated (FSI…PDI, its direction taken from its own
 * first letter) and the description is kept left-to-right (LRI…PDI). A plain name is left exactly
 * as it is, so that typing in the tree still finds it.
 */
export function groupRow(
  group: Group,
  options: { isNew?: boolean; rank?: boolean; updated?: boolean; section?: number } = {},
): GroupRow {
  const isolate = needsBidiIsolation(group.name);
  const name = isolate ? `${FSI}${group.name}${PDI}` : group.name;
  // In catalog order the section's number leads: the place the catalog shows it at (1 first).
  const section = options.section === undefined ? '' : `${l10n.t('section {0}', options.section)} · `;
  const rank = options.rank ? `${l10n.t('rank {0}', group.rank ?? l10n.t('none'))} · ` : '';
  const description = section + rank + groupDescription(group, options.isNew, options.updated);
  const marks = [...(options.isNew ? [l10n.t('new')] : []), ...(group.isActive ? [] : [l10n.t('inactive')])];
  return {
    label: name,
    description: isolate || needsBidiIsolation(description) ? `${LRI}${description}${PDI}` : description,
    accessibilityLabel: [l10n.t('{0}, group {1}', name, group.id), ...marks].join(', '),
  };
}

export interface GroupField {
  /** The field name as in Capillary's JSON. */
  key: keyof Group;
  value: string;
}

/** Every field of the group object, times in local time and ISO UTC. */
export function groupFields(group: Group): GroupField[] {
  const time = (ms: number, iso: string) => `${formatLocal(ms)} · ${iso}`;
  return [
    { key: 'id', value: String(group.id) },
    { key: 'name', value: group.name },
    // The JSON literals (null, true, false) stay as they are; only the explanation is translated.
    { key: 'rank', value: group.rank === null ? l10n.t('none ({0})', 'null') : String(group.rank) },
    { key: 'isActive', value: group.isActive ? l10n.t('{0} (active)', 'true') : l10n.t('{0} (inactive)', 'false') },
    { key: 'orgId', value: String(group.orgId) },
    { key: 'createdBy', value: String(group.createdBy) },
    { key: 'createdOn', value: time(group.createdOn, group.createdOnDateTime) },
    { key: 'lastUpdatedBy', value: String(group.lastUpdatedBy) },
    { key: 'lastUpdatedOn', value: time(group.lastUpdatedOn, group.lastUpdatedOnDateTime) },
  ];
}

/** Text shown in a Markdown tooltip as it is: every character Markdown would read escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Markdown tooltip: the name as a heading, then every field. */
export function groupTooltip(group: Group): string {
  const rows = groupFields(group).map((field) => `| ${field.key} | ${escapeMarkdown(field.value)} |`);
  return [
    `**${escapeMarkdown(group.name)}**`,
    '',
    `| ${escapeMarkdown(l10n.t('field'))} | ${escapeMarkdown(l10n.t('value'))} |`,
    '|---|---|',
    ...rows,
  ].join('\n');
}

/**
 * The view's message above the rows: how much is shown, of what, in which order. Groups created or
 * looked up here count as shown: they are on the server, one of its total.
 */
export function listSummary(snapshot: ListSnapshot): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const filter = snapshot.options.name.trim();
  const shown = snapshot.groups.length;
  const of = Math.max(snapshot.total, shown);
  const parts = [
    filter
      ? l10n.t("Showing {0} of {1} matching '{2}'", count(shown), count(of), filter)
      : of === 1
        ? l10n.t('Showing {0} of {1} group', count(shown), count(of))
        : l10n.t('Showing {0} of {1} groups', count(shown), count(of)),
  ];
  if (snapshot.options.activeOnly) parts.push(l10n.t('active only'));
  const sort = describeSort(snapshot.options);
  parts.push(sortsOnServer(snapshot.options) || snapshot.last ? sort : l10n.t('{0} (loaded groups only)', sort));
  if (snapshot.source === 'cache') {
    const loadedAt = formatLocal(snapshot.loadedAt);
    parts.push(snapshot.refreshing ? l10n.t('cached {0}, refreshing…', loadedAt) : l10n.t('cached {0}', loadedAt));
  }
  return parts.join(' · ');
}

/**
 * The row under a group that holds its rewards: "Rewards" until they are read, then "Rewards (N)"
 * (N counted by Capillary while pages remain), with what is still reading or failed.
 */
export function rewardsRow(snapshot: GroupRewardsSnapshot | undefined): {
  label: string;
  description: string;
  tooltip: string;
} {
  const tooltip = l10n.t(
    'The rewards of every brand of the org that name this group, in the order the Rewards Catalog shows them.',
  );
  if (!snapshot) return { label: l10n.t('Rewards'), description: l10n.t('expand to read'), tooltip };
  if (snapshot.brandsError) return { label: l10n.t('Rewards'), description: l10n.t('could not be read'), tooltip };
  if (!snapshot.brands) return { label: l10n.t('Rewards'), description: l10n.t('reading…'), tooltip };
  const count = countRewards(snapshot);
  const shown = snapshot.brands.reduce((sum, entry) => sum + entry.rewards.length, 0);
  const parts = [
    count.live > 0 ? l10n.t('{0} live', count.live.toLocaleString('en-US')) : '',
    count.complete || shown === count.total ? '' : l10n.t('{0} loaded', shown.toLocaleString('en-US')),
    count.failedBrands.length > 0 ? l10n.t('{0} brand(s) failed', count.failedBrands.length) : '',
    snapshot.loading ? l10n.t('reading…') : '',
  ];
  return {
    label: l10n.t('Rewards ({0})', count.total.toLocaleString('en-US')),
    description: parts.filter(Boolean).join(' · '),
    tooltip,
  };
}

/** A reward's row: its name; then #id, brand, status and rank inside the group. */
export function rewardRow(item: GroupReward): GroupRow & { tooltip: string } {
  const { reward } = item;
  const rank = item.groupRank === null ? l10n.t('unranked') : l10n.t('rank {0}', item.groupRank);
  const parts = [
    `#${reward.id}`,
    item.brand.name,
    reward.status,
    rank,
    ...(reward.enabled ? [] : [l10n.t('disabled')]),
  ];
  const isolate = needsBidiIsolation(reward.name);
  const description = parts.join(' · ');
  const tooltip = [
    `**${escapeMarkdown(reward.name)}**`,
    '',
    l10n.t('Reward #{0} of brand {1} (#{2})', reward.id, escapeMarkdown(item.brand.name), item.brand.id),
    l10n.t('Status: {0}{1}', reward.status, reward.enabled ? '' : l10n.t(', disabled')),
    l10n.t('Rank in this group: {0}', item.groupRank ?? l10n.t('none')),
    ...(reward.startDateTime || reward.endDateTime
      ? [l10n.t('From {0} to {1}', reward.startDateTime ?? '…', reward.endDateTime ?? '…')]
      : []),
  ].join('\n\n');
  return {
    label: isolate ? `${FSI}${reward.name}${PDI}` : reward.name,
    description: isolate || needsBidiIsolation(description) ? `${LRI}${description}${PDI}` : description,
    accessibilityLabel: l10n.t('{0}, reward {1}, {2}', reward.name, reward.id, [reward.status, rank].join(', ')),
    tooltip,
  };
}
