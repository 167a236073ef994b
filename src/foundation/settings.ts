import * as l10n from '@vscode/l10n';
import type { AuthMethod } from '../api/types';
import {
  checkApiPrefix,
  checkConnectionName,
  checkHostUrl,
  DEFAULT_API_PREFIX,
  quoted,
  withoutUserInfo,
} from './validation';
import type { FrontEndWords } from './words';

export const SETTINGS_SECTION = 'capillaryRewards';

export const SettingKeys = {
  host: 'host',
  apiPrefix: 'apiPrefix',
  authMethod: 'authMethod',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  pageSize: 'pageSize',
  applyConcurrency: 'applyConcurrency',
  connections: 'connections',
  extraCertificates: 'extraCertificates',
} as const;

export type HostSetting =
  { state: 'unset' } | { state: 'invalid'; raw: string; message: string } | { state: 'ok'; origin: string };

/**
 * The settings that decide where credentials go. They are read from the user settings only (or
 * their default), never from a workspace or folder: a cloned repository's .vscode/settings.json
 * must not point the Sign In prompt at another host. package.json marks them `"scope":
 * "application"`, which VS Code honours by ignoring workspace values; the VS Code adapter reads only the user value,
 * which holds even where it would not.
 */
export const USER_ONLY: readonly string[] = [
  SettingKeys.host,
  SettingKeys.apiPrefix,
  SettingKeys.authMethod,
  SettingKeys.connections,
  // A folder must not make the extension trust a root of its choosing.
  SettingKeys.extraCertificates,
];

export interface Settings {
  host: HostSetting;
  apiPrefix: string;
  authMethod: AuthMethod;
  timeoutMs: number;
  /** Groups per list request. */
  pageSize: number;
  /** Writes a groups file's apply sends at once. */
  applyConcurrency: number;
  /** The connections to show, in order: those of capillaryRewards.connections, or the one of the single-host settings. */
  connections: ConnectionEntry[];
  /** PEM files of root certificates trusted besides the platform's, as absolute paths (`~/` allowed). */
  extraCertificates: string[];
  /** capillaryRewards.connections is set but not a list: its items cannot be told apart until it is fixed. */
  connectionsUnreadable?: boolean;
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
  /** capillaryRewards.connections as written in the user settings (items that are not usable included). */
  connectionItems(): unknown[];
  /** Writes capillaryRewards.connections in the user settings. */
  setConnectionItems(items: unknown[]): Promise<void>;
}

/** Writes the host of the item at `index` of capillaryRewards.connections, keeping everything else of it and of the others. */
export function setConnectionHost(settings: SettingsSource, index: number, origin: string): Promise<void> {
  const items = settings
    .connectionItems()
    .map((item, i) =>
      i === index ? { ...(typeof item === 'object' && item !== null ? item : {}), host: origin } : item,
    );
  return settings.setConnectionItems(items);
}

/** Every URL's user name and password in a text (a settings value shown in a message) cut out. */
function withoutAnyUserInfo(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/?#\s"'@]*@/gi, '$1…@');
}

/** Groups per list request (capillaryRewards.pageSize). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Writes an apply sends at once (capillaryRewards.applyConcurrency). */
export const DEFAULT_APPLY_CONCURRENCY = 4;
export const MAX_APPLY_CONCURRENCY = 16;

const DEFAULT_TIMEOUT_SECONDS = 30;
const MIN_TIMEOUT_SECONDS = 0.1;
const MAX_TIMEOUT_SECONDS = 600;

/**
 * Turns raw configuration values into typed settings; bad values never reach the client. The
 * problems name each setting as the front end whose `words` are given does (the settings source's).
 */
