import type { RequestInit } from 'node-fetch';
import { CapillaryError, formatBytes, readErrorEnvelope } from './errors';
import type { NetworkRoute, RouteFor } from './network';
import { cleanServerText } from './redact';

type Fetch = typeof import('./nodeFetch').fetch;

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** One line of the request log: never headers, never bodies, so never a secret. */
export interface RequestLogEntry {
  method: HttpMethod;
  origin: string;
  path: string;
  status?: number;
  durationMs: number;
  requestId?: string;
  /** Set when the call failed before an answer (network, timeout, cancel). */
  failure?: string;
  /**
   * Set on the request that loaded the HTTP stack (node-fetch, see nodeFetch.ts), the first one
   * of the session: how long evaluating it took, in ms. Not part of durationMs.
   */
  httpStackLoadMs?: number;
}

export type RequestObserver = (entry: RequestLogEntry) => void;

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the origin, starting with '/'. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Serialised as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  requestId?: string;
  /** Parsed JSON body. */
  json: unknown;
}

export interface HttpTransportOptions {
  /** e.g. `https://eu.api.capillarytech.com`, no trailing slash. */
  origin: string;
  timeoutMs: number;
  onRequest?: RequestObserver;
  /** The agent, proxy and roots each request goes with; the platform's defaults when not given. */
  route?: RouteFor;
}

const USER_AGENT = 'capillary-rewards-groups';

/**
 * The most of an answer's body that is read, in bytes, counted after decompression: a group is
 * well under 1 KiB, so a page of the largest size (1,000) fits many times over. Anything larger
 * is refused as `too-large` without being held in memory.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * JSON over HTTP to one origin. Every failure — status, envelope, body, network,
 * timeout, cancellation — comes out as a CapillaryError. Redirects are never followed.
 */
export class HttpTransport {
  readonly origin: string;
  private readonly timeoutMs: number;
  private readonly onRequest?: RequestObserver;
  private readonly route?: RouteFor;
  /** The server's `Date` at the last answer that carried one, and when (monotonic) it came. */
  private clock?: { serverMs: number; receivedAt: number };

  constructor(options: HttpTransportOptions) {
    this.origin = options.origin.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs;
    this.onRequest = options.onRequest;
    this.route = options.route;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const path = request.path + queryString(request.query);
    const base = { method: request.method, origin: this.origin, path };
    let stack: Awaited<ReturnType<typeof loadHttpStack>>;
    try {
      stack = await loadHttpStack();
    } catch (error) {
      // A broken installation, not a network failure: nothing was sent, so nothing is looked up or retried.
      const cause = `the extension's HTTP module could not be loaded (${networkCause(error)})`;
      this.onRequest?.({ ...base, durationMs: 0, failure: cause });
      throw new Error(`The ${cause}; reinstall the extension.`, { cause: error });
    }
    const { fetch, loadMs } = stack;
    // A certificate file that cannot be used stops the request before it is sent (TrustStoreError).
    const route: NetworkRoute | undefined = this.route ? await this.route(this.origin) : undefined;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;

    // docs/capillary-api.md: both JSON headers on every request.
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      ...request.headers,
    };
    const init: RequestInit = { method: request.method, headers, redirect: 'manual', agent: route?.agent };
    if (request.body !== undefined) init.body = JSON.stringify(request.body);

    // Server text that may reach a user is scrubbed of what this request carried, in any form.
    const secrets = requestSecrets(request.headers, request.body);
    // Stops reading an answer that is too large, and closes its connection.
    const overflow = new AbortController();
    const fetchSignal = AbortSignal.any([signal, overflow.signal]);

