/**
 * A group name where it is only repeated (prompt titles, notifications, progress, tab titles):
 * at most `max` characters, cut on a whole character, with an ellipsis. The tree and the JSON
 * view show the name in full.
 */
export function shortName(name: string, max = 40): string {
  const characters = [...name];
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : name;
}
