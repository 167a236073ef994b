import * as vscode from 'vscode';
import type { Connections } from '../connections/connections';
import type { GroupList } from '../groups/groupList';
import { AUTH_METHOD_NAMES, hostLabel } from '../foundation/settings';
import { escapeMarkdown } from './groupPresentation';

/**
 * The status bar item of the active connection: its name (or cluster), marked when it is
 * production; the tooltip says cluster, org (once known) and sign-in method; a click runs Switch
 * Connection. Made from settings and globalState only: it reads no secret. Hidden until the first update().
 */
export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'capillaryRewards.connection',
    vscode.StatusBarAlignment.Left,
    50,
  );

  constructor(
    private readonly connections: Connections,
    private readonly list: GroupList,
  ) {
    this.item.name = vscode.l10n.t('Capillary Rewards Connection');
    this.item.command = 'capillaryRewards.switchConnection';
    // Shown by update(), once the composition root has read the settings (just after activation).
  }

  update(): void {
    const active = this.connections.active();
    const spec = active.spec();
    if (!spec) {
      this.item.hide();
      return;
    }
    // A name is the user's text: '$(' in it would draw an icon.
    const name = (spec.name || hostLabel(spec.origin)).replace(/\$\(/g, '$\u200B(');
    const orgId = this.list.orgId(spec.key);
    const method = AUTH_METHOD_NAMES[spec.authMethod];
    this.item.text = spec.production ? `$(flame) ${name} · ${vscode.l10n.t('PRODUCTION')}` : `$(plug) ${name}`;
    this.item.backgroundColor = spec.production ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(
      [
        vscode.l10n.t('Capillary Rewards: active connection {0}', spec.name ? `**${escapeMarkdown(spec.name)}**` : ''),
        vscode.l10n.t('Cluster: {0}', spec.origin),
        vscode.l10n.t('Org: {0}', orgId === undefined ? vscode.l10n.t('not known yet') : orgId),
        vscode.l10n.t('Sign-in: {0}', method),
        ...(spec.production ? [vscode.l10n.t('Production: every change asks first.')] : []),
        vscode.l10n.t('Click to switch connection.'),
      ].join('\n\n'),
    );
    this.item.tooltip = tooltip;
    // A connection named after its cluster is named once.
    const where = spec.name && spec.name !== hostLabel(spec.origin) ? `${name}, ${hostLabel(spec.origin)}` : name;
    this.item.accessibilityInformation = {
      label: vscode.l10n.t(
        'Capillary Rewards connection {0}{1}',
        where,
        spec.production ? `, ${vscode.l10n.t('production')}` : '',
      ),
    };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
