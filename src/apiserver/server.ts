/**
 * The HTTPS API server: authentication → non-resource endpoints → resource routing → authorization →
 * the verb's handler. Every failure becomes a Kubernetes Status; unexpected ones are logged as 500s.
 */
import { setMaxListeners } from 'node:events';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { badRequest, forbidden, methodNotAllowed, noSuchResource, notFound, serviceUnavailable, unauthorized } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import { ALL_VERBS } from '../api/registry/types.js';
import type { Store } from '../store/index.js';
import { ANONYMOUS, createAuthenticator, type TokenAuthenticator, type UserInfo } from './authn.js';
import { createRbacAuthorizer, type Authorizer } from './authz.js';
import type { ApiDeps, RequestCtx } from './context.js';
import { handleCreate } from './handlers/create.js';
import { handleDelete, handleDeleteCollection } from './handlers/delete.js';
import { handlePatch } from './handlers/patch.js';
import { handleGet, handleList } from './handlers/read.js';
import { handleReview } from './handlers/reviews.js';
import { handleSpecialSubresource } from './handlers/special.js';
import { handlePodLog } from './handlers/logs.js';
import type { NodeProxy } from './node-proxy.js';
import { handleUpdate } from './handlers/update.js';
import { handleWatch } from './handlers/watch.js';
import type { MetricsApi } from './metrics-api.js';
import { createApiMetrics } from './metrics.js';
import { createNonResourceHandler, PUBLIC_PATHS, type HealthCheck } from './nonresource.js';
import { parseRequestInfo, type RequestInfo } from './request-info.js';
import { startNamespaceCache } from './namespace-cache.js';
import { ObjectStore } from './rest/objects.js';
import { serviceAccountTokens, type TokenSigner } from './sa-auth.js';
import { bootstrapTokens } from './bootstrap-token-auth.js';
import { handleCsrApproval, handleCsrCreate, isCsrRequest } from './csr.js';
import { toStatus, writeStatus } from './respond.js';
import { createUpgradeHandler } from './upgrade.js';
import { specialSubresourcesOf } from './subresources.js';
import type { WriteHooks } from './write-hooks.js';

export interface ApiServerOptions {
  store: Store;
  registry: Registry;
  tls: { cert: string; key: string; ca: string };
  host: string;
  port: number;
  log: Logger;
  tokens?: TokenAuthenticator[];
  health?: HealthCheck[];
  now?: () => Date;
  bookmarkIntervalMs?: number;
  /** Signs and verifies service-account tokens; without it TokenRequest is unavailable. */
  saTokens?: TokenSigner;
  /** Reaches nodes' kubelet APIs (pods/log); without it pods/log answers 503. */
  nodeProxy?: NodeProxy;
  /** metrics.k8s.io (kubectl top), read from the nodes' kubelet APIs. */
  metrics?: MetricsApi;
  /** API-server-owned allocations per resource (Services' cluster IPs and node ports). */
  writeHooks?: WriteHooks;
}

export interface RunningApiServer {
  port: number;
  url: string;
  objects: ObjectStore;
  /** Stops accepting, ends watches, and resolves when every connection is closed. */
  close(): Promise<void>;
}

