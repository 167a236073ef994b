import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import type { AuthMethod, Credentials } from '../api/types';

/** The part of VS Code's SecretStorage this extension uses. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export const SECRET_KEY_PREFIX = 'capillaryRewards.credentials';

/**
 * Credentials belong to one connection key (its origin, and its name unless it is the single-host
 * connection) and one method: switching the host never reuses them.
 */
export function secretKey(connectionKey: string, method: AuthMethod): string {
  return `${SECRET_KEY_PREFIX}|${connectionKey}|${method}`;
}

/** Raised when the OS keychain refuses to store or read a secret. */
export class KeychainError extends Error {
  constructor(action: 'save' | 'read' | 'delete', cause: unknown) {
    super(keychainMessage(action, errorText(cause)));
    this.name = 'KeychainError';
  }
}

/** One whole sentence per action, so that each one translates as a sentence. */
function keychainMessage(action: 'save' | 'read' | 'delete', cause: string): string {
  if (action === 'save') return l10n.t('The OS keychain could not save the credentials: {0}', cause);
  if (action === 'read') return l10n.t('The OS keychain could not read the credentials: {0}', cause);
  return l10n.t('The OS keychain could not delete the credentials: {0}', cause);
}

/**
 * Where a connection's credentials come from, by connection key (ConnectionSpec.key) and method:
 * SecretStorage in the editor (CredentialStore), the environment on the command line. A source
 * that cannot keep credentials refuses to save, move or clear them.
 */
export interface CredentialSource {
  get(connectionKey: string, method: AuthMethod): Promise<Credentials | undefined>;
  save(connectionKey: string, credentials: Credentials): Promise<void>;
  /** Moves one method's credentials to another key, so that only one connection holds them; returns what was moved. */
  move(fromKey: string, toKey: string, method: AuthMethod): Promise<Credentials | undefined>;
  /** Removes the credentials of every method for this connection key. */
  clear(connectionKey: string): Promise<void>;
  /** Reads the source again next time (it changed elsewhere). */
  forget(): void;
}

/**
 * Credentials in SecretStorage, keyed by connection key (ConnectionSpec.key) and method. What was read is remembered for
 * this window, since every view refresh asks for the sign-in state and SecretStorage is a round
 * trip (through the browser in VS Code for the Web); `forget()` drops it when another window
 * changes a secret.
 */
export class CredentialStore implements CredentialSource {
  private readonly known = new Map<string, Credentials | undefined>();

  constructor(private readonly secrets: SecretStore) {}

  async get(connectionKey: string, method: AuthMethod): Promise<Credentials | undefined> {
    const key = secretKey(connectionKey, method);
    if (this.known.has(key)) return this.known.get(key);
    let text: string | undefined;
    try {
      text = await this.secrets.get(key);
    } catch (error) {
      throw new KeychainError('read', error);
    }
    const credentials = text === undefined ? undefined : parseCredentials(text, method);
    this.known.set(key, credentials);
    return credentials;
  }

  async save(connectionKey: string, credentials: Credentials): Promise<void> {
    const key = secretKey(connectionKey, credentials.method);
    this.known.delete(key);
    try {
      await this.secrets.store(key, JSON.stringify(credentials));
    } catch (error) {
      throw new KeychainError('save', error);
    }
    this.known.set(key, credentials);
  }

  /**
   * Moves the credentials of one method from one connection key to another (the single-host
   * connection's to the named connection that takes it over): copied, then deleted where they
   * were, so that only one connection ever holds them. Returns what was moved.
   */
  async move(fromKey: string, toKey: string, method: AuthMethod): Promise<Credentials | undefined> {
    const credentials = await this.get(fromKey, method);
    if (!credentials) return undefined;
    await this.save(toKey, credentials);
    const from = secretKey(fromKey, method);
    this.known.delete(from);
    try {
      await this.secrets.delete(from);
    } catch (error) {
      throw new KeychainError('delete', error);
    }
    this.known.set(from, undefined);
    return credentials;
  }

  /** Removes the credentials of every method for this connection key. */
  async clear(connectionKey: string): Promise<void> {
    const keys = (['basic', 'oauth'] as const).map((method) => secretKey(connectionKey, method));
    for (const key of keys) this.known.delete(key);
    try {
      await Promise.all(keys.map((key) => this.secrets.delete(key)));
    } catch (error) {
      throw new KeychainError('delete', error);
    }
    for (const key of keys) this.known.set(key, undefined);
  }

  /** Reads SecretStorage again next time (a secret changed in another window). */
  forget(): void {
    this.known.clear();
  }
}

/** A stored value that is not what this version writes counts as "not signed in". */
function parseCredentials(text: string, method: AuthMethod): Credentials | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (
    method === 'basic' &&
    v?.method === 'basic' &&
    typeof v.username === 'string' &&
    typeof v.passwordMd5 === 'string'
  ) {
    return { method, username: v.username, passwordMd5: v.passwordMd5 };
  }
  if (method === 'oauth' && v?.method === 'oauth' && typeof v.key === 'string' && typeof v.secret === 'string') {
    return { method, key: v.key, secret: v.secret };
  }
  return undefined;
}

/** Who is signed in, for messages: the till username or the OAuth client key. Neither is secret. */
export function credentialsLabel(credentials: Credentials): string {
  return credentials.method === 'basic' ? credentials.username : credentials.key;
}
