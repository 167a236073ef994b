// The command line as a pipeline runs it: `node dist/cli.js …` in a child process (stdin not a
// terminal), with only the environment given, or on a terminal (`onTerminal`). Shared by the CLI's
// flow tests and the reliability suite.
import { spawn } from 'child_process';
import * as path from 'path';
import { DEMO_CREDENTIALS } from '../sandbox/server';

/** The repository: the test bundles sit in out/test/<tier>/. */
export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One run of the tool, with only the environment given (and PATH): nothing of this machine's CI leaks in. */
export function cli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; onStderr?: (text: string, kill: () => void) => void },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr, () => child.kill('SIGINT'));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment of a pipeline signed in to `host` as the demo till (basic) or the demo client (oauth). */
export function cliEnv(
  host: string,
  method: 'basic' | 'oauth',
  extra: Record<string, string> = {},
): Record<string, string> {
  const { basic, oauth } = DEMO_CREDENTIALS;
  return method === 'basic'
    ? { CAPILLARY_HOST: host, CAPILLARY_TILL: basic.username, CAPILLARY_PASSWORD: basic.password, ...extra }
    : {
        CAPILLARY_HOST: host,
        CAPILLARY_AUTH: 'oauth',
        CAPILLARY_CLIENT_KEY: oauth.key,
        CAPILLARY_CLIENT_SECRET: oauth.secret,
        ...extra,
      };
}

/**
 * One run on a terminal: util-linux's `script` gives the tool a pseudo-terminal for stdin, stdout
 * and stderr (all three on it, so its output is one stream, with the echo of what was typed).
 * `answer` is typed once `question` shows.
 */
export function onTerminal(
  args: string[],
  options: { cwd: string; env: Record<string, string>; question: RegExp; answer: string },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args].map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!answered && options.question.test(output)) {
        answered = true;
        child.stdin.write(options.answer);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
