/**
 * `pods/<name>/exec` and `pods/<name>/attach` over WebSocket (kubectl ≥ 1.30 offers `v5.channel.k8s.io`,
 * client-node `v4.channel.k8s.io` too): picks the container and the pod's node, opens a WebSocket to
 * the node's kubelet API (mutual TLS, the same subprotocols the client offered) and only then
 * answers the client's upgrade, echoing the subprotocol the node chose. From there frames are
 * copied unchanged both ways; the node does the remotecommand work (`agent/kubelet-api/exec.ts`).
 * Clients that ask for SPDY instead (`Upgrade: SPDY/3.1`) get the same node session through
 * `exec-spdy.ts`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { badRequest, internal, notFound, serviceUnavailable, StatusError } from '../../api/errors.js';
import type { Node, Pod } from '../../api/registry/core-types.js';
import type { ApiDeps } from '../context.js';
import type { NodeProxy } from '../node-proxy.js';
import { serveSpdyExec, SPDY_EXEC_PROTOCOL, wantsSpdyExec } from './exec-spdy.js';
import { nodeTarget, pickContainer } from './logs.js';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export interface PodExecRequest {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  kind: 'exec' | 'attach';
  namespace: string;
  name: string;
  query: URLSearchParams;
}

/** The subprotocols both we and the client speak, in our order of preference. */
export function commonProtocols(header: string | undefined): string[] {
  const offered = new Set((header ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  return EXEC_PROTOCOLS.filter((p) => offered.has(p));
}

/** The kubelet path for this session: only the stream options are passed on. */
export function kubeletExecPath(r: Pick<PodExecRequest, 'kind' | 'namespace' | 'name' | 'query'>, container: string): string {
  const sp = new URLSearchParams();
  if (r.kind === 'exec') for (const c of r.query.getAll('command')) sp.append('command', c);
  for (const k of ['stdin', 'stdout', 'stderr', 'tty']) {
    const v = r.query.get(k);
    if (v !== null) sp.set(k, v);
  }
  const seg = encodeURIComponent;
  return `/${r.kind}/${seg(r.namespace)}/${seg(r.name)}/${seg(container)}?${sp.toString()}`;
}

/** Throws a StatusError before the upgrade; afterwards the session's errors end the WebSocket. */
export async function handlePodExec(deps: ApiDeps, proxy: NodeProxy, r: PodExecRequest): Promise<void> {
  if (r.kind === 'exec' && r.query.getAll('command').length === 0) throw badRequest('you must specify at least 1 command');
  const podDef = deps.registry.lookup('', 'v1', 'pods');
  const nodeDef = deps.registry.lookup('', 'v1', 'nodes');
  if (!podDef || !nodeDef) throw serviceUnavailable('pods and nodes must be served');
  const pod = (await deps.objects.get(podDef, r.namespace, r.name)) as Pod;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw badRequest(`cannot ${r.kind} into a container in a completed pod; current phase is ${phase}`);
  const container = pickContainer(pod, r.query.get('container') || undefined);
  const nodeName = pod.spec.nodeName;
  if (!nodeName) throw badRequest(`pod ${r.name} does not have a host assigned`);
  // Checked after the pod and container, so kubectl's SPDY fallback still reports a bad container.
  const spdy = wantsSpdyExec(r.req.headers);
  const protocols = spdy ? EXEC_PROTOCOLS : r.req.method === 'GET' ? commonProtocols(r.req.headers['sec-websocket-protocol']) : [];
  if (!protocols.length) throw badRequest(`pods/${r.kind} is served over WebSocket (${EXEC_PROTOCOLS.join(' or ')}) or SPDY/3.1 (${SPDY_EXEC_PROTOCOL})`);
  const target = nodeTarget((await deps.objects.get(nodeDef, undefined, nodeName)) as Node, nodeName);
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const up = await dialKubelet(`wss://${host}:${target.port}${kubeletExecPath(r, container)}`, protocols, proxy.tls);
  if (spdy) { serveSpdyExec({ socket: r.socket, head: r.head, query: r.query, up, signal: deps.signal }); return; }
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => up.protocol });
  wss.handleUpgrade(r.req, r.socket, r.head, (down) => { pipeSockets(down, up, deps.signal); });
}

/** Opens a WebSocket to a kubelet API path; a non-101 reply becomes the matching Status. */
export function dialKubelet(url: string, protocols: string[], tls: NodeProxy['tls']): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { ...tls, handshakeTimeout: 10_000, perMessageDeflate: false });
    ws.once('open', () => {
      if (!protocols.includes(ws.protocol)) { ws.terminate(); reject(internal(`the kubelet chose subprotocol "${ws.protocol}"`)); return; }
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { if (body.length < 64 * 1024) body += d; });
      res.on('end', () => { ws.terminate(); reject(kubeletError(res.statusCode ?? 500, body.trim())); });
      res.on('error', () => reject(kubeletError(res.statusCode ?? 500, body.trim())));
    });
    ws.once('error', (e) => reject(serviceUnavailable(`error dialing backend: ${e.message}`)));
  });
}

function kubeletError(code: number, text: string): StatusError {
  if (code === 400) return badRequest(text);
  if (code === 404) return new StatusError({ ...notFound({ group: '', resource: 'pods' }, '').status, message: text });
  return internal(text || `the kubelet answered ${code}`);
}

/** Copies messages both ways; either side closing (or the server stopping) closes the other. */
export function pipeSockets(down: WebSocket, up: WebSocket, signal: AbortSignal): void {
  const stop = () => { down.close(1000); up.close(1000); };
  down.on('message', (d, binary) => { if (up.readyState === WebSocket.OPEN) up.send(d, { binary }); });
  up.on('message', (d, binary) => { if (down.readyState === WebSocket.OPEN) down.send(d, { binary }); });
  down.on('close', () => { signal.removeEventListener('abort', stop); if (up.readyState !== WebSocket.CLOSED) up.close(1000); });
  up.on('close', () => { if (down.readyState !== WebSocket.CLOSED) down.close(1000); });
  down.on('error', () => down.terminate());
  up.on('error', () => up.terminate());
  if (signal.aborted) stop(); else signal.addEventListener('abort', stop, { once: true });
}
