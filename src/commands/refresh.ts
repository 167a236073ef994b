import { CapillaryError } from '../api/errors';
import { hostLabel } from '../settings';
import type { CommandDeps } from './deps';
import { Actions, askAboutFailure, describeFailure, errorText } from './failures';
import { signIn } from './signIn';

/**
 * Capillary Rewards: Refresh — re-reads the sign-in state and fetches every group in the view
 * by id, so that ranks, names and activity changed elsewhere show up.
 */
export async function refresh(deps: CommandDeps): Promise<void> {
  deps.stateChanged();
  const readiness = await deps.service.readiness();
  if (readiness.state !== 'ready') return;
  const known = deps.store.list(readiness.origin);
  if (known.length === 0) return;

  const result = await deps.ui.withProgress(
    `Refreshing ${known.length} groups from ${hostLabel(readiness.origin)}…`,
    (signal) => deps.service.refreshGroups(known, signal),
    { location: 'view', cancellable: true },
  );
  const { origin, updated, failures } = result;
  if (updated.length > 0) await deps.store.upsert(origin, updated);

  const reported = failures.filter(({ error }) => !(error instanceof CapillaryError && error.kind === 'cancelled'));
  for (const { group, error } of reported) deps.log.warn(`Refresh of group #${group.id} failed: ${errorText(error)}`);
  const first = reported[0];
  if (!first) return;
  const { error, group } = first;
  const notFound = error instanceof CapillaryError && error.status === 404 && /group/i.test(error.serverMessage ?? '');
  const failure = notFound
    ? { message: `${hostLabel(origin)} no longer knows the group #${group.id} ('${group.name}'); it is shown as last seen.`, actions: [Actions.showLog] }
    : describeFailure(error, { origin, doing: `refresh the group #${group.id}` });
  if (!failure) return;
  const others = reported.length > 1 ? ` (${reported.length - 1} more groups could not be refreshed either.)` : '';
  const choice = await askAboutFailure(deps, { message: failure.message + others, actions: failure.actions.filter((a) => a !== Actions.retry) }, 'warning');
  if (choice === Actions.signIn && (await signIn(deps))) await refresh(deps);
}
