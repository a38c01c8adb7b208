/**
 * UDP and TCP listeners on one address and the same port (port 0 picks a free one for both).
 * Bounded: at most `maxUdpInflight` UDP queries being answered (more are dropped; clients retry),
 * at most `maxTcpConnections` TCP connections, each closed after `tcpIdleMs` without a query.
 * `close()` stops both and destroys open connections.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { QueryHandler } from './handler.js';
import { createFrameReader, frame } from './wire.js';

const MAX_TCP_PIPELINE = 128;

export interface Listener { port: number; close(): Promise<void> }

export interface ListenOptions {
  address: string;
  port: number;
  handle: QueryHandler;
  log: Logger;
  maxUdpInflight?: number;
  maxTcpConnections?: number;
  tcpIdleMs?: number;
}

function bindUdp(address: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
    sock.once('error', reject);
    sock.bind(port, address, () => { sock.off('error', reject); resolve(sock); });
  });
}

function listenTcp(server: Server, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => { server.off('error', reject); resolve(); });
  });
}

function serveUdp(sock: UdpSocket, o: ListenOptions): void {
  let inflight = 0;
  const max = o.maxUdpInflight ?? 2048;
  sock.on('error', (err) => o.log.warn({ err }, 'cluster DNS UDP socket error'));
  sock.on('message', (msg, rinfo) => {
    if (inflight >= max) return;
    inflight++;
    o.handle(msg, 'udp')
      .then((out) => { if (out) sock.send(out, rinfo.port, rinfo.address); })
      .catch((err: unknown) => o.log.warn({ err }, 'cluster DNS query failed'))
      .finally(() => { inflight--; });
  });
}

function serveTcpConnection(conn: Socket, o: ListenOptions): void {
  const reader = createFrameReader();
  conn.setTimeout(o.tcpIdleMs ?? 10_000, () => conn.destroy());
  conn.on('error', () => conn.destroy());
  let pending = 0;
  conn.on('data', (chunk) => {
    for (const msg of reader.push(chunk)) {
      // Pipelined queries are answered as they finish (RFC 7766 §6.2.1.1); a client that piles up
      // more than this many unanswered ones is cut off rather than buffered.
      if (++pending > MAX_TCP_PIPELINE) { conn.destroy(); return; }
      o.handle(msg, 'tcp')
        .then((out) => { if (out && !conn.destroyed) conn.write(frame(out)); })
        .catch((err: unknown) => o.log.warn({ err }, 'cluster DNS query failed'))
        .finally(() => { pending--; });
    }
  });
}

export async function listen(o: ListenOptions): Promise<Listener> {
  // With port 0 the UDP port is free but its TCP twin may not be: retry with a new port a few times.
  for (let attempt = 0; ; attempt++) {
    const udp = await bindUdp(o.address, o.port);
    const port = udp.address().port;
    const conns = new Set<Socket>();
    const tcp = createServer((c) => { conns.add(c); c.on('close', () => conns.delete(c)); serveTcpConnection(c, o); });
    tcp.maxConnections = o.maxTcpConnections ?? 256;
    try {
      await listenTcp(tcp, o.address, port);
    } catch (err) {
      udp.close();
      if (o.port !== 0 || attempt >= 5) throw err;
      continue;
    }
    serveUdp(udp, o);
    tcp.on('error', (err) => o.log.warn({ err }, 'cluster DNS TCP server error'));
    return {
      port,
      close: async () => {
        for (const c of conns) c.destroy();
        await Promise.all([
          new Promise<void>((r) => udp.close(() => r())),
          new Promise<void>((r) => tcp.close(() => r())),
        ]);
      },
    };
  }
}
