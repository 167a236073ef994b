import * as l10n from '@vscode/l10n';
import type { Group } from '../../api/types';
import { shortName } from '../../messages/names';
import { sameName } from '../../foundation/validation';

/**
 * The name is already held by one of `groups` (names are unique in an org, case-insensitively):
 * said while typing, with the group that holds it, rather than after the server refuses it.
 * Undefined when the name is free as far as they show.
 */
export function nameTaken(value: string, groups: readonly Group[]): string | undefined {
  const typed = value.trim();
  const holder = typed ? groups.find((group) => sameName(group.name, typed)) : undefined;
  if (!holder) return undefined;
  return holder.name.trim() === typed
    ? l10n.t(
        "A group named '{0}' already exists (#{1}): choose another name. If it was renamed meanwhile, Refresh the Groups view.",
        shortName(holder.name),
        holder.id,
      )
    : l10n.t(
        "A group named '{0}' already exists (#{1}), and names are unique whatever their case: choose another name. If it was renamed meanwhile, Refresh the Groups view.",
        shortName(holder.name),
        holder.id,
      );
}
