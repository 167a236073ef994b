import { errorText } from '../api/errors';
import type { RouteFor } from '../api/network';
import { Connections } from '../connections/connections';
import { ConnectionViewState } from '../connections/connectionViewState';
import { CredentialMoves } from '../connections/credentialMoves';
import type { CredentialSource } from '../foundation/credentials';
import type { KeyValueStore } from '../foundation/keyValueStore';
import { logRequest, RedactingLogger, type Logger } from '../foundation/log';
import { nameOfKey, originOfKey, type SettingsSource } from '../foundation/settings';
import { GroupList } from '../groups/groupList';
import { GroupRewards } from '../groups/groupRewards';

/** What a front end hands the core: where settings, credentials and kept state come from, the clock, where the log goes. */
export interface CorePorts {
  settings: SettingsSource;
  credentials: CredentialSource;
  /** What outlives a command: the active connection, each list's offline copy and options. */
  state: KeyValueStore;
  /**
   * Where log lines go, after the core scrubbed every secret it knows of from them. A
   * RedactingLogger given here is used as it is (a test's, which also records what it was passed).
   */
  log: Logger;
  /** Milliseconds since the epoch, this machine's clock; Date.now unless given. */
  now?: () => number;
  /** How requests leave this machine (proxy, roots); the platform's defaults unless given. */
  route?: RouteFor;
}

/** The parts every front end uses, each built once. */
export interface Core {
  /** The log every part writes to; it holds the secrets in use, to scrub them from every line. */
  log: RedactingLogger;
  /** Every connection (its session and group operations), and which one is active. */
  connections: Connections;
  /** Which connection rows are collapsed, and the clusters used lately. */
  viewState: ConnectionViewState;
  /** Credentials deleted or moved with a connection (Remove, Rename, Add Connection). */
  credentialMoves: CredentialMoves;
  /** Each connection's org's groups, by connection key, as a list shows them. */
  list: GroupList;
  /** Which rewards name each group, read when asked. */
  rewards: GroupRewards;
  dispose(): void;
}

/**
 * Builds connections, sessions, the group lists and the rewards reader from the ports, and wires
 * them to one another: the one place this is done, for the editor, the tests and the command line.
 */
export function createCore(ports: CorePorts): Core {
  const log = ports.log instanceof RedactingLogger ? ports.log : new RedactingLogger(ports.log);
  const connections = new Connections(ports.settings, ports.credentials, ports.state, {
    onRequest: (entry) => logRequest(log, entry),
    secrets: log,
    onWarning: (text) => log.warn(text),
    route: ports.route,
  });
  const list = new GroupList(
    (connectionKey, query, signal) => connections.listGroups(connectionKey, query, signal),
    ports.state,
    () => ports.settings.read().pageSize,
    ports.now,
  );
  const rewards = new GroupRewards({
    brands: (connectionKey, orgId, signal) => connections.brands(connectionKey, orgId, signal),
    rewards: (connectionKey, brandId, query, signal) => connections.rewards(connectionKey, brandId, query, signal),
  });
  // An item deleted or renamed by hand: what was kept under its key goes with its credentials.
  const forgetting = connections.onDidForgetKey((key) => {
    log.info(
      `Connection '${nameOfKey(key)}' (${originOfKey(key)}) is no longer in capillaryRewards.connections: what was kept for it is deleted`,
    );
    rewards.clear(key);
    list
      .remove(key)
      .catch((error: unknown) =>
        log.error(`Could not delete the list kept for connection '${nameOfKey(key)}': ${errorText(error)}`),
      );
  });
  const viewState = new ConnectionViewState(ports.state);
  const forgettingRow = connections.onDidForgetId((id) => void viewState.forget(id));
  return {
    log,
    connections,
    viewState,
    credentialMoves: new CredentialMoves(ports.credentials, log),
    list,
    rewards,
    dispose: () => {
      forgetting.dispose();
      forgettingRow.dispose();
      list.dispose();
      connections.dispose();
    },
  };
}
