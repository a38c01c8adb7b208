import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplicaSetController } from '../../../src/controllers/replicaset.js';
import { createOwnerIndex } from '../../../src/controllers/replicaset-index.js';
import { comparePodsForDeletion } from '../../../src/controllers/replicaset-rank.js';
import type { Pod, ReplicaSetObj } from '../../../src/controllers/replicaset-types.js';
import { fixture, stored, ts } from './replicaset-fixture.js';

const rs = (replicas: number, o: { minReadySeconds?: number; generation?: number } = {}): ReplicaSetObj => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: { name: 'web-abc', namespace: 'default', uid: 'rs-uid', resourceVersion: '5', generation: o.generation ?? 2 },
  spec: {
    replicas, minReadySeconds: o.minReadySeconds, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});

interface PodOpts { node?: string; phase?: string; ready?: boolean; readySince?: number; restarts?: number; age?: number; owned?: boolean; labels?: Record<string, string> }
const pod = (name: string, o: PodOpts = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '3', creationTimestamp: ts(o.age ?? 60_000),
    labels: o.labels ?? { app: 'web', tier: 'front' },
    ownerReferences: o.owned === false ? undefined : [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
  },
  spec: { containers: [{ name: 'c' }], nodeName: o.node },
  status: {
    phase: o.phase ?? 'Running',
    conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: ts(o.readySince ?? 30_000) } as never],
    containerStatuses: [{ name: 'c', ready: !!o.ready, restartCount: o.restarts ?? 0 }],
  },
});

const run = async (f: ReturnType<typeof fixture>, key = 'default/web-abc') => createReplicaSetController(f.deps).reconcile(key);

describe('ReplicaSet controller', () => {
  it('creates the missing pods from the template, owned by the set, and does not create them twice while unobserved', async () => {
    const f = fixture({ replicasets: [rs(3)], pods: [] });
    const c = createReplicaSetController(f.deps);
    await c.reconcile('default/web-abc');
    assert.deepEqual(f.writes, ['create pods web-abc-*', 'create pods web-abc-*', 'create pods web-abc-*', 'status replicasets web-abc']);
    const p = stored<Pod>(f, 'pods', 'web-abc-xxxx1');
    assert.deepEqual(p.metadata.labels, { app: 'web', tier: 'front' });
    assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(f.events, ['Normal SuccessfulCreate web-abc: Created pod: web-abc-xxxx1', 'Normal SuccessfulCreate web-abc: Created pod: web-abc-xxxx2', 'Normal SuccessfulCreate web-abc: Created pod: web-abc-xxxx3']);
    // the informer has not shown the pods yet: the next pass must not create more
    f.writes.length = 0;
    await c.reconcile('default/web-abc');
    assert.deepEqual(f.writes, []);
  });

  it('creates in slow-start batches of 1, 2, 4 and stops after a failing batch, reporting ReplicaFailure', async () => {
    const f = fixture({ replicasets: [rs(10)], pods: [] });
    f.failAfter('create pods', 2); // the first batch (1) and one of the second (2) succeed
    await assert.rejects(run(f), /create pods failed/);
    assert.deepEqual(f.writes, ['create pods web-abc-*', 'create pods web-abc-*', 'status replicasets web-abc']);
    const st = stored<ReplicaSetObj>(f, 'replicasets', 'web-abc').status!;
    assert.equal(st.conditions?.[0]?.type, 'ReplicaFailure');
    assert.equal(st.conditions?.[0]?.reason, 'FailedCreate');
    assert.match(f.events.at(-1)!, /^Warning FailedCreate web-abc: Error creating: create pods failed/);
  });

  it('scale down deletes unassigned, then Pending, then not-ready pods first', async () => {
    const pods = [
      pod('ready-old', { node: 'n1', ready: true, age: 90_000 }),
      pod('unassigned', { phase: 'Pending' }),
      pod('notready', { node: 'n1', ready: false }),
      pod('pending', { node: 'n2', phase: 'Pending' }),
      pod('ready-new', { node: 'n2', ready: true, age: 10_000, readySince: 5_000 }),
    ];
    const f = fixture({ replicasets: [rs(2)], pods });
    await run(f);
    assert.deepEqual(f.writes, ['delete pods unassigned', 'delete pods pending', 'delete pods notready', 'status replicasets web-abc']);
  });

  it('scale to 0 deletes every pod; terminating and finished pods are not counted', async () => {
    const f = fixture({ replicasets: [rs(0)], pods: [pod('a', { node: 'n1', ready: true }), pod('b'), pod('done', { phase: 'Succeeded' })] });
    await run(f);
    assert.deepEqual(f.writes.slice(0, 2).sort(), ['delete pods a', 'delete pods b']);
    assert.equal(f.writes.length, 3);
  });

  it('adopts matching orphans and releases owned pods whose labels stopped matching', async () => {
    const f = fixture({
      replicasets: [rs(2)],
      pods: [pod('orphan', { owned: false }), pod('stray', { labels: { app: 'other' } }), pod('mine', { node: 'n', ready: true })],
    });
    await run(f);
    assert.deepEqual(f.writes, [
      'patch pods stray strategic {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"rs-uid"}],"uid":"uid-stray"}}',
      'patch pods orphan strategic {"metadata":{"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-abc","uid":"rs-uid","controller":true,"blockOwnerDeletion":true}],"uid":"uid-orphan"}}',
      'status replicasets web-abc',
    ]);
  });

  it('status counts ready, available (minReadySeconds) and fully labeled pods and records observedGeneration', async () => {
    const pods = [
      pod('a', { node: 'n', ready: true, readySince: 60_000 }),
      pod('b', { node: 'n', ready: true, readySince: 1_000 }),
      pod('c', { node: 'n', ready: false, labels: { app: 'web' } }),
    ];
    const f = fixture({ replicasets: [rs(3, { minReadySeconds: 10, generation: 7 })], pods });
    await run(f);
    assert.deepEqual(f.writes, ['status replicasets web-abc']);
    assert.deepEqual(stored<ReplicaSetObj>(f, 'replicasets', 'web-abc').status,
      { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 7 });
  });

  it('ranks pods for deletion like upstream: higher restarts, then newer pods first', () => {
    const rank = () => 0;
    const a = pod('a', { node: 'n', ready: true, restarts: 5 });
    const b = pod('b', { node: 'n', ready: true, restarts: 0 });
    assert.ok(comparePodsForDeletion(a, b, rank) < 0);
    const older = pod('older', { node: 'n', age: 100_000 });
    const newer = pod('newer', { node: 'n', age: 1_000 });
    assert.ok(comparePodsForDeletion(newer, older, rank) < 0);
    assert.ok(comparePodsForDeletion(pod('u', { phase: 'Unknown', node: 'n' }), pod('r', { node: 'n' }), rank) < 0);
  });

  it('the owner index moves a pod from the orphans to its owner on adoption and drops it on delete', () => {
    const idx = createOwnerIndex<Pod>();
    const orphan = pod('p', { owned: false });
    idx.apply({ type: 'add', obj: orphan });
    assert.deepEqual(idx.orphans('default').map((p) => p.metadata.name), ['p']);
    const adopted = pod('p');
    idx.apply({ type: 'update', obj: adopted, old: orphan });
    assert.deepEqual([idx.orphans('default').length, idx.owned('rs-uid').length], [0, 1]);
    idx.apply({ type: 'delete', obj: adopted });
    assert.equal(idx.owned('rs-uid').length, 0);
  });
});
