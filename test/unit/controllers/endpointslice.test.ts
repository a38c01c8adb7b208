import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import type { KubeClient, ResourceRef } from '../../../src/client/index.js';
import { createEndpointSliceController, createEndpointsController } from '../../../src/controllers/index.js';
import { fakeClock } from './fake-clock.js';
import { fakeInformers } from './fake-informers.js';

const service = (selector?: Record<string, string>): KObject => ({ metadata: { name: 'web', namespace: 'default', uid: 's1' }, spec: { selector, ports: [{ port: 80, protocol: 'TCP' }] } });
const pod = (name: string, ip: string): KObject => ({
  metadata: { name, namespace: 'default', uid: name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c' }] }, status: { podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
});
const managedSlice = (name: string): KObject => ({
  metadata: { name, namespace: 'default', resourceVersion: '3', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
  addressType: 'IPv4', endpoints: [{ addresses: ['10.244.0.2'] }], ports: [{ name: '', port: 80, protocol: 'TCP' }],
});

function fixture(caches: Record<string, KObject[]>) {
  const writes: string[] = [];
  let rv = 10;
  const client = {
    create: async (r: ResourceRef, obj: KObject) => {
      const name = obj.metadata.name ?? `${obj.metadata.generateName}${writes.length}`;
      writes.push(`create ${r.plural} ${name}`);
      return { ...obj, metadata: { ...obj.metadata, name, resourceVersion: String(++rv) } };
    },
    update: async (r: ResourceRef, obj: KObject) => { writes.push(`update ${r.plural} ${obj.metadata.name}`); return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } }; },
    delete: async (r: ResourceRef, name: string) => { writes.push(`delete ${r.plural} ${name}`); return { metadata: { name } }; },
  } as unknown as KubeClient;
  const { informers } = fakeInformers(caches);
  const deps = { client, informers, log: pino({ level: 'silent' }), recorder: { event: () => undefined }, clock: fakeClock() };
  const reconcilerOf = (c: unknown) => (k: string) => (c as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(k, new AbortController().signal);
  return { writes, slices: reconcilerOf(createEndpointSliceController(deps)), endpoints: reconcilerOf(createEndpointsController(deps)) };
}

describe('endpoint slice controller', () => {
  it('creates one slice for a selected pod, and a second pass before the cache catches up writes nothing', async () => {
    const f = fixture({ services: [service({ app: 'web' })], pods: [pod('a', '10.244.0.2')] });
    await f.slices('default/web');
    await f.slices('default/web');
    assert.deepEqual(f.writes, ['create endpointslices web-0']);
  });

  it('deletes its slices when the Service loses its selector and ignores selector-less Services otherwise', async () => {
    const f = fixture({ services: [service()], endpointslices: [managedSlice('web-x')] });
    await f.slices('default/web');
    await f.slices('default/web');
    assert.deepEqual(f.writes, ['delete endpointslices web-x']);
  });
});

describe('endpoints controller', () => {
  it('creates the Endpoints of a selecting Service, and deletes them once the Service is gone', async () => {
    const f = fixture({ services: [service({ app: 'web' })], pods: [pod('a', '10.244.0.2')] });
    await f.endpoints('default/web');
    assert.deepEqual(f.writes, ['create endpoints web']);
    const g = fixture({ endpoints: [{ metadata: { name: 'web', namespace: 'default' } }] });
    await g.endpoints('default/web');
    assert.deepEqual(g.writes, ['delete endpoints web']);
  });

  it('leaves the Endpoints of a selector-less Service alone', async () => {
    const f = fixture({ services: [service()], endpoints: [{ metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '1.2.3.4' }] }] }] });
    await f.endpoints('default/web');
    assert.deepEqual(f.writes, []);
  });
});
