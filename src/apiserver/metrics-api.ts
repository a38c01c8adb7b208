/**
 * metrics.k8s.io/v1beta1 served by the API server itself (what `kubectl top` reads): NodeMetrics
 * and PodMetrics are built on request from each node's kubelet Summary API
 * (`https://<InternalIP>:<kubelet port>/stats/summary`, served by the node agent), as metrics-server
 * would. Summaries are cached per node for `cacheMs` so a burst of `kubectl top` calls costs one
 * fetch per node; a node that does not answer is left out (and logged), like metrics-server.
 */
import https from 'node:https';
import { badRequest, methodNotAllowed, notFound } from '../api/errors.js';
import { matchLabels, parseLabelSelector } from '../api/selectors/index.js';
import type { KObject } from '../api/types/index.js';
import type { Summary } from '../api/types/stats-summary.js';
import type { RequestCtx } from './context.js';
import { writeJson } from './respond.js';

const API_VERSION = 'metrics.k8s.io/v1beta1';
const DEFAULT_KUBELET_PORT = 10250;

export interface KubeletTls { ca?: string; cert?: string; key?: string }

/** GETs a node's Summary. Without a CA the kubelet's serving cert is not verified (kube-apiserver's default). */
export function fetchSummary(url: string, tls: KubeletTls, timeoutMs = 5_000): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, {
      ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !!tls.ca, timeout: timeoutMs,
      headers: { Accept: 'application/json' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) { reject(new Error(`GET ${url}: HTTP ${res.statusCode}: ${body.slice(0, 200)}`)); return; }
        try { resolve(JSON.parse(body) as Summary); } catch (e) { reject(e); }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

interface NodeLike extends KObject {
  status?: { addresses?: Array<{ type: string; address: string }>; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } };
}

/** The Summary URL of a node: its InternalIP (else any address) and the kubelet port it advertises. */
export function summaryUrl(node: NodeLike): string | undefined {
  const addrs = node.status?.addresses ?? [];
  const ip = (addrs.find((a) => a.type === 'InternalIP') ?? addrs.find((a) => a.type === 'ExternalIP'))?.address;
  if (!ip) return undefined;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT;
  return `https://${ip.includes(':') ? `[${ip}]` : ip}:${port}/stats/summary`;
}

export function formatCpu(nanoCores: number): string {
  const n = Math.max(0, Math.round(nanoCores));
  if (n === 0) return '0';
  return n < 1e6 ? `${n}n` : `${Math.round(n / 1e6)}m`;
}

export function formatMemory(bytes: number): string {
  const b = Math.max(0, Math.round(bytes));
  if (b === 0) return '0';
  return b % (1 << 20) === 0 ? `${b / (1 << 20)}Mi` : `${Math.ceil(b / 1024)}Ki`;
}

const meta = (name: string, labels: Record<string, string> | undefined, time: string, namespace?: string) =>
  ({ name, ...(namespace ? { namespace } : {}), creationTimestamp: time, ...(labels ? { labels } : {}) });

/** NodeMetrics from a Summary; undefined until the node has a CPU rate (two samples). */
export function nodeMetricsOf(s: Summary, node: KObject, window: string): KObject | undefined {
  const cpu = s.node.cpu?.usageNanoCores;
  const mem = s.node.memory?.workingSetBytes;
  if (cpu === undefined || mem === undefined || !s.node.cpu?.time) return undefined;
  return {
    apiVersion: API_VERSION, kind: 'NodeMetrics', metadata: meta(node.metadata.name ?? '', node.metadata.labels, s.node.cpu.time),
    timestamp: s.node.cpu.time, window, usage: { cpu: formatCpu(cpu), memory: formatMemory(mem) },
  };
}

/** PodMetrics for every pod of a Summary whose containers all have CPU and memory, keyed `ns/name`. */
export function podMetricsOf(s: Summary, window: string): Map<string, KObject> {
  const out = new Map<string, KObject>();
  for (const p of s.pods) {
    const cs = p.containers;
    if (cs.length === 0 || !cs.every((c) => c.cpu?.usageNanoCores !== undefined && c.memory?.workingSetBytes !== undefined)) continue;
    const time = cs.map((c) => c.cpu!.time).sort().at(-1)!;
    out.set(`${p.podRef.namespace}/${p.podRef.name}`, {
      apiVersion: API_VERSION, kind: 'PodMetrics', metadata: meta(p.podRef.name, undefined, time, p.podRef.namespace),
      timestamp: time, window,
      containers: cs.map((c) => ({ name: c.name, usage: { cpu: formatCpu(c.cpu!.usageNanoCores!), memory: formatMemory(c.memory!.workingSetBytes!) } })),
    });
  }
  return out;
}

