import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { KObject, OwnerReference } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import type { GcDiscovery, GcType } from '../../../src/controllers/garbage-collector-discovery.js';
import { createGcGraph } from '../../../src/controllers/garbage-collector-graph.js';
import { createGcSync } from '../../../src/controllers/garbage-collector-sync.js';

const T: Record<string, GcType> = {
  ConfigMap: { ref: { group: '', version: 'v1', plural: 'configmaps' }, kind: 'ConfigMap', namespaced: true, name: 'configmaps' },
  ReplicaSet: { ref: { group: 'apps', version: 'v1', plural: 'replicasets' }, kind: 'ReplicaSet', namespaced: true, name: 'replicasets.apps' },
  Pod: { ref: { group: '', version: 'v1', plural: 'pods' }, kind: 'Pod', namespaced: true, name: 'pods' },
  Node: { ref: { group: '', version: 'v1', plural: 'nodes' }, kind: 'Node', namespaced: false, name: 'nodes' },
};
const discovery: GcDiscovery = { types: Object.values(T), failures: [], resolve: (_v, k) => T[k] };

const err = (code: number, reason: string) => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message: reason });

function obj(kind: string, name: string, uid: string, o: { owners?: OwnerReference[]; finalizers?: string[]; deleting?: boolean } = {}): KObject {
  const ns = T[kind]!.namespaced ? 'default' : undefined;
  return {
    apiVersion: T[kind]!.ref.group ? `${T[kind]!.ref.group}/v1` : 'v1', kind,
    metadata: {
      name, namespace: ns, uid, resourceVersion: '1', ownerReferences: o.owners, finalizers: o.finalizers,
      deletionTimestamp: o.deleting ? '2025-01-01T00:00:00Z' : undefined,
    },
  };
}
const owner = (kind: string, name: string, uid: string, block = false): OwnerReference =>
  ({ apiVersion: T[kind]!.ref.group ? `${T[kind]!.ref.group}/v1` : 'v1', kind, name, uid, controller: true, blockOwnerDeletion: block || undefined });

/** A store of live objects (what GET answers) and a graph preloaded from `cache` (defaults to the store). */
function fixture(live: KObject[], cache: KObject[] = live) {
  const store = new Map(live.map((o) => [`${o.kind}/${o.metadata.name}`, structuredClone(o)]));
  const kindOf = (r: ResourceRef) => Object.values(T).find((t) => t.ref.plural === r.plural)!.kind;
  const writes: string[] = [];
  const enqueued: string[] = [];
  let gets = 0;
  const client: Pick<KubeClient, 'get' | 'patch' | 'delete'> = {
    get: async <X extends KObject>(r: ResourceRef, name: string) => {
      gets++;
      const o = store.get(`${kindOf(r)}/${name}`);
      if (!o) throw err(404, 'NotFound');
      return structuredClone(o) as X;
    },
    patch: async <X extends KObject>(r: ResourceRef, name: string, type: string, body: unknown) => {
      writes.push(`patch ${kindOf(r)}/${name} ${type} ${JSON.stringify(body)}`);
      return store.get(`${kindOf(r)}/${name}`) as X;
    },
    delete: async (r, name, o) => {
      writes.push(`delete ${kindOf(r)}/${name} ${o?.propagationPolicy} uid=${o?.preconditions?.uid}`);
      store.delete(`${kindOf(r)}/${name}`);
      return { metadata: {} };
    },
  };
  const graph = createGcGraph();
  for (const o of cache) graph.observe(T[o.kind as string]!, { type: 'add', obj: o });
  const sync = createGcSync({ client, graph, discovery: () => discovery, enqueue: (k) => enqueued.push(k), log: pino({ level: 'silent' }) });
  return { sync: (k: string) => sync(k, new AbortController().signal), writes, enqueued, graph, gets: () => gets };
}

