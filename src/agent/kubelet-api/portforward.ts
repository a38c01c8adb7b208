/**
 * The kubelet API's port-forward endpoint (WebSocket only): `/portForward/<ns>/<pod>?ports=80[,81]`
 * with subprotocol `v4.channel.k8s.io`, the kubelet's own WebSocket form: per port i, channel 2i
 * carries data and 2i+1 errors, and the server starts each with the port as uint16 little-endian.
 * One session = one TCP connection per listed port; the API server opens one session per
 * kubectl connection (`apiserver/handlers/portforward.ts`).
 *
 * Where the bytes go: through CRI `PortForward`, not by dialling the pod IP. containerd's streaming
 * server enters the sandbox's network namespace and dials `localhost:<port>` there, so a server bound
 * to the pod's loopback is reachable and host-network and CNI pods behave alike. It is spoken to in
 * SPDY (`portforward.k8s.io`, an error and a data stream per port, as the kubelet's own clients do):
 * containerd 1.6's WebSocket form sends neither the port header nor any error text (observed: a
 * refused port just closes the socket), so only SPDY lets "connection refused" reach kubectl.
 */
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { createValve } from '../../streaming/flow.js';
import type { SpdyStream } from '../../streaming/spdy/index.js';
import type { RuntimeService } from '../cri/types.js';
import { dialSpdy, type SpdyConnection } from './spdy-dial.js';
import { rejectUpgrade, type UpgradeHandler, V4 } from './exec.js';
import { KubeletApiError } from './lookup.js';

export interface PortForwardTarget { namespace: string; pod: string; ports: number[] }

/** Parses `/portForward/<ns>/<pod>?ports=..`; a bad one is a KubeletApiError (400/404) in the kubelet's words. */
export function parsePortForwardUrl(url: URL): PortForwardTarget {
  const m = /^\/portForward\/([^/]+)\/([^/]+)(?:\/[^/]+)?\/?$/.exec(url.pathname);
  if (!m) throw new KubeletApiError(404, '404 page not found');
  const [namespace, pod] = m.slice(1).map(decodeURIComponent) as [string, string];
  return { namespace, pod, ports: parsePorts(url.searchParams.getAll('ports').join(',')) };
}

export function parsePorts(list: string): number[] {
  const items = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new KubeletApiError(400, 'query parameter "port" is required');
  return items.map((p) => {
    if (!/^\d+$/.test(p) || Number(p) > 65535) throw new KubeletApiError(400, `unable to parse "${p}" as a port: invalid syntax`);
    if (Number(p) === 0) throw new KubeletApiError(400, `port "${p}" must be > 0`);
    return Number(p);
  });
}

/** The ready sandbox the pod loop made for this pod, by its CRI labels (the newest, should there be two). */
export async function resolveSandboxId(cri: Pick<RuntimeService, 'listPodSandbox'>, t: Pick<PortForwardTarget, 'namespace' | 'pod'>): Promise<string> {
  const list = await cri.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.namespace': t.namespace, 'io.kubernetes.pod.name': t.pod } });
  const ready = list.filter((s) => s.state === 'SANDBOX_READY').sort((a, b) => b.createdAt - a.createdAt)[0];
  if (ready) return ready.id;
  throw new KubeletApiError(404, `pod "${t.pod}" in namespace "${t.namespace}" has no running sandbox on this node`);
}

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

export interface PortForwardUpgradeOptions {
  cri: Pick<RuntimeService, 'listPodSandbox' | 'portForward'>;
  log: Logger;
  /** Opens the SPDY session to the runtime's streaming URL (tests substitute a fake). */
  dial?: (url: string) => Promise<SpdyConnection>;
}

interface PortStreams { port: number; data: SpdyStream; error: SpdyStream }

export function createPortForwardUpgrade(o: PortForwardUpgradeOptions): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => (offered.has(V4) ? V4 : false) });
  const dial = o.dial ?? ((url: string) => dialSpdy(url, [PORT_FORWARD_PROTOCOL]));
  return (req, socket, head, signal) => {
    void (async () => {
      let conn: SpdyConnection | undefined;
      let streams: PortStreams[];
      try {
        const t = parsePortForwardUrl(new URL(`https://kubelet${req.url ?? '/'}`));
        const sandboxId = await resolveSandboxId(o.cri, t);
        conn = await dial(await o.cri.portForward(sandboxId, t.ports));
        streams = await openPortStreams(conn, t.ports);
      } catch (e) {
        conn?.close();
        const known = e instanceof KubeletApiError;
        if (!known) o.log.warn({ err: e, url: req.url }, 'port-forward failed');
        rejectUpgrade(socket, known ? e.code : 500, known ? e.message : `error preparing the port-forward stream: ${(e as Error).message}`);
        return;
      }
      const c = conn;
      wss.handleUpgrade(req, socket, head, (down) => { bridgePorts(down, c, streams, signal); });
    })();
  };
}

/** Per port, an error stream (half-closed at once: we never write to it) then a data stream, as kubectl does. */
async function openPortStreams(conn: SpdyConnection, ports: number[]): Promise<PortStreams[]> {
  const out: PortStreams[] = [];
  for (const [i, port] of ports.entries()) {
    const h = { port: String(port), requestid: String(i) };
    const error = await conn.session.open({ ...h, streamtype: 'error' });
    error.end();
    const data = await conn.session.open({ ...h, streamtype: 'data' });
    out.push({ port, data, error });
  }
  return out;
}

/**
 * Runtime SPDY streams ↔ the API server's v4 WebSocket. The WebSocket closes once every stream has
 * ended (the runtime writes its error text, then closes both); the WebSocket closing half-closes the
 * data streams, which makes the runtime drop its connection to the pod.
 */
export function bridgePorts(down: WebSocket, conn: SpdyConnection, streams: PortStreams[], signal: AbortSignal): void {
  const valve = createValve({ buffered: () => down.bufferedAmount });
  const frame = (ch: number, d: Buffer) => {
    if (down.readyState === WebSocket.OPEN) down.send(Buffer.concat([Buffer.from([ch]), d]), { binary: true }, () => valve.progress());
  };
  let open = streams.length * 2;
  const ended = () => { if (--open === 0) down.close(1000); };
  for (const [i, s] of streams.entries()) {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(s.port);
    frame(2 * i, portBytes);
    frame(2 * i + 1, portBytes);
    s.data.on('data', (d) => { frame(2 * i, d); valve.check(conn); });
    s.error.on('data', (d) => frame(2 * i + 1, d));
    for (const st of [s.data, s.error]) {
      if (st.remoteDone) ended(); else st.once('close', ended).once('end', () => { st.off('close', ended); ended(); });
    }
  }
  // And the other way: the API server's socket pauses while the runtime's holds too much.
  const inbound = createValve({ buffered: () => conn.buffered() });
  conn.onDrain(() => inbound.progress());
  down.on('message', (m: Buffer) => {
    const ch = m[0];
    if (ch === undefined || ch % 2 === 1) return;
    streams[ch / 2]?.data.write(m.subarray(1));
    inbound.check(down);
  });
  const stop = () => down.close(1000);
  down.on('close', () => {
    signal.removeEventListener('abort', stop);
    valve.forget(conn);
    inbound.forget(down);
    for (const s of streams) s.data.end();
    conn.close();
  });
  down.on('error', () => down.terminate());
  void conn.closed.then(() => { if (down.readyState === WebSocket.OPEN) down.close(1000); });
  if (signal.aborted) stop(); else signal.addEventListener('abort', stop, { once: true });
}
