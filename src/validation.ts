/**
 * Input rules for every prompt and setting. Each check returns a sentence that says what is
 * wrong and how to fix it, or the normalised value; nothing here throws.
 */

export const MAX_NAME_LENGTH = 255;
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

function describeCodePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The group name as it will be sent: trimmed, non-empty, at most 255 characters, printable. */
export function checkGroupName(raw: string): Checked<string> {
  const name = raw.trim();
  if (name === '') return { ok: false, message: 'Enter a group name; it cannot be empty.' };
  if (name.length > MAX_NAME_LENGTH) {
    return { ok: false, message: `The name is ${name.length} characters long; Capillary accepts at most ${MAX_NAME_LENGTH}.` };
  }
  const control = CONTROL_CHARACTER.exec(name);
  if (control) {
    return { ok: false, message: `The name contains an invisible control character (${describeCodePoint(control[0])}); remove it.` };
  }
  return { ok: true, value: name };
}

const RANK_HINT = 'Enter a whole number such as 3, or leave it empty for no rank.';

/** Blank means "no rank" (null); otherwise a decimal int32 written with the digits 0–9. */
export function checkRank(raw: string): Checked<number | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  if (/^[+-]?[0-9]+$/.test(text)) {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      return { ok: false, message: `The rank must be between ${INT32_MIN} and ${INT32_MAX}.` };
    }
    return { ok: true, value: value === 0 ? 0 : value }; // no -0
  }
  if (/^[+-]?0x[0-9a-f]+$/i.test(text)) return { ok: false, message: `Write the rank in decimal digits, not hexadecimal ('${text}'). ${RANK_HINT}` };
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) return { ok: false, message: `Write the rank as plain digits, without an exponent ('${text}'). ${RANK_HINT}` };
  if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(text)) return { ok: false, message: `The rank must be a whole number; '${text}' has a decimal part. ${RANK_HINT}` };
  if (/^[+-]?\p{Nd}+$/u.test(text)) return { ok: false, message: `Write the rank with the digits 0–9. ${RANK_HINT}` };
  return { ok: false, message: `'${text.length > 20 ? `${text.slice(0, 20)}…` : text}' is not a number. ${RANK_HINT}` };
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '[::1]']);

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

const HOST_EXAMPLE = 'https://eu.api.capillarytech.com';

/**
 * A cluster URL reduced to its origin. `https://` only; `http://` only for loopback hosts,
 * since credentials would otherwise cross the network in clear text.
 */
export function checkHostUrl(raw: string): Checked<string> {
  const text = raw.trim();
  if (text === '') return { ok: false, message: `Enter the cluster URL, for example ${HOST_EXAMPLE}.` };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    return { ok: false, message: `Start the URL with https://, for example https://${text.replace(/^\/+/, '')}.` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `'${text}' is not a valid URL. Enter something like ${HOST_EXAMPLE}.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `Only https:// cluster URLs are accepted, not ${url.protocol}.` };
  }
  if (!url.hostname) return { ok: false, message: `The URL has no host name. Enter something like ${HOST_EXAMPLE}.` };
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return {
      ok: false,
      message: 'Use https://. Plain http:// is allowed only for this machine (127.0.0.1, localhost, [::1]) because credentials would travel unencrypted.',
    };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Remove the user name and password from the URL; use "Sign In…" for credentials.' };
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    return { ok: false, message: `Enter only the cluster address (${url.origin}); the API path is the setting capillaryRewards.apiPrefix.` };
  }
  if (url.search || text.includes('?')) return { ok: false, message: "Remove the query ('?…') from the URL." };
  if (url.hash || text.includes('#')) return { ok: false, message: "Remove the fragment ('#…') from the URL." };
  return { ok: true, value: url.origin };
}

export const DEFAULT_API_PREFIX = '/api_gateway/core/v1';

/** `/api_gateway/core/v1` style: leading slash, no trailing slash, no query. */
export function checkApiPrefix(raw: string): Checked<string> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: DEFAULT_API_PREFIX };
  if (!text.startsWith('/') || /[\s?#\\]/.test(text) || text.includes('//')) {
    return { ok: false, message: `The API prefix must be a path such as ${DEFAULT_API_PREFIX} (no spaces, '?', '#' or '//').` };
  }
  return { ok: true, value: text.replace(/\/+$/, '') || DEFAULT_API_PREFIX };
}