    let status: number;
    let requestId: string | undefined;
    let text: string | undefined;
    let contentType: string;
    let location: string | undefined;
    let retryAfterHeader: string | undefined;
    try {
      const response = await fetch(this.origin + path, { ...init, signal: fetchSignal });
      status = response.status;
      requestId = response.headers.get('x-cap-requestid') ?? undefined;
      contentType = response.headers.get('content-type') ?? '';
      location = response.headers.get('location') ?? undefined;
      retryAfterHeader = response.headers.get('retry-after') ?? undefined;
      this.noteServerDate(response.headers.get('date'));
      // Content-Length counts the bytes sent (compressed, if so): more than the limit is refused unread.
      const declared = Number(response.headers.get('content-length') ?? '');
      text = declared > MAX_BODY_BYTES ? undefined : await readBounded(response.body, MAX_BODY_BYTES);
    } catch (error) {
      const kind = request.signal?.aborted ? 'cancelled' : timeout.signal.aborted ? 'timeout' : 'network';
      const cause =
        kind === 'timeout'
          ? `no answer within ${this.timeoutMs / 1000} s`
          : kind === 'cancelled'
            ? 'cancelled'
            : networkCause(error);
      this.onRequest?.({ ...base, durationMs: elapsed(), failure: cause, ...stackFigure(loadMs) });
      const errorCode = kind === 'network' ? networkCode(error) : undefined;
      throw new CapillaryError({ kind, ...base, cause, errorCode, proxy: route?.proxy });
    } finally {
      clearTimeout(timer);
      // Whatever was not read is not wanted: the connection goes with it.
      overflow.abort();
    }
    const details = { ...base, status, requestId, proxy: route?.proxy };
    if (text === undefined) {
      this.onRequest?.({
        ...base,
        status,
        durationMs: elapsed(),
        requestId,
        failure: `answer larger than ${formatBytes(MAX_BODY_BYTES)}`,
        ...stackFigure(loadMs),
      });
      throw new CapillaryError({ kind: 'too-large', ...details, limitBytes: MAX_BODY_BYTES });
    }
    this.onRequest?.({ ...base, status, durationMs: elapsed(), requestId, ...stackFigure(loadMs) });

    if (status >= 300 && status < 400) {
      throw new CapillaryError({
        kind: 'redirect',
        ...details,
        location: location && cleanServerText(describeLocation(location, this.origin + path), secrets),
      });
    }
    const json = parseJson(text, contentType);
    if (json === undefined) {
      // 401/403/498/429 mean the same whatever the body (gateways answer them in plain text or
      // HTML), so they stay ordinary HTTP errors that auth renewal and messages understand.
      const kind = STATUSES_MEANINGFUL_WITHOUT_BODY.has(status) ? 'http' : 'not-capillary';
      throw new CapillaryError({
        kind,
        ...details,
        serverMessage: shortText(text, secrets),
        retryAfterSeconds: retryAfter(retryAfterHeader),
      });
    }
    const envelope = readErrorEnvelope(json);
    if (status >= 400 || envelope.failed) {
      throw new CapillaryError({
        kind: 'http',
        ...details,
        code: envelope.code,
        serverMessage: cleanServerText(envelope.message, secrets),
        retryAfterSeconds: retryAfter(retryAfterHeader),
      });
    }
    return { status, requestId, json };
  }

  /**
   * The server's time now, from the `Date` header of its last answer plus the monotonic time
   * elapsed since: independent of this machine's wall clock, to about a second (the header's
   * resolution). Undefined until an answer with a `Date` header came.
   */
  serverNow(): number | undefined {
    return this.clock && this.clock.serverMs + (performance.now() - this.clock.receivedAt);
  }

  private noteServerDate(header: string | null): void {
    const serverMs = header ? Date.parse(header) : NaN;
    if (!Number.isNaN(serverMs)) this.clock = { serverMs, receivedAt: performance.now() };
  }
}

let httpStack: Promise<Fetch> | undefined;

/**
 * node-fetch, loaded on the first call and cached: activation never pays for evaluating it.
 * `loadMs` is set for the one caller whose call loaded it. A failed load is not cached.
 */
