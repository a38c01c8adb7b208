import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import type { KubeClient } from '../../../src/client/index.js';
import { createServiceLbController } from '../../../src/controllers/index.js';
import { LoadBalancerPool } from '../../../src/controllers/service-lb-pool.js';
import { fakeClock } from './fake-clock.js';
import { fakeInformers } from './fake-informers.js';

const lb = (name: string, o: { ip?: string; ingress?: string; type?: string } = {}): KObject => ({
  metadata: { name, namespace: 'default' },
  spec: { type: o.type ?? 'LoadBalancer', ports: [{ port: 80 }], ...(o.ip ? { loadBalancerIP: o.ip } : {}) },
  status: o.ingress ? { loadBalancer: { ingress: [{ ip: o.ingress, ipMode: 'VIP' }] } } : {},
});
const node = (name: string, ip: string, ready = true): KObject => ({
  metadata: { name }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], addresses: [{ type: 'InternalIP', address: ip }] },
});

function fixture(caches: Record<string, KObject[]>, range?: { start: string; size: number }) {
  const writes: string[] = [];
  const events: string[] = [];
  const client = {
    updateStatus: async (_r: unknown, obj: KObject) => {
      const ingress = (obj.status as { loadBalancer?: { ingress?: Array<{ ip: string }> } }).loadBalancer?.ingress ?? [];
      writes.push(`${obj.metadata.name} ${ingress.map((i) => i.ip).join(',') || '-'}`);
      return obj;
    },
  } as unknown as KubeClient;
  const { informers, emit } = fakeInformers(caches);
  const ctrl = createServiceLbController({
    client, informers, log: pino({ level: 'silent' }), clock: fakeClock(),
    recorder: { event: (o, type, reason, msg) => events.push(`${o.metadata.name} ${type} ${reason}: ${msg}`) },
  }, { range });
  const reconcile = (k: string) => (ctrl as unknown as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(k, new AbortController().signal);
  return { writes, events, reconcile, emit };
}

describe('LoadBalancerPool', () => {
  it('hands out the lowest free address, honours explicit ones and frees on release', () => {
    const p = new LoadBalancerPool('192.168.50.10', 2);
    assert.equal(p.claim('a', '192.168.50.11'), true);
    assert.equal(p.claim('b', '192.168.50.11'), false);
    assert.equal(p.claim('b', '192.168.50.12'), false);
    assert.equal(p.claimNext('b'), '192.168.50.10');
    assert.equal(p.claimNext('c'), undefined);
    assert.equal(p.release('a'), true);
    assert.equal(p.claimNext('c'), '192.168.50.11');
  });
});

describe('service-lb controller', () => {
  const range = { start: '192.168.50.10', size: 2 };

  it('gives a LoadBalancer Service an address from the range, its loadBalancerIP when free', async () => {
    const f = fixture({ services: [lb('a'), lb('b', { ip: '192.168.50.11' })] }, range);
    await f.reconcile('default/b');
    await f.reconcile('default/a');
    assert.deepEqual(f.writes, ['b 192.168.50.11', 'a 192.168.50.10']);
  });

  it('an exhausted range leaves the Service pending with an AllocationFailed event naming the range', async () => {
    const f = fixture({ services: [lb('a', { ingress: '192.168.50.10' }), lb('b', { ingress: '192.168.50.11' }), lb('c')] }, range);
    await f.reconcile('default/c');
    assert.deepEqual(f.writes, []);
    assert.deepEqual(f.events, ['c Warning AllocationFailed: Failed to allocate IP for "default/c": no available IPs in range 192.168.50.10 (+2)']);
  });

  it('rebuilds from the Services\' status, so a restart keeps addresses and a deleted Service frees its own', async () => {
    const f = fixture({ services: [lb('a', { ingress: '192.168.50.11' }), lb('c')] }, range);
    await f.reconcile('default/a');
    await f.reconcile('default/c');
    assert.deepEqual(f.writes, ['c 192.168.50.10']);
    f.emit('services', { type: 'delete', obj: lb('a', { ingress: '192.168.50.11' }) });
    f.emit('services', { type: 'add', obj: lb('d') });
    await f.reconcile('default/a');
    await f.reconcile('default/d');
    assert.deepEqual(f.writes, ['c 192.168.50.10', 'd 192.168.50.11']);
  });

  it('a Service changed away from LoadBalancer loses its address', async () => {
    const f = fixture({ services: [lb('a', { type: 'ClusterIP', ingress: '192.168.50.10' })] }, range);
    await f.reconcile('default/a');
    assert.deepEqual(f.writes, ['a -']);
  });

  it('without a range, uses the InternalIPs of the Ready nodes', async () => {
    const f = fixture({ services: [lb('a')], nodes: [node('n1', '10.0.0.5'), node('n2', '10.0.0.4'), node('n3', '10.0.0.6', false)] });
    await f.reconcile('default/a');
    assert.deepEqual(f.writes, ['a 10.0.0.4,10.0.0.5']);
  });
});
