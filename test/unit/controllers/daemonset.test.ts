import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod, Taint, Toleration } from '../../../src/api/registry/core-types.js';
import { createDaemonSetController } from '../../../src/controllers/daemonset.js';
import type { AppsDaemonSet } from '../../../src/controllers/daemonset-status.js';
import { targetNode } from '../../../src/controllers/daemonset-nodes.js';
import { workloadFixture } from './workloads-fixture.js';

function ds(o: { tolerations?: Toleration[]; nodeSelector?: Record<string, string>; image?: string; maxSurge?: number } = {}): AppsDaemonSet {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'ds-uid', resourceVersion: '4', generation: 1 },
    spec: {
      selector: { matchLabels: { app: 'agent' } }, revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: o.maxSurge ?? 0 } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'a', image: o.image ?? 'agent:1' }], tolerations: o.tolerations, nodeSelector: o.nodeSelector },
      },
    },
  };
}

const node = (name: string, o: { taints?: Taint[]; labels?: Record<string, string> } = {}): Node =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}`, labels: o.labels }, spec: { taints: o.taints } });

function setup(nodes: Node[], set = ds()) {
  const f = workloadFixture({ cache: { daemonsets: [set], nodes } });
  const reconcile = f.reconciler(createDaemonSetController(f.deps));
  const podNodes = () => f.written<Pod>('create', 'pods').map(targetNode);
  const status = () => f.written<AppsDaemonSet>('updateStatus', 'daemonsets').at(-1)?.status;
  return { f, reconcile: () => reconcile('kube-system/agent'), podNodes, status };
}

/** Marks every pod in the cache Running and Ready, as a kubelet would. */
function runAll(f: ReturnType<typeof workloadFixture>, pods: string[]) {
  for (const name of pods) {
    const p = structuredClone(f.get<Pod>('pods', `kube-system/${name}`)!);
    p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    f.put('pods', p);
  }
}

describe('daemonset controller', () => {
  it('creates one pod per node, pinned by node affinity, with the daemon tolerations and revision hash', async () => {
    const t = setup([node('a'), node('b')]);
    await t.reconcile();
    const rev = t.f.written('create', 'controllerrevisions')[0]!;
    assert.deepEqual(t.f.writes(), [`create controllerrevisions/${rev.metadata.name}`, 'create pods/agent-1', 'create pods/agent-2', 'updateStatus daemonsets/agent']);
    assert.deepEqual(t.podNodes(), ['a', 'b']);
    const p = t.f.written<Pod>('create', 'pods')[0]!;
    assert.equal(p.metadata.labels?.['controller-revision-hash'], rev.metadata.labels?.['controller-revision-hash']);
    assert.equal(p.spec.nodeName, undefined);
    assert.deepEqual(p.spec.tolerations?.map((x) => `${x.key}:${x.effect}`), [
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    assert.deepEqual(t.status(), {
      currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 0, updatedNumberScheduled: 0,
      numberAvailable: 0, numberUnavailable: 2, observedGeneration: 1,
    });
  });

  it('a node added later gets a pod; nodes that have one get no second', async () => {
    const t = setup([node('a'), node('b')]);
    await t.reconcile();
    t.f.settle();
    t.f.clear();
    t.f.put('nodes', node('c'));
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['create pods/agent-3', 'updateStatus daemonsets/agent']);
    assert.deepEqual(t.podNodes(), ['c']);
    assert.equal(t.status()?.desiredNumberScheduled, 3);
    assert.equal(t.status()?.currentNumberScheduled, 2);
  });

  it('a tainted node without a matching toleration gets no pod; with one it does', async () => {
    const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const t = setup([node('a'), node('tainted', { taints: [taint] })]);
    await t.reconcile();
    assert.deepEqual(t.podNodes(), ['a']);
    const tolerant = setup([node('tainted', { taints: [taint] })], ds({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }));
    await tolerant.reconcile();
    assert.deepEqual(tolerant.podNodes(), ['tainted']);
  });

  it('not-ready and unschedulable nodes still get a pod (daemon tolerations)', async () => {
    const t = setup([
      node('notready', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
      node('cordoned', { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
    ]);
    await t.reconcile();
    assert.deepEqual(t.podNodes(), ['notready', 'cordoned']);
  });

  it('nodeSelector limits the nodes; a node that loses the label loses its pod', async () => {
    const t = setup([node('a', { labels: { disk: 'ssd' } }), node('b')], ds({ nodeSelector: { disk: 'ssd' } }));
    await t.reconcile();
    assert.deepEqual(t.podNodes(), ['a']);
    t.f.settle();
    t.f.clear();
    t.f.put('nodes', node('a'));
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['delete pods/agent-1', 'updateStatus daemonsets/agent']);
    assert.equal(t.status()?.numberMisscheduled, 1);
  });

  it('a rolling update replaces at most maxUnavailable pods at a time', async () => {
    const t = setup([node('a'), node('b')]);
    await t.reconcile();
    t.f.settle();
    runAll(t.f, ['agent-1', 'agent-2']);
    const next = ds({ image: 'agent:2' });
    next.metadata.generation = 2;
    t.f.put('daemonsets', next);
    t.f.clear();
    await t.reconcile();
    const rev = t.f.written('create', 'controllerrevisions')[0]!;
    assert.deepEqual(t.f.writes(), [`create controllerrevisions/${rev.metadata.name}`, 'delete pods/agent-1', 'updateStatus daemonsets/agent']);
  });

  it('with maxSurge the new pod starts before the old one goes', async () => {
    const t = setup([node('a')], ds({ maxSurge: 1 }));
    await t.reconcile();
    t.f.settle();
    runAll(t.f, ['agent-1']);
    t.f.put('daemonsets', ds({ image: 'agent:2', maxSurge: 1 }));
    t.f.clear();
    await t.reconcile();
    const rev = t.f.written('create', 'controllerrevisions')[0]!;
    assert.deepEqual(t.f.writes(), [`create controllerrevisions/${rev.metadata.name}`, 'create pods/agent-2', 'updateStatus daemonsets/agent']);
    t.f.settle();
    runAll(t.f, ['agent-2']);
    t.f.clear();
    await t.reconcile();
    // the oldest pod still counts for status until it is gone, so status is unchanged
    assert.deepEqual(t.f.writes(), ['delete pods/agent-1']);
  });
});
