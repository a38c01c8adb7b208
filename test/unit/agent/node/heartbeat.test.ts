import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { computeAllocation, NodeRegistrationRefused, runNodeAgentStatus } from '../../../../src/agent/node/index.js';
import type { KObject } from '../../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef, resourcePath } from '../../../../src/client/index.js';
import { fakeClock } from '../../controllers/fake-clock.js';
import { HOST } from './fixtures.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const NODE = '/api/v1/nodes/edge-1';
const LEASE = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/edge-1';
const T0 = Date.parse('2025-03-01T10:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.000Z$/, 'Z');
const apiError = (code: number, reason: string) => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message: reason });
const allocation = computeAllocation({ cpus: 1.5, memoryMb: 1024, dataSizeGb: 10 }, { cpuCount: 2, memoryBytes: 8 * GiB, dataDirFreeBytes: 100 * GiB });

interface Write { verb: string; path: string; body?: unknown }

/** An API holding objects by path; applies status patches well enough for the next GET to see them. */
function fakeApi(existing: Record<string, KObject> = {}) {
  const store = new Map(Object.entries(structuredClone(existing)));
  const writes: Write[] = [];
  const fail = { next: 0 };
  const client = {
    async get(r: ResourceRef, name: string) { writes.push({ verb: 'GET', path: resourcePath(r, name) }); const x = store.get(resourcePath(r, name)); if (!x) throw apiError(404, 'NotFound'); return structuredClone(x); },
    async create(r: ResourceRef, obj: KObject) {
      const p = resourcePath(r, obj.metadata.name);
      writes.push({ verb: 'POST', path: p, body: obj });
      if (fail.next > 0) { fail.next--; throw apiError(503, 'ServiceUnavailable'); }
      if (store.has(p)) throw apiError(409, 'AlreadyExists');
      const stored = { ...structuredClone(obj), metadata: { ...obj.metadata, uid: `uid-${store.size + 1}` } };
      store.set(p, stored);
      return structuredClone(stored);
    },
    async patch(r: ResourceRef, name: string, type: string, body: { metadata?: { labels?: object }; spec?: object }) {
      const p = resourcePath(r, name);
      writes.push({ verb: `PATCH(${type})`, path: p, body });
      const cur = store.get(p) as (KObject & { spec?: object }) | undefined;
      if (!cur) throw apiError(404, 'NotFound');
      if (body.metadata?.labels) cur.metadata.labels = { ...cur.metadata.labels, ...body.metadata.labels } as Record<string, string>;
      if (body.spec) cur.spec = { ...cur.spec, ...body.spec };
      return structuredClone(cur);
    },
    async raw(method: string, path: string, body: { status: object }, headers: Record<string, string>) {
      writes.push({ verb: `${method}(${headers['content-type']?.includes('strategic') ? 'strategic' : '?'})`, path, body });
      const cur = store.get(path.replace(/\/status$/, '')) as (KObject & { status?: object }) | undefined;
      if (cur) cur.status = { ...cur.status, ...structuredClone(body.status) };
      return {};
    },
  } as unknown as KubeClient;
  return { client, store, writes, fail };
}

function fixture(existing?: Record<string, KObject>) {
  const api = fakeApi(existing);
  const clock = fakeClock(T0);
  const state = { runtimeUp: true, diskAvail: 50 * GiB };
  const ac = new AbortController();
  setMaxListeners(0, ac.signal);
  const run = runNodeAgentStatus({
    client: api.client, nodeName: 'edge-1', allocation, host: HOST, runtimeVersion: 'containerd://1.6.20~ds1', controlPlane: true,
    runtimeStatus: async () => { if (!state.runtimeUp) throw new Error('connection refused'); return { conditions: [{ type: 'RuntimeReady', status: true }] }; },
    cgroups: { usage: async () => ({ memoryBytes: 100 * MiB, memoryLimitBytes: 768 * MiB, cpuUsageNanos: 1, pids: 5, pidsMax: 110_000 }) },
    hostProbes: { memAvailableBytes: async () => 4 * GiB, disk: async () => ({ availableBytes: state.diskAvail, totalBytes: 100 * GiB }) },
    dataDir: '/var/lib/kite', log: pino({ level: 'silent' }), clock,
  }, ac.signal);
  const writes = () => api.writes.filter((w) => w.verb !== 'GET').map((w) => `${w.verb} ${w.path}`);
  return { ...api, clock, state, run, stop: async () => { ac.abort(); await run; }, paths: writes };
}

