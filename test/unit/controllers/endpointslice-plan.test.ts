import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, Service } from '../../../src/api/registry/core-types.js';
import type { FullEndpointSlice } from '../../../src/api/registry/discovery-types.js';
import { planSlices } from '../../../src/controllers/endpointslice-plan.js';

const svc = (spec: Partial<Service['spec']> & { publishNotReadyAddresses?: boolean } = {}): Service => ({
  metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' },
  spec: { selector: { app: 'web' }, clusterIP: '10.43.0.2', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...spec },
});
const pod = (name: string, ip: string | undefined, o: { ready?: boolean; deleting?: boolean; phase?: string; ports?: Array<{ name: string; containerPort: number }>; hostname?: string; subdomain?: string } = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
  spec: { nodeName: 'sim-0', containers: [{ name: 'c', ports: o.ports }], hostname: o.hostname, subdomain: o.subdomain },
  status: { phase: o.phase ?? 'Running', ...(ip ? { podIP: ip } : {}), conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const stored = (name: string, s: FullEndpointSlice, rv = '5'): FullEndpointSlice => ({ ...s, metadata: { ...s.metadata, name, generateName: undefined, resourceVersion: rv } });
const ips = (s: FullEndpointSlice) => (s.endpoints ?? []).map((e) => e.addresses[0]);

describe('planSlices', () => {
  it('creates one labelled, owned slice with ready and not-ready pods and skips pods without an IP or finished', () => {
    const plan = planSlices(svc(), [pod('a', '10.244.0.2'), pod('b', '10.244.0.3', { ready: false }), pod('c', undefined), pod('d', '10.244.0.4', { phase: 'Succeeded' })], []);
    assert.equal(plan.create.length, 1);
    const s = plan.create[0]!;
    assert.deepEqual(s.metadata.labels, { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    assert.deepEqual(s.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }]);
    assert.equal(s.metadata.generateName, 'web-');
    assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(s.endpoints, [
      { addresses: ['10.244.0.2'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'sim-0', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } },
      { addresses: ['10.244.0.3'], conditions: { ready: false, serving: false, terminating: false }, nodeName: 'sim-0', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } },
    ]);
  });

  it('a terminating pod is serving but not ready; publishNotReadyAddresses makes every pod ready', () => {
    const [t] = planSlices(svc(), [pod('a', '10.244.0.2', { deleting: true })], []).create[0]!.endpoints!;
    assert.deepEqual(t?.conditions, { ready: false, serving: true, terminating: true });
    const [u] = planSlices(svc({ publishNotReadyAddresses: true }), [pod('a', '10.244.0.2', { ready: false })], []).create[0]!.endpoints!;
    assert.deepEqual(u?.conditions, { ready: true, serving: true, terminating: false });
  });

  it('a named targetPort resolves per pod, and pods with different ports get different slices', () => {
    const s = svc({ ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
    const plan = planSlices(s, [
      pod('a', '10.244.0.2', { ports: [{ name: 'web', containerPort: 8080 }] }),
      pod('b', '10.244.0.3', { ports: [{ name: 'web', containerPort: 9090 }] }),
      pod('c', '10.244.0.4', { ports: [{ name: 'web', containerPort: 8080 }] }),
    ], []);
    assert.deepEqual(plan.create.map((x) => [x.ports?.[0]?.port, ips(x)]).sort(), [[8080, ['10.244.0.2', '10.244.0.4']], [9090, ['10.244.0.3']]]);
  });

  it('sets the hostname only for pods whose subdomain is the Service', () => {
    const plan = planSlices(svc(), [pod('a', '10.244.0.2', { hostname: 'db-0', subdomain: 'web' }), pod('b', '10.244.0.3', { hostname: 'x', subdomain: 'other' })], []);
    assert.deepEqual(plan.create[0]!.endpoints!.map((e) => e.hostname), ['db-0', undefined]);
  });

  it('splits more than 100 endpoints into slices of at most 100', () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(`p${i}`, `10.244.${Math.floor(i / 200)}.${(i % 200) + 2}`));
    const plan = planSlices(svc(), pods, []);
    assert.deepEqual(plan.create.map((s) => s.endpoints?.length), [100, 100, 50]);
  });

  it('updates in place: removes a gone pod, adds a new one to the slice being written, leaves others untouched', () => {
    const first = planSlices(svc(), [pod('a', '10.244.0.2'), pod('b', '10.244.0.3')], []).create[0]!;
    const existing = [stored('web-1', first)];
    assert.deepEqual(planSlices(svc(), [pod('a', '10.244.0.2'), pod('b', '10.244.0.3')], existing), { create: [], update: [], delete: [] });
    const plan = planSlices(svc(), [pod('a', '10.244.0.2'), pod('c', '10.244.0.9')], existing);
    assert.deepEqual([plan.create.length, plan.delete.length], [0, 0]);
    assert.equal(plan.update[0]?.metadata.name, 'web-1');
    assert.equal(plan.update[0]?.metadata.resourceVersion, '5');
    assert.deepEqual(ips(plan.update[0]!), ['10.244.0.2', '10.244.0.9']);
  });

  it('a readiness change rewrites only the slice holding that endpoint', () => {
    const pods = Array.from({ length: 150 }, (_, i) => pod(`p${i}`, `10.244.0.${i + 2}`));
    const created = planSlices(svc(), pods, []).create.map((s, i) => stored(`web-${i}`, s));
    pods[120] = pod('p120', '10.244.0.122', { ready: false });
    const plan = planSlices(svc(), pods, created);
    assert.deepEqual(plan.update.map((s) => s.metadata.name), ['web-1']);
    assert.equal(plan.update[0]!.endpoints!.find((e) => e.addresses[0] === '10.244.0.122')?.conditions?.ready, false);
  });

  it('keeps one empty placeholder slice when nothing is selected, deleting the rest', () => {
    assert.deepEqual(planSlices(svc(), [], []).create.map((s) => [s.ports, s.endpoints]), [[[], []]]);
    const a = stored('web-a', planSlices(svc(), [pod('a', '10.244.0.2')], []).create[0]!);
    const b = stored('web-b', planSlices(svc(), [pod('b', '10.244.0.3')], []).create[0]!);
    const plan = planSlices(svc(), [], [a, b]);
    assert.deepEqual(plan.update.map((s) => [s.metadata.name, s.endpoints, s.ports]), [['web-a', [], []]]);
    assert.deepEqual(plan.delete.map((s) => s.metadata.name), ['web-b']);
  });

  it('deletes slices whose ports no pod serves any more', () => {
    const old = stored('web-old', planSlices(svc(), [pod('a', '10.244.0.2')], []).create[0]!);
    const plan = planSlices(svc({ ports: [{ name: 'http', port: 80, targetPort: 9000, protocol: 'TCP' }] }), [pod('a', '10.244.0.2')], [old]);
    assert.deepEqual([plan.create.length, plan.delete.map((s) => s.metadata.name)], [1, ['web-old']]);
  });
});
