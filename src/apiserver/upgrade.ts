/**
 * The HTTPS server's `upgrade` requests (Node hands them to `server.on('upgrade')`, not to the request
 * handler): authenticate, authorize `create` on `pods/exec`, `pods/attach` or `pods/portforward`
 * (what kube-apiserver requires of WebSocket streams since 1.30), then `handlers/exec.ts` or
 * `handlers/portforward.ts`. Errors before the upgrade are
 * written as a plain HTTP reply carrying a Status, so kubectl shows the message.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { badRequest, forbidden, serviceUnavailable, unauthorized } from '../api/errors.js';
import type { Status } from '../api/types/index.js';
import type { Authenticate } from './authn.js';
import type { Authorizer } from './authz.js';
import type { ApiDeps } from './context.js';
import { handlePodExec } from './handlers/exec.js';
import { handlePodPortForward } from './handlers/portforward.js';
import type { NodeProxy } from './node-proxy.js';
import { toStatus } from './respond.js';

export interface UpgradeOptions {
  deps: ApiDeps;
  authenticate: Authenticate;
  authz: Authorizer;
  nodeProxy?: NodeProxy;
}

const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/;

export function createUpgradeHandler(o: UpgradeOptions): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    void handle(o, req, socket, head).catch((e: unknown) => {
      const { status, unexpected } = toStatus(e);
      if (unexpected) o.deps.log.error({ err: e, url: req.url }, 'upgrade request failed');
      writeStatusRaw(socket, status);
    });
  };
}

async function handle(o: UpgradeOptions, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  if (!(req.url ?? '/').startsWith('/')) throw badRequest('the request target must be an absolute path');
  const url = new URL(`https://kite${req.url ?? '/'}`);
  const user = await o.authenticate(req);
  if (!user || user === 'invalid') throw unauthorized();
  const m = EXEC_PATH.exec(url.pathname);
  // POST is kubectl's SPDY fallback: checked like a GET, then refused with the reason (handlers/exec.ts).
  if (!m || (req.method !== 'GET' && req.method !== 'POST')) throw badRequest(`${url.pathname} cannot be upgraded`);
  const [namespace, name, kind] = m.slice(1).map(decodeURIComponent) as [string, string, 'exec' | 'attach' | 'portforward'];
  const what = `pods/${kind}`;
  const decision = await o.authz.authorize(user, { verb: 'create', group: '', resource: 'pods', subresource: kind, namespace, name });
  if (!decision.allowed) {
    throw forbidden(`${what} "${name}" is forbidden: User "${user.name}" cannot create resource "${what}" in API group "" in the namespace "${namespace}"`, { group: '', resource: 'pods' }, name);
  }
  if (!o.nodeProxy) throw serviceUnavailable(`${what}: this server cannot reach node agents`);
  if (kind === 'portforward') await handlePodPortForward(o.deps, o.nodeProxy, { req, socket, head, namespace, name, query: url.searchParams });
  else await handlePodExec(o.deps, o.nodeProxy, { req, socket, head, kind, namespace, name, query: url.searchParams });
}

function writeStatusRaw(socket: Duplex, status: Status): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(status);
  socket.end(`HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
