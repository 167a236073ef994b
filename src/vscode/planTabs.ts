import * as vscode from 'vscode';
import { READ_ONLY_SCHEME } from './readOnlyDocuments';

/**
 * Set while a plan's or a comparison's diff is the active tab: 'fresh' or 'stale' for a plan,
 * 'staleCompare' for a comparison once an apply or a reorder changed one of its orgs.
 */
export const ACTIVE_PLAN_CONTEXT = 'capillaryRewards.activePlan';

export interface ShownPlan {
  kind: 'plan';
  fileUri: string;
  connectionId: string;
  stale: boolean;
}

export interface ShownComparison {
  kind: 'compare';
  fromId: string;
  toId: string;
  stale: boolean;
}

/**
 * The plans open as diff tabs (their left side, the org written like the file, names them): which
 * file and connection each compares, and whether the org changed since. The title bar offers Apply
 * on a fresh plan and Plan Again on a stale one, through ACTIVE_PLAN_CONTEXT.
 */
export class PlanTabs implements vscode.Disposable {
  private readonly plans = new Map<string, ShownPlan | ShownComparison>();
  private readonly subscriptions = [
    vscode.window.tabGroups.onDidChangeTabs(() => this.update()),
    vscode.window.tabGroups.onDidChangeTabGroups(() => this.update()),
  ];

  /** A plan's diff was opened: `name` is its left document's (ReadOnlyDocuments.set). */
  shown(name: string, fileUri: string, connectionId: string): void {
    this.plans.set(documentKey(name), { kind: 'plan', fileUri, connectionId, stale: false });
    this.update();
  }

  /** A comparison's diff was opened: `name` is its left document's. */
  compared(name: string, fromId: string, toId: string): void {
    this.plans.set(documentKey(name), { kind: 'compare', fromId, toId, stale: false });
    this.update();
  }

  /** An apply or a reorder wrote to the connection's org: its plans no longer show it as it is. */
  orgChanged(connectionId: string): void {
    for (const shown of this.plans.values()) {
      if (
        shown.kind === 'plan'
          ? shown.connectionId === connectionId
          : shown.fromId === connectionId || shown.toId === connectionId
      ) {
        shown.stale = true;
      }
    }
    this.update();
  }

  /** The plan in the active tab, if it is one. */
  active(): ShownPlan | undefined {
    const shown = this.inActiveTab();
    return shown?.kind === 'plan' ? shown : undefined;
  }

  /** The comparison in the active tab, if it is one. */
  activeComparison(): ShownComparison | undefined {
    const shown = this.inActiveTab();
    return shown?.kind === 'compare' ? shown : undefined;
  }

  private inActiveTab(): ShownPlan | ShownComparison | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputTextDiff ? this.plans.get(input.original.toString()) : undefined;
  }

  private update(): void {
    const shown = this.inActiveTab();
    const value = !shown
      ? undefined
      : shown.kind === 'plan'
        ? shown.stale
          ? 'stale'
          : 'fresh'
        : shown.stale
          ? 'staleCompare'
          : undefined;
    void vscode.commands.executeCommand('setContext', ACTIVE_PLAN_CONTEXT, value);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function documentKey(name: string): string {
  return vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${name}` }).toString();
}
