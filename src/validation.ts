/**
 * Input rules for every prompt and setting. Each check returns a sentence that says what is
 * wrong and how to fix it, or the normalised value; nothing here throws.
 */
import * as l10n from '@vscode/l10n';

export const MAX_NAME_LENGTH = 255;
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** C0 and C1 control characters and DEL (Unicode category Cc). */
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * A value echoed in a message, at most 40 characters. What was typed is in single quotes with
 * control characters as \\u escapes; a settings.json value (`quote` '"') is written as JSON would
 * write it: strings quoted and escaped, other values as JSON (numbers that JSON cannot hold as
 * they print).
 */
export function quoted(value: unknown, quote: "'" | '"' = "'"): string {
  const text = typeof value === 'string' || (typeof value === 'number' && !Number.isFinite(value)) ? String(value) : (JSON.stringify(value) ?? String(value));
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (typeof value !== 'string') return short;
  if (quote === '"') return JSON.stringify(short);
  return `'${short.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

function describeCodePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The group name as it will be sent: trimmed, non-empty, at most 255 characters, printable. */
export function checkGroupName(raw: string): Checked<string> {
  const name = raw.trim();
  if (name === '') return { ok: false, message: l10n.t('Enter a group name; it cannot be empty.') };
  if (name.length > MAX_NAME_LENGTH) {
    return { ok: false, message: l10n.t('The name is {0} characters long; Capillary accepts at most {1}.', name.length, MAX_NAME_LENGTH) };
  }
  const control = CONTROL_CHARACTER.exec(name);
  if (control) {
    return { ok: false, message: l10n.t('The name contains an invisible control character ({0}); remove it.', describeCodePoint(control[0])) };
  }
  return { ok: true, value: name };
}

/** The sentence that ends every rank message; translated when asked for, once the bundle is configured. */
function rankHint(): string {
  return l10n.t('Enter a whole number such as 3, or leave it empty for no rank.');
}

/** Blank means "no rank" (null); otherwise a decimal int32 written with the digits 0–9. */
export function checkRank(raw: string): Checked<number | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  if (/^[+-]?[0-9]+$/.test(text)) {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      return { ok: false, message: l10n.t('The rank must be between {0} and {1}.', INT32_MIN, INT32_MAX) };
    }
    return { ok: true, value: value === 0 ? 0 : value }; // no -0
  }
  if (/^[+-]?0x[0-9a-f]+$/i.test(text)) return { ok: false, message: l10n.t('Write the rank in decimal digits, not hexadecimal ({0}). {1}', quoted(text), rankHint()) };
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) {
    return { ok: false, message: l10n.t('Write the rank as plain digits, without an exponent ({0}). {1}', quoted(text), rankHint()) };
  }
  if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(text)) return { ok: false, message: l10n.t('The rank must be a whole number; {0} has a decimal part. {1}', quoted(text), rankHint()) };
  if (/^[+-]?\p{Nd}+$/u.test(text)) return { ok: false, message: l10n.t('Write the rank with the digits 0–9. {0}', rankHint()) };
  return { ok: false, message: l10n.t('{0} is not a number. {1}', quoted(text), rankHint()) };
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '[::1]']);

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

const HOST_EXAMPLE = 'https://eu.api.capillarytech.com';

/** A URL as typed, with any user name and password in it cut out (`https://…@host`): safe to show or pre-fill. */
export function withoutUserInfo(text: string): string {
  return text.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1…@');
}
/** Longer than any host name (253) plus scheme and port. */
const MAX_URL_LENGTH = 300;

/**
 * A cluster URL reduced to its origin. `https://` only; `http://` only for loopback hosts,
 * since credentials would otherwise cross the network in clear text.
 */
export function checkHostUrl(raw: string): Checked<string> {
  const text = raw.trim();
  if (text === '') return { ok: false, message: l10n.t('Enter the cluster URL, for example {0}.', HOST_EXAMPLE) };
  const control = CONTROL_CHARACTER.exec(text);
  if (control) return { ok: false, message: l10n.t('The URL contains an invisible control character ({0}); remove it.', describeCodePoint(control[0])) };
  if (text.length > MAX_URL_LENGTH) {
    return { ok: false, message: l10n.t('The URL is {0} characters long; a cluster URL is at most {1}. Enter something like {2}.', text.length, MAX_URL_LENGTH, HOST_EXAMPLE) };
  }
  // No scheme ('eu.api…', 'localhost:8787'), or one with its ':' missing ('http//…'): suggest the
  // address alone, with the scheme it will need.
  const colonMissing = /^(https?)\/\/+/i.exec(text);
  if (colonMissing || !/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) {
    const address = text
      .slice(colonMissing ? colonMissing[0].length : 0)
      .replace(/^\/+/, '')
      .split(/[/?#]/)[0]!;
    const scheme = isLoopbackHostname(address.replace(/:\d*$/, '').toLowerCase()) ? 'http' : 'https';
    return { ok: false, message: l10n.t('Start the URL with {0}://, for example {0}://{1}.', scheme, address) };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: l10n.t('{0} is not a valid URL. Enter something like {1}.', quoted(text), HOST_EXAMPLE) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: l10n.t('Only https:// cluster URLs are accepted, not {0}.', url.protocol) };
  }
  if (!url.hostname) return { ok: false, message: l10n.t('The URL has no host name. Enter something like {0}.', HOST_EXAMPLE) };
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return {
      ok: false,
      message: l10n.t('Use https://. Plain http:// is allowed only for this machine (127.0.0.1, localhost, [::1]) because credentials would travel unencrypted.'),
    };
  }
  if (url.username || url.password) {
    return { ok: false, message: l10n.t('Remove the user name and password from the URL; use "Sign In…" for credentials.') };
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    return { ok: false, message: l10n.t('Enter only the cluster address ({0}); the API path is the setting {1}.', url.origin, 'capillaryRewards.apiPrefix') };
  }
  if (url.search || text.includes('?')) return { ok: false, message: l10n.t("Remove the query ('?…') from the URL.") };
  if (url.hash || text.includes('#')) return { ok: false, message: l10n.t("Remove the fragment ('#…') from the URL.") };
  return { ok: true, value: url.origin };
}

export const DEFAULT_API_PREFIX = '/api_gateway/core/v1';
const MAX_PREFIX_LENGTH = 200;

/** `/api_gateway/core/v1` style: leading slash, no trailing slash, no query. */
export function checkApiPrefix(raw: string): Checked<string> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: DEFAULT_API_PREFIX };
  // The first fault found, in this order, is the one named.
  const faults: [boolean, () => string][] = [
    [!text.startsWith('/'), () => l10n.t("it must start with '/'")],
    [CONTROL_CHARACTER.test(text), () => l10n.t('it contains a control character')],
    [/\s/.test(text), () => l10n.t('it contains a space')],
    [/[?#\\]/.test(text), () => l10n.t("it contains '?', '#' or '\\'")],
    [text.includes('//'), () => l10n.t("it contains '//'")],
    [text.length > MAX_PREFIX_LENGTH, () => l10n.t('it is longer than {0} characters', MAX_PREFIX_LENGTH)],
  ];
  const why = faults.find(([found]) => found)?.[1]();
  if (why) return { ok: false, message: l10n.t('The API prefix must be a path such as {0}: {1}.', DEFAULT_API_PREFIX, why) };
  return { ok: true, value: text.replace(/\/+$/, '') || DEFAULT_API_PREFIX };
}

/** A group id as typed: digits (an optional leading #), 1 to 2147483647. */
export function checkGroupId(raw: string): Checked<number> {
  const text = raw.trim().replace(/^#/, '');
  if (text === '') return { ok: false, message: l10n.t('Enter a group ID, e.g. 2412.') };
  if (!/^[0-9]+$/.test(text)) return { ok: false, message: l10n.t('{0} is not a group ID: use the digits 0–9, e.g. 2412.', quoted(raw.trim())) };
  const value = Number(text);
  if (value < 1 || value > INT32_MAX) return { ok: false, message: l10n.t('A group ID is between 1 and {0}.', INT32_MAX) };
  return { ok: true, value };
}

/** Part of a group name to filter by; empty clears the filter. */
export function checkNameFilter(raw: string): Checked<string> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: '' };
  return checkGroupName(text);
}

