/**
 * The exit codes a pipeline branches on (the command-line contract): "changes" is never 1, so a
 * script can tell a plan with changes from a plan that failed.
 */
export const ExitCode = {
  /** No changes (plan, compare), applied, valid, shown, exported. */
  ok: 0,
  /** Bad flags, a bad file, the network, missing credentials, an apply with failed groups. */
  error: 1,
  /** Changes planned (plan), the orgs differ (compare). */
  changes: 2,
  /** `apply PLAN`: something the plan pinned changed since it was made. */
  stale: 3,
  /** A safety threshold needs --force. */
  needsForce: 4,
  /** The server refused the credentials (401/403). */
  signInRefused: 5,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A run that ends with a sentence and an exit code (and, for a file, its problems a line each). */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}
