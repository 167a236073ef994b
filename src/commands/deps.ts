import type { Group } from '../api/types';
import type { CredentialStore } from '../credentials';
import type { GroupService } from '../groups/groupService';
import type { GroupList } from '../groups/groupList';
import type { RedactingLogger } from '../log';
import type { SettingsSource } from '../settings';
import type { Ui } from '../ui';

/** What the user typed into Create Group and has not yet seen created: offered again next time. */
export interface Drafts {
  createGroup?: { name?: string; rank?: string };
}

/** What every command flow may use; built once in extension.ts (or by a test). */
export interface CommandDeps {
  ui: Ui;
  settings: SettingsSource;
  credentials: CredentialStore;
  service: GroupService;
  /** The org's groups per host, as the Groups view shows them. */
  list: GroupList;
  log: RedactingLogger;
  /** In memory for this window only. */
  drafts: Drafts;
  showLog(): void;
  /** Shows the group in the Groups view, selected. */
  revealGroup(origin: string, group: Group): Promise<void>;
  /** Tells views and context keys that the cluster or the sign-in state changed. */
  stateChanged(): void;
  /** A group was created (the walkthrough's last step is done). */
  groupCreated?(): void;
}
