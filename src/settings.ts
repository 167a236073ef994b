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
  /** Set when the configured prefix was unusable and the default is used instead. */
  apiPrefixProblem?: string;
  authMethod: AuthMethod;
  timeoutMs: number;
  /** Groups per list request. */
  pageSize: number;
}

/** Reads and writes the extension's settings; the VS Code-backed one lives in src/vscode/. */
export interface SettingsSource {
  read(): Settings;
  /** Writes capillaryRewards.host in the user settings. */
  setHost(origin: string): Promise<void>;
}

const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 600;

/** Turns raw configuration values into typed settings; bad values never reach the client. */
export function parseSettings(get: (key: string) => unknown): Settings {
  const rawHost = get(SettingKeys.host);
  let host: HostSetting = { state: 'unset' };
  if (typeof rawHost === 'string' && rawHost.trim() !== '') {
    const checked = checkHostUrl(rawHost);
    host = checked.ok ? { state: 'ok', origin: checked.value } : { state: 'invalid', raw: rawHost, message: checked.message };
  }

  const rawPrefix = get(SettingKeys.apiPrefix);
  const prefix = checkApiPrefix(typeof rawPrefix === 'string' ? rawPrefix : '');

  const rawTimeout = get(SettingKeys.requestTimeoutSeconds);
  const timeoutSeconds =
    typeof rawTimeout === 'number' && Number.isFinite(rawTimeout) && rawTimeout > 0
      ? Math.min(rawTimeout, MAX_TIMEOUT_SECONDS)
      : DEFAULT_TIMEOUT_SECONDS;

  return {
    host,
    apiPrefix: prefix.ok ? prefix.value : DEFAULT_API_PREFIX,
    apiPrefixProblem: prefix.ok ? undefined : prefix.message,
    authMethod: get(SettingKeys.authMethod) === 'oauth' ? 'oauth' : 'basic',
    timeoutMs: Math.round(timeoutSeconds * 1000),
    pageSize: pageSize(get(SettingKeys.pageSize)),
  };
}

function pageSize(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.round(raw)));
}

/** A short label for a host origin in messages: the host name and port, without the scheme. */
export function hostLabel(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}