export function parseSettings(get: (key: string) => unknown, words: FrontEndWords): Settings {
  const problems: string[] = [];

  const rawHost = get(SettingKeys.host);
  let host: HostSetting = { state: 'unset' };
  if (typeof rawHost === 'string' && rawHost.trim() !== '') {
    const checked = checkHostUrl(rawHost, words);
    host = checked.ok
      ? { state: 'ok', origin: checked.value }
      : { state: 'invalid', raw: withoutUserInfo(rawHost), message: checked.message };
  } else if (rawHost !== undefined && rawHost !== null && typeof rawHost !== 'string') {
    host = {
      state: 'invalid',
      raw: JSON.stringify(rawHost),
      message: l10n.t(
        'It must be a URL in quotes, such as {0}, not {1}.',
        '"https://eu.api.capillarytech.com"',
        quoted(rawHost, '"'),
      ),
    };
  }

  const rawPrefix = get(SettingKeys.apiPrefix);
  let apiPrefix = DEFAULT_API_PREFIX;
  if (typeof rawPrefix === 'string') {
    const prefix = checkApiPrefix(rawPrefix);
    if (prefix.ok) apiPrefix = prefix.value;
    else {
      problems.push(
        l10n.t(
          '{0} {1} is ignored: {2} Using {3}.',
          words.setting(SettingKeys.apiPrefix),
          quoted(rawPrefix, '"'),
          prefix.message,
          DEFAULT_API_PREFIX,
        ),
      );
    }
  } else if (rawPrefix !== undefined && rawPrefix !== null) {
    problems.push(
      l10n.t(
        '{0} must be a path in quotes, not {1}. Using {2}.',
        words.setting(SettingKeys.apiPrefix),
        quoted(rawPrefix, '"'),
        DEFAULT_API_PREFIX,
      ),
    );
  }

  const rawMethod = get(SettingKeys.authMethod);
  const method = typeof rawMethod === 'string' ? rawMethod.trim().toLowerCase() : rawMethod;
  let authMethod: AuthMethod = 'basic';
  if (method === 'oauth' || method === 'basic') authMethod = method;
  else if (method !== undefined && method !== null && method !== '') {
    problems.push(
      l10n.t(
        '{0} must be "basic" or "oauth", not {1}. Using basic.',
        words.setting(SettingKeys.authMethod),
        quoted(rawMethod, '"'),
      ),
    );
  }

  const rawTimeout = get(SettingKeys.requestTimeoutSeconds);
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  if (typeof rawTimeout === 'number' && Number.isFinite(rawTimeout) && rawTimeout > 0) {
    timeoutSeconds = Math.min(Math.max(rawTimeout, MIN_TIMEOUT_SECONDS), MAX_TIMEOUT_SECONDS);
    if (rawTimeout !== timeoutSeconds) {
      problems.push(
        l10n.t(
          '{0} must be from {1} to {2} seconds, not {3}. Using {4}.',
          words.setting(SettingKeys.requestTimeoutSeconds),
          MIN_TIMEOUT_SECONDS,
          MAX_TIMEOUT_SECONDS,
          quoted(rawTimeout, '"'),
          timeoutSeconds,
        ),
      );
    }
  } else if (rawTimeout !== undefined && rawTimeout !== null) {
    problems.push(
      l10n.t(
        '{0} must be a number of seconds above 0, not {1}. Using {2}.',
        words.setting(SettingKeys.requestTimeoutSeconds),
        quoted(rawTimeout, '"'),
        DEFAULT_TIMEOUT_SECONDS,
      ),
    );
  }

  const rawPageSize = get(SettingKeys.pageSize);
  let pageSize = DEFAULT_PAGE_SIZE;
  if (Number.isInteger(rawPageSize) && (rawPageSize as number) >= 1 && (rawPageSize as number) <= MAX_PAGE_SIZE) {
    pageSize = rawPageSize as number;
  } else if (rawPageSize !== undefined && rawPageSize !== null) {
    // A number from 1 up is rounded into range; anything else falls back to the default.
    if (typeof rawPageSize === 'number' && Number.isFinite(rawPageSize) && rawPageSize >= 1) {
      pageSize = Math.min(MAX_PAGE_SIZE, Math.round(rawPageSize));
    }
    problems.push(
      l10n.t(
        '{0} must be a whole number from 1 to {1}, not {2}. Using {3}.',
        words.setting(SettingKeys.pageSize),
        MAX_PAGE_SIZE,
        quoted(rawPageSize, '"'),
        pageSize,
      ),
    );
  }

  const rawConcurrency = get(SettingKeys.applyConcurrency);
  let applyConcurrency = DEFAULT_APPLY_CONCURRENCY;
  if (
    Number.isInteger(rawConcurrency) &&
    (rawConcurrency as number) >= 1 &&
    (rawConcurrency as number) <= MAX_APPLY_CONCURRENCY
  ) {
    applyConcurrency = rawConcurrency as number;
  } else if (rawConcurrency !== undefined && rawConcurrency !== null) {
    if (typeof rawConcurrency === 'number' && Number.isFinite(rawConcurrency)) {
      applyConcurrency = Math.min(MAX_APPLY_CONCURRENCY, Math.max(1, Math.round(rawConcurrency)));
    }
    problems.push(
      l10n.t(
        '{0} must be a whole number from 1 to {1}, not {2}. Using {3}.',
        words.setting(SettingKeys.applyConcurrency),
        MAX_APPLY_CONCURRENCY,
        quoted(rawConcurrency, '"'),
        applyConcurrency,
      ),
    );
  }

  const extraCertificates = parseCertificatePaths(get(SettingKeys.extraCertificates), problems, words);

  const rawConnections = get(SettingKeys.connections);
  const connections = parseConnections(rawConnections, { host, apiPrefix, authMethod }, problems, words);
  const unreadable = rawConnections !== undefined && rawConnections !== null && !Array.isArray(rawConnections);
  return {
    host,
    apiPrefix,
    authMethod,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    pageSize,
    applyConcurrency,
    extraCertificates,
    connections,
    ...(unreadable ? { connectionsUnreadable: true } : {}),
    problems,
  };
}

