/**
 * Which connection a command acts on, from the flags, else the environment, else an item of
 * capillary-connections.json (`--connection NAME`), checked by the settings' own rules; the core
 * built on Node ports around it, with credentials from the environment only.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { basicAuthorization, md5Hex } from '../api/auth';
import { CapillaryError } from '../api/errors';
import type { Connection } from '../connections/connections';
import { createCore, type Core } from '../core/createCore';
import { RedactingLogger } from '../foundation/log';
import { SettingKeys, SINGLE_HOST_ID, type ConnectionSpec } from '../foundation/settings';
import { describeFailure } from '../messages/failures';
import { commandLineWords } from '../node/commandLineWords';
import { credentialVariables as variablesOf, EnvironmentCredentials } from '../node/environmentCredentials';
import { MemoryStore } from '../node/memoryStore';
import { StreamLog } from '../node/streamLog';
import { ValueSettings } from '../node/valueSettings';
import type { NetworkInputs } from '../api/network';
import { numberOption, textOption, type Options } from './args';
import { commandLineNetworkInputs, createCommandLineRouter } from './network';
import { CliError, ExitCode } from './exitCodes';
import type { Output, Stream } from './output';

type Environment = Readonly<Record<string, string | undefined>>;

export const CONNECTIONS_FILE = 'capillary-connections.json';

/** What a command runs with: the process's environment, folder, streams and interruption. */
export interface CliContext {
  env: Environment;
  cwd: string;
  stderr: Stream;
  stdinIsTTY: boolean;
  output: Output;
  /** Aborted by SIGINT. */
  signal: AbortSignal;
}

/** Settings as values (ValueSettings' keys) and the connection ids the command uses. */
export interface ConnectionChoice {
  values: Record<string, unknown>;
  ids: string[];
  /** The proxy and roots the requests go with (src/cli/network.ts). */
  network: NetworkInputs;
}

/** A connection ready to use: signed in as far as the environment can tell, and how to name it. */
export interface Target {
  connection: Connection;
  spec: ConnectionSpec;
  /** Its name in capillary-connections.json; undefined for --host. */
  name?: string;
  label: string;
  /** Writes an apply sends at once (--concurrency, else the core's default). */
  concurrency: number;
  /** The till or client key from the environment (not secret), for the core's sentences. */
  account?: string;
}

/** The limits a command may set: --timeout (every command that reads) and --concurrency (apply). */
function limits(options: Options): Record<string, unknown> {
  const timeout = numberOption(options, 'timeout');
  const concurrency = numberOption(options, 'concurrency');
  return {
    ...(timeout === undefined ? {} : { [SettingKeys.requestTimeoutSeconds]: timeout }),
    ...(concurrency === undefined ? {} : { [SettingKeys.applyConcurrency]: concurrency }),
  };
}

/** --host / --api-prefix / --auth (each else its variable), or --connection NAME from the connections file. */
export function chooseConnection(options: Options, ctx: CliContext): ConnectionChoice {
  const name = textOption(options, 'connection');
  if (name !== undefined) {
    const direct = ['host', 'api-prefix', 'auth'].filter((flag) => options[flag] !== undefined);
    if (direct.length > 0) {
      throw new CliError(
        ExitCode.error,
        l10n.t(
          '--connection names its host, prefix and method: give it or {0}, not both.',
          direct.map((f) => `--${f}`).join(', '),
        ),
      );
    }
    return {
      values: { connections: readConnectionsFile(options, ctx), ...limits(options) },
      ids: [name],
      network: commandLineNetworkInputs(options, ctx),
    };
  }
  const host = textOption(options, 'host') ?? ctx.env.CAPILLARY_HOST;
  if (!host) {
    throw new CliError(
      ExitCode.error,
      l10n.t(
        'No cluster given: set {0} (or {1}), or use {2} with {3}.',
        '--host URL',
        'CAPILLARY_HOST',
        '--connection NAME',
        CONNECTIONS_FILE,
      ),
    );
  }
  const apiPrefix = textOption(options, 'api-prefix') ?? ctx.env.CAPILLARY_API_PREFIX;
  const auth = textOption(options, 'auth') ?? ctx.env.CAPILLARY_AUTH;
  return {
    values: {
      host,
      ...(apiPrefix ? { apiPrefix } : {}),
      ...(auth ? { authMethod: auth } : {}),
      ...limits(options),
    },
    ids: [SINGLE_HOST_ID],
    network: commandLineNetworkInputs(options, ctx),
  };
}

