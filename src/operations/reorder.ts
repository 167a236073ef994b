import type { Group } from '../api/types';
import type { Connection } from '../connections/connections';
import { catalogSections, moveSection, ranksForOrder, type RankChange } from '../groups/catalogOrder';
import type { GroupRef } from '../groups/groupService';
import { planGroups } from '../groupsFile/plan';
import { applyPlan, type AppliedPlan, type ApplyPlanOptions } from './applyPlan';
import { readOrg, type OrgGroups, type ReadOptions } from './readOrg';

/**
 * Where a group goes in its org's catalog: one place up or down, the place of the group it was
 * dropped on, or a place (0 the top).
 */
export type ReorderMove = { by: -1 | 1 } | { onto: GroupRef } | { toPlace: number };

/** Why a move is refused: nothing is sent. */
export type MoveRefusal =
  /** Dropped onto a group of another connection: each org has its own catalog. */
  | 'other-connection'
  /** Dropped onto itself. */
  | 'onto-itself'
  /** Dropped onto an inactive group, which is no section of the catalog. */
  | 'onto-inactive'
  /** The group moved is inactive, so no section of the catalog. */
  | 'inactive'
  /** The connection is on another cluster now than the group's list. */
  | 'other-cluster'
  /** The group moved, or the one it was dropped on, is no section of the catalog as read now. */
  | 'changed';

/** The org read in full for a reorder, and its catalog as it shows it. */
export interface Catalog {
  org: OrgGroups;
  /** The active groups as the catalog orders them (catalogSections). */
  sections: Group[];
  /** The group moved as read now; undefined when it is no section of the catalog any more. */
  moved?: Group;
  /** Its place in `sections` (0 the top), -1 without `moved`. */
  from: number;
}

/** The rank changes that put a group at its new place, to be previewed, then sent by applyReorder. */
export interface RankChanges {
  org: OrgGroups;
  /** The group moved, as read now. */
  moved: Group;
  /** Where it goes: 0 the top, of `count` sections. */
  place: number;
  count: number;
  /** The fewest rank changes that make the catalog show it there (catalogOrder.ts); never empty. */
  changes: RankChange[];
}

export type Reorder =
  | { kind: 'refused'; reason: MoveRefusal }
  /** Already the first (or last) section: up (or down) goes nowhere. */
  | { kind: 'at-edge'; edge: 'first' | 'last' }
  /** The catalog already shows the group at `place`: nothing to change. */
  | { kind: 'in-place'; place: number; count: number }
  | ({ kind: 'changes' } & RankChanges);

/** What refuses a move before anything is read: where it was dropped (`onto`), and whether the group is a section at all. */
export function checkMove(target: GroupRef, onto?: GroupRef): MoveRefusal | undefined {
  if (onto) {
    if (onto.connectionKey !== target.connectionKey) return 'other-connection';
    if (onto.group.id === target.group.id) return 'onto-itself';
    if (!onto.group.isActive) return 'onto-inactive';
  }
  return target.group.isActive ? undefined : 'inactive';
}

/**
 * The connection's whole org read (a reorder must see every section, not a loaded page) and its
 * catalog; refused when the connection is on another cluster now than the group's list.
 */
export async function readCatalog(
  connection: Connection,
  target: GroupRef,
  options: ReadOptions = {},
): Promise<Catalog | { kind: 'refused'; reason: 'other-cluster' }> {
  const org = await readOrg(connection, options);
  if (org.connectionKey !== target.connectionKey) return { kind: 'refused', reason: 'other-cluster' };
  const sections = catalogSections(org.groups);
  const from = sections.findIndex((section) => section.id === target.group.id);
  return { org, sections, moved: sections[from], from };
}

/** The move worked out on the catalog as read: refused, nothing to move, or the fewest rank changes. Sends nothing. */
export function planMove(catalog: Catalog, move: ReorderMove): Reorder {
  const { sections, moved, from } = catalog;
  const place =
    'onto' in move
      ? sections.findIndex((section) => section.id === move.onto.group.id)
      : 'toPlace' in move
        ? move.toPlace
        : from + move.by;
  if (!moved || ('onto' in move && place < 0)) return { kind: 'refused', reason: 'changed' };
  if (place < 0) return { kind: 'at-edge', edge: 'first' };
  if (place >= sections.length) return { kind: 'at-edge', edge: 'last' };
  const changes = ranksForOrder(moveSection(sections, moved.id, place), moved);
  const count = sections.length;
  if (changes.length === 0) return { kind: 'in-place', place, count };
  return { kind: 'changes', org: catalog.org, moved, place, count, changes };
}

/**
 * A group moved in its org's catalog, worked out: refused before anything is read when it cannot
 * move, else the whole org read and the fewest rank changes. Nothing is sent but list reads.
 */
export async function planReorder(
  connection: Connection,
  target: GroupRef,
  move: ReorderMove,
  options: ReadOptions = {},
): Promise<Reorder> {
  const refused = checkMove(target, 'onto' in move ? move.onto : undefined);
  if (refused) return { kind: 'refused', reason: refused };
  const catalog = await readCatalog(connection, target, options);
  return 'kind' in catalog ? catalog : planMove(catalog, move);
}

/**
 * The rank changes sent by the groups-file engine, as a file listing the changed groups with
 * their new ranks: each update re-reads its group and is skipped if it changed since, never sent
 * twice, one outcome per group, with the counts.
 */
export function applyReorder(
  connection: Connection,
  reorder: RankChanges,
  options: ApplyPlanOptions,
): Promise<AppliedPlan> {
  const plan = planGroups(
    {
      groups: reorder.changes.map((change) => ({ name: change.group.name, rank: change.to, offset: 0 })),
      deactivateMissing: false,
    },
    reorder.org.groups,
  );
  return applyPlan(plan, connection, reorder.org, options);
}
