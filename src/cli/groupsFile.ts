/** A groups file named on the command line, read and checked by the core's reader; its problems as FILE:LINE:COL. */
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { type FileProblem, type GroupsFile, lineOf, readGroupsFile } from '../groupsFile/format';
import { CliError, ExitCode } from './exitCodes';

export interface ReadFile {
  /** As given on the command line. */
  path: string;
  bytes: Buffer;
  text: string;
}

export function readInput(file: string, cwd: string): ReadFile {
  try {
    const bytes = fs.readFileSync(path.resolve(cwd, file));
    return { path: file, bytes, text: bytes.toString('utf8') };
  } catch (error) {
    throw new CliError(ExitCode.error, l10n.t('Could not read {0}: {1}', file, (error as Error).message));
  }
}

/** Writes what --out names (relative to the current folder); exit 1 when it cannot. */
export function writeOut(cwd: string, file: string | undefined, text: string): void {
  if (!file) return;
  try {
    fs.writeFileSync(path.resolve(cwd, file), text);
  } catch (error) {
    throw new CliError(ExitCode.error, l10n.t('Could not write {0}: {1}', file, (error as Error).message));
  }
}

/** `FILE:LINE:COL: message`, 1-based, as compilers and editors' problem matchers read it. */
export function problemLines(file: ReadFile, problems: readonly FileProblem[], found: number): string[] {
  const lines = problems.map((problem) => {
    const line = lineOf(file.text, problem.offset);
    const column = problem.offset - file.text.lastIndexOf('\n', problem.offset - 1);
    return `${file.path}:${line}:${column}: ${problem.message}`;
  });
  const more = found - problems.length;
  if (more > 0) lines.push(l10n.t('{0}: {1} more problems', file.path, more));
  return lines;
}

/** The file checked: the groups it lists, or exit 1 with every problem at its place. */
export function checkedGroupsFile(file: ReadFile): GroupsFile {
  const read = readGroupsFile(file.text);
  if (read.ok) return read.file;
  throw new CliError(
    ExitCode.error,
    read.found === 1
      ? l10n.t('{0} has a problem: nothing was read or sent.', file.path)
      : l10n.t('{0} has {1} problems: nothing was read or sent.', file.path, read.found),
    problemLines(file, read.problems, read.found),
  );
}
