import * as vscode from 'vscode';
import type { GroupReward } from '../../groups/groupRewards';
import { rewardRow } from '../groupPresentation';
import type { RewardsParent, TreeNode } from './node';

/** Made once each: a reward list can hold hundreds of rows, all with one of three icons. */
const STATUS_ICONS: Record<string, vscode.ThemeIcon> = {};
function statusIcon(status: string): vscode.ThemeIcon {
  if (status === 'LIVE') {
    return (STATUS_ICONS.LIVE ??= new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')));
  }
  if (status === 'UPCOMING') return (STATUS_ICONS.UPCOMING ??= new vscode.ThemeIcon('clock'));
  return (STATUS_ICONS.OTHER ??= new vscode.ThemeIcon('history', new vscode.ThemeColor('disabledForeground')));
}

/** A reward that names the group, under its Rewards row. */
export class RewardNode implements TreeNode {
  constructor(
    readonly parent: RewardsParent,
    readonly item: GroupReward,
  ) {}

  treeItem(): vscode.TreeItem {
    const { item: reward } = this;
    const row = rewardRow(reward);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parent.parent.rowId}/rewards/${reward.brand.id}/${reward.reward.id}`;
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(row.tooltip);
    item.iconPath = statusIcon(reward.reward.status);
    item.accessibilityInformation = { label: row.accessibilityLabel };
    item.contextValue = 'capillaryRewards.reward';
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