export async function startApiServer(o: ApiServerOptions): Promise<RunningApiServer> {
  const objects = new ObjectStore(o.store);
  const life = new AbortController();
  // Each open watch listens for shutdown on this signal: thousands of listeners are normal.
  setMaxListeners(0, life.signal);
  const nsDef = o.registry.lookup('', 'v1', 'namespaces');
  if (!nsDef) throw new Error('the registry must serve namespaces');
  const namespaces = startNamespaceCache({ objects, def: nsDef, log: o.log, signal: life.signal });
  const deps: ApiDeps = {
    objects, registry: o.registry, now: o.now ?? (() => new Date()), log: o.log,
    bookmarkIntervalMs: o.bookmarkIntervalMs ?? 60_000, signal: life.signal, namespaces, writeHooks: o.writeHooks,
  };
  const tokens = [
    ...(o.tokens ?? []), bootstrapTokens(objects, o.registry, deps.now),
    ...(o.saTokens ? [serviceAccountTokens(o.saTokens, objects, o.registry, deps.now)] : []),
  ];
  const authenticate = createAuthenticator(tokens);
  const authz = createRbacAuthorizer({ objects, registry: o.registry });
  const metrics = createApiMetrics();
  let address = `${o.host}:${o.port}`;
  const nonResource = createNonResourceHandler({
    registry: o.registry, metrics, health: [{ name: 'ping', check: () => true }, ...(o.health ?? [])],
    get serverAddress() { return address; },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    let verb = req.method ?? 'GET';
    let resource = '';
    try {
      // Concatenated, not resolved: a target like `//host/api/...` must not be read as a host name.
      if (!(req.url ?? '/').startsWith('/')) throw badRequest('the request target must be an absolute path');
      const url = new URL(`https://kite${req.url ?? '/'}`);
      const user = await authenticate(req);
      if (user === 'invalid') throw unauthorized();
      // Anonymous callers get the public paths, and a GET of one named object for RBAC to decide on
      // (what `system:anonymous` is granted: kube-public/cluster-info for joining nodes).
      const anonGet = !user && !PUBLIC_PATHS.has(url.pathname) && parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
      if (!user && !PUBLIC_PATHS.has(url.pathname) && !(anonGet && anonGet.verb === 'get' && anonGet.name && !anonGet.subresource)) throw unauthorized();
      if (await nonResource(req, res, url)) return;
      const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
      if (!info) throw noSuchResource();
      verb = info.verb;
      resource = info.resource;
      await routeResource(req, res, url, info, user ?? ANONYMOUS, { deps, authz, tokens, saTokens: o.saTokens, nodeProxy: o.nodeProxy, metrics: o.metrics });
    } catch (e) {
      const { status, unexpected } = toStatus(e);
      if (unexpected) o.log.error({ err: e, method: req.method, url: req.url }, 'request failed');
      // Answer only after the client has sent its body: replying mid-upload makes it see a reset.
      if (!req.readableEnded) {
        req.resume();
        await new Promise<void>((r) => { req.once('end', r); req.once('error', () => r()); req.once('close', r); });
      }
      if (res.headersSent) res.end(); else writeStatus(res, status);
    } finally {
      res.once('finish', () => metrics.observe(verb.toUpperCase(), resource, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    }
  };

  const server = https.createServer({ cert: o.tls.cert, key: o.tls.key, ca: o.tls.ca, requestCert: true, rejectUnauthorized: false }, (req, res) => { void handle(req, res); });
  server.keepAliveTimeout = 65_000;
  server.on('upgrade', createUpgradeHandler({ deps, authenticate, authz, nodeProxy: o.nodeProxy }));
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(o.port, o.host, () => resolve()); });
  const port = (server.address() as AddressInfo).port;
  address = `${o.host}:${port}`;
  return {
    port, url: `https://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`, objects,
    close: () => new Promise<void>((resolve) => {
      life.abort();
      server.close(() => { void namespaces.done.then(() => resolve()); });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    }),
  };
}

async function routeResource(
  req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo, user: UserInfo,
  s: { deps: ApiDeps; authz: Authorizer; tokens: TokenAuthenticator[]; saTokens?: TokenSigner; nodeProxy?: NodeProxy; metrics?: MetricsApi },
): Promise<void> {
  const def = s.deps.registry.lookup(info.group, info.version, info.resource);
  if (!def) throw noSuchResource();
  const decision = await s.authz.authorize(user, { verb: info.verb, group: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name });
  // Anonymous requests reach RBAC only for what it grants `system:anonymous` (kube-public/cluster-info);
  // anything else stays 401, as before anonymous access existed.
  if (!decision.allowed && user === ANONYMOUS) throw unauthorized();
  if (!decision.allowed) {
    const what = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
    const scope = info.namespace ? ` in the namespace "${info.namespace}"` : ' at the cluster scope';
    throw forbidden(`${info.group ? `${what}.${info.group}` : what}${info.name ? ` "${info.name}"` : ''} is forbidden: User "${user.name}" cannot ${info.verb} resource "${what}" in API group "${info.group}"${scope}`, { group: info.group, resource: info.resource }, info.name);
  }
  const ctx: RequestCtx = { req, res, query: url.searchParams, info, def, user, deps: s.deps, warnings: [] };
  if (def.virtual && def.group === 'metrics.k8s.io') {
    if (!s.metrics) throw serviceUnavailable('metrics.k8s.io: this server cannot reach node agents');
    return s.metrics.handle(ctx);
  }
  if (def.virtual) {
    if (info.verb !== 'create') throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    return handleReview(ctx, s.authz, s.tokens);
  }
  if (def.group === '' && info.resource === 'pods' && info.subresource === 'log') {
    if (info.verb !== 'get') throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    if (!s.nodeProxy) throw serviceUnavailable('pods/log: this server cannot reach node agents');
    return handlePodLog(ctx, s.nodeProxy);
  }
  if (def.group === '' && info.resource === 'pods' && (info.subresource === 'exec' || info.subresource === 'attach')) {
    // Upgrades (WebSocket, and kubectl's SPDY fallback) go to upgrade.ts; a plain request lands here.
    throw badRequest(`pods/${info.subresource} is served over WebSocket (v5.channel.k8s.io or v4.channel.k8s.io) only; SPDY is not supported`);
  }
  if (isCsrRequest(ctx) && info.subresource === 'approval') return handleCsrApproval(ctx);
  if (isCsrRequest(ctx) && !info.subresource && info.verb === 'create') { throwIf(!!info.name, 'a POST must target a collection'); return handleCsrCreate(ctx); }
  if (info.subresource && specialSubresourcesOf(def.group, def.plural).some((x) => x.name === info.subresource)) {
    return handleSpecialSubresource(ctx, s.saTokens);
  }
  const sub = info.subresource;
  if (sub && !((sub === 'status' && def.subresources?.status) || (sub === 'scale' && def.subresources?.scale))) {
    throw notFound({ group: def.group, resource: `${def.plural}/${sub}` }, info.name ?? '');
  }
  if (!sub && !(def.verbs ?? ALL_VERBS).includes(info.verb)) throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  // Collections are deleted per namespace only (kube-apiserver serves no all-namespaces DELETE).
  if (info.verb === 'deletecollection' && def.namespaced && !info.namespace) throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  switch (info.verb) {
    case 'get': return handleGet(ctx);
    case 'list': return handleList(ctx);
    case 'watch': return handleWatch(ctx);
    case 'create': throwIf(!!info.name, 'a POST must target a collection'); return handleCreate(ctx);
    case 'update': return handleUpdate(ctx);
    case 'patch': return handlePatch(ctx);
    case 'delete': return handleDelete(ctx);
    case 'deletecollection': return handleDeleteCollection(ctx);
  }
}

function throwIf(cond: boolean, message: string): void {
  if (cond) throw methodNotAllowed(message);
}
