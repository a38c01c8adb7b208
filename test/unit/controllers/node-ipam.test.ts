import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { Node } from '../../../src/api/registry/core-types.js';
import type { KObject } from '../../../src/api/types/index.js';
import type { KubeClient, ResourceRef } from '../../../src/client/index.js';
import { createNodeIpamController } from '../../../src/controllers/node-ipam.js';
import { createCidrSet } from '../../../src/controllers/node-ipam-cidrs.js';
import { validateNode } from '../../../src/api/validation/core-misc.js';
import { fakeClock } from './fake-clock.js';
import { fakeInformers } from './fake-informers.js';

const node = (name: string, podCIDR?: string): Node => ({ metadata: { name }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} });

function fixture(nodes: Node[], clusterCidr = '10.42.0.0/16') {
  const writes: string[] = [];
  const events: string[] = [];
  const { informers, emit } = fakeInformers({ nodes });
  const client = {
    patch: async (_r: ResourceRef, name: string, _t: string, p: { spec: { podCIDR: string; podCIDRs: string[] } }) => {
      writes.push(`${name} ${p.spec.podCIDR} ${p.spec.podCIDRs.join(',')}`);
      const n = node(name, p.spec.podCIDR);
      emit('nodes', { type: 'update', obj: n as KObject, old: node(name) as KObject });
      return n;
    },
  } as unknown as KubeClient;
  const recorder = { event: (o: KObject, type: string, reason: string, msg: string) => events.push(`${o.metadata.name} ${type} ${reason}: ${msg}`) };
  const ctrl = createNodeIpamController({ client, informers, log: pino({ level: 'silent' }), recorder, clock: fakeClock() }, { clusterCidr });
  const reconcile = (k: string) => (ctrl as unknown as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(k, new AbortController().signal);
  return { reconcile, writes, events, emit };
}

describe('node IPAM controller', () => {
  it('gives a node without a podCIDR the lowest free /24, skipping blocks other nodes hold', async () => {
    const f = fixture([node('a', '10.42.0.0/24'), node('b', '10.42.2.0/24'), node('c')]);
    await f.reconcile('c');
    assert.deepEqual(f.writes, ['c 10.42.1.0/24 10.42.1.0/24']);
  });

  it('leaves nodes alone that already have a podCIDR, even one outside the cluster CIDR', async () => {
    const f = fixture([node('a', '10.42.7.0/24'), node('sim', '10.244.0.0/24')]);
    await f.reconcile('a');
    await f.reconcile('sim');
    await f.reconcile('gone');
    assert.deepEqual(f.writes, []);
  });

  it('never hands the same block to two nodes', async () => {
    const f = fixture([node('a'), node('b'), node('c')]);
    for (const n of ['a', 'b', 'c', 'a']) await f.reconcile(n);
    assert.deepEqual(f.writes, ['a 10.42.0.0/24 10.42.0.0/24', 'b 10.42.1.0/24 10.42.1.0/24', 'c 10.42.2.0/24 10.42.2.0/24']);
  });

  it('an exhausted range gives the node a CIDRNotAvailable warning; a deleted node\'s block goes to it', async () => {
    const f = fixture([node('a', '10.42.0.0/24'), node('b')], '10.42.0.0/24');
    await f.reconcile('b');
    await f.reconcile('b');
    assert.deepEqual(f.writes, []);
    assert.equal(f.events.length, 1, 'one event, not one per retry');
    assert.match(f.events[0]!, /^b Warning CIDRNotAvailable: Node b status is now: CIDRNotAvailable/);
    f.emit('nodes', { type: 'delete', obj: node('a', '10.42.0.0/24') as KObject });
    await f.reconcile('b');
    assert.deepEqual(f.writes, ['b 10.42.0.0/24 10.42.0.0/24']);
  });

  it('running, it assigns every node that registers', async () => {
    const writes: string[] = [];
    const { informers, emit } = fakeInformers({ nodes: [node('a', '10.42.0.0/24')] });
    const client = { patch: async (_r: ResourceRef, name: string, _t: string, p: { spec: { podCIDR: string } }) => { writes.push(`${name} ${p.spec.podCIDR}`); return node(name, p.spec.podCIDR); } } as unknown as KubeClient;
    const ctrl = createNodeIpamController({ client, informers, log: pino({ level: 'silent' }), recorder: { event: () => undefined }, clock: fakeClock() }, { clusterCidr: '10.42.0.0/16' });
    const ac = new AbortController();
    const running = ctrl.run(ac.signal);
    emit('nodes', { type: 'add', obj: node('edge-2') as KObject });
    for (const end = Date.now() + 5000; writes.length < 1 && Date.now() < end;) await sleep(5);
    ac.abort();
    await running;
    assert.deepEqual(writes, ['edge-2 10.42.1.0/24']);
  });
});

describe('cidr set', () => {
  it('cuts the cluster CIDR into blocks, refuses foreign ones and reuses freed blocks after the rest', () => {
    const s = createCidrSet('10.9.0.0/22', 24);
    assert.equal(s.occupy('10.9.1.0/24'), true);
    assert.equal(s.occupy('10.8.0.0/24'), false);
    assert.equal(s.occupy('10.9.2.0/25'), false);
    assert.deepEqual([s.allocate(), s.allocate()], ['10.9.0.0/24', '10.9.2.0/24']);
    s.release('10.9.0.0/24');
    assert.deepEqual([s.allocate(), s.allocate(), s.allocate()], ['10.9.3.0/24', '10.9.0.0/24', undefined]);
    assert.equal(s.used(), 4);
  });
});

describe('Node podCIDR validation (what the controller relies on)', () => {
  it('a node without a podCIDR may get one by update', () => {
    assert.deepEqual(validateNode(node('a', '10.42.3.0/24'), node('a')), []);
  });
  it('an assigned podCIDR cannot change or be removed', () => {
    const errs = validateNode(node('a', '10.42.4.0/24'), node('a', '10.42.3.0/24'));
    assert.deepEqual(errs.map((e) => [e.type, e.field]), [['FieldValueForbidden', 'spec.podCIDRs']]);
    assert.equal(validateNode(node('a'), node('a', '10.42.3.0/24'))[0]!.field, 'spec.podCIDRs');
    assert.deepEqual(validateNode(node('a', '10.42.3.0/24'), node('a', '10.42.3.0/24')), []);
  });
  it('rejects a malformed CIDR and podCIDRs[0] that differs from podCIDR', () => {
    assert.deepEqual(validateNode({ metadata: { name: 'a' }, spec: { podCIDR: '10.42.3.1/24' } }).map((e) => e.field), ['spec.podCIDR']);
    assert.deepEqual(validateNode({ metadata: { name: 'a' }, spec: { podCIDR: '10.42.3.0/24', podCIDRs: ['10.42.4.0/24'] } }).map((e) => e.field), ['spec.podCIDRs[0]']);
  });
});
