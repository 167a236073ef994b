import { commandTable, type CommandArguments, type CommandHandler } from './commands/commandTable';
import { groupJson } from './commands/copyJson';
import type { CommandDeps } from './commands/deps';
import { moveGroup } from './commands/moveGroup';
import { jsonDocumentPrefix } from './commands/openJson';
import { planGroupsFile } from './commands/planGroups';
import type { GroupRef } from './groups/groupService';
import type { ReadOnlyDocuments } from './vscode/readOnlyDocuments';
import { VSCodeGroupsFiles } from './vscode/vscodeFiles';
import { VSCodeUi } from './vscode/vscodeUi';

import { readGroupsFile } from './groupsFile/format';

/**
 * The command flows' entry point: everything a command needs and activation does not (the flows,
 * the groups-file reader, planner and apply engine, the Ui), loaded by src/extension.ts on the
 * first command or the first groups file opened. The extension build makes it a bundle of its
 * own, dist/flows.js, that takes every module it shares with dist/extension.js from there
 * (esbuild.js), so that both see one copy of each class and of each module's state.
 */

/** Everything of CommandDeps the flows do not make: the core and the views, from the window. */
export type WindowDeps = Omit<CommandDeps, 'ui' | 'files' | 'drafts' | 'baselines' | 'planGroupsFile'>;

/** What the window hands the flows. */
export interface WindowParts {
  deps: WindowDeps;
  args: CommandArguments;
  viewId: string;
  documents: ReadOnlyDocuments;
  /** What a message's button throws, which nothing else awaits. */
  onButtonError(error: unknown): void;
}

export interface CommandFlows {
  /** Every command id's handler. */
  table: Record<string, CommandHandler>;
  /** A group row dropped onto another. */
  dropGroup(moved: GroupRef, onto: GroupRef): Promise<void>;
  /** The groups-file reader, for the Problems view. */
  readGroupsFile: typeof readGroupsFile;
  dispose(): void;
}

/** The flows, made once per window: what the user typed and has not seen succeed lives as long as they do. */
export function createCommandFlows(window: WindowParts): CommandFlows {
  const deps: CommandDeps = {
    ...window.deps,
    ui: new VSCodeUi(window.viewId, window.documents, (error) => window.onButtonError(error)),
    files: new VSCodeGroupsFiles(),
    drafts: {},
    baselines: new Map(),
    planGroupsFile: (file, connectionId) => planGroupsFile(deps, file, connectionId),
  };
  // An open JSON tab of a group (only a command opens one) shows it as changed or looked up since.
  const jsonTabs = window.deps.list.onDidUpdateGroup(({ connectionKey, group }) =>
    window.documents.replace(jsonDocumentPrefix(connectionKey, group.id), groupJson(group)),
  );
  return {
    table: commandTable(deps, window.args),
    dropGroup: (moved, onto) => moveGroup(deps, moved, { onto }),
    readGroupsFile,
    dispose: () => jsonTabs.dispose(),
  };
}
