import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { md5Hex } from '../../src/api/auth';
import type { Credentials, Group } from '../../src/api/types';
import type { CommandDeps } from '../../src/commands/deps';
import { planGroupsFile } from '../../src/commands/planGroups';
import type { Connections } from '../../src/connections/connections';
import type { ConnectionViewState } from '../../src/connections/connectionViewState';
import { CredentialStore } from '../../src/foundation/credentials';
import type { GroupService } from '../../src/groups/groupService';
import type { Session } from '../../src/session/session';
import type { GroupList } from '../../src/groups/groupList';
import { createCore } from '../../src/core/createCore';
import type { GroupRewards } from '../../src/groups/groupRewards';
import { RedactingLogger, type Logger } from '../../src/foundation/log';
import { DEMO_CREDENTIALS } from '../sandbox/server';
import { FolderGroupsFiles, MemoryMemento, MemorySecrets, MemorySettings } from './fakes';
import { ScriptedUi } from './scriptedUi';
import { editorWords } from '../../src/ui/editorWords';

export const demoBasic: Extract<Credentials, { method: 'basic' }> = {
  method: 'basic',
  username: DEMO_CREDENTIALS.basic.username,
  passwordMd5: md5Hex(DEMO_CREDENTIALS.basic.password),
};

/** Everything a command flow needs, real except the VS Code window (a ScriptedUi). */
export interface FlowEnv {
  deps: CommandDeps;
  ui: ScriptedUi;
  settings: MemorySettings;
  secrets: MemorySecrets;
  memento: MemoryMemento;
  credentials: CredentialStore;
  connections: Connections;
  viewState: ConnectionViewState;
  list: GroupList;
  rewards: GroupRewards;
  /** Groups whose rewards a flow showed (Show Rewards). */
  rewardsRevealed: Group[];
  /** The active connection's group operations and session. */
  groups(): GroupService;
  session(): Session;
  /** The log as written to the channel, redacted. */
  logLines: string[];
  /** Every line as the code passed it to the log, before redaction: what the secret sweep searches. */
  rawLogLines: string[];
  revealed: Group[];
  /** The groups files of a fresh temporary folder (the "workspace"). */
  files: FolderGroupsFiles;
  counters: { logShown: number; stateChanged: number };
}

export function flowEnv(settingsValues: Record<string, unknown>): FlowEnv {
  const ui = new ScriptedUi();
  const settings = new MemorySettings({ ...settingsValues });
  const secrets = new MemorySecrets();
  const memento = new MemoryMemento();
  const credentials = new CredentialStore(secrets);
  const logLines: string[] = [];
  const rawLogLines: string[] = [];
  const log = new RecordingLogger(
    {
      info: (line) => logLines.push(`info ${line}`),
      warn: (line) => logLines.push(`warn ${line}`),
      error: (line) => logLines.push(`error ${line}`),
    },
    rawLogLines,
  );
  const { connections, list, rewards, viewState, credentialMoves } = createCore({
    settings,
    credentials,
    state: memento,
    log,
  });
  const revealed: Group[] = [];
  const rewardsRevealed: Group[] = [];
  const counters = { logShown: 0, stateChanged: 0 };
  const files = new FolderGroupsFiles(fs.mkdtempSync(path.join(os.tmpdir(), 'groups-files-')));
  const deps: CommandDeps = {
    ui,
    words: editorWords,
    settings,
    connections,
    viewState,
    credentialMoves,
    list,
    rewards,
    log,
    files,
    drafts: {},
    baselines: new Map(),
    showLog: () => counters.logShown++,
    revealGroup: (_origin, group) => {
      revealed.push(group);
      return Promise.resolve();
    },
    revealRewards: (_key, group) => {
      rewardsRevealed.push(group);
      return Promise.resolve();
    },
    stateChanged: () => counters.stateChanged++,
    planGroupsFile: (file, connectionId) => planGroupsFile(deps, file, connectionId),
  };
  return {
    deps,
    ui,
    settings,
    secrets,
    memento,
    credentials,
    connections,
    viewState,
    list,
    rewards,
    rewardsRevealed,
    groups: () => connections.active().groups,
    session: () => connections.active().session,
    logLines,
    rawLogLines,
    revealed,
    files,
    counters,
  };
}

/** The real RedactingLogger, which also records every line as it was passed in, before redaction. */
class RecordingLogger extends RedactingLogger {
  constructor(
    sink: Logger,
    private readonly raw: string[],
  ) {
    super(sink);
  }

  override info(message: string): void {
    this.raw.push(`info ${message}`);
    super.info(message);
  }

  override warn(message: string): void {
    this.raw.push(`warn ${message}`);
    super.warn(message);
  }

  override error(message: string): void {
    this.raw.push(`error ${message}`);
    super.error(message);
  }
}
