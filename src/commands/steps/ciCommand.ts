import { type ConnectionSpec, parseSettings, SettingKeys } from '../../foundation/settings';
import { DEFAULT_API_PREFIX } from '../../foundation/validation';
import type { FrontEndWords } from '../../foundation/words';
import { credentialVariables } from '../../node/environmentCredentials';
import { COMMAND_LINE } from '../../node/commandLineWords';

/** The file a command line run at the top of a workspace folder reads its named connections from. */
export const CONNECTIONS_FILE = 'capillary-connections.json';

/** A connection as the command line is given it: the cluster and how requests to it are signed. */
export type CiConnection = Pick<ConnectionSpec, 'name' | 'origin' | 'authMethod' | 'apiPrefix'>;

export interface CiCommand {
  /** The command line, its words quoted for a POSIX shell where they need it. */
  line: string;
  /** The environment variables the pipeline must set for it (names only), in the order it reads them. */
  variables: [string, string];
  /** The connection's name when the line gives `--connection`, else undefined (`--host`). */
  connectionName?: string;
}

/**
 * The line that plans a groups file against a connection in a pipeline (`npx --no-install capillary-groups plan
 * FILE …`): `path` is the file's path in its workspace folder, or its absolute path when it is in
 * none. `listed` is the connections file's item of the same name and cluster, if it has one: the
 * line then names it (`--connection NAME`), and the command line takes its sign-in method from
 * there. Otherwise the cluster is written out (`--host`), with the prefix and the method when they
 * are not the defaults. No credential is ever in it: `variables` names where they come from.
 */
export function ciCommand(path: string, connection: CiConnection, listed?: CiConnection): CiCommand {
  const file = path.startsWith('-') ? `./${path}` : path;
  // --no-install: the tool where it is installed, never a registry package that merely has its name.
  const words = ['npx', '--no-install', COMMAND_LINE, 'plan', file];
  if (listed) {
    words.push('--connection', listed.name);
    return {
      line: words.map(shellQuoted).join(' '),
      variables: credentialVariables(listed.authMethod, listed.name),
      connectionName: listed.name,
    };
  }
  words.push('--host', connection.origin);
  if (connection.apiPrefix !== DEFAULT_API_PREFIX) words.push('--api-prefix', connection.apiPrefix);
  if (connection.authMethod !== 'basic') words.push('--auth', connection.authMethod);
  return { line: words.map(shellQuoted).join(' '), variables: credentialVariables(connection.authMethod, '') };
}

/**
 * The item of a connections file (its text, as `capillaryRewards.connections` is written, and
 * checked by the same rules) with the connection's name on the connection's cluster (origins
 * compared as the settings normalise them); undefined when there is none, or the text is missing
 * or not JSON.
 */
export function listedConnection(
  text: string | undefined,
  connection: CiConnection,
  words: FrontEndWords,
): CiConnection | undefined {
  if (text === undefined || connection.name === '') return undefined;
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(items)) return undefined;
  const { connections } = parseSettings((key) => (key === SettingKeys.connections ? items : undefined), words);
  for (const entry of connections) {
    if (entry.state === 'ok' && entry.spec.name === connection.name && entry.spec.origin === connection.origin) {
      return entry.spec;
    }
  }
  return undefined;
}

/** Characters a POSIX shell takes literally in a word. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A word as a POSIX shell reads it back: as it is when it is safe, else in single quotes ('\'' for a quote). */
export function shellQuoted(word: string): string {
  return SHELL_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
