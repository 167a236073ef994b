import * as vscode from 'vscode';
import type { Connections } from '../connections/connections';
import type { readGroupsFile } from '../groupsFile/format';
import { PICK_CONNECTION } from '../ui/port';
import { GROUPS_FILE_GLOB, isGroupsFileUri } from '../vscode/vscodeFiles';

/** How long typing pauses before a groups file is checked again. */
const CHECK_DELAY_MS = 250;

/**
 * What a groups file's editor adds: every problem that stops a plan, as an error in the Problems
 * view (a name listed twice, a name or rank Capillary would refuse, and what the schema also
 * says), and a CodeLens on the first line to plan against or apply to the active connection,
 * switch it, or copy the command line that plans it in a pipeline.
 */
export class GroupsFileEditor implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('capillary-groups');
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connections: Connections,
    /** The reader, loaded with the command flows when the first groups file is checked (not at activation). */
    private readonly loadReader: () => Promise<typeof readGroupsFile>,
  ) {
    this.subscriptions = [
      vscode.languages.registerCodeLensProvider({ pattern: GROUPS_FILE_GLOB }, this),
      vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidChangeTextDocument(({ document }) => this.checkSoon(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.diagnostics.delete(document.uri)),
    ];
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /** The active connection changed: the lenses name it. */
  refresh(): void {
    this.lensesChanged.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isGroupsFileUri(document.uri)) return [];
    const active = this.connections.active();
    const spec = active.spec();
    const range = new vscode.Range(0, 0, 0, 0);
    const name = spec ? active.displayName() : vscode.l10n.t('no connection');
    const production = spec?.production ? ` ${vscode.l10n.t('(PRODUCTION)')}` : '';
    const lenses = [
      new vscode.CodeLens(range, {
        title: vscode.l10n.t('$(plug) {0}{1}: Switch Connection…', name, production),
        command: 'capillaryRewards.switchConnection',
      }),
    ];
    if (spec) {
      lenses.unshift(
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('$(diff) Plan against {0}', name),
          command: 'capillaryRewards.planGroups',
          arguments: [document.uri, active.id],
        }),
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('$(cloud-upload) Apply to {0}{1}…', name, production),
          command: 'capillaryRewards.applyGroups',
          arguments: [document.uri, active.id],
        }),
        ...(this.connections.multiple()
          ? [
              new vscode.CodeLens(range, {
                title: vscode.l10n.t('Apply to Another Connection…'),
                command: 'capillaryRewards.applyGroups',
                arguments: [document.uri, PICK_CONNECTION],
              }),
            ]
          : []),
      );
      // The command line that plans this file against the same connection in a pipeline.
      lenses.push(
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('$(terminal) Copy CI Command'),
          command: 'capillaryRewards.copyCiCommand',
          arguments: [document.uri, active.id],
        }),
      );
    }
    return lenses;
  }

  private checkSoon(document: vscode.TextDocument): void {
    if (!isGroupsFileUri(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.check(document);
      }, CHECK_DELAY_MS),
    );
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    if (!isGroupsFileUri(document.uri) || document.isClosed) return;
    const readGroupsFile = await this.loadReader();
    // Closed while the reader loaded: its problems went with it.
    if (document.isClosed) return;
    const read = readGroupsFile(document.getText());
    // Every problem that stops a plan, as an error in this reader's words: the JSON language's
    // schema warnings (type, unknown key) may say some of them again, as warnings.
    const problems = read.ok ? [] : read.problems;
    this.diagnostics.set(
      document.uri,
      problems.map((problem) => {
        const range = new vscode.Range(
          document.positionAt(problem.offset),
          document.positionAt(problem.offset + problem.length),
        );
        const diagnostic = new vscode.Diagnostic(range, problem.message, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'Capillary Rewards';
        return diagnostic;
      }),
    );
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.diagnostics.dispose();
    this.lensesChanged.dispose();
  }
}
