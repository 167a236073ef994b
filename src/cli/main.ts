/**
 * `capillary-groups`: the command line, a second front end on the core (docs/architecture.md).
 * Parses the words, runs one command on the core composed with Node ports, prints its result and
 * exits with the contract's code. SIGINT aborts what is on its way (an apply ends with what was
 * done and what was not sent); a second SIGINT exits at once.
 */
import * as l10n from '@vscode/l10n';
import { errorText } from '../api/errors';
import { parseArgs, type Invocation } from './args';
import { applyCommand } from './commands/apply';
import { compareCommand } from './commands/compare';
import { diagnoseCommand } from './commands/diagnose';
import { exportCommand } from './commands/export';
import { planCommand } from './commands/plan';
import { showCommand } from './commands/show';
import { validateCommand } from './commands/validate';
import type { CliContext } from './connection';
import { CliError, ExitCode } from './exitCodes';
import { helpText } from './help';
import { type CommandResult, Output, type OutputMode } from './output';
import { TOOL_VERSION } from './version';

type Run = Extract<Invocation, { kind: 'run' }>;

function run(invocation: Run, ctx: CliContext): Promise<CommandResult> {
  const { operands, options } = invocation;
  switch (invocation.command) {
    case 'export':
      return exportCommand(options, ctx);
    case 'validate':
      return validateCommand(operands, ctx);
    case 'plan':
      return planCommand(operands, options, ctx);
    case 'apply':
      return applyCommand(operands, options, ctx);
    case 'compare':
      return compareCommand(options, ctx);
    case 'show':
      return showCommand(operands, ctx);
    case 'diagnose':
      return diagnoseCommand(options, ctx);
  }
}

/** The output form asked for, as far as words that did not parse tell it. */
function modeOf(argv: readonly string[]): OutputMode {
  return argv.includes('--json') ? 'json' : argv.includes('--markdown') ? 'markdown' : 'text';
}

export async function main(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const env = process.env;
  let output = new Output(modeOf(argv), process.stdout, process.stderr, env);
  let command: string | undefined;
  try {
    const invocation = parseArgs(argv);
    if (invocation.kind === 'version') {
      output.print(TOOL_VERSION);
      return ExitCode.ok;
    }
    if (invocation.kind === 'help') {
      if (invocation.asked) output.print(helpText(invocation.command));
      else process.stderr.write(helpText());
      return invocation.asked ? ExitCode.ok : ExitCode.error;
    }
    command = invocation.command;
    output = new Output(invocation.output, process.stdout, process.stderr, env);
    const ctx: CliContext = {
      env,
      cwd: process.cwd(),
      stderr: process.stderr,
      stdinIsTTY: process.stdin.isTTY === true,
      output,
      signal,
    };
    const result = await run(invocation, ctx);
    output.result(result.rendered);
    return result.exitCode;
  } catch (error) {
    if (error instanceof CliError) {
      output.failure(command, error.exitCode, error.message, error.problems);
      return error.exitCode;
    }
    // A failure no step words: a bug, said as one sentence; the stack only on request.
    output.failure(command, ExitCode.error, l10n.t('Unexpected failure: {0}', errorText(error)));
    if (env.CAPILLARY_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return ExitCode.error;
  }
}

function start(): void {
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(
      `${l10n.t('Interrupted: stopping after the requests on their way (again to quit at once).')}\n`,
    );
    interrupt.abort();
  });
  void main(process.argv.slice(2), interrupt.signal).then((code) => {
    // Exit once both streams are written: an idle keep-alive socket must not hold the process.
    let pending = 2;
    const done = () => {
      if (--pending === 0) process.exit(code);
    };
    process.stdout.write('', done);
    process.stderr.write('', done);
  });
}

start();