/** An absolute path on any platform, or one from the home folder. */
const ABSOLUTE_PATH = /^(?:\/|~\/|~$|[A-Za-z]:[\\/]|\\\\)/;

/** The usable paths of the extra certificates setting; each other item is a problem and skipped. */
function parseCertificatePaths(raw: unknown, problems: string[], words: FrontEndWords): string[] {
  if (raw === undefined || raw === null) return [];
  const setting = words.setting(SettingKeys.extraCertificates);
  if (!Array.isArray(raw)) {
    problems.push(
      l10n.t(
        '{0} must be a list of PEM file paths, not {1}. No extra certificate is trusted.',
        setting,
        quoted(raw, '"'),
      ),
    );
    return [];
  }
  const paths: string[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item === 'string' && ABSOLUTE_PATH.test(item.trim())) {
      if (!paths.includes(item.trim())) paths.push(item.trim());
    } else {
      problems.push(
        l10n.t(
          '{0}: {1} is skipped: each item must be the absolute path of a PEM file, such as {2}.',
          setting,
          quoted(item, '"'),
          '"/etc/ssl/certs/corporate-root.pem"',
        ),
      );
    }
  }
  return paths;
}

/** A short label for a host origin in messages: the host name and port, without the scheme. */
export function hostLabel(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}

/** A cluster, how requests to it are signed, and a name: one org and one till or client. */
export interface ConnectionSpec {
  /** As in capillaryRewards.connections; '' for the connection made of the single-host settings. */
  name: string;
  origin: string;
  authMethod: AuthMethod;
  apiPrefix: string;
  /** Every write asks first, naming the connection. */
  production: boolean;
  /**
   * Where its credentials, list and list options are kept. The single-host connection keeps them
   * under its origin, as before connections existed, so that an upgrade keeps the sign-in; a named
   * one under origin and name, so that two tills of two orgs on one cluster coexist.
   */
  key: string;
}

/**
 * One connection as configured: usable, not configured yet (the single-host settings with no
 * host), or unusable as written (what is wrong, so that the view can say it; nothing is sent).
 */
