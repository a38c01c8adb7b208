/**
 * Opens a SPDY/3.1 session to the runtime's streaming server (containerd's copy of the kubelet
 * streaming library) the way the kubelet's clients do: `POST <url>` with `Upgrade: SPDY/3.1` and
 * `X-Stream-Protocol-Version` listing the protocols we speak; a 101 names the one chosen. The
 * socket then carries SPDY frames, and this side is the client (odd stream ids).
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { SpdySession } from '../../streaming/spdy/index.js';

export interface SpdyConnection {
  session: SpdySession;
  /** The protocol the server chose, e.g. `portforward.k8s.io` or `v4.channel.k8s.io`. */
  protocol: string;
  /** Ends the session and the socket. */
  close(): void;
  /** Settles when the socket has closed. */
  closed: Promise<void>;
  /** Stops and restarts reading from the runtime (back-pressure). */
  pause(): void;
  resume(): void;
  /** Bytes written towards the runtime but not yet flushed, and a hook for when they drain. */
  buffered(): number;
  onDrain(fn: () => void): void;
}

export function dialSpdy(url: string, protocols: string[], o: { timeoutMs?: number } = {}): Promise<SpdyConnection> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, {
      method: 'POST',
      headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': protocols },
      agent: false,
    });
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error('timed out waiting for the streaming server')));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { if (body.length < 4096) body += d; });
      res.on('end', () => reject(new Error(`the streaming server answered ${res.statusCode ?? 0}: ${body.trim()}`)));
    });
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      req.setTimeout(0);
      const protocol = String(res.headers['x-stream-protocol-version'] ?? '');
      if (!protocols.includes(protocol)) {
        socket.destroy();
        reject(new Error(`the streaming server chose protocol "${protocol}"`));
        return;
      }
      socket.setNoDelay(true);
      const session = new SpdySession({ role: 'client', send: (b) => { if (!socket.destroyed) socket.write(b); }, onClose: () => { socket.end(); setTimeout(() => socket.destroy(), 5_000).unref(); } });
      socket.on('data', (b: Buffer) => session.receive(b));
      socket.on('error', () => socket.destroy());
      const closed = new Promise<void>((r) => socket.once('close', () => { session.destroy(); r(); }));
      if (head.length) session.receive(head);
      const close = () => {
        session.close();
        socket.end();
        // A peer that never finishes its half would hold the socket forever.
        setTimeout(() => socket.destroy(), 5_000).unref();
      };
      resolve({
        session, protocol, close, closed, pause: () => socket.pause(), resume: () => socket.resume(),
        buffered: () => socket.writableLength, onDrain: (fn) => { socket.on('drain', fn); },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
