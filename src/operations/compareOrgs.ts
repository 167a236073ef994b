import type { Connection } from '../connections/connections';
import { compareOrgs as compareGroups } from '../groupsFile/plan';
import { readOrg, type OrgGroups, type ReadOptions } from './readOrg';

export interface Comparison extends ReturnType<typeof compareGroups> {
  from: OrgGroups;
  to: OrgGroups;
  /** Groups only the first org holds, groups both hold but otherwise (rank or state), groups only the second holds. */
  counts: { onlyInFrom: number; differing: number; onlyInTo: number };
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
  return compareRead(from, to);
}

/** Two orgs already read (each with readOrg, under its own progress and Cancel), compared as compareOrgs does. */
export function compareRead(from: OrgGroups, to: OrgGroups): Comparison {
  const compared = compareGroups(from.groups, to.groups);
  const { create, serverOnly } = compared.plan.summary;
  const differing = compared.plan.steps.filter((step) => step.kind === 'update').length;
  return { from, to, ...compared, counts: { onlyInFrom: create, differing, onlyInTo: serverOnly } };
}
