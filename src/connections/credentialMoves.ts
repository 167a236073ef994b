import type { AuthMethod } from '../api/types';
import { secretKey, type CredentialSource } from '../foundation/credentials';
import type { SecretKeeper } from '../foundation/log';

/**
 * Credentials taken along when a connection is removed, renamed or made of the single-host
 * settings: deleted or moved under the connection key, and what the log holds of them forgotten.
 */
export class CredentialMoves {
  constructor(
    private readonly credentials: CredentialSource,
    private readonly secrets?: SecretKeeper,
  ) {}

  /**
   * Deletes the credentials kept under a connection key (both methods), and what the log holds of
   * them: for Remove Connection, also of an item written wrong, which has no session of its own.
   */
  async deleteCredentials(key: string): Promise<boolean> {
    try {
      const held = await Promise.all(
        (['basic', 'oauth'] as const).map((method) => this.credentials.get(key, method).catch(() => undefined)),
      );
      await this.credentials.clear(key);
      return held.some(Boolean);
    } finally {
      for (const method of ['basic', 'oauth'] as const) this.secrets?.dropSecrets(secretKey(key, method));
    }
  }

  /**
   * Moves the credentials of both methods from one connection key to another (Rename Connection),
   * and what the log holds of them. True when there were some.
   */
  async moveCredentials(fromKey: string, toKey: string): Promise<boolean> {
    let moved = false;
    for (const method of ['basic', 'oauth'] as const) {
      if (await this.credentials.move(fromKey, toKey, method)) moved = true;
      this.secrets?.dropSecrets(secretKey(fromKey, method));
    }
    return moved;
  }

  /**
   * Moves the single-host connection's credentials (of `method`) to a named connection's key, for
   * Add Connection when it keeps that cluster as a connection: only ever into that one, so that no
   * other connection on the cluster, of another org maybe, gets them. True when there were some.
   */
  async moveSingleHostCredentials(origin: string, toKey: string, method: AuthMethod): Promise<boolean> {
    const moved = await this.credentials.move(origin, toKey, method);
    this.secrets?.dropSecrets(secretKey(origin, method));
    return moved !== undefined;
  }
}
