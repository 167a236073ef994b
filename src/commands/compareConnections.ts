import * as l10n from '@vscode/l10n';
import { compareRead } from '../operations/compareOrgs';
import { readOrg } from '../operations/readOrg';
import { applyGroupsFile } from './applyGroups';
import type { CommandDeps } from './deps';
import { fileNameFor, orgLabel, pickConnection, readingOrg } from './steps/groupsFile';

/**
 * Capillary Rewards: Compare Groups Between Connections… — two orgs side by side in the diff
 * editor, written as groups files (the second lined up with the first), and the difference saved
 * as a groups file that, applied to the second, makes its groups match the first's.
 */
export async function compareConnections(deps: CommandDeps, again?: { fromId: string; toId: string }): Promise<void> {
  // Compared again (a stale comparison's title bar): the same two, if both are still there.
  const given = again && [deps.connections.get(again.fromId), deps.connections.get(again.toId)];
  const source = given?.[0] ?? (await pickConnection(deps, l10n.t('Compare Groups (1/2): the org to compare from')));
  if (!source) return;
  const target =
    given?.[1] ??
    (await pickConnection(
      deps,
      l10n.t('Compare Groups (2/2): the org to compare {0} with', source.label()),
      undefined,
      source,
    ));
  if (!target) return;
  // Each org read under its own progress notification, with Cancel and Retry; then the two compared.
  const from = await readingOrg(deps, source, (options) => readOrg(source, options));
  if (!from) return;
  const to = await readingOrg(deps, target, (options) => readOrg(target, options));
  if (!to) return;
  const { plan, sourceText, targetText, differenceText, counts } = compareRead(from, to);
  const sourceName = orgLabel(source, from.orgId);
  const targetName = orgLabel(target, to.orgId);
  const { onlyInFrom, differing, onlyInTo } = counts;
  const { rankChanges, activate, deactivate } = plan.summary;
  const summary = l10n.t(
    '{0} only in {1}, {2} differ, {3} only in {4}',
    onlyInFrom,
    source.displayName(),
    differing,
    onlyInTo,
    target.displayName(),
  );
  deps.log.info(
    `Compared ${source.logName()} with ${target.logName()}: ${onlyInFrom} only in the first, ${differing} differ (${rankChanges} ranks, ${activate + deactivate} states), ${onlyInTo} only in the second`,
  );
  // Apart by their folder, so that two names made alike by fileNameFor never share one document.
  const leftName = `compare/1/${fileNameFor(source.displayName())}`;
  await deps.ui.showDiff(
    { name: leftName, content: sourceText },
    { name: `compare/2/${fileNameFor(target.displayName())}`, content: targetText },
    l10n.t('{0} ↔ {1} · {2}', sourceName, targetName, summary),
  );
  deps.compareShown?.(leftName, source.id, target.id);
  if (onlyInFrom + differing === 0) {
    deps.ui.notify(
      'info',
      l10n.t('{0} holds every group of {1} as it is there ({2}).', targetName, sourceName, summary),
    );
    return;
  }
  const saveDifference = () =>
    deps.ui.saveNewFile(
      fileNameFor(`${source.displayName()}-to-${target.displayName()}`),
      differenceText,
      l10n.t('The groups {0} lacks or holds otherwise', targetName),
    );
  // Straight to the target, whichever connection is active: the file is saved first (what is applied is a file to keep).
  const applyToTarget = {
    label: l10n.t('Apply Difference to {0}…', target.displayName()),
    run: async () => {
      const saved = await saveDifference();
      if (saved) await applyGroupsFile(deps, saved, target.id);
    },
  };
  const save = {
    label: l10n.t('Save Difference as Groups File…'),
    run: async () => {
      const saved = await saveDifference();
      if (!saved) return;
      const count = onlyInFrom + differing;
      const text =
        count === 1
          ? l10n.t(
              'Saved {0}: 1 group as {1} holds it. Plan it against {2} to review, then apply.',
              saved.label,
              source.label(),
              target.label(),
            )
          : l10n.t(
              'Saved {0}: {1} groups as {2} holds them. Plan it against {3} to review, then apply.',
              saved.label,
              count,
              source.label(),
              target.label(),
            );
      deps.ui.notify('info', text, {
        label: l10n.t('Apply to {0}…', target.displayName()),
        run: () => applyGroupsFile(deps, saved, target.id),
      });
    },
  };
  deps.ui.notify('info', l10n.t('Compared {0} with {1}: {2}.', sourceName, targetName, summary), save, applyToTarget);
}