export interface MetricsApiOptions {
  kubeletTls: KubeletTls;
  /** The agents' sampling period, reported as `window` (Kite's stats provider samples every 10 s). */
  window?: string;
  cacheMs?: number;
  /** Injectable for tests; defaults to `fetchSummary`. */
  fetch?: (url: string, tls: KubeletTls) => Promise<Summary>;
  now?: () => number;
}

export interface MetricsApi { handle(ctx: RequestCtx): Promise<void> }

export function createMetricsApi(o: MetricsApiOptions): MetricsApi {
  const window = o.window ?? '10s';
  const cacheMs = o.cacheMs ?? 5_000;
  const fetch = o.fetch ?? fetchSummary;
  const now = o.now ?? Date.now;
  // Per-node cache, owned by this instance; entries are replaced, never grow past the node count.
  const cache = new Map<string, { at: number; summary: Promise<Summary | undefined> }>();

  const summaryOf = (node: NodeLike, ctx: RequestCtx): Promise<Summary | undefined> => {
    const url = summaryUrl(node);
    if (!url) return Promise.resolve(undefined);
    const hit = cache.get(url);
    if (hit && now() - hit.at < cacheMs) return hit.summary;
    const summary = fetch(url, o.kubeletTls).catch((e: unknown) => {
      ctx.deps.log.warn({ err: e, node: node.metadata.name }, 'metrics: kubelet summary unavailable');
      return undefined;
    });
    cache.set(url, { at: now(), summary });
    return summary;
  };

  const nodesDef = (ctx: RequestCtx) => ctx.deps.registry.lookup('', 'v1', 'nodes')!;
  const podsDef = (ctx: RequestCtx) => ctx.deps.registry.lookup('', 'v1', 'pods')!;
  const selector = (ctx: RequestCtx) => {
    const s = ctx.query.get('labelSelector');
    try { return s ? parseLabelSelector(s) : []; } catch (e) { throw badRequest(`unable to parse requirement: ${String(e)}`); }
  };
  const list = (kind: string, items: KObject[]) => ({ kind, apiVersion: API_VERSION, metadata: {}, items });

  const handleNodes = async (ctx: RequestCtx) => {
    const sel = selector(ctx);
    const nodes = ctx.info.name
      ? [await ctx.deps.objects.get(nodesDef(ctx), undefined, ctx.info.name)]
      : (await ctx.deps.objects.list(nodesDef(ctx), undefined)).items.filter((n) => matchLabels(sel, n.metadata.labels));
    const items: KObject[] = [];
    await Promise.all(nodes.map(async (n) => {
      const s = await summaryOf(n as NodeLike, ctx);
      const m = s && nodeMetricsOf(s, n, window);
      if (m) items.push(m);
    }));
    items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    if (!ctx.info.name) return writeJson(ctx.res, 200, list('NodeMetricsList', items));
    if (!items[0]) throw notFound({ group: 'metrics.k8s.io', resource: 'nodes' }, ctx.info.name);
    writeJson(ctx.res, 200, items[0]);
  };

  const handlePods = async (ctx: RequestCtx) => {
    const sel = selector(ctx);
    const ns = ctx.info.namespace;
    const pods = ctx.info.name
      ? [await ctx.deps.objects.get(podsDef(ctx), ns, ctx.info.name)]
      : (await ctx.deps.objects.list(podsDef(ctx), ns)).items.filter((p) => matchLabels(sel, p.metadata.labels));
    const nodeNames = new Set(pods.map((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName).filter((x): x is string => !!x));
    const byKey = new Map<string, KObject>();
    await Promise.all([...nodeNames].map(async (name) => {
      const node = await ctx.deps.objects.tryGet(nodesDef(ctx), undefined, name);
      const s = node && await summaryOf(node as NodeLike, ctx);
      if (s) for (const [k, v] of podMetricsOf(s, window)) byKey.set(k, v);
    }));
    const items: KObject[] = [];
    for (const p of pods) {
      const m = byKey.get(`${p.metadata.namespace}/${p.metadata.name}`);
      if (m) items.push({ ...m, metadata: { ...m.metadata, ...(p.metadata.labels ? { labels: p.metadata.labels } : {}) } });
    }
    if (!ctx.info.name) return writeJson(ctx.res, 200, list('PodMetricsList', items));
    if (!items[0]) throw notFound({ group: 'metrics.k8s.io', resource: 'pods' }, ctx.info.name);
    writeJson(ctx.res, 200, items[0]);
  };

  return {
    async handle(ctx) {
      if (ctx.info.verb !== 'get' && ctx.info.verb !== 'list') throw methodNotAllowed('the server does not allow this method on the requested resource');
      if (ctx.def.plural === 'nodes') return handleNodes(ctx);
      return handlePods(ctx);
    },
  };
}
