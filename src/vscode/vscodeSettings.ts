import * as vscode from 'vscode';
import { parseSettings, SETTINGS_SECTION, SettingKeys, type Settings, type SettingsSource } from '../settings';

/** capillaryRewards.* from VS Code's configuration. */
export class VSCodeSettings implements SettingsSource {
  read(): Settings {
    const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    return parseSettings((key) => configuration.get(key));
  }

  async setHost(origin: string): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(SettingKeys.host, origin, vscode.ConfigurationTarget.Global);
  }

  /** Fires when any capillaryRewards.* setting changes. */
  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION)) listener();
    });
  }
}
