/** What --help prints: the tool's commands, or one command's operands and options. */
import * as l10n from '@vscode/l10n';
import * as path from 'path';
import { COMMAND_LINE } from '../node/commandLineWords';
import type { CommandName } from './args';

const CONNECTION_HELP = (): string[] => [
  l10n.t('  --host URL               the cluster (or CAPILLARY_HOST)'),
  l10n.t('  --api-prefix PREFIX      the API prefix (or CAPILLARY_API_PREFIX)'),
  l10n.t('  --auth basic|oauth       how to sign in (or CAPILLARY_AUTH)'),
  l10n.t('  --connection NAME        a connection of capillary-connections.json instead'),
  l10n.t('  --connections-file PATH  where capillary-connections.json is (default: this folder)'),
  l10n.t('  --timeout SECONDS        how long to wait for each answer'),
  l10n.t("  --extra-certificates PEM root certificates to trust besides Node's (or CAPILLARY_EXTRA_CERTIFICATES;"),
  l10n.t('                           several joined by {0}); NODE_EXTRA_CA_CERTS is honoured too', path.delimiter),
];

const NETWORK_HELP = (): string[] => [
  l10n.t("Requests go through the proxy of HTTPS_PROXY (or HTTP_PROXY), except to NO_PROXY's hosts and this machine."),
];

const OUTPUT_HELP = (): string[] => [
  l10n.t('  --json                   machine output ("formatVersion": 1)'),
  l10n.t('  --markdown               a pull-request comment'),
  l10n.t('  --help                   this text'),
];

const CREDENTIALS_HELP = (): string[] => [
  l10n.t('Credentials come from the environment only:'),
  l10n.t(
    '  CAPILLARY_TILL and CAPILLARY_PASSWORD (basic), or CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET (oauth);',
  ),
  l10n.t('  for --connection NAME the same names ending in _NAME (e.g. CAPILLARY_PASSWORD_PROD).'),
];

/** Each command's operands, what it does (a line or two) and its own options. */
const COMMAND_HELP: Record<CommandName, () => { operands: string; about: string[]; options: string[] }> = {
  export: () => ({
    operands: '[--out FILE]',
    about: [l10n.t("Writes every group of the connection's org as a groups file (to stdout, or FILE).")],
    options: [l10n.t('  --out FILE               write the groups file there'), ...CONNECTION_HELP()],
  }),
  validate: () => ({
    operands: 'FILE',
    about: [l10n.t('Checks a groups file; every problem as FILE:LINE:COL. Exit 0 when it is valid, 1 when not.')],
    options: [],
  }),
  plan: () => ({
    operands: 'FILE [--out PLAN]',
    about: [
      l10n.t("What applying FILE would change in the connection's org. Sends nothing but reads."),
      l10n.t('Exit 0: nothing to change; 2: changes planned.'),
    ],
    options: [
      l10n.t('  --out PLAN               write the plan, for {0} apply PLAN', COMMAND_LINE),
      ...CONNECTION_HELP(),
    ],
  }),
  apply: () => ({
    operands: 'FILE|PLAN [--yes] [--force]',
    about: [
      l10n.t("Makes the connection's org hold what FILE says (planned first), or sends exactly a plan's steps."),
      l10n.t('A plan is refused (exit 3) when anything it pinned changed since; it names its own connection.'),
    ],
    options: [
      l10n.t('  --yes                    apply without asking (needed when stdin is not a terminal)'),
      l10n.t('  --force                  apply a change at scale (more than 50 creates, a large deactivation)'),
      l10n.t('  --concurrency N          writes on their way at once'),
      ...CONNECTION_HELP(),
    ],
  }),
  compare: () => ({
    operands: '--from A --to B [--out FILE]',
    about: [
      l10n.t('Compares the orgs of two connections of capillary-connections.json. Exit 0: the same; 2: they differ.'),
    ],
    options: [
      l10n.t("  --from A, --to B         the connections' names"),
      l10n.t('  --out FILE               write the difference as a groups file that, applied to B, matches A'),
      ...CONNECTION_HELP().slice(-2),
    ],
  }),
  show: () => ({
    operands: 'PLAN',
    about: [l10n.t('Shows a plan file written by {0} plan --out.', COMMAND_LINE)],
    options: [],
  }),
  diagnose: () => ({
    operands: '',
    about: [
      l10n.t('Checks every step to the cluster: the proxy and where it came from, the roots trusted, DNS, TCP,'),
      l10n.t("the proxy's tunnel, TLS with the certificate chain, one signed read and the server's clock."),
      l10n.t('Prints one report with no secret in it. Exit 0 when every check passed, 1 when one failed.'),
    ],
    options: [...CONNECTION_HELP()],
  }),
};

function commandHelp(command: CommandName): string[] {
  const { operands, about, options } = COMMAND_HELP[command]();
  return [l10n.t('Usage: {0} {1} {2}', COMMAND_LINE, command, operands), ...about, '', ...options];
}

export function helpText(command?: CommandName): string {
  if (command) {
    // validate and show read a file only: no connection, no credentials.
    const offline = command === 'validate' || command === 'show';
    return [
      ...commandHelp(command),
      ...OUTPUT_HELP(),
      '',
      ...(offline ? [] : [...CREDENTIALS_HELP(), ...NETWORK_HELP(), '']),
    ].join('\n');
  }
  return [
    l10n.t('Usage: {0} <command> [options]', COMMAND_LINE),
    '',
    l10n.t('  export [--out FILE]                   write the org as a groups file'),
    l10n.t('  validate FILE                         check a groups file'),
    l10n.t('  plan FILE [--out PLAN]                what applying FILE would change'),
    l10n.t('  apply FILE|PLAN [--yes] [--force]     apply a groups file or a plan'),
    l10n.t("  compare --from A --to B [--out FILE]  compare two connections' orgs"),
    l10n.t('  show PLAN                             show a plan file'),
    l10n.t('  diagnose                              check the way to the cluster, step by step'),
    '',
    l10n.t('  {0} <command> --help, {0} --version', COMMAND_LINE),
    '',
    l10n.t(
      'Exit codes: 0 no changes / done, 1 error, 2 changes or differences, 3 plan stale, 4 needs --force, 5 sign-in refused.',
    ),
    ...CREDENTIALS_HELP(),
    ...NETWORK_HELP(),
    '',
  ].join('\n');
}
