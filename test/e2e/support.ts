import * as fs from 'fs';
import * as path from 'path';
import { DEMO_CREDENTIALS, Sandbox, type SandboxOptions } from '../sandbox/server';
import { knownSecrets, leaksIn, requestText } from '../support/leaks';
import { escapeRegExp, launchVSCode, poll, waitUntil, type LaunchOptions, type VSCodeSession } from './vscode';

/** Shared steps of the UI scenarios: what a user does, through the palette, boxes and view. */

export const ROOT = path.resolve(__dirname, '../../..');
export const VSIX = path.join(ROOT, 'dist', 'capillary-rewards-groups.vsix');
export const LOG_CHANNEL = 'Capillary Rewards';

export interface Scenario {
  vscode: VSCodeSession;
  sandbox: Sandbox;
}

/**
 * Registers mocha hooks that start a sandbox and a VS Code for the enclosing describe(), save a
 * screenshot and the extension's log whenever a test fails, and stop both at the end.
 */
export function useScenario(
  name: string,
  options: (sandbox: Sandbox) => Partial<LaunchOptions> | Promise<Partial<LaunchOptions>> = () => ({}),
  sandboxOptions: SandboxOptions = {},
): Scenario {
  const scenario = {} as Scenario;
  before(async function () {
    this.timeout(240_000);
    scenario.sandbox = await Sandbox.start(sandboxOptions);
    scenario.vscode = await launchVSCode({ vsixPath: VSIX, name, ...(await options(scenario.sandbox)) });
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed' || !scenario.vscode) return;
    const slug = test.title.replace(/\W+/g, '-').slice(0, 60);
    const picture = await scenario.vscode.screenshot(`failed-${slug}`);
    const log = await scenario.vscode.extensionLog(LOG_CHANNEL, { all: true });
    const logFile = path.join(scenario.vscode.artifactsDir, `${name}-failed-${slug}.log`);
    fs.writeFileSync(logFile, log);
    console.log(`    screenshot: ${picture}\n    extension log: ${logFile}`);
  });
  after(async () => {
    try {
      // Every scenario ends with the secret sweep; a leak fails it here.
      if (scenario.vscode && scenario.sandbox) {
        const leaks = await secretLeaks(scenario);
        if (leaks.length) throw new Error(`Secrets leaked in scenario '${name}': ${leaks.join(', ')}`);
      }
    } finally {
      await scenario.vscode?.close();
      await scenario.sandbox?.close();
    }
  });
  return scenario;
}

/**
 * Where the secrets the scenario handled (passwords, their MD5, Basic headers, client secret,
 * issued tokens) show up: the log channel, the window's text, the settings files, VS Code's log
 * files and the sandbox's requests outside their credential headers and the token body.
 * Reported by number, so that the report does not leak them again.
 */
export async function secretLeaks({ vscode, sandbox }: Scenario, alsoSeen: string[] = []): Promise<string[]> {
  const files = [
    ...filesUnder(path.join(vscode.userDataDir, 'User')).filter((file) => file.endsWith('.json')),
    ...filesUnder(path.join(vscode.userDataDir, 'logs')),
  ];
  const places = [
    { where: 'the log channel', text: await vscode.extensionLog(LOG_CHANNEL, { all: true }) },
    {
      where: 'the window',
      text: await vscode.page
        .locator('body')
        .innerText()
        .catch(() => ''),
    },
    { where: 'messages seen', text: alsoSeen.join('\n') },
    ...files.map((file) => ({ where: path.relative(vscode.userDataDir, file), text: fs.readFileSync(file, 'utf8') })),
    ...sandbox.requests.map((request, i) => ({ where: `request ${i + 1}`, text: requestText(request) })),
  ];
  return leaksIn(places, knownSecrets(sandbox));
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() && fs.statSync(full).size < 5_000_000 ? [full] : [];
  });
}

/**
 * Shows the Groups view. The view is alone in its container, so VS Code may render it without a
 * pane header of its own: wait for the side bar's pane body rather than for a header.
 */
