/**
 * The kubelet API's `exec` and `attach` endpoints (WebSocket upgrades only):
 * `/exec/<ns>/<pod>/<container>?command=..&stdin=..&stdout=..&stderr=..&tty=..` and
 * `/attach/<ns>/<pod>/<container>?...`. The container is found through the CRI by the labels the pod
 * loop puts on it; the CRI's Exec/Attach answers a containerd streaming URL, which is dialled with
 * `v4.channel.k8s.io` and bridged to the API server's socket (`exec-bridge.ts`).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { RuntimeService } from '../cri/types.js';
import { bridgeExec } from './exec-bridge.js';
import { KubeletApiError } from './lookup.js';

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
  /** Dials the runtime's streaming URL (tests substitute a fake). */
  dial?: (url: string) => WebSocket;
}

export function createExecUpgrade(o: ExecUpgradeOptions): UpgradeHandler {
  // noServer: the kubelet API's HTTPS server owns the socket and has already checked the client cert.
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(V5) ? V5 : offered.has(V4) ? V4 : false) });
  const dial = o.dial ?? ((url: string) => new WebSocket(url, [V4]));
  return (req, socket, head, signal) => {
    void (async () => {
      let up: WebSocket | undefined;
      try {
        const t = parseExecUrl(new URL(`https://kubelet${req.url ?? '/'}`));
        const containerId = await resolveContainerId(o.cri, t);
        const streams = { containerId, tty: t.tty, stdin: t.stdin, stdout: t.stdout, stderr: t.stderr };
        const url = t.kind === 'exec' ? await o.cri.exec({ ...streams, cmd: t.cmd }) : await o.cri.attach(streams);
        up = await openUpstream(dial(url));
      } catch (e) {
        up?.terminate();
        const known = e instanceof KubeletApiError;
        if (!known) o.log.warn({ err: e, url: req.url }, 'exec/attach failed');
        rejectUpgrade(socket, known ? e.code : 500, known ? e.message : `error preparing the stream: ${(e as Error).message}`);
        return;
      }
      const upstream = up;
      wss.handleUpgrade(req, socket, head, (down) => {
        void bridgeExec(down, upstream, { downV5: down.protocol === V5, signal });
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
