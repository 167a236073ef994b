// Launches a real VS Code (code-server, the VS Code workbench served to a browser) with one .vsix
// installed, opens it in Debian's Chromium through playwright-core and offers a few helpers to
// drive the workbench the way a user would. Everything runs on 127.0.0.1 and works offline; see
// docs/architecture.md ("Testing in a real VS Code") for the facts behind the choices made here.
//
// Bundle with playwright-core kept external (esbuild --external:playwright-core).
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// Plain CommonJS, so that it also runs on its own before any build; typed by setup-vscode.d.ts.
import { CHROMIUM, ensureVSCode } from './setup-vscode.js';

export interface LaunchOptions {
  /** The packaged extension to install into the fresh extensions dir. */
  vsixPath: string;
  /** Merged over the defaults written to User/settings.json before the server starts. */
  userSettings?: Record<string, unknown>;
  /** Folder to open (`?folder=`); an empty window when omitted. */
  workspaceFolder?: string;
  /**
   * Start code-server with --disable-workspace-trust (default true). With trust left on, a
   * folder opens in Restricted Mode and extensions without `capabilities.untrustedWorkspaces`
   * stay disabled until the folder is trusted.
   */
  disableWorkspaceTrust?: boolean;
  /** Where screenshots and the server/browser logs go; default `<cwd>/test-results/e2e`. */
  artifactsDir?: string;
  /** Prefix for the artifact file names of this session; default `vscode`. */
  name?: string;
  /** Browser viewport; default 1400x900. */
  viewport?: { width: number; height: number };
  /** How long to wait for the workbench to appear; default 90 s. */
  startupTimeoutMs?: number;
  /** Extra environment for code-server, which its extension hosts inherit. */
  serverEnv?: Record<string, string>;
  /**
   * Runs an extension-host test suite, as `--extensionDevelopmentPath` / `--extensionTestsPath`
   * do on the desktop: the folder is loaded as the extension under development and the suite's
   * `run()` is called inside the extension host; `session.testsExited` resolves with its exit code.
   */
  extensionTests?: { developmentPath: string; testsPath: string };
}

export interface VSCodeSession {
  /** The workbench URL (http://127.0.0.1:PORT/...). */
  url: string;
  page: Page;
  browser: Browser;
  context: BrowserContext;
  userDataDir: string;
  extensionsDir: string;
  /** `<publisher>.<name>` of the installed extension. */
  extensionId: string;
  artifactsDir: string;
  /** Milliseconds from launchVSCode() being called. */
  timings: { serverListening: number; workbenchReady: number };
  /** With `extensionTests`: the extension host's exit code once the suite has run. */
  testsExited?: Promise<number>;
  /**
   * Requests the page made to hosts other than 127.0.0.1/localhost. Chromium's resolver rules
   * refuse every one of them; a non-empty list means the workbench or the extension tried.
   */
  blockedRequests: string[];

