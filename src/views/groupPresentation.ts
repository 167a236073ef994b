import type { Group } from '../api/types';
import type { ListSnapshot } from '../groups/groupList';
import { describeSort, sortsOnServer } from '../groups/listOptions';

/** How a group reads in the tree: plain data, so it is testable without VS Code. */

const localDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const localShort = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatLocal(epochMs: number): string {
  return localDateTime.format(new Date(epochMs));
}

/** Row description: `#2412 · 17 Mar 2025, 03:58`, then `· new` / `· inactive` when they apply. */
export function groupDescription(group: Group, isNew = false): string {
  const marks = `${isNew ? ' · new' : ''}${group.isActive ? '' : ' · inactive'}`;
  return `#${group.id} · ${localShort.format(new Date(group.createdOn))}${marks}`;
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
    { key: 'rank', value: group.rank === null ? 'none (null)' : String(group.rank) },
    { key: 'isActive', value: group.isActive ? 'true (active)' : 'false (inactive)' },
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
  return [`**${escape(group.name)}**`, '', '| field | value |', '|---|---|', ...rows].join('\n');
}

/** The view's message above the rows: how much is shown, of what, in which order. */
export function listSummary(snapshot: ListSnapshot): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const fromList = snapshot.groups.length - snapshot.localIds.size;
  const filter = snapshot.options.name.trim();
  const what = filter ? `matching '${filter}'` : snapshot.total === 1 ? 'group' : 'groups';
  const added = snapshot.localIds.size;
  const parts =
    fromList === 0 && snapshot.total === 0 && added > 0
      ? [`Showing ${count(added)} ${added === 1 ? 'group' : 'groups'} added here`]
      : [`Showing ${count(fromList)} of ${count(Math.max(snapshot.total, fromList))} ${what}`, ...(added > 0 ? [`${count(added)} more added here`] : [])];
  if (snapshot.options.activeOnly) parts.push('active only');
  parts.push(describeSort(snapshot.options) + (sortsOnServer(snapshot.options) || snapshot.last ? '' : ' (loaded groups only)'));
  if (snapshot.source === 'cache') parts.push(`cached ${formatLocal(snapshot.loadedAt)}${snapshot.refreshing ? ', refreshing…' : ''}`);
  return parts.join(' · ');
}
