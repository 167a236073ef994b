import * as l10n from '@vscode/l10n';
import type { AuthMethod } from './api/types';
import { checkApiPrefix, checkHostUrl, DEFAULT_API_PREFIX, quoted, withoutUserInfo } from './validation';

export const SETTINGS_SECTION = 'capillaryRewards';

export const SettingKeys = {
  host: 'host',
  apiPrefix: 'apiPrefix',
  authMethod: 'authMethod',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  pageSize: 'pageSize',
} as const;

export type HostSetting = { state: 'unset' } | { state: 'invalid'; raw: string; message: string } | { state: 'ok'; origin: string };

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

/** Groups per list request (capillaryRewards.pageSize). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const DEFAULT_TIMEOUT_SECONDS = 30;
const MIN_TIMEOUT_SECONDS = 0.1;
const MAX_TIMEOUT_SECONDS = 600;

/** Turns raw configuration values into typed settings; bad values never reach the client. */
export function parseSettings(get: (key: string) => unknown): Settings {
  const problems: string[] = [];
  const setting = (key: string) => `${SETTINGS_SECTION}.${key}`;

  const rawHost = get(SettingKeys.host);
  let host: HostSetting = { state: 'unset' };
  if (typeof rawHost === 'string' && rawHost.trim() !== '') {
    const checked = checkHostUrl(rawHost);
    host = checked.ok ? { state: 'ok', origin: checked.value } : { state: 'invalid', raw: withoutUserInfo(rawHost), message: checked.message };
  } else if (rawHost !== undefined && rawHost !== null && typeof rawHost !== 'string') {
    host = {
      state: 'invalid',
      raw: JSON.stringify(rawHost),
      message: l10n.t('It must be a URL in quotes, such as {0}, not {1}.', '"https://eu.api.capillarytech.com"', quoted(rawHost, '"')),
    };
  }

  const rawPrefix = get(SettingKeys.apiPrefix);
  let apiPrefix = DEFAULT_API_PREFIX;
  if (typeof rawPrefix === 'string') {
    const prefix = checkApiPrefix(rawPrefix);
    if (prefix.ok) apiPrefix = prefix.value;
    else problems.push(l10n.t('{0} {1} is ignored: {2} Using {3}.', setting(SettingKeys.apiPrefix), quoted(rawPrefix, '"'), prefix.message, DEFAULT_API_PREFIX));
  } else if (rawPrefix !== undefined && rawPrefix !== null) {
    problems.push(l10n.t('{0} must be a path in quotes, not {1}. Using {2}.', setting(SettingKeys.apiPrefix), quoted(rawPrefix, '"'), DEFAULT_API_PREFIX));
  }

  const rawMethod = get(SettingKeys.authMethod);
  const method = typeof rawMethod === 'string' ? rawMethod.trim().toLowerCase() : rawMethod;
  let authMethod: AuthMethod = 'basic';
  if (method === 'oauth' || method === 'basic') authMethod = method;
  else if (method !== undefined && method !== null && method !== '') {
    problems.push(l10n.t('{0} must be "basic" or "oauth", not {1}. Using basic.', setting(SettingKeys.authMethod), quoted(rawMethod, '"')));
  }

  const rawTimeout = get(SettingKeys.requestTimeoutSeconds);
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  if (typeof rawTimeout === 'number' && Number.isFinite(rawTimeout) && rawTimeout > 0) {
    timeoutSeconds = Math.min(Math.max(rawTimeout, MIN_TIMEOUT_SECONDS), MAX_TIMEOUT_SECONDS);
    if (rawTimeout !== timeoutSeconds) {
      problems.push(
        l10n.t(
          '{0} must be from {1} to {2} seconds, not {3}. Using {4}.',
          setting(SettingKeys.requestTimeoutSeconds),
          MIN_TIMEOUT_SECONDS,
          MAX_TIMEOUT_SECONDS,
          quoted(rawTimeout, '"'),
          timeoutSeconds,
        ),
      );
    }
  } else if (rawTimeout !== undefined && rawTimeout !== null) {
    problems.push(
      l10n.t('{0} must be a number of seconds above 0, not {1}. Using {2}.', setting(SettingKeys.requestTimeoutSeconds), quoted(rawTimeout, '"'), DEFAULT_TIMEOUT_SECONDS),
    );
  }

  const rawPageSize = get(SettingKeys.pageSize);
  let pageSize = DEFAULT_PAGE_SIZE;
  if (Number.isInteger(rawPageSize) && (rawPageSize as number) >= 1 && (rawPageSize as number) <= MAX_PAGE_SIZE) pageSize = rawPageSize as number;
  else if (rawPageSize !== undefined && rawPageSize !== null) {
    // A number from 1 up is rounded into range; anything else falls back to the default.
    if (typeof rawPageSize === 'number' && Number.isFinite(rawPageSize) && rawPageSize >= 1) pageSize = Math.min(MAX_PAGE_SIZE, Math.round(rawPageSize));
    problems.push(l10n.t('{0} must be a whole number from 1 to {1}, not {2}. Using {3}.', setting(SettingKeys.pageSize), MAX_PAGE_SIZE, quoted(rawPageSize, '"'), pageSize));
  }

  return { host, apiPrefix, authMethod, timeoutMs: Math.round(timeoutSeconds * 1000), pageSize, problems };
}

/** A short label for a host origin in messages: the host name and port, without the scheme. */
export function hostLabel(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}
