/**
 * Input rules for every prompt and setting. Each check returns a sentence that says what is
 * wrong and how to fix it, or the normalised value; nothing here throws.
 */
import * as l10n from '@vscode/l10n';
import type { FrontEndWords } from './words';

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
  const text =
    typeof value === 'string' || (typeof value === 'number' && !Number.isFinite(value))
      ? String(value)
      : (JSON.stringify(value) ?? String(value));
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (typeof value !== 'string') return short;
  if (quote === '"') return JSON.stringify(short);
  return `'${short.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

function describeCodePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Marks and embeddings that change the direction text is shown in, without being seen. */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Zero-width space, non-joiner, joiner, word joiner and the byte order mark. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/u;
/** A zero-width joiner between two pictographs draws one emoji (👨‍👩‍👧): it is seen, so it is kept. */
const EMOJI_JOINER = /(?<=[\p{Extended_Pictographic}\p{Emoji_Modifier}]\p{M}*)\u200D(?=\p{Extended_Pictographic})/gu;
/** Half of a UTF-16 surrogate pair without the other half: no character at all. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Hangul fillers and the blank Braille pattern: letters to Unicode, blank to the eye (a name of them looks empty). */
const FILLER = /[\u115F\u1160\u3164\uFFA0\u2800]/u;
/** Tag characters are invisible; the one place they are seen is a flag's tag sequence (🏴 + tags + cancel tag). */
const TAG_CHARACTER = /[\u{E0000}-\u{E007F}]/u;
const FLAG_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
/** What draws nothing by itself: spaces, format characters, combining marks, variation selectors. */
const DRAWS_NOTHING = /[\p{White_Space}\p{Cf}\p{M}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu;

/**
 * A name's identity as a user sees it: trimmed, in Unicode NFC (an accent typed as a combining
 * mark is the same letter as the precomposed one) and ignoring case, as the API's uniqueness does.
 * Two names with one key look the same, so they are one group's name.
 */
export function nameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/** Whether two names look the same (see nameKey). */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/**
 * The group name as it will be sent: trimmed, non-empty, at most 255 UTF-16 code units (what
 * Capillary, a Java service, counts; emoji count as two), with no control, invisible
 * bidirectional or zero-width character and no broken surrogate.
 */
export function checkGroupName(raw: string): Checked<string> {
  const name = raw.trim();
  if (name === '') return { ok: false, message: l10n.t('Enter a group name; it cannot be empty.') };
  if (name.length > MAX_NAME_LENGTH) {
    // String.length counts UTF-16 units, as Capillary does; say so when the user sees fewer characters.
    const seen = [...name].length;
    const message =
      seen === name.length
        ? l10n.t('The name is {0} characters long; Capillary accepts at most {1}.', name.length, MAX_NAME_LENGTH)
        : l10n.t(
            'The name is {0} UTF-16 units long (emoji and some other characters count as two); Capillary accepts at most {1}.',
            name.length,
            MAX_NAME_LENGTH,
          );
    return { ok: false, message };
  }
  const control = CONTROL_CHARACTER.exec(name);
  if (control) {
    return {
      ok: false,
      message: l10n.t(
        'The name contains an invisible control character ({0}); remove it.',
        describeCodePoint(control[0]),
      ),
    };
  }
  const surrogate = LONE_SURROGATE.exec(name);
  if (surrogate) {
    return {
      ok: false,
      message: l10n.t(
        'The name contains a broken character (a lone UTF-16 surrogate, {0}); type it again.',
        describeCodePoint(surrogate[0]),
      ),
    };
  }
  const bidi = BIDI_CONTROL.exec(name);
  if (bidi) {
    return {
      ok: false,
      message: l10n.t(
        'The name contains an invisible bidirectional control character ({0}); remove it.',
        describeCodePoint(bidi[0]),
      ),
    };
  }
  const zeroWidth = ZERO_WIDTH.exec(name.replace(EMOJI_JOINER, ''));
  if (zeroWidth) {
    return {
      ok: false,
      message: l10n.t(
        'The name contains an invisible zero-width character ({0}); remove it.',
        describeCodePoint(zeroWidth[0]),
      ),
    };
  }
  const filler = FILLER.exec(name);
  if (filler) {
    return {
      ok: false,
      message: l10n.t(
        'The name contains a filler character that shows as blank ({0}); remove it.',
        describeCodePoint(filler[0]),
      ),
    };
  }
  const tag = TAG_CHARACTER.exec(name.replace(FLAG_TAG_SEQUENCE, ''));
  if (tag) {
    return {
      ok: false,
      message: l10n.t('The name contains an invisible tag character ({0}); remove it.', describeCodePoint(tag[0])),
    };
  }
  if (name.replace(DRAWS_NOTHING, '') === '') {
    const seen = [...new Set([...name].map(describeCodePoint))].slice(0, 3).join(', ');
    return {
      ok: false,
      message: l10n.t('The name has no visible character (only {0}); type a name that can be read.', seen),
    };
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
  if (/^[+-]?0x[0-9a-f]+$/i.test(text)) {
    return {
      ok: false,
      message: l10n.t('Write the rank in decimal digits, not hexadecimal ({0}). {1}', quoted(text), rankHint()),
    };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) {
    return {
      ok: false,
      message: l10n.t('Write the rank as plain digits, without an exponent ({0}). {1}', quoted(text), rankHint()),
    };
  }
  if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(text)) {
    return {
      ok: false,
      message: l10n.t('The rank must be a whole number; {0} has a decimal part. {1}', quoted(text), rankHint()),
    };
  }
  if (/^[+-]?\p{Nd}+$/u.test(text)) {
    return { ok: false, message: l10n.t('Write the rank with the digits 0–9. {0}', rankHint()) };
  }
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
 * since credentials would otherwise cross the network in clear text. `words` name the prefix's
 * setting and the way to sign in as the front end does.
 */
export function checkHostUrl(raw: string, words: FrontEndWords): Checked<string> {
  const text = raw.trim();
  if (text === '') return { ok: false, message: l10n.t('Enter the cluster URL, for example {0}.', HOST_EXAMPLE) };
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    return {
      ok: false,
      message: l10n.t(
        'The URL contains an invisible control character ({0}); remove it.',
        describeCodePoint(control[0]),
      ),
    };
  }
  if (text.length > MAX_URL_LENGTH) {
    return {
      ok: false,
      message: l10n.t(
        'The URL is {0} characters long; a cluster URL is at most {1}. Enter something like {2}.',
        text.length,
        MAX_URL_LENGTH,
        HOST_EXAMPLE,
      ),
    };
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
    return {
      ok: false,
      message: l10n.t('{0} is not a valid URL. Enter something like {1}.', quoted(text), HOST_EXAMPLE),
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: l10n.t('Only https:// cluster URLs are accepted, not {0}.', url.protocol) };
  }
  // 'https:host', 'https:/host', 'https:\\host', 'https:///host': URL parsers read each as
  // https://host, but not every tool does; only the plain form is taken.
  const authority = /^https?:\/\/([^/?#]*)/i.exec(text)?.[1];
  if (authority === undefined || authority === '' || authority.includes('\\')) {
    return { ok: false, message: l10n.t('{0} is read as {1}; write it as {1}.', quoted(text), suggestedOrigin(url)) };
  }
  if (!url.hostname) {
    return { ok: false, message: l10n.t('The URL has no host name. Enter something like {0}.', HOST_EXAMPLE) };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: l10n.t('Remove the user name and password from the URL; use {0} for credentials.', words.signIn()),
    };
  }
  const hostProblem = checkHostName(authority, url);
  if (hostProblem) return { ok: false, message: hostProblem };
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return {
      ok: false,
      message: l10n.t(
        'Use https://. Plain http:// is allowed only for this machine (127.0.0.1, localhost, [::1]) because credentials would travel unencrypted.',
      ),
    };
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    return {
      ok: false,
      message: l10n.t(
        'Enter only the cluster address ({0}); the API path is the setting {1}.',
        url.origin,
        words.setting('apiPrefix'),
      ),
    };
  }
  if (url.search || text.includes('?')) return { ok: false, message: l10n.t("Remove the query ('?…') from the URL.") };
  if (url.hash || text.includes('#')) return { ok: false, message: l10n.t("Remove the fragment ('#…') from the URL.") };
  return { ok: true, value: url.origin };
}

const MAX_HOST_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** The origin with the host name's trailing dots taken off: what a URL that was refused most likely meant. */
function suggestedOrigin(url: URL): string {
  return `${url.protocol}//${url.host.replace(/\.+(?=:\d+$|$)/, '')}`;
}

