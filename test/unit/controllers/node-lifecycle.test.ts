import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/registry/core-types.js';
import { createHealthTracker } from '../../../src/controllers/node-lifecycle-health.js';
import { createNodeMonitor, type NodeLease } from '../../../src/controllers/node-lifecycle-monitor.js';
import type { LifecycleNode } from '../../../src/controllers/node-lifecycle-taints.js';
import { fakeClient, fakeRecorder, iso } from './node-lifecycle-fakes.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const GRACE = 40_000;

const node = (status: string | undefined, taints?: LifecycleNode['spec']): LifecycleNode => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', resourceVersion: '5', creationTimestamp: iso(T0 - 3600_000) },
  spec: taints,
  status: status === undefined ? {} : {
    conditions: [
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0 - 3600_000) },
      { type: 'Ready', status, reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0 - 3600_000) },
    ],
  },
});
const lease = (renew: number): NodeLease => ({ metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime: iso(renew), leaseDurationSeconds: 40 } });
const readyPod = (): Pod => ({
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '9' },
  spec: { nodeName: 'n1', containers: [{ name: 'c' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

function fixture(o: { node: LifecycleNode; lease?: NodeLease; pods?: Pod[] }) {
  let now = T0;
  const api = fakeClient();
  const ev = fakeRecorder();
  const state = { node: o.node, lease: o.lease };
  const sync = createNodeMonitor({
    client: api.client, recorder: ev.recorder, clock: { now: () => now }, health: createHealthTracker(),
    node: () => state.node, lease: () => state.lease, podsOnNode: () => o.pods ?? [],
  }, { gracePeriodMs: GRACE, startupGracePeriodMs: 60_000, monitorPeriodMs: 5000 });
  return { sync, api, ev, state, advance: (ms: number) => { now += ms; } };
}

describe('node lifecycle monitor', () => {
  it('a node silent for longer than the grace period goes Unknown, gets unreachable taints and its pods turn not Ready', async () => {
    const f = fixture({ node: node('True'), lease: lease(T0), pods: [readyPod()] });
    assert.equal(await f.sync('n1'), 5000);
    f.advance(GRACE);
    await f.sync('n1');
    assert.deepEqual(f.api.summary(), [], 'exactly the grace period is not yet too long');
    f.advance(1000);
    await f.sync('n1');
    assert.deepEqual(f.api.summary(), ['updateStatus nodes/n1', 'update nodes/n1', 'updateStatus default/pods/web']);

    const [status, taints, pod] = f.api.writes;
    const conds = (status!.obj as LifecycleNode).status!.conditions!;
    const now = iso(T0 + GRACE + 1000);
    assert.deepEqual(conds.map((c) => [c.type, c.status, c.reason, c.message]), [
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
      ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
    ]);
    assert.equal(conds[1]!.lastTransitionTime, now);
    assert.equal(conds[1]!.lastHeartbeatTime, iso(T0), 'the heartbeat stays the last one the kubelet posted');
    assert.deepEqual((taints!.obj as LifecycleNode).spec!.taints, [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: now },
    ]);
    assert.equal((taints!.obj as LifecycleNode).metadata.resourceVersion, '101', 'the taint write follows the status write');
    assert.deepEqual((pod!.obj as Pod).status!.conditions, [{ type: 'Ready', status: 'False', lastTransitionTime: now }]);
    assert.deepEqual(f.ev.events, ['Normal NodeNotReady n1: Node n1 status is now: NodeNotReady', 'Warning NodeNotReady web: Node is not ready']);
  });

  it('a renewed Lease keeps the node alive even when its Ready heartbeat is old', async () => {
    const f = fixture({ node: node('True'), lease: lease(T0) });
    await f.sync('n1');
    f.advance(30_000);
    f.state.lease = lease(T0 + 30_000);
    await f.sync('n1');
    f.advance(30_000);
    await f.sync('n1');
    assert.deepEqual(f.api.summary(), []);
  });

  it('a node reporting Ready=False gets the not-ready NoSchedule and NoExecute taints at once', async () => {
    const f = fixture({ node: node('False', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), lease: lease(T0) });
    await f.sync('n1');
    assert.deepEqual(f.api.summary(), ['update nodes/n1']);
    assert.deepEqual((f.api.writes[0]!.obj as LifecycleNode).spec!.taints, [
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: iso(T0) },
    ]);
  });

  it('a recovered node loses the condition taints and keeps the others', async () => {
    const f = fixture({
      node: node('True', {
        taints: [
          { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(T0 - 60_000) },
        ],
      }),
      lease: lease(T0),
    });
    await f.sync('n1');
    assert.deepEqual(f.api.summary(), ['update nodes/n1']);
    assert.deepEqual((f.api.writes[0]!.obj as LifecycleNode).spec!.taints, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
  });

  it('a node that never posted status gets NodeStatusNeverUpdated conditions after the startup grace period', async () => {
    const f = fixture({ node: node(undefined) });
    await f.sync('n1');
    f.advance(GRACE + 1000);
    await f.sync('n1');
    assert.deepEqual(f.api.summary(), [], 'a new node gets the longer startup grace');
    f.advance(20_000);
    await f.sync('n1');
    assert.deepEqual(f.api.summary(), ['updateStatus nodes/n1', 'update nodes/n1']);
    const conds = (f.api.writes[0]!.obj as LifecycleNode).status!.conditions!;
    assert.deepEqual(conds.map((c) => [c.type, c.status, c.reason]), [
      ['Ready', 'Unknown', 'NodeStatusNeverUpdated'], ['MemoryPressure', 'Unknown', 'NodeStatusNeverUpdated'],
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated'], ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated'],
    ]);
    assert.deepEqual(f.ev.events, [], 'no NodeNotReady event: the node was never Ready');
  });

  it('a deleted node is forgotten and nothing is written', async () => {
    const f = fixture({ node: node('True') });
    f.state.node = undefined as unknown as LifecycleNode;
    assert.equal(await f.sync('n1'), undefined);
    assert.deepEqual(f.api.summary(), []);
  });
});


