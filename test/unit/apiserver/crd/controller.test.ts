import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { builtinResources, builtinSchemas } from '../../../../src/api/registry/builtin.js';
import { Registry } from '../../../../src/api/registry/registry.js';
import type { AnyResourceDef } from '../../../../src/api/registry/types.js';
import type { KObject } from '../../../../src/api/types/index.js';
import { startCrdController, type Crd, type CrdController } from '../../../../src/apiserver/crd/index.js';
import { ObjectStore } from '../../../../src/apiserver/rest/objects.js';
import { createMemoryStore } from '../../../../src/store/index.js';
import { widgetCrd } from './fixtures.js';

const G = 'example.kite.dev';
const NAME = 'widgets.example.kite.dev';

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const condition = (crd: KObject | undefined, type: string) =>
  ((crd as Crd | undefined)?.status?.conditions ?? []).find((c) => c.type === type);

describe('CRD controller', () => {
  let objects: ObjectStore;
  let registry: Registry;
  let crdDef: AnyResourceDef;
  let ac: AbortController;
  let ctl: CrdController | undefined;
  const start = () => {
    ctl = startCrdController({ objects, registry, log: pino({ level: 'silent' }), now: () => new Date('2024-02-02T00:00:00Z'), signal: ac.signal, backoff: { initialMs: 5, maxMs: 20 } });
    return ctl;
  };

  beforeEach(() => {
    objects = new ObjectStore(createMemoryStore());
    registry = new Registry(builtinResources, builtinSchemas);
    crdDef = registry.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
    ac = new AbortController();
  });
  afterEach(async () => { ac.abort(); await ctl?.done; ctl = undefined; });

  it('serves a CRD stored before start once synced, and marks it NamesAccepted and Established', async () => {
    await objects.create(crdDef, widgetCrd());
    await start().synced;
    const def = registry.lookup(G, 'v1', 'widgets');
    assert.equal(def?.kind, 'Widget');
    assert.equal(registry.schemas()['dev.kite.example.v1.Widget']?.type, 'object');
    const stored = await objects.get(crdDef, undefined, NAME) as Crd;
    assert.deepEqual(stored.status?.conditions, [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: '2024-02-02T00:00:00Z', reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: '2024-02-02T00:00:00Z', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ]);
    assert.deepEqual(stored.status?.acceptedNames, { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'], categories: ['all'] });
    assert.deepEqual(stored.status?.storedVersions, ['v1']);
    assert.deepEqual(stored.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
  });

  it('does not rewrite the CRD after its own status write', async () => {
    await start().synced;
    await objects.create(crdDef, widgetCrd());
    await until('established', async () => condition(await objects.tryGet(crdDef, undefined, NAME), 'Established'));
    const rv = (await objects.get(crdDef, undefined, NAME)).metadata.resourceVersion;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await objects.get(crdDef, undefined, NAME)).metadata.resourceVersion, rv);
  });

  it('a kind already served in the group is a KindConflict and is not served', async () => {
    await objects.create(crdDef, widgetCrd());
    const rival = widgetCrd({ names: { plural: 'gizmos', singular: 'gizmo', kind: 'Widget' } });
    rival.metadata = { name: `gizmos.${G}`, uid: 'u-2', creationTimestamp: '2024-01-02T00:00:00Z' };
    await objects.create(crdDef, rival);
    await start().synced;
    assert.equal(registry.lookup(G, 'v1', 'gizmos'), undefined);
    const stored = await objects.get(crdDef, undefined, `gizmos.${G}`);
    assert.deepEqual(condition(stored, 'NamesAccepted'), {
      type: 'NamesAccepted', status: 'False', lastTransitionTime: '2024-02-02T00:00:00Z', reason: 'KindConflict', message: '"Widget" is already in use',
    });
    assert.equal(condition(stored, 'Established')?.status, 'False');
  });

  it('a CRD that lost a names conflict is served once the winner is deleted', async () => {
    await objects.create(crdDef, widgetCrd());
    const rival = widgetCrd({ names: { plural: 'gizmos', singular: 'gizmo', kind: 'Widget' } });
    rival.metadata = { name: `gizmos.${G}`, uid: 'u-2', creationTimestamp: '2024-01-02T00:00:00Z' };
    await objects.create(crdDef, rival);
    await start().synced;
    assert.equal(registry.lookup(G, 'v1', 'gizmos'), undefined);
    await objects.delete(crdDef, await objects.get(crdDef, undefined, NAME));
    await until('rival served', () => registry.lookup(G, 'v1', 'gizmos'));
    await until('rival established', async () => condition(await objects.get(crdDef, undefined, `gizmos.${G}`), 'Established')?.status === 'True' || undefined);
  });

  it('re-registers when a version stops being served', async () => {
    const crd = widgetCrd();
    crd.spec.versions.push({ ...crd.spec.versions[0]!, name: 'v2', storage: false });
    await objects.create(crdDef, crd);
    await start().synced;
    assert.ok(registry.lookup(G, 'v2', 'widgets'));
    await objects.update(crdDef, undefined, NAME, (c) => { (c as Crd).spec.versions[1]!.served = false; return c; });
    await until('v2 unserved', () => registry.lookup(G, 'v2', 'widgets') === undefined || undefined);
    assert.ok(registry.lookup(G, 'v1', 'widgets'));
  });

  it('deleting the CRD stops serving it, deletes its objects and releases the finalizer', async () => {
    await objects.create(crdDef, widgetCrd());
    await start().synced;
    const def = registry.lookup(G, 'v1', 'widgets')!;
    await objects.create(def, { apiVersion: `${G}/v1`, kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { name: 'a' } });
    await objects.create(def, { apiVersion: `${G}/v1`, kind: 'Widget', metadata: { name: 'w2', namespace: 'other' }, spec: { name: 'b' } });
    // What the DELETE handler does for an object with finalizers.
    await objects.update(crdDef, undefined, NAME, (c) => { c.metadata.deletionTimestamp = '2024-02-02T00:00:00Z'; return c; });
    await until('CRD gone', async () => (await objects.tryGet(crdDef, undefined, NAME)) === undefined || undefined);
    assert.equal(registry.lookup(G, 'v1', 'widgets'), undefined);
    assert.equal(registry.schemas()['dev.kite.example.v1.Widget'], undefined);
    assert.deepEqual((await objects.list(def, undefined)).items, []);
  });

  it('a CRD removed outright (no finalizer run) is no longer served and its objects are deleted', async () => {
    await objects.create(crdDef, widgetCrd());
    await start().synced;
    const def = registry.lookup(G, 'v1', 'widgets')!;
    await objects.create(def, { apiVersion: `${G}/v1`, kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { name: 'a' } });
    await objects.delete(crdDef, await objects.get(crdDef, undefined, NAME));
    await until('unserved', () => registry.lookup(G, 'v1', 'widgets') === undefined || undefined);
    await until('objects deleted', async () => (await objects.list(def, undefined)).items.length === 0 || undefined);
  });

  it('done resolves after abort even before the first sync', async () => {
    ac.abort();
    const c = start();
    await c.synced;
    await c.done;
  });
});
