/** metrics.k8s.io built from kubelet Summaries: quantities, node/pod conversion, the handler over a fake store. */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import type { KObject } from '../../../../src/api/types/index.js';
import type { Summary } from '../../../../src/agent/stats/index.js';
import type { RequestCtx } from '../../../../src/apiserver/context.js';
import { createMetricsApi, formatCpu, formatMemory, nodeMetricsOf, podMetricsOf, summaryUrl } from '../../../../src/apiserver/metrics-api.js';

const TIME = '2026-01-02T03:04:05Z';
const summaryFor = (node: string, pods: Array<[string, string, number, number]>): Summary => ({
  node: { nodeName: node, cpu: { time: TIME, usageNanoCores: 250_000_000, usageCoreNanoSeconds: 1 }, memory: { time: TIME, workingSetBytes: 300 << 20 } },
  pods: pods.map(([ns, name, cpu, mem]) => ({
    podRef: { namespace: ns, name, uid: `u-${name}` },
    containers: [{ name: 'main', cpu: { time: TIME, usageNanoCores: cpu }, memory: { time: TIME, workingSetBytes: mem } }],
  })),
});

const node = (name: string, ip: string, port?: number): KObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { role: name } },
  status: { addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: ip }], ...(port ? { daemonEndpoints: { kubeletEndpoint: { Port: port } } } : {}) },
} as KObject);
const pod = (ns: string, name: string, nodeName: string, labels: Record<string, string> = {}): KObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: ns, name, labels }, spec: { nodeName } } as KObject);

function fakeCtx(o: { plural: 'nodes' | 'pods'; verb: 'get' | 'list'; name?: string; namespace?: string; query?: string; nodes: KObject[]; pods: KObject[] }) {
  const reply: { code?: number; body?: unknown } = {};
  const res = {
    headersSent: false,
    writeHead(code: number) { reply.code = code; return this; },
    setHeader() { return this; },
    end(text: string) { reply.body = JSON.parse(text); },
  } as unknown as ServerResponse;
  const defs: Record<string, { plural: string }> = { nodes: { plural: 'nodes' }, pods: { plural: 'pods' } };
  const pick = (plural: string, ns?: string) => (plural === 'nodes' ? o.nodes : o.pods.filter((p) => !ns || p.metadata.namespace === ns));
  const objects = {
    async get(def: { plural: string }, ns: string | undefined, name: string) {
      const hit = pick(def.plural, ns).find((x) => x.metadata.name === name);
      if (!hit) throw Object.assign(new Error('not found'), { code: 404 });
      return hit;
    },
    async tryGet(def: { plural: string }, ns: string | undefined, name: string) { return pick(def.plural, ns).find((x) => x.metadata.name === name); },
    async list(def: { plural: string }, ns: string | undefined) { return { items: pick(def.plural, ns) }; },
  };
  const ctx = {
    res, query: new URLSearchParams(o.query ?? ''),
    info: { verb: o.verb, name: o.name, namespace: o.namespace, resource: o.plural, group: 'metrics.k8s.io' },
    def: { plural: o.plural },
    deps: { objects, registry: { lookup: (_g: string, _v: string, r: string) => defs[r] }, log: { warn() {} } },
  } as unknown as RequestCtx;
  return { ctx, reply };
}

describe('metrics.k8s.io quantities', () => {
  it('CPU in millicores, nanocores below one millicore', () => {
    assert.equal(formatCpu(0), '0');
    assert.equal(formatCpu(12_345_678), '12m');
    assert.equal(formatCpu(1_500_000_000), '1500m');
    assert.equal(formatCpu(345_000), '345000n');
  });
  it('memory in Mi when exact, else Ki rounded up', () => {
    assert.equal(formatMemory(0), '0');
    assert.equal(formatMemory(34 << 20), '34Mi');
    assert.equal(formatMemory(1000), '1Ki');
    assert.equal(formatMemory((34 << 20) + 1), `${(34 << 10) + 1}Ki`);
  });
});

