import * as fs from 'fs';
import * as path from 'path';
import {
  detailText,
  type FileRef,
  type FollowUp,
  type InputRequest,
  type MessageLevel,
  type PickItem,
  type PickOptions,
  type QuestionDetail,
  type ReadOnlyText,
  type Ui,
} from '../../src/ui/port';

/** An answer to a prompt: a string (typed, then Enter) or undefined (Escape). */
export type InputAnswer = string | undefined;

export interface RecordedInput {
  request: InputRequest;
  /** Validation messages shown for rejected entries, in order. */
  rejected: { typed: string; message: string }[];
  accepted: InputAnswer;
}

export interface RecordedMessage {
  level: MessageLevel;
  text: string;
  actions: string[];
}

/**
 * A user who follows a script. Each prompt takes the next scripted entry; like VS Code's input
 * box, an entry that fails validation is refused with its message and the next entry is typed.
 * A prompt or pick the script did not foresee fails the test; a message without a scripted
 * answer is dismissed (every message is recorded for assertions).
 */
/** Answers for whatever the script does not cover: the user of a fault scenario, who knows what to type. */
export interface Autopilot {
  input?: (request: InputRequest) => InputAnswer;
  message?: (message: RecordedMessage) => string | undefined;
  pick?: (labels: string[]) => string | undefined;
}

/** Runs `body` at once, as an async method's body runs, so that a throw becomes a rejected promise. */
function promised<T>(body: () => T): Promise<T> {
  return new Promise((resolve) => resolve(body()));
}

export class ScriptedUi implements Ui {
  readonly inputs: RecordedInput[] = [];
  /** Every quick pick shown: its title, its items and the item it opened on (Enter takes it). */
  readonly picks: { title: string; labels: string[]; active: string | undefined }[] = [];
  readonly messages: RecordedMessage[] = [];
  readonly progressTitles: string[] = [];
  readonly statuses: string[] = [];
  readonly documents: { name: string; content: string; rendered?: true }[] = [];
  /** Every "n of N" a progress notification showed, in order. */
  readonly progressReports: string[] = [];
  readonly diffs: { left: ReadOnlyText; right: { uri: string } | ReadOnlyText; title: string }[] = [];
  clipboard = '';
  /** Where the next save dialogs save (a path), or undefined to cancel one. */
  private saveScript: (string | undefined)[] = [];
  /** Cancel the progress notification once it reports this (e.g. "3 of 10"), or a report the function accepts. */
  private cancelAtReport?: string | ((report: string) => boolean);

  private inputScript: InputAnswer[][] = [];
  private pickScript: ((
    items: PickItem<unknown>[],
    active: PickItem<unknown> | undefined,
  ) => PickItem<unknown> | undefined)[] = [];
  private messageScript: ((message: RecordedMessage) => string | undefined)[] = [];
  private confirmScript: boolean[] = [];
  private askScript: (string | undefined)[] = [];
  readonly confirmations: { text: string; detail: string; action: string }[] = [];
  autopilot?: Autopilot;
  /** The next `times` progress notifications are cancelled this long after they appear (their Cancel button). */
  private cancelling?: { afterMs: number; times: number };
  /** Every message the flow shows but does not wait on, and the follow-ups their buttons started. */
  private readonly pendingMessages: Promise<unknown>[] = [];

  /** Entries typed into the next prompt: all but the last must be refused by its validation. */
  type(...entries: InputAnswer[]): this {
    this.inputScript.push(entries);
    return this;
  }

  choose(label: string): this {
    this.pickScript.push((items) => {
      const item = items.find((candidate) => candidate.label === label);
      if (!item) throw new Error(`No quick pick item '${label}' in ${items.map((i) => i.label).join(', ')}`);
      return item;
    });
    return this;
  }

  /** Presses Enter on the next quick pick without moving: it takes the item it opened on. */
  pressEnterOnPick(): this {
    this.pickScript.push((_items, active) => active);
    return this;
  }

  /** Presses Cancel on the next `times` progress notifications, `afterMs` after each appears. */
  cancelProgress(afterMs: number, times = Infinity): this {
    this.cancelling = { afterMs, times };
    return this;
  }

