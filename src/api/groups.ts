import { pause } from './abort';
import { CapillaryError } from './errors';
import type { HttpMethod, HttpRequest, HttpResponse, HttpTransport } from './http';
import type { RequestSigner } from './auth';
import type {
  Brand,
  CreateGroupInput,
  Group,
  GroupPage,
  ListGroupsQuery,
  ListRewardsQuery,
  PageInfo,
  Reward,
  RewardGroupLink,
  RewardPage,
  UpdateGroupInput,
} from './types';

/** The rewards endpoints live under this prefix only, whatever the group prefix is. */
export const REWARDS_PREFIX = '/api_gateway/rewards/core/v1';

export interface GroupsApiOptions {
  /** Told, in a sentence for the log, when an answer was used only in part (a list longer than asked for). */
  onWarning?: (text: string) => void;
}

/** The four group endpoints of docs/capillary-api.md and the two rewards reads, typed. */
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
    const { items, trimmed } = this.pageItems(body.groupRoList, query, 'groups', path);
    const groups = items.map((item) => toGroup({ ...response, json: item }, this.origin, 'GET', path));
    const paging = toPageInfo(body.pagingDto, groups.length, query);
    return { groups, paging: trimmed ? { ...paging, numberOfElements: groups.length } : paging };
  }

  /**
   * The brands of `orgId`. A read sent as a POST: repeating it changes nothing, so it is retried
   * as GETs are. A brand of another org than the one asked for is left out, with a warning.
   */
  async brands(orgId: number, signal?: AbortSignal): Promise<Brand[]> {
    const path = `${REWARDS_PREFIX}/brand/getAll`;
    const response = await this.call('POST', path, { orgIds: [orgId] }, undefined, signal, true);
    const body = response.json as { brandList?: unknown };
    if (!Array.isArray(body?.brandList)) {
      throw invalid(response, this.origin, 'POST', path, 'the brand answer has no brandList array');
    }
    const brands: Brand[] = [];
    for (const item of body.brandList as unknown[]) {
      const raw = item as Record<string, unknown> | null;
      if (typeof raw !== 'object' || raw === null || !isInt(raw.id)) {
        throw invalid(response, this.origin, 'POST', path, 'a brand in the answer has no integer id');
      }
      // Showing another org's rewards under this org would be wrong; leaving one out is only incomplete.
      if (raw.orgId !== undefined && raw.orgId !== null && raw.orgId !== orgId) {
        this.onWarning?.(
          `${this.origin} sent brand ${raw.id} of org ${JSON.stringify(raw.orgId)} in answer to org ${orgId} (POST ${path}); it is left out`,
        );
        continue;
      }
      brands.push({
        id: raw.id,
        // The id stands in for a missing name, so that no brand is shown blank.
        name: typeof raw.brand === 'string' ? raw.brand : String(raw.id),
        enabled: raw.enabled !== false,
        orgId,
      });
    }
    return brands;
  }

  /**
   * A page of a brand's rewards, in the server's order. With `groupName`, the server may match
   * more than the exact name (undocumented): the caller keeps the rewards whose links name the
   * group exactly.
   */
  async rewards(brandId: number, query: ListRewardsQuery = {}, signal?: AbortSignal): Promise<RewardPage> {
    const path = `${REWARDS_PREFIX}/reward/list/brand/${brandId}`;
    const response = await this.call('GET', path, undefined, { ...query }, signal);
    const body = response.json as { rewardList?: unknown; pagingDto?: unknown };
    if (!Array.isArray(body?.rewardList)) {
      throw invalid(response, this.origin, 'GET', path, 'the reward answer has no rewardList array');
    }
    const { items, trimmed } = this.pageItems(body.rewardList, query, 'rewards', path);
    const rewards = items.map((item) => toReward({ ...response, json: item }, brandId, this.origin, 'GET', path));
    const paging = toPageInfo(body.pagingDto, rewards.length, query);
    return { rewards, paging: trimmed ? { ...paging, numberOfElements: rewards.length } : paging };
  }

  /** A page never holds more than was asked for: the excess is neither checked nor kept. */
  private pageItems(
    items: unknown[],
    query: { page?: number; size?: number },
    what: string,
    path: string,
  ): { items: unknown[]; trimmed: boolean } {
    if (query.size === undefined || items.length <= query.size) return { items, trimmed: false };
    this.onWarning?.(
      `${this.origin} sent ${items.length} ${what} for a page of ${query.size} (GET ${path}, page ${query.page ?? 0}); only the first ${query.size} are used`,
    );
    return { items: items.slice(0, query.size), trimmed: true };
  }

  /**
   * Sends with retries where they are safe, reads only (GETs, and a POST that only reads, marked
   * `safeToRepeat`): again after 502/503/504 or a connection error (capped backoff), and after a
   * 429 once a short Retry-After has passed. A write is never repeated: the API does not say that
   * a refused one was not processed.
   */
  private async call(
    method: HttpMethod,
    path: string,
    body: unknown,
    query: Record<string, string | number | boolean | undefined> | undefined,
    signal?: AbortSignal,
    safeToRepeat = method === 'GET',
  ): Promise<HttpResponse> {
    const request: HttpRequest = { method, path, body, query, signal };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.signed(request);
      } catch (error) {
        const wait = retryDelayMs(error, safeToRepeat, attempt);
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

function retryDelayMs(error: unknown, safeToRepeat: boolean, attempt: number): number | undefined {
  if (!safeToRepeat || !(error instanceof CapillaryError) || attempt >= RETRY_BACKOFF_MS.length) return undefined;
  // The same answer would come again, as large.
  if (error.kind === 'too-large') return undefined;
  // An untrusted certificate or a proxy's refusal is the same on every try; an unreachable proxy may come back.
  if (error.isCertificateProblem || /^PROXY_(?!UNREACHABLE|TIMEOUT)/.test(error.errorCode ?? '')) return undefined;
  if (error.status === 429) {
    const seconds = error.retryAfterSeconds ?? attempt + 1;
    return seconds <= MAX_RETRY_AFTER_SECONDS ? seconds * 1000 : undefined;
  }
  const gatewayDown = error.status === 502 || error.status === 503 || error.status === 504;
  return error.kind === 'network' || gatewayDown ? RETRY_BACKOFF_MS[attempt] : undefined;
}

function invalid(
  response: HttpResponse,
  origin: string,
  method: string,
  path: string,
  message: string,
): CapillaryError {
  return new CapillaryError({
    kind: 'invalid-response',
    method,
    origin,
    path,
    status: response.status,
    requestId: response.requestId,
    serverMessage: message,
  });
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
    lastUpdatedOnDateTime:
      typeof raw.lastUpdatedOnDateTime === 'string' ? raw.lastUpdatedOnDateTime : isoFromEpoch(lastUpdatedOn),
  };
}

