import * as l10n from '@vscode/l10n';
import type { FileRef } from '../ui/port';
import type { CommandDeps } from './deps';
import { ciCommand, CONNECTIONS_FILE, listedConnection } from './steps/ciCommand';
import { connectionFor } from './steps/connection';
import { baseName, chooseGroupsFile } from './steps/groupsFile';

/**
 * Capillary Rewards: Copy CI Command — the command line that plans a groups file (the one given,
 * else the active editor's) against a connection (the one given, else the active one) in a
 * pipeline, to the clipboard; the message names the environment variables the pipeline must set.
 * Nothing is sent, and no credential is read.
 */
export async function copyCiCommand(deps: CommandDeps, given?: FileRef, connectionId?: string): Promise<void> {
  const title = l10n.t('Copy CI Command');
  const file = await chooseGroupsFile(deps, title, given);
  if (!file) return;
  const connection = connectionFor(deps, connectionId);
  if (!connection) return;
  const spec = connection.spec();
  if (!spec) {
    void deps.ui.message(
      'info',
      l10n.t(
        '{0} has no usable cluster yet: Select Cluster… sets one, then the command line can name it.',
        connection.label(),
      ),
    );
    return;
  }
  const fileName = baseName(file.label);
  const location = deps.files.locate(file.uri);
  if (!location) {
    void deps.ui.message(
      'info',
      l10n.t('Save {0} first: the command line plans a file as it is saved on disk.', fileName),
    );
    return;
  }
  // A connection the repository's connections file lists by name is named; a missing or
  // unreadable file, or one that does not list it on this cluster, means the cluster written out.
  const connectionsText =
    location.folder === undefined ? undefined : await deps.files.readInFolder(location.folder, CONNECTIONS_FILE);
  const listed = listedConnection(connectionsText, spec, deps.words);
  const command = ciCommand(location.path, spec, listed);
  await deps.ui.copyToClipboard(command.line);
  deps.log.info(
    `Copied the CI command for ${file.label} against ${connection.logName()} (${listed ? `--connection ${listed.name}` : '--host'})`,
  );
  const [first, second] = command.variables;
  const unsaved = deps.files.unsaved(file.uri)
    ? ` ${l10n.t('It plans the file as saved: save your changes before you commit it.')}`
    : '';
  deps.ui.notify(
    'info',
    l10n.t(
      'Copied the command line that plans {0} against {1}. The pipeline must set {2} and {3} (as secrets).',
      fileName,
      connection.displayName(),
      first,
      second,
    ) + unsaved,
  );
}
