import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'capillary-rewards';

/**
 * Read-only virtual documents (Open as JSON). A content provider's documents cannot be edited or
 * saved, and nothing is written to disk.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async open(name: string, content: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${name}` });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri); // an already open document shows the new content
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
