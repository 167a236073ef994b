import * as l10n from '@vscode/l10n';
import { writeOrgLikeFile } from '../groupsFile/plan';
import { shortName } from '../messages/names';
import type { FileRef } from '../ui/port';
import { applyGroupsFile } from './applyGroups';
import type { CommandDeps } from './deps';
import { newestChange } from '../operations/readOrg';
import { baselineKey, planFile, safeName } from './steps/groupsFile';
import { rewardsAffected } from './steps/rewardsOfGroup';

/**
 * Capillary Rewards: Plan Groups File… — what applying a groups file to a connection (the one
 * given, else the active one) would do: the org as it is beside the file in the diff editor, and
 * the counts. Nothing is sent but list reads.
 */
export async function planGroupsFile(deps: CommandDeps, given?: FileRef, connectionId?: string): Promise<void> {
  const planned = await planFile(deps, l10n.t('Plan Groups File'), given, connectionId);
  if (!planned) return;
  const { file, groupsFile, connection, plan, where, fileName, summary } = planned;
  deps.log.info(
    `Plan of ${file.label} against ${connection.logName()}: ${plan.writes} writes (${JSON.stringify(plan.summary)})`,
  );
  // One document per file and connection: planned again, its tab is replaced, not added to.
  const documentName = `plan/${safeName(connection.displayName())}/${fileName}`;
  await deps.ui.showDiff(
    { name: documentName, content: writeOrgLikeFile(plan, groupsFile) },
    { uri: file.uri },
    l10n.t('{0} ↔ {1} · {2}', where, fileName, summary),
  );
  deps.planShown?.(documentName, file, connection.id);
  deps.baselines.set(baselineKey(file.uri, planned.org.connectionKey), newestChange(planned.org.groups));
  const [firstCase] = plan.caseDifferences;
  const caseNote = !firstCase
    ? ''
    : ` ${
        plan.caseDifferences.length === 1
          ? l10n.t(
              "'{0}' is '{1}' in the org: names that differ only in case are the same group, and Apply never renames.",
              shortName(firstCase.entry.name),
              shortName(firstCase.group.name),
            )
          : l10n.t(
              "{0} names differ from the org's only in case (e.g. '{1}' is '{2}' there): they are the same groups, and Apply never renames.",
              plan.caseDifferences.length,
              shortName(firstCase.entry.name),
              shortName(firstCase.group.name),
            )
      }`;
  if (plan.writes === 0) {
    deps.ui.notify(
      'info',
      l10n.t('Nothing to change: {0} already matches {1} ({2}).', where, fileName, summary) + caseNote,
    );
    return;
  }
  // Which rewards the changes touch: read after the diff shows, so the plan is not held up.
  const rewards = await rewardsAffected(deps, connection, planned.org.connectionKey, plan);
  const sent = rewards ? l10n.t('Nothing was sent but reads.') : l10n.t('Nothing was sent but list reads.');
  deps.ui.notify(
    'info',
    `${l10n.t('Plan of {0} for {1}: {2}.', fileName, where, summary)}${rewards ? ` ${rewards}` : ''} ${sent}${caseNote}`,
    {
      label: l10n.t('Apply…'),
      run: () => applyGroupsFile(deps, file, connection.id),
    },
  );
}
