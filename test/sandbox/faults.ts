// Fault injection: queued one-off answers (errors, resets, delays, huge or compressed bodies) and
// list answers that misreport their paging.

import type * as http from 'http';
import { pipeline, Readable } from 'stream';
import * as zlib from 'zlib';
import { BadRequest, matches, type Answer } from './common';
import type { SandboxState } from './state';

export interface InjectedResponse {
  /** Required unless passThrough. */
  status?: number;
  /** Raw text sent as is. */
  body?: string;
  /** e.g. {'content-type': 'text/html'}; X-Cap-Requestid is still added. */
  headers?: Record<string, string>;
  /** Only requests with this method (case-insensitive). Default: any. */
  method?: string;
  /** Only requests whose path (with query string) contains this text. Default: any. */
  pathIncludes?: string;
  /** Only requests whose body contains this text (e.g. `"name":"Gold"`): one create among several. Default: any. */
  bodyIncludes?: string;
  /** How many requests it answers, default 1. */
  times?: number;
  /** Wait before answering. */
  delayMs?: number;
  /** Reset the connection instead of answering. */
  destroySocket?: boolean;
  /**
   * Handle the request normally first (a create stores the group), then reset the connection or
   * send the injected answer instead of the real one: the client cannot know whether its request
   * took effect.
   */
  afterHandling?: boolean;
  /** Answer as usual, only later (with delayMs): added latency. */
  passThrough?: boolean;
  /**
   * Send `body` this many times in a row, between `bodyPrefix` and `bodySuffix`, streamed as the
   * client reads (never held whole): a large answer from a small injection. Default 1.
   */
  repeatBody?: number;
  /** Sent once before the (repeated) body, e.g. `{"groupRoList":[`. */
  bodyPrefix?: string;
  /** Sent once after the (repeated) body, e.g. `{…}]}`. */
  bodySuffix?: string;
  /** Compress the answer with gzip (`Content-Encoding: gzip`, no Content-Length): little on the wire, large once inflated. */
  gzip?: boolean;
  /** Leave out Content-Length (chunked transfer), as a server that does not announce the size. */
  chunked?: boolean;
}

/**
 * A fault in the list answers (group lists, reward lists, or both), server-wide until cleared or
 * reset: what a server that misreports its paging does.
 */
export interface ListFault {
  /** Which lists it applies to. Default: both. */
  lists?: 'groups' | 'rewards';
  /**
   * `totalElements` is always a page more than the page read (so it grows on every page), and each
   * page past the stored items is full of new ones (groups named "Growing Group N", or rewards naming the group asked for): an org that
   * never ends, as a server that keeps reporting more. Nothing is stored.
   */
  growingTotal?: boolean;
  /** `omit`: the answer has no `pagingDto`; `partial`: a `pagingDto` with only `number` and `size`. */
  paging?: 'omit' | 'partial';
}

/** At most this many bytes of an injected answer in total (before gzip): 16 GiB. */
const MAX_INJECTED_BYTES = 16 * 1024 ** 3;

