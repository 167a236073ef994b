import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'capillary-rewards';

/**
 * Read-only virtual documents: a group's JSON (Open as JSON), an org written like a groups file
 * (a plan's and a comparison's sides) and an apply's result. A content provider's documents cannot be edited or
 * saved, and nothing is written to disk.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly documents = new Map<string, { uri: vscode.Uri; content: string }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString())?.content ?? '';
  }

  /** Holds `content` under `name` (an open document shows it at once) and gives its URI. */
  set(name: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${name}` });
    this.documents.set(uri.toString(), { uri, content });
    this.changed.fire(uri);
    return uri;
  }

  async open(name: string, content: string): Promise<void> {
    const uri = this.set(name, content);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  /**
   * New content for the documents opened earlier whose name starts with `prefix` (a group's, even
   * after a rename changed the rest of its name); an open editor shows it at once, nothing is opened.
   */
  replace(prefix: string, content: string): void {
    for (const document of this.documents.values()) {
      if (!document.uri.path.startsWith(`/${prefix}`) || document.content === content) continue;
      document.content = content;
      this.changed.fire(document.uri);
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
