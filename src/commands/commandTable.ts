import type { GroupRef } from '../groups/groupService';
import type { FileRef } from '../ui/port';
import { addConnection } from './addConnection';
import { applyGroupsFile } from './applyGroups';
import { compareConnections } from './compareConnections';
import { copyCiCommand } from './copyCiCommand';
import { diagnoseConnection } from './diagnoseConnection';
import { copyGroupId } from './copyId';
import { copyGroupJson } from './copyJson';
import { createGroup } from './createGroup';
import type { CommandDeps } from './deps';
import { editGroup } from './editGroup';
import { exportGroups } from './exportGroups';
import { findGroup } from './findGroup';
import { loadGroupRewards, showGroupRewards } from './groupRewards';
import { clearFilter, filterByName, showActiveOnly, sortGroups } from './listView';
import { moveGroup } from './moveGroup';
import { openGroupJson } from './openJson';
import { planGroupsFile } from './planGroups';
import { loadMore, refresh } from './refresh';
import { removeConnection } from './removeConnection';
import { renameConnection } from './renameConnection';
import { selectCluster } from './selectCluster';
import { setGroupActive } from './setActive';
import { signInTo } from './signIn';
import { signOut } from './signOut';
import { switchConnection } from './switchConnection';

/** What the window tells a command about the arguments it was run with, and about the tab in front. */
export interface CommandArguments {
  /** The group row a command was run on (its menu), else the selected one. */
  group(node: unknown): GroupRef | undefined;
  /** The connection of the row a command was run on (a connection row, a hint under it, or its id). */
  connectionId(node: unknown): string | undefined;
  /** A groups file given as a URI (a CodeLens, the Explorer) or a URI's text; undefined for anything else. */
  file(value: unknown): FileRef | undefined;
  /** The plan in the active tab: its file and the connection it was made against. */
  shownPlan(): { fileUri: string; connectionId: string } | undefined;
  /** The comparison in the active tab: the same two orgs, read again. */
  shownComparison(): { fromId: string; toId: string } | undefined;
}

export type CommandHandler = (...args: unknown[]) => unknown;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Every command the extension contributes, by id: each checks its arguments (what VS Code, a
 * keybinding or another extension passes may be anything) and calls its flow. Palette and
 * view-title commands act on the active connection: VS Code passes a title button the focused row,
 * which must not decide where a group is created.
 */
