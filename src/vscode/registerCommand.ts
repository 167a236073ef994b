import * as vscode from 'vscode';
import { errorText } from '../api/errors';
import type { RedactingLogger } from '../foundation/log';

export interface UnexpectedErrorHandling {
  log: RedactingLogger;
  showLog(): void;
  /**
   * Under tests (ExtensionMode.Test) an unexpected error in a command is thrown on as well, so
   * that `executeCommand` rejects and a test can fail; users get the message only.
   */
  rethrow: boolean;
}

/**
 * The net for what a flow did not report itself: logged with its stack and shown as one message
 * with Show Log, never as VS Code's bare "command failed" or an unhandled rejection.
 */
export function reportUnexpected(what: string, error: unknown, handling: UnexpectedErrorHandling): void {
  const text = errorText(error);
  handling.log.error(`${what} failed: ${error instanceof Error && error.stack ? error.stack : text}`);
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window
    .showErrorMessage(vscode.l10n.t('Capillary Rewards: {0}', handling.log.redact(text)), showLog)
    .then((choice) => {
      if (choice) handling.showLog();
    });
}

/** Registers a command whose flow reports its own failures; what still escapes it goes to reportUnexpected. */
export function registerCommand(
  id: string,
  handler: (...args: never[]) => unknown,
  handling: UnexpectedErrorHandling,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      await handler(...args);
    } catch (error) {
      reportUnexpected(id, error, handling);
      if (handling.rethrow) throw error;
    }
  });
}
