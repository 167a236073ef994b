import * as vscode from 'vscode';
import {
  parseSettings,
  SETTINGS_SECTION,
  SettingKeys,
  type Settings,
  type SettingsSource,
  USER_ONLY,
} from '../foundation/settings';
import { quoted, withoutUserInfo } from '../foundation/validation';
import { editorWords } from '../ui/editorWords';

/** A value that a workspace or folder sets for a user-only setting, and that is not used. */
interface IgnoredValue {
  key: string;
  value: unknown;
}

/** capillaryRewards.* from VS Code's configuration. */
export class VSCodeSettings implements SettingsSource {
  /** What the workspace's settings files set for the user-only settings, read in the background. */
  private workspaceValues: IgnoredValue[] = [];
  private scanned = false;
  private scans = 0;
  private readonly listeners = new Set<() => void>();
  /** The last read, until a capillaryRewards.* setting or a workspace settings file changes. */
  private cached?: Settings;
  private readonly invalidation = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SETTINGS_SECTION)) this.cached = undefined;
  });
  /** One watcher per settings file the workspace can have, made after the first scan (not during activation). */
  private watchers?: vscode.Disposable;

  dispose(): void {
    this.invalidation.dispose();
    this.watchers?.dispose();
  }

  /**
   * Every sign-in check, view refresh and request reads the settings; inspect() is costly (it
   * walks every configuration layer), so the answer is kept until a setting or a workspace
   * settings file changes. A copy is returned, since callers may add to its problems.
   */
  read(): Settings {
    this.cached ??= this.readNow();
    return { ...this.cached, problems: [...this.cached.problems] };
  }

  private readNow(): Settings {
    const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = new Map(USER_ONLY.map((key) => [key, configuration.inspect(key)]));
    const settings = parseSettings(
      (key) => (inspected.has(key) ? userValue(inspected.get(key)) : configuration.get(key)),
      editorWords,
    );
    if (!this.scanned) {
      this.scanned = true;
      // After activation: reading files is not what start-up waits for.
      setTimeout(() => void this.rescan(), 0);
    }
    settings.problems.push(...this.ignoredValues(inspected).map(ignoredProblem));
    return settings;
  }

  async setHost(origin: string): Promise<void> {
    await vscode.workspace
      .getConfiguration(SETTINGS_SECTION)
      .update(SettingKeys.host, origin, vscode.ConfigurationTarget.Global);
    this.cached = undefined;
  }

  connectionItems(): unknown[] {
    const value = userValue(vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(SettingKeys.connections));
    return Array.isArray(value) ? [...(value as unknown[])] : [];
  }

  async setConnectionItems(items: unknown[]): Promise<void> {
    await vscode.workspace
      .getConfiguration(SETTINGS_SECTION)
      .update(SettingKeys.connections, items, vscode.ConfigurationTarget.Global);
    this.cached = undefined;
  }

  /**
   * Fires when any capillaryRewards.* setting changes, and when a workspace settings file starts
   * or stops setting a user-only one: VS Code reports no change for a value it ignores.
   */
  onDidChange(listener: () => void): vscode.Disposable {
    this.listeners.add(listener);
    return vscode.Disposable.from(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS_SECTION)) listener();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watchers?.dispose();
        this.watchers = undefined;
        void this.rescan();
      }),
      { dispose: () => this.listeners.delete(listener) },
      {
        dispose: () => {
          this.watchers?.dispose();
        },
      },
    );
  }

  /**
   * Watches exactly the files workspaceValues() reads: each folder's .vscode/settings.json and the
   * .code-workspace file. Not a recursive glob over the workspace, which costs far more.
   */
  private watch(): vscode.Disposable {
    const rescan = () => void this.rescan();
    const patterns = [
      ...(vscode.workspace.workspaceFolders ?? []).map(
        (folder) => new vscode.RelativePattern(folder, '.vscode/settings.json'),
      ),
      ...workspaceFilePattern(),
    ];
    return vscode.Disposable.from(
      ...patterns.flatMap((pattern) => {
        const watcher = vscode.workspace.createFileSystemWatcher(pattern);
        return [watcher, watcher.onDidChange(rescan), watcher.onDidCreate(rescan), watcher.onDidDelete(rescan)];
      }),
    );
  }

  /** User-only settings that a workspace or folder sets to something else than what is used. */
  private ignoredValues(
    inspections: Map<string, ReturnType<vscode.WorkspaceConfiguration['inspect']>>,
  ): IgnoredValue[] {
    const ignored: IgnoredValue[] = [];
    for (const key of USER_ONLY) {
      const inspected = inspections.get(key);
      const used = JSON.stringify(userValue(inspected));
      const setHere = [
        inspected?.workspaceValue,
        inspected?.workspaceFolderValue,
        ...this.workspaceValues.filter((v) => v.key === key).map((v) => v.value),
      ];
      for (const value of setHere) {
        if (
          value === undefined ||
          JSON.stringify(value) === used ||
          ignored.some((i) => i.key === key && JSON.stringify(i.value) === JSON.stringify(value))
        ) {
          continue;
        }
        ignored.push({ key, value });
      }
    }
    return ignored;
  }

  /** Reads the files again; what is found is said by the next read(), which the listeners are asked to make. */
  private async rescan(): Promise<void> {
    const scan = ++this.scans;
    const found = await workspaceValues();
    this.watchers ??= this.watch();
    // Two scans close together can finish out of order: only the latest one counts.
    if (scan !== this.scans || JSON.stringify(found) === JSON.stringify(this.workspaceValues)) return;
    this.workspaceValues = found;
    this.cached = undefined;
    this.listeners.forEach((listener) => listener());
  }
}

