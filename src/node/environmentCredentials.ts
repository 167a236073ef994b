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
    const suffix = variableSuffix(nameOfKey(connectionKey));
    const read = (name: string) => this.env[`${name}${suffix}`] || undefined;
    if (method === 'basic') {
      const username = read('CAPILLARY_TILL');
      const password = read('CAPILLARY_PASSWORD');
      return Promise.resolve(username && password ? { method, username, passwordMd5: md5Hex(password) } : undefined);
    }
    const key = read('CAPILLARY_CLIENT_KEY');
    const secret = read('CAPILLARY_CLIENT_SECRET');
    return Promise.resolve(key && secret ? { method, key, secret } : undefined);
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