export function validateInjection(value: unknown): InjectedResponse {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest('Injection must be a JSON object');
  }
  const v = value as Record<string, unknown>;
  if (v.passThrough !== undefined && typeof v.passThrough !== 'boolean') {
    throw new BadRequest('Injection passThrough must be a boolean');
  }
  if (
    (v.passThrough !== true || v.status !== undefined) &&
    (!Number.isInteger(v.status) || (v.status as number) < 100 || (v.status as number) > 599)
  ) {
    throw new BadRequest('Injection status must be an integer between 100 and 599');
  }
  if (v.body !== undefined && typeof v.body !== 'string') throw new BadRequest('Injection body must be a string');
  if (v.headers !== undefined) {
    if (v.headers === null || typeof v.headers !== 'object' || Array.isArray(v.headers)) {
      throw new BadRequest('Injection headers must be an object of strings');
    }
    for (const h of Object.values(v.headers)) {
      if (typeof h !== 'string') throw new BadRequest('Injection headers must be an object of strings');
    }
  }
  if (v.method !== undefined && typeof v.method !== 'string') throw new BadRequest('Injection method must be a string');
  if (v.pathIncludes !== undefined && typeof v.pathIncludes !== 'string') {
    throw new BadRequest('Injection pathIncludes must be a string');
  }
  if (v.bodyIncludes !== undefined && typeof v.bodyIncludes !== 'string') {
    throw new BadRequest('Injection bodyIncludes must be a string');
  }
  if (v.times !== undefined && (!Number.isInteger(v.times) || (v.times as number) < 1)) {
    throw new BadRequest('Injection times must be a positive integer');
  }
  if (v.delayMs !== undefined && (typeof v.delayMs !== 'number' || !Number.isFinite(v.delayMs) || v.delayMs < 0)) {
    throw new BadRequest('Injection delayMs must be a non-negative number');
  }
  if (v.destroySocket !== undefined && typeof v.destroySocket !== 'boolean') {
    throw new BadRequest('Injection destroySocket must be a boolean');
  }
  if (v.afterHandling !== undefined && typeof v.afterHandling !== 'boolean') {
    throw new BadRequest('Injection afterHandling must be a boolean');
  }
  if (v.repeatBody !== undefined && (!Number.isInteger(v.repeatBody) || (v.repeatBody as number) < 1)) {
    throw new BadRequest('Injection repeatBody must be a positive integer');
  }
  for (const field of ['bodyPrefix', 'bodySuffix'] as const) {
    if (v[field] !== undefined && typeof v[field] !== 'string') {
      throw new BadRequest(`Injection ${field} must be a string`);
    }
  }
  for (const field of ['gzip', 'chunked'] as const) {
    if (v[field] !== undefined && typeof v[field] !== 'boolean') {
      throw new BadRequest(`Injection ${field} must be a boolean`);
    }
  }
  const bytes = (text: unknown) => (typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0);
  if (
    bytes(v.bodyPrefix) + bytes(v.body) * ((v.repeatBody as number | undefined) ?? 1) + bytes(v.bodySuffix) >
    MAX_INJECTED_BYTES
  ) {
    throw new BadRequest(`Injection body must be at most ${MAX_INJECTED_BYTES} bytes in total`);
  }
  return {
    ...(v.status !== undefined ? { status: v.status as number } : {}),
    ...(v.passThrough !== undefined ? { passThrough: v.passThrough } : {}),
    ...(v.body !== undefined ? { body: v.body } : {}),
    ...(v.headers !== undefined ? { headers: { ...(v.headers as Record<string, string>) } } : {}),
    ...(v.method !== undefined ? { method: v.method } : {}),
    ...(v.pathIncludes !== undefined ? { pathIncludes: v.pathIncludes } : {}),
    ...(v.bodyIncludes !== undefined ? { bodyIncludes: v.bodyIncludes } : {}),
    ...(v.times !== undefined ? { times: v.times as number } : {}),
    ...(v.delayMs !== undefined ? { delayMs: v.delayMs } : {}),
    ...(v.destroySocket !== undefined ? { destroySocket: v.destroySocket } : {}),
    ...(v.afterHandling !== undefined ? { afterHandling: v.afterHandling } : {}),
    ...(v.repeatBody !== undefined ? { repeatBody: v.repeatBody as number } : {}),
    ...(v.bodyPrefix !== undefined ? { bodyPrefix: v.bodyPrefix as string } : {}),
    ...(v.bodySuffix !== undefined ? { bodySuffix: v.bodySuffix as string } : {}),
    ...(v.gzip !== undefined ? { gzip: v.gzip as boolean } : {}),
    ...(v.chunked !== undefined ? { chunked: v.chunked as boolean } : {}),
  };
}

export function takeInjection(
  state: SandboxState,
  method: string,
  rawUrl: string,
  body: string,
): InjectedResponse | undefined {
  const index = state.injections.findIndex((i) => matches(i, method, rawUrl, body));
  if (index < 0) return undefined;
  const injection = state.injections[index]!;
  const remaining = (injection.times ?? 1) - 1;
  if (remaining <= 0) state.injections.splice(index, 1);
  else state.injections[index] = { ...injection, times: remaining };
  return injection;
}

export function faultFor(state: SandboxState, list: 'groups' | 'rewards'): ListFault | undefined {
  const fault = state.listFault;
  return fault && (fault.lists === undefined || fault.lists === list) ? fault : undefined;
}

/** Ids of what a growingTotal fault makes up: far above the stored groups' and rewards'. */
export const GROWING_FIRST_ID = 100_000_000;

