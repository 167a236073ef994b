import * as vscode from 'vscode';

type RowArgument = string | number | undefined;

/**
 * The commands a click on a row runs, each as a command with no arguments. VS Code keeps a row
 * command's arguments in the extension host only as long as that drawing of the row: a click that
 * reaches a row still drawn from before a refresh then runs nothing ("Actual command not found"
 * in the workbench's console), and the user's click is lost. A command id of its own for each
 * target and arguments, registered once, stays valid through every redraw.
 */
export class RowCommands implements vscode.Disposable {
  private readonly ids = new Map<string, string>();
  private readonly registrations: vscode.Disposable[] = [];

  /** A click that runs `command` with `args`, the same id each time for the same command and arguments. */
  command(command: string, title: string, args: readonly RowArgument[]): vscode.Command {
    if (args.length === 0) return { command, title };
    const key = JSON.stringify([command, ...args]);
    let id = this.ids.get(key);
    if (!id) {
      id = `capillaryRewards.row.${this.ids.size + 1}`;
      this.registrations.push(
        vscode.commands.registerCommand(id, () => vscode.commands.executeCommand(command, ...args)),
      );
      this.ids.set(key, id);
    }
    return { command: id, title };
  }

  dispose(): void {
    for (const registration of this.registrations) registration.dispose();
    this.registrations.length = 0;
    this.ids.clear();
  }
}
