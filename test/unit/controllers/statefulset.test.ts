import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolumeClaim, Pod } from '../../../src/api/registry/core-types.js';
import { createStatefulSetController } from '../../../src/controllers/statefulset.js';
import type { AppsStatefulSet } from '../../../src/controllers/statefulset-pods.js';
import { workloadFixture } from './workloads-fixture.js';

function sts(o: { replicas?: number; policy?: string; image?: string; claims?: boolean; partition?: number } = {}): AppsStatefulSet {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid', resourceVersion: '2', generation: 1 },
    spec: {
      replicas: o.replicas ?? 3, serviceName: 'nginx', podManagementPolicy: o.policy ?? 'OrderedReady', selector: { matchLabels: { app: 'web' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } }, revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1' }] } },
      volumeClaimTemplates: o.claims ? [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] : undefined,
    },
  };
}

function setup(set = sts()) {
  const f = workloadFixture({ cache: { statefulsets: [set] } });
  const reconcile = f.reconciler(createStatefulSetController(f.deps));
  const status = () => f.written<AppsStatefulSet>('updateStatus', 'statefulsets').at(-1)?.status;
  /** Runs passes until nothing is written, marking each pod Running (and Ready when `ready`). */
  const mark = (name: string, ready: boolean) => {
    const p = structuredClone(f.get<Pod>('pods', `default/${name}`)!);
    p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] };
    f.put('pods', p);
  };
  return { f, status, mark, reconcile: () => reconcile('default/web') };
}

const podWrites = (ws: string[]) => ws.filter((w) => w.includes(' pods/') || w.includes('persistentvolumeclaims/'));

describe('statefulset controller', () => {
  it('OrderedReady creates web-0 only, with its identity, PVC and revision', async () => {
    const t = setup(sts({ claims: true }));
    await t.reconcile();
    const rev = t.f.written('create', 'controllerrevisions')[0]!;
    assert.deepEqual(t.f.writes(), [`create controllerrevisions/${rev.metadata.name}`, 'create persistentvolumeclaims/www-web-0', 'create pods/web-0', 'updateStatus statefulsets/web']);
    const p = t.f.written<Pod>('create', 'pods')[0]!;
    assert.equal(p.spec.hostname, 'web-0');
    assert.equal(p.spec.subdomain, 'nginx');
    assert.deepEqual(p.metadata.labels, {
      app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': rev.metadata.labels?.['controller-revision-hash'],
    });
    assert.deepEqual(p.spec.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }]);
    const pvc = t.f.written<PersistentVolumeClaim>('create', 'persistentvolumeclaims')[0]!;
    assert.deepEqual(pvc.metadata.labels, { app: 'web' });
    assert.equal(pvc.metadata.ownerReferences, undefined); // Retain: the claim outlives the set
    assert.deepEqual(t.status(), {
      observedGeneration: 1, replicas: 1, readyReplicas: 0, currentReplicas: 1, updatedReplicas: 1, availableReplicas: 0,
      currentRevision: rev.metadata.name, updateRevision: rev.metadata.name,
    });
  });

  it('web-1 waits until web-0 is Running and Ready', async () => {
    const t = setup();
    await t.reconcile();
    t.f.settle();
    t.mark('web-0', false);
    t.f.clear();
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), []);
    t.mark('web-0', true);
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), ['create pods/web-1']);
  });

  it('Parallel creates every missing pod at once', async () => {
    const t = setup(sts({ policy: 'Parallel' }));
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), ['create pods/web-0', 'create pods/web-1', 'create pods/web-2']);
  });

  it('scaling down deletes the highest ordinal first, one at a time, and keeps the PVCs', async () => {
    const t = setup(sts({ replicas: 3, claims: true }));
    for (const n of ['web-0', 'web-1', 'web-2']) {
      await t.reconcile();
      t.f.settle();
      t.mark(n, true);
    }
    t.f.put('statefulsets', sts({ replicas: 1, claims: true }));
    t.f.clear();
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), ['delete pods/web-2']);
    t.f.settle();
    t.f.clear();
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), ['delete pods/web-1']);
  });

  it('a rolling update deletes the highest old pod first and recreates it at the new revision', async () => {
    const t = setup(sts({ replicas: 2, policy: 'Parallel' }));
    await t.reconcile();
    t.f.settle();
    t.mark('web-0', true);
    t.mark('web-1', true);
    t.f.put('statefulsets', sts({ replicas: 2, policy: 'Parallel', image: 'nginx:2' }));
    t.f.clear();
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), ['delete pods/web-1']);
    t.f.settle();
    t.f.clear();
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), ['create pods/web-1']);
    assert.equal(t.f.written<Pod>('create', 'pods')[0]!.spec.containers[0]!.image, 'nginx:2');
  });

  it('pods below the partition are not updated', async () => {
    const t = setup(sts({ replicas: 2, policy: 'Parallel' }));
    await t.reconcile();
    t.f.settle();
    t.mark('web-0', true);
    t.mark('web-1', true);
    t.f.put('statefulsets', sts({ replicas: 2, policy: 'Parallel', image: 'nginx:2', partition: 1 }));
    t.f.clear();
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), ['delete pods/web-1']);
    t.f.settle();
    await t.reconcile();
    t.f.settle();
    t.mark('web-1', true);
    t.f.clear();
    await t.reconcile();
    assert.deepEqual(podWrites(t.f.writes()), []);
  });
});
