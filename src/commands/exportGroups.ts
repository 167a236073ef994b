import * as l10n from '@vscode/l10n';
import { lineOf } from '../groupsFile/format';
import { exportOrg } from '../operations/exportOrg';
import { newestChange } from '../operations/readOrg';
import type { CommandDeps } from './deps';
import { baselineKey, fileNameFor, orgLabel, pickConnection, readingOrg } from './steps/groupsFile';

/**
 * Capillary Rewards: Export Groups to File… — every group of a connection's org (the row's, else
 * one picked, the active one first) to a new groups file, sorted by rank then name, one group a
 * line: a file to commit, review, edit and apply elsewhere.
 */
export async function exportGroups(deps: CommandDeps, connectionId?: string): Promise<void> {
  const connection = await pickConnection(deps, l10n.t('Export Groups to File: which org?'), connectionId);
  if (!connection) return;
  const exported = await readingOrg(deps, connection, (options) => exportOrg(connection, options));
  if (!exported) return;
  const { org, content, problems } = exported;
  const where = orgLabel(connection, org.orgId);
  const saved = await deps.ui.saveNewFile(
    fileNameFor(connection.displayName()),
    content,
    l10n.t('Export the groups of {0}', where),
  );
  if (!saved) return;
  deps.baselines.set(baselineKey(saved.uri, org.connectionKey), newestChange(org.groups));
  deps.log.info(`Exported ${org.groups.length} groups of ${connection.logName()} to ${saved.label}`);
  // Names the org holds that a groups file refuses (older rules, invisible characters): said now, not at the first plan.
  const [first] = problems;
  if (first) {
    const text = l10n.t(
      '{0} was saved, but cannot be planned or applied as it is: line {1}: {2} Fix or remove such groups in the file first ({3} problems in the Problems view).',
      saved.label,
      lineOf(content, first.offset),
      first.message,
      problems.length,
    );
    void deps.ui.message('warning', text);
  }
  const count = org.groups.length;
  const text =
    count === 1
      ? l10n.t('Exported 1 group of {0} to {1}.', where, saved.label)
      : l10n.t('Exported {0} groups of {1} to {2}.', count, where, saved.label);
  deps.ui.notify('info', text);
}