/**
 * What is wrong with the host of a parsed cluster URL, or undefined. `authority` is the text
 * typed between '//' and the path. A typed ASCII host must be the one the URL parser kept (it
 * rewrites '127.1', '2130706433' and '%69' escapes silently); an internationalised name is taken
 * in its punycode form. A name is labels of 1–63 letters, digits and hyphens, no label starting
 * or ending with '-', 253 characters at most; IP addresses are taken as the parser writes them.
 */
function checkHostName(authority: string, url: URL): string | undefined {
  const hostname = url.hostname;
  const typed = authority.replace(/^.*@/, '').replace(/:\d*$/, '').toLowerCase();
  if (hostname.startsWith('[')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(typed) && typed !== hostname) {
    return l10n.t(
      '{0} is read as {1}; write it as {1}.',
      quoted(`${url.protocol}//${authority}`),
      suggestedOrigin(url),
    );
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return undefined;
  if (hostname.endsWith('.')) {
    return l10n.t('Remove the dot at the end of the host name; write it as {0}.', suggestedOrigin(url));
  }
  if (hostname.length > MAX_HOST_NAME_LENGTH) {
    return l10n.t(
      'The host name is {0} characters long; at most {1} are allowed.',
      hostname.length,
      MAX_HOST_NAME_LENGTH,
    );
  }
  const labels = hostname.split('.');
  if (labels.includes('')) {
    const joined = `${url.protocol}//${labels.filter(Boolean).join('.')}${url.port ? `:${url.port}` : ''}`;
    return l10n.t('The host name {0} has an empty part between two dots; did you mean {1}?', quoted(hostname), joined);
  }
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH) {
      return l10n.t(
        'The host name part {0} is {1} characters long; at most {2} are allowed.',
        quoted(label),
        label.length,
        MAX_LABEL_LENGTH,
      );
    }
    const odd = /[^a-z0-9-]/.exec(label);
    if (odd) {
      return l10n.t(
        'The host name part {0} contains {1}; a host name has only letters, digits, hyphens and dots.',
        quoted(label),
        quoted(odd[0]),
      );
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      const fixed = labels.map((part) => part.replace(/^-+|-+$/g, '')).filter(Boolean);
      const guess = `${url.protocol}//${fixed.join('.')}${url.port ? `:${url.port}` : ''}`;
      return l10n.t(
        "The host name part {0} starts or ends with '-', which a host name cannot; did you mean {1}?",
        quoted(label),
        guess,
      );
    }
  }
  return undefined;
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
    // The URL parser resolves them (also written %2e), so the request would go to another path.
    [
      text.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment)),
      () => l10n.t("it contains a '.' or '..' segment, which would change the path it names"),
    ],
    [text.length > MAX_PREFIX_LENGTH, () => l10n.t('it is longer than {0} characters', MAX_PREFIX_LENGTH)],
  ];
  const why = faults.find(([found]) => found)?.[1]();
  if (why) {
    return { ok: false, message: l10n.t('The API prefix must be a path such as {0}: {1}.', DEFAULT_API_PREFIX, why) };
  }
  return { ok: true, value: text.replace(/\/+$/, '') || DEFAULT_API_PREFIX };
}

