/** `capillary-groups export [--out FILE]`: the connection's org as a groups file. */
import * as l10n from '@vscode/l10n';
import { exportOrg } from '../../operations/exportOrg';
import { textOption, type Options } from '../args';
import { chooseConnection, type CliContext, talking, usingConnections } from '../connection';
import { ExitCode } from '../exitCodes';
import { writeOut } from '../groupsFile';
import { type CommandResult, escapeMarkdown } from '../output';

export function exportCommand(options: Options, ctx: CliContext): Promise<CommandResult> {
  return usingConnections(ctx, chooseConnection(options, ctx), async ([target]) => {
    const exported = await talking(target!, l10n.t('read the groups of {0}', target!.label), () =>
      exportOrg(target!.connection, { signal: ctx.signal }),
    );
    const out = textOption(options, 'out');
    writeOut(ctx.cwd, out, exported.content);
    // Names the org holds that a file may not: the file is written, and will not plan until they are fixed.
    for (const problem of exported.problems) ctx.output.warn(problem.message);
    const count = exported.org.groups.length;
    const said = l10n.t('Exported {0} groups of {1}{2}.', count, target!.label, orgText(exported.org.orgId));
    return {
      exitCode: ExitCode.ok,
      rendered: {
        text: (paint) => (out ? paint.bold(`${said} ${l10n.t('Written to {0}.', out)}`) : exported.content),
        json: () => ({
          command: 'export',
          connection: target!.name ?? null,
          host: target!.spec.origin,
          orgId: exported.org.orgId ?? null,
          groups: count,
          file: out ?? null,
          problems: exported.problems.map((problem) => problem.message),
          ...(out ? {} : { content: exported.content }),
        }),
        markdown: () =>
          [`### ${escapeMarkdown(said)}`, '', ...(out ? [] : ['```json', exported.content.trimEnd(), '```']), ''].join(
            '\n',
          ),
      },
    };
  });
}

export function orgText(orgId: number | undefined | null): string {
  return orgId === undefined || orgId === null ? '' : l10n.t(', org {0}', orgId);
}