export type ConnectionEntry =
  | {
      state: 'ok';
      id: string;
      spec: ConnectionSpec;
      /** its place in capillaryRewards.connections; none for the single-host settings */ index?: number;
    }
  | { state: 'unset'; id: string }
  | {
      state: 'invalid';
      id: string;
      /** How the view names it: its name when it has one, else its place ('connection 3'); '' for the single-host settings. */
      name: string;
      /** Its host as written (without any user name and password in it), to fix in Select Cluster. */
      raw: string;
      message: string;
      index?: number;
      /**
       * Where its credentials, list and options are kept (ConnectionSpec.key) when its name and host
       * are usable: what it stored while it was usable is still its own.
       */
      key?: string;
      /** Refused only because an item above it has its name: what is kept under `key` may be that item's. */
      duplicate?: boolean;
    };

/** The sign-in methods as messages, rows and prompts name them: the setting's values, not translated. */
export const AUTH_METHOD_NAMES: Readonly<Record<AuthMethod, string>> = { basic: 'Basic', oauth: 'OAuth' };

/** The id of the connection made of the single-host settings. */
export const SINGLE_HOST_ID = '';

const CONNECTION_KEYS = ['name', 'host', 'authMethod', 'apiPrefix', 'production'] as const;

/** The cluster of a connection key (ConnectionSpec.key): origins hold no '|'. */
export function originOfKey(key: string): string {
  return key.split('|')[0]!;
}

/** The key of a named connection: its cluster and its name. */
export function namedConnectionKey(origin: string, name: string): string {
  return `${origin}|${name}`;
}

/** The name in a connection key (names may hold '|', origins never do); SINGLE_HOST_ID for the single-host connection's, its origin alone. */
export function nameOfKey(key: string): string {
  const bar = key.indexOf('|');
  return bar === -1 ? SINGLE_HOST_ID : key.slice(bar + 1);
}

/** The key an item of capillaryRewards.connections keeps its credentials under, when its name and host are usable. */
export function keyOfItem(item: unknown, words: FrontEndWords): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const { name, host } = item as { name?: unknown; host?: unknown };
  if (typeof name !== 'string' || typeof host !== 'string') return undefined;
  const checkedName = checkConnectionName(name);
  const checkedHost = checkHostUrl(host, words);
  return checkedName.ok && checkedHost.ok ? namedConnectionKey(checkedHost.value, checkedName.value) : undefined;
}

/** A connection's label in messages: its name and cluster, or the cluster alone for the single-host one. */
export function connectionLabel(spec: Pick<ConnectionSpec, 'name' | 'origin'>): string {
  const host = hostLabel(spec.origin);
  // The single-host connection, or one named after its cluster, is named by the cluster once.
  return spec.name === SINGLE_HOST_ID || spec.name === host ? host : l10n.t('{0} ({1})', spec.name, host);
}

/**
 * capillaryRewards.connections: each item is checked on its own, so that one written wrong never
 * stops the others; an item that is not usable as written is kept as 'invalid' with the reason,
 * and nothing is sent for it (guessing at a misspelt "production" could skip its confirmations).
 * Empty or absent: the single-host settings make the one connection, as before connections existed.
 */