/** A group id as typed: digits (an optional leading #), 1 to 2147483647. */
export function checkGroupId(raw: string): Checked<number> {
  const text = raw.trim().replace(/^#/, '');
  if (text === '') return { ok: false, message: l10n.t('Enter a group ID, e.g. 2412.') };
  if (!/^[0-9]+$/.test(text)) {
    return { ok: false, message: l10n.t('{0} is not a group ID: use the digits 0–9, e.g. 2412.', quoted(raw.trim())) };
  }
  const value = Number(text);
  if (value < 1 || value > INT32_MAX) {
    return { ok: false, message: l10n.t('A group ID is between 1 and {0}.', INT32_MAX) };
  }
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
    return {
      ok: false,
      message: l10n.t(
        'The {0} is {1} characters long; at most {2} are accepted.',
        what,
        text.length,
        MAX_CREDENTIAL_LENGTH,
      ),
    };
  }
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    return {
      ok: false,
      message: l10n.t(
        'The {0} contains an invisible control character ({1}); remove it.',
        what,
        describeCodePoint(control[0]),
      ),
    };
  }
  if (basic && text.includes(':')) {
    return {
      ok: false,
      message: l10n.t("A till username cannot contain ':' (Basic sign-in joins username and password with it)."),
    };
  }
  return { ok: true, value: text };
}

