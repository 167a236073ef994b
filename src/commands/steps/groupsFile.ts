import * as l10n from '@vscode/l10n';
import { errorText } from '../../api/errors';
import type { Connection } from '../../connections/connections';
import { describePlan, type Plan } from '../../groupsFile/plan';
import {
  GROUPS_FILE_SUFFIX,
  type GroupsFile,
  lineOf,
  MAX_FILE_PROBLEMS,
  readGroupsFile,
} from '../../groupsFile/format';
import { describeFailure } from '../../messages/failures';
import { type FileRef, PICK_CONNECTION } from '../../ui/port';
import type { CommandDeps } from '../deps';
import { planRead } from '../../operations/planFile';
import type { OrgGroups, ReadOptions } from '../../operations/readOrg';
import { connectionFor } from './connection';
import { ensureSignedIn, offerRetryOrFix } from './prerequisites';

/**
 * The groups file a command acts on: the one it was given (CodeLens, Explorer), the active
 * editor's, the one open in another tab (a plan's or a result's tab may be in front), or one picked.
 */
export async function chooseGroupsFile(
  deps: CommandDeps,
  title: string,
  given?: FileRef,
): Promise<FileRef | undefined> {
  if (given) return given;
  const active = deps.files.active();
  if (active) return active;
  const open = deps.files.open();
  if (open.length === 1) return open[0];
  if (open.length > 1) {
    return deps.ui.pick(
      open.map((file) => ({ label: file.label, description: l10n.t('open'), value: file })),
      { title, placeholder: l10n.t('The groups file to use') },
    );
  }
  const found = await deps.files.find();
  if (found.length === 0) {
    void deps.ui.message(
      'info',
      l10n.t(
        'No groups file is open and the workspace has none (files named *{0}). Export Groups to File… writes one from an org.',
        GROUPS_FILE_SUFFIX,
      ),
    );
    return undefined;
  }
  if (found.length === 1) return found[0];
  return deps.ui.pick(
    found.map((file) => ({ label: file.label, value: file })),
    { title, placeholder: l10n.t('The groups file to use') },
  );
}

/** The file's groups, or undefined after saying what is wrong and where (the Problems view lists it all). */
export async function readCheckedFile(deps: CommandDeps, file: FileRef): Promise<GroupsFile | undefined> {
  let text: string;
  try {
    text = await deps.files.read(file.uri);
  } catch (error) {
    void deps.ui.message('error', l10n.t('Could not read {0}: {1}', file.label, errorText(error)));
    return undefined;
  }
  const read = readGroupsFile(text);
  if (read.ok) return read.file;
  const [first] = read.problems;
  const more = read.found - 1;
  const text1 = l10n.t('{0} cannot be used: line {1}: {2}', file.label, lineOf(text, first!.offset), first!.message);
  const listed = Math.min(read.found, MAX_FILE_PROBLEMS);
  const text2 =
    more === 0
      ? ''
      : ` ${
          read.found > listed
            ? l10n.t(
                '{0} more problems were found; the Problems view lists the first {1}.',
                more.toLocaleString('en-US'),
                listed,
              )
            : more === 1
              ? l10n.t('1 more problem is in the Problems view.')
              : l10n.t('{0} more problems are in the Problems view.', more)
        }`;
  const sentence = `${text1}${text2} ${l10n.t('Nothing was sent.')}`;
  void deps.ui.message('error', sentence);
  return undefined;
}

/**
 * An operation that reads the connection's whole org, run under a progress notification with
 * Cancel once signed in; undefined after saying why it failed (offering Retry, which runs it again).
 */
export async function readingOrg<T>(
  deps: CommandDeps,
  connection: Connection,
  operation: (options: ReadOptions) => Promise<T>,
): Promise<T | undefined> {
  if (!(await ensureSignedIn(deps, connection))) return undefined;
  const where = connection.label();
  try {
    return await deps.ui.withProgress(l10n.t('Reading the groups of {0}…', where), (signal, report) =>
      operation({
        signal,
        onProgress: (read, total) => report(l10n.t('{0} of {1}', read, total)),
        onWarning: (text) => deps.log.warn(text),
        knownOrgId: (connectionKey) => deps.list.orgId(connectionKey),
      }),
    );
  } catch (error) {
    const origin = connection.spec()?.origin ?? '';
    const failure = describeFailure(
      error,
      { origin, where, doing: l10n.t('read the groups of {0}', where) },
      deps.words,
    );
    if (!failure) return undefined;
    deps.log.error(`Reading every group of ${connection.logName()} failed: ${errorText(error)}`);
    return offerRetryOrFix(deps, connection, failure, () => readingOrg(deps, connection, operation));
  }
}

