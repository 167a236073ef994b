import * as l10n from '@vscode/l10n';
import { hostLabel } from '../settings';
import { validationMessage } from '../ui';
import { checkHostUrl } from '../validation';
import type { CommandDeps } from './deps';
import { Actions, errorText } from './failures';
import { signIn } from './signIn';

/**
 * Capillary's API hosts (capillary-api.md, "Hosts"); any other URL can be entered. The labels are
 * translated when read: the bundle is configured only after this module loads.
 */
export const KNOWN_CLUSTERS: readonly { readonly origin: string; readonly label: string }[] = [
  { origin: 'https://eu.api.capillarytech.com', get label() { return l10n.t('Europe'); } },
  { origin: 'https://apac.api.capillarytech.com', get label() { return l10n.t('India / Asia 1'); } },
  { origin: 'https://apac2.api.capillarytech.com', get label() { return l10n.t('Asia 2'); } },
  { origin: 'https://sea.api.capillarytech.com', get label() { return l10n.t('South-East Asia'); } },
  { origin: 'https://us.api.capillarytech.com', get label() { return l10n.t('United States'); } },
  { origin: 'https://ushc.api.capillarytech.com', get label() { return l10n.t('United States (HC)'); } },
  { origin: 'https://eucrm.cc.capillarytech.com', get label() { return l10n.t('Europe (CRM)'); } },
];

const ENTER_URL = Symbol('enter-url');

export interface SelectClusterOptions {
  /** Part of a longer flow (Create Group, Sign In) that goes on by itself: no follow-up message. */
  chained?: boolean;
}

/** Capillary Rewards: Select Cluster… — returns true when a cluster was chosen and saved. */
export async function selectCluster(deps: CommandDeps, options: SelectClusterOptions = {}): Promise<boolean> {
  const { ui, settings } = deps;
  const current = settings.read().host;
  const currentOrigin = current.state === 'ok' ? current.origin : undefined;
  const items = [
    ...KNOWN_CLUSTERS.map((cluster) => ({
      label: cluster.label,
      description: cluster.origin === currentOrigin ? l10n.t('{0} (current)', hostLabel(cluster.origin)) : hostLabel(cluster.origin),
      value: cluster.origin as string | typeof ENTER_URL,
    })),
    {
      label: l10n.t('Enter URL…'),
      description:
        currentOrigin && !KNOWN_CLUSTERS.some((c) => c.origin === currentOrigin)
          ? l10n.t('{0} (current)', hostLabel(currentOrigin))
          : l10n.t('another cluster, or a local sandbox'),
      value: ENTER_URL as string | typeof ENTER_URL,
    },
  ];
  const picked = await ui.pick(items, { title: l10n.t('Select Capillary Cluster'), placeholder: l10n.t('The cluster whose reward groups you manage') });
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

  try {
    await settings.setHost(origin);
  } catch (error) {
    void ui.message('error', l10n.t('Could not save the setting capillaryRewards.host: {0}', errorText(error)));
    return false;
  }
  deps.service.reset();
  deps.stateChanged();

  const effective = settings.read().host;
  if (effective.state !== 'ok' || effective.origin !== origin) {
    // A workspace or folder value of capillaryRewards.host wins over the user setting just written.
    void ui.message(
      'warning',
      l10n.t(
        'Saved {0} in your user settings, but this workspace sets capillaryRewards.host itself, and the workspace value is used. Change it in the workspace settings.',
        hostLabel(origin),
      ),
    );
    return false;
  }
  deps.log.info(`Cluster set to ${origin}`);
  if (!options.chained) {
    const signedIn = (await deps.service.readiness()).state === 'ready';
    if (signedIn) {
      ui.status(l10n.t('Capillary cluster: {0}', hostLabel(origin)));
    } else {
      void ui.message('info', l10n.t('Cluster set to {0}. Sign in to use it.', hostLabel(origin)), Actions.signIn).then(async (choice) => {
        if (choice === Actions.signIn) await signIn(deps);
      });
    }
  }
  return true;
}
