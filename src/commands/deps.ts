import type { Group } from '../api/types';
import type { DiagnosisNetwork } from '../operations/diagnose';
import type { Connections } from '../connections/connections';
import type { ConnectionViewState } from '../connections/connectionViewState';
import type { CredentialMoves } from '../connections/credentialMoves';
import type { GroupList } from '../groups/groupList';
import type { GroupRewards } from '../groups/groupRewards';
import type { GroupRef } from '../groups/groupService';
import type { RedactingLogger } from '../foundation/log';
import type { SettingsSource } from '../foundation/settings';
import type { FrontEndWords } from '../foundation/words';
import type { FileRef, GroupsFileSource, Ui } from '../ui/port';

/** What the user typed into Create Group, kept so that Retry (or the next Create Group) can fill the prompts in again. */
export interface CreateGroupValues {
  name?: string;
  rank?: string;
  /** The group found holding the name after the last attempt, so the name prompt refuses it even with no list loaded. */
  taken?: GroupRef;
}

/** What the user typed and has not yet seen succeed: offered again next time. */
export interface Drafts {
  createGroup?: CreateGroupValues;
}

/** What every command flow may use; built once in extension.ts (or by a test). */
export interface CommandDeps {
  ui: Ui;
  /** How this front end names its things (settings, the Groups view, Sign In, buttons) in the core's sentences. */
  words: FrontEndWords;
  settings: SettingsSource;
  /** Every connection (its session and group operations), and which one is active. */
  connections: Connections;
  /** Which connection rows are collapsed, and the clusters used lately. */
  viewState: ConnectionViewState;
  /** Credentials deleted or moved with a connection. */
  credentialMoves: CredentialMoves;
  /** Each connection's org's groups, by connection key, as the Groups view shows them. */
  list: GroupList;
  /** Which rewards name each group, read when asked, kept until Refresh. */
  rewards: GroupRewards;
  log: RedactingLogger;
  /** The groups files of the workspace. */
  files: GroupsFileSource;
  /** In memory for this window only. */
  drafts: Drafts;
  /**
   * The newest change (`lastUpdatedOn`, the server's clock) of the org each groups file was last
   * exported from, planned against or applied to, by `baselineKey`: a group changed after it is
   * one the file may undo. In memory for this window.
   */
  baselines: Map<string, number>;
  showLog(): void;
  /** Opens the extension's settings (where capillaryRewards.connections is written). */
  openSettings?(): void;
  /** Shows the group in the Groups view, selected. */
  revealGroup(connectionKey: string, group: Group): Promise<void>;
  /** Shows the group's rewards in the Groups view (its Rewards row, expanded). */
  revealRewards?(connectionKey: string, group: Group): Promise<void>;
  /** Tells views and context keys that the cluster or the sign-in state changed. */
  stateChanged(): void;
  /** Plan Groups File… for a file and connection (the Plan Again button of an apply's result; wired here, as planning imports applying). */
  planGroupsFile?(file: FileRef, connectionId: string): Promise<void>;
  /** A plan's diff was opened (its left document's name): the title bar can apply it. */
  planShown?(documentName: string, file: FileRef, connectionId: string): void;
  /** A comparison's diff was opened (its left document's name): it goes stale with either org. */
  compareShown?(documentName: string, fromId: string, toId: string): void;
  /** An apply or a reorder wrote to the connection's org: its open plans and comparisons are stale. */
  orgChanged?(connectionId: string): void;
  /**
   * How long an apply waits out 429s in all before asking, and how much longer Keep Waiting gives
   * (seconds); RATE_LIMIT_WAIT_SECONDS and RATE_LIMIT_EXTEND_SECONDS unless set (tests shorten them).
   */
  rateLimitWait?: { seconds: number; extendSeconds: number };
  /** A group was created (the walkthrough's last step is done). */
  groupCreated?(): void;
  /** What Diagnose Connection checks with: the network inputs now, how files are read, where it runs. */
  network?: DiagnosisNetwork;
}