/** compare: two names of the connections file. */
export function chooseTwo(options: Options, ctx: CliContext, from: string, to: string): ConnectionChoice {
  return {
    values: { connections: readConnectionsFile(options, ctx), ...limits(options) },
    ids: [from, to],
    network: commandLineNetworkInputs(options, ctx),
  };
}

/** A plan names its own connection: its host, prefix, method and name (for the credentials' variables). */
export function planConnection(
  options: Options,
  ctx: CliContext,
  pinned: { host: string; apiPrefix: string; authMethod: string; connection?: string },
): ConnectionChoice {
  const given = ['host', 'api-prefix', 'auth', 'connection', 'connections-file'].filter(
    (flag) => options[flag] !== undefined,
  );
  if (given.length > 0) {
    throw new CliError(
      ExitCode.error,
      l10n.t('A plan names its own connection: {0} cannot be used with it.', given.map((f) => `--${f}`).join(', ')),
    );
  }
  const spec = { host: pinned.host, apiPrefix: pinned.apiPrefix, authMethod: pinned.authMethod };
  const network = commandLineNetworkInputs(options, ctx);
  return pinned.connection
    ? {
        values: { connections: [{ name: pinned.connection, ...spec }], ...limits(options) },
        ids: [pinned.connection],
        network,
      }
    : { values: { ...spec, ...limits(options) }, ids: [SINGLE_HOST_ID], network };
}

function readConnectionsFile(options: Options, ctx: CliContext): unknown {
  const file = path.resolve(ctx.cwd, textOption(options, 'connections-file') ?? CONNECTIONS_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(ExitCode.error, l10n.t('Could not read {0}: {1}', file, (error as Error).message));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(ExitCode.error, l10n.t('{0} is not JSON: {1}', file, (error as Error).message));
  }
}

/**
 * The core on Node ports for the chosen connections, each checked (its settings usable, its
 * credentials in the environment) before anything is sent; the secrets in use masked first.
 */
export function openConnections(ctx: CliContext, choice: ConnectionChoice): { core: Core; targets: Target[] } {
  const settings = new ValueSettings(choice.values, commandLineWords);
  const read = settings.read();
  if (read.problems.length > 0) throw new CliError(ExitCode.error, read.problems.join(' '));
  const core = createCore({
    settings,
    credentials: new EnvironmentCredentials(ctx.env),
    state: new MemoryStore(),
    log: new MaskingLogger(new StreamLog(ctx.stderr), ctx.output),
    route: createCommandLineRouter(choice.network),
  });
  try {
    return { core, targets: choice.ids.map((id) => target(core, id, ctx, read.applyConcurrency)) };
  } catch (error) {
    core.dispose();
    throw error;
  }
}

function target(core: Core, id: string, ctx: CliContext, concurrency: number): Target {
  const entries = core.connections.entries();
  const entry =
    entries.find((candidate) => candidate.id === id) ??
    entries.find((candidate) => candidate.state === 'invalid' && candidate.name === id);
  if (!entry) {
    const names = entries.flatMap((candidate) => (candidate.state === 'ok' ? [candidate.spec.name] : []));
    throw new CliError(
      ExitCode.error,
      l10n.t(
        "{0} has no connection named '{1}' (it has: {2}).",
        CONNECTIONS_FILE,
        id,
        names.join(', ') || l10n.t('none'),
      ),
    );
  }
  if (entry.state !== 'ok') {
    throw new CliError(
      ExitCode.error,
      entry.state === 'invalid'
        ? entry.name
          ? l10n.t("Connection '{0}': {1}", entry.name, entry.message)
          : entry.message
        : l10n.t('No cluster given.'),
    );
  }
  const { spec } = entry;
  const connection = core.connections.get(entry.id)!;
  ctx.output.mask(secretsInEnvironment(spec, ctx.env));
  const account = ctx.env[credentialVariables(spec)[0]];
  return {
    connection,
    spec,
    ...(spec.name ? { name: spec.name } : {}),
    label: connection.label(),
    concurrency,
    ...(account ? { account } : {}),
  };
}

