import * as l10n from '@vscode/l10n';
import { errorText } from '../../api/errors';
import { hostLabel } from '../../settings';
import { validationMessage } from '../../ui';
import { checkHostUrl } from '../../validation';
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

const ENTER_URL = Symbol('enter-url');

/**
 * The step that Select Cluster, Sign In and Create Group share: pick a known cluster or enter a
 * URL, and save it in the user settings. True when it was saved and is the one in effect.
 */
export async function chooseCluster(deps: CommandDeps): Promise<boolean> {
  const { ui, settings } = deps;
  const current = settings.read().host;
  const currentOrigin = current.state === 'ok' ? current.origin : undefined;
  const clusters = knownClusters();
  const items = [
    ...clusters.map((cluster) => ({
      label: cluster.label,
      description: cluster.origin === currentOrigin ? l10n.t('{0} (current)', hostLabel(cluster.origin)) : hostLabel(cluster.origin),
      value: cluster.origin,
    })),
    {
      label: l10n.t('Enter URL…'),
      description:
        currentOrigin && !clusters.some((c) => c.origin === currentOrigin) ? l10n.t('{0} (current)', hostLabel(currentOrigin)) : l10n.t('another cluster, or a local sandbox'),
      value: ENTER_URL as string | typeof ENTER_URL,
    },
  ];
  // Enter alone keeps the current cluster: its row, or Enter URL… holding its URL (or the unusable value to fix).
  const active: string | typeof ENTER_URL | undefined =
    currentOrigin && clusters.some((c) => c.origin === currentOrigin) ? currentOrigin : current.state === 'unset' ? undefined : ENTER_URL;
  const picked = await ui.pick<string | typeof ENTER_URL>(items, {
    title: l10n.t('Select Capillary Cluster'),
    placeholder: l10n.t('The cluster whose reward groups you manage'),
    active,
  });
  if (picked === undefined) return false;

  let origin: string;
  if (picked === ENTER_URL) {
    const typed = await ui.input({
      title: l10n.t('Select Capillary Cluster: Enter URL'),
      prompt: l10n.t('Cluster URL: https://… (http:// only for 127.0.0.1, localhost or [::1])'),
      placeholder: 'https://eu.api.capillarytech.com',
      value: current.state === 'ok' ? current.origin : current.state === 'invalid' ? current.raw : undefined,
      validate: validationMessage(checkHostUrl),
    });
    if (typed === undefined) return false;
    const checked = checkHostUrl(typed);
    if (!checked.ok) return false; // the input box does not accept invalid values
    origin = checked.value;
  } else {
    origin = picked;
  }

  // The same cluster again changes nothing: the session keeps its client (and OAuth token).
  if (origin === currentOrigin) return true;
  try {
    await settings.setHost(origin);
  } catch (error) {
    void ui.message('error', l10n.t('Could not save the setting capillaryRewards.host: {0}', errorText(error)));
    return false;
  }
  // Only the user settings choose the cluster (workspace values are ignored), so what was saved is in effect.
  deps.session.reset();
  deps.stateChanged();
  deps.log.info(`Cluster set to ${origin}`);
  return true;
}
