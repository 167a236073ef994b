import * as vscode from 'vscode';
import type {
  FileRef,
  FollowUp,
  InputRequest,
  MessageLevel,
  PickItem,
  PickOptions,
  QuestionDetail,
  ReadOnlyText,
  Ui,
} from '../ui/port';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

/**
 * VS Code keeps a progress notification on screen for at least 800 ms after it appeared, however
 * soon its task ends (ProgressService.withNotificationProgress). A message shown before then sits
 * above a finished "Creating…" notification, so messages wait until it is gone, with a margin for
 * the close to reach the window.
 */
const PROGRESS_NOTIFICATION_MIN_MS = 800;
const PROGRESS_CLOSE_MARGIN_MS = 150;

/** The Ui that commands use, backed by the real VS Code window. */
export class VSCodeUi implements Ui {
  /** When the last finished progress notification will have left the screen (performance.now()). */
  private progressGoneAt = 0;
  /** Where the last file was saved in this window: a save dialog opens there when no folder is open. */
  private lastSaveFolder: vscode.Uri | undefined;

  constructor(
    private readonly viewId: string,
    private readonly documents: ReadOnlyDocuments,
    /** What a follow-up button's action throws: nothing awaits it, so it is reported here. */
    private readonly onUnexpected: (error: unknown) => void,
  ) {}

  /**
   * A quick pick whose active item is Cancel. A modal dialog cannot do this: VS Code focuses its
   * first button, which is the action, so Enter would confirm (the Cancel it adds comes last).
   */
  async confirm(text: string, detail: QuestionDetail, action: string): Promise<boolean> {
    return (await this.ask(text, detail, [action])) === action;
  }

  async ask(text: string, detail: QuestionDetail, actions: string[]): Promise<string | undefined> {
    // Not under a finished progress notification whose Cancel would no longer cancel anything.
    await this.progressGone();
    // A sentence sits under the first action; a preview gets a row per line (an item's detail is cut at the box's width), each of which only closes the question.
    const preview = typeof detail === 'string' ? [] : detail.lines;
    const sentence = typeof detail === 'string' ? detail : detail.sentence;
    // A warning is a row of its own, where its start shows, not a detail cut at the box's width.
    const warnings = typeof detail === 'string' ? [] : (detail.warnings ?? []);
    const items: PickItem<string | undefined>[] = [
      { label: vscode.l10n.t('Cancel'), description: vscode.l10n.t('changes nothing'), value: undefined },
      ...warnings.map((warning) => ({ label: `$(warning) ${warning}`, value: undefined })),
      ...actions.map((action, i) => ({ label: action, detail: i === 0 ? sentence : undefined, value: action })),
      ...preview.map((line) => ({
        label: `$(arrow-small-right) ${line}`,
        description: vscode.l10n.t('preview'),
        value: undefined,
      })),
    ];
    return this.pick<string | undefined>(items, {
      title: text,
      placeholder:
        actions.length === 1
          ? vscode.l10n.t('Enter cancels; choose {0} to go on.', actions[0]!)
          : vscode.l10n.t('Enter cancels; choose what to do.'),
      active: undefined,
    });
  }

  openReadOnly(name: string, content: string): Promise<void> {
    return this.documents.open(name, content);
  }

  async openMarkdown(name: string, content: string): Promise<void> {
    // The built-in Markdown preview renders any document it can read, a read-only one included.
    await vscode.commands.executeCommand('markdown.showPreview', this.documents.set(name, content));
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

  /** createQuickPick rather than showQuickPick, which cannot choose the active item. */
  pick<T>(items: PickItem<T>[], options: PickOptions<T>): Promise<T | undefined> {
    const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: T }>();
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.ignoreFocusOut = true;
    quickPick.matchOnDescription = true;
    quickPick.items = items.map((item) => ({
      label: item.label,
      description: item.description,
      detail: item.detail,
      value: item.value,
    }));
    const active =
      options.active === undefined ? undefined : quickPick.items.find((item) => item.value === options.active);
    if (active) quickPick.activeItems = [active];
    return new Promise<T | undefined>((resolve) => {
      let picked: T | undefined;
      quickPick.onDidAccept(() => {
        picked = (quickPick.selectedItems[0] ?? quickPick.activeItems[0])?.value;
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        quickPick.dispose();
        resolve(picked);
      });
      quickPick.show();
    });
  }

