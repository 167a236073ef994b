/** What --help prints: the tool's commands, or one command's operands and options. */
import * as l10n from '@vscode/l10n';
import { COMMAND_LINE } from '../node/commandLineWords';
import type { CommandName } from './args';

const CONNECTION_HELP = (): string[] => [
  l10n.t('  --host URL               the cluster (or CAPILLARY_HOST)'),
  l10n.t('  --api-prefix PREFIX      the API prefix (or CAPILLARY_API_PREFIX)'),
  l10n.t('  --auth basic|oauth       how to sign in (or CAPILLARY_AUTH)'),
  l10n.t('  --connection NAME        a connection of capillary-connections.json instead'),
  l10n.t('  --connections-file PATH  where that file is (default ./capillary-connections.json)'),
  l10n.t('  --timeout SECONDS        how long to wait for each answer'),
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

function commandHelp(command: CommandName): string[] {
  switch (command) {
    case 'export':
      return [
        l10n.t('Usage: {0} export [--out FILE]', COMMAND_LINE),
        l10n.t("Writes every group of the connection's org as a groups file (to stdout, or FILE)."),
        '',
        l10n.t('  --out FILE               write the groups file there'),
        ...CONNECTION_HELP(),
      ];
    case 'validate':
      return [
        l10n.t('Usage: {0} validate FILE', COMMAND_LINE),
        l10n.t('Checks a groups file; every problem as FILE:LINE:COL. Exit 0 when it is valid, 1 when not.'),
        '',
      ];
    case 'plan':
      return [
        l10n.t('Usage: {0} plan FILE [--out PLAN]', COMMAND_LINE),
        l10n.t("What applying FILE would change in the connection's org. Sends nothing but reads."),
        l10n.t('Exit 0: nothing to change; 2: changes planned.'),
        '',
        l10n.t('  --out PLAN               write the plan, for {0} apply PLAN', COMMAND_LINE),
        ...CONNECTION_HELP(),
      ];
    case 'apply':
      return [
        l10n.t('Usage: {0} apply FILE|PLAN [--yes] [--force]', COMMAND_LINE),
        l10n.t("Makes the connection's org hold what FILE says (planned first), or sends exactly a plan's steps."),
        l10n.t('A plan is refused (exit 3) when anything it pinned changed since; it names its own connection.'),
        '',
        l10n.t('  --yes                    apply without asking (needed when stdin is not a terminal)'),
        l10n.t('  --force                  apply a change at scale (more than 50 creates, a large deactivation)'),
        l10n.t('  --concurrency N          writes on their way at once'),
        ...CONNECTION_HELP(),
      ];
    case 'compare':
      return [
        l10n.t('Usage: {0} compare --from A --to B [--out FILE]', COMMAND_LINE),
        l10n.t('Compares the orgs of two connections of capillary-connections.json. Exit 0: the same; 2: they differ.'),
        '',
        l10n.t("  --from A, --to B         the connections' names"),
        l10n.t('  --out FILE               write the difference as a groups file that, applied to B, matches A'),
        l10n.t('  --connections-file PATH  where the connections are (default ./capillary-connections.json)'),
        l10n.t('  --timeout SECONDS        how long to wait for each answer'),
      ];
    case 'show':
      return [
        l10n.t('Usage: {0} show PLAN', COMMAND_LINE),
        l10n.t('Shows a plan file written by {0} plan --out.', COMMAND_LINE),
        '',
      ];
  }
}

export function helpText(command?: CommandName): string {
  if (command) return [...commandHelp(command), ...OUTPUT_HELP(), '', ...CREDENTIALS_HELP(), ''].join('\n');
  return [
    l10n.t('Usage: {0} <command> [options]', COMMAND_LINE),
    '',
    l10n.t('  export [--out FILE]                   write the org as a groups file'),
    l10n.t('  validate FILE                         check a groups file'),
    l10n.t('  plan FILE [--out PLAN]                what applying FILE would change'),
    l10n.t('  apply FILE|PLAN [--yes] [--force]     apply a groups file or a plan'),
    l10n.t("  compare --from A --to B [--out FILE]  compare two connections' orgs"),
    l10n.t('  show PLAN                             show a plan file'),
    '',
    l10n.t('  {0} <command> --help, {0} --version', COMMAND_LINE),
    '',
    l10n.t(
      'Exit codes: 0 no changes / done, 1 error, 2 changes or differences, 3 plan stale, 4 needs --force, 5 sign-in refused.',
    ),
    ...CREDENTIALS_HELP(),
    '',
  ].join('\n');
}
