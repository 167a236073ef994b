/**
 * Where a run's words go: the result on stdout (text, --json or --markdown), everything else on
 * stderr (a line per request, progress, warnings). Colour only for text on a terminal without
 * NO_COLOR; the markdown form of plan, apply and compare appended to $GITHUB_STEP_SUMMARY; under
 * GitHub Actions every secret in use masked with `::add-mask::` before anything could show it.
 */
import * as fs from 'fs';

export type OutputMode = 'text' | 'json' | 'markdown';
type Environment = Readonly<Record<string, string | undefined>>;

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** How text is coloured: each function returns its text unchanged when colour is off. */
export interface Paint {
  bold: (text: string) => string;
  dim: (text: string) => string;
  green: (text: string) => string;
  yellow: (text: string) => string;
  red: (text: string) => string;
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;
const COLOURS: Paint = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  red: ansi(31, 39),
};
const PLAIN: Paint = { bold: (t) => t, dim: (t) => t, green: (t) => t, yellow: (t) => t, red: (t) => t };

/** A command's result in each form; `markdown` also goes to $GITHUB_STEP_SUMMARY when `summary` is set. */
export interface Rendered {
  text(paint: Paint): string;
  json(): Record<string, unknown>;
  markdown(): string;
  /** Plan, apply and compare: their markdown goes to the step summary too. */
  summary?: boolean;
}

export class Output {
  private readonly masked = new Set<string>();

  constructor(
    readonly mode: OutputMode,
    private readonly stdout: Stream,
    private readonly stderr: Stream,
    private readonly env: Environment,
  ) {}

  /** Colour for text output on a terminal, unless NO_COLOR is set (to anything). */
  get paint(): Paint {
    return this.mode === 'text' && this.stdout.isTTY === true && this.env.NO_COLOR === undefined ? COLOURS : PLAIN;
  }

  /** Under GitHub Actions, each value not masked yet is masked (a line on stdout) before it could show anywhere. */
  mask(values: Iterable<string>): void {
    if (this.env.GITHUB_ACTIONS !== 'true') return;
    for (const value of values) {
      if (value === '' || this.masked.has(value) || /[\r\n]/.test(value)) continue;
      this.masked.add(value);
      this.stdout.write(`::add-mask::${value}\n`);
    }
  }

  /** The result on stdout in the chosen form; the markdown appended to the step summary when there is one. */
  result(rendered: Rendered): void {
    if (this.mode === 'json') {
      this.stdout.write(`${JSON.stringify({ formatVersion: 1, ...rendered.json() }, null, 2)}\n`);
    } else if (this.mode === 'markdown') this.stdout.write(ensureNewline(rendered.markdown()));
    else this.stdout.write(ensureNewline(rendered.text(this.paint)));
    const summaryFile = this.env.GITHUB_STEP_SUMMARY;
    if (rendered.summary && summaryFile) {
      try {
        fs.appendFileSync(summaryFile, `${ensureNewline(rendered.markdown())}\n`);
      } catch (error) {
        this.warn(`could not append to GITHUB_STEP_SUMMARY (${summaryFile}): ${(error as Error).message}`);
      }
    }
  }

  /** A failure: its sentence (and problems) on stderr, and with --json an object on stdout too. */
  failure(command: string | undefined, exitCode: number, message: string, problems: readonly string[] = []): void {
    const paint = this.stderr.isTTY === true && this.env.NO_COLOR === undefined ? COLOURS : PLAIN;
    for (const problem of problems) this.stderr.write(`${problem}\n`);
    this.stderr.write(`${paint.red(message)}\n`);
    if (this.mode === 'json') {
      const error = { exitCode, message, ...(problems.length > 0 ? { problems } : {}) };
      this.stdout.write(`${JSON.stringify({ formatVersion: 1, command: command ?? null, error }, null, 2)}\n`);
    } else if (this.mode === 'markdown') {
      this.stdout.write(
        `${problems.map((problem) => `- ${escapeMarkdown(problem)}\n`).join('')}**${escapeMarkdown(message)}**\n`,
      );
    }
  }

  /** Progress and warnings: stderr, never the result. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`warn ${text}\n`);
  }

  /** Plain text to stdout whatever the mode (help, version). */
  print(text: string): void {
    this.stdout.write(ensureNewline(text));
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A name or sentence inside markdown: no character of it makes a link, emphasis, a table cell's end or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** What a command ends with: its exit code and its result in each form. */
export interface CommandResult {
  exitCode: number;
  rendered: Rendered;
}
