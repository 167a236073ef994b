/**
 * Which proxy a request to an origin goes through, and where that choice came from. The editor
 * does not route requests itself (VS Code's proxy support does, in the order below); it asks this
 * to say which proxy is in effect. The command line routes by it.
 */

export type ProxySupport = 'off' | 'on' | 'fallback' | 'override';

export interface ProxyInputs {
  /** VS Code's `http.proxySupport`; the command line has none (always routes by the environment). */
  proxySupport?: ProxySupport;
  /** VS Code's `http.proxy`, as written. */
  proxySetting?: string;
  /** VS Code's `http.noProxy`; when it lists anything, NO_PROXY is not read (as VS Code does). */
  noProxySetting?: readonly string[];
  /** The environment the requests are made from (HTTPS_PROXY, NO_PROXY, …). */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether, with nothing configured, the operating system's proxy settings decide (the editor's case). */
  systemResolves: boolean;
}

export type ProxyDecision =
  | { kind: 'direct'; reason: DirectReason }
  /** `url` has no user name or password in it; `hasCredentials` says whether the configured one had. */
  | { kind: 'proxy'; url: string; source: ProxySource; hasCredentials: boolean }
  | { kind: 'system' };

export type DirectReason =
  'proxy-support-off' | 'loopback' | 'no-proxy-setting' | 'no-proxy-env' | 'nothing-configured' | 'unsupported-scheme';

export type ProxySource = 'setting' | `env:${string}`;

const ENV_PROXY_NAMES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

/** The decision for requests to `origin` (scheme://host[:port]). */
export function decideProxy(origin: string, inputs: ProxyInputs): ProxyDecision {
  if (inputs.proxySupport === 'off') return { kind: 'direct', reason: 'proxy-support-off' };
  const url = new URL(origin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // VS Code sends these straight; so does the command line, so a sandbox on this machine is reached.
  if (host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '::ffff:127.0.0.1') {
    return { kind: 'direct', reason: 'loopback' };
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const noProxySetting = (inputs.noProxySetting ?? []).filter((entry) => entry.trim() !== '');
  if (noProxySetting.length > 0) {
    if (bypassed(host, port, noProxySetting)) return { kind: 'direct', reason: 'no-proxy-setting' };
  } else {
    const noProxyEnv = inputs.env.no_proxy ?? inputs.env.NO_PROXY;
    if (noProxyEnv && bypassed(host, port, noProxyEnv.split(','))) return { kind: 'direct', reason: 'no-proxy-env' };
  }
  const setting = inputs.proxySetting?.trim();
  if (setting) return proxyFrom(setting, 'setting');
  for (const name of ENV_PROXY_NAMES) {
    const value = inputs.env[name]?.trim();
    if (value) return proxyFrom(value, `env:${name}`);
  }
  return inputs.systemResolves ? { kind: 'system' } : { kind: 'direct', reason: 'nothing-configured' };
}

function proxyFrom(raw: string, source: ProxySource): ProxyDecision {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return { kind: 'direct', reason: 'unsupported-scheme' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'direct', reason: 'unsupported-scheme' };
  const hasCredentials = url.username !== '' || url.password !== '';
  return { kind: 'proxy', url: `${url.protocol}//${url.host}`, source, hasCredentials };
}

/** The user name and password of a configured proxy URL, for its Proxy-Authorization; never shown. */
export function proxyCredentials(raw: string): { username: string; password: string } | undefined {
  try {
    const url = new URL(raw.includes('://') ? raw : `http://${raw}`);
    if (!url.username && !url.password) return undefined;
    return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  } catch {
    return undefined;
  }
}

/** The raw proxy value the decision came from (with its credentials), to connect through. */
export function rawProxyValue(decision: ProxyDecision, inputs: ProxyInputs): string | undefined {
  if (decision.kind !== 'proxy') return undefined;
  if (decision.source === 'setting') return inputs.proxySetting?.trim();
  return inputs.env[decision.source.slice('env:'.length)]?.trim();
}

/** NO_PROXY rules as curl and VS Code read them: `*`, `host`, `.domain`, `host:port`. */
function bypassed(host: string, port: string, entries: readonly string[]): boolean {
  const hostname = host.toLowerCase();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [name, entryPort] = entry.startsWith('[') ? [entry.replace(/\]:?.*$/, ']'), undefined] : entry.split(':', 2);
    if (entryPort && entryPort !== port) continue;
    const bare = name.replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
    if (hostname === bare || hostname.endsWith(`.${bare}`)) return true;
  }
  return false;
}