/** Checks a reward object's id and name; keeps the links that name a group; fills the rest. */
function toReward(response: HttpResponse, brandId: number, origin: string, method: string, path: string): Reward {
  const raw = response.json as Record<string, unknown> | null;
  if (typeof raw !== 'object' || raw === null || !isInt(raw.id) || typeof raw.name !== 'string') {
    throw invalid(response, origin, method, path, 'the answer is not a reward object (no id or name)');
  }
  const links = Array.isArray(raw.groups) ? (raw.groups as unknown[]) : [];
  return {
    id: raw.id,
    name: raw.name,
    status: typeof raw.status === 'string' ? raw.status : '',
    enabled: raw.enabled !== false,
    ...(typeof raw.startDateTime === 'string' ? { startDateTime: raw.startDateTime } : {}),
    ...(typeof raw.endDateTime === 'string' ? { endDateTime: raw.endDateTime } : {}),
    groups: links.flatMap(toGroupLink),
    rewardRank: isInt(raw.rewardRank) ? raw.rewardRank : null,
    lastUpdatedOn: isInt(raw.lastUpdatedOn) ? raw.lastUpdatedOn : 0,
    brandId: isInt(raw.brandId) ? raw.brandId : brandId,
  };
}

/** A link without a group name cannot be shown under any group: dropped. */
function toGroupLink(value: unknown): RewardGroupLink[] {
  const raw = value as Record<string, unknown> | null;
  if (typeof raw !== 'object' || raw === null || typeof raw.groupName !== 'string') return [];
  return [{ groupName: raw.groupName, groupRank: isInt(raw.groupRank) ? raw.groupRank : null }];
}

function toPageInfo(raw: unknown, count: number, query: { page?: number; size?: number }): PageInfo {
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
    ...(typeof p.last === 'boolean' && isInt(p.totalElements) ? {} : { guessed: true as const }),
  };
}
