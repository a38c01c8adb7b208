/**
 * `pods/<name>/portforward`, in the three forms clients use:
 * - WebSocket with subprotocol `SPDY/3.1+portforward.k8s.io` (kubectl ≥ 1.31): SPDY frames carried
 *   in binary WebSocket messages, split anywhere;
 * - `Upgrade: SPDY/3.1` with `X-Stream-Protocol-Version: portforward.k8s.io` (older kubectl, and
 *   kubectl's fallback): a 101 reply, then SPDY on the raw socket;
 * - WebSocket `v4.channel.k8s.io` with `?ports=80` (client-node's PortForward): the kubelet's own
 *   form, copied unchanged to the node.
 * The API server ends SPDY itself (`spdy/`, `portforward-pairs.ts`) and carries each local
 * connection as one `v4.channel.k8s.io` session to the node's kubelet API
 * (`/portForward/<ns>/<pod>?ports=P`, mutual TLS), which reaches the pod through CRI PortForward.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { badRequest, serviceUnavailable } from '../../api/errors.js';
import type { Node, Pod } from '../../api/registry/core-types.js';
import type { ApiDeps } from '../context.js';
import type { NodeProxy } from '../node-proxy.js';
import { createValve } from '../../streaming/flow.js';
import { SpdySession } from '../../streaming/spdy/index.js';
import { dialKubelet, pipeSockets } from './exec.js';
import { nodeTarget } from './logs.js';
import { createPortForwardPairs, type UpstreamPort } from './portforward-pairs.js';

export const SPDY_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
const V4 = 'v4.channel.k8s.io';

export interface PodPortForwardRequest {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  namespace: string;
  name: string;
  query: URLSearchParams;
}

type Mode = 'spdy-websocket' | 'spdy' | 'v4-websocket';

/** Which of the three forms the client asked for; anything else is a 400 naming what we speak. */
export function portForwardMode(req: Pick<IncomingMessage, 'headers' | 'method'>): Mode {
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  const list = (h: string | string[] | undefined) => (Array.isArray(h) ? h.join(',') : h ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (upgrade === 'websocket' && req.method === 'GET') {
    const offered = list(req.headers['sec-websocket-protocol']);
    if (offered.includes(SPDY_TUNNEL_PROTOCOL)) return 'spdy-websocket';
    if (offered.includes(V4)) return 'v4-websocket';
  }
  if (upgrade === 'spdy/3.1' && list(req.headers['x-stream-protocol-version']).includes(PORT_FORWARD_PROTOCOL)) return 'spdy';
  throw badRequest(`pods/portforward is served over WebSocket (${SPDY_TUNNEL_PROTOCOL} or ${V4}) or SPDY/3.1 (${PORT_FORWARD_PROTOCOL})`);
}

/** `ports=80,8080` of the v4 form, checked as the kubelet checks it. */
export function parsePortsQuery(q: URLSearchParams): number[] {
  const items = q.getAll('ports').join(',').split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw badRequest('query parameter "port" is required');
  return items.map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535) throw badRequest(`invalid port "${p}": must be an integer between 1 and 65535`);
    return Number(p);
  });
}

/** The kubelet API path of one session to `ports` of this pod. */
export function kubeletPortForwardPath(namespace: string, name: string, ports: number[]): string {
  return `/portForward/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}?ports=${ports.join(',')}`;
}

