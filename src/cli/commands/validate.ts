/** `capillary-groups validate FILE`: the core's checks of a groups file, every problem as FILE:LINE:COL; nothing is sent. */
import * as l10n from '@vscode/l10n';
import type { CliContext } from '../connection';
import { ExitCode } from '../exitCodes';
import { checkedGroupsFile, readInput } from '../groupsFile';
import { type CommandResult, escapeMarkdown } from '../output';

export function validateCommand(operands: readonly string[], ctx: CliContext): Promise<CommandResult> {
  const input = readInput(operands[0]!, ctx.cwd);
  const file = checkedGroupsFile(input);
  const said = file.deactivateMissing
    ? l10n.t(
        '{0} is a valid groups file: {1} groups, and the org\'s others deactivated ("deactivateMissing").',
        input.path,
        file.groups.length,
      )
    : l10n.t('{0} is a valid groups file: {1} groups.', input.path, file.groups.length);
  return Promise.resolve({
    exitCode: ExitCode.ok,
    rendered: {
      text: (paint) => paint.green(said),
      json: () => ({
        command: 'validate',
        file: input.path,
        valid: true,
        groups: file.groups.length,
        deactivateMissing: file.deactivateMissing,
      }),
      markdown: () => `${escapeMarkdown(said)}\n`,
    },
  });
}
