import * as vscode from 'vscode';
import { errorText } from '../api/errors';
import type { RedactingLogger } from '../log';

export interface CommandFailureHandling {
  log: RedactingLogger;
  showLog(): void;
  /**
   * Under tests (ExtensionMode.Test) an unexpected error is thrown on as well, so that
   * `executeCommand` rejects and a test can fail; users get the message only.
   */
  rethrow: boolean;
}

/**
 * Registers a command whose flow reports its own failures; what still escapes it is logged with
 * its stack and shown as one message with Show Log, never as VS Code's bare "command failed".
 */
export function registerCommand(id: string, handler: (...args: never[]) => unknown, handling: CommandFailureHandling): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      await handler(...args);
    } catch (error) {
      const text = errorText(error);
      handling.log.error(`${id} failed: ${error instanceof Error && error.stack ? error.stack : text}`);
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window.showErrorMessage(vscode.l10n.t('Capillary Rewards: {0}', handling.log.redact(text)), showLog).then((choice) => {
        if (choice) handling.showLog();
      });
      if (handling.rethrow) throw error;
    }
  });
}