  /**
   * Presses Cancel on the next progress notification as soon as it shows `report` (e.g. "3 of 10"),
   * or a report the function accepts (called as it is shown, right before Cancel).
   */
  cancelWhenReported(report: string | ((report: string) => boolean)): this {
    this.cancelAtReport = report;
    return this;
  }

  /** Where the next save dialog saves: a path, or undefined to cancel it. */
  saveAs(file: string | undefined): this {
    this.saveScript.push(file);
    return this;
  }

  /** The answer to the next modal question. */
  confirmWith(answer: boolean): this {
    this.confirmScript.push(answer);
    return this;
  }

  /** The answer to the next question with several actions: one of them, or undefined for Cancel. */
  askWith(action: string | undefined): this {
    this.askScript.push(action);
    return this;
  }

  escapePick(): this {
    this.pickScript.push(() => undefined);
    return this;
  }

  /** The answer to the next message: a button label, or undefined to dismiss it. */
  answer(action: string | undefined, expectedText?: RegExp): this {
    this.messageScript.push((message) => {
      if (expectedText && !expectedText.test(message.text)) throw new Error(`Unexpected message: ${message.text}`);
      if (action !== undefined && !message.actions.includes(action)) {
        throw new Error(`Message '${message.text}' has no button '${action}' (has ${message.actions.join(', ')})`);
      }
      return action;
    });
    return this;
  }

  input(request: InputRequest): Promise<string | undefined> {
    return promised(() => this.typeInput(request));
  }

  private typeInput(request: InputRequest): string | undefined {
    const entries = this.inputScript.shift() ?? (this.autopilot?.input ? [this.autopilot.input(request)] : undefined);
    if (!entries) throw new Error(`Unexpected prompt: ${request.title}: ${request.prompt}`);
    const record: RecordedInput = { request, rejected: [], accepted: undefined };
    this.inputs.push(record);
    for (const [index, typed] of entries.entries()) {
      if (typed === undefined) return undefined;
      const message = request.validate?.(typed);
      if (message === undefined) {
        if (index !== entries.length - 1) {
          throw new Error(`'${typed}' was accepted by '${request.title}' but the script expected a refusal`);
        }
        record.accepted = typed;
        return typed;
      }
      record.rejected.push({ typed, message });
    }
    throw new Error(
      `Every entry for '${request.title}' was refused: ${record.rejected.map((r) => r.message).join(' | ')}`,
    );
  }

  pick<T>(items: PickItem<T>[], options: PickOptions<T>): Promise<T | undefined> {
    return promised(() => this.pickItem(items, options));
  }

  private pickItem<T>(items: PickItem<T>[], options: PickOptions<T>): T | undefined {
    // Like VS Code: the item named active, else the first.
    const active =
      (options.active === undefined ? undefined : items.find((item) => item.value === options.active)) ?? items[0];
    this.picks.push({ title: options.title, labels: items.map((item) => item.label), active: active?.label });
    const autopilot = this.autopilot?.pick;
    const next =
      this.pickScript.shift() ??
      (autopilot
        ? (all: PickItem<unknown>[]) => all.find((item) => item.label === autopilot(all.map((i) => i.label)))
        : undefined);
    if (!next) throw new Error(`Unexpected quick pick: ${options.title}`);
    return (next(items, active) as PickItem<T> | undefined)?.value;
  }

  async message(level: MessageLevel, text: string, ...actions: string[]): Promise<string | undefined> {
    const record = { level, text, actions };
    this.messages.push(record);
    const next = this.messageScript.shift() ?? this.autopilot?.message;
    const result = Promise.resolve(next ? next(record) : undefined);
    this.pendingMessages.push(result);
    return result;
  }

  notify(level: MessageLevel, text: string, ...followUps: FollowUp[]): void {
    const choice = this.message(level, text, ...followUps.map((followUp) => followUp.label));
    this.pendingMessages.push(choice.then((label) => followUps.find((followUp) => followUp.label === label)?.run()));
  }

