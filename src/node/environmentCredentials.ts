import * as l10n from '@vscode/l10n';
import { md5Hex } from '../api/auth';
import type { AuthMethod, Credentials } from '../api/types';
import type { CredentialSource } from '../foundation/credentials';
import { nameOfKey } from '../foundation/settings';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Credentials from environment variables, never from anything a process list or a log shows:
 * CAPILLARY_TILL and CAPILLARY_PASSWORD (Basic), or CAPILLARY_CLIENT_KEY and
 * CAPILLARY_CLIENT_SECRET (OAuth); a named connection's carry its name upper-cased after them
 * (CAPILLARY_PASSWORD_PROD). Nothing is ever written: the environment is read-only.
 */
export class EnvironmentCredentials implements CredentialSource {
  constructor(private readonly env: Environment = process.env) {}

  get(connectionKey: string, method: AuthMethod): Promise<Credentials | undefined> {
    const [first, second] = credentialVariables(method, nameOfKey(connectionKey)).map(
      (name) => this.env[name] || undefined,
    );
    if (!first || !second) return Promise.resolve(undefined);
    return Promise.resolve(
      method === 'basic'
        ? { method, username: first, passwordMd5: md5Hex(second) }
        : { method, key: first, secret: second },
    );
  }

  save(): Promise<void> {
    return Promise.reject(readOnly());
  }

  move(): Promise<Credentials | undefined> {
    return Promise.reject(readOnly());
  }

  clear(): Promise<void> {
    return Promise.reject(readOnly());
  }

  forget(): void {
    // Read at every call: nothing is remembered.
  }
}

const BASIC_VARIABLES = ['CAPILLARY_TILL', 'CAPILLARY_PASSWORD'] as const;
const OAUTH_VARIABLES = ['CAPILLARY_CLIENT_KEY', 'CAPILLARY_CLIENT_SECRET'] as const;

/**
 * The two variables that hold a connection's credentials for a sign-in method: the till and its
 * password (Basic), or the client key and secret (OAuth), each with the name's ending
 * (`variableSuffix`): `['CAPILLARY_TILL_PROD', 'CAPILLARY_PASSWORD_PROD']` for 'prod'.
 */
export function credentialVariables(method: AuthMethod, connectionName: string): [string, string] {
  const suffix = variableSuffix(connectionName);
  const [first, second] = method === 'basic' ? BASIC_VARIABLES : OAUTH_VARIABLES;
  return [`${first}${suffix}`, `${second}${suffix}`];
}

/** The variables' ending for a connection's name: '' for the single-host connection, '_PROD' for 'prod'. */
export function variableSuffix(connectionName: string): string {
  const name = connectionName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return name ? `_${name}` : '';
}

function readOnly(): Error {
  return new Error(l10n.t('Credentials come from environment variables here; set them there instead.'));
}
