/** Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their neighbours, presentation forms, RTL scripts beyond the BMP) and bidi controls. */
const BIDI_SENSITIVE =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
/** First strong isolate … pop directional isolate: the text between keeps its own direction without moving what stands around it. */
export const FSI = '\u2068';
export const LRI = '\u2066';
export const PDI = '\u2069';

/** Whether text would reorder what stands next to it: right-to-left letters or bidi controls. */
export function needsBidiIsolation(text: string): boolean {
  return BIDI_SENSITIVE.test(text);
}

/** The name cut to `max` characters on a whole character, with an ellipsis. */
export function cutName(name: string, max = 40): string {
  const characters = [...name];
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : name;
}

/**
 * A group name where it is only repeated (prompt titles, notifications, progress): cut to `max`
 * characters, and isolated when it holds right-to-left text, so that the quotes, id and host
 * around it keep their places ("'עברית' (#2413)", not "'(#2413) 'עברית"). The tree and the JSON
 * view show the name in full.
 */
export function shortName(name: string, max = 40): string {
  const cut = cutName(name, max);
  return needsBidiIsolation(cut) ? `${FSI}${cut}${PDI}` : cut;
}
