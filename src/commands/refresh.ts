import { CapillaryError } from '../api/errors';
import type { Group } from '../api/types';
import { hostLabel } from '../settings';
import type { CommandDeps } from './deps';
import { Actions, describeFailure } from './failures';
import { signIn } from './signIn';

/** How many GETs run at once while refreshing. */
const PARALLEL_REQUESTS = 4;

/**
 * Capillary Rewards: Refresh — re-reads the sign-in state and fetches every group in the view
 * by id, so that ranks, names and activity changed elsewhere show up.
 */
export async function refresh(deps: CommandDeps): Promise<void> {
  deps.service.reset();
  deps.stateChanged();
  const readiness = await deps.service.readiness();
  if (readiness.state !== 'ready') return;
  const { origin } = readiness;
  const known = deps.store.list(origin);
  if (known.length === 0) return;

  const updated: Group[] = [];
  const failures: { group: Group; error: unknown }[] = [];
  await deps.ui.withProgress(
    `Refreshing ${known.length} groups from ${hostLabel(origin)}…`,
    async (signal) => {
      const queue = [...known];
      const worker = async () => {
        for (let group = queue.shift(); group && !signal.aborted; group = queue.shift()) {
          try {
            updated.push((await deps.service.getGroup(group.id, signal)).group);
          } catch (error) {
            failures.push({ group, error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, queue.length) }, worker));
    },
    { location: 'view', cancellable: true },
  );
  if (updated.length > 0) await deps.store.upsert(origin, updated);
  await reportFailures(deps, origin, failures);
}

async function reportFailures(deps: CommandDeps, origin: string, failures: { group: Group; error: unknown }[]): Promise<void> {
  const first = failures.find(({ error }) => !(error instanceof CapillaryError && error.kind === 'cancelled'));
  if (!first) return;
  for (const { group, error } of failures) {
    deps.log.warn(`Refresh of group #${group.id} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { error, group } = first;
  const notFound = error instanceof CapillaryError && error.status === 404 && /group/i.test(error.serverMessage ?? '');
  const failure = notFound
    ? { message: `${hostLabel(origin)} no longer knows the group #${group.id} ('${group.name}'); it is shown as last seen.`, actions: [Actions.showLog] }
    : describeFailure(error, { origin, doing: `refresh the group #${group.id}` });
  if (!failure) return;
  const others = failures.length > 1 ? ` (${failures.length - 1} more groups could not be refreshed either.)` : '';
  const choice = await deps.ui.message('warning', failure.message + others, ...failure.actions.filter((action) => action !== Actions.retry));
  if (choice === Actions.signIn) await signIn(deps);
  if (choice === Actions.showLog) deps.showLog();
}
