import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverGcTypes } from '../../../src/controllers/garbage-collector-discovery.js';

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const DOCS: Record<string, unknown> = {
  '/apis': {
    groups: [
      { name: 'apps', preferredVersion: { version: 'v1' }, versions: [{ version: 'v1' }] },
      { name: 'events.k8s.io', preferredVersion: { version: 'v1' }, versions: [{ version: 'v1' }] },
      { name: 'example.com', preferredVersion: { version: 'v2' }, versions: [{ version: 'v1' }, { version: 'v2' }] },
      { name: 'broken.io', preferredVersion: { version: 'v1' }, versions: [{ version: 'v1' }] },
    ],
  },
  '/api/v1': {
    resources: [
      { name: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: ALL },
      { name: 'events', kind: 'Event', namespaced: true, verbs: ALL },
      { name: 'nodes', kind: 'Node', namespaced: false, verbs: ALL },
      { name: 'pods/status', kind: 'Pod', namespaced: true, verbs: ['get', 'patch', 'update'] },
      { name: 'bindings', kind: 'Binding', namespaced: true, verbs: ['create'] },
      { name: 'componentstatuses', kind: 'ComponentStatus', namespaced: false, verbs: ['get', 'list'] },
    ],
  },
  '/apis/apps/v1': { resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ALL }] },
  '/apis/events.k8s.io/v1': { resources: [{ name: 'events', kind: 'Event', namespaced: true, verbs: ALL }] },
  '/apis/example.com/v2': { resources: [{ name: 'widgets', kind: 'Widget', namespaced: true, verbs: ALL }] },
  '/apis/example.com/v1': { resources: [{ name: 'widgets', kind: 'Widget', namespaced: true, verbs: ALL }] },
};

const client = {
  raw: async (_m: string, path: string) => {
    if (path.startsWith('/apis/broken.io')) throw new Error('unavailable');
    return DOCS[path];
  },
};

describe('garbage collector discovery', () => {
  it('watches listable, watchable, deletable top-level types once each, from the preferred version, without events', async () => {
    const d = await discoverGcTypes(client);
    assert.deepEqual(d.types.map((t) => `${t.name}@${t.ref.version}`), ['configmaps@v1', 'nodes@v1', 'deployments.apps@v1', 'widgets.example.com@v2']);
    assert.deepEqual(d.failures, ['broken.io/v1: unavailable']);
  });

  it('resolves an owner by group and kind whatever its version', async () => {
    const d = await discoverGcTypes(client);
    assert.equal(d.resolve('example.com/v1', 'Widget')?.ref.version, 'v2');
    assert.equal(d.resolve('apps/v1', 'Deployment')?.ref.plural, 'deployments');
    assert.equal(d.resolve('v1', 'Node')?.namespaced, false);
    assert.equal(d.resolve('v1', 'Binding')?.ref.plural, 'bindings', 'kinds that are not watched still resolve');
    assert.equal(d.resolve('apps/v1', 'Widget'), undefined);
  });
});
