/**
 * exec/attach for clients that speak SPDY (kubectl ≤ 1.29 by default, newer ones as the fallback):
 * `Upgrade: SPDY/3.1` with `X-Stream-Protocol-Version: v4.channel.k8s.io`. The API server answers
 * 101, accepts the client's streams (error, then stdin/stdout/stderr/resize as the query asked) and
 * carries them over the same v5 WebSocket to the node that WebSocket clients get:
 * stdin → channel 0 (its FIN → `ff 00`), resize → 4, channels 1/2 → stdout/stderr, channel 3 (the
 * remotecommand Status) → the error stream. Ending the WebSocket ends every stream.
 */
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { badRequest } from '../../api/errors.js';
import { SpdySession, type SpdyStream } from '../../streaming/spdy/index.js';

export const SPDY_EXEC_PROTOCOL = 'v4.channel.k8s.io';

/** Whether this upgrade asks for remotecommand over SPDY; a SPDY request without v4 is a 400. */
export function wantsSpdyExec(headers: Record<string, string | string[] | undefined>): boolean {
  if (String(headers.upgrade ?? '').toLowerCase() !== 'spdy/3.1') return false;
  const offered = String(headers['x-stream-protocol-version'] ?? '').split(',').map((s) => s.trim());
  if (!offered.includes(SPDY_EXEC_PROTOCOL)) throw badRequest(`unable to upgrade: no common protocol: only ${SPDY_EXEC_PROTOCOL} is supported over SPDY`);
  return true;
}

/** The streams a remotecommand client opens for these query options. */
export function expectedStreams(q: URLSearchParams): string[] {
  const on = (k: string) => ['1', 'true', 'True', 't'].includes(q.get(k) ?? '');
  const tty = on('tty');
  return ['error', ...(on('stdin') ? ['stdin'] : []), ...(on('stdout') ? ['stdout'] : []), ...(on('stderr') && !tty ? ['stderr'] : []), ...(tty ? ['resize'] : [])];
}

/** Takes over `socket` (the 101 is written here) and bridges it to `up`, the node's open WebSocket. */
export function serveSpdyExec(o: { socket: Duplex; head: Buffer; query: URLSearchParams; up: WebSocket; signal: AbortSignal; streamTimeoutMs?: number }): void {
  const { socket, up } = o;
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${SPDY_EXEC_PROTOCOL}\r\n\r\n`);
  const want = new Set(expectedStreams(o.query));
  const streams = new Map<string, SpdyStream>();
  // The node may speak before the client has opened every stream.
  let early: Buffer[] | undefined = [];
  const upV5 = up.protocol === 'v5.channel.k8s.io';

  const finish = () => {
    for (const s of streams.values()) s.end();
    session.close();
    void session.flushed().then(() => socket.end());
  };
  const fromNode = (m: Buffer) => {
    const body = m.subarray(1);
    if (m[0] === 1) streams.get('stdout')?.write(body);
    else if (m[0] === 2) streams.get('stderr')?.write(body);
    else if (m[0] === 3) streams.get('error')?.write(body);
  };
  const ready = () => {
    clearTimeout(timer);
    const stdin = streams.get('stdin');
    stdin?.on('data', (d) => { if (up.readyState === WebSocket.OPEN) up.send(Buffer.concat([Buffer.from([0]), d])); });
    stdin?.once('end', () => { if (upV5 && up.readyState === WebSocket.OPEN) up.send(Buffer.from([255, 0])); });
    streams.get('resize')?.on('data', (d) => {
      // client-go writes one JSON object per line; the node takes one per frame.
      for (const line of d.toString('utf8').split('\n').filter((l) => l.trim())) {
        if (up.readyState === WebSocket.OPEN) up.send(Buffer.concat([Buffer.from([4]), Buffer.from(line)]));
      }
    });
    for (const m of early ?? []) fromNode(m);
    early = undefined;
  };

  const session = new SpdySession({
    role: 'server',
    send: (b) => { if (!socket.destroyed) socket.write(b); },
    onStream: (s) => {
      const type = s.headers.streamtype ?? '';
      if (!want.has(type) || streams.has(type)) { s.reset(); return; }
      s.reply();
      streams.set(type, s);
      if (streams.size === want.size) ready();
    },
    onClose: () => { if (up.readyState !== WebSocket.CLOSED) up.close(1000); },
  });
  const timer = setTimeout(() => { if (early) finish(); }, o.streamTimeoutMs ?? 30_000);

  up.on('message', (m: Buffer) => { if (m.length) { if (early) early.push(m); else fromNode(m); } });
  up.on('close', () => { clearTimeout(timer); if (early) ready(); finish(); });
  up.on('error', () => up.terminate());
  socket.on('data', (b: Buffer) => session.receive(b));
  socket.on('close', () => {
    o.signal.removeEventListener('abort', stop);
    session.destroy();
    if (up.readyState !== WebSocket.CLOSED) up.close(1000);
  });
  const stop = () => up.close(1000);
  if (o.head.length) session.receive(o.head);
  if (o.signal.aborted) stop(); else o.signal.addEventListener('abort', stop, { once: true });
}
