/**
 * The command line's words parsed: a command, its operands and its options, checked against what
 * each command takes. Hand-written (no dependency): `--flag value`, `--flag=value`, `--` ending
 * the options. Every mistake is a CliError (exit 1) with a sentence that says what to type.
 */
import * as l10n from '@vscode/l10n';
import { COMMAND_LINE, commandLineWords } from '../node/commandLineWords';
import { CliError, ExitCode } from './exitCodes';

export const COMMAND_NAMES = ['export', 'validate', 'plan', 'apply', 'compare', 'show', 'diagnose'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** What a command takes: its operands (between `min` and `max` of them) and its options (true: it takes a value). */
interface CommandSpec {
  operands: { min: number; max: number };
  options: Record<string, boolean>;
}

const OUTPUT_OPTIONS: Record<string, boolean> = { json: false, markdown: false, help: false };
/** How a command reaches a connection: never a secret (credentials come from the environment). */
export const CONNECTION_OPTIONS: Record<string, boolean> = {
  host: true,
  'api-prefix': true,
  auth: true,
  connection: true,
  'connections-file': true,
  timeout: true,
  'extra-certificates': true,
};

export const COMMANDS: Record<CommandName, CommandSpec> = {
  export: { operands: { min: 0, max: 0 }, options: { ...CONNECTION_OPTIONS, out: true } },
  validate: { operands: { min: 1, max: 1 }, options: {} },
  plan: { operands: { min: 1, max: 1 }, options: { ...CONNECTION_OPTIONS, out: true } },
  apply: {
    operands: { min: 1, max: 1 },
    options: { ...CONNECTION_OPTIONS, yes: false, force: false, concurrency: true },
  },
  compare: {
    operands: { min: 0, max: 0 },
    options: { from: true, to: true, 'connections-file': true, timeout: true, 'extra-certificates': true, out: true },
  },
  show: { operands: { min: 1, max: 1 }, options: {} },
  diagnose: { operands: { min: 0, max: 0 }, options: { ...CONNECTION_OPTIONS } },
};

export type Options = Readonly<Record<string, string | true>>;

export type Invocation =
  | { kind: 'version' }
  /** Help for the tool (`command` undefined) or one command; `asked`: --help was given (else nothing was). */
  | { kind: 'help'; command?: CommandName; asked: boolean }
  | {
      kind: 'run';
      command: CommandName;
      operands: string[];
      options: Options;
      output: 'text' | 'json' | 'markdown';
    };

/** Names that read like a credential: refused with the variables to set instead. */
const SECRET_LIKE = /pass|secret|token|till|key|credential/i;

export function parseArgs(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'help', asked: false };
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first === '--help' || first === '-h' || first === 'help') return { kind: 'help', asked: true };
  if (!(COMMAND_NAMES as readonly string[]).includes(first)) {
    throw new CliError(
      ExitCode.error,
      l10n.t(
        "{0} has no command '{1}'. The commands are {2}; see {0} --help.",
        COMMAND_LINE,
        first,
        COMMAND_NAMES.join(', '),
      ),
    );
  }
  const command = first as CommandName;
  const spec = COMMANDS[command];
  const allowed = { ...OUTPUT_OPTIONS, ...spec.options };
  const operands: string[] = [];
  const options: Record<string, string | true> = {};
  const usage = () => l10n.t('See {0} {1} --help.', COMMAND_LINE, command);
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === '--') {
      operands.push(...rest.slice(i + 1));
      break;
    }
    if (word === '-h') {
      options.help = true;
      continue;
    }
    if (!word.startsWith('--') || word === '-') {
      if (word.startsWith('-') && word !== '-') {
        throw new CliError(ExitCode.error, l10n.t('Unknown option {0}. {1}', word, usage()));
      }
      operands.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const name = word.slice(2, equals < 0 ? undefined : equals);
    if (!(name in allowed)) {
      throw new CliError(
        ExitCode.error,
        SECRET_LIKE.test(name)
          ? l10n.t(
              '--{0} is not an option: credentials are never given as flags, so that no process list or shell history shows them. Set {1} in the environment. {2}',
              name,
              commandLineWords.signIn(),
              usage(),
            )
          : l10n.t('{0} {1} has no option --{2}. {3}', COMMAND_LINE, command, name, usage()),
      );
    }
    if (name in options) throw new CliError(ExitCode.error, l10n.t('--{0} is given twice. {1}', name, usage()));
    if (!allowed[name]) {
      if (equals >= 0) throw new CliError(ExitCode.error, l10n.t('--{0} takes no value. {1}', name, usage()));
      options[name] = true;
      continue;
    }
    const value = equals >= 0 ? word.slice(equals + 1) : rest[++i];
    if (value === undefined || value === '') {
      throw new CliError(ExitCode.error, l10n.t('--{0} needs a value. {1}', name, usage()));
    }
    options[name] = value;
  }
  if (options.help) return { kind: 'help', command, asked: true };
  if (options.json && options.markdown) {
    throw new CliError(ExitCode.error, l10n.t('Give --json or --markdown, not both. {0}', usage()));
  }
  const { min, max } = spec.operands;
  if (operands.length < min || operands.length > max) {
    throw new CliError(
      ExitCode.error,
      operands.length < min
        ? l10n.t('{0} {1} needs a file. {2}', COMMAND_LINE, command, usage())
        : l10n.t(
            '{0} {1} takes {2} file(s), not {3}: {4}. {5}',
            COMMAND_LINE,
            command,
            max,
            operands.length,
            operands.join(' '),
            usage(),
          ),
    );
  }
  const output = options.json ? 'json' : options.markdown ? 'markdown' : 'text';
  return { kind: 'run', command, operands, options, output };
}

/** An option's value as a number (--timeout, --concurrency); undefined when not given. */
export function numberOption(options: Options, name: string): number | undefined {
  const raw = options[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) {
    throw new CliError(ExitCode.error, l10n.t("--{0} must be a number, not '{1}'.", name, String(raw)));
  }
  return value;
}

/** An option's value as text; undefined when not given. */
export function textOption(options: Options, name: string): string | undefined {
  const raw = options[name];
  return typeof raw === 'string' ? raw : undefined;
}
