import * as l10n from '@vscode/l10n';
import { describeFailure } from '../messages/failures';
import { formatDiagnosis, verdict } from '../operations/diagnosisReport';
import { diagnose, type DiagnosisStepName } from '../operations/diagnose';
import type { CommandDeps } from './deps';
import { pickConnection, safeName } from './steps/groupsFile';

/**
 * Capillary Rewards: Diagnose Connection… — the row's connection, else one picked (the active one
 * first): every step from this machine to its cluster, the way requests go (see
 * src/operations/diagnose.ts), shown as one report with no secret in it, and a Copy Report button.
 * It changes nothing on the server.
 */
export async function diagnoseConnection(deps: CommandDeps, connectionId?: string): Promise<void> {
  const { ui, network } = deps;
  const connection = await pickConnection(deps, l10n.t('Diagnose Connection: which one?'), connectionId);
  if (!connection || !network) return;
  const label = connection.displayName();
  const steps: Record<DiagnosisStepName, string> = {
    certificates: l10n.t('reading the root certificates'),
    network: l10n.t('DNS, TCP, proxy and TLS'),
    'sign-in': l10n.t('one signed request'),
  };
  let diagnosis;
  try {
    diagnosis = await ui.withProgress(l10n.t('Diagnosing {0}', label), (signal, report) =>
      diagnose(connection, label, {
        network: network.inputs(),
        read: network.read,
        routesItself: false,
        words: deps.words,
        timeoutMs: deps.settings.read().timeoutMs,
        signal,
        onStep: (step) => report(steps[step]),
      }),
    );
  } catch (error) {
    const failure = describeFailure(
      error,
      { origin: connection.spec()?.origin ?? '', where: label, doing: l10n.t('diagnose {0}', label) },
      deps.words,
    );
    if (failure) void ui.message('error', failure.message, ...failure.actions);
    return;
  }
  const report = formatDiagnosis(diagnosis, deps.words, network.environment);
  const said = verdict(diagnosis);
  deps.log.info(`Diagnose Connection ${connection.logName()}: ${said}`);
  await ui.openMarkdown(`${safeName(label)} diagnosis.md`, report);
  ui.notify(diagnosis.ok ? 'info' : 'warning', l10n.t('{0}: {1}', label, said), {
    label: l10n.t('Copy Report'),
    run: async () => {
      await ui.copyToClipboard(report);
      ui.status(l10n.t('The diagnosis of {0} is on the clipboard.', label));
    },
  });
}