/** The variables a connection's credentials are read from (EnvironmentCredentials' names). */
export function credentialVariables(spec: ConnectionSpec): [string, string] {
  return variablesOf(spec.authMethod, spec.name);
}

/** Every form the connection's secret travels in: the password, its MD5, the pair and the Basic header; or the client secret. */
function secretsInEnvironment(spec: ConnectionSpec, env: Environment): string[] {
  const [user, secret] = credentialVariables(spec).map((name) => env[name] ?? '');
  if (!secret) return [];
  if (spec.authMethod === 'oauth') return [secret];
  const md5 = md5Hex(secret);
  const header = basicAuthorization(user!, md5);
  return [secret, md5, `${user}:${md5}`, header.replace(/^Basic /, ''), header];
}

/** Runs `use` with the chosen connections open and their credentials found; the core disposed after. */
export async function usingConnections<T>(
  ctx: CliContext,
  choice: ConnectionChoice,
  use: (targets: Target[]) => Promise<T>,
): Promise<T> {
  const { core, targets } = openConnections(ctx, choice);
  try {
    for (const each of targets) await ensureCredentials(each);
    return await use(targets);
  } finally {
    core.dispose();
  }
}

/** The connection's credentials are in the environment; else a sentence naming the variables to set. */
export async function ensureCredentials(target: Target): Promise<void> {
  const readiness = await target.connection.session.readiness();
  if (readiness.state === 'ready') return;
  const [user, secret] = credentialVariables(target.spec);
  throw new CliError(
    ExitCode.error,
    l10n.t('No credentials for {0}: set {1} and {2} in the environment.', target.label, user, secret),
  );
}

/**
 * Runs a step that talks to the server; a failure becomes the core's sentence for it in the
 * command line's words, with exit 5 when the server refused the credentials.
 */
export async function talking<T>(target: Target, doing: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw asCliError(error, target, doing);
  }
}

export function asCliError(error: unknown, target: Target, doing: string): CliError {
  if (error instanceof CliError) return error;
  const refused =
    error instanceof CapillaryError &&
    (error.status === 401 || error.status === 403 || error.isAuthFailure || error.isAccessDenied);
  const failure = describeFailure(
    error,
    {
      origin: target.spec.origin,
      where: target.label,
      doing,
      ...(refused ? { signingIn: { method: target.spec.authMethod, user: target.account ?? '' } } : {}),
    },
    commandLineWords,
  );
  if (!failure) return new CliError(ExitCode.error, l10n.t('Interrupted: nothing more was sent.'));
  // Refused credentials are fixed in the environment, not by running it again; the log is stderr, already there.
  const actions = refused
    ? [l10n.t('check {0} in the environment', credentialVariables(target.spec).join(' and '))]
    : failure.actions.filter((action) => action !== commandLineWords.action('showLog'));
  const next = actions.length > 0 ? ` ${l10n.t('Next: {0}.', actions.join('; '))}` : '';
  return new CliError(refused ? ExitCode.signInRefused : ExitCode.error, failure.message + next);
}

/**
 * The redacting log, which also masks every secret the core registers (an OAuth token once it is
 * obtained) under GitHub Actions, before any request carries it.
 */
class MaskingLogger extends RedactingLogger {
  constructor(
    sink: StreamLog,
    private readonly output: Output,
  ) {
    super(sink);
  }

  override setSecrets(key: string, values: readonly string[]): void {
    this.output.mask(values);
    super.setSecrets(key, values);
  }
}
