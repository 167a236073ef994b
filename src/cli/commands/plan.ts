/** `capillary-groups plan FILE [--out PLAN]`: what applying FILE would change; exit 2 when it changes anything. */
import * as l10n from '@vscode/l10n';
import { typedConfirmationReasons } from '../../groupsFile/confirmation';
import { shortName } from '../../messages/names';
import { planRead } from '../../operations/planFile';
import { textOption, type Options } from '../args';
import { chooseConnection, type CliContext, talking, usingConnections } from '../connection';
import { ExitCode } from '../exitCodes';
import { checkedGroupsFile, readInput, writeOut } from '../groupsFile';
import type { CommandResult } from '../output';
import { toPlanFile } from '../planFile';
import { renderPlan } from '../planOutput';

export function planCommand(operands: readonly string[], options: Options, ctx: CliContext): Promise<CommandResult> {
  const input = readInput(operands[0]!, ctx.cwd);
  const file = checkedGroupsFile(input);
  return usingConnections(ctx, chooseConnection(options, ctx), async ([target]) => {
    const { plan, org } = await talking(target!, l10n.t('read the groups of {0}', target!.label), () =>
      planRead(file, target!.connection, { signal: ctx.signal }),
    );
    for (const { entry, group } of plan.caseDifferences) {
      ctx.output.warn(
        l10n.t(
          "'{0}' is '{1}' on the server: matched ignoring case, and never renamed.",
          shortName(entry.name),
          shortName(group.name),
        ),
      );
    }
    const planned = toPlanFile(plan, org, target!.spec, input, ctx.cwd, new Date());
    const out = textOption(options, 'out');
    writeOut(ctx.cwd, out, `${JSON.stringify(planned, null, 2)}\n`);
    return {
      exitCode: plan.writes > 0 ? ExitCode.changes : ExitCode.ok,
      rendered: renderPlan({
        command: 'plan',
        plan: planned,
        core: plan,
        where: target!.label,
        needsForce: typedConfirmationReasons(plan, org.groups.length),
        ...(out ? { planPath: out } : {}),
      }),
    };
  });
}
