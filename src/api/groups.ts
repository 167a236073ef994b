import { pause } from './abort';
import { CapillaryError } from './errors';
import type { HttpMethod, HttpRequest, HttpResponse, HttpTransport } from './http';
import type { RequestSigner } from './auth';
import type { CreateGroupInput, Group, GroupPage, ListGroupsQuery, PageInfo, UpdateGroupInput } from './types';

export interface GroupsApiOptions {
  /** Told, in a sentence for the log, when an answer was used only in part (a list longer than asked for). */
  onWarning?: (text: string) => void;
}

/** The four group endpoints of docs/capillary-api.md, typed. */
export class GroupsApi {
  private readonly prefix: string;
  private readonly onWarning?: (text: string) => void;

  constructor(
    private readonly transport: HttpTransport,
    private readonly signer: RequestSigner,
    apiPrefix: string,
    options: GroupsApiOptions = {},
  ) {
    this.prefix = apiPrefix.replace(/\/+$/, '');
    this.onWarning = options.onWarning;
  }

  get origin(): string {
    return this.transport.origin;
  }

  /** The server's clock now (see HttpTransport.serverNow); undefined before its first dated answer. */
  serverNow(): number | undefined {
    return this.transport.serverNow();
  }

  async create(input: CreateGroupInput, signal?: AbortSignal): Promise<Group> {
    const path = `${this.prefix}/group/create`;
    const response = await this.call('POST', path, { name: input.name, rank: input.rank }, undefined, signal);
    return toGroup(response, this.origin, 'POST', path);
  }

  async get(id: number, signal?: AbortSignal): Promise<Group> {
    const path = `${this.prefix}/group/${id}`;
    return toGroup(await this.call('GET', path, undefined, undefined, signal), this.origin, 'GET', path);
  }

  async update(id: number, input: UpdateGroupInput, signal?: AbortSignal): Promise<Group> {
    const path = `${this.prefix}/group/${id}`;
    return toGroup(await this.call('PUT', path, input, undefined, signal), this.origin, 'PUT', path);
  }

  async list(query: ListGroupsQuery = {}, signal?: AbortSignal): Promise<GroupPage> {
    const path = `${this.prefix}/group`;
    const response = await this.call('GET', path, undefined, { ...query }, signal);
    const body = response.json as { groupRoList?: unknown; pagingDto?: unknown };
    if (!Array.isArray(body?.groupRoList)) {
      throw invalid(response, this.origin, 'GET', path, 'the list answer has no groupRoList array');
    }
    let items: unknown[] = body.groupRoList;
    // A page never holds more than was asked for: the excess is neither checked nor kept.
    const trimmed = query.size !== undefined && items.length > query.size;
    if (trimmed) {
      this.onWarning?.(`${this.origin} sent ${items.length} groups for a page of ${query.size} (GET ${path}, page ${query.page ?? 0}); only the first ${query.size} are used`);
      items = items.slice(0, query.size);
    }
    const groups = items.map((item) => toGroup({ ...response, json: item }, this.origin, 'GET', path));
    const paging = toPageInfo(body.pagingDto, groups.length, query);
    return { groups, paging: trimmed ? { ...paging, numberOfElements: groups.length } : paging };
  }

  /**
   * Sends with retries where they are safe, GETs only: again after 502/503/504 or a connection
   * error (capped backoff), and after a 429 once a short Retry-After has passed. A POST or PUT is
   * never repeated: the API does not say that a refused one was not processed.
   */
  private async call(
    method: HttpMethod,
    path: string,
    body: unknown,
    query: Record<string, string | number | boolean | undefined> | undefined,
    signal?: AbortSignal,
  ): Promise<HttpResponse> {
    const request: HttpRequest = { method, path, body, query, signal };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.signed(request);
      } catch (error) {
        const wait = retryDelayMs(error, method, attempt);
        if (wait === undefined) throw error;
        await pause(wait, signal, () => new CapillaryError({ kind: 'cancelled', method, origin: this.origin, path }));
      }
    }
  }

  /** Signs and sends; after a rejected token, renews it once and replays once. */
  private async signed(request: HttpRequest): Promise<HttpResponse> {
    // A failure to get a token (wrong key or secret) is final: it is not a rejected token.
    let headers = await this.signer.headers(request.signal);
    try {
      return await this.transport.send({ ...request, headers });
    } catch (error) {
      // A 401/498 means the request was refused before anything was stored, so one replay is safe.
      if (!(error instanceof CapillaryError && error.isTokenRejected && this.signer.renew(headers))) throw error;
    }
    headers = await this.signer.headers(request.signal);
    return this.transport.send({ ...request, headers });
  }
}

