/** `capillary-groups diagnose`: every step between this machine and the cluster, as one report; exit 0 when all passed. */
import * as fs from 'fs';
import * as os from 'os';
import { formatDiagnosis, verdict } from '../../operations/diagnosisReport';
import { commandLineWords } from '../../node/commandLineWords';
import { diagnose } from '../../operations/diagnose';
import type { Options } from '../args';
import { chooseConnection, type CliContext, openConnections } from '../connection';
import { ExitCode } from '../exitCodes';
import type { CommandResult } from '../output';
import { TOOL_VERSION } from '../version';

export async function diagnoseCommand(options: Options, ctx: CliContext): Promise<CommandResult> {
  const choice = chooseConnection(options, ctx);
  // Credentials are not required: the network checks run without them, and the report says so.
  const { core, targets } = openConnections(ctx, choice);
  try {
    const target = targets[0]!;
    const diagnosis = await diagnose(target.connection, target.label, {
      network: choice.network,
      read: (file) => fs.promises.readFile(file, 'utf8'),
      routesItself: true,
      words: commandLineWords,
      timeoutMs: readTimeout(choice),
      signal: ctx.signal,
    });
    const environment = `capillary-groups ${TOOL_VERSION}, Node ${process.version}, ${os.platform()} ${os.arch()}`;
    const report = formatDiagnosis(diagnosis, commandLineWords, environment);
    return {
      exitCode: diagnosis.ok ? ExitCode.ok : ExitCode.error,
      rendered: {
        text: () => report,
        markdown: () => report,
        json: () => ({
          command: 'diagnose',
          connection: target.name ?? null,
          host: target.spec.origin,
          ok: diagnosis.ok,
          verdict: verdict(diagnosis),
          report,
        }),
      },
    };
  } finally {
    core.dispose();
  }
}

/** --timeout when given, else the core's default (30 s). */
function readTimeout(choice: { values: Record<string, unknown> }): number {
  const seconds = choice.values.requestTimeoutSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : 30_000;
}