  async withProgress<T>(
    title: string,
    task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
    options: { location?: 'notification' | 'view' } = {},
  ): Promise<T> {
    this.progressTitles.push(title);
    const controller = new AbortController();
    const cancelAt = this.cancelAtReport;
    const report = (message: string) => {
      this.progressReports.push(message);
      if (
        cancelAt !== undefined &&
        (typeof cancelAt === 'string' ? message === cancelAt : cancelAt(message)) &&
        options.location !== 'view'
      ) {
        this.cancelAtReport = undefined;
        controller.abort();
      }
    };
    // Like VS Code: only a notification has a Cancel button.
    if (!this.cancelling?.times || options.location === 'view') return task(controller.signal, report);
    this.cancelling.times--;
    const timer = setTimeout(() => controller.abort(), this.cancelling.afterMs);
    try {
      return await task(controller.signal, report);
    } finally {
      clearTimeout(timer);
    }
  }

  confirm(text: string, detail: QuestionDetail, action: string): Promise<boolean> {
    return promised(() => {
      this.confirmations.push({ text, detail: detailText(detail), action });
      const answer = this.confirmScript.shift();
      if (answer === undefined) throw new Error(`Unexpected question: ${text}`);
      return answer;
    });
  }

  ask(text: string, detail: QuestionDetail, actions: string[]): Promise<string | undefined> {
    return promised(() => {
      this.confirmations.push({ text, detail: detailText(detail), action: actions.join(' / ') });
      // A test that answers it as a yes-or-no question (confirmWith) takes the first action, or Cancel.
      const yesOrNo = this.askScript.length === 0 ? this.confirmScript.shift() : undefined;
      if (this.askScript.length === 0 && yesOrNo === undefined) throw new Error(`Unexpected question: ${text}`);
      const answer = yesOrNo === undefined ? this.askScript.shift() : yesOrNo ? actions[0] : undefined;
      if (answer !== undefined && !actions.includes(answer)) {
        throw new Error(`Question '${text}' has no action '${answer}' (has ${actions.join(', ')})`);
      }
      return answer;
    });
  }

  openReadOnly(name: string, content: string): Promise<void> {
    this.documents.push({ name, content });
    return Promise.resolve();
  }

  /** Recorded with the documents, marked rendered. */
  openMarkdown(name: string, content: string): Promise<void> {
    this.documents.push({ name, content, rendered: true });
    return Promise.resolve();
  }

  showDiff(left: ReadOnlyText, right: { uri: string } | ReadOnlyText, title: string): Promise<void> {
    this.diffs.push({ left, right, title });
    return Promise.resolve();
  }

  saveNewFile(suggestedName: string, content: string, title: string): Promise<FileRef | undefined> {
    return promised(() => {
      if (this.saveScript.length === 0) throw new Error(`Unexpected save dialog: ${title} (${suggestedName})`);
      const file = this.saveScript.shift();
      if (file === undefined) return undefined;
      fs.writeFileSync(file, content);
      return { uri: file, label: path.basename(file) };
    });
  }

  copyToClipboard(text: string): Promise<void> {
    this.clipboard = text;
    return Promise.resolve();
  }

  status(text: string): void {
    this.statuses.push(text);
  }

  /** Every prompt and answer the script held was used. */
  assertScriptUsed(): void {
    const left = [
      this.inputScript.length && `${this.inputScript.length} prompt answers`,
      this.pickScript.length && `${this.pickScript.length} picks`,
      this.messageScript.length && `${this.messageScript.length} message answers`,
      this.confirmScript.length && `${this.confirmScript.length} confirmations`,
      this.saveScript.length && `${this.saveScript.length} save dialogs`,
    ].filter(Boolean);
    if (left.length) throw new Error(`Script not used up: ${left.join(', ')}`);
  }

  /**
   * Waits until every message the flow did not wait on was answered and every follow-up its
   * button started (e.g. Activate Again, Sign In) ran to the end, including the messages those
   * follow-ups showed in turn. A follow-up that throws fails the test here.
   */
  async settle(): Promise<void> {
    for (let waited = 0; waited < this.pendingMessages.length;) {
      const batch = this.pendingMessages.slice(waited);
      waited = this.pendingMessages.length;
      await Promise.all(batch);
    }
  }

  lastMessage(): RecordedMessage | undefined {
    return this.messages[this.messages.length - 1];
  }
}
