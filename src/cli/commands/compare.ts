/** `capillary-groups compare --from A --to B [--out FILE]`: two connections' orgs compared; exit 2 when they differ. */
import * as l10n from '@vscode/l10n';
import { describeChange, rankText } from '../../groupsFile/plan';
import { shortName } from '../../messages/names';
import { compareRead, type Comparison } from '../../operations/compareOrgs';
import { readOrg } from '../../operations/readOrg';
import { textOption, type Options } from '../args';
import { chooseTwo, type CliContext, talking, type Target, usingConnections } from '../connection';
import { CliError, ExitCode } from '../exitCodes';
import { writeOut } from '../groupsFile';
import { type CommandResult, escapeMarkdown, type Paint } from '../output';
import { orgText } from './export';

export function compareCommand(options: Options, ctx: CliContext): Promise<CommandResult> {
  const from = textOption(options, 'from');
  const to = textOption(options, 'to');
  if (!from || !to) {
    throw new CliError(
      ExitCode.error,
      l10n.t('compare needs --from A and --to B, two connections of capillary-connections.json.'),
    );
  }
  return usingConnections(ctx, chooseTwo(options, ctx, from, to), async ([a, b]) => {
    const read = (target: Target) =>
      talking(target, l10n.t('read the groups of {0}', target.label), () =>
        readOrg(target.connection, { signal: ctx.signal }),
      );
    const comparison = compareRead(await read(a!), await read(b!));
    const out = textOption(options, 'out');
    writeOut(ctx.cwd, out, comparison.differenceText);
    const { onlyInFrom, differing, onlyInTo } = comparison.counts;
    const differ = onlyInFrom + differing + onlyInTo > 0;
    return { exitCode: differ ? ExitCode.changes : ExitCode.ok, rendered: render(comparison, a!, b!, differ, out) };
  });
}

/** A line per group that differs: only in A, in both but otherwise (B's → A's), only in B. */
interface Difference {
  sign: '+' | '~' | '-';
  name: string;
  detail: string;
}

function differences(comparison: Comparison, a: Target, b: Target): Difference[] {
  const aName = a.name ?? a.label;
  const bName = b.name ?? b.label;
  return comparison.plan.steps.flatMap((step): Difference[] => {
    if (step.kind === 'create') {
      const detail = l10n.t('only in {0} (rank {1})', aName, rankText(step.rank));
      return [{ sign: '+', name: step.entry.name, detail }];
    }
    if (step.kind === 'update') {
      return [
        { sign: '~', name: step.group.name, detail: l10n.t('{0} → {1}: {2}', bName, aName, describeChange(step)) },
      ];
    }
    if (step.kind === 'serverOnly') return [{ sign: '-', name: step.group.name, detail: l10n.t('only in {0}', bName) }];
    return [];
  });
}

function render(
  comparison: Comparison,
  a: Target,
  b: Target,
  differ: boolean,
  out: string | undefined,
): CommandResult['rendered'] {
  const { counts } = comparison;
  const heading = l10n.t(
    'Comparison of {0}{1} with {2}{3}',
    a.label,
    orgText(comparison.from.orgId),
    b.label,
    orgText(comparison.to.orgId),
  );
  const line = differ
    ? l10n.t(
        '{0} only in the first, {1} in both but otherwise, {2} only in the second.',
        counts.onlyInFrom,
        counts.differing,
        counts.onlyInTo,
      )
    : l10n.t('The two orgs hold the same groups.');
  const rows = differences(comparison, a, b);
  const side = (target: Target, org: Comparison['from']) => ({
    connection: target.name ?? null,
    host: target.spec.origin,
    orgId: org.orgId ?? null,
    groups: org.groups.length,
  });
  const colour = (paint: Paint, sign: string) => (sign === '+' ? paint.green : sign === '-' ? paint.red : paint.yellow);
  return {
    summary: true,
    text: (paint) =>
      [
        paint.bold(heading),
        line,
        ...rows.map((row) => colour(paint, row.sign)(`  ${row.sign} '${shortName(row.name)}': ${row.detail}`)),
        ...(out ? [l10n.t('The difference is written to {0}.', out)] : []),
      ].join('\n'),
    json: () => ({
      command: 'compare',
      differ,
      from: side(a, comparison.from),
      to: side(b, comparison.to),
      counts,
      differences: rows.map((row) => ({
        kind: { '+': 'onlyInFrom', '~': 'differing', '-': 'onlyInTo' }[row.sign],
        name: row.name,
        detail: row.detail,
      })),
      differenceFile: out ?? null,
    }),
    markdown: () =>
      [
        `### ${escapeMarkdown(heading)}`,
        '',
        `**${escapeMarkdown(line)}**`,
        ...(rows.length > 0
          ? [
              '',
              l10n.t('| | group | difference |'),
              '|---|---|---|',
              ...rows.map((row) => `| ${row.sign} | ${escapeMarkdown(row.name)} | ${escapeMarkdown(row.detail)} |`),
            ]
          : []),
        '',
      ].join('\n'),
  };
}
