import type { Connection } from '../connections/connections';
import { compareOrgs as compareGroups } from '../groupsFile/plan';
import { readOrg, type OrgGroups, type ReadOptions } from './readOrg';

export interface Comparison extends ReturnType<typeof compareGroups> {
  from: OrgGroups;
  to: OrgGroups;
}

/**
 * Two connections' orgs read (the first, then the second) and compared: the first written as a
 * groups file, the second lined up with it, and the difference as a file that, applied to the
 * second, makes those groups match the first's.
 */
export async function compareOrgs(
  source: Connection,
  target: Connection,
  options: { source?: ReadOptions; target?: ReadOptions } = {},
): Promise<Comparison> {
  const from = await readOrg(source, options.source);
  const to = await readOrg(target, options.target);
  return { from, to, ...compareGroups(from.groups, to.groups) };
}