describe('garbage collector decisions', () => {
  it('a dependent whose only owner is gone is deleted in the background with a uid precondition', async () => {
    const f = fixture([obj('ConfigMap', 'child', 'c1', { owners: [owner('ConfigMap', 'parent', 'p1')] })]);
    await f.sync('delete:c1');
    assert.deepEqual(f.writes, ['delete ConfigMap/child Background uid=c1']);
  });

  it('an owner with the same name but another uid counts as gone', async () => {
    const f = fixture([obj('ConfigMap', 'parent', 'p2'), obj('ConfigMap', 'child', 'c1', { owners: [owner('ConfigMap', 'parent', 'p1')] })]);
    await f.sync('delete:c1');
    assert.deepEqual(f.writes, ['delete ConfigMap/child Background uid=c1']);
  });

  it('a dependent whose owner is in the graph is left alone without reading the API', async () => {
    const f = fixture([obj('ReplicaSet', 'web', 'rs1'), obj('Pod', 'web-a', 'p1', { owners: [owner('ReplicaSet', 'web', 'rs1')] })]);
    await f.sync('delete:p1');
    assert.deepEqual([f.writes, f.gets()], [[], 0]);
  });

  it('an owner missing from the graph but alive is confirmed by GET and nothing is written', async () => {
    const rs = obj('ReplicaSet', 'web', 'rs1');
    const pod = obj('Pod', 'web-a', 'p1', { owners: [owner('ReplicaSet', 'web', 'rs1')] });
    const f = fixture([rs, pod], [pod]);
    await f.sync('delete:p1');
    assert.deepEqual([f.writes, f.gets()], [[], 2]);
  });

  it('with one owner gone and one alive, only the reference to the gone one is removed', async () => {
    const alive = owner('ConfigMap', 'a', 'a1');
    const f = fixture([obj('ConfigMap', 'a', 'a1'), obj('ConfigMap', 'child', 'c1', { owners: [owner('ConfigMap', 'gone', 'g1'), alive] })]);
    await f.sync('delete:c1');
    assert.deepEqual(f.writes, [`patch ConfigMap/child merge {"metadata":{"resourceVersion":"1","ownerReferences":[${JSON.stringify(alive)}]}}`]);
  });

  it('a namespaced owner of a cluster-scoped object counts as gone', async () => {
    const f = fixture([obj('ConfigMap', 'x', 'x1'), obj('Node', 'n1', 'n1', { owners: [owner('ConfigMap', 'x', 'x1')] })]);
    await f.sync('delete:n1');
    assert.deepEqual(f.writes, ['delete Node/n1 Background uid=n1']);
  });

  it('an owner kind that discovery does not know fails the pass so it is retried', async () => {
    const f = fixture([obj('ConfigMap', 'child', 'c1', { owners: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'w1' }] })]);
    await assert.rejects(f.sync('delete:c1'), /cannot resolve owner kind Widget/);
    assert.deepEqual(f.writes, []);
  });

  it('foreground: the owner queues its dependents, they are deleted, then its finalizer is removed', async () => {
    const parent = obj('ReplicaSet', 'web', 'rs1', { deleting: true, finalizers: ['foregroundDeletion'] });
    const pod = obj('Pod', 'web-a', 'p1', { owners: [owner('ReplicaSet', 'web', 'rs1', true)] });
    const f = fixture([parent, pod]);
    await f.sync('delete:rs1');
    assert.deepEqual([f.writes, f.enqueued], [[], ['delete:p1']]);
    await f.sync('delete:p1');
    assert.deepEqual(f.writes, ['delete Pod/web-a Background uid=p1']);
    f.graph.observe(T.Pod!, { type: 'delete', obj: pod });
    await f.sync('delete:rs1');
    assert.deepEqual(f.writes.slice(1), ['patch ReplicaSet/web merge {"metadata":{"resourceVersion":"1","finalizers":null}}']);
  });

  it('foreground: a dependent that has dependents of its own is deleted in the foreground too', async () => {
    const f = fixture([
      obj('ReplicaSet', 'web', 'rs1', { deleting: true, finalizers: ['foregroundDeletion'] }),
      obj('ConfigMap', 'mid', 'm1', { owners: [owner('ReplicaSet', 'web', 'rs1', true)] }),
      obj('Pod', 'leaf', 'l1', { owners: [owner('ConfigMap', 'mid', 'm1', true)] }),
    ]);
    await f.sync('delete:m1');
    assert.deepEqual(f.writes, ['delete ConfigMap/mid Foreground uid=m1']);
  });

  it('a dependent that keeps another owner drops its reference to an owner waiting in the foreground', async () => {
    const keep = owner('ConfigMap', 'other', 'o1');
    const f = fixture([
      obj('ConfigMap', 'web', 'w1', { deleting: true, finalizers: ['foregroundDeletion'] }),
      obj('ConfigMap', 'other', 'o1'),
      obj('ConfigMap', 'child', 'c1', { owners: [owner('ConfigMap', 'web', 'w1', true), keep] }),
    ]);
    await f.sync('delete:c1');
    assert.deepEqual(f.writes, [`patch ConfigMap/child merge {"metadata":{"resourceVersion":"1","ownerReferences":[${JSON.stringify(keep)}]}}`]);
  });

  it('orphan: references to the owner are removed from every dependent, then the orphan finalizer', async () => {
    const other = owner('ConfigMap', 'other', 'o1');
    const f = fixture([
      obj('ReplicaSet', 'web', 'rs1', { deleting: true, finalizers: ['orphan', 'example.com/keep'] }),
      obj('ConfigMap', 'other', 'o1'),
      obj('Pod', 'a', 'pa', { owners: [owner('ReplicaSet', 'web', 'rs1', true)] }),
      obj('Pod', 'b', 'pb', { owners: [owner('ReplicaSet', 'web', 'rs1', true), other] }),
    ]);
    await f.sync('orphan:rs1');
    assert.deepEqual(f.writes, [
      'patch Pod/a merge {"metadata":{"resourceVersion":"1","ownerReferences":null}}',
      `patch Pod/b merge {"metadata":{"resourceVersion":"1","ownerReferences":[${JSON.stringify(other)}]}}`,
      'patch ReplicaSet/web merge {"metadata":{"resourceVersion":"1","finalizers":["example.com/keep"]}}',
    ]);
  });

  it('an object already being deleted normally, or with no owners, is left alone', async () => {
    const f = fixture([
      obj('Pod', 'going', 'g1', { deleting: true, owners: [owner('ReplicaSet', 'gone', 'x')] }),
      obj('Pod', 'free', 'f1'),
    ]);
    await f.sync('delete:g1');
    await f.sync('delete:f1');
    await f.sync('orphan:f1');
    assert.deepEqual(f.writes, []);
  });
});
