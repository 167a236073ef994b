import { OAUTH_TOKEN_PATH } from './auth';
import { CapillaryError } from './errors';

/**
 * Whether a write (POST, PUT) that failed may still have reached Capillary and been stored:
 * no answer, or a gateway's answer instead of Capillary's. Such a write must be looked up before
 * anything is said about it, and never simply sent again.
 */
export function outcomeUnknown(error: unknown): boolean {
  // The token request failing means the write itself was never sent.
  if (!(error instanceof CapillaryError) || error.path === OAUTH_TOKEN_PATH) return false;
  if (error.kind === 'timeout' || error.kind === 'cancelled') return true;
  if (error.kind === 'network') return !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|CERT|SSL|TLS/i.test(error.causeText ?? '');
  // A success status with an answer that cannot be read: most likely stored, but not certain.
  if (error.status !== undefined && error.status >= 200 && error.status < 300) return true;
  return error.status === 502 || error.status === 503 || error.status === 504;
}
