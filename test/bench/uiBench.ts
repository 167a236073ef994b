import * as path from 'path';
import { answer, BASIC, openGroupsView, prompt, signIn, treeRow, LOG_CHANNEL } from '../e2e/support';
import { launchVSCode, poll, type VSCodeSession } from '../e2e/vscode';
import type { Sandbox } from '../sandbox/server';
import { ROOT } from '../e2e/extensionHost';

export interface UiBenchReport {
  /** activate() as the extension measures it, one per fresh extension host (window reload). */
  activateMs: number[];
  /** Evaluating dist/extension.js, from its first line to its last. */
  bundleEvaluateMs: number[];
  /**
   * The first read of the settings and what it draws (the view's title and welcome, the status
   * bar item), which runs just after activate() returns: one per start.
   */
  firstDrawMs: number[];
  /** Loading dist/flows.js (the command flows) and making them, on the start's first command (Show Log). */
  flowsLoadMs: number[];
  /**
   * Loading dist/http.js (node-fetch, deferred from activation to the first request), as the
   * request log reports it: one per start, from the view's first list request. Empty when the
   * extension does not log it.
   */
  httpStackEvaluateMs: number[];
  /** Requests sent between a start and the view being shown (the extension active, view hidden). */
  requestsBeforeViewShown: number[];
  /** From "show the view" to its first row, signed in, 10,000 groups on the server. */
  viewToFirstRowMs: number[];
  /** From Enter in the rank prompt to the new group's row in the tree. */
  createToRowMs: number[];
  /** List requests while the view stayed open and idle. */
  idleRequests: { seconds: number; requests: number };
}

/** Any group row: 'Name #id · date'. */
const GROUP_ROW = / #\d+ · /;
const ACTIVATED = /Activated in ([\d.]+) ms \(bundle evaluated in ([\d.]+) ms\)/g;
const FIRST_DRAW = /Settings read and drawn in ([\d.]+) ms/g;
const FLOWS_LOADED = /Command flows loaded in ([\d.]+) ms/g;
/** Appended to the request line of the request that loaded the HTTP stack (src/api/http.ts, src/log.ts). */
const HTTP_STACK_LOADED = /HTTP stack loaded in ([\d.]+) ms/g;

/**
 * Drives the packaged extension in a real VS Code (code-server): each window reload is a fresh
 * extension host, so each start activates the extension anew, with the credentials kept.
 */
export async function uiBench(sandbox: Sandbox, starts: number, creates: number): Promise<UiBenchReport> {
  const vscode = await launchVSCode({
    vsixPath: path.join(ROOT, 'dist', 'capillary-rewards-groups.vsix'),
    name: 'bench-ui',
    userSettings: { 'capillaryRewards.host': sandbox.url },
  });
  try {
    const report: UiBenchReport = {
      activateMs: [],
      bundleEvaluateMs: [],
      firstDrawMs: [],
      flowsLoadMs: [],
      httpStackEvaluateMs: [],
      requestsBeforeViewShown: [],
      viewToFirstRowMs: [],
      createToRowMs: [],
      idleRequests: { seconds: 10, requests: -1 },
    };
    await openGroupsView(vscode);
    await signIn(vscode, BASIC.username, BASIC.password);
    await treeRow(vscode, GROUP_ROW, 30_000);

    for (let start = 0; start < starts; start++) {
      // The Groups view hidden, so that the next start activates nothing until asked.
      await vscode.runCommand('View: Show Explorer');
      await vscode.reloadWindow();
      const before = sandbox.requests.length;
      await vscode.runCommand('Capillary Rewards: Show Log'); // activates the extension, view still hidden
      const [activate, evaluate] = await activationFigures(vscode, start + 2);
      report.activateMs.push(activate);
      report.bundleEvaluateMs.push(evaluate);
      report.firstDrawMs.push(await nthFigure(vscode, FIRST_DRAW, start + 2, 'the first draw'));
      report.flowsLoadMs.push(await nthFigure(vscode, FLOWS_LOADED, start + 2, 'the command flows loading'));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      report.requestsBeforeViewShown.push(sandbox.requests.length - before);
      const stackLoadsBefore = (await logMatches(vscode, HTTP_STACK_LOADED)).length;
      await vscode.runCommand('Capillary: Focus on Groups View');
      const shown = performance.now(); // the palette has closed: the view is being shown
      await treeRow(vscode, GROUP_ROW, 30_000);
      report.viewToFirstRowMs.push(performance.now() - shown);
      // This host's first request (the list) loaded the HTTP stack; its log line says how long that took.
      // (Not waited for again once a start went without it: the extension does not log it.)
      const stackLoad =
        start === 0 || report.httpStackEvaluateMs.length
          ? await poll(async () => (await logMatches(vscode, HTTP_STACK_LOADED))[stackLoadsBefore], 5_000)
          : undefined;
      if (stackLoad) report.httpStackEvaluateMs.push(Number(stackLoad[1]));
    }

    for (let n = 0; n < creates; n++) {
      const name = `Bench ${Date.now().toString(36)} ${n}`;
      await vscode.runCommand('Capillary Rewards: Create Group…');
      await prompt(vscode, /Name of the new reward group/);
      await answer(vscode, name);
      await prompt(vscode, /Rank of '/);
      await vscode.typeIntoQuickInput(String(n + 1), { clear: true });
      const row = vscode.page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: name });
      const pressed = performance.now();
      await vscode.pressEnter();
      await row.first().waitFor({ state: 'visible', timeout: 15_000 });
      report.createToRowMs.push(performance.now() - pressed);
      await vscode.runCommand('Notifications: Clear All Notifications');
    }

    const idleFrom = sandbox.requests.length;
    await new Promise((resolve) => setTimeout(resolve, report.idleRequests.seconds * 1000));
    report.idleRequests.requests = sandbox.requests.length - idleFrom;
    return report;
  } finally {
    await vscode.close();
  }
}

/** Every match of `pattern` (a /g regex) in the log channel, all extension hosts, oldest first. */
async function logMatches(vscode: VSCodeSession, pattern: RegExp): Promise<RegExpMatchArray[]> {
  return [...(await vscode.extensionLog(LOG_CHANNEL, { all: true })).matchAll(pattern)];
}

/** The figure of the `nth` line matching `pattern` (one figure, a /g regex) in the log channel, once it is written. */
async function nthFigure(vscode: VSCodeSession, pattern: RegExp, nth: number, what: string): Promise<number> {
  const found = await poll(async () => (await logMatches(vscode, pattern))[nth - 1], 20_000);
  if (!found) throw new Error(`the extension did not log ${what}`);
  return Number(found[1]);
}

/** The figures of the `nth` "Activated in …" line of the log channel, once it is written. */
async function activationFigures(vscode: VSCodeSession, nth: number): Promise<[number, number]> {
  const found = await poll(async () => {
    const match = [...(await vscode.extensionLog(LOG_CHANNEL, { all: true })).matchAll(ACTIVATED)][nth - 1];
    return match ? ([Number(match[1]), Number(match[2])] as [number, number]) : undefined;
  }, 20_000);
  if (!found) throw new Error('the extension did not log its activation time');
  return found;
}
