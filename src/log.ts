import type { RequestLogEntry } from './api/http';

/** The part of VS Code's LogOutputChannel the extension writes to. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const REDACTED = '‹redacted›';

/**
 * Scrubs anything that looks like credentials before it reaches the log: Authorization values,
 * OAuth tokens, JWTs and every secret value the extension has handled this session.
 * Requests are logged without headers or bodies in the first place; this is the second fence.
 */
export class RedactingLogger implements Logger {
  private readonly secrets = new Set<string>();

  constructor(private readonly sink: Logger) {}

  /** Remembers a secret value so that it is scrubbed from every later line. */
  addSecret(value: string): void {
    if (value.length >= 4) this.secrets.add(value);
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
    let text = message
      .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._-]{8,}/gi, `$1 ${REDACTED}`)
      .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED)
      .replace(/("?(?:password|secret|accessToken|token|authorization)"?\s*[:=]\s*)("[^"]*"|[^\s,}]+)/gi, `$1${REDACTED}`);
    for (const secret of this.secrets) text = text.split(secret).join(REDACTED);
    return text;
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
