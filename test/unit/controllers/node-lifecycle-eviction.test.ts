import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, Toleration } from '../../../src/api/registry/core-types.js';
import { createTaintEvictor } from '../../../src/controllers/node-lifecycle-eviction.js';
import type { LifecycleNode, NodeTaint } from '../../../src/controllers/node-lifecycle-taints.js';
import { cacheOf, fakeClient, fakeRecorder, iso } from './node-lifecycle-fakes.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const UNREACHABLE: NodeTaint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(T0) };

const node = (taints: NodeTaint[]): LifecycleNode => ({ metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'a' } }, spec: { taints } });
const pod = (name: string, tolerations?: Toleration[]): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '3' },
  spec: { nodeName: 'n1', containers: [{ name: 'c' }], tolerations },
  status: { phase: 'Running' },
});
const tolerate = (seconds?: number): Toleration[] => [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }];

function fixture(n: LifecycleNode, pods: Pod[], o: { qps?: number; burst?: number } = {}) {
  let now = T0;
  const api = fakeClient();
  const ev = fakeRecorder();
  const cache = cacheOf(...pods);
  const evict = createTaintEvictor({
    client: api.client, recorder: ev.recorder, clock: { now: () => now },
    pod: (k) => cache.get(k), node: () => n, evictionQps: o.qps ?? 0, evictionBurst: o.burst ?? 1,
  });
  return { evict, api, ev, advance: (ms: number) => { now += ms; } };
}

describe('taint eviction', () => {
  it('a pod tolerating the unreachable taint for 5 s is evicted 5 s after the taint was added', async () => {
    const f = fixture(node([UNREACHABLE]), [pod('web', tolerate(5))]);
    assert.equal(await f.evict('default/web'), 5000);
    f.advance(4999);
    assert.equal(await f.evict('default/web'), 1);
    assert.deepEqual(f.api.summary(), []);
    f.advance(1);
    assert.equal(await f.evict('default/web'), undefined);
    assert.deepEqual(f.api.summary(), ['updateStatus default/pods/web', 'delete default/pods/web']);
    assert.deepEqual(f.api.writes[0]!.obj!.status, {
      phase: 'Running',
      conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: iso(T0 + 5000) }],
    });
    assert.deepEqual(f.api.writes[1]!.opts, { preconditions: { uid: 'uid-web' } });
    assert.deepEqual(f.ev.events, ['Normal TaintManagerEviction web: Marking for deletion Pod default/web']);
  });

  it('a pod without a matching toleration is evicted at once', async () => {
    const f = fixture(node([UNREACHABLE]), [pod('web', [{ key: 'other', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 600 }])]);
    await f.evict('default/web');
    assert.deepEqual(f.api.summary(), ['updateStatus default/pods/web', 'delete default/pods/web']);
  });

  it('a toleration without tolerationSeconds keeps the pod for ever', async () => {
    const f = fixture(node([UNREACHABLE]), [pod('web', tolerate(undefined))]);
    assert.equal(await f.evict('default/web'), undefined);
    f.advance(3600_000);
    assert.equal(await f.evict('default/web'), undefined);
    assert.deepEqual(f.api.summary(), []);
  });

  it('the smallest tolerationSeconds among the tolerations used wins', async () => {
    const notReady: NodeTaint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: iso(T0) };
    const tolerations: Toleration[] = [...tolerate(300), { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 }];
    const f = fixture(node([UNREACHABLE, notReady]), [pod('web', tolerations)]);
    assert.equal(await f.evict('default/web'), 20_000);
  });

  it('NoSchedule taints and terminating pods are left alone', async () => {
    const f = fixture(node([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]), [pod('web')]);
    assert.equal(await f.evict('default/web'), undefined);
    const g = fixture(node([UNREACHABLE]), [{ ...pod('web'), metadata: { ...pod('web').metadata, deletionTimestamp: iso(T0) } }]);
    assert.equal(await g.evict('default/web'), undefined);
    assert.deepEqual([...f.api.summary(), ...g.api.summary()], []);
  });

  it('evictions in one zone are rate limited: the second waits for a token', async () => {
    const f = fixture(node([UNREACHABLE]), [pod('a'), pod('b')], { qps: 1, burst: 1 });
    assert.equal(await f.evict('default/a'), undefined);
    assert.equal(await f.evict('default/b'), 1000);
    assert.deepEqual(f.api.summary(), ['updateStatus default/pods/a', 'delete default/pods/a']);
    f.advance(1000);
    await f.evict('default/b');
    assert.deepEqual(f.api.summary().slice(2), ['updateStatus default/pods/b', 'delete default/pods/b']);
  });
});
