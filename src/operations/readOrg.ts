import type { Group } from '../api/types';
import type { Connection } from '../connections/connections';

/** Every group of a connection's org as read now. */
export interface OrgGroups {
  connectionKey: string;
  groups: Group[];
  /** The org's id as its groups carry it; undefined for an org without groups (unless known otherwise). */
  orgId?: number;
}

/** What an operation that reads may be given: a way to stop it, and where to say how far it is. */
export interface ReadOptions {
  signal?: AbortSignal;
  /** Groups read so far, of how many the server counts. */
  onProgress?: (read: number, total: number) => void;
  /** An answer used only in part, for the log. */
  onWarning?: (text: string) => void;
  /** The org id known from elsewhere (a list shown), for an org whose answers carry none. */
  knownOrgId?: (connectionKey: string) => number | undefined;
}

/** Every group of the connection's org (list reads only; bounded and proven whole by GroupService.listAll). */
export async function readOrg(connection: Connection, options: ReadOptions = {}): Promise<OrgGroups> {
  const { connectionKey, groups } = await connection.groups.listAll(
    options.signal,
    undefined,
    options.onProgress,
    options.onWarning,
  );
  // An org id of 0 is one the answers left out.
  const orgId = groups.find((group) => group.orgId > 0)?.orgId ?? options.knownOrgId?.(connectionKey);
  return { connectionKey, groups, orgId };
}

/** The newest change among groups (0 for none, the server's clock): what a file written or planned from them has seen. */
export function newestChange(groups: readonly Group[]): number {
  return groups.reduce((newest, group) => Math.max(newest, group.lastUpdatedOn), 0);
}
