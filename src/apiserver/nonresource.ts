/** Non-resource endpoints: version, health, metrics, discovery and OpenAPI. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { Registry } from '../api/registry/registry.js';
import { openapiGroupVersion, openapiIndex } from '../api/openapi/index.js';
import { notFound } from '../api/errors.js';
import { AGGREGATED_V2, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery.js';
import type { ApiMetrics } from './metrics.js';
import { writeJson, writeText } from './respond.js';

export const KUBE_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0+kite' };

export type HealthCheck = { name: string; check: () => Promise<boolean> | boolean };

export interface NonResourceDeps {
  registry: Registry;
  metrics: ApiMetrics;
  health: HealthCheck[];
  serverAddress: string;
}

/** Paths anyone may read (k8s grants them to system:public-info-viewer). */
export const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

export function versionInfo() {
  return {
    ...KUBE_VERSION, gitCommit: 'kite', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`, compiler: 'tsc', platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

/** Caches generated OpenAPI documents per registry generation (CRDs change them). */
function openapiCache(reg: Registry) {
  let gen = -1;
  const docs = new Map<string, { body: string; hash: string }>();
  return (gv: string) => {
    if (gen !== reg.generation) { docs.clear(); gen = reg.generation; }
    let d = docs.get(gv);
    if (!d) {
      const [group, version] = gv.startsWith('api/') ? ['', gv.slice(4)] : gv.slice(5).split('/') as [string, string];
      const body = JSON.stringify(openapiGroupVersion(reg, group, version));
      d = { body, hash: createHash('sha512').update(body).digest('hex').slice(0, 64).toUpperCase() };
      docs.set(gv, d);
    }
    return d;
  };
}

export function createNonResourceHandler(d: NonResourceDeps) {
  const openapi = openapiCache(d.registry);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const p = url.pathname.replace(/\/+$/, '') || '/';
    if (p === '/version') { writeJson(res, 200, versionInfo()); return true; }
    if (p === '/healthz' || p === '/livez' || p === '/readyz') {
      const results = await Promise.all(d.health.map(async (h) => ({ name: h.name, ok: await Promise.resolve(h.check()).catch(() => false) })));
      const ok = results.every((r) => r.ok);
      const verbose = url.searchParams.has('verbose');
      const body = verbose ? `${results.map((r) => `[${r.ok ? '+' : '-'}]${r.name} ${r.ok ? 'ok' : 'failed'}`).join('\n')}\n${p.slice(1)} check ${ok ? 'passed' : 'failed'}\n` : ok ? 'ok' : `${p.slice(1)} check failed`;
      writeText(res, ok ? 200 : 500, body);
      return true;
    }
    if (p === '/metrics') { writeText(res, 200, await d.metrics.registry.metrics(), d.metrics.registry.contentType); return true; }
    if (p === '/api') {
      if (wantsAggregated(req)) writeJson(res, 200, aggregatedDiscovery(d.registry, true), { 'Content-Type': AGGREGATED_V2 });
      else writeJson(res, 200, apiVersions(d.serverAddress));
      return true;
    }
    if (p === '/apis') {
      if (wantsAggregated(req)) writeJson(res, 200, aggregatedDiscovery(d.registry, false), { 'Content-Type': AGGREGATED_V2 });
      else writeJson(res, 200, apiGroupList(d.registry));
      return true;
    }
    const parts = p.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) return sendOr404(res, apiResourceList(d.registry, '', parts[1] as string));
    if (parts[0] === 'apis' && parts.length === 2) return sendOr404(res, apiGroup(d.registry, parts[1] as string));
    if (parts[0] === 'apis' && parts.length === 3) return sendOr404(res, apiResourceList(d.registry, parts[1] as string, parts[2] as string));
    if (p === '/openapi/v3') {
      writeJson(res, 200, openapiIndex(d.registry, (gv) => openapi(gv).hash));
      return true;
    }
    if (p.startsWith('/openapi/v3/')) {
      const gv = p.slice('/openapi/v3/'.length);
      const known = gv.startsWith('api/') ? d.registry.all().some((x) => x.group === '' && `api/${x.version}` === gv)
        : d.registry.all().some((x) => x.group && `apis/${x.group}/${x.version}` === gv);
      if (!known) throw notFound({ group: '', resource: 'openapi' }, gv);
      const doc = openapi(gv);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': url.searchParams.has('hash') ? 'public, immutable' : 'no-cache, private', ETag: `"${doc.hash}"` });
      res.end(doc.body);
      return true;
    }
    return false;
  };
}

function sendOr404(res: ServerResponse, body: unknown): boolean {
  if (body === undefined) return false;
  writeJson(res, 200, body);
  return true;
}