async function loadHttpStack(): Promise<{ fetch: Fetch; loadMs?: number }> {
  if (httpStack) return { fetch: await httpStack };
  const started = performance.now();
  httpStack = import('./nodeFetch').then((module) => module.fetch);
  try {
    const fetch = await httpStack;
    return { fetch, loadMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    httpStack = undefined;
    throw error;
  }
}

const stackFigure = (loadMs: number | undefined) => (loadMs === undefined ? {} : { httpStackLoadMs: loadMs });

const STATUSES_MEANINGFUL_WITHOUT_BODY = new Set([401, 403, 429, 498]);

/** `Retry-After` in seconds (delta-seconds or an HTTP date), when present and sensible. */
function retryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** JSON when the body parses as JSON; undefined for empty bodies, HTML pages and garbage. */
function parseJson(text: string, contentType: string): unknown {
  if (text.trim() === '' || /^\s*</.test(text) || /text\/html/i.test(contentType)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A short, single-line excerpt of a non-JSON body without its markup, for the log and error details. */
function shortText(text: string, secrets: readonly string[]): string | undefined {
  return cleanServerText(text.replace(/<[^>]*>/g, ' '), secrets);
}

/**
 * The body as text, at most `limit` bytes after decompression (node-fetch inflates gzip, deflate
 * and br as it reads); undefined as soon as it passes the limit, having read no further.
 */
async function readBounded(body: NodeJS.ReadableStream | null, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (body) {
    for await (const chunk of body) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      // Leaving the loop destroys the stream, and with it the decompressor and the socket.
      if (size > limit) return undefined;
      chunks.push(bytes);
    }
  }
  // As node-fetch's text() decodes (a UTF-8 byte order mark is dropped).
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}

/**
 * The credential values a request carries, which a server must not be able to echo into a
 * message: the Authorization value, its encoded part and, for Basic, the decoded `user:hash`
 * pair and the hash; the OAuth token header; and any secret-named string in the JSON body (the
 * token request's `secret`).
 */
function requestSecrets(headers: Record<string, string> | undefined, body: unknown): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'authorization') {
      values.push(value);
      const [, scheme, credential] = /^(\S+)\s+(\S+)$/.exec(value.trim()) ?? [];
      if (!credential) continue;
      values.push(credential);
      if (scheme!.toLowerCase() !== 'basic') continue;
      const pair = Buffer.from(credential, 'base64').toString('utf8');
      values.push(pair);
      if (pair.includes(':')) values.push(pair.slice(pair.indexOf(':') + 1));
    } else if (SECRET_NAME.test(name)) {
      values.push(value);
    }
  }
  if (typeof body === 'object' && body !== null) {
    for (const [name, value] of Object.entries(body)) {
      if (typeof value === 'string' && SECRET_NAME.test(name)) values.push(value);
    }
  }
  return values;
}

const SECRET_NAME = /secret|password|token/i;

function describeLocation(location: string, requestUrl: string): string {
  try {
    const target = new URL(location, requestUrl);
    return target.origin + target.pathname;
  } catch {
    return location.slice(0, 200);
  }
}

/** Node's code of a failed request (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`, …), node-fetch's wrapper seen through. */
function networkCode(error: unknown): string | undefined {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  if (typeof code === 'string' && code && code !== 'FETCH_ERROR') return code;
  return typeof errno === 'string' && errno ? errno : undefined;
}

/** `ECONNREFUSED`, `ENOTFOUND`, TLS codes… with Node's reason, without the full URL noise. */
function networkCause(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, message } = error as { code?: unknown; message?: unknown };
  const reason = typeof message === 'string' ? message.replace(/^request to \S+ failed, reason: /, '') : '';
  if (typeof code === 'string' && code && !reason.includes(code)) return reason ? `${code}: ${reason}` : code;
  return reason || (typeof code === 'string' ? code : 'network error');
}
