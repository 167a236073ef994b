import type { Connection } from '../connections/connections';
import { type FileProblem, type GroupsFile, readGroupsFile } from '../groupsFile/format';
import { type Plan, planGroups } from '../groupsFile/plan';
import { readOrg, type OrgGroups, type ReadOptions } from './readOrg';

/** A checked file planned against its org as read. */
export interface Planned {
  file: GroupsFile;
  org: OrgGroups;
  plan: Plan;
}

export type PlannedFile =
  /** The file cannot be used: its problems at their place (the first MAX_FILE_PROBLEMS), of `found`; nothing was read. */
  { ok: false; problems: FileProblem[]; found: number } | ({ ok: true } & Planned);

/** The file's text checked, then planned against the connection's whole org as it is now; nothing is sent but list reads. */
export async function planFile(text: string, connection: Connection, options: ReadOptions = {}): Promise<PlannedFile> {
  const read = readGroupsFile(text);
  if (!read.ok) return read;
  return { ok: true, ...(await planRead(read.file, connection, options)) };
}

/** A file already read and checked, planned against the connection's whole org as it is now. */
export async function planRead(file: GroupsFile, connection: Connection, options: ReadOptions = {}): Promise<Planned> {
  const org = await readOrg(connection, options);
  return { file, org, plan: planGroups(file, org.groups) };
}