const healthyConditions = (hb: string, since: string) => [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: hb, lastTransitionTime: since },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: hb, lastTransitionTime: since },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: hb, lastTransitionTime: since },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: hb, lastTransitionTime: since },
];

describe('node registration and heartbeats', () => {
  it('registers a new Node with allocation and measured conditions, then creates its Lease owned by it', async () => {
    const f = fixture();
    await f.clock.advance(0);
    assert.deepEqual(f.paths(), [`POST ${NODE}`, `PATCH(merge) ${LEASE}`, `POST ${LEASE}`]);
    const node = f.writes[0]!.body as { metadata: { labels: Record<string, string> }; status: Record<string, unknown> };
    assert.equal(node.metadata.labels['node-role.kubernetes.io/control-plane'], 'true');
    assert.deepEqual(node.status.capacity, { cpu: '1500m', 'ephemeral-storage': '10Gi', memory: '1Gi', pods: '110' });
    assert.deepEqual(node.status.allocatable, { cpu: '1400m', 'ephemeral-storage': '10Gi', memory: '768Mi', pods: '110' });
    assert.deepEqual(node.status.conditions, healthyConditions(iso(0), iso(0)));
    assert.deepEqual(f.store.get(LEASE), {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: 'edge-1', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'edge-1', uid: 'uid-1' }], uid: 'uid-2' },
      spec: { holderIdentity: 'edge-1', leaseDurationSeconds: 40, renewTime: '2025-03-01T10:00:00.000000Z' },
    });
    await f.stop();
  });

  it('adopts an existing Node: merges labels, replaces status keeping transition times', async () => {
    const f = fixture({ [NODE]: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'edge-1', uid: 'old', labels: { custom: 'x' } },
      status: { conditions: healthyConditions('2025-03-01T09:00:00Z', '2025-03-01T08:00:00Z') } } as KObject });
    await f.clock.advance(0);
    assert.deepEqual(f.paths(), [`POST ${NODE}`, `PATCH(merge) ${NODE}`, `PATCH(strategic) ${NODE}/status`, `PATCH(merge) ${LEASE}`, `POST ${LEASE}`]);
    assert.deepEqual(Object.keys((f.writes[2]!.body as { metadata: { labels: object } }).metadata), ['labels']);
    const status = (f.writes[3]!.body as { status: { conditions: unknown; nodeInfo: { kubeletVersion: string } } }).status;
    assert.deepEqual(status.conditions, healthyConditions(iso(0), '2025-03-01T08:00:00Z'));
    assert.equal(status.nodeInfo.kubeletVersion, 'v1.32.0+kite');
    assert.equal((f.store.get(NODE)!.metadata.labels as Record<string, string>).custom, 'x');
    assert.deepEqual((f.store.get(LEASE)!.metadata.ownerReferences as Array<{ uid: string }>)[0]!.uid, 'old');
    await f.stop();
  });

  it('refuses to adopt a simulated node', async () => {
    const f = fixture({ [NODE]: { metadata: { name: 'edge-1', annotations: { 'kite.dev/simulated': 'true' } } } as KObject });
    const outcome = f.run.then(() => 'resolved', (e: unknown) => e);
    await f.clock.advance(0);
    const e = await outcome;
    assert.ok(e instanceof NodeRegistrationRefused && /simulated node/.test(e.message), String(e));
    assert.deepEqual(f.paths(), [`POST ${NODE}`]);
  });

  it('renews the Lease every 10 s; reports status when something changed, else every 60 s', async () => {
    const f = fixture();
    await f.clock.advance(0);
    f.writes.length = 0;
    for (let s = 10; s <= 50; s += 10) await f.clock.advance(10_000);
    assert.deepEqual(f.paths(), Array(5).fill(`PATCH(merge) ${LEASE}`));
    assert.equal(f.writes.filter((w) => w.verb === 'GET').length, 5); // read back each round, nothing to write
    f.writes.length = 0;
    await f.clock.advance(10_000); // 60 s since the last report
    assert.deepEqual(f.paths().sort(), [`PATCH(merge) ${LEASE}`, `PATCH(strategic) ${NODE}/status`]);
    const status = (f.writes.find((w) => w.path.endsWith('/status'))!.body as { status: { conditions: unknown; capacity: unknown } }).status;
    assert.deepEqual(status.conditions, healthyConditions(iso(60), iso(0)));
    assert.deepEqual(status.capacity, { cpu: '1500m', 'ephemeral-storage': '10Gi', memory: '1Gi', pods: '110' });
    f.writes.length = 0;
    f.state.diskAvail = 500 * MiB;
    await f.clock.advance(10_000);
    const disk = (f.writes.find((w) => w.path.endsWith('/status'))!.body as { status: { conditions: Array<{ type: string }> } }).status.conditions.find((c) => c.type === 'DiskPressure');
    assert.deepEqual(disk, { type: 'DiskPressure', status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure', lastHeartbeatTime: iso(70), lastTransitionTime: iso(70) });
    await f.stop();
  });

  it('a down runtime turns Ready False at the next round; the controller\'s Unknown is corrected at once', async () => {
    const f = fixture();
    await f.clock.advance(0);
    f.state.runtimeUp = false;
    f.writes.length = 0;
    await f.clock.advance(10_000);
    const ready = () => ((f.store.get(NODE) as unknown as { status: { conditions: Array<{ type: string; status: string; reason: string; message: string; lastTransitionTime: string }> } })
      .status.conditions.find((c) => c.type === 'Ready'))!;
    assert.deepEqual([ready().status, ready().reason, ready().message, ready().lastTransitionTime], ['False', 'KubeletNotReady', 'container runtime is down: connection refused', iso(10)]);
    f.state.runtimeUp = true;
    await f.clock.advance(10_000);
    assert.deepEqual([ready().status, ready().lastTransitionTime], ['True', iso(20)]);
    Object.assign(ready(), { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    await f.clock.advance(10_000);
    assert.deepEqual([ready().status, ready().reason, ready().lastTransitionTime], ['True', 'KubeletReady', iso(30)]);
    await f.stop();
  });

  it('retries registration with back-off while the API fails, and re-registers a deleted Node', async () => {
    const f = fixture();
    f.fail.next = 2;
    await f.clock.advance(0);
    assert.deepEqual(f.paths(), [`POST ${NODE}`]);
    await f.clock.advance(500);
    assert.deepEqual(f.paths(), [`POST ${NODE}`, `POST ${NODE}`]);
    await f.clock.advance(1000);
    assert.deepEqual(f.paths().slice(2), [`POST ${NODE}`, `PATCH(merge) ${LEASE}`, `POST ${LEASE}`]);
    f.store.delete(NODE);
    f.writes.length = 0;
    await f.clock.advance(10_000);
    assert.ok(f.paths().includes(`POST ${NODE}`), f.paths().join('\n'));
    assert.ok(f.store.has(NODE));
    await f.stop();
  });

  it('stops when the signal aborts, even while registration is backing off', async () => {
    const f = fixture();
    f.fail.next = 100;
    await f.clock.advance(0);
    await f.stop();
    assert.equal(f.clock.pending(), 0);
  });
});
