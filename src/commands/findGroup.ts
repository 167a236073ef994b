import * as l10n from '@vscode/l10n';
import { CapillaryError } from '../api/errors';
import { describeFailure } from '../messages/failures';
import { validationMessage } from '../ui/port';
import { checkGroupId } from '../foundation/validation';
import type { CommandDeps } from './deps';
import { connectionFor } from './steps/connection';
import { ensureSignedIn, offerRetryOrFix } from './steps/prerequisites';

/** Capillary Rewards: Find Group by ID… — in the row's connection, else the active one: GET by id, then reveal it in the tree (added if not loaded). */
export async function findGroup(deps: CommandDeps, typedBefore?: string, connectionId?: string): Promise<void> {
  const connection = connectionFor(deps, connectionId);
  if (!connection) return;
  if (!(await ensureSignedIn(deps, connection))) return;
  const readiness = await connection.session.readiness();
  if (readiness.state !== 'ready') return;
  const { origin } = readiness;
  const host = connection.label();
  const typed = await deps.ui.input({
    title: l10n.t('Find Group by ID on {0}', host),
    prompt: l10n.t('Group ID'),
    placeholder: l10n.t('e.g. 2412'),
    value: typedBefore,
    validate: validationMessage(checkGroupId),
  });
  if (typed === undefined) return;
  const id = checkGroupId(typed);
  if (!id.ok) return;
  try {
    const found = await deps.ui.withProgress(l10n.t('Looking up group #{0} on {1}…', id.value, host), (signal) =>
      connection.groups.getGroup(id.value, signal),
    );
    if (!deps.list.get(found.connectionKey)) await deps.list.refresh(found.connectionKey);
    deps.list.upsert(found.connectionKey, found.group);
    await deps.revealGroup(found.connectionKey, found.group);
  } catch (error) {
    // A 404 that names the group; any other 404 (a wrong API prefix) is explained as such below.
    if (error instanceof CapillaryError && error.status === 404 && /group/i.test(error.serverMessage ?? '')) {
      void deps.ui.message('info', l10n.t('There is no group #{0} on {1}.', id.value, host));
      return;
    }
    const failure = describeFailure(
      error,
      { origin, where: host, doing: l10n.t('look up group #{0}', id.value) },
      deps.words,
    );
    if (failure) await offerRetryOrFix(deps, connection, failure, () => findGroup(deps, typed, connection.id));
  }
}