  /** Waits until the last finished progress notification has left the screen. */
  private async progressGone(): Promise<void> {
    const wait = this.progressGoneAt - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  async message(level: MessageLevel, text: string, ...actions: string[]): Promise<string | undefined> {
    await this.progressGone();
    const show =
      level === 'error'
        ? vscode.window.showErrorMessage
        : level === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    return show(text, ...actions);
  }

  notify(level: MessageLevel, text: string, ...followUps: FollowUp[]): void {
    void this.message(level, text, ...followUps.map((followUp) => followUp.label))
      .then((choice) => followUps.find((followUp) => followUp.label === choice)?.run())
      .catch(this.onUnexpected);
  }

  async withProgress<T>(
    title: string,
    task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
    options: { location?: 'notification' | 'view' } = {},
  ): Promise<T> {
    const inView = options.location === 'view';
    const location = inView ? { viewId: this.viewId } : vscode.ProgressLocation.Notification;
    const started = performance.now();
    // Every call under a notification can be cancelled from it; a view's progress bar has no button.
    return vscode.window.withProgress<T>({ location, title, cancellable: !inView }, (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return task(controller.signal, (message) => progress.report({ message })).finally(() => {
        subscription.dispose();
        if (inView) return;
        const goneAt = Math.max(started + PROGRESS_NOTIFICATION_MIN_MS, performance.now()) + PROGRESS_CLOSE_MARGIN_MS;
        this.progressGoneAt = Math.max(this.progressGoneAt, goneAt);
      });
    });
  }

  async showDiff(left: ReadOnlyText, right: { uri: string } | ReadOnlyText, title: string): Promise<void> {
    const leftUri = this.documents.set(left.name, left.content);
    const rightUri = 'uri' in right ? vscode.Uri.parse(right.uri) : this.documents.set(right.name, right.content);
    // The same two sides shown again replace their tab: VS Code would keep the old tab's title (its counts).
    const same = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter(
        (tab) =>
          tab.input instanceof vscode.TabInputTextDiff &&
          tab.input.original.toString() === leftUri.toString() &&
          tab.input.modified.toString() === rightUri.toString(),
      );
    if (same.length > 0) await vscode.window.tabGroups.close(same, true);
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, title, { preview: false });
  }

  async saveNewFile(suggestedName: string, content: string, title: string): Promise<FileRef | undefined> {
    await this.progressGone();
    const home =
      vscode.env.remoteName === undefined && process.env.HOME ? vscode.Uri.file(process.env.HOME) : undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? this.lastSaveFolder ?? folderOfOpenFile() ?? home;
    const target = await vscode.window.showSaveDialog({
      title,
      saveLabel: vscode.l10n.t('Save'),
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, suggestedName) } : {}),
      filters: { [vscode.l10n.t('Capillary groups files')]: ['json'] },
    });
    if (!target) return undefined;
    const saved = await withSuffixOf(suggestedName, target);
    this.lastSaveFolder = vscode.Uri.joinPath(saved, '..');
    await vscode.workspace.fs.writeFile(saved, new TextEncoder().encode(content));
    await vscode.window.showTextDocument(saved, { preview: false });
    return { uri: saved.toString(), label: vscode.workspace.asRelativePath(saved) };
  }

  async copyToClipboard(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }

  status(text: string): void {
    vscode.window.setStatusBarMessage(text, 5000);
  }
}

/**
 * The folder of the file the user works on (the active editor's, else an open tab's): where a
 * new file goes when no folder is open. Its URI has the window's own scheme, a remote one too,
 * where the extension host's home folder would not.
 */
function folderOfOpenFile(): vscode.Uri | undefined {
  const onDisk = (uri: vscode.Uri | undefined) =>
    uri && (uri.scheme === 'file' || uri.scheme === 'vscode-remote') ? uri : undefined;
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined));
  const file =
    onDisk(vscode.window.activeTextEditor?.document.uri) ?? tabs.map(onDisk).find((uri) => uri !== undefined);
  return file ? vscode.Uri.joinPath(file, '..') : undefined;
}

/**
 * The name typed, ending as the suggested name ends (`.capillary-groups.json`): only such files
 * are checked and planned. Typed without it ("prod" or "prod.json"), it is added, unless a file
 * of that name exists already (the dialog asked about overwriting the name typed, not that one).
 */
async function withSuffixOf(suggestedName: string, target: vscode.Uri): Promise<vscode.Uri> {
  const suffix = /(\.[^.]+)?\.[^.]+$/.exec(suggestedName)?.[0];
  if (!suffix || target.path.toLowerCase().endsWith(suffix.toLowerCase())) return target;
  // "prod", "prod.json", "prod.capillary-groups": the part of the suffix typed is not doubled.
  const stem = target.path.replace(/(\.capillary-groups)?(\.json)?$/i, '');
  const adjusted = target.with({ path: stem + suffix });
  try {
    await vscode.workspace.fs.stat(adjusted);
    return target;
  } catch {
    return adjusted;
  }
}
