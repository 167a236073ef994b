import * as vscode from 'vscode';
import type { FollowUp, InputRequest, MessageLevel, PickItem, Ui } from '../ui';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

/** The Ui that commands use, backed by the real VS Code window. */
export class VSCodeUi implements Ui {
  constructor(
    private readonly viewId: string,
    private readonly documents: ReadOnlyDocuments,
    /** What a follow-up button's action throws: nothing awaits it, so it is reported here. */
    private readonly onUnexpected: (error: unknown) => void,
  ) {}

  async confirm(text: string, detail: string, action: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(text, { modal: true, detail }, action)) === action;
  }

  openReadOnly(name: string, content: string): Promise<void> {
    return this.documents.open(name, content);
  }

  async input(request: InputRequest): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: request.title,
      prompt: request.prompt,
      value: request.value,
      placeHolder: request.placeholder,
      password: request.password,
      // Keeps what was typed when the window loses focus (e.g. to copy a value from elsewhere).
      ignoreFocusOut: true,
      validateInput: request.validate,
    });
  }

  async pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(
      items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, value: item.value })),
      { title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true, matchOnDescription: true },
    );
    return picked?.value;
  }

  async message(level: MessageLevel, text: string, ...actions: string[]): Promise<string | undefined> {
    const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return show(text, ...actions);
  }

  notify(level: MessageLevel, text: string, ...followUps: FollowUp[]): void {
    void this.message(level, text, ...followUps.map((followUp) => followUp.label))
      .then((choice) => followUps.find((followUp) => followUp.label === choice)?.run())
      .catch(this.onUnexpected);
  }

  async withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>, options: { location?: 'notification' | 'view' } = {}): Promise<T> {
    const inView = options.location === 'view';
    const location = inView ? { viewId: this.viewId } : vscode.ProgressLocation.Notification;
    // Every call under a notification can be cancelled from it; a view's progress bar has no button.
    return vscode.window.withProgress<T>({ location, title, cancellable: !inView }, (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return task(controller.signal).finally(() => {
        subscription.dispose();
      });
    });
  }

  async copyToClipboard(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }

  status(text: string): void {
    vscode.window.setStatusBarMessage(text, 5000);
  }
}
