import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createNodeHeartbeats } from '../../../../src/agent/sim/nodes.js';
import type { SimNodeSpec } from '../../../../src/agent/sim/node-object.js';
import type { KObject, WatchEvent } from '../../../../src/api/types/index.js';
import { ApiError, resourcePath, type KubeClient, type ResourceRef } from '../../../../src/client/index.js';
import { fakeClock } from '../../controllers/fake-clock.js';

const log = pino({ level: 'silent' });
const spec = (i: number): SimNodeSpec => ({
  name: `sim-${i}`, index: i, internalIP: `127.1.0.${i + 1}`, podCIDR: `10.244.${i}.0/24`, cpus: 4, memoryMb: 8192, pods: 110, dataSizeGb: 100,
});
const notFound = () => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404, message: 'not found' });
const exists = () => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 409, reason: 'AlreadyExists', message: 'exists' });

/** An API with a few stored objects by path; every write is recorded as `VERB path`. */
function fixture(o: { nodes?: number; existing?: Record<string, KObject>; paused?: string[] } = {}) {
  const store = new Map(Object.entries(o.existing ?? {}));
  const writes: string[] = [];
  const client = {
    get: async (r: ResourceRef, name: string) => { const x = store.get(resourcePath(r, name)); if (!x) throw notFound(); return x; },
    list: async () => ({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items: [] }),
    async *watch(_r: ResourceRef, _o: unknown, signal?: AbortSignal): AsyncIterable<WatchEvent> {
      await new Promise((r) => signal?.addEventListener('abort', r, { once: true }));
    },
    create: async (r: ResourceRef, obj: KObject) => {
      const p = resourcePath(r, obj.metadata.name);
      writes.push(`POST ${p}`);
      if (store.has(p)) throw exists();
      const stored = { ...obj, metadata: { ...obj.metadata, uid: `uid-${obj.metadata.name}` } };
      store.set(p, stored);
      return stored;
    },
    patch: async (r: ResourceRef, name: string) => {
      const p = resourcePath(r, name);
      writes.push(`PATCH ${p}`);
      if (!store.has(p)) throw notFound();
      return store.get(p);
    },
    raw: async (method: string, path: string) => { writes.push(`${method} ${path}`); return {}; },
    delete: async (r: ResourceRef, name: string) => { writes.push(`DELETE ${resourcePath(r, name)}`); return { metadata: {} }; },
  } as unknown as KubeClient;
  const clock = fakeClock(Date.parse('2025-03-01T10:00:00Z'));
  const nodes = new Map(Array.from({ length: o.nodes ?? 2 }, (_, i) => [`sim-${i}`, spec(i)] as const));
  const hb = createNodeHeartbeats({
    client, log, clock, nodes, paused: (n) => (o.paused ?? []).includes(n), leaseRenewMs: 10_000, leaseDurationSeconds: 40, statusUpdateMs: 60_000,
  });
  return { hb, writes, clock, store };
}

const LEASE = (n: string) => `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${n}`;

describe('sim node heartbeats', () => {
  it('registration creates each Node, then its Lease (a renewal of a missing Lease creates it)', async () => {
    const f = fixture({ nodes: 2 });
    await f.hb.register(new AbortController().signal);
    assert.deepEqual(f.writes.sort(), [
      'PATCH ' + LEASE('sim-0'), 'PATCH ' + LEASE('sim-1'),
      'POST ' + LEASE('sim-0'), 'POST ' + LEASE('sim-1'),
      'POST /api/v1/nodes/sim-0', 'POST /api/v1/nodes/sim-1',
    ].sort());
    const lease = f.store.get(LEASE('sim-0')) as KObject;
    assert.deepEqual(lease.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'sim-0', uid: 'uid-sim-0' }]);
  });

  it('a Node of the same name without the simulated annotation is never taken over', async () => {
    const f = fixture({ nodes: 1, existing: { '/api/v1/nodes/sim-0': { metadata: { name: 'sim-0', uid: 'real' } } } });
    await assert.rejects(f.hb.register(new AbortController().signal), /node sim-0 exists and is not a simulated node/);
    assert.deepEqual(f.writes, ['POST /api/v1/nodes/sim-0']);
  });

  it('a simulated Node left by an earlier run is re-registered in place', async () => {
    const f = fixture({ nodes: 1, existing: { '/api/v1/nodes/sim-0': { metadata: { name: 'sim-0', uid: 'old', annotations: { 'kite.dev/simulated': 'true' } } } } });
    await f.hb.register(new AbortController().signal);
    assert.deepEqual(f.writes, [
      'POST /api/v1/nodes/sim-0', 'PATCH /api/v1/nodes/sim-0', 'PATCH /api/v1/nodes/sim-0/status', 'PATCH ' + LEASE('sim-0'), 'POST ' + LEASE('sim-0'),
    ]);
  });

  it('each node renews its Lease once per period at its own slot; a paused node does not', async () => {
    const f = fixture({ nodes: 4, paused: ['sim-3'] });
    const ac = new AbortController();
    setMaxListeners(0, ac.signal); // the fake clock keeps a listener per sleep
    await f.hb.register(ac.signal);
    f.writes.length = 0;
    const run = f.hb.run(ac.signal);
    const renewals = () => f.writes.filter((w) => w.startsWith('PATCH /apis/coordination')).map((w) => w.split('/').pop());
    await f.clock.advance(2_500);
    assert.deepEqual(renewals(), ['sim-1']);
    await f.clock.advance(7_500);
    assert.deepEqual(renewals(), ['sim-1', 'sim-2', 'sim-0']);
    await f.clock.advance(10_000);
    assert.deepEqual(renewals(), ['sim-1', 'sim-2', 'sim-0', 'sim-1', 'sim-2', 'sim-0']);
    assert.deepEqual(f.writes.filter((w) => w.endsWith('/status')), ['PATCH /api/v1/nodes/sim-1/status']);
    await f.clock.advance(40_000);
    assert.deepEqual(f.writes.filter((w) => w.endsWith('/status')).sort(),
      ['PATCH /api/v1/nodes/sim-0/status', 'PATCH /api/v1/nodes/sim-1/status', 'PATCH /api/v1/nodes/sim-2/status']);
    ac.abort();
    await run;
  });

  it('a resumed node renews its Lease and status at once', async () => {
    const f = fixture({ nodes: 1 });
    const ac = new AbortController();
    await f.hb.register(ac.signal);
    f.writes.length = 0;
    const run = f.hb.run(ac.signal);
    await f.clock.advance(0);
    f.hb.resume('sim-0');
    await f.clock.advance(0);
    assert.deepEqual(f.writes, ['PATCH ' + LEASE('sim-0'), 'PATCH /api/v1/nodes/sim-0/status']);
    ac.abort();
    await run;
  });
});
