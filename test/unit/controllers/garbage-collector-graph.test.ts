import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KObject, OwnerReference } from '../../../src/api/types/index.js';
import type { GcType } from '../../../src/controllers/garbage-collector-discovery.js';
import { createGcGraph } from '../../../src/controllers/garbage-collector-graph.js';

const CM: GcType = { ref: { group: '', version: 'v1', plural: 'configmaps' }, kind: 'ConfigMap', namespaced: true, name: 'configmaps' };
const ref = (uid: string, block = false): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, blockOwnerDeletion: block || undefined });
const cm = (uid: string, o: { owners?: OwnerReference[]; finalizers?: string[]; deleting?: boolean; rv?: string } = {}): KObject => ({
  metadata: {
    name: uid, namespace: 'default', uid, resourceVersion: o.rv ?? '1', ownerReferences: o.owners, finalizers: o.finalizers,
    deletionTimestamp: o.deleting ? '2025-01-01T00:00:00Z' : undefined,
  },
});

describe('garbage collector graph', () => {
  it('a dependent seen before its owner is queued for a check; once the owner is seen, updates queue nothing', () => {
    const g = createGcGraph();
    assert.deepEqual(g.observe(CM, { type: 'add', obj: cm('child', { owners: [ref('parent')] }) }), ['delete:child']);
    assert.deepEqual(g.observe(CM, { type: 'add', obj: cm('parent') }), []);
    const child = cm('child', { owners: [ref('parent')], rv: '2' });
    assert.deepEqual(g.observe(CM, { type: 'update', obj: child, old: child }), []);
    assert.deepEqual(g.dependents('parent').map((n) => n.name), ['child']);
  });

  it('deleting an owner queues each of its dependents', () => {
    const g = createGcGraph();
    g.observe(CM, { type: 'add', obj: cm('parent') });
    g.observe(CM, { type: 'add', obj: cm('a', { owners: [ref('parent')] }) });
    g.observe(CM, { type: 'add', obj: cm('b', { owners: [ref('parent')] }) });
    assert.deepEqual(g.observe(CM, { type: 'delete', obj: cm('parent') }).sort(), ['delete:a', 'delete:b']);
    assert.equal(g.node('parent'), undefined);
    assert.deepEqual(g.dependents('parent').map((n) => n.name).sort(), ['a', 'b'], 'dependents stay findable by the gone owner');
  });

  it('an owner entering foreground deletion queues itself and its dependents; a blocking dependent leaving re-queues it', () => {
    const g = createGcGraph();
    g.observe(CM, { type: 'add', obj: cm('parent') });
    g.observe(CM, { type: 'add', obj: cm('a', { owners: [ref('parent', true)] }) });
    const deleting = cm('parent', { deleting: true, finalizers: ['foregroundDeletion'], rv: '2' });
    assert.deepEqual(g.observe(CM, { type: 'update', obj: deleting, old: cm('parent') }).sort(), ['delete:a', 'delete:parent']);
    assert.deepEqual(g.observe(CM, { type: 'delete', obj: cm('a') }), ['delete:parent']);
  });

  it('a dependent that stops blocking a waiting owner re-queues the owner', () => {
    const g = createGcGraph();
    g.observe(CM, { type: 'add', obj: cm('parent', { deleting: true, finalizers: ['foregroundDeletion'] }) });
    g.observe(CM, { type: 'add', obj: cm('a', { owners: [ref('parent', true)] }) });
    const unblocked = cm('a', { owners: [ref('parent')], rv: '2' });
    assert.deepEqual(g.observe(CM, { type: 'update', obj: unblocked, old: cm('a') }).sort(), ['delete:a', 'delete:parent']);
  });

  it('an owner being deleted with the orphan finalizer is queued for orphaning', () => {
    const g = createGcGraph();
    assert.deepEqual(g.observe(CM, { type: 'add', obj: cm('parent', { deleting: true, finalizers: ['orphan'] }) }), ['orphan:parent']);
  });

  it('a dependent that drops its reference is no longer listed under the owner', () => {
    const g = createGcGraph();
    g.observe(CM, { type: 'add', obj: cm('parent') });
    g.observe(CM, { type: 'add', obj: cm('a', { owners: [ref('parent')] }) });
    g.observe(CM, { type: 'update', obj: cm('a', { rv: '2' }), old: cm('a') });
    assert.deepEqual(g.dependents('parent'), []);
  });
});
