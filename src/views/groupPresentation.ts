import * as l10n from '@vscode/l10n';
import { CapillaryError } from '../api/errors';
import type { Group } from '../api/types';
import type { ListSnapshot } from '../groups/groupList';
import { countRewards, type BrandRewards, type GroupReward, type GroupRewardsSnapshot } from '../groups/groupRewards';
import { describeSort, sortsOnServer } from '../groups/listOptions';
import { describeFailure } from '../messages/failures';
import { FSI, LRI, needsBidiIsolation, PDI } from '../messages/names';
import { hostLabel, originOfKey, type ConnectionEntry, type ConnectionSpec } from '../foundation/settings';
import { editorWords } from '../ui/editorWords';

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

/** A plain row's wording: what it reads, what follows it in grey, and what hovering it adds. */
export interface RowText {
  label: string;
  description: string;
  tooltip: string;
}

/**
 * A connection's root row: its name, then whether it is production or active, its cluster and org
 * (once known); the tooltip in Markdown.
 */
export function connectionRow(
  spec: ConnectionSpec,
  facts: { active: boolean; orgId: number | undefined; method: string; snapshot: ListSnapshot | undefined },
): RowText & { accessibilityLabel: string } {
  const { active, orgId, snapshot } = facts;
  // The flags first: a narrow side bar cuts the end of a description.
  const description = [
    spec.production ? l10n.t('PRODUCTION') : undefined,
    active ? l10n.t('active') : undefined,
    // A connection named after its cluster is not named twice.
    spec.name === hostLabel(spec.origin) ? undefined : hostLabel(spec.origin),
    orgId === undefined ? undefined : l10n.t('org {0}', orgId),
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = [
    `**${escapeMarkdown(spec.name)}**${spec.production ? ` — ${l10n.t('production: every change asks first')}` : ''}`,
    l10n.t('Cluster: {0}', spec.origin),
    l10n.t('Org: {0}', orgId === undefined ? l10n.t('not known yet') : orgId),
    l10n.t('Sign-in: {0}', facts.method),
    ...(active ? [l10n.t('The active connection: palette commands act on it.')] : []),
    ...(snapshot && snapshot.groups.length > 0 ? [listSummary(snapshot)] : []),
  ];
  return {
    label: spec.name,
    description,
    tooltip: lines.join('\n\n'),
    accessibilityLabel: [spec.name, description].join(', '),
  };
}

/** The root row of a connection whose item cannot be used: its name and its host as written, when it has them. */
export function unusableConnectionRow(entry: ConnectionEntry | undefined): {
  label: string;
  description: string;
  tooltip: string | undefined;
} {
  const invalid = entry?.state === 'invalid' ? entry : undefined;
  return {
    label: invalid?.name ? invalid.name : l10n.t('Connection'),
    // Which item it is, when another has the same name: its host as written.
    description: invalid?.raw ? l10n.t('not usable · {0}', invalid.raw) : l10n.t('not usable'),
    tooltip: invalid?.message,
  };
}

/** Why a connection's root row holds no groups. */
export type HintKind = 'invalid' | 'keychain' | 'signed-out' | 'empty' | 'no-active' | 'no-match';

/**
 * A connection's hint row: the sentence (naming what is wrong, or the filter, as `detail`) and the
 * title of the command a click runs.
 */
export function hintRow(
  hint: HintKind,
  facts: { detail: string; name: string; method: string },
): { label: string; tooltip: string; title: string } {
  const { detail } = facts;
  const text: Record<HintKind, () => { label: string; title: string }> = {
    invalid: () => ({ label: l10n.t('Not usable: {0}', detail), title: l10n.t('Open Settings') }),
    keychain: () => ({ label: detail, title: l10n.t('Show Log') }),
    'signed-out': () => ({
      label: l10n.t('Sign in to {0} ({1})…', facts.name, facts.method),
      title: l10n.t('Sign In'),
    }),
    empty: () => ({ label: l10n.t('This org has no reward groups yet. Create Group…'), title: l10n.t('Create Group') }),
    'no-active': () => ({
      label: l10n.t('No active groups in this org. Show All Groups'),
      title: l10n.t('Show All Groups'),
    }),
    'no-match': () => ({
      label: l10n.t("No group matches '{0}'. Clear Filter", detail),
      title: l10n.t('Clear Filter'),
    }),
  };
  const { label, title } = text[hint]();
  return { label, tooltip: hint === 'invalid' ? l10n.t('{0} Click to open your settings.', label) : label, title };
}

/** A field row under a group: the JSON key, its value, and both on one line. */
export function fieldRow(field: GroupField): RowText {
  return { label: field.key, description: field.value, tooltip: `${field.key}: ${field.value}` };
}

/** The lines among a group's rewards that are not rewards. */
export type RewardsNote = 'brands-failed' | 'no-brands' | 'brand-failed' | 'brand-more' | 'none' | 'other-case';

/**
 * A line among a group's rewards that is not a reward; `action` is what a click does (none for a
 * line that only informs), `title` the title of that command, `icon` a codicon's name.
 */
export function rewardsNoteRow(
  note: RewardsNote,
  snapshot: GroupRewardsSnapshot,
  brand?: BrandRewards,
): RowText & { icon: 'info' | 'warning' | 'more'; action: 'retry' | 'load-more' | undefined; title: string } {
  const origin = originOfKey(snapshot.connectionKey);
  const where = hostLabel(origin);
  const name = snapshot.groupName;
  const cause = (error: unknown, doing: string) =>
    describeFailure(error, { origin, where, doing }, editorWords)?.message ?? l10n.t('the last request failed');
  let row: { label: string; description?: string; icon?: 'warning' | 'more'; action?: 'retry' | 'load-more' };
  switch (note) {
    case 'brands-failed':
      row = {
        label: l10n.t('Could not read the brands of org {0}. Retry', snapshot.orgId),
        description: cause(snapshot.brandsError, l10n.t('read the brands of org {0}', snapshot.orgId)),
        icon: 'warning',
        action: 'retry',
      };
      break;
    case 'no-brands':
      row = { label: l10n.t('Org {0} has no brands, so no rewards.', snapshot.orgId) };
      break;
    case 'brand-failed':
      row = {
        label: l10n.t('Could not read the rewards of {0}. Retry', brand!.brand.name),
        description: cause(brand!.error, l10n.t('read the rewards of brand {0}', brand!.brand.name)),
        icon: 'warning',
        action: 'retry',
      };
      break;
    case 'brand-more': {
      const count = countRewards({ ...snapshot, brands: [brand!] });
      row = {
        label: l10n.t('Load more of {0}…', brand!.brand.name),
        description: l10n.t(
          '{0} of {1} loaded',
          brand!.rewards.length.toLocaleString('en-US'),
          count.total.toLocaleString('en-US'),
        ),
        icon: 'more',
        action: 'load-more',
      };
      break;
    }
    case 'none':
      row = { label: l10n.t("No reward names '{0}'.", name) };
      break;
    case 'other-case': {
      const others = (snapshot.brands ?? []).flatMap((entry) => entry.otherCase);
      const names = [
        ...new Set(
          others.flatMap((item) =>
            item.reward.groups
              .map((link) => link.groupName)
              .filter((other) => other !== name && other.toLowerCase() === name.toLowerCase()),
          ),
        ),
      ];
      row = {
        label:
          others.length === 1
            ? l10n.t("1 more reward names it '{0}': not in this section (names must match exactly)", names.join("', '"))
            : l10n.t(
                "{0} more rewards name it '{1}': not in this section (names must match exactly)",
                others.length,
                names.join("', '"),
              ),
        description: others.map((item) => `#${item.reward.id}`).join(' '),
        icon: 'warning',
      };
      break;
    }
  }
  const { label, description = '' } = row;
  return {
    label,
    description,
    tooltip: description ? `${label}\n\n${description}` : label,
    icon: row.icon ?? 'info',
    action: row.action,
    title: row.action === 'load-more' ? l10n.t('Load More') : l10n.t('Retry'),
  };
}

/** Why the last read of a list failed, naming the cluster as `where`. */
function listFailure(snapshot: ListSnapshot, where = hostLabel(originOfKey(snapshot.connectionKey))): string {
  const origin = originOfKey(snapshot.connectionKey);
  return (
    describeFailure(snapshot.error, { origin, where, doing: l10n.t('list the groups of {0}', where) }, editorWords)
      ?.message ?? l10n.t('the last request failed')
  );
}

/**
 * "Load more…" at the end of a list with more pages, or its retry when reading the next page
 * failed (`tooltip` then says why); `title` is its command's.
 */
export function loadMoreRow(snapshot: ListSnapshot): {
  label: string;
  description: string;
  tooltip: string | undefined;
  title: string;
} {
  // Counted as the summary counts them: groups created or looked up here are among the loaded.
  const loaded = l10n.t(
    '{0} of {1} loaded',
    snapshot.groups.length.toLocaleString('en-US'),
    Math.max(snapshot.total, snapshot.groups.length).toLocaleString('en-US'),
  );
  const failure = snapshot.failedLoad === 'more' ? listFailure(snapshot) : undefined;
  return {
    label: failure ? l10n.t('Could not load more. Retry') : l10n.t('Load more…'),
    description: failure ? `${loaded} · ${failure}` : loaded,
    tooltip: failure,
    title: l10n.t('Load More'),
  };
}

/**
 * The notice above the rows when the first page failed, naming the cluster as `host`: what is
 * shown instead, why, and what a click does (sign in after an auth failure, else retry); the
 * tooltip in Markdown.
 */
export function noticeRow(snapshot: ListSnapshot, host: string): RowText & { signIn: boolean; title: string } {
  const cause = listFailure(snapshot, host);
  const error = snapshot.error;
  const authFailure = error instanceof CapillaryError && error.isAuthFailure;
  const status =
    error instanceof CapillaryError && error.status !== undefined && error.kind !== 'network'
      ? error.status
      : undefined;
  const cached = snapshot.source === 'cache';
  // What happened (the tooltip's first line), then the label: that sentence and what a click does.
  const headline = cached
    ? status !== undefined
      ? l10n.t('Cluster unavailable (HTTP {0}): cached list from {1}.', status, formatLocal(snapshot.loadedAt))
      : l10n.t('Offline: cached list from {0}.', formatLocal(snapshot.loadedAt))
    : l10n.t('Could not load the groups of {0}.', host);
  return {
    label: !cached && authFailure ? l10n.t('{0} Sign In', headline) : l10n.t('{0} Retry', headline),
    description: cause,
    tooltip: `${headline}\n\n${cause}\n\n${authFailure ? l10n.t('Click to sign in.') : l10n.t('Click to try again.')}`,
    signIn: authFailure,
    title: authFailure ? l10n.t('Sign In') : l10n.t('Retry'),
  };
}
