import * as l10n from '@vscode/l10n';
import { CapillaryError } from '../api/errors';
import { describeFailure } from '../messages/failures';
import { hostLabel } from '../settings';
import { validationMessage } from '../ui';
import { checkGroupId } from '../validation';
import type { CommandDeps } from './deps';
import { ensureSignedIn, offerRetryOrFix } from './steps/prerequisites';

/** Capillary Rewards: Find Group by ID… — GET by id, then reveal it in the tree (added if not loaded). */
export async function findGroup(deps: CommandDeps, typedBefore?: string): Promise<void> {
  if (!(await ensureSignedIn(deps))) return;
  const readiness = await deps.session.readiness();
  if (readiness.state !== 'ready') return;
  const { origin } = readiness;
  const host = hostLabel(origin);
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
    const found = await deps.ui.withProgress(l10n.t('Looking up group #{0} on {1}…', id.value, host), (signal) => deps.groups.getGroup(id.value, signal));
    if (!deps.list.get(found.origin)) await deps.list.refresh(found.origin);
    deps.list.upsert(found.origin, found.group);
    await deps.revealGroup(found.origin, found.group);
  } catch (error) {
    // A 404 that names the group; any other 404 (a wrong API prefix) is explained as such below.
    if (error instanceof CapillaryError && error.status === 404 && /group/i.test(error.serverMessage ?? '')) {
      void deps.ui.message('info', l10n.t('There is no group #{0} on {1}.', id.value, host));
      return;
    }
    const failure = describeFailure(error, { origin, doing: l10n.t('look up group #{0}', id.value) });
    if (failure) await offerRetryOrFix(deps, failure, () => findGroup(deps, typed));
  }
}
