import { createSigner, type OAuthSignerOptions } from './auth';
import { GroupsApi } from './groups';
import { HttpTransport, type RequestObserver } from './http';
import type { RouteFor } from './network';
import type { Credentials } from './types';

export interface ClientOptions extends OAuthSignerOptions {
  /** Origin of the cluster, e.g. `https://eu.api.capillarytech.com`. */
  origin: string;
  apiPrefix: string;
  timeoutMs: number;
  credentials: Credentials;
  onRequest?: RequestObserver;
  /** How requests leave this machine (agent, proxy, roots); the platform's defaults when not given. */
  route?: RouteFor;
  /** Told when an answer was used only in part (see GroupsApiOptions). */
  onWarning?: (text: string) => void;
}

/** One client per (origin, prefix, credentials): it owns the OAuth token cache, so keep it. */
export function createGroupsClient(options: ClientOptions): GroupsApi {
  const transport = new HttpTransport({
    origin: options.origin,
    timeoutMs: options.timeoutMs,
    onRequest: options.onRequest,
    route: options.route,
  });
  return new GroupsApi(transport, createSigner(transport, options.credentials, options), options.apiPrefix, {
    onWarning: options.onWarning,
  });
}
