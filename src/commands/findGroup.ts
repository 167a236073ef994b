import { CapillaryError } from '../api/errors';
import { hostLabel } from '../settings';
import { INT32_MAX } from '../validation';
import type { CommandDeps } from './deps';
import { askAboutFailure, describeFailure } from './failures';
import { signIn } from './signIn';

/** A group id as typed: digits (an optional leading #), 1 to 2147483647. */
export function checkGroupId(raw: string): { ok: true; value: number } | { ok: false; message: string } {
  const text = raw.trim().replace(/^#/, '');
  if (text === '') return { ok: false, message: 'Enter a group ID, e.g. 2412.' };
  if (!/^[0-9]+$/.test(text)) return { ok: false, message: `'${raw.trim()}' is not a group ID: use the digits 0–9, e.g. 2412.` };
  const value = Number(text);
  if (value < 1 || value > INT32_MAX) return { ok: false, message: `A group ID is between 1 and ${INT32_MAX}.` };
  return { ok: true, value };
}

/** Capillary Rewards: Find Group by ID… — GET by id, then reveal it in the tree (added if not loaded). */
export async function findGroup(deps: CommandDeps, typedBefore?: string): Promise<void> {
  const readiness = await deps.service.readiness();
  if (readiness.state !== 'ready') {
    if (!(await signIn(deps, {}, { chained: true, onlyIfNeeded: true }))) return;
    return findGroup(deps, typedBefore);
  }
  const { origin } = readiness;
  const host = hostLabel(origin);
  const typed = await deps.ui.input({
    title: `Find Group by ID on ${host}`,
    prompt: 'Group ID',
    placeholder: 'e.g. 2412',
    value: typedBefore,
    validate: (value) => {
      const checked = checkGroupId(value);
      return checked.ok ? undefined : checked.message;
    },
  });
  if (typed === undefined) return;
  const id = checkGroupId(typed);
  if (!id.ok) return;
  try {
    const found = await deps.ui.withProgress(`Looking up group #${id.value} on ${host}…`, (signal) => deps.service.getGroup(id.value, signal));
    if (!deps.list.get(found.origin)) await deps.list.refresh(found.origin);
    deps.list.upsert(found.origin, found.group);
    await deps.revealGroup(found.origin, found.group);
  } catch (error) {
    // A 404 that names the group; any other 404 (a wrong API prefix) is explained as such below.
    if (error instanceof CapillaryError && error.status === 404 && /group/i.test(error.serverMessage ?? '')) {
      void deps.ui.message('info', `There is no group #${id.value} on ${host}.`);
      return;
    }
    const failure = describeFailure(error, { origin, doing: `look up group #${id.value}` });
    if (failure && (await askAboutFailure(deps, failure)) === 'Retry') return findGroup(deps, typed);
  }
}
