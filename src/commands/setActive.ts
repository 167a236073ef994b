import type { Group } from '../api/types';
import type { CommandDeps } from './deps';
import { groupTarget } from './groupTarget';
import { sendUpdate } from './updateGroup';

/**
 * Capillary Rewards: Deactivate Group / Activate Group — a PUT with isActive, re-sending the
 * current name (unchanged, so rewards stay linked) and rank.
 */
export async function setGroupActive(deps: CommandDeps, target: { origin: string; group: Group } | undefined, active: boolean): Promise<void> {
  const picked = groupTarget(deps, target, active ? 'Activate Group' : 'Deactivate Group');
  if (!picked) return;
  const { origin, group } = picked;
  if (group.isActive === active) {
    deps.ui.status(`'${group.name}' is already ${active ? 'active' : 'inactive'}`);
    return;
  }
  const updated = await sendUpdate(deps, origin, group, (current) => ({ name: current.name, rank: current.rank, isActive: active }), `${active ? 'activate' : 'deactivate'} '${group.name}'`);
  if (!updated) return;
  const undo = active ? 'Deactivate Again' : 'Activate Again';
  void deps.ui.message('info', `'${updated.name}' (#${updated.id}) is now ${updated.isActive ? 'active' : 'inactive'}.`, undo).then(async (choice) => {
    if (choice === undo) await setGroupActive(deps, { origin, group: updated }, !active);
  });
}
