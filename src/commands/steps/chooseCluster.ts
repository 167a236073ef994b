import * as l10n from '@vscode/l10n';
import { errorText } from '../../api/errors';
import type { Connection } from '../../connections/connections';
import { hostLabel, setConnectionHost } from '../../foundation/settings';
import { validationMessage } from '../../ui/port';
import { checkHostUrl, isLoopbackHostname } from '../../foundation/validation';
import type { CommandDeps } from '../deps';

/**
 * Capillary's API hosts (docs/capillary-api.md, "Hosts, prefix and headers"); any other URL can be
 * entered. A function, so that the labels are translated when shown: the bundle is configured only
 * after this module loads.
 */
function knownClusters(): readonly { origin: string; label: string }[] {
  return [
    { origin: 'https://eu.api.capillarytech.com', label: l10n.t('Europe') },
    { origin: 'https://apac.api.capillarytech.com', label: l10n.t('India / Asia 1') },
    { origin: 'https://apac2.api.capillarytech.com', label: l10n.t('Asia 2') },
    { origin: 'https://sea.api.capillarytech.com', label: l10n.t('South-East Asia') },
    { origin: 'https://us.api.capillarytech.com', label: l10n.t('United States') },
    { origin: 'https://ushc.api.capillarytech.com', label: l10n.t('United States (HC)') },
    { origin: 'https://eucrm.cc.capillarytech.com', label: l10n.t('Europe (CRM)') },
  ];
}

/**
 * A cluster as a connection named after it reads: Capillary's by its region ('Europe'), this
 * machine's as the local sandbox, any other by its host name without the port.
 */
export function clusterName(origin: string): string {
  const known = knownClusters().find((cluster) => cluster.origin === origin);
  if (known) return known.label;
  const { hostname } = new URL(origin);
  return isLoopbackHostname(hostname) ? l10n.t('Local sandbox') : hostname;
}

const ENTER_URL = Symbol('enter-url');

/**
 * Picks a cluster: the ones used lately first, then Capillary's, then Enter URL… (holding
 * `current` when it is none of those, or an unusable value to fix). Undefined when cancelled.
 */
export async function pickCluster(
  deps: CommandDeps,
  title: string,
  current: { origin?: string; raw?: string },
  options: { currentAsItem?: boolean } = {},
): Promise<string | undefined> {
  const { ui } = deps;
  const currentOrigin = current.origin;
  const clusters = knownClusters();
  const recentOrigins = deps.viewState.recentClusters();
  // A new connection is most often another org on a cluster already in use: that one is an item of its own.
  const offered =
    options.currentAsItem && currentOrigin && !recentOrigins.includes(currentOrigin)
      ? [currentOrigin, ...recentOrigins]
      : recentOrigins;
  const recent = offered.filter((origin) => !clusters.some((c) => c.origin === origin));
  const tagged = (origin: string, text: string) => (origin === currentOrigin ? l10n.t('{0} (current)', text) : text);
  const items = [
    ...recent.map((origin) => ({
      label: hostLabel(origin),
      description: recentOrigins.includes(origin) ? tagged(origin, l10n.t('used lately')) : l10n.t('in use'),
      value: origin,
    })),
    ...clusters.map((cluster) => ({
      label: cluster.label,
      description: tagged(
        cluster.origin,
        `${hostLabel(cluster.origin)}${recentOrigins.includes(cluster.origin) ? ` · ${l10n.t('used lately')}` : ''}`,
      ),
      value: cluster.origin,
    })),
    {
      label: l10n.t('Enter URL…'),
      description:
        currentOrigin && !clusters.some((c) => c.origin === currentOrigin) && !recent.includes(currentOrigin)
          ? l10n.t('{0} (current)', hostLabel(currentOrigin))
          : l10n.t('another cluster, or a local sandbox'),
      value: ENTER_URL as string | typeof ENTER_URL,
    },
  ];
  // Enter alone keeps the current cluster: its row, or Enter URL… holding its URL (or the unusable value to fix).
  const listed = currentOrigin && items.some((item) => item.value === currentOrigin);
  const active: string | typeof ENTER_URL | undefined = listed
    ? currentOrigin
    : currentOrigin || current.raw
      ? ENTER_URL
      : undefined;
  const picked = await ui.pick<string | typeof ENTER_URL>(items, {
    title,
    placeholder: l10n.t('The cluster whose reward groups you manage'),
    active,
  });
  if (picked === undefined) return undefined;
  if (picked !== ENTER_URL) return picked;
  const typed = await ui.input({
    title: l10n.t('{0}: Enter URL', title),
    prompt: l10n.t('Cluster URL: https://… (http:// only for 127.0.0.1, localhost or [::1])'),
    placeholder: 'https://eu.api.capillarytech.com',
    value: currentOrigin ?? current.raw,
    validate: validationMessage((value) => checkHostUrl(value, deps.words)),
  });
  if (typed === undefined) return undefined;
  const checked = checkHostUrl(typed, deps.words);
  return checked.ok ? checked.value : undefined; // the input box does not accept invalid values
}

/**
 * The step that Select Cluster, Sign In and Create Group share: pick a cluster for the connection
 * and save it in the user settings (capillaryRewards.host, or the connection's item of
 * capillaryRewards.connections). True when it was saved and is the one in effect.
 */
export async function chooseCluster(
  deps: CommandDeps,
  connection: Connection = deps.connections.active(),
): Promise<boolean> {
  const { ui, settings } = deps;
  const entry = connection.entry();
  const currentOrigin = entry?.state === 'ok' ? entry.spec.origin : undefined;
  const title = connection.named
    ? l10n.t('Select the Cluster of {0}', connection.name())
    : l10n.t('Select Capillary Cluster');
  const origin = await pickCluster(deps, title, {
    origin: currentOrigin,
    raw: entry?.state === 'invalid' ? entry.raw : undefined,
  });
  if (origin === undefined) return false;

  // The same cluster again changes nothing: the session keeps its client (and OAuth token).
  if (origin === currentOrigin) return true;
  try {
    const index = connection.index();
    if (index !== undefined) await setConnectionHost(settings, index, origin);
    else await settings.setHost(origin);
  } catch (error) {
    const setting = connection.named ? 'capillaryRewards.connections' : 'capillaryRewards.host';
    void ui.message('error', l10n.t('Could not save the setting {0}: {1}', setting, errorText(error)));
    return false;
  }
  // Only the user settings choose the cluster (workspace values are ignored), so what was saved is in effect.
  connection.session.reset();
  await deps.viewState.rememberCluster(origin);
  deps.stateChanged();
  deps.log.info(
    connection.named ? `Cluster of connection '${connection.name()}' set to ${origin}` : `Cluster set to ${origin}`,
  );
  return true;
}