  /**
   * Opens the Command Palette, types the title and runs the matching command. `title` is either
   * the full palette label ("Sample: Ask Name") or the title without its category ("Ask Name").
   * Retries while the command is not registered yet ("No matching commands"). A quick input
   * that is already open is closed (Escape) first. With several matches the first row wins.
   * Returns once the palette has closed; input the command opens appears asynchronously, so
   * wait for it (e.g. waitUntil(() => session.quickInputText(), ...)).
   */
  runCommand(title: string, options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Text of the visible quick input, '' if closed: for an input box the prompt or, while the
   * value is invalid, the validation message (it replaces the prompt); for a quick pick the
   * "N Results" count and the items (label and description run together, e.g. "Redwarm").
   * The placeholder is an attribute of the input, not text: read it with
   * `page.locator('.quick-input-box input').getAttribute('placeholder')`.
   */
  quickInputText(): Promise<string>;
  /** Labels of the rendered quick-pick items (without descriptions and details). */
  quickPickItems(): Promise<string[]>;
  /** Types into the visible quick input; `clear` first empties it. */
  typeIntoQuickInput(text: string, options?: { clear?: boolean }): Promise<void>;
  pressEnter(): Promise<void>;
  /** Clicks the quick-pick item whose label is exactly `label`. */
  pickQuickItem(label: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Focuses a view by its name, through the generated "Focus on <name> View" command. */
  openView(viewName: string): Promise<void>;
  /**
   * Rows of the tree views in the side bar, each "label" or "label description". With a view
   * name, only that view's rows.
   */
  treeRows(viewName?: string): Promise<string[]>;
  /** Text of the welcome content (viewsWelcome) shown in the side bar, '' if none. */
  welcomeText(viewName?: string): Promise<string>;
  /** Messages of the visible notification toasts. */
  notifications(): Promise<string[]>;
  /** Clicks the button with exactly this text on a visible notification toast. */
  clickNotificationButton(text: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Runs "Developer: Reload Window" and waits for the new workbench. */
  reloadWindow(): Promise<void>;
  /**
   * Contents of the extension's log file `<channelFileName>.log` (a LogOutputChannel named
   * e.g. "Capillary Rewards" is written to "Capillary Rewards.log"); '' while it does not exist.
   * Each extension-host start (e.g. after a reload) writes a new file: the newest is returned,
   * or all of them in order with `all`.
   */
  extensionLog(channelFileName: string, options?: { all?: boolean }): Promise<string>;
  /** Saves a PNG of the window as `<artifactsDir>/<session name>-<name>.png`; returns its path. */
  screenshot(name: string): Promise<string>;
  /**
   * Closes the browser, stops code-server's whole process group (SIGTERM, then SIGKILL after
   * 5 s) and removes the temporary dirs. Safe to call twice. If the test process dies without
   * calling it, a watchdog still kills the server and the next launch removes the dirs.
   */
  close(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  // No fade-in/out animations: screenshots and reads see settled UI.
  'workbench.reduceMotion': 'on',
  // Otherwise an empty secondary side bar (meant for Chat) takes a third of the window.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

// Flags for Debian's Chromium. --no-sandbox because tests usually run as root in a container;
// the --disable-* flags stop Chromium's own background traffic to Google services; the resolver
// rule makes every host name except the local ones unresolvable, so nothing loaded by the page
// (including service workers and webviews, which request interception would not see) can leave
// the machine.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/** Page-side elements; the DOM types are not part of this project's (Node) type library. */
type RenderedElement = { innerText: string };
/** A page-side element as the row readers use it: its own text and that of a descendant. */
type TextElement = { textContent: string | null; querySelector(selector: string): TextElement | null };

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
const TOASTS = '.notifications-toasts .notification-toast';
const WORKBENCH = '.monaco-workbench';

export interface CodeServerOptions {
  vsixPath: string;
  serverEnv?: Record<string, string>;
  userSettings?: Record<string, unknown>;
  workspaceFolder?: string;
  disableWorkspaceTrust?: boolean;
  artifactsDir: string;
  name: string;
  /** Port to listen on; a free one when omitted. */
  port?: number;
}

export interface CodeServer {
  /** The workbench URL, with `?folder=` when a folder was given. */
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  extensionId: string;
  /** When the server answered, in ms since start. */
  listeningAfterMs: number;
  /** Stops the server's process group and removes its temporary dirs; safe to call twice. */
  stop(): Promise<void>;
  /** @internal shared with launchVSCode, which adds the browser to it */
  cleanup: Cleanup;
}

/**
 * Starts code-server with the .vsix installed into a throw-away extensions and user-data dir.
 * Used by launchVSCode (tests) and by `npm start` (the demo, opened in any browser).
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const started = Date.now();
  fs.mkdirSync(options.artifactsDir, { recursive: true });
  const vsixPath = path.resolve(options.vsixPath);
  if (!fs.existsSync(vsixPath)) throw new Error(`No such .vsix: ${vsixPath}`);

  const { nodeBin, entryJs } = await ensureVSCode();

  // Everything this session writes lives below one temporary root, removed by stop().
  removeAbandonedSessions();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), SESSION_PREFIX));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const cleanup = new Cleanup(root);
  try {
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    const settings = { ...DEFAULT_SETTINGS, ...options.userSettings };
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

    const env = { ...serverEnvironment(root), ...options.serverEnv };
    // code-server writes a default config (with a random password) to ~/.config/code-server
    // unless it is given one; an explicit, empty config keeps the home directory untouched.
    const configFile = path.join(root, 'config.yaml');
    fs.writeFileSync(configFile, '');
    const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    installExtension(nodeBin, entryJs, common, vsixPath, env);
    const extensionId = installedExtensionId(extensionsDir, vsixPath);

    const port = options.port ?? (await freePort());
    const serverLog = path.join(options.artifactsDir, `${options.name}-code-server.log`);
    const serverArgs = [
      entryJs,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--ignore-last-opened',
      ...(options.disableWorkspaceTrust === false ? [] : ['--disable-workspace-trust']),
    ];
    const server = startServer(nodeBin, serverArgs, env, serverLog);
    cleanup.server = server;
    fs.writeFileSync(path.join(root, SESSION_PID_FILE), String(server.pid));
    await waitForServer(port, server, serverLog);

    let url = `http://127.0.0.1:${port}/`;
    if (options.workspaceFolder) url += `?folder=${encodeURIComponent(path.resolve(options.workspaceFolder))}`;
    return {
      url,
      port,
      userDataDir,
      extensionsDir,
      extensionId,
      listeningAfterMs: Date.now() - started,
      stop: () => cleanup.run(),
      cleanup,
    };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

export async function launchVSCode(options: LaunchOptions): Promise<VSCodeSession> {
  const started = Date.now();
  const name = options.name ?? 'vscode';
  const artifactsDir = path.resolve(options.artifactsDir ?? path.join(process.cwd(), 'test-results', 'e2e'));
  const server = await startCodeServer({ ...options, artifactsDir, name });
  const { cleanup, url, userDataDir, extensionsDir, extensionId } = server;
  try {
    const serverListening = Date.now() - started;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      // Chromium would otherwise write crash-report settings and a dconf cache into $HOME.
      env: { ...process.env, ...xdgDirs(path.dirname(userDataDir)) },
    });
    cleanup.browser = browser;
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();

    const blockedRequests: string[] = [];
    const browserLog = fs.createWriteStream(path.join(artifactsDir, `${name}-browser.log`));
    cleanup.streams.push(browserLog);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        browserLog.write(`[${message.type()}] ${message.text()}\n`);
      }
    });
    page.on('pageerror', (error) => browserLog.write(`[pageerror] ${error.stack ?? error.message}\n`));
    context.on('request', (request) => {
      const requested = request.url();
      if (/^(https?|wss?):/.test(requested) && !isLocal(requested)) blockedRequests.push(requested);
    });

    const testsExited = options.extensionTests
      ? (await prepareExtensionTests(page, options.extensionTests)).exited
      : undefined;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(WORKBENCH, { timeout: options.startupTimeoutMs ?? 90_000 });
    const workbenchReady = Date.now() - started;

    const session = createSession({
      url,
      page,
      browser,
      context,
      userDataDir,
      extensionsDir,
      extensionId,
      artifactsDir,
      name,
      timings: { serverListening, workbenchReady },
      blockedRequests,
      cleanup,
    });
    session.testsExited = testsExited;
    return session;
  } catch (error) {
    // Leave a picture of how far it got, then undo everything that was started.
    const page = cleanup.browser?.contexts()[0]?.pages()[0];
    if (page) await page.screenshot({ path: path.join(artifactsDir, `${name}-launch-failure.png`) }).catch(() => {});
    await cleanup.run();
    throw error;
  }
}

/**
 * code-server has no command-line flags for extension tests, but its workbench reads
 * `developmentOptions` (extension folders and a tests path) from the configuration embedded in
 * the page, as @vscode/test-web sets it. The configuration is amended before the workbench reads
 * it; the workbench reports the extension host's exit code through window.codeAutomationExit.
 */
async function prepareExtensionTests(
  page: Page,
  tests: { developmentPath: string; testsPath: string },
): Promise<{ exited: Promise<number> }> {
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
  await page.addInitScript(
    ({ developmentPath, testsPath }) => {
      const { host } = (globalThis as unknown as { location: { host: string } }).location;
      const remote = (path: string) => ({ scheme: 'vscode-remote', authority: host, path });
      type Element = { getAttribute(name: string): string | null; setAttribute(name: string, value: string): void };
      const doc = (globalThis as unknown as { document: { getElementById(id: string): Element | null } }).document;
      const Observer = (
        globalThis as unknown as {
          MutationObserver: new (callback: (records: unknown, observer: { disconnect(): void }) => void) => {
            observe(target: unknown, options: object): void;
          };
        }
      ).MutationObserver;
      new Observer((_records, observer) => {
        const element = doc.getElementById('vscode-workbench-web-configuration');
        const settings = element?.getAttribute('data-settings');
        if (!element || !settings) return;
        observer.disconnect();
        const configuration = JSON.parse(settings) as { developmentOptions?: object };
        configuration.developmentOptions = {
          ...configuration.developmentOptions,
          extensions: [remote(developmentPath)],
          extensionTestsPath: remote(testsPath),
        };
        element.setAttribute('data-settings', JSON.stringify(configuration));
      }).observe(doc, { childList: true, subtree: true });
    },
    { developmentPath: path.resolve(tests.developmentPath), testsPath: path.resolve(tests.testsPath) },
  );
  return { exited };
}

// -------------------------------------------------------------------------------------------
// Session helpers

type SessionParts = Pick<
  VSCodeSession,
  | 'url'
  | 'page'
  | 'browser'
  | 'context'
  | 'userDataDir'
  | 'extensionsDir'
  | 'extensionId'
  | 'artifactsDir'
  | 'timings'
  | 'blockedRequests'
> & { name: string; cleanup: Cleanup };

function createSession(parts: SessionParts): VSCodeSession {
  const { page } = parts;

  const quickInputVisible = () => page.locator(QUICK_INPUT).isVisible();

  async function closeQuickInput(): Promise<void> {
    if (await quickInputVisible()) {
      await page.keyboard.press('Escape');
      await page
        .locator(QUICK_INPUT)
        .waitFor({ state: 'hidden', timeout: 5_000 })
        .catch(() => {});
    }
  }

  /** Labels of the rendered quick-input rows, without keybinding hints or detail lines. */
  async function quickInputLabels(): Promise<string[]> {
    return page
      .locator(QUICK_INPUT_ROWS)
      .evaluateAll((rows) =>
        rows.map((row) => (row as TextElement).querySelector('.label-name')?.textContent?.trim() ?? ''),
      );
  }

  /**
   * After a palette row is clicked the widget fades out, still showing the palette, and a
   * command that asks for input reuses the same widget. Wait until it is hidden or no longer
   * holds the palette's ">" query, so the next read sees the command's own input.
   */
  async function paletteGone(): Promise<void> {
    await poll(
      async () => {
        if (!(await quickInputVisible())) return true;
        const value = await page
          .locator(QUICK_INPUT_BOX)
          .inputValue()
          .catch(() => '');
        return value.startsWith('>') ? undefined : true;
      },
      5_000,
      50,
    );
  }

  async function runCommand(title: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    const matches = (label: string) => label === title || label.endsWith(`: ${title}`);
    for (;;) {
      await closeQuickInput();
      await page.keyboard.press('Control+Shift+P');
      const opened = await page
        .locator(QUICK_INPUT_BOX)
        .waitFor({ state: 'visible', timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      if (!opened) {
        // Keys pressed while a webview (a Markdown preview) holds the focus can be lost in its
        // frame: move the focus to the active tab, in the workbench, and press again.
        await page
          .locator('.tabs-container .tab.active')
          .first()
          .focus()
          .catch(() => undefined);
        await page.keyboard.press('Control+Shift+P');
        await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout: 10_000 });
      }
      // The palette opens with ">" already in the box; type only the title after it.
      await page.keyboard.type(title);
      // The list is filtered asynchronously: wait for our row or for the "no match" message.
      const found = await poll(async () => {
        const labels = await quickInputLabels();
        const index = labels.findIndex(matches);
        if (index >= 0) return index;
        const text = await page
          .locator(QUICK_INPUT)
          .innerText()
          .catch(() => '');
        return /No matching commands/i.test(text) ? -1 : undefined;
      }, 3_000);
      if (found !== undefined && found >= 0) {
        // The list can re-render between reading and clicking; a missed click is retried.
        const clicked = await page
          .locator(QUICK_INPUT_ROWS)
          .nth(found)
          .click({ timeout: 5_000 })
          .then(
            () => true,
            () => false,
          );
        if (clicked) {
          await paletteGone();
          return;
        }
      }
      if (Date.now() > deadline) {
        const labels = await quickInputLabels();
        await closeQuickInput();
        throw new Error(`Command "${title}" not found in the Command Palette (rows: ${JSON.stringify(labels)})`);
      }
      // Extensions register their commands a few seconds after the workbench appears.
      await closeQuickInput();
      await sleep(1_000);
    }
  }

  async function quickInputText(): Promise<string> {
    if (!(await quickInputVisible())) return '';
    return normalize(await page.locator(QUICK_INPUT).innerText());
  }

  async function typeIntoQuickInput(text: string, options: { clear?: boolean } = {}): Promise<void> {
    const box = page.locator(QUICK_INPUT_BOX);
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    await box.focus();
    if (options.clear) {
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
    }
    await page.keyboard.type(text);
  }

  async function pickQuickItem(label: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const index = await poll(async () => {
      const i = (await quickInputLabels()).indexOf(label);
      return i >= 0 ? i : undefined;
    }, options.timeoutMs ?? 10_000);
    if (index === undefined) {
      throw new Error(`No quick-pick item "${label}" (items: ${JSON.stringify(await quickInputLabels())})`);
    }
    await page.locator(QUICK_INPUT_ROWS).nth(index).click();
  }

  async function openView(viewName: string): Promise<void> {
    await runCommand(`Focus on ${viewName} View`);
    await paneLocator(viewName).locator('.pane-body').waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** The side-bar pane whose header carries the view's name (or all side-bar panes). */
  function paneLocator(viewName?: string) {
    const panes = page.locator('.part.sidebar .pane');
    if (!viewName) return panes;
    // The header's aria-label is "<View Name> Section"; its visible text is upper-cased by CSS.
    return panes.filter({ has: page.locator(`.pane-header[aria-label="${cssString(viewName)} Section"]`) });
  }

  async function treeRows(viewName?: string): Promise<string[]> {
    return paneLocator(viewName)
      .locator('.pane-body .monaco-list-row')
      .evaluateAll((rows) =>
        rows.map((node) => {
          const row = node as TextElement;
          const label = row.querySelector('.label-name')?.textContent?.trim() ?? '';
          const description = row.querySelector('.label-description')?.textContent?.trim() ?? '';
          const text = description ? `${label} ${description}` : label;
          return text || (row.textContent ?? '').trim();
        }),
      );
  }

  async function welcomeText(viewName?: string): Promise<string> {
    const texts = await paneLocator(viewName)
      .locator('.pane-body .welcome-view-content')
      .evaluateAll((nodes) => nodes.map((node) => (node as RenderedElement).innerText));
    return normalize(texts.join('\n'));
  }

  async function notifications(): Promise<string[]> {
    const messages = await page
      .locator(`${TOASTS} .notification-list-item-message`)
      .evaluateAll((nodes) => nodes.map((node) => (node as RenderedElement).innerText));
    return messages.map(normalize);
  }

  async function clickNotificationButton(text: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const button = page
      .locator(`${TOASTS} .monaco-button`)
      .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) });
    await button.first().click({ timeout: options.timeoutMs ?? 10_000 });
  }

  async function reloadWindow(): Promise<void> {
    const loaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand('Developer: Reload Window');
    await loaded;
    await page.waitForSelector(WORKBENCH, { timeout: 90_000 });
  }

  function extensionLog(channelFileName: string, options: { all?: boolean } = {}): Promise<string> {
    // Read synchronously as before; a failure to read is a rejection, not a throw.
    return new Promise((resolve) => resolve(readExtensionLog(channelFileName, options)));
  }

  function readExtensionLog(channelFileName: string, options: { all?: boolean }): string {
    const fileName = channelFileName.endsWith('.log') ? channelFileName : `${channelFileName}.log`;
    const logsRoot = path.join(parts.userDataDir, 'logs');
    const files: string[] = [];
    for (const session of readdirOrEmpty(logsRoot)) {
      for (const host of readdirOrEmpty(path.join(logsRoot, session)).filter((d) => d.startsWith('exthost'))) {
        const file = path.join(logsRoot, session, host, parts.extensionId, fileName);
        if (fs.existsSync(file)) files.push(file);
      }
    }
    files.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
    const chosen = options.all ? files : files.slice(-1);
    return chosen.map((file) => fs.readFileSync(file, 'utf8')).join('');
  }

  async function screenshot(shot: string): Promise<string> {
    const file = path.join(parts.artifactsDir, `${parts.name}-${shot.replace(/[^\w.-]+/g, '_')}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  return {
    url: parts.url,
    page,
    browser: parts.browser,
    context: parts.context,
    userDataDir: parts.userDataDir,
    extensionsDir: parts.extensionsDir,
    extensionId: parts.extensionId,
    artifactsDir: parts.artifactsDir,
    timings: parts.timings,
    blockedRequests: parts.blockedRequests,
    runCommand,
    quickInputText,
    quickPickItems: quickInputLabels,
    typeIntoQuickInput,
    pressEnter: () => page.keyboard.press('Enter'),
    pickQuickItem,
    openView,
    treeRows,
    welcomeText,
    notifications,
    clickNotificationButton,
    reloadWindow,
    extensionLog,
    screenshot,
    close: () => parts.cleanup.run(),
  };
}

/**
 * Polls `check` until it returns something other than undefined, or the timeout passes
 * (then resolves undefined). Useful for UI state that settles asynchronously.
 */
export async function poll<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}

/**
 * Waits until `read()` returns a value `accept` approves, and returns it; throws with the last
 * value seen after the timeout. For example:
 *   await waitUntil(() => session.notifications(), (n) => n.some((m) => m.includes('Saved')));
 */
export async function waitUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  options: { timeoutMs?: number; message?: string } = {},
): Promise<T> {
  let last: T | undefined;
  const result = await poll(async () => {
    last = await read();
    return accept(last) ? { value: last } : undefined;
  }, options.timeoutMs ?? 15_000);
  if (result) return result.value;
  throw new Error(`${options.message ?? 'Condition not met'} (last value: ${JSON.stringify(last)})`);
}

// -------------------------------------------------------------------------------------------
// Server process

/** XDG base dirs inside the session's temporary root, so nothing is written to $HOME. */
function xdgDirs(root: string): Record<string, string> {
  const xdg = (name: string) => {
    const dir = path.join(root, 'xdg', name);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  };
  return {
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_CACHE_HOME: xdg('cache'),
    XDG_STATE_HOME: xdg('state'),
    XDG_RUNTIME_DIR: xdg('runtime'),
  };
}

/**
 * Environment for code-server and the processes it starts (extension host, pty host).
 * code-server keeps state (coder.json, its own logs, IPC sockets) in the XDG dirs, which
 * parallel sessions must not share.
 */
function serverEnvironment(root: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...xdgDirs(root),
    // An empty gallery disables the extension marketplace (open-vsx.org by default), so neither
    // the server nor the workbench looks anything up on the internet.
    EXTENSIONS_GALLERY: '{}',
    // Inherited values would point the workbench at another code-server or proxy.
    VSCODE_PROXY_URI: '',
    PASSWORD: '',
    HASHED_PASSWORD: '',
    PORT: '',
  };
}

function installExtension(
  nodeBin: string,
  entryJs: string,
  common: string[],
  vsixPath: string,
  env: NodeJS.ProcessEnv,
): void {
  const result = spawnSync(nodeBin, [entryJs, ...common, '--install-extension', vsixPath, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `Installing ${vsixPath} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** Reads `<publisher>.<name>` from the extensions dir the install just filled. */
function installedExtensionId(extensionsDir: string, vsixPath: string): string {
  const manifest = path.join(extensionsDir, 'extensions.json');
  const entries = fs.existsSync(manifest)
    ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as Array<{ identifier?: { id?: string } }>)
    : [];
  const ids = entries.map((entry) => entry.identifier?.id).filter((id): id is string => Boolean(id));
  if (ids.length !== 1) {
    throw new Error(`Expected exactly one extension installed from ${vsixPath}, found: ${JSON.stringify(ids)}`);
  }
  // extensions.json lower-cases the id; the log folder uses the manifest's spelling.
  for (const dir of readdirOrEmpty(extensionsDir)) {
    const pkgFile = path.join(extensionsDir, dir, 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { publisher?: string; name?: string };
    const id = `${pkg.publisher}.${pkg.name}`;
    if (id.toLowerCase() === ids[0]!.toLowerCase()) return id;
  }
  return ids[0]!;
}

/**
 * Leader of the server's process group. It starts code-server (argv after `-e`) and kills the
 * whole group once its stdin closes, which happens however the test process ends (even by
 * Ctrl+C or SIGKILL, where no exit handler runs): the server cannot outlive its test run.
 */
const WATCHDOG = `
const child = require('child_process').spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code === null ? 1 : code));
process.stdin.on('end', () => process.kill(0, 'SIGKILL'));
process.stdin.resume();
`;

const SESSION_PREFIX = 'capillary-vscode-';
const SESSION_PID_FILE = 'server.pid';

/**
 * Removes the temporary roots of sessions whose test process was killed before close() ran:
 * the watchdog took their server down, but nobody deleted the files.
 */
function removeAbandonedSessions(): void {
  const tmp = os.tmpdir();
  for (const entry of readdirOrEmpty(tmp).filter((name) => name.startsWith(SESSION_PREFIX))) {
    const dir = path.join(tmp, entry);
    try {
      const pid = Number.parseInt(fs.readFileSync(path.join(dir, SESSION_PID_FILE), 'utf8'), 10);
      if (Number.isInteger(pid) && !groupAlive(pid)) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // No pid file: a session still starting up (or not ours to judge); leave it.
    }
  }
}

function startServer(nodeBin: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'w');
  try {
    // detached: the group gets its own process group, so close() can kill it together with the
    // extension host and the other processes code-server forks.
    return spawn(nodeBin, ['-e', WATCHDOG, ...args], { env, detached: true, stdio: ['pipe', out, out] });
  } finally {
    fs.closeSync(out);
  }
}

async function waitForServer(port: number, server: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `code-server exited (${server.exitCode ?? server.signalCode}) before listening:\n${tail(logFile)}`,
      );
    }
    if (await healthy(port)) return;
    if (Date.now() > deadline) throw new Error(`code-server did not answer on port ${port}:\n${tail(logFile)}`);
    await sleep(200);
  }
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Sends a signal to the whole process group; false when the group is already gone. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

/** Everything a session started, undone in reverse order; runs at most once. */
class Cleanup {
  server?: ChildProcess;
  browser?: Browser;
  streams: fs.WriteStream[] = [];
  private done?: Promise<void>;
  // If the test process dies without close(), still take the detached server down with it.
  private readonly onExit = () => {
    if (this.server?.pid) signalGroup(this.server.pid, 'SIGKILL');
  };

  constructor(private readonly root: string) {
    process.on('exit', this.onExit);
  }

  run(): Promise<void> {
    this.done ??= this.runOnce();
    return this.done;
  }

  private async runOnce(): Promise<void> {
    await this.browser?.close().catch(() => {});
    const pid = this.server?.pid;
    if (pid) {
      // Ask nicely first (code-server then stops its extension hosts), then force.
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 5_000;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
      if (this.server && this.server.exitCode === null && this.server.signalCode === null) {
        await Promise.race([once(this.server, 'exit'), sleep(2_000)]);
      }
    }
    process.removeListener('exit', this.onExit);
    for (const stream of this.streams) stream.end();
    fs.rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

// -------------------------------------------------------------------------------------------
// Small utilities

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost';
}

function normalize(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** `text` matched literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
