import * as l10n from '@vscode/l10n';
import { SETTINGS_SECTION } from '../foundation/settings';
import type { ActionKind, FrontEndWords } from '../foundation/words';

/** The button labels, translated when read: the bundle is configured only after this module loads. */
export const Actions = {
  get retry() {
    return l10n.t('Retry');
  },
  get signIn() {
    return l10n.t('Sign In');
  },
  get showLog() {
    return l10n.t('Show Log');
  },
  get copyId() {
    return l10n.t('Copy ID');
  },
  get openSettings() {
    return l10n.t('Open Settings');
  },
  get selectCluster() {
    return l10n.t('Select Cluster');
  },
};
/** One of the labels in Actions, as shown on the button. */
export type Action = string;

/**
 * How the editor names its things in the core's sentences: its settings, the Groups view, the
 * Sign In command, the buttons of a message. Plain data (no `vscode`), so the flows use it in Node.
 */
export const editorWords: FrontEndWords = {
  setting: (key) => `${SETTINGS_SECTION}.${key}`,
  refreshGroups: () => l10n.t('Refresh the Groups view'),
  refreshAndRetry: () => l10n.t('refresh the Groups view and try again'),
  whereGroupsShow: () => l10n.t('in the Groups view'),
  signIn: () => l10n.t('"Sign In…"'),
  action: (kind: ActionKind) => Actions[kind],
  proxySource: (source) =>
    source === 'setting'
      ? l10n.t('the {0} setting', 'http.proxy')
      : l10n.t('the {0} environment variable', source.slice('env:'.length)),
  diagnose: () => l10n.t('"Diagnose Connection…"'),
};
