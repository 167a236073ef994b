import type { Connection } from '../connections/connections';
import { asWritten, exportOrder, type FileProblem, readGroupsFile, writeGroupsFile } from '../groupsFile/format';
import { readOrg, type OrgGroups, type ReadOptions } from './readOrg';

export interface ExportedOrg {
  org: OrgGroups;
  /** The groups file: every group sorted by rank then name, one a line. */
  content: string;
  /** What a plan of the file as written would refuse (names the org holds that a file may not): empty when it plans. */
  problems: FileProblem[];
}

/** Every group of the connection's org written as a groups file, and what would keep that file from being planned. */
export async function exportOrg(connection: Connection, options: ReadOptions = {}): Promise<ExportedOrg> {
  const org = await readOrg(connection, options);
  const content = writeGroupsFile([...org.groups].sort(exportOrder).map(asWritten), false);
  const check = readGroupsFile(content);
  return { org, content, problems: check.ok ? [] : check.problems };
}
