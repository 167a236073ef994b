import type { RequestLogEntry } from '../api/http';
import { MIN_SECRET_LENGTH, redactPatterns, scrubValues } from '../api/redact';

/** The part of VS Code's LogOutputChannel the extension writes to. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Where secret values are registered for scrubbing: each set under a key, replaced or dropped whole. */
export interface SecretKeeper {
  /** Scrub these values from now on, in place of what was held under `key`. */
  setSecrets(key: string, values: readonly string[]): void;
  /** Stop holding what was held under `key`. */
  dropSecrets(key: string): void;
}

/**
 * Scrubs anything that looks like credentials before it reaches the log: Authorization values,
 * OAuth tokens, JWTs, `secret=…` pairs, and the secret values of the connections in use.
 * Requests are logged without headers or bodies in the first place; this is the second fence.
 *
 * Values are held per key (a connection, a sign-in being checked) only as long as their owner
 * needs them: `setSecrets` replaces a key's values, `dropSecrets` forgets them.
 */
export class RedactingLogger implements Logger, SecretKeeper {
  private readonly held = new Map<string, readonly string[]>();

  constructor(private readonly sink: Logger) {}

  setSecrets(key: string, values: readonly string[]): void {
    const kept = [...new Set(values.filter((value) => value.length >= MIN_SECRET_LENGTH))];
    if (kept.length > 0) this.held.set(key, kept);
    else this.held.delete(key);
  }

  dropSecrets(key: string): void {
    this.held.delete(key);
  }

  /** Whether this exact value is held now; for tests and diagnostics. */
  holds(value: string): boolean {
    for (const values of this.held.values()) if (values.includes(value)) return true;
    return false;
  }

  /** How many distinct values are held now, across every key. */
  heldSecretCount(): number {
    return new Set([...this.held.values()].flat()).size;
  }

  info(message: string): void {
    this.sink.info(this.redact(message));
  }

  warn(message: string): void {
    this.sink.warn(this.redact(message));
  }

  error(message: string): void {
    this.sink.error(this.redact(message));
  }

  redact(message: string): string {
    return redactPatterns(scrubValues(message, [...this.held.values()].flat()));
  }
}

/** `POST /api_gateway/core/v1/group/create → 200 in 42 ms [request id 7f3a…]` */
export function formatRequestLine(entry: RequestLogEntry): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.failure ?? 'no answer'})`;
  const requestId = entry.requestId ? ` [X-Cap-Requestid ${entry.requestId}]` : '';
  return `${entry.method} ${entry.origin}${entry.path} → ${outcome} in ${entry.durationMs} ms${requestId}`;
}

/** Successful requests as info, failed ones (error status or no answer) as warnings. */
export function logRequest(log: Logger, entry: RequestLogEntry): void {
  // The first request of the process loads the HTTP stack (src/api/http.ts); npm run bench reads this line.
  if (entry.httpStackLoadMs !== undefined) log.info(`HTTP stack loaded in ${entry.httpStackLoadMs} ms`);
  const line = formatRequestLine(entry);
  if (entry.status !== undefined && entry.status < 400) log.info(line);
  else log.warn(line);
}