export function commandTable(deps: CommandDeps, args: CommandArguments): Record<string, CommandHandler> {
  // A connection row's menu, and the rows under it: each acts on that row's connection, never on
  // the active one instead (a row whose connection is gone is refused).
  const onConnection = (action: (id: string) => unknown) => (node?: unknown) => {
    const id = args.connectionId(node);
    return id === undefined ? undefined : action(id);
  };
  const onGroup = (action: (target: GroupRef | undefined) => unknown) => (node?: unknown) => action(args.group(node));
  return {
    'capillaryRewards.createGroup': () => createGroup(deps),
    'capillaryRewards.signIn': () => signInTo(deps),
    'capillaryRewards.signOut': () => signOut(deps),
    'capillaryRewards.selectCluster': () => selectCluster(deps),
    'capillaryRewards.refresh': () => refresh(deps),
    'capillaryRewards.loadMore': (connectionKey?: unknown) => loadMore(deps, text(connectionKey)),
    'capillaryRewards.findGroup': () => findGroup(deps),
    'capillaryRewards.filter': () => filterByName(deps),
    'capillaryRewards.clearFilter': () => clearFilter(deps),
    'capillaryRewards.showActiveOnly': () => showActiveOnly(deps, true),
    'capillaryRewards.showAllGroups': () => showActiveOnly(deps, false),
    'capillaryRewards.sort': () => sortGroups(deps),
    'capillaryRewards.addConnection': () => addConnection(deps),
    'capillaryRewards.removeConnection': () => removeConnection(deps),
    'capillaryRewards.renameConnection': () => renameConnection(deps),
    'capillaryRewards.switchConnection': () => switchConnection(deps),
    'capillaryRewards.exportGroups': () => exportGroups(deps),
    // A CodeLens or the Explorer passes the file's URI, and a CodeLens the connection it names.
    'capillaryRewards.planGroups': (uri?: unknown, id?: unknown) => planGroupsFile(deps, args.file(uri), text(id)),
    'capillaryRewards.applyGroups': (uri?: unknown, id?: unknown) => applyGroupsFile(deps, args.file(uri), text(id)),
    'capillaryRewards.copyCiCommand': (uri?: unknown, id?: unknown) => copyCiCommand(deps, args.file(uri), text(id)),
    // The plan diff's title bar: the plan in the active tab, to the connection it was made against.
    'capillaryRewards.applyShownPlan': () => {
      const plan = args.shownPlan();
      return plan ? applyGroupsFile(deps, args.file(plan.fileUri), plan.connectionId) : applyGroupsFile(deps);
    },
    'capillaryRewards.planShownAgain': () => {
      const plan = args.shownPlan();
      return plan ? planGroupsFile(deps, args.file(plan.fileUri), plan.connectionId) : planGroupsFile(deps);
    },
    'capillaryRewards.compareConnections': () => compareConnections(deps),
    'capillaryRewards.diagnoseConnection': () => diagnoseConnection(deps),
    // A stale comparison's title bar: the same two orgs, read again.
    'capillaryRewards.compareShownAgain': () => compareConnections(deps, args.shownComparison()),
    'capillaryRewards.connection.createGroup': onConnection((id) => createGroup(deps, undefined, id)),
    'capillaryRewards.connection.refresh': onConnection((id) => refresh(deps, id)),
    'capillaryRewards.connection.findGroup': onConnection((id) => findGroup(deps, undefined, id)),
    'capillaryRewards.connection.filter': onConnection((id) => filterByName(deps, id)),
    'capillaryRewards.connection.clearFilter': onConnection((id) => clearFilter(deps, id)),
    'capillaryRewards.connection.showActiveOnly': onConnection((id) => showActiveOnly(deps, true, id)),
    'capillaryRewards.connection.showAllGroups': onConnection((id) => showActiveOnly(deps, false, id)),
    'capillaryRewards.connection.sort': onConnection((id) => sortGroups(deps, id)),
    'capillaryRewards.connection.makeActive': onConnection((id) => switchConnection(deps, id)),
    'capillaryRewards.connection.signIn': onConnection((id) => signInTo(deps, id)),
    'capillaryRewards.connection.signOut': onConnection((id) => signOut(deps, id)),
    'capillaryRewards.connection.selectCluster': onConnection((id) => selectCluster(deps, id)),
    'capillaryRewards.connection.exportGroups': onConnection((id) => exportGroups(deps, id)),
    'capillaryRewards.connection.remove': onConnection((id) => removeConnection(deps, id)),
    'capillaryRewards.connection.rename': onConnection((id) => renameConnection(deps, id)),
    'capillaryRewards.connection.diagnose': onConnection((id) => diagnoseConnection(deps, id)),
    'capillaryRewards.copyId': onGroup((target) => copyGroupId(deps, target)),
    'capillaryRewards.copyJson': onGroup((target) => copyGroupJson(deps, target)),
    'capillaryRewards.openJson': onGroup((target) => openGroupJson(deps, target)),
    'capillaryRewards.editGroup': onGroup((target) => editGroup(deps, target)),
    'capillaryRewards.deactivateGroup': onGroup((target) => setGroupActive(deps, target, false)),
    'capillaryRewards.activateGroup': onGroup((target) => setGroupActive(deps, target, true)),
    'capillaryRewards.moveGroupUp': onGroup((target) => moveGroup(deps, target, { by: -1 })),
    'capillaryRewards.moveGroupDown': onGroup((target) => moveGroup(deps, target, { by: 1 })),
    'capillaryRewards.moveGroupToTop': onGroup((target) => moveGroup(deps, target, { toPlace: 0 })),
    'capillaryRewards.moveGroupToPosition': onGroup((target) => moveGroup(deps, target, { toPlace: 'ask' })),
    'capillaryRewards.showGroupRewards': onGroup((target) => showGroupRewards(deps, target)),
    'capillaryRewards.loadGroupRewards': (connectionKey?: unknown, groupName?: unknown, brandId?: unknown) =>
      typeof connectionKey === 'string' && typeof groupName === 'string'
        ? loadGroupRewards(deps, connectionKey, groupName, typeof brandId === 'number' ? brandId : undefined)
        : undefined,
    'capillaryRewards.showLog': () => deps.showLog(),
  };
}
