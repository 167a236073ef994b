/**
 * Scrubbing credentials out of text: what the log writes and what a server sent back that a user
 * may read (error messages, a page's excerpt, a redirect target). Plain functions, no `vscode`.
 */

export const REDACTED = '‹redacted›';

/** Longest server-supplied text shown to a user, in characters. */
export const MAX_SERVER_TEXT_LENGTH = 200;

/** Values shorter than this are not scrubbed by value: they would hide ordinary words. */
export const MIN_SECRET_LENGTH = 4;

const SECRET_KEYS =
  'password|passwd|pwd|passwordMd5|secret|client_?secret|accessToken|access_token|refresh_?token|token|authorization|api_?key';

/**
 * What looks like a credential whatever its value: a Basic or Bearer value, a JWT, and the value
 * after a key that names a secret (`"secret":"…"`, `password=…`, `Authorization: …`).
 */
export function redactPatterns(text: string): string {
  return text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/gi, `$1 ${REDACTED}`)
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED)
    .replace(new RegExp(`("?(?:${SECRET_KEYS})"?\\s*[:=]\\s*)("[^"]*"|[^\\s,}&]+)`, 'gi'), `$1${REDACTED}`);
}

/**
 * The forms a value takes when a server echoes it: as is, URL-encoded (both ways of writing a
 * space), JSON-escaped (once and twice, as in a JSON text quoted inside a message) and
 * HTML-escaped. Only the distinct ones, longest first.
 */
export function derivedForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const forms = [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    json,
    JSON.stringify(json).slice(1, -1),
    value
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;'),
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every known value, in every derived form, ignoring case (a server may echo a hash or
 * a percent escape in upper case). Values shorter than MIN_SECRET_LENGTH are left alone.
 */
export function scrubValues(text: string, values: Iterable<string>): string {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length >= MIN_SECRET_LENGTH) for (const form of derivedForms(value)) forms.add(form);
  }
  if (forms.size === 0) return text;
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'gi',
  );
  return text.replace(pattern, REDACTED);
}

/**
 * Server-supplied text as a user may see it: credentials scrubbed (the given values and the
 * patterns), on one line, at most MAX_SERVER_TEXT_LENGTH characters. Undefined when nothing is left.
 */
export function cleanServerText(text: string | undefined, values: Iterable<string> = []): string | undefined {
  if (text === undefined) return undefined;
  const oneLine = text
    // Bidirectional controls could make the rest of a message read backwards.
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Scrubbed before it is shortened: a value cut in two by the limit would no longer match.
  const clean = redactPatterns(scrubValues(oneLine, values));
  if (!clean) return undefined;
  return clean.length > MAX_SERVER_TEXT_LENGTH
    ? `${clean.slice(0, MAX_SERVER_TEXT_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '')}…`
    : clean;
}
