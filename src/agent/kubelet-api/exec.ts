/**
 * The kubelet API's `exec` and `attach` endpoints (WebSocket upgrades only):
 * `/exec/<ns>/<pod>/<container>?command=..&stdin=..&stdout=..&stderr=..&tty=..` and
 * `/attach/<ns>/<pod>/<container>?...`. The container is found through the CRI by the labels the pod
 * loop puts on it; the CRI's Exec/Attach answers a containerd streaming URL, which is dialled in SPDY
 * (remotecommand v4, `exec-spdy.ts`: stdin can end while output and the exit code still flow) and
 * bridged to the API server's socket. A runtime that refuses SPDY gets a second session over
 * WebSocket `v4.channel.k8s.io` (`exec-bridge.ts`, which cannot pass stdin's end).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { RuntimeService } from '../cri/types.js';
import { bridgeExec } from './exec-bridge.js';
import { bridgeExecSpdy, openExecStreams, REMOTECOMMAND_V4, type ExecStreams } from './exec-spdy.js';
import { KubeletApiError } from './lookup.js';
import { dialSpdy, type SpdyConnection } from './spdy-dial.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, signal: AbortSignal) => void;

export interface ExecTarget {
  kind: 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
  cmd: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export const V5 = 'v5.channel.k8s.io';
export const V4 = 'v4.channel.k8s.io';

/** Parses the kubelet's exec/attach URL; a bad one is a KubeletApiError (400/404). */
export function parseExecUrl(url: URL): ExecTarget {
  const m = /^\/(exec|attach)\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) throw new KubeletApiError(404, '404 page not found');
  const [kind, namespace, pod, container] = m.slice(1).map(decodeURIComponent) as [ExecTarget['kind'], string, string, string];
  const q = url.searchParams;
  const bool = (k: string) => ['1', 'true', 'True', 'TRUE', 't'].includes(q.get(k) ?? '');
  const t: ExecTarget = {
    kind, namespace, pod, container, cmd: q.getAll('command'),
    stdin: bool('stdin') || bool('input'), stdout: bool('stdout') || bool('output'), stderr: bool('stderr') || bool('error'), tty: bool('tty'),
  };
  if (kind === 'exec' && t.cmd.length === 0) throw new KubeletApiError(400, 'you must specify at least 1 command');
  if (!t.stdin && !t.stdout && !t.stderr) throw new KubeletApiError(400, 'you must specify at least 1 of stdin, stdout, stderr');
  // With a TTY the runtime merges stderr into stdout, as the kubelet does.
  if (t.tty) t.stderr = false;
  return t;
}

/** The running container the pod loop created for this pod/container name, by its CRI labels. */
export async function resolveContainerId(cri: Pick<RuntimeService, 'listContainers'>, t: ExecTarget): Promise<string> {
  const list = await cri.listContainers({
    labelSelector: { 'io.kubernetes.pod.namespace': t.namespace, 'io.kubernetes.pod.name': t.pod, 'io.kubernetes.container.name': t.container },
  });
  const running = list.filter((c) => c.state === 'CONTAINER_RUNNING').sort((a, b) => b.createdAt - a.createdAt)[0];
  if (running) return running.id;
  if (list.length) throw new KubeletApiError(400, `container ${t.container} is not running in pod ${t.pod}`);
  throw new KubeletApiError(404, `container "${t.container}" in pod "${t.pod}" in namespace "${t.namespace}" not found`);
}

export interface ExecUpgradeOptions {
  cri: Pick<RuntimeService, 'listContainers' | 'exec' | 'attach'>;
  log: Logger;
  /** Dials the runtime's streaming URL over WebSocket, the fallback (tests substitute a fake). */
  dial?: (url: string) => WebSocket;
  /** Opens a SPDY session to the runtime's streaming URL, tried first (tests substitute a fake or a refusal). */
  dialSpdy?: (url: string) => Promise<SpdyConnection>;
}

export function createExecUpgrade(o: ExecUpgradeOptions): UpgradeHandler {
  // noServer: the kubelet API's HTTPS server owns the socket and has already checked the client cert.
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(V5) ? V5 : offered.has(V4) ? V4 : false) });
  const dial = o.dial ?? ((url: string) => new WebSocket(url, [V4]));
  const spdy = o.dialSpdy ?? ((url: string) => dialSpdy(url, [REMOTECOMMAND_V4]));
  return (req, socket, head, signal) => {
    void (async () => {
      let up: WebSocket | undefined;
      let conn: SpdyConnection | undefined;
      let streams: ExecStreams | undefined;
      try {
        const t = parseExecUrl(new URL(`https://kubelet${req.url ?? '/'}`));
        const containerId = await resolveContainerId(o.cri, t);
        const opts = { containerId, tty: t.tty, stdin: t.stdin, stdout: t.stdout, stderr: t.stderr };
        // Each streaming URL is single-use, so the fallback asks the runtime for a fresh one.
        const prepare = () => (t.kind === 'exec' ? o.cri.exec({ ...opts, cmd: t.cmd }) : o.cri.attach(opts));
        try {
          conn = await spdy(await prepare());
          streams = await openExecStreams(conn, t);
        } catch (e) {
          conn?.close();
          conn = undefined;
          o.log.debug({ err: e }, 'SPDY to the runtime failed; using its WebSocket form');
          up = await openUpstream(dial(await prepare()));
        }
      } catch (e) {
        up?.terminate();
        const known = e instanceof KubeletApiError;
        if (!known) o.log.warn({ err: e, url: req.url }, 'exec/attach failed');
        rejectUpgrade(socket, known ? e.code : 500, known ? e.message : `error preparing the stream: ${(e as Error).message}`);
        return;
      }
      const [c, s, upstream] = [conn, streams, up];
      wss.handleUpgrade(req, socket, head, (down) => {
        const downV5 = down.protocol === V5;
        if (c && s) void bridgeExecSpdy(down, c, s, { downV5, signal });
        else if (upstream) void bridgeExec(down, upstream, { downV5, signal });
      });
    })();
  };
}

function openUpstream(ws: WebSocket): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      if (ws.protocol !== V4) { ws.terminate(); reject(new Error(`the runtime chose subprotocol "${ws.protocol}", not ${V4}`)); return; }
      resolve(ws);
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`the runtime's streaming server answered ${res.statusCode ?? 0}`)));
  });
}

/** A plain HTTP error on a socket that asked to upgrade (the caller then sees a non-101 reply). */
export function rejectUpgrade(socket: Duplex, code: number, message: string): void {
  const body = Buffer.from(message);
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[code] ?? 'Internal Server Error';
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${message}`);
}