describe('Summary → NodeMetrics / PodMetrics', () => {
  it('node metrics carry timestamp, window and usage; none before a CPU rate exists', () => {
    const m = nodeMetricsOf(summaryFor('n1', []), node('n1', '10.0.0.1'), '10s');
    assert.deepEqual(m, {
      apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics',
      metadata: { name: 'n1', creationTimestamp: TIME, labels: { role: 'n1' } },
      timestamp: TIME, window: '10s', usage: { cpu: '250m', memory: '300Mi' },
    });
    const noRate = summaryFor('n1', []);
    delete noRate.node.cpu!.usageNanoCores;
    assert.equal(nodeMetricsOf(noRate, node('n1', '10.0.0.1'), '10s'), undefined);
  });
  it('pod metrics per pod, skipping pods with an unmeasured container', () => {
    const s = summaryFor('n1', [['default', 'busy', 900_000_000, 2 << 20]]);
    s.pods.push({ podRef: { namespace: 'default', name: 'new', uid: 'x' }, containers: [{ name: 'main' }] });
    const m = podMetricsOf(s, '10s');
    assert.deepEqual([...m.keys()], ['default/busy']);
    assert.deepEqual((m.get('default/busy') as unknown as { containers: unknown }).containers, [{ name: 'main', usage: { cpu: '900m', memory: '2Mi' } }]);
  });
  it('the Summary URL is the InternalIP and the advertised kubelet port (10250 by default)', () => {
    assert.equal(summaryUrl(node('n1', '10.0.0.1')), 'https://10.0.0.1:10250/stats/summary');
    assert.equal(summaryUrl(node('n1', 'fd00::1', 11250)), 'https://[fd00::1]:11250/stats/summary');
  });
});

describe('metrics API handler', () => {
  const nodes = [node('n1', '10.0.0.1'), node('n2', '10.0.0.2'), node('down', '10.0.0.3')];
  const pods = [pod('default', 'a', 'n1', { app: 'x' }), pod('default', 'b', 'n2', { app: 'y' }), pod('kube-system', 'c', 'n1')];
  const summaries: Record<string, Summary> = {
    'https://10.0.0.1:10250/stats/summary': summaryFor('n1', [['default', 'a', 5_000_000, 1 << 20], ['kube-system', 'c', 0, 4096]]),
    'https://10.0.0.2:10250/stats/summary': summaryFor('n2', [['default', 'b', 7_000_000, 2 << 20]]),
  };
  const calls: string[] = [];
  const api = createMetricsApi({
    kubeletTls: {}, now: () => 0,
    fetch: async (url) => { calls.push(url); const s = summaries[url]; if (!s) throw new Error('connection refused'); return s; },
  });

  it('lists node metrics of the nodes that answer, sorted by name', async () => {
    const { ctx, reply } = fakeCtx({ plural: 'nodes', verb: 'list', nodes, pods });
    await api.handle(ctx);
    const body = reply.body as { kind: string; items: KObject[] };
    assert.equal(reply.code, 200);
    assert.equal(body.kind, 'NodeMetricsList');
    assert.deepEqual(body.items.map((i) => i.metadata.name), ['n1', 'n2']);
  });
  it('lists pod metrics of a namespace with label selection and the pods\' labels', async () => {
    const { ctx, reply } = fakeCtx({ plural: 'pods', verb: 'list', namespace: 'default', query: 'labelSelector=app%3Dx', nodes, pods });
    await api.handle(ctx);
    const body = reply.body as { kind: string; items: KObject[] };
    assert.equal(body.kind, 'PodMetricsList');
    assert.deepEqual(body.items.map((i) => [i.metadata.namespace, i.metadata.name, i.metadata.labels]), [['default', 'a', { app: 'x' }]]);
  });
  it('gets one pod, across namespaces lists all, and caches summaries per node', async () => {
    const one = fakeCtx({ plural: 'pods', verb: 'get', namespace: 'kube-system', name: 'c', nodes, pods });
    await api.handle(one.ctx);
    assert.deepEqual((one.reply.body as { containers: unknown }).containers, [{ name: 'main', usage: { cpu: '0', memory: '4Ki' } }]);
    const all = fakeCtx({ plural: 'pods', verb: 'list', nodes, pods });
    await api.handle(all.ctx);
    assert.equal((all.reply.body as { items: unknown[] }).items.length, 3);
    assert.equal(calls.filter((c) => c.includes('10.0.0.1')).length, 1, 'the cached summary is reused within cacheMs');
  });
  it('a node without metrics is NotFound', async () => {
    const { ctx } = fakeCtx({ plural: 'nodes', verb: 'get', name: 'down', nodes, pods });
    await assert.rejects(api.handle(ctx), (e: { status?: { code?: number } }) => e.status?.code === 404);
  });
});
