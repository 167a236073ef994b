import * as http from 'node:http';
import type { RequestOptions } from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { proxyCredentials } from './proxy';

/**
 * HTTP CONNECT tunnels through a proxy, for a front end that routes requests itself (the command
 * line; in the editor VS Code does it) and for Diagnose Connection's own checks.
 */

/** A proxy refused, or could not be used for, a tunnel. */
export class ProxyError extends Error {
  constructor(
    message: string,
    /** e.g. `ECONNREFUSED`, or `PROXY_407` for the proxy's own answer. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}

export interface TunnelOptions {
  /** The proxy as configured, credentials included (`http://user:pass@proxy:3128`). */
  proxy: string;
  host: string;
  port: number;
  /** Roots to verify an https:// proxy's own certificate with; undefined for Node's. */
  ca?: string[];
  timeoutMs?: number;
}

export interface Tunnel {
  socket: net.Socket;
  /** The proxy's status line, e.g. `HTTP/1.1 200 Connection established`. */
  statusLine: string;
}

const MAX_CONNECT_ANSWER = 16 * 1024;

/** Opens a tunnel to host:port; the socket is ready for TLS to the target. */
export function openTunnel(options: TunnelOptions): Promise<Tunnel> {
  const proxy = new URL(options.proxy.includes('://') ? options.proxy : `http://${options.proxy}`);
  const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
  const target = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  return new Promise<Tunnel>((resolve, reject) => {
    const socket: net.Socket =
      proxy.protocol === 'https:'
        ? tls.connect({ host: proxyHost, port: proxyPort, servername: servername(proxyHost), ca: options.ca })
        : net.connect({ host: proxyHost, port: proxyPort });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(error);
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              fail(new ProxyError(`the proxy did not answer within ${options.timeoutMs! / 1000} s`, 'PROXY_TIMEOUT')),
            options.timeoutMs,
          );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      fail(new ProxyError(`the proxy cannot be reached (${error.code ?? error.message})`, 'PROXY_UNREACHABLE')),
    );
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const credentials = proxyCredentials(options.proxy);
      const authorization = credentials
        ? `Proxy-Authorization: Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}\r\n`
        : '';
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${authorization}\r\n`);
    });
    let answer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      answer = Buffer.concat([answer, chunk]);
      const end = answer.indexOf('\r\n\r\n');
      if (end === -1) {
        if (answer.length > MAX_CONNECT_ANSWER) {
          fail(new ProxyError('the proxy answered CONNECT with no end', 'PROXY_ANSWER'));
        }
        return;
      }
      socket.removeListener('data', onData);
      if (timer) clearTimeout(timer);
      const statusLine = answer.subarray(0, answer.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine)?.[1]);
      if (status !== 200) {
        const why =
          status === 407
            ? 'the proxy asks for credentials (407 Proxy Authentication Required)'
            : `the proxy refused the tunnel to ${target} (${statusLine.slice(0, 120) || 'no status line'})`;
        fail(new ProxyError(why, `PROXY_${Number.isNaN(status) ? 'ANSWER' : status}`));
        return;
      }
      const rest = answer.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      settled = true;
      socket.removeAllListeners('error');
      resolve({ socket, statusLine });
    };
    socket.on('data', onData);
  });
}

/** SNI takes host names only, never addresses. */
export function servername(host: string): string | undefined {
  return net.isIP(host) ? undefined : host;
}

type ConnectionCallback = (error: Error | null, socket: Duplex) => void;

/** Opens the tunnel for a request of an agent below, then hands the socket (TLS-wrapped when `secure`) to Node. */
function tunnelConnection(
  proxy: string,
  proxyCa: string[] | undefined,
  requestOptions: RequestOptions,
  secure: boolean,
  callback: ConnectionCallback | undefined,
): undefined {
  const options = requestOptions as tls.ConnectionOptions & { host?: string; port?: number; timeout?: number };
  const host = options.host ?? 'localhost';
  openTunnel({
    proxy,
    host,
    port: Number(options.port ?? (secure ? 443 : 80)),
    ca: proxyCa,
    timeoutMs: options.timeout,
  })
    .then(({ socket }) => {
      callback?.(
        null,
        secure ? tls.connect({ ...options, socket, servername: options.servername ?? servername(host) }) : socket,
      );
    })
    .catch((error: Error) => callback?.(error, undefined as unknown as Duplex));
  return undefined;
}

/** An https.Agent whose connections go through a CONNECT tunnel, then TLS to the target with the agent's options (`ca` among them). */
export class TunnelAgent extends https.Agent {
  constructor(
    private readonly proxy: string,
    options: https.AgentOptions,
    private readonly proxyCa?: string[],
  ) {
    super(options);
  }

  override createConnection(requestOptions: RequestOptions, callback?: ConnectionCallback): undefined {
    return tunnelConnection(this.proxy, this.proxyCa, requestOptions, true, callback);
  }
}

/** The same for plain http:// origins (a sandbox on another address): the tunnel carries the HTTP itself. */
export class PlainTunnelAgent extends http.Agent {
  constructor(
    private readonly proxy: string,
    options: http.AgentOptions,
    private readonly proxyCa?: string[],
  ) {
    super(options);
  }

  override createConnection(requestOptions: RequestOptions, callback?: ConnectionCallback): undefined {
    return tunnelConnection(this.proxy, this.proxyCa, requestOptions, false, callback);
  }
}
