import type { AuthMethod } from './api/types';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './groups/listOptions';
import { checkApiPrefix, checkHostUrl, DEFAULT_API_PREFIX } from './validation';

export const SETTINGS_SECTION = 'capillaryRewards';

export const SettingKeys = {
  host: 'host',
  apiPrefix: 'apiPrefix',
  authMethod: 'authMethod',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  pageSize: 'pageSize',
} as const;

export type HostSetting =
  | { state: 'unset' }
  | { state: 'invalid'; raw: string; message: string }
  | { state: 'ok'; origin: string };

export interface Settings {
  host: HostSetting;
  apiPrefix: string;
  authMethod: AuthMethod;
  timeoutMs: number;
  /** Groups per list request. */
  pageSize: number;
  /**
   * One sentence per setting whose value could not be used as written: what is wrong and what is
   * used instead. The view shows them; nothing unusable reaches the client.
   */
  problems: string[];
}

/** Reads and writes the extension's settings; the VS Code-backed one lives in src/vscode/. */
export interface SettingsSource {
  read(): Settings;
  /** Writes capillaryRewards.host in the user settings. */
  setHost(origin: string): Promise<void>;
}

const DEFAULT_TIMEOUT_SECONDS = 30;
const MIN_TIMEOUT_SECONDS = 0.1;
const MAX_TIMEOUT_SECONDS = 600;

/** A setting's value for a message: short, one line, control characters shown as escapes. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Turns raw configuration values into typed settings; bad values never reach the client. */
export function parseSettings(get: (key: string) => unknown): Settings {
  const problems: string[] = [];
  const setting = (key: string) => `${SETTINGS_SECTION}.${key}`;

  const rawHost = get(SettingKeys.host);
  let host: HostSetting = { state: 'unset' };
  if (typeof rawHost === 'string' && rawHost.trim() !== '') {
    const checked = checkHostUrl(rawHost);
    host = checked.ok ? { state: 'ok', origin: checked.value } : { state: 'invalid', raw: rawHost, message: checked.message };
  } else if (rawHost !== undefined && rawHost !== null && typeof rawHost !== 'string') {
    host = { state: 'invalid', raw: String(rawHost), message: `It must be a URL in quotes, such as "https://eu.api.capillarytech.com", not ${shown(rawHost)}.` };
  }

  const rawPrefix = get(SettingKeys.apiPrefix);
  let apiPrefix = DEFAULT_API_PREFIX;
  if (typeof rawPrefix === 'string') {
    const prefix = checkApiPrefix(rawPrefix);
    if (prefix.ok) apiPrefix = prefix.value;
    else problems.push(`${setting(SettingKeys.apiPrefix)} ${shown(rawPrefix)} is ignored: ${prefix.message} Using ${DEFAULT_API_PREFIX}.`);
  } else if (rawPrefix !== undefined && rawPrefix !== null) {
    problems.push(`${setting(SettingKeys.apiPrefix)} must be a path in quotes, not ${shown(rawPrefix)}. Using ${DEFAULT_API_PREFIX}.`);
  }

  const rawMethod = get(SettingKeys.authMethod);
  const method = typeof rawMethod === 'string' ? rawMethod.trim().toLowerCase() : rawMethod;
  let authMethod: AuthMethod = 'basic';
  if (method === 'oauth' || method === 'basic') authMethod = method;
  else if (method !== undefined && method !== null && method !== '') {
    problems.push(`${setting(SettingKeys.authMethod)} must be "basic" or "oauth", not ${shown(rawMethod)}. Using basic.`);
  }

  const rawTimeout = get(SettingKeys.requestTimeoutSeconds);
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  if (typeof rawTimeout === 'number' && Number.isFinite(rawTimeout) && rawTimeout > 0) {
    timeoutSeconds = Math.min(Math.max(rawTimeout, MIN_TIMEOUT_SECONDS), MAX_TIMEOUT_SECONDS);
    if (rawTimeout !== timeoutSeconds) problems.push(`${setting(SettingKeys.requestTimeoutSeconds)} is from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}; using ${timeoutSeconds}.`);
  } else if (rawTimeout !== undefined && rawTimeout !== null) {
    problems.push(`${setting(SettingKeys.requestTimeoutSeconds)} must be a number of seconds above 0, not ${shown(rawTimeout)}. Using ${DEFAULT_TIMEOUT_SECONDS}.`);
  }

  const rawPageSize = get(SettingKeys.pageSize);
  let pageSize = DEFAULT_PAGE_SIZE;
  if (Number.isInteger(rawPageSize) && (rawPageSize as number) >= 1 && (rawPageSize as number) <= MAX_PAGE_SIZE) pageSize = rawPageSize as number;
  else if (typeof rawPageSize === 'number' && Number.isFinite(rawPageSize) && rawPageSize >= 1) {
    pageSize = Math.min(MAX_PAGE_SIZE, Math.round(rawPageSize));
    problems.push(`${setting(SettingKeys.pageSize)} must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${shown(rawPageSize)}. Using ${pageSize}.`);
  } else if (rawPageSize !== undefined && rawPageSize !== null) {
    problems.push(`${setting(SettingKeys.pageSize)} must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${shown(rawPageSize)}. Using ${DEFAULT_PAGE_SIZE}.`);
  }

  return { host, apiPrefix, authMethod, timeoutMs: Math.round(timeoutSeconds * 1000), pageSize, problems };
}

/** A short label for a host origin in messages: the host name and port, without the scheme. */
export function hostLabel(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}
