import { createGroupsClient } from '../api/client';
import { CapillaryError } from '../api/errors';
import type { RequestLogEntry } from '../api/http';
import { createRouter, type NetworkInputs } from '../api/network';
import { probe, type ProbeStep } from '../api/probe';
import { decideProxy, proxyCredentials, rawProxyValue, type ProxyDecision } from '../api/proxy';
import { loadTrustStore, TrustStoreError, type ReadText, type TrustStore } from '../api/trust';
import type { AuthMethod } from '../api/types';
import type { Connection } from '../connections/connections';
import { credentialsLabel } from '../foundation/credentials';
import type { FrontEndWords } from '../foundation/words';
import { describeFailure } from '../messages/failures';
import { credentialSecrets, NotReadyError } from '../session/session';

/**
 * Diagnose Connection: every step between this machine and the connection's cluster, each on its
 * own (the proxy chosen and why, the roots trusted, DNS, TCP, the proxy's tunnel, TLS and its
 * chain), then one signed request the way every request goes, with the server's clock. Nothing
 * of it changes anything on the server.
 */
export interface DiagnoseOptions {
  /** The front end's network inputs now (its proxy settings, environment and extra certificates). */
  network: NetworkInputs;
  read: ReadText;
  /** As the front end's router: whether it tunnels through the proxy itself (the command line). */
  routesItself: boolean;
  words: FrontEndWords;
  timeoutMs: number;
  signal?: AbortSignal;
  /** This machine's clock; Date.now unless given. */
  now?: () => number;
  /** Told as each step starts, for progress. */
  onStep?: (step: DiagnosisStepName) => void;
}

/** What a front end gives Diagnose Connection: its network inputs now, how it reads files, where it runs. */
export interface DiagnosisNetwork {
  inputs(): NetworkInputs;
  read: ReadText;
  /** "VS Code 1.98.2, Node v20.18.1, linux x64, local window": the report's From line. */
  environment: string;
}

export type DiagnosisStepName = 'certificates' | 'network' | 'sign-in';

export interface Diagnosis {
  /** When it ran, by this machine's clock (ms). */
  at: number;
  connection: { label: string; origin: string; apiPrefix: string; method: AuthMethod; account?: string };
  proxy: ProxyDecision;
  /** VS Code's http.proxySupport, when the front end has one. */
  proxySupport?: string;
  trust: TrustStore | { error: string };
  steps: ProbeStep[];
  /** undefined when not signed in. */
  signIn?: { ok: boolean; summary: string };
  requests: RequestLogEntry[];
  /** The server's clock minus this machine's, in ms; undefined without a dated answer. */
  clockOffsetMs?: number;
  /** True when every step that ran passed and the signed request was answered. */
  ok: boolean;
  /** Values that must not appear in a report of it (credentials, token, proxy password). */
  secrets: string[];
}

export async function diagnose(connection: Connection, label: string, options: DiagnoseOptions): Promise<Diagnosis> {
  const now = options.now ?? Date.now;
  const readiness = await connection.session.readiness();
  if (readiness.state === 'no-host' || readiness.state === 'invalid-host') throw new NotReadyError(readiness);
  const { spec } = readiness;
  const credentials = readiness.state === 'ready' ? readiness.credentials : undefined;
  const proxy = decideProxy(spec.origin, options.network.proxy);
  const rawProxy = rawProxyValue(proxy, options.network.proxy);
  const proxyPassword = rawProxy ? proxyCredentials(rawProxy)?.password : undefined;
  const secrets = [...(credentials ? credentialSecrets(credentials) : []), ...(proxyPassword ? [proxyPassword] : [])];

  options.onStep?.('certificates');
  let trust: Diagnosis['trust'];
  try {
    trust = await loadTrustStore({ ...trustInputs(options), always: true });
  } catch (error) {
    if (!(error instanceof TrustStoreError)) throw error;
    trust = { error: error.message };
  }
  options.onStep?.('network');
  // Without the extra files (one cannot be read), the checks below go on with the platform's roots.
  const roots =
    'error' in trust
      ? ((await loadTrustStore({ ...trustInputs(options), extraFiles: [], always: true })).ca ?? [])
      : (trust.ca ?? []);
  // With the system's choice of proxy (unknown here), the checks go direct: the request below goes VS Code's way.
  const steps = await probe({
    origin: spec.origin,
    proxy: proxy.kind === 'proxy' ? rawProxy : undefined,
    ca: roots,
    timeoutMs: options.timeoutMs,
  });

  const requests: RequestLogEntry[] = [];
  let signIn: Diagnosis['signIn'];
  let clockOffsetMs: number | undefined;
  if (credentials && !('error' in trust)) {
    options.onStep?.('sign-in');
    const api = createGroupsClient({
      origin: spec.origin,
      apiPrefix: spec.apiPrefix,
      timeoutMs: options.timeoutMs,
      credentials,
      onRequest: (entry) => requests.push(entry),
      onToken: (token) => secrets.push(token),
      route: createRouter({ inputs: () => options.network, read: options.read, routesItself: options.routesItself }),
    });
    try {
      const page = await api.list({ page: 0, size: 1 }, options.signal);
      const total = page.paging.guessed ? undefined : page.paging.totalElements;
      signIn = {
        ok: true,
        summary:
          `${credentialsLabel(credentials)} is accepted` +
          (total === undefined ? '' : `; the org has ${total} group${total === 1 ? '' : 's'}`),
      };
    } catch (error) {
      if (error instanceof CapillaryError && error.kind === 'cancelled') throw error;
      const failure = describeFailure(
        error,
        { origin: spec.origin, where: label, doing: 'list one group' },
        options.words,
      );
      signIn = { ok: false, summary: failure?.message ?? String(error) };
    }
    const serverNow = api.serverNow();
    if (serverNow !== undefined) clockOffsetMs = Math.round(serverNow - now());
  }
  return {
    at: now(),
    connection: {
      label,
      origin: spec.origin,
      apiPrefix: spec.apiPrefix,
      method: spec.authMethod,
      account: credentials ? credentialsLabel(credentials) : undefined,
    },
    proxy,
    proxySupport: options.network.proxy.proxySupport,
    trust,
    steps,
    signIn,
    requests,
    clockOffsetMs,
    ok: !('error' in trust) && steps.every((step) => step.ok) && signIn?.ok === true,
    secrets,
  };
}

function trustInputs(options: DiagnoseOptions) {
  return {
    extraFiles: options.network.extraCertificates,
    includeSystem: options.network.includeSystem,
    nodeExtraCaCerts: options.network.proxy.env.NODE_EXTRA_CA_CERTS,
    read: options.read,
  };
}
