import type { ProxyDecision } from './proxy';
import { cleanServerText } from './redact';

/**
 * Every failure of a Capillary call becomes one CapillaryError, whatever shape the server used.
 * The UI turns it into a sentence; the log keeps the request id that Capillary support asks for.
 */
export type CapillaryErrorKind =
  /** The server answered with an error status or `status.success === false`. */
  | 'http'
  /** The answer was not Capillary JSON (HTML gateway page, empty body, garbage). */
  | 'not-capillary'
  /** A redirect; never followed, so credentials cannot leave the origin they belong to. */
  | 'redirect'
  /** A 2xx answer whose JSON is not what the endpoint documents. */
  | 'invalid-response'
  /** An answer body larger than the client reads (MAX_BODY_BYTES); never retried. */
  | 'too-large'
  /** DNS, refused connection, TLS, reset. */
  | 'network'
  | 'timeout'
  | 'cancelled';

export interface CapillaryErrorDetails {
  kind: CapillaryErrorKind;
  method: string;
  /** Origin of the host that was called, e.g. `https://eu.api.capillarytech.com`. */
  origin: string;
  /** Path (and query) that was called. */
  path: string;
  status?: number;
  /** Capillary's own error code (12012, 4000, 320001, …); numeric when the server sent digits. */
  code?: number;
  /** Capillary's message, credentials scrubbed, on one line and shortened (see cleanServerText). */
  serverMessage?: string;
  /** `X-Cap-Requestid` of the answer. */
  requestId?: string;
  /** Low-level cause for network failures (e.g. `ECONNREFUSED`). */
  cause?: string;
  /** For network failures: Node's error code (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`, …), when it gave one. */
  errorCode?: string;
  /** The proxy the request went through, as configured when it was sent. */
  proxy?: ProxyDecision;
  /** For redirects: where the server tried to send us. */
  location?: string;
  /** From `Retry-After` (429, 503), in seconds. */
  retryAfterSeconds?: number;
  /** For too-large answers: the most the client reads, in bytes. */
  limitBytes?: number;
}

export class CapillaryError extends Error {
  readonly kind: CapillaryErrorKind;
  readonly method: string;
  readonly origin: string;
  readonly path: string;
  readonly status?: number;
  readonly code?: number;
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly causeText?: string;
  readonly errorCode?: string;
  readonly proxy?: ProxyDecision;
  readonly location?: string;
  readonly retryAfterSeconds?: number;
  readonly limitBytes?: number;

  constructor(raw: CapillaryErrorDetails) {
    // Whatever a server sent may be shown to a user: scrubbed and shortened whoever builds the error.
    const details = {
      ...raw,
      serverMessage: cleanServerText(raw.serverMessage),
      location: cleanServerText(raw.location),
    };
    super(describe(details));
    this.name = 'CapillaryError';
    this.kind = details.kind;
    this.method = details.method;
    this.origin = details.origin;
    this.path = details.path;
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
    this.requestId = details.requestId;
    this.causeText = details.cause;
    this.errorCode = details.errorCode;
    this.proxy = details.proxy;
    this.location = details.location;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.limitBytes = details.limitBytes;
  }

  /** Credentials missing, wrong, expired or lacking the access group. */
  get isAuthFailure(): boolean {
    return (
      this.status === 401 ||
      this.status === 403 ||
      this.status === 498 ||
      this.code === 401 ||
      this.code === 498 ||
      this.code === 4000 ||
      this.code === 320001
    );
  }

  /** The credentials are valid but not allowed to use the group endpoints (access group). */
  get isAccessDenied(): boolean {
    return this.code === 4000 || (this.status === 403 && this.code !== 401);
  }

  /** An OAuth token that a fresh token may cure. */
  get isTokenRejected(): boolean {
    return this.kind === 'http' && (this.status === 401 || this.status === 498 || this.code === 498);
  }

