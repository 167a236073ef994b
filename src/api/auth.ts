import { createHash } from 'crypto';
import { untilAborted } from './abort';
import { CapillaryError } from './errors';
import type { HttpTransport } from './http';
import type { Credentials } from './types';

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Capillary Basic: base64(username + ':' + md5hex(password)); the MD5 is taken before Base64. */
export function basicAuthorization(username: string, passwordMd5: string): string {
  return `Basic ${Buffer.from(`${username}:${passwordMd5}`, 'utf8').toString('base64')}`;
}

/** Signs requests. `renew` is asked after the server rejects the credentials. */
export interface RequestSigner {
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * Called with the headers a rejected request carried; forgets them if they are still the
   * current ones. True when a replay with fresh headers could succeed.
   */
  renew(rejected: Record<string, string>): boolean;
}

export class BasicSigner implements RequestSigner {
  private readonly authorization: string;

  constructor(username: string, passwordMd5: string) {
    this.authorization = basicAuthorization(username, passwordMd5);
  }

  headers(): Promise<Record<string, string>> {
    return Promise.resolve({ Authorization: this.authorization });
  }

  renew(): boolean {
    return false; // the same header would be rejected again
  }
}

export const OAUTH_TOKEN_PATH = '/v3/oauth/token/generate';
export const OAUTH_TOKEN_HEADER = 'X-CAP-API-OAUTH-TOKEN';

export interface OAuthSignerOptions {
  /** Clock, injectable for tests. */
  now?: () => number;
  /** Told every new access token, so that the log can scrub it. */
  onToken?: (token: string) => void;
}

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is no longer used. */
  useUntil: number;
}

/**
 * OAuth client credentials: one token at a time, shared by concurrent calls, reused until
 * shortly before its ttl runs out. There is no refresh token, so "refresh" means generate again.
 */
export class OAuthSigner implements RequestSigner {
  private token?: CachedToken;
  private pending?: Promise<CachedToken>;
  private readonly now: () => number;
  private readonly onToken?: (token: string) => void;

  constructor(
    private readonly transport: HttpTransport,
    private readonly key: string,
    private readonly secret: string,
    options: OAuthSignerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.onToken = options.onToken;
  }

  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    const token = await this.currentToken(signal);
    return { [OAUTH_TOKEN_HEADER]: token.value };
  }

  renew(rejected: Record<string, string>): boolean {
    // Concurrent calls rejected with the same old token must not throw away a fresh one.
    if (this.token && this.token.value === rejected[OAUTH_TOKEN_HEADER]) this.token = undefined;
    return true;
  }

  private async currentToken(signal?: AbortSignal): Promise<CachedToken> {
    if (this.token && this.now() < this.token.useUntil) return this.token;
    // Concurrent callers share one token request. It is bound by the request timeout only, not by
    // one caller's cancel: each caller stops waiting on its own signal instead.
    this.pending ??= this.generate().finally(() => (this.pending = undefined));
    return untilAborted(
      this.pending,
      signal,
      () =>
        new CapillaryError({
          kind: 'cancelled',
          method: 'POST',
          origin: this.transport.origin,
          path: OAUTH_TOKEN_PATH,
        }),
    );
  }

  private async generate(): Promise<CachedToken> {
    const requestedAt = this.now();
    const response = await this.transport.send({
      method: 'POST',
      path: OAUTH_TOKEN_PATH,
      body: { key: this.key, secret: this.secret },
    });
    const data = (response.json as { data?: { accessToken?: unknown; ttlSeconds?: unknown } } | null)?.data;
    const value = data?.accessToken;
    const ttlSeconds = data?.ttlSeconds;
    if (typeof value !== 'string' || value === '' || typeof ttlSeconds !== 'number' || !(ttlSeconds > 0)) {
      throw new CapillaryError({
        kind: 'invalid-response',
        method: 'POST',
        origin: this.transport.origin,
        path: OAUTH_TOKEN_PATH,
        status: response.status,
        requestId: response.requestId,
        serverMessage: 'the token answer has no accessToken and ttlSeconds',
      });
    }
    // Stop using a token a little before it expires: a tenth of its life, at most 30 s.
    const ttlMs = ttlSeconds * 1000;
    const token = { value, useUntil: requestedAt + ttlMs - Math.min(30_000, ttlMs / 10) };
    this.token = token;
    this.onToken?.(value);
    return token;
  }
}

export function createSigner(
  transport: HttpTransport,
  credentials: Credentials,
  options?: OAuthSignerOptions,
): RequestSigner {
  return credentials.method === 'basic'
    ? new BasicSigner(credentials.username, credentials.passwordMd5)
    : new OAuthSigner(transport, credentials.key, credentials.secret, options);
}
