/**
 * A small HTTP CONNECT proxy for the proxy tests, on 127.0.0.2 (VS Code never proxies requests to
 * 127.0.0.1 or localhost). It records every tunnel asked for, can ask for credentials (407), and
 * refuses anything but CONNECT. Only loopback targets are tunnelled.
 */
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';

export interface ConnectRecord {
  target: string;
  /** Whether a Proxy-Authorization header came, and whether it was the right one. */
  authorized: boolean;
  status: number;
}

export interface ConnectProxyOptions {
  /** Require `Proxy-Authorization: Basic` for user:password; a tunnel without is answered 407. */
  credentials?: { username: string; password: string };
  address?: string;
}

export class ConnectProxy {
  readonly connects: ConnectRecord[] = [];
  /** Plain (non-CONNECT) requests it was sent and refused. */
  readonly plainRequests: string[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
    const address = options.address ?? '127.0.0.2';
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, address, () => resolve());
    });
    const proxy = new ConnectProxy(server, `http://${address}:${(server.address() as AddressInfo).port}`);
    const expected = options.credentials
      ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`
      : undefined;
    server.on('connection', (socket: net.Socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      proxy.plainRequests.push(`${req.method} ${req.url}`);
      res.writeHead(405, { 'Content-Type': 'text/plain' }).end('This test proxy only tunnels (CONNECT).');
    });
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      const target = req.url ?? '';
      const given = req.headers['proxy-authorization'];
      const authorized = expected === undefined || given === expected;
      const record: ConnectRecord = { target, authorized: given !== undefined && authorized, status: 0 };
      proxy.connects.push(record);
      const answer = (status: number, text: string, headers = ''): void => {
        record.status = status;
        client.end(`HTTP/1.1 ${status} ${text}\r\n${headers}Content-Length: 0\r\n\r\n`);
      };
      if (!authorized) {
        return answer(407, 'Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="test"\r\n');
      }
      const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(target);
      const host = match?.[1] ?? match?.[2];
      if (!host || !/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host)) return answer(403, 'Forbidden');
      const upstream = net.connect({ host, port: Number(match![3]) });
      upstream.once('connect', () => {
        record.status = 200;
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => (record.status === 0 ? answer(502, 'Bad Gateway') : client.destroy()));
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
    });
    return proxy;
  }

  /** The tunnels asked for to `target` ("127.0.0.2:PORT") that were opened. */
  openedTo(target: string): number {
    return this.connects.filter((record) => record.target === target && record.status === 200).length;
  }

  async close(): Promise<void> {
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await done;
  }
}