function workspaceFilePattern(): vscode.RelativePattern[] {
  const file = vscode.workspace.workspaceFile;
  if (!file || file.scheme === 'untitled') return [];
  return [new vscode.RelativePattern(vscode.Uri.joinPath(file, '..'), file.path.split('/').pop()!)];
}

/** The user's value, else the default: never a workspace's or a folder's. */
function userValue(inspected: { globalValue?: unknown; defaultValue?: unknown } | undefined): unknown {
  return inspected?.globalValue ?? inspected?.defaultValue;
}

function ignoredProblem({ key, value }: IgnoredValue): string {
  const setting = `${SETTINGS_SECTION}.${key}`;
  const shown = quoted(typeof value === 'string' ? withoutUserInfo(value) : value, '"');
  if (key === SettingKeys.host) {
    return vscode.l10n.t(
      "This workspace's settings set {0} to {1}; it is ignored: the cluster is chosen in your user settings (Select Cluster…).",
      setting,
      shown,
    );
  }
  if (key === SettingKeys.connections) {
    return vscode.l10n.t(
      "This workspace's settings set {0}; it is ignored: connections are added in your user settings only (Add Connection…).",
      setting,
    );
  }
  return vscode.l10n.t(
    "This workspace's settings set {0} to {1}; it is ignored: it is read from your user settings only.",
    setting,
    shown,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `capillaryRewards.host` written flat (as the Settings editor does) or nested. */
function settingIn(settings: unknown, key: string): unknown {
  if (!isObject(settings)) return undefined;
  const flat = settings[`${SETTINGS_SECTION}.${key}`];
  if (flat !== undefined) return flat;
  const section = settings[SETTINGS_SECTION];
  return isObject(section) ? section[key] : undefined;
}

/**
 * What the workspace's own files (each folder's .vscode/settings.json and a .code-workspace file's
 * "settings") set for the user-only settings. With application scope VS Code drops those values
 * before an extension could see them, so reading the files is the only way to say that they are
 * ignored. An unreadable or malformed file counts as setting nothing (VS Code reports its errors).
 */
async function workspaceValues(): Promise<IgnoredValue[]> {
  const { workspaceFolders = [], workspaceFile } = vscode.workspace;
  const files = [
    ...workspaceFolders.map((folder) => ({
      uri: vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'),
      inWorkspaceFile: false,
    })),
    ...(workspaceFile && workspaceFile.scheme !== 'untitled' ? [{ uri: workspaceFile, inWorkspaceFile: true }] : []),
  ];
  const found: IgnoredValue[] = [];
  for (const { uri, inWorkspaceFile } of files) {
    let parsed: unknown;
    try {
      parsed = parseJsonc(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      continue;
    }
    const settings = inWorkspaceFile ? (isObject(parsed) ? parsed.settings : undefined) : parsed;
    for (const key of USER_ONLY) {
      const value = settingIn(settings, key);
      if (value !== undefined) found.push({ key, value });
    }
  }
  return found;
}

/** JSON with comments and trailing commas, as VS Code writes settings files. */
function parseJsonc(text: string): unknown {
  // Outside strings: comments become blanks, and a comma with only blanks before `}` or `]` goes.
  const tokens = text.match(/"(?:[^"\\]|\\.)*"?|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[^"/]+|\//g) ?? [];
  const json = tokens.map((token) => (token.startsWith('//') || token.startsWith('/*') ? ' ' : token)).join('');
  const parts = json.match(/"(?:[^"\\]|\\.)*"?|[^"]+/g) ?? [];
  return JSON.parse(
    parts.map((part) => (part.startsWith('"') ? part : part.replace(/,(\s*[}\]])/g, '$1'))).join(''),
  ) as unknown;
}
