/**
 * What an apply's confirmation says before anything is sent: the groups it changes, a line each
 * (the first ones, then how many more), and whether the change is big enough that the user types
 * the org's name first, as for any destructive work at scale.
 */
import * as l10n from '@vscode/l10n';
import { shortName } from '../messages/names';
import { describeChange, type Plan, rankText } from './plan';

/** Groups named in the confirmation; the rest are counted. */
export const CHANGES_LISTED = 10;
/** More creates than this take a typed confirmation. */
export const MANY_CREATES = 50;
/** Deactivating more than this share of the org's groups takes a typed confirmation… */
export const LARGE_DEACTIVATION_SHARE = 0.1;
/** …when it is this many groups or more: one or two groups, named in the question, are a click. */
export const MIN_LARGE_DEACTIVATION = 3;

/** One line per group the plan writes to, in the plan's order: the first CHANGES_LISTED, then "and N more". */
export function changeLines(plan: Plan, listed = CHANGES_LISTED): string[] {
  const lines: string[] = [];
  let changing = 0;
  for (const step of plan.steps) {
    if (step.kind !== 'create' && step.kind !== 'update') continue;
    if (changing++ >= listed) continue;
    if (step.kind === 'create') {
      lines.push(
        step.deactivate
          ? l10n.t("Create '{0}' (rank {1}), inactive", shortName(step.entry.name), rankText(step.rank))
          : l10n.t("Create '{0}' (rank {1})", shortName(step.entry.name), rankText(step.rank)),
      );
    } else lines.push(l10n.t("'{0}': {1}", shortName(step.group.name), describeChange(step)));
  }
  const more = changing - lines.length;
  if (more > 0) {
    lines.push(more === 1 ? l10n.t('and 1 more group') : l10n.t('and {0} more groups', more.toLocaleString('en-US')));
  }
  return lines;
}

/**
 * Why the user must type the org's name before this plan is sent (empty when a click is enough):
 * more than MANY_CREATES creates, or deactivating more than LARGE_DEACTIVATION_SHARE of the org
 * (MIN_LARGE_DEACTIVATION groups at least).
 */
export function typedConfirmationReasons(plan: Plan, orgSize: number): string[] {
  const reasons: string[] = [];
  const creates = plan.summary.create;
  if (creates > MANY_CREATES) {
    reasons.push(l10n.t('{0} groups will be created (more than {1})', creates.toLocaleString('en-US'), MANY_CREATES));
  }
  const deactivations = plan.steps.filter((step) => step.kind === 'update' && step.isActive === false).length;
  if (deactivations >= MIN_LARGE_DEACTIVATION && deactivations > orgSize * LARGE_DEACTIVATION_SHARE) {
    reasons.push(
      l10n.t(
        "{0} of the org's {1} groups will be deactivated ({2} %, more than {3} %)",
        deactivations.toLocaleString('en-US'),
        orgSize.toLocaleString('en-US'),
        Math.round((deactivations / orgSize) * 100),
        LARGE_DEACTIVATION_SHARE * 100,
      ),
    );
  }
  return reasons;
}