/** The paging part of a list answer as the fault has it: whole, left out, or only `number` and `size`. */
export function faultyPaging(
  fault: ListFault | undefined,
  paging: Record<string, number | boolean>,
): { pagingDto?: Record<string, number | boolean> } {
  if (fault?.paging === 'omit') return {};
  if (fault?.paging === 'partial') return { pagingDto: { number: paging.number!, size: paging.size! } };
  return { pagingDto: paging };
}

export function validateListFault(value: Record<string, unknown>): ListFault | undefined {
  const { lists, growingTotal, paging } = value;
  if (lists !== undefined && lists !== 'groups' && lists !== 'rewards') {
    throw new BadRequest('lists must be "groups" or "rewards"');
  }
  if (growingTotal !== undefined && typeof growingTotal !== 'boolean') {
    throw new BadRequest('growingTotal must be a boolean');
  }
  if (paging !== undefined && paging !== 'omit' && paging !== 'partial') {
    throw new BadRequest('paging must be "omit" or "partial"');
  }
  const fault: ListFault = {
    ...(lists ? { lists } : {}),
    ...(growingTotal ? { growingTotal } : {}),
    ...(paging ? { paging } : {}),
  };
  return fault.growingTotal || fault.paging ? fault : undefined;
}

/**
 * Decision: without an explicit content-type header, a body that parses as JSON is sent as
 * application/json, any other non-empty body as text/plain; charset=utf-8, an empty body with none.
 */
export function injectedAnswer(injection: InjectedResponse): Answer {
  const body = injection.body ?? '';
  const headers: Record<string, string> = { ...(injection.headers ?? {}) };
  const hasContentType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  // A repeated body is judged by one repetition between its prefix and suffix.
  const sample = (injection.bodyPrefix ?? '') + body + (injection.bodySuffix ?? '');
  if (!hasContentType && sample !== '') {
    let isJson = true;
    try {
      JSON.parse(sample);
    } catch {
      isJson = false;
    }
    headers['Content-Type'] = isJson ? 'application/json' : 'text/plain; charset=utf-8';
  }
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || (injection.gzip && lower === 'content-encoding')) delete headers[name];
  }
  const { repeatBody, bodyPrefix, bodySuffix, gzip, chunked } = injection;
  return {
    status: injection.status ?? 200,
    body,
    headers,
    ...(repeatBody !== undefined ? { repeatBody } : {}),
    ...(bodyPrefix !== undefined ? { bodyPrefix } : {}),
    ...(bodySuffix !== undefined ? { bodySuffix } : {}),
    ...(gzip ? { gzip } : {}),
    ...(chunked ? { chunked } : {}),
  };
}

/**
 * Sends an injected answer as a stream: the prefix, the body `repeatBody` times (in blocks of
 * about 64 KiB), the suffix; gzipped on the fly if asked. It goes only as fast as the client
 * reads, and stops when the client closes the connection.
 */
export function streamAnswer(res: http.ServerResponse, answer: Answer, headers: Record<string, string | number>): void {
  const prefix = Buffer.from(answer.bodyPrefix ?? '', 'utf8');
  const body = Buffer.from(answer.body, 'utf8');
  const suffix = Buffer.from(answer.bodySuffix ?? '', 'utf8');
  const times = answer.repeatBody ?? 1;
  if (answer.gzip) headers['Content-Encoding'] = 'gzip';
  else if (!answer.chunked) headers['Content-Length'] = prefix.length + body.length * times + suffix.length;
  res.writeHead(answer.status, headers);
  function* pieces(): Generator<Buffer> {
    if (prefix.length) yield prefix;
    if (body.length) {
      const perBlock = Math.max(1, Math.floor(65_536 / body.length));
      const block = Buffer.concat(Array<Buffer>(Math.min(perBlock, times)).fill(body));
      let left = times;
      for (; left >= perBlock; left -= perBlock) yield block;
      if (left > 0) yield block.subarray(0, left * body.length);
    }
    if (suffix.length) yield suffix;
  }
  const source = Readable.from(pieces(), { objectMode: false });
  // A client that stops reading (a body too large for it) ends the stream: not an error here.
  const done = () => undefined;
  if (answer.gzip) pipeline(source, zlib.createGzip(), res, done);
  else pipeline(source, res, done);
}
