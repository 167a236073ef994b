import type { Group } from '../../api/types';
import type { GroupList, ListSnapshot } from '../../groups/groupList';
import type { GroupNode } from './groupNode';
import { LoadMoreNode } from './loadMoreNode';
import type { ConnectionParent, TreeContext, TreeNode } from './node';
import { NoticeNode } from './noticeNode';

/** What a list's rows need of the tree: each group's row kept, so that reveal() finds the object the view holds. */
export interface ListTree extends TreeContext {
  nodeFor(connectionKey: string, group: Group, parent: ConnectionParent | undefined): GroupNode;
}

/**
 * The list of a connection: on the first look this session, the one kept from last time at once
 * (if any) while the first page is read; otherwise wait for it (the row shows its progress).
 */
export async function readList(list: GroupList, connectionKey: string): Promise<ListSnapshot | undefined> {
  if (!list.get(connectionKey)) {
    const loading = list.refresh(connectionKey);
    if (!list.restore(connectionKey)) await loading;
  }
  return list.get(connectionKey);
}

/** A list's rows, at the top or under its connection's row: a notice if its first page failed, its groups, Load more. */
export function listRows(tree: ListTree, snapshot: ListSnapshot, parent?: ConnectionParent): TreeNode[] {
  const rows: TreeNode[] = [];
  if (snapshot.error && snapshot.failedLoad === 'first') rows.push(new NoticeNode(tree, snapshot, parent));
  // The parent found once for the list, not once per row.
  rows.push(...snapshot.groups.map((group) => tree.nodeFor(snapshot.connectionKey, group, parent)));
  if (!snapshot.last && snapshot.source === 'server' && snapshot.pagesLoaded > 0) {
    rows.push(new LoadMoreNode(tree, snapshot, parent));
  }
  return rows;
}
