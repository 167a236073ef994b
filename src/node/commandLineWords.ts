import * as l10n from '@vscode/l10n';
import type { ActionKind, FrontEndWords } from '../foundation/words';

/** The command line's name. */
export const COMMAND_LINE = 'capillary-groups';

/** The flag that gives each setting on the command line; a key not listed is its name in kebab case. */
const FLAGS: Record<string, string> = {
  requestTimeoutSeconds: '--timeout',
  applyConcurrency: '--concurrency',
};

/** A setting's flag: `requestTimeoutSeconds` → `--timeout`, `apiPrefix` → `--api-prefix`. */
export function flagOf(key: string): string {
  return FLAGS[key] ?? `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * How a command line names its things in the core's sentences: a setting by its flag, the org read
 * again by `capillary-groups export`, credentials from the environment (EnvironmentCredentials).
 * It has no buttons: a remedy is what to do next.
 */
export const commandLineWords: FrontEndWords = {
  setting: flagOf,
  refreshGroups: () => l10n.t('Read the org again with {0}', `${COMMAND_LINE} export`),
  refreshAndRetry: () => l10n.t('read the org again with {0}, then try again', `${COMMAND_LINE} export`),
  whereGroupsShow: () => l10n.t('in what {0} writes', `${COMMAND_LINE} export`),
  signIn: () =>
    l10n.t(
      '{0} and {1} (or {2} and {3})',
      'CAPILLARY_TILL',
      'CAPILLARY_PASSWORD',
      'CAPILLARY_CLIENT_KEY',
      'CAPILLARY_CLIENT_SECRET',
    ),
  action: (kind: ActionKind) => {
    switch (kind) {
      case 'retry':
        return l10n.t('run it again');
      case 'signIn':
        return l10n.t('check the credentials in the environment');
      case 'selectCluster':
        return l10n.t('check {0}', flagOf('host'));
      case 'showLog':
        return l10n.t('see the log');
    }
  },
  proxySource: (source) =>
    source === 'setting' ? 'http.proxy' : l10n.t('the {0} environment variable', source.slice('env:'.length)),
  diagnose: () => `${COMMAND_LINE} diagnose`,
};