/** Waits before the next try; how long, or undefined when the failure is final. */
export const RETRY_BACKOFF_MS = [300, 1200];
export const MAX_RETRY_AFTER_SECONDS = 30;

function retryDelayMs(error: unknown, method: HttpMethod, attempt: number): number | undefined {
  if (method !== 'GET' || !(error instanceof CapillaryError) || attempt >= RETRY_BACKOFF_MS.length) return undefined;
  // The same answer would come again, as large.
  if (error.kind === 'too-large') return undefined;
  if (error.status === 429) {
    const seconds = error.retryAfterSeconds ?? attempt + 1;
    return seconds <= MAX_RETRY_AFTER_SECONDS ? seconds * 1000 : undefined;
  }
  const gatewayDown = error.status === 502 || error.status === 503 || error.status === 504;
  return error.kind === 'network' || gatewayDown ? RETRY_BACKOFF_MS[attempt] : undefined;
}

function invalid(response: HttpResponse, origin: string, method: string, path: string, message: string): CapillaryError {
  return new CapillaryError({ kind: 'invalid-response', method, origin, path, status: response.status, requestId: response.requestId, serverMessage: message });
}

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

function isoFromEpoch(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Checks a group object's documented fields and fills the optional ISO times. */
function toGroup(response: HttpResponse, origin: string, method: string, path: string): Group {
  const raw = response.json as Record<string, unknown> | null;
  if (typeof raw !== 'object' || raw === null || !isInt(raw.id) || typeof raw.name !== 'string') {
    throw invalid(response, origin, method, path, 'the answer is not a group object (no id or name)');
  }
  const createdOn = isInt(raw.createdOn) ? raw.createdOn : 0;
  const lastUpdatedOn = isInt(raw.lastUpdatedOn) ? raw.lastUpdatedOn : createdOn;
  return {
    id: raw.id,
    orgId: isInt(raw.orgId) ? raw.orgId : 0,
    name: raw.name,
    rank: isInt(raw.rank) ? raw.rank : null,
    isActive: raw.isActive !== false,
    createdBy: isInt(raw.createdBy) ? raw.createdBy : 0,
    createdOn,
    createdOnDateTime: typeof raw.createdOnDateTime === 'string' ? raw.createdOnDateTime : isoFromEpoch(createdOn),
    lastUpdatedBy: isInt(raw.lastUpdatedBy) ? raw.lastUpdatedBy : 0,
    lastUpdatedOn,
    lastUpdatedOnDateTime: typeof raw.lastUpdatedOnDateTime === 'string' ? raw.lastUpdatedOnDateTime : isoFromEpoch(lastUpdatedOn),
  };
}

function toPageInfo(raw: unknown, count: number, query: ListGroupsQuery): PageInfo {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const number = isInt(p.number) ? p.number : (query.page ?? 0);
  const size = isInt(p.size) ? p.size : (query.size ?? count);
  const totalElements = isInt(p.totalElements) ? p.totalElements : count;
  const totalPages = isInt(p.totalPages) ? p.totalPages : 1;
  return {
    first: typeof p.first === 'boolean' ? p.first : number === 0,
    // Without paging data, assume this is all there is rather than loop forever.
    last: typeof p.last === 'boolean' ? p.last : true,
    number,
    size,
    numberOfElements: isInt(p.numberOfElements) ? p.numberOfElements : count,
    totalElements,
    totalPages,
  };
}
