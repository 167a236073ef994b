import type { Agent } from 'node:http';
import * as https from 'node:https';
import { decideProxy, rawProxyValue, type ProxyDecision, type ProxyInputs } from './proxy';
import { loadTrustStore, type ReadText, type TrustStore } from './trust';
import { PlainTunnelAgent, TunnelAgent } from './tunnel';

/**
 * How requests to one origin leave this machine: the agent to send them with (undefined: the
 * platform's own, as VS Code's proxy support patches it), the proxy in effect and the roots
 * trusted. A front end builds it from its own configuration (src/vscode/vscodeNetwork.ts,
 * src/cli/network.ts); the transport asks for it on every request, so a changed setting counts at once.
 */
export interface NetworkRoute {
  agent?: Agent;
  proxy: ProxyDecision;
  trust: TrustStore;
}

/** The route for an origin; rejects (a TrustStoreError) when a configured certificate file cannot be used. */
export type RouteFor = (origin: string) => Promise<NetworkRoute>;

export interface NetworkInputs {
  proxy: ProxyInputs;
  /** PEM files trusted besides the platform's roots. */
  extraCertificates: readonly string[];
  /** Whether the platform trusts the system's roots as well as the bundled ones (VS Code does, unless http.systemCertificates is off). */
  includeSystem: boolean;
}

export interface RouterOptions {
  /** Read on every request: settings and environment as they are now. */
  inputs: () => NetworkInputs;
  read: ReadText;
  /**
   * Whether the front end sends through the proxy itself (the command line) or leaves that to
   * the platform (VS Code's proxy support, which also keeps a request's `ca`).
   */
  routesItself: boolean;
}

/**
 * The route for each request, built once per configuration: certificate files are read when the
 * configuration that names them is first used (and again after a failure to read them).
 */
export function createRouter(options: RouterOptions): RouteFor & { reset(): void } {
  let cached: { key: string; route: Promise<NetworkRoute> } | undefined;
  const routeFor = async (origin: string): Promise<NetworkRoute> => {
    const inputs = options.inputs();
    const proxy = decideProxy(origin, inputs.proxy);
    const raw = rawProxyValue(proxy, inputs.proxy);
    const secure = origin.startsWith('https:');
    const key = JSON.stringify([
      inputs.extraCertificates,
      inputs.includeSystem,
      inputs.proxy.env.NODE_EXTRA_CA_CERTS,
      proxy,
      raw,
      secure,
    ]);
    if (cached?.key !== key) {
      const route = buildRoute(options, inputs, proxy, raw, secure);
      cached = { key, route };
      route.catch(() => {
        if (cached?.route === route) cached = undefined;
      });
    }
    return cached.route;
  };
  return Object.assign(routeFor, { reset: () => (cached = undefined) });
}

async function buildRoute(
  options: RouterOptions,
  inputs: NetworkInputs,
  proxy: ProxyDecision,
  raw: string | undefined,
  secure: boolean,
): Promise<NetworkRoute> {
  const trust = await loadTrustStore({
    extraFiles: inputs.extraCertificates,
    includeSystem: inputs.includeSystem,
    nodeExtraCaCerts: inputs.proxy.env.NODE_EXTRA_CA_CERTS,
    read: options.read,
  });
  const agentOptions = { keepAlive: true, ...(trust.ca ? { ca: trust.ca } : {}) };
  const tunnel = options.routesItself && proxy.kind === 'proxy' ? raw : undefined;
  if (!secure) {
    return { agent: tunnel ? new PlainTunnelAgent(tunnel, { keepAlive: true }, trust.ca) : undefined, proxy, trust };
  }
  if (tunnel) return { agent: new TunnelAgent(tunnel, agentOptions, trust.ca), proxy, trust };
  // VS Code copies an agent's `ca` into the request it routes; with none, its own roots stand.
  return { agent: trust.ca ? new https.Agent(agentOptions) : undefined, proxy, trust };
}