const MAX_CREDENTIAL_LENGTH = 1024;

/**
 * A till username or OAuth client key: trimmed, printable; a Basic username cannot hold ':'
 * because Basic credentials are `username:password`.
 */
export function checkAccountName(raw: string, what: string, basic: boolean): Checked<string> {
  const text = raw.trim();
  if (text === '') return { ok: false, message: l10n.t('Enter the {0}; it cannot be empty.', what) };
  if (text.length > MAX_CREDENTIAL_LENGTH) {
    return { ok: false, message: l10n.t('The {0} is {1} characters long; at most {2} are accepted.', what, text.length, MAX_CREDENTIAL_LENGTH) };
  }
  const control = CONTROL_CHARACTER.exec(text);
  if (control) return { ok: false, message: l10n.t('The {0} contains an invisible control character ({1}); remove it.', what, describeCodePoint(control[0])) };
  if (basic && text.includes(':')) return { ok: false, message: l10n.t("A till username cannot contain ':' (Basic sign-in joins username and password with it).") };
  return { ok: true, value: text };
}

/**
 * A password or client secret, used exactly as typed (spaces included), but never blank and
 * never with control characters, which come from pasting a line break by mistake.
 */
export function checkSecret(raw: string, what: string): Checked<string> {
  if (raw.trim() === '') return { ok: false, message: l10n.t('Enter the {0}; it cannot be empty.', what) };
  if (raw.length > MAX_CREDENTIAL_LENGTH) {
    return { ok: false, message: l10n.t('The {0} is {1} characters long; at most {2} are accepted.', what, raw.length, MAX_CREDENTIAL_LENGTH) };
  }
  const control = CONTROL_CHARACTER.exec(raw);
  // The character itself is not named: it is part of a secret.
  if (control) return { ok: false, message: l10n.t('The {0} contains an invisible control character, perhaps a pasted line break; type it again.', what) };
  return { ok: true, value: raw };
}