  /** The server's certificate could not be verified: TLS itself worked, trust did not. */
  get isCertificateProblem(): boolean {
    return this.kind === 'network' && this.errorCode !== undefined && CERTIFICATE_CODES.test(this.errorCode);
  }

  get isDuplicateName(): boolean {
    return this.code === 12012;
  }
}

/** OpenSSL's verification codes as Node names them, and Node's own host-name check. */
const CERTIFICATE_CODES =
  /^(?:ERR_TLS_CERT_ALTNAME_INVALID|(?:DEPTH_ZERO_)?SELF_SIGNED_CERT(?:_IN_CHAIN)?|UNABLE_TO_(?:GET_ISSUER_CERT(?:_LOCALLY)?|VERIFY_LEAF_SIGNATURE|GET_CRL|DECRYPT_CERT_SIGNATURE)|CERT_(?:HAS_EXPIRED|NOT_YET_VALID|REVOKED|UNTRUSTED|REJECTED|SIGNATURE_FAILURE|CHAIN_TOO_LONG)|INVALID_CA|HOSTNAME_MISMATCH|INVALID_PURPOSE)$/;

function describe(d: CapillaryErrorDetails): string {
  const where = `${d.method} ${d.origin}${d.path}`;
  switch (d.kind) {
    case 'http': {
      const code = d.code !== undefined && d.code !== d.status ? ` (code ${d.code})` : '';
      return `HTTP ${d.status}${code} from ${where}: ${d.serverMessage ?? 'no message'}`;
    }
    case 'not-capillary':
      return `HTTP ${d.status} from ${d.origin}, not a Capillary answer (${where})`;
    case 'redirect':
      return `HTTP ${d.status} redirect from ${where} to ${d.location ?? 'an unknown location'}; not followed`;
    case 'invalid-response':
      return `Unexpected answer from ${where}: ${d.serverMessage ?? 'unrecognised JSON'}`;
    case 'too-large':
      return `${d.origin} sent more than ${formatBytes(d.limitBytes)} in answer to ${where}${d.status !== undefined ? ` (HTTP ${d.status})` : ''}; the rest was not read`;
    case 'network':
      return `Could not reach ${d.origin}: ${d.cause ?? 'network error'}`;
    case 'timeout':
      return `No answer from ${d.origin} in time (${where})`;
    case 'cancelled':
      return `Cancelled: ${where}`;
  }
}

/** `4 MiB`, `512 KiB`, `100 bytes`: a size limit as people read it. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'the size limit';
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The message of anything thrown, for logs and messages. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What an error body says, whichever of Capillary's envelopes it uses. */
export interface ErrorEnvelope {
  code?: number;
  message?: string;
  /** True when the body explicitly says the call failed even though HTTP said 2xx. */
  failed: boolean;
}

function toCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function toMessage(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the error envelopes listed in docs/capillary-api.md:
 * `{status:{success,code,message}}`, `{data:null, errors:[{code,message}]}`,
 * `{response:{status:{code:"401",message}}}`, and a flat `{code,message}`.
 */
export function readErrorEnvelope(body: unknown): ErrorEnvelope {
  if (!isRecord(body)) return { failed: false };
  const status = body.status;
  if (isRecord(status)) {
    return { code: toCode(status.code), message: toMessage(status.message), failed: status.success === false };
  }
  const errors = body.errors;
  if (Array.isArray(errors) && errors.length > 0 && isRecord(errors[0])) {
    return { code: toCode(errors[0].code), message: toMessage(errors[0].message), failed: true };
  }
  const response = body.response;
  if (isRecord(response) && isRecord(response.status)) {
    const code = toCode(response.status.code);
    return {
      code,
      message: toMessage(response.status.message),
      failed: response.status.success === false || (code !== undefined && code >= 400),
    };
  }
  if ('code' in body || 'message' in body) {
    return { code: toCode(body.code), message: toMessage(body.message) ?? toMessage(body.error), failed: false };
  }
  return { failed: false };
}
