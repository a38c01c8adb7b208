import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/registry/core-types.js';
import type { LifecycleNode } from '../../../src/controllers/node-lifecycle-taints.js';
import { createPodGc } from '../../../src/controllers/pod-gc.js';
import { cacheOf, fakeClient, iso } from './node-lifecycle-fakes.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');

const pod = (name: string, o: { node?: string; phase?: string; created?: number; deleting?: boolean; reason?: string } = {}): Pod => ({
  metadata: {
    name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: iso(o.created ?? T0 - 60_000),
    ...(o.deleting ? { deletionTimestamp: iso(T0), deletionGracePeriodSeconds: 30 } : {}),
  },
  spec: { nodeName: o.node, containers: [{ name: 'c' }] },
  status: { phase: o.phase ?? 'Running', ...(o.reason ? { reason: o.reason } : {}) },
});
const node = (name: string, o: { ready?: string; outOfService?: boolean } = {}): LifecycleNode => ({
  metadata: { name },
  spec: o.outOfService ? { taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } : {},
  status: { conditions: [{ type: 'Ready', status: o.ready ?? 'True' }] },
});

function fixture(pods: Pod[], nodes: LifecycleNode[], o: { threshold?: number; quarantineMs?: number; apiNodes?: LifecycleNode[] } = {}) {
  let now = T0;
  const api = fakeClient(Object.fromEntries((o.apiNodes ?? []).map((n) => [`nodes/${n.metadata.name}`, n])));
  const nodeCache = cacheOf(...nodes);
  const gc = createPodGc({ client: api.client, pods: () => pods, node: (n) => nodeCache.get(n), clock: { now: () => now } }, {
    terminatedPodGCThreshold: o.threshold ?? 12_500, periodMs: 20_000, quarantineMs: o.quarantineMs ?? 40_000,
  });
  return { gc, api, advance: (ms: number) => { now += ms; } };
}

describe('pod GC', () => {
  it('pods bound to a node that is gone are deleted after the quarantine, once a GET confirms it', async () => {
    const f = fixture([pod('orphan', { node: 'gone' }), pod('fine', { node: 'n1' })], [node('n1')], { quarantineMs: 5000 });
    assert.equal(await f.gc(), 5001, 'the next pass is when the quarantine ends');
    f.advance(4999);
    await f.gc();
    assert.deepEqual(f.api.summary(), []);
    f.advance(1);
    await f.gc();
    assert.deepEqual(f.api.summary(), ['updateStatus default/pods/orphan', 'delete default/pods/orphan']);
    const status = f.api.writes[0]!.obj!.status as Pod['status'];
    assert.equal(status!.phase, 'Failed');
    assert.deepEqual(status!.conditions, [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: iso(T0 + 5000) }]);
    assert.deepEqual(f.api.writes[1]!.opts, { gracePeriodSeconds: 0, preconditions: { uid: 'uid-orphan' } });
  });

  it('a node missing from the cache but present in the API keeps its pods', async () => {
    const f = fixture([pod('p', { node: 'late' })], [], { quarantineMs: 0, apiNodes: [node('late')] });
    await f.gc();
    assert.deepEqual(f.api.summary(), []);
  });

  it('terminated pods beyond the threshold are deleted, evicted and oldest first, without a status write', async () => {
    const pods = [
      pod('new', { phase: 'Succeeded', created: T0 - 1000 }),
      pod('old', { phase: 'Failed', created: T0 - 9000 }),
      pod('evicted', { phase: 'Failed', created: T0 - 500, reason: 'Evicted' }),
      pod('running', { phase: 'Running', node: 'n1', created: T0 - 99_000 }),
    ];
    const f = fixture(pods, [node('n1')], { threshold: 1 });
    await f.gc();
    assert.deepEqual(f.api.summary(), ['delete default/pods/evicted', 'delete default/pods/old']);
  });

  it('terminating pods that were never scheduled are force deleted', async () => {
    const f = fixture([pod('stuck', { deleting: true })], []);
    await f.gc();
    assert.deepEqual(f.api.summary(), ['updateStatus default/pods/stuck', 'delete default/pods/stuck']);
  });

  it('terminating pods on a NotReady out-of-service node are force deleted; on a Ready one they wait', async () => {
    const f = fixture([pod('a', { node: 'down', deleting: true }), pod('b', { node: 'up', deleting: true })],
      [node('down', { ready: 'Unknown', outOfService: true }), node('up', { outOfService: true })]);
    await f.gc();
    assert.deepEqual(f.api.summary(), ['updateStatus default/pods/a', 'delete default/pods/a']);
  });
});
