import { Actions, type Action, type Failure } from '../messages/failures';
import type { CommandDeps } from './deps';

/**
 * Shows a failure and returns the chosen action. "Show Log" opens the log and shows the
 * message again, so that Retry and the rest stay within reach.
 */
export async function askAboutFailure(deps: Pick<CommandDeps, 'ui' | 'showLog'>, failure: Failure, level: 'error' | 'warning' = 'error'): Promise<Action | undefined> {
  for (;;) {
    const choice: Action | undefined = await deps.ui.message(level, failure.message, ...failure.actions);
    if (choice !== Actions.showLog) return choice;
    deps.showLog();
  }
}

/** Flows that fix what a failure's button names; each resolves to true when it succeeded. */
export interface Remedies {
  signIn?: () => Promise<boolean>;
  selectCluster?: () => Promise<boolean>;
}

/**
 * The end of every failed step: shows the failure; Retry runs `again`, and Sign In or Select
 * Cluster run that remedy first and then `again` once it succeeded. Undefined when the user
 * chose nothing that goes on (dismissed, or a remedy that did not succeed).
 */
export async function offerRetry<T>(deps: Pick<CommandDeps, 'ui' | 'showLog'>, failure: Failure, again: () => Promise<T>, remedies: Remedies = {}): Promise<T | undefined> {
  const choice = await askAboutFailure(deps, failure);
  const remedy =
    choice === Actions.retry ? () => Promise.resolve(true) : choice === Actions.signIn ? remedies.signIn : choice === Actions.selectCluster ? remedies.selectCluster : undefined;
  return remedy && (await remedy()) ? again() : undefined;
}
