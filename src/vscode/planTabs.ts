import * as vscode from 'vscode';
import { READ_ONLY_SCHEME } from './readOnlyDocuments';

/** Set while a plan's diff is the active tab: 'fresh', or 'stale' once an apply or a reorder changed its org. */
export const ACTIVE_PLAN_CONTEXT = 'capillaryRewards.activePlan';

export interface ShownPlan {
  fileUri: string;
  connectionId: string;
  stale: boolean;
}

/**
 * The plans open as diff tabs (their left side, the org written like the file, names them): which
 * file and connection each compares, and whether the org changed since. The title bar offers Apply
 * on a fresh plan and Plan Again on a stale one, through ACTIVE_PLAN_CONTEXT.
 */
export class PlanTabs implements vscode.Disposable {
  private readonly plans = new Map<string, ShownPlan>();
  private readonly subscriptions = [vscode.window.tabGroups.onDidChangeTabs(() => this.update()), vscode.window.tabGroups.onDidChangeTabGroups(() => this.update())];

  /** A plan's diff was opened: `name` is its left document's (ReadOnlyDocuments.set). */
  shown(name: string, fileUri: string, connectionId: string): void {
    this.plans.set(vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${name}` }).toString(), { fileUri, connectionId, stale: false });
    this.update();
  }

  /** An apply or a reorder wrote to the connection's org: its plans no longer show it as it is. */
  orgChanged(connectionId: string): void {
    for (const plan of this.plans.values()) if (plan.connectionId === connectionId) plan.stale = true;
    this.update();
  }

  /** The plan in the active tab, if it is one. */
  active(): ShownPlan | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputTextDiff ? this.plans.get(input.original.toString()) : undefined;
  }

  private update(): void {
    const plan = this.active();
    void vscode.commands.executeCommand('setContext', ACTIVE_PLAN_CONTEXT, plan ? (plan.stale ? 'stale' : 'fresh') : undefined);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
