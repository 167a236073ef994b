import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import type { AuthMethod } from '../api/types';
import { AUTH_METHOD_NAMES, namedConnectionKey, SINGLE_HOST_ID, type ConnectionSpec } from '../foundation/settings';
import { validationMessage } from '../ui/port';
import { checkConnectionName, DEFAULT_API_PREFIX, MAX_CONNECTION_NAME_LENGTH } from '../foundation/validation';
import type { CommandDeps } from './deps';
import { signIn } from './signIn';
import { clusterName, pickCluster } from './steps/chooseCluster';
import { clearStored } from './steps/connection';

/** What Add Connection was given so far, offered again if the flow is left before the connection is saved. */
export interface AddConnectionValues {
  name?: string;
  origin?: string;
}

/**
 * Capillary Rewards: Add Connection… — name → cluster (the ones used lately first) → sign-in
 * method → sign-in. The connection is written to capillaryRewards.connections in the user settings
 * and becomes the active one. Adding the first one while the single-host settings are in use keeps
 * that cluster as a connection too, named after it as a user reads it (clusterName: 'Europe', 'Local sandbox'),
 * with its sign-in (no second sign-in needed).
 */
export async function addConnection(deps: CommandDeps, typed: AddConnectionValues = {}): Promise<void> {
  const { ui, settings } = deps;
  const entries = deps.connections.entries();
  const taken = entries
    .map((entry) => (entry.state === 'ok' ? entry.spec.name : entry.state === 'invalid' ? entry.name : ''))
    .filter(Boolean);
  const name = await ui.input({
    title: l10n.t('Add Connection (1/3): Name'),
    prompt: l10n.t(
      'A name for this org and till, such as UAT or Production (at most {0} characters)',
      MAX_CONNECTION_NAME_LENGTH,
    ),
    placeholder: l10n.t('e.g. UAT'),
    value: typed.name,
    validate: validationMessage((value) => checkConnectionName(value, taken)),
  });
  if (name === undefined) return;
  const checkedName = checkConnectionName(name, taken);
  if (!checkedName.ok) return;

  // Often another org on the cluster already used: that one is offered first.
  const activeOrigin = deps.connections.active().spec()?.origin;
  const origin = await pickCluster(
    deps,
    l10n.t('Add Connection (2/3): Cluster of {0}', checkedName.value),
    { origin: typed.origin ?? activeOrigin },
    { currentAsItem: true },
  );
  if (origin === undefined) return;

  const method = await ui.pick<AuthMethod>(
    [
      {
        label: AUTH_METHOD_NAMES.basic,
        description: l10n.t('a till username and password (or Store Center)'),
        value: 'basic',
      },
      { label: AUTH_METHOD_NAMES.oauth, description: l10n.t('an OAuth client key and secret'), value: 'oauth' },
    ],
    { title: l10n.t('Add Connection (3/3): How {0} signs in', checkedName.value), active: 'basic' },
  );
  if (method === undefined) return;

  const items = settings.connectionItems();
  const single = entries.length === 1 ? entries[0] : undefined;
  const kept = items.length === 0 && single?.id === SINGLE_HOST_ID && single.state === 'ok' ? single.spec : undefined;
  const added = { name: checkedName.value, host: origin, authMethod: method };
  // The cluster in use so far stays, as a connection named after it.
  const keptItem = kept && {
    name: uniqueName(clusterName(kept.origin), [checkedName.value]),
    host: kept.origin,
    authMethod: kept.authMethod,
    ...(kept.apiPrefix === DEFAULT_API_PREFIX ? {} : { apiPrefix: kept.apiPrefix }),
  };
  try {
    // A new connection starts with nothing: not what an item of that name and cluster, removed while
    // this version did not forget it, left behind.
    await clearStored(deps, namedConnectionKey(origin, checkedName.value));
    if (kept && keptItem) await clearStored(deps, namedConnectionKey(kept.origin, keptItem.name));
  } catch (error) {
    void ui.message('error', l10n.t('Could not add the connection {0}: {1}', checkedName.value, errorText(error)));
    return;
  }
  try {
    await settings.setConnectionItems([...(keptItem ? [keptItem] : items), added]);
  } catch (error) {
    void ui.message(
      'error',
      l10n.t('Could not save the setting {0}: {1}', 'capillaryRewards.connections', errorText(error)),
    );
    return;
  }
  deps.log.info(
    `Added connection '${checkedName.value}' (${origin}, ${method})${keptItem ? `; the cluster in use so far is now connection '${keptItem.name}'` : ''}`,
  );
  const keptNote = kept && keptItem ? await keepSingleHost(deps, kept, keptItem.name) : '';
  await deps.viewState.rememberCluster(origin);
  await deps.connections.setActive(checkedName.value);
  deps.stateChanged();
  const connection = deps.connections.get(checkedName.value);
  if (!connection) return;
  const where = connection.label();
  const signedIn = await signIn(deps, {}, { connection, chained: true });
  void ui.message(
    'info',
    (signedIn
      ? l10n.t('Added the connection {0}; it is now the active one.', where)
      : l10n.t(
          'Added the connection {0}; it is now the active one. Sign in to it from its row in the Groups view.',
          where,
        )) + keptNote,
  );
}

/**
 * The single-host connection becomes the named one `name`: its credentials, list options and
 * offline list move to that connection's key, so that its user stays signed in with the same filter
 * and sort. Into that connection only: no other connection on the cluster (of another org, maybe)
 * ever gets them. Returns the sentence that says so.
 */
async function keepSingleHost(deps: CommandDeps, kept: ConnectionSpec, name: string): Promise<string> {
  const key = namedConnectionKey(kept.origin, name);
  await deps.list.move(kept.key, key);
  let moved: boolean;
  try {
    moved = await deps.credentialMoves.moveSingleHostCredentials(kept.origin, key, kept.authMethod);
  } catch (error) {
    deps.log.error(`Could not move the sign-in of ${kept.origin} to connection '${name}': ${errorText(error)}`);
    return ` ${l10n.t("The cluster used so far is now the connection '{0}', but its sign-in could not be moved ({1}): sign in to it again.", name, errorText(error))}`;
  }
  return moved
    ? ` ${l10n.t("The cluster used so far is now the connection '{0}', still signed in.", name)}`
    : ` ${l10n.t("The cluster used so far is now the connection '{0}'.", name)}`;
}

/** `base`, cut to the longest name allowed, with a number after it when another connection has that name. */
function uniqueName(base: string, taken: string[]): string {
  const lower = taken.map((name) => name.toLowerCase());
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` ${n}`;
    const candidate = `${base.slice(0, MAX_CONNECTION_NAME_LENGTH - suffix.length)}${suffix}`;
    if (!lower.includes(candidate.toLowerCase())) return candidate;
  }
}