/**
 * A password or client secret, used exactly as typed (spaces included), but never blank and
 * never with control characters, which come from pasting a line break by mistake.
 */
export function checkSecret(raw: string, what: string): Checked<string> {
  if (raw.trim() === '') return { ok: false, message: l10n.t('Enter the {0}; it cannot be empty.', what) };
  if (raw.length > MAX_CREDENTIAL_LENGTH) {
    return {
      ok: false,
      message: l10n.t(
        'The {0} is {1} characters long; at most {2} are accepted.',
        what,
        raw.length,
        MAX_CREDENTIAL_LENGTH,
      ),
    };
  }
  const control = CONTROL_CHARACTER.exec(raw);
  // The character itself is not named: it is part of a secret.
  if (control) {
    return {
      ok: false,
      message: l10n.t(
        'The {0} contains an invisible control character, perhaps a pasted line break; type it again.',
        what,
      ),
    };
  }
  return { ok: true, value: raw };
}

/** Long enough for "Acme Retail UAT (EU, cluster 2)"; short enough for a status bar item. */
export const MAX_CONNECTION_NAME_LENGTH = 40;

/**
 * The name of a connection: trimmed, 1–40 printable characters, unique among `taken`
 * (case-insensitively, so that 'UAT' and 'uat' are not two connections that read alike).
 */
export function checkConnectionName(raw: string, taken: readonly string[] = []): Checked<string> {
  const text = raw.trim();
  if (text === '') {
    return { ok: false, message: l10n.t('Enter a name for the connection, such as {0}; it cannot be empty.', "'UAT'") };
  }
  if (text.length > MAX_CONNECTION_NAME_LENGTH) {
    return {
      ok: false,
      message: l10n.t(
        'The name is {0} characters long; at most {1} are allowed.',
        text.length,
        MAX_CONNECTION_NAME_LENGTH,
      ),
    };
  }
  const invisible =
    CONTROL_CHARACTER.exec(text) ??
    BIDI_CONTROL.exec(text) ??
    ZERO_WIDTH.exec(text) ??
    FILLER.exec(text) ??
    TAG_CHARACTER.exec(text);
  if (invisible) {
    return {
      ok: false,
      message: l10n.t('The name contains an invisible character ({0}); remove it.', describeCodePoint(invisible[0])),
    };
  }
  const clash = taken.find((name) => sameName(name, text));
  if (clash !== undefined) {
    return { ok: false, message: l10n.t('A connection named {0} already exists; choose another name.', quoted(clash)) };
  }
  return { ok: true, value: text };
}
