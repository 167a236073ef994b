/** `capillary-groups show PLAN`: a plan file as plan showed it; nothing is read or sent. */
import * as l10n from '@vscode/l10n';
import { connectionLabel } from '../../foundation/settings';
import { typedConfirmationReasons } from '../../groupsFile/confirmation';
import type { CliContext } from '../connection';
import { CliError, ExitCode } from '../exitCodes';
import { readInput } from '../groupsFile';
import type { CommandResult } from '../output';
import { pinnedGroup, readPlanFile, toCorePlan } from '../planFile';
import { renderPlan } from '../planOutput';

export function showCommand(operands: readonly string[], ctx: CliContext): Promise<CommandResult> {
  const input = readInput(operands[0]!, ctx.cwd);
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.text);
  } catch (error) {
    throw new CliError(ExitCode.error, l10n.t('{0} is not JSON: {1}', input.path, (error as Error).message));
  }
  const plan = readPlanFile(parsed, input.path);
  const core = toCorePlan(plan, (step) => pinnedGroup(step, plan.orgId));
  return Promise.resolve({
    exitCode: ExitCode.ok,
    rendered: renderPlan({
      command: 'show',
      plan,
      core,
      where: connectionLabel({ name: plan.connection ?? '', origin: plan.host }),
      needsForce: typedConfirmationReasons(core, plan.orgGroups),
      planPath: input.path,
    }),
  });
}