export async function openGroupsView(vscode: VSCodeSession): Promise<void> {
  await vscode.runCommand('Capillary: Focus on Groups View');
  await vscode.page.locator('.part.sidebar .pane-body').first().waitFor({ state: 'visible', timeout: 15_000 });
}

export async function prompt(vscode: VSCodeSession, pattern: RegExp): Promise<string> {
  return waitUntil(
    () => vscode.quickInputText(),
    (text) => pattern.test(text),
    { timeoutMs: 15_000, message: `a prompt matching ${pattern}` },
  );
}

export async function welcome(vscode: VSCodeSession, pattern: RegExp): Promise<string> {
  return waitUntil(
    () => vscode.welcomeText(),
    (text) => pattern.test(text),
    { timeoutMs: 20_000, message: `welcome text matching ${pattern}` },
  );
}

/**
 * A notification matching `pattern`: a toast, or else one in the Notification Center (VS Code
 * sometimes files a notification there without a toast, e.g. right after another was answered).
 */
export async function toast(vscode: VSCodeSession, pattern: RegExp): Promise<string> {
  const inToasts = await poll(async () => (await vscode.notifications()).find((t) => pattern.test(t)), 10_000);
  if (inToasts) return inToasts;
  await vscode.runCommand('Notifications: Show Notifications');
  try {
    const center = vscode.page.locator('.notifications-center .notification-list-item-message');
    const texts = await waitUntil(
      async () => (await center.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
      (all) => all.some((t) => pattern.test(t)),
      { timeoutMs: 10_000, message: `a notification matching ${pattern}` },
    );
    return texts.find((t) => pattern.test(t))!;
  } finally {
    await vscode.runCommand('Notifications: Hide Notifications');
  }
}

/**
 * The visible toasts at the moment one matching `pattern` first shows (polled every 50 ms): a
 * toast only, never the Notification Center. Fails when it does not show as a toast in time.
 */
export async function toastShown(vscode: VSCodeSession, pattern: RegExp, timeoutMs = 15_000): Promise<string[]> {
  return waitUntil(
    () => vscode.notifications(),
    (toasts) => toasts.some((t) => pattern.test(t)),
    { timeoutMs, message: `a toast matching ${pattern}` },
  );
}

/** The Groups view's text above its rows and in its title bar: the title, and the host it shows. */
export async function viewTitle(vscode: VSCodeSession): Promise<string> {
  const texts = await vscode.page.locator('.part.sidebar .composite.title, .part.sidebar .pane-header').allInnerTexts();
  return texts.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Walks the context menu that just opened with the keyboard and runs `item`: VS Code ignores a
 * click that lands right after a menu opens. False (menu closed) when there is no such item.
 */
async function runFromOpenMenu({ page }: VSCodeSession, item: string): Promise<boolean> {
  await page.locator('.context-view .action-item').first().waitFor({ state: 'visible', timeout: 10_000 });
  for (let step = 0; step < 20; step++) {
    await page.keyboard.press('ArrowDown');
    const focused = await page
      .locator('.context-view .action-item.focused .action-label')
      .first()
      .innerText()
      .catch(() => '');
    if (focused.trim() === item) {
      await page.keyboard.press('Enter');
      return true;
    }
  }
  await page.keyboard.press('Escape');
  return false;
}

/** Runs `item` from the Groups view's "…" menu (Views and More Actions…), with the keyboard like rowContextMenu. */
export async function viewMenu(vscode: VSCodeSession, item: string): Promise<void> {
  const { page } = vscode;
  await page
    .locator('.part.sidebar .title-actions .action-label[aria-label^="Views and More Actions"]')
    .first()
    .click();
  if (await runFromOpenMenu(vscode, item)) return;
  throw new Error(`No '${item}' in the Groups view's menu`);
}

/** The label of the quick-pick row that Enter would take (the active one), '' when none. */
export async function activePickItem(vscode: VSCodeSession): Promise<string> {
  const row = vscode.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused .label-name').first();
  return (await row.isVisible().catch(() => false)) ? (await row.innerText()).trim() : '';
}

/** Opens the extension's walkthrough through Welcome: Open Walkthrough… and waits for its steps. */
export async function openWalkthrough(vscode: VSCodeSession): Promise<void> {
  await vscode.runCommand('Welcome: Open Walkthrough...');
  await prompt(vscode, /Get Started with Capillary Rewards Groups/);
  await vscode.pickQuickItem('Get Started with Capillary Rewards Groups');
  await vscode.page
    .locator('.gettingStartedContainer')
    .getByText('Select your cluster', { exact: true })
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
}

/** Whether each step of the open walkthrough is ticked, by step id (e.g. { selectCluster: true }). */
export async function walkthroughSteps(vscode: VSCodeSession): Promise<Record<string, boolean>> {
  const steps = await vscode.page.locator('.gettingStartedContainer button.getting-started-step').evaluateAll((nodes) =>
    nodes.map((node) => {
      const element = node as unknown as { getAttribute(name: string): string | null };
      return [element.getAttribute('data-step-id') ?? '', element.getAttribute('aria-checked') === 'true'] as const;
    }),
  );
  return Object.fromEntries(steps.map(([id, done]) => [id.replace(/^.*#/, ''), done]));
}

export async function treeRow(vscode: VSCodeSession, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const rows = await waitUntil(
    () => vscode.treeRows(),
    (all) => all.some((r) => pattern.test(r)),
    { timeoutMs, message: `a tree row matching ${pattern}` },
  );
  return rows.find((r) => pattern.test(r))!;
}

/** Types into the open input box (replacing what is there) and presses Enter. */
export async function answer(vscode: VSCodeSession, text: string): Promise<void> {
  await vscode.typeIntoQuickInput(text, { clear: true });
  await vscode.pressEnter();
}

export async function selectClusterUrl(vscode: VSCodeSession, url: string): Promise<void> {
  await vscode.runCommand('Capillary Rewards: Select Cluster…');
  await prompt(vscode, /Enter URL/);
  await vscode.pickQuickItem('Enter URL…');
  await prompt(vscode, /Cluster URL/);
  await answer(vscode, url);
}

export async function signIn(
  vscode: VSCodeSession,
  user: string,
  secret: string,
  method: 'basic' | 'oauth' = 'basic',
): Promise<void> {
  await vscode.runCommand('Capillary Rewards: Sign In…');
  await prompt(vscode, method === 'basic' ? /Till username/ : /OAuth client key/);
  await answer(vscode, user);
  await prompt(vscode, method === 'basic' ? /Password of the till/ : /OAuth client secret/);
  await answer(vscode, secret);
}

export async function createGroup(vscode: VSCodeSession, name: string, rank: string): Promise<void> {
  await vscode.runCommand('Capillary Rewards: Create Group…');
  await prompt(vscode, /Name of the new reward group/);
  await answer(vscode, name);
  await prompt(vscode, /Rank of '/);
  await answer(vscode, rank);
}

/** The Groups view's message line above its rows ('' when none). */
export async function viewMessage(vscode: VSCodeSession): Promise<string> {
  const element = vscode.page.locator('.part.sidebar .pane-body .message').first();
  return (await element.isVisible().catch(() => false)) ? (await element.innerText()).trim() : '';
}

/**
 * Right-clicks the group row whose label is `label` and runs `item` from its context menu, with
 * the keyboard: VS Code ignores a click that lands right after the menu opens.
 */
export async function rowContextMenu(vscode: VSCodeSession, label: string, item: string): Promise<void> {
  await rowLabelled(vscode, label).click({ button: 'right' });
  if (await runFromOpenMenu(vscode, item)) return;
  throw new Error(`No '${item}' in the context menu of '${label}'`);
}

export const { basic: BASIC, oauth: OAUTH } = DEMO_CREDENTIALS;

/**
 * The text of every webview on the page that shows some (a Markdown preview, for one): each lives
 * in frames of its own, out of the workbench's DOM.
 */
export async function webviewTexts(vscode: VSCodeSession): Promise<string[]> {
  const texts: string[] = [];
  for (const frame of vscode.page.frames()) {
    if (frame === vscode.page.mainFrame()) continue;
    const text = await frame
      .locator('body')
      .innerText({ timeout: 1_000 })
      .catch(() => '');
    if (text.trim()) texts.push(text);
  }
  return texts;
}

/** Clicks the CodeLens of the open editor whose text starts with `title` (its icon is not text). */
export async function clickLens(vscode: VSCodeSession, title: RegExp): Promise<void> {
  // A tab's hover, left by the pointer on a tab just clicked, can cover the lens line.
  await vscode.page.mouse.move(700, 600);
  const lens = vscode.page.locator('.codelens-decoration a', { hasText: title }).first();
  await lens.waitFor({ state: 'visible', timeout: 20_000 });
  await lens.click();
}

/** The labels of the open editors' tabs. */
export async function tabs(vscode: VSCodeSession): Promise<string[]> {
  return (await vscode.page.locator('.tabs-container .tab .label-name').allInnerTexts()).map((t) => t.trim());
}

/** Opens a file by its path through File: Open File…, and waits for its tab. */
export async function openFile(vscode: VSCodeSession, file: string): Promise<void> {
  // A tab's label leaves out the last extension.
  const label = path.basename(file, path.extname(file));
  const isOpen = (labels: string[]) => labels.some((shown) => shown.startsWith(label));
  // The file dialog now and then swallows an Enter pressed while it is still listing its folder,
  // or fills its box again after the path was typed; a second try, from a fresh dialog, is what a
  // user would do too.
  for (let attempt = 1; ; attempt++) {
    try {
      await vscode.runCommand('File: Open File...');
      await prompt(vscode, /Open File/);
      // The dialog fills its box with a folder a moment after it shows; typing before that is overwritten.
      const box = vscode.page.locator('.quick-input-box input');
      await waitUntil(
        () => box.inputValue(),
        (value) => value.endsWith('/'),
        { message: 'the open dialog holding its folder' },
      );
      await typePath(vscode, file);
      await vscode.pressEnter();
      await waitUntil(() => tabs(vscode), isOpen, {
        timeoutMs: attempt === 1 ? 7_500 : 15_000,
        message: `${path.basename(file)} open in an editor`,
      });
      return;
    } catch (error) {
      if (attempt === 2) throw error;
      await vscode.page.keyboard.press('Escape');
      await noQuickInput(vscode);
    }
  }
}

/** The title of the open quick input (the question of an ask/confirm). */
export async function quickInputTitle(vscode: VSCodeSession): Promise<string> {
  const title = vscode.page.locator('.quick-input-widget .quick-input-title');
  return (await title.isVisible().catch(() => false)) ? (await title.innerText()).replace(/\s+/g, ' ').trim() : '';
}

/** The status bar's text (a status bar message included), on one line. */
export async function statusBarText(vscode: VSCodeSession): Promise<string> {
  return (await vscode.page.locator('.part.statusbar').innerText()).replace(/\s+/g, ' ');
}

/**
 * Widens the side bar by dragging the sash at its right edge, so that the rows' descriptions are
 * not cut in screenshots.
 */
export async function widenSideBar(vscode: VSCodeSession, width: number): Promise<void> {
  const { page } = vscode;
  const bar = (await page.locator('.part.sidebar').boundingBox())!;
  const edge = bar.x + bar.width;
  const boxes = await page.locator('.monaco-sash.vertical').evaluateAll((nodes) =>
    nodes.map((node) => {
      const rect = (
        node as unknown as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }
      ).getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    }),
  );
  const sash = boxes.find((box) => box.height > bar.height / 2 && Math.abs(box.x + box.width / 2 - edge) < 8);
  if (!sash) throw new Error(`No sash at the side bar's edge (x ${edge}): ${JSON.stringify(boxes)}`);
  const x = sash.x + sash.width / 2;
  const y = sash.y + sash.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(bar.x + width, y, { steps: 10 });
  await page.mouse.up();
  await waitUntil(
    async () => (await page.locator('.part.sidebar').boundingBox())?.width ?? 0,
    (now) => now >= width - 20,
    { message: `the side bar ${width} px wide` },
  );
}

/** The rows of the Groups view, each with its depth: root rows (connections) are at 1. */
export async function rowsWithDepth(vscode: VSCodeSession): Promise<string[]> {
  return vscode.page.locator('.part.sidebar .pane-body .monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => {
      type Element = {
        getAttribute(name: string): string | null;
        querySelector(selector: string): { textContent: string | null } | null;
      };
      const element = row as unknown as Element;
      const text = (selector: string) =>
        (element.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      return `${element.getAttribute('aria-level') ?? '?'} ${[text('.label-name'), text('.label-description')].filter(Boolean).join(' ')}`;
    }),
  );
}

/** Waits until the Groups view holds a row at `depth` matching `pattern`. */
export function rowAt(vscode: VSCodeSession, depth: number, pattern: RegExp): Promise<string[]> {
  return waitUntil(
    () => rowsWithDepth(vscode),
    (rows) => rows.some((row) => row.startsWith(`${depth} `) && pattern.test(row.slice(2))),
    { timeoutMs: 20_000, message: `a row at depth ${depth} matching ${pattern}` },
  );
}

/** Types a path into the open file dialog's box, replacing what is there, and waits until the box holds it all. */
export async function typePath(vscode: VSCodeSession, file: string): Promise<void> {
  const box = vscode.page.locator('.quick-input-box input');
  // A dialog that fills its box again while the path is typed leaves the two run together: typed again.
  for (let attempt = 1; ; attempt++) {
    await vscode.typeIntoQuickInput(file, { clear: true });
    try {
      await waitUntil(
        () => box.inputValue(),
        (value) => value === file,
        { timeoutMs: attempt === 3 ? 15_000 : 3_000, message: 'the file dialog holding the typed path' },
      );
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Waits until no quick input is open. */
export function noQuickInput(vscode: VSCodeSession, timeoutMs = 5_000): Promise<string> {
  return waitUntil(
    () => vscode.quickInputText(),
    (text) => text === '',
    { timeoutMs, message: 'the quick input closed' },
  );
}

/** Two connections on the sandbox, as a team has them: UAT, and Production marked "production". */
export function uatAndProduction(sandbox: Sandbox): { name: string; host: string; production?: boolean }[] {
  return [
    { name: 'UAT', host: sandbox.url },
    { name: 'Production', host: sandbox.url, production: true },
  ];
}

/**
 * Clicks the first tree row whose label is exactly `label`, and waits for the prompt matching
 * `pattern` that its command opens. A click that lands while the tree replaces its rows' elements
 * reaches nothing, so it is tried again, never while a prompt is open (a command never runs twice).
 * A row whose command is lost for good (as when VS Code forgot a drawn row's arguments) still fails.
 */
export async function clickRowForPrompt(vscode: VSCodeSession, label: string, pattern: RegExp): Promise<string> {
  const row = rowLabelled(vscode, label);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await row.click();
    if (await poll(async () => ((await vscode.quickInputText()) ? true : undefined), 4_000)) break;
  }
  return prompt(vscode, pattern);
}

/** The first side-bar tree row whose label is exactly `label`. */
export function rowLabelled(vscode: VSCodeSession, label: string) {
  const { page } = vscode;
  const exactly = new RegExp(`^${escapeRegExp(label)}$`);
  return page
    .locator('.part.sidebar .pane-body .monaco-list-row', { has: page.locator('.label-name', { hasText: exactly }) })
    .first();
}

function userSettingsFile(vscode: VSCodeSession): string {
  return path.join(vscode.userDataDir, 'User', 'settings.json');
}

export function readUserSettings(vscode: VSCodeSession): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(userSettingsFile(vscode), 'utf8')) as Record<string, unknown>;
}

/** Changes the user settings.json by hand, as a user editing the file would. */
export function editUserSettings(vscode: VSCodeSession, edit: (settings: Record<string, unknown>) => void): void {
  const settings = readUserSettings(vscode);
  edit(settings);
  fs.writeFileSync(userSettingsFile(vscode), JSON.stringify(settings, null, 4));
}
