import type { Logger } from '../foundation/log';

/** Log lines to a stream (stderr on the command line), one per line with its level first. */
export class StreamLog implements Logger {
  constructor(private readonly stream: { write(text: string): unknown }) {}

  info(message: string): void {
    this.stream.write(`info ${message}\n`);
  }

  warn(message: string): void {
    this.stream.write(`warn ${message}\n`);
  }

  error(message: string): void {
    this.stream.write(`error ${message}\n`);
  }
}
