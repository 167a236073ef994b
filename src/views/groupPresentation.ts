import * as l10n from '@vscode/l10n';
import type { Group } from '../api/types';
import type { ListSnapshot } from '../groups/groupList';
import { describeSort, sortsOnServer } from '../groups/listOptions';

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

/** Row description: `#2412 · 17 Mar 2025, 03:58`, then `· new` / `· inactive` when they apply. */
export function groupDescription(group: Group, isNew = false): string {
  const marks = `${isNew ? ` · ${l10n.t('new')}` : ''}${group.isActive ? '' : ` · ${l10n.t('inactive')}`}`;
  return `#${group.id} · ${localFormats().short.format(new Date(group.createdOn))}${marks}`;
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

/** Markdown tooltip: the name as a heading, then every field. */
export function groupTooltip(group: Group): string {
  const escape = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
  const rows = groupFields(group).map((field) => `| ${field.key} | ${escape(field.value)} |`);
  return [`**${escape(group.name)}**`, '', `| ${escape(l10n.t('field'))} | ${escape(l10n.t('value'))} |`, '|---|---|', ...rows].join('\n');
}

/** The view's message above the rows: how much is shown, of what, in which order. */
export function listSummary(snapshot: ListSnapshot): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const fromList = snapshot.groups.length - snapshot.localIds.size;
  const filter = snapshot.options.name.trim();
  const added = snapshot.localIds.size;
  const shown = count(fromList);
  const of = count(Math.max(snapshot.total, fromList));
  const showing = filter
    ? l10n.t("Showing {0} of {1} matching '{2}'", shown, of, filter)
    : snapshot.total === 1
      ? l10n.t('Showing {0} of {1} group', shown, of)
      : l10n.t('Showing {0} of {1} groups', shown, of);
  const parts =
    fromList === 0 && snapshot.total === 0 && added > 0
      ? [added === 1 ? l10n.t('Showing {0} group added here', count(added)) : l10n.t('Showing {0} groups added here', count(added))]
      : [showing, ...(added > 0 ? [l10n.t('{0} more added here', count(added))] : [])];
  if (snapshot.options.activeOnly) parts.push(l10n.t('active only'));
  const sort = describeSort(snapshot.options);
  parts.push(sortsOnServer(snapshot.options) || snapshot.last ? sort : l10n.t('{0} (loaded groups only)', sort));
  if (snapshot.source === 'cache') {
    const loadedAt = formatLocal(snapshot.loadedAt);
    parts.push(snapshot.refreshing ? l10n.t('cached {0}, refreshing…', loadedAt) : l10n.t('cached {0}', loadedAt));
  }
  return parts.join(' · ');
}