/**
 * How a sentence names a connection's org: 'UAT (org 100458)' (a named connection by its name,
 * the single-host one by its cluster), or the connection alone before its org is known.
 */
export function orgLabel(connection: Connection, orgId: number | undefined): string {
  const name = connection.displayName();
  return orgId === undefined ? name : l10n.t('{0} (org {1})', name, orgId);
}

/**
 * A connection to act on: the one given, else, with several, one picked (the active one first);
 * `except` is left out (the other side of a comparison).
 */
export async function pickConnection(
  deps: CommandDeps,
  title: string,
  given?: string,
  except?: Connection,
): Promise<Connection | undefined> {
  const { connections } = deps;
  if (given !== undefined) return connectionFor(deps, given);
  const usable = connections.all().filter((connection) => connection.spec() && connection !== except);
  if (!except && !connections.multiple()) return connections.active();
  if (usable.length === 0) {
    void deps.ui.message('info', l10n.t('There is no other connection to compare with: Add Connection… adds one.'));
    return undefined;
  }
  const active = connections.active();
  // The active connection first: Enter takes it.
  usable.sort((a, b) => Number(b === active) - Number(a === active));
  return deps.ui.pick(
    usable.map((connection) => ({
      label: connection.displayName(),
      description: connection === active ? l10n.t('active') : connection.label(),
      value: connection,
    })),
    { title, active: usable.includes(active) ? active : undefined },
  );
}

/** A connection's name as part of a file or document name: letters, digits, dots, dashes and underscores. */
export function safeName(text: string): string {
  const safe = text
    .replace(/^https?:\/\//, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return safe || 'groups';
}

/** A groups file's name made of a connection's name. */
export function fileNameFor(text: string): string {
  return `${safeName(text)}${GROUPS_FILE_SUFFIX}`;
}

/** The file's name without its folders. */
export function baseName(label: string): string {
  return label.split(/[\\/]/).pop() ?? label;
}

export interface PlannedFile {
  file: FileRef;
  groupsFile: GroupsFile;
  connection: Connection;
  org: OrgGroups;
  plan: Plan;
  /** The org as sentences name it: 'UAT (org 100458)'. */
  where: string;
  fileName: string;
  /** The plan's counts as a sentence. */
  summary: string;
}

/**
 * What Plan and Apply both do first: the groups file (given, open, or picked) read and checked,
 * the connection (given, else the active one), its whole org read, and the plan. Undefined after
 * saying why when any of it fails or is cancelled.
 */
export async function planFile(
  deps: CommandDeps,
  title: string,
  given?: FileRef,
  connectionId?: string,
): Promise<PlannedFile | undefined> {
  const file = await chooseGroupsFile(deps, title, given);
  if (!file) return undefined;
  const groupsFile = await readCheckedFile(deps, file);
  if (!groupsFile) return undefined;
  const connection =
    connectionId === PICK_CONNECTION
      ? await pickConnection(deps, l10n.t('{0}: which connection?', title), undefined, deps.connections.active())
      : connectionFor(deps, connectionId);
  if (!connection) return undefined;
  const planned = await readingOrg(deps, connection, (options) => planRead(groupsFile, connection, options));
  if (!planned) return undefined;
  const { org, plan } = planned;
  return {
    file,
    groupsFile,
    connection,
    org,
    plan,
    where: orgLabel(connection, org.orgId),
    fileName: baseName(file.label),
    summary: describePlan(plan.summary),
  };
}

/** Where deps.baselines keeps a file's baseline against an org. */
export function baselineKey(fileUri: string, connectionKey: string): string {
  return `${fileUri}\n${connectionKey}`;
}
