import * as os from 'node:os';
import * as vscode from 'vscode';
import { createRouter, type NetworkInputs } from '../api/network';
import type { ProxySupport } from '../api/proxy';
import type { ReadText } from '../api/trust';
import type { DiagnosisNetwork } from '../operations/diagnose';
import type { SettingsSource } from '../foundation/settings';

/**
 * The editor's network inputs: VS Code's own proxy settings (http.proxy, http.noProxy,
 * http.proxySupport, http.systemCertificates) and the extension's extra certificates. VS Code
 * routes the requests; this says which proxy it uses and adds the extra roots to the system's.
 */
export function editorNetworkInputs(settings: SettingsSource): NetworkInputs {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxy: {
      proxySupport: http.get<ProxySupport>('proxySupport') ?? 'override',
      proxySetting: http.get<string>('proxy') ?? '',
      noProxySetting: http.get<string[]>('noProxy') ?? [],
      env: process.env,
      systemResolves: true,
    },
    extraCertificates: settings.read().extraCertificates,
    includeSystem: http.get<boolean>('systemCertificates') ?? true,
  };
}

/**
 * A file of the machine the extension runs on: `file:` in workspace.fs is that machine's disk,
 * on either side of a remote window.
 */
export const readLocalText: ReadText = async (path) => {
  const expanded = path === '~' || path.startsWith('~/') ? os.homedir() + path.slice(1) : path;
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(expanded)));
};

/** What Diagnose Connection reads in the editor, and the report's From line (where the requests leave from). */
export function editorDiagnosisNetwork(settings: SettingsSource, kind: vscode.ExtensionKind): DiagnosisNetwork {
  const side = vscode.env.remoteName
    ? kind === vscode.ExtensionKind.Workspace
      ? `remote window (${vscode.env.remoteName}), the extension runs on the remote machine`
      : `remote window (${vscode.env.remoteName}), the extension runs on this computer`
    : 'local window';
  return {
    inputs: () => editorNetworkInputs(settings),
    read: readLocalText,
    environment: `${vscode.env.appName} ${vscode.version}, Node ${process.version}, ${os.platform()} ${os.arch()}, ${side}`,
  };
}

export function createEditorRouter(settings: SettingsSource): ReturnType<typeof createRouter> {
  return createRouter({ inputs: () => editorNetworkInputs(settings), read: readLocalText, routesItself: false });
}