function parseConnections(
  raw: unknown,
  single: Pick<Settings, 'host' | 'apiPrefix' | 'authMethod'>,
  problems: string[],
  words: FrontEndWords,
): ConnectionEntry[] {
  const setting = words.setting(SettingKeys.connections);
  const fallback = (): ConnectionEntry[] => [singleHostEntry(single)];
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return fallback();
  if (!Array.isArray(raw)) {
    problems.push(
      l10n.t(
        '{0} must be a list of connections in [ ], not {1}. Using {2} instead.',
        setting,
        withoutAnyUserInfo(quoted(raw, '"')),
        words.setting(SettingKeys.host),
      ),
    );
    return fallback();
  }
  const entries: ConnectionEntry[] = [];
  const names: string[] = [];
  raw.forEach((item: unknown, index) => {
    const id = `\n${index + 1}`; // never a name: names hold no line break
    const position = l10n.t('connection {0}', index + 1);
    const invalid = (name: string, message: string, duplicate = false): void => {
      const host = typeof item === 'object' && item !== null ? (item as { host?: unknown }).host : undefined;
      const key = keyOfItem(item, words);
      entries.push({
        state: 'invalid',
        id,
        name,
        raw: typeof host === 'string' ? withoutUserInfo(host) : '',
        message: l10n.t('{0} It is not used until it is fixed.', message),
        index,
        ...(key === undefined ? {} : { key }),
        ...(duplicate ? { duplicate } : {}),
      });
    };
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      invalid(
        position,
        l10n.t(
          'Item {0} of {1} must be an object such as {2}, not {3}.',
          index + 1,
          setting,
          '{ "name": "UAT", "host": "https://…" }',
          withoutAnyUserInfo(quoted(item, '"')),
        ),
      );
      return;
    }
    const fields = item as Record<string, unknown>;
    const shown = typeof fields.name === 'string' && fields.name.trim() !== '' ? fields.name.trim() : position;
    const unknown = Object.keys(fields).filter((key) => !(CONNECTION_KEYS as readonly string[]).includes(key));
    if (unknown.length > 0) {
      invalid(
        shown,
        l10n.t(
          'It has settings this version does not know: {0} (known: {1}).',
          unknown.map((key) => quoted(key, '"')).join(', '),
          CONNECTION_KEYS.join(', '),
        ),
      );
      return;
    }
    if (typeof fields.name !== 'string') {
      invalid(shown, l10n.t('It needs a "name" in quotes, such as {0}.', '"UAT"'));
      return;
    }
    const name = checkConnectionName(fields.name, names);
    if (!name.ok) {
      invalid(shown, name.message, checkConnectionName(fields.name).ok);
      return;
    }
    names.push(name.value);
    if (typeof fields.host !== 'string') {
      invalid(
        name.value,
        fields.host === undefined
          ? l10n.t('It needs a "host", such as {0}.', '"https://eu.api.capillarytech.com"')
          : l10n.t('Its "host" must be a URL in quotes, not {0}.', quoted(fields.host, '"')),
      );
      return;
    }
    const host = checkHostUrl(fields.host, words);
    if (!host.ok) {
      invalid(
        name.value,
        l10n.t('Its "host" {0} is not usable: {1}', quoted(withoutUserInfo(fields.host), '"'), host.message),
      );
      return;
    }
    const method = fields.authMethod === undefined ? 'basic' : fields.authMethod;
    if (method !== 'basic' && method !== 'oauth') {
      invalid(
        name.value,
        l10n.t('Its "authMethod" must be "basic" or "oauth", not {0}.', quoted(fields.authMethod, '"')),
      );
      return;
    }
    let apiPrefix = DEFAULT_API_PREFIX;
    if (fields.apiPrefix !== undefined) {
      const prefix = typeof fields.apiPrefix === 'string' ? checkApiPrefix(fields.apiPrefix) : undefined;
      if (!prefix?.ok) {
        invalid(
          name.value,
          l10n.t(
            'Its "apiPrefix" {0} is not usable: {1}',
            quoted(fields.apiPrefix, '"'),
            prefix?.message ?? l10n.t('it must be a path in quotes.'),
          ),
        );
        return;
      }
      apiPrefix = prefix.value;
    }
    if (fields.production !== undefined && typeof fields.production !== 'boolean') {
      invalid(name.value, l10n.t('Its "production" must be true or false, not {0}.', quoted(fields.production, '"')));
      return;
    }
    const spec: ConnectionSpec = {
      name: name.value,
      origin: host.value,
      authMethod: method,
      apiPrefix,
      production: fields.production === true,
      key: namedConnectionKey(host.value, name.value),
    };
    entries.push({ state: 'ok', id: name.value, spec, index });
  });
  return entries;
}

function singleHostEntry(single: Pick<Settings, 'host' | 'apiPrefix' | 'authMethod'>): ConnectionEntry {
  const id = SINGLE_HOST_ID;
  if (single.host.state === 'unset') return { state: 'unset', id };
  if (single.host.state === 'invalid') {
    return { state: 'invalid', id, name: '', raw: single.host.raw, message: single.host.message };
  }
  const { origin } = single.host;
  return {
    state: 'ok',
    id,
    spec: {
      name: '',
      origin,
      authMethod: single.authMethod,
      apiPrefix: single.apiPrefix,
      production: false,
      key: origin,
    },
  };
}
