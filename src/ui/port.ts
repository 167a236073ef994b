/**
 * The VS Code UI calls that commands make, behind an interface so that every command flow
 * (prompt → request → tree) runs in plain Node under test. src/vscode/vscodeUi.ts is the real one.
 */

export interface InputRequest {
  title: string;
  prompt: string;
  /** Pre-filled text, e.g. what the user typed before a failed attempt. */
  value?: string;
  placeholder?: string;
  password?: boolean;
  /** Returns the message to show under the box, or undefined when the value is acceptable. */
  validate?: (value: string) => string | undefined;
}

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export type MessageLevel = 'info' | 'warning' | 'error';

/** A button on a message that does not hold up the flow, and what clicking it does. */
export interface FollowUp {
  label: string;
  run(): Promise<unknown>;
}

export interface PickOptions<T> {
  title: string;
  placeholder?: string;
  /**
   * The item Enter takes before the user moves: the current value, or the choice that changes
   * nothing. Without it, the first item.
   */
  active?: T;
}

export interface Ui {
  /** Resolves to undefined when the user cancels (Escape). */
  input(request: InputRequest): Promise<string | undefined>;
  pick<T>(items: PickItem<T>[], options: PickOptions<T>): Promise<T | undefined>;
  /** Resolves to the chosen action, or undefined when the message is dismissed. */
  message(level: MessageLevel, text: string, ...actions: string[]): Promise<string | undefined>;
  /**
   * A message the flow does not wait for: it goes on at once, and a follow-up runs whenever its
   * button is clicked (e.g. Copy ID after a create).
   */
  notify(level: MessageLevel, text: string, ...followUps: FollowUp[]): void;
  /**
   * Runs a task under a progress indicator (a notification, or the Groups view's bar); `report`
   * shows how far it got ("12 of 40") after the title.
   */
  withProgress<T>(
    title: string,
    task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
    options?: { location?: 'notification' | 'view' },
  ): Promise<T>;
  /**
   * A question before a destructive or switching action; true only when the user chose `action`.
   * Enter and Escape both keep things as they are: Cancel is the default.
   */
  confirm(text: string, detail: QuestionDetail, action: string): Promise<boolean>;
  /** A question with several ways on: the action chosen, or undefined (Cancel, the default; Enter and Escape). */
  ask(text: string, detail: QuestionDetail, actions: string[]): Promise<string | undefined>;
  /** Opens text in a read-only editor; `name` is a path ending with its extension (e.g. `host/2412 VIP Gold.json`). */
  openReadOnly(name: string, content: string): Promise<void>;
  /** Shows a Markdown text rendered (VS Code's Markdown preview), read-only; `name` as for openReadOnly, ending `.md`. */
  openMarkdown(name: string, content: string): Promise<void>;
  /**
   * Opens VS Code's diff editor: `left` a read-only text named like a file (`name` as for
   * openReadOnly), `right` a file of the workspace (its URI) or another read-only text.
   */
  showDiff(left: ReadOnlyText, right: { uri: string } | ReadOnlyText, title: string): Promise<void>;
  /**
   * Asks where to save a new file (`suggestedName` in the workspace's first folder), writes
   * `content` there and opens it. Undefined when the user cancels.
   */
  saveNewFile(suggestedName: string, content: string, title: string): Promise<FileRef | undefined>;
  copyToClipboard(text: string): Promise<void>;
  /** A short-lived status bar message. */
  status(text: string): void;
}

/**
 * What a question explains: a sentence, or a preview of what it will do, a line each (e.g. each
 * rank change), with a sentence above it if given and, above both, warnings a row each.
 */
export type QuestionDetail = string | { warnings?: string[]; sentence?: string; lines: string[] };

/** A question's detail as one sentence (its warnings, the sentence, then a preview's lines, joined), for a log or a test. */
export function detailText(detail: QuestionDetail): string {
  return typeof detail === 'string'
    ? detail
    : [...(detail.warnings ?? []), ...(detail.sentence ? [detail.sentence] : []), ...detail.lines].join(' · ');
}

export interface ReadOnlyText {
  name: string;
  content: string;
}

/** A file: its URI as a string, and how a sentence names it (its path in the workspace). */
export interface FileRef {
  uri: string;
  label: string;
}

/** The groups files (`*.capillary-groups.json`) a command can act on, and their text. */
export interface GroupsFileSource {
  /** The groups file in the active editor, if it is one. */
  active(): FileRef | undefined;
  /** The groups files open in editor tabs (also with no folder open, or behind another tab). */
  open(): FileRef[];
  /** Every groups file in the workspace's folders. */
  find(): Promise<FileRef[]>;
  /** Its text as the editor holds it (unsaved changes included), else as saved. */
  read(uri: string): Promise<string>;
  /** Whether its editor holds changes not saved yet. */
  unsaved(uri: string): boolean;
  /**
   * Where the file is for a command line run at the top of its workspace folder: its path there
   * ('/' between folders) and the folder's URI, or its absolute path when it is in no folder;
   * undefined when it is on no disk (an untitled file).
   */
  locate(uri: string): FileLocation | undefined;
  /** The saved text of the file `name` at the top of a workspace folder (`FileLocation.folder`); undefined when it is missing or unreadable. */
  readInFolder(folder: string, name: string): Promise<string | undefined>;
}

/** A file's path as a command line is given it, and the workspace folder it is in, if any. */
export interface FileLocation {
  path: string;
  folder?: string;
}

/** Adapts a Checked-style validator to an input box's validate callback. */
export function validationMessage(
  check: (value: string) => { ok: true } | { ok: false; message: string },
): (value: string) => string | undefined {
  return (value) => {
    const result = check(value);
    return result.ok ? undefined : result.message;
  };
}

/** A connection id that means "ask which" (a groups file's CodeLens: Apply to Another Connection…). */
export const PICK_CONNECTION = '?pick';
