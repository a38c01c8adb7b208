import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/registry/core-types.js';
import type { KObject } from '../../../src/api/types/index.js';
import { createDisruptionSync } from '../../../src/controllers/disruption.js';
import type { Pdb, PdbStatus } from '../../../src/controllers/disruption-status.js';
import { cacheOf, fakeClient, fakeRecorder, iso } from './node-lifecycle-fakes.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const NOW = iso(T0);

const pdb = (spec: Pdb['spec'], status?: PdbStatus): Pdb => ({
  apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default', generation: 2, resourceVersion: '8' },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec }, ...(status ? { status } : {}),
});
const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true }];
const pod = (name: string, ready: boolean, o: { owners?: KObject['metadata']['ownerReferences']; labels?: Record<string, string>; deleting?: boolean } = {}): Pod => ({
  metadata: {
    name, namespace: 'default', labels: o.labels ?? { app: 'web' }, ownerReferences: o.owners ?? owner('ReplicaSet', 'web-abc'),
    ...(o.deleting ? { deletionTimestamp: NOW } : {}),
  },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const scalable = (kind: string, name: string, replicas: number, owners?: KObject['metadata']['ownerReferences']) =>
  ({ kind, metadata: { name, namespace: 'default', uid: `uid-${name}`, ownerReferences: owners }, spec: { replicas } });

function fixture(b: Pdb, pods: Pod[], owners: Array<ReturnType<typeof scalable>> = []) {
  const api = fakeClient();
  const ev = fakeRecorder();
  const byKind = (kind: string) => cacheOf(...owners.filter((o) => o.kind === kind));
  const sync = createDisruptionSync({
    client: api.client, recorder: ev.recorder, clock: { now: () => T0 },
    pdb: () => b, podsIn: () => pods, owner: (kind, key) => byKind(kind).get(key),
  });
  const status = () => (api.writes[0]?.obj as Pdb | undefined)?.status;
  return { sync, api, ev, status };
}

describe('disruption controller', () => {
  it('minAvailable 2 with 3 of 3 pods ready allows 1 disruption', async () => {
    const f = fixture(pdb({ minAvailable: 2 }), [pod('a', true), pod('b', true), pod('c', true), pod('other', true, { labels: { app: 'db' } })]);
    assert.equal(await f.sync('default/web'), undefined);
    assert.deepEqual(f.api.summary(), ['updateStatus default/poddisruptionbudgets/web']);
    assert.deepEqual(f.status(), {
      disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 2,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', lastTransitionTime: NOW }],
    });
  });

  it('minAvailable 2 with 2 of 3 pods ready allows none (InsufficientPods)', async () => {
    const f = fixture(pdb({ minAvailable: 2 }), [pod('a', true), pod('b', true), pod('c', false)]);
    await f.sync('default/web');
    assert.deepEqual(f.status()!.conditions, [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', lastTransitionTime: NOW }]);
    assert.equal(f.status()!.disruptionsAllowed, 0);
    assert.equal(f.status()!.currentHealthy, 2);
  });

  it('maxUnavailable 1 takes expectedPods from the Deployment that owns the ReplicaSet', async () => {
    const owners = [scalable('ReplicaSet', 'web-abc', 3, owner('Deployment', 'web')), scalable('Deployment', 'web', 4)];
    const f = fixture(pdb({ maxUnavailable: 1 }), [pod('a', true), pod('b', true), pod('c', true)], owners);
    await f.sync('default/web');
    assert.deepEqual([f.status()!.expectedPods, f.status()!.desiredHealthy, f.status()!.disruptionsAllowed], [4, 3, 0]);
  });

  it('a percentage rounds up against the StatefulSet scale', async () => {
    const owners = [scalable('StatefulSet', 'db', 5)];
    const pods = ['0', '1', '2', '3', '4'].map((i) => pod(`db-${i}`, true, { owners: owner('StatefulSet', 'db') }));
    const f = fixture(pdb({ minAvailable: '50%' }), pods, owners);
    await f.sync('default/web');
    assert.deepEqual([f.status()!.expectedPods, f.status()!.desiredHealthy, f.status()!.disruptionsAllowed], [5, 3, 2]);
  });

  it('a pod without a controller fails safe with SyncFailed and keeps the old counts', async () => {
    const f = fixture(pdb({ maxUnavailable: '25%' }, { currentHealthy: 1, observedGeneration: 1, disruptionsAllowed: 1 }), [pod('a', true, { owners: [] })]);
    await f.sync('default/web');
    assert.deepEqual(f.status(), {
      currentHealthy: 1, observedGeneration: 1, disruptionsAllowed: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controller ref for pod "a"', lastTransitionTime: NOW }],
    });
    assert.deepEqual(f.ev.events, ['Warning CalculateExpectedPodCountFailed web: Failed to calculate the number of expected pods: found no controller ref for pod "a"']);
  });

  it('disrupted pods count as unhealthy until their deletion is overdue, then are dropped', async () => {
    const disrupted = { a: iso(T0 - 30_000), gone: iso(T0 - 30_000), late: iso(T0 - 180_000) };
    const f = fixture(pdb({ minAvailable: 1 }, { disruptedPods: disrupted }), [pod('a', true), pod('late', true), pod('b', true, { deleting: true })]);
    assert.equal(await f.sync('default/web'), 90_001, 'recheck when the entry for a expires');
    assert.deepEqual(f.status()!.disruptedPods, { a: iso(T0 - 30_000) });
    assert.deepEqual([f.status()!.currentHealthy, f.status()!.disruptionsAllowed], [1, 0]);
    assert.deepEqual(f.ev.events, ["Warning NotDeleted late: Pod was expected by PDB default/web to be deleted but it wasn't"]);
  });

  it('an up-to-date status is not rewritten', async () => {
    const status: PdbStatus = {
      disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, observedGeneration: 2,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', lastTransitionTime: iso(T0 - 999_000) }],
    };
    const f = fixture(pdb({ minAvailable: 1 }, status), [pod('a', true)]);
    await f.sync('default/web');
    assert.deepEqual(f.api.summary(), []);
  });
});