/** Throws a StatusError before the upgrade; afterwards failures are reported on the streams. */
export async function handlePodPortForward(deps: ApiDeps, proxy: NodeProxy, r: PodPortForwardRequest): Promise<void> {
  const podDef = deps.registry.lookup('', 'v1', 'pods');
  const nodeDef = deps.registry.lookup('', 'v1', 'nodes');
  if (!podDef || !nodeDef) throw serviceUnavailable('pods and nodes must be served');
  const pod = (await deps.objects.get(podDef, r.namespace, r.name)) as Pod;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw badRequest(`cannot port-forward to a completed pod; current phase is ${phase}`);
  const nodeName = pod.spec.nodeName;
  if (!nodeName) throw badRequest(`pod ${r.name} does not have a host assigned`);
  const mode = portForwardMode(r.req);
  const ports = mode === 'v4-websocket' ? parsePortsQuery(r.query) : [];
  const target = nodeTarget((await deps.objects.get(nodeDef, undefined, nodeName)) as Node, nodeName);
  const url = (p: number[]) => `wss://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}${kubeletPortForwardPath(r.namespace, r.name, p)}`;

  if (mode === 'v4-websocket') {
    const up = await dialKubelet(url(ports), [V4], proxy.tls);
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: () => V4 });
    wss.handleUpgrade(r.req, r.socket, r.head, (down) => { pipeSockets(down, up, deps.signal); });
    return;
  }

  const dial = (port: number) => dialPort(url([port]), proxy.tls, port);
  if (mode === 'spdy') {
    r.socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`);
    const sock = r.socket;
    serveSpdy(deps, {
      send: (b, flushed) => { sock.write(b, () => flushed()); }, buffered: () => sock.writableLength, close: () => sock.end(),
      pause: () => sock.pause(), resume: () => sock.resume(),
      onBytes: (fn) => sock.on('data', fn), onClose: (fn) => sock.once('close', fn),
    }, dial, r.head);
    return;
  }
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: () => SPDY_TUNNEL_PROTOCOL });
  wss.handleUpgrade(r.req, r.socket, r.head, (ws) => {
    ws.on('error', () => ws.terminate());
    serveSpdy(deps, {
      send: (b, flushed) => { if (ws.readyState === WebSocket.OPEN) ws.send(b, { binary: true }, () => flushed()); },
      buffered: () => ws.bufferedAmount,
      close: () => ws.close(1000),
      pause: () => ws.pause(), resume: () => ws.resume(),
      onBytes: (fn) => ws.on('message', (d: Buffer) => fn(d)),
      onClose: (fn) => ws.once('close', fn),
    }, dial);
  });
}

interface ByteTransport {
  /** Writes `b`; `flushed` runs once it has left our buffers. */
  send(b: Buffer, flushed: () => void): void;
  /** Bytes written but not yet flushed. */
  buffered(): number;
  close(): void;
  pause(): void;
  resume(): void;
  onBytes(fn: (b: Buffer) => void): void;
  onClose(fn: () => void): void;
}

/** One SPDY session on `t`: pairs streams and forwards each pair; ends with the transport or the server. */
function serveSpdy(deps: ApiDeps, t: ByteTransport, dial: (port: number) => Promise<UpstreamPort>, head?: Buffer): void {
  const valve = createValve({ buffered: () => t.buffered() });
  const pairs = createPortForwardPairs({ dial, valve, inbound: t });
  const session: SpdySession = new SpdySession({
    role: 'server', send: (b) => t.send(b, () => valve.progress()), onStream: pairs.onStream,
    onClose: () => { pairs.close(); void session.flushed().then(() => t.close()); },
  });
  const stop = () => session.close();
  t.onBytes((b) => session.receive(b));
  t.onClose(() => { deps.signal.removeEventListener('abort', stop); pairs.close(); session.destroy(); });
  if (head?.length) session.receive(head);
  if (deps.signal.aborted) stop(); else deps.signal.addEventListener('abort', stop, { once: true });
}

/**
 * One connection to `port` as a kubelet v4 session: channel 0 data, 1 error, each opened by the
 * port as two bytes, which are dropped here. Errors become the message kubectl shows.
 */
async function dialPort(url: string, tls: NodeProxy['tls'], port: number): Promise<UpstreamPort> {
  let ws: WebSocket;
  try {
    ws = await dialKubelet(url, [V4], tls);
  } catch (e) {
    throw new Error(`error forwarding port ${port} to pod: ${(e as Error).message}`);
  }
  return v4Upstream(ws);
}

export function v4Upstream(ws: Pick<WebSocket, 'send' | 'close' | 'on' | 'readyState' | 'pause' | 'resume' | 'bufferedAmount'>): UpstreamPort {
  const ev = new EventEmitter<{ data: [Buffer]; error: [string]; close: [] }>();
  const skip = [2, 2];
  const errorText: Buffer[] = [];
  ws.on('message', (m: Buffer) => {
    const ch = m[0];
    if (ch !== 0 && ch !== 1) return;
    let body = m.subarray(1);
    const drop = Math.min(skip[ch]!, body.length);
    skip[ch]! -= drop;
    body = body.subarray(drop);
    if (!body.length) return;
    if (ch === 0) ev.emit('data', body); else errorText.push(body);
  });
  ws.on('close', () => {
    if (errorText.length) ev.emit('error', Buffer.concat(errorText).toString('utf8'));
    ev.emit('close');
  });
  ws.on('error', () => { /* close follows */ });
  return Object.assign(ev, {
    write: (d: Buffer, flushed?: () => void) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([0]), d]), { binary: true }, () => flushed?.());
    },
    buffered: () => ws.bufferedAmount,
    close: () => ws.close(1000),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
  });
}
