import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import type { InformerEvent, SharedInformer, SharedInformers } from '../../../src/controllers/index.js';
import { createGarbageCollector } from '../../../src/controllers/garbage-collector.js';
import { fakeClock } from './fake-clock.js';

const VERBS = ['delete', 'get', 'list', 'watch'];
const cm = (name: string, uid: string, owner?: { name: string; uid: string; kind?: string; apiVersion?: string }): KObject => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name, namespace: 'default', uid, resourceVersion: '1', ownerReferences: owner && [{ apiVersion: owner.apiVersion ?? 'v1', kind: owner.kind ?? 'ConfigMap', name: owner.name, uid: owner.uid }] },
});

/** Discovery, live objects and shared informers over the same in-memory objects (by plural). */
function fixture(objects: Record<string, KObject[]>) {
  const groups: Array<{ name: string; versions: Array<{ version: string }> }> = [];
  const docs: Record<string, unknown> = { '/api/v1': { resources: [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: VERBS }] } };
  const handlers = new Map<string, Array<(e: InformerEvent<KObject>) => void>>();
  const writes: string[] = [];
  const all = (plural: string) => objects[plural] ?? [];
  const client = {
    raw: async (_m: string, path: string) => (path === '/apis' ? { groups } : docs[path]),
    get: async (r: ResourceRef, name: string) => {
      const o = all(r.plural).find((x) => x.metadata.name === name);
      if (!o) throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404, reason: 'NotFound', message: 'nf' });
      return o;
    },
    delete: async (r: ResourceRef, name: string) => {
      writes.push(`delete ${r.plural}/${name}`);
      const o = all(r.plural).find((x) => x.metadata.name === name)!;
      objects[r.plural] = all(r.plural).filter((x) => x !== o);
      for (const h of handlers.get(r.plural) ?? []) h({ type: 'delete', obj: o });
      return { metadata: {} };
    },
  } as unknown as KubeClient;
  const informers: SharedInformers = {
    forResource<T extends KObject>(ref: ResourceRef) {
      const inf: SharedInformer<KObject> = {
        addHandler: (h) => { handlers.set(ref.plural, [...handlers.get(ref.plural) ?? [], h]); for (const obj of all(ref.plural)) h({ type: 'add', obj }); },
        synced: async () => undefined, hasSynced: () => true, list: () => all(ref.plural), get: () => undefined,
      };
      return inf as unknown as SharedInformer<T>;
    },
    run: async () => undefined,
  };
  const clock = fakeClock();
  const gc = createGarbageCollector({ client, informers, log: pino({ level: 'silent' }), recorder: { event: () => undefined }, clock }, { rediscoverMs: 1000 });
  const addGroup = (group: string, plural: string, kind: string) => {
    groups.push({ name: group, versions: [{ version: 'v1' }] });
    docs[`/apis/${group}/v1`] = { resources: [{ name: plural, kind, namespaced: true, verbs: VERBS }] };
  };
  return { gc, writes, clock, addGroup, watched: () => [...handlers.keys()] };
}

const until = async (what: string, cond: () => boolean) => {
  for (const end = Date.now() + 5000; !cond(); await sleep(2)) if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
};

describe('garbage collector', () => {
  it('deletes a dependent whose owner is missing, then the dependents of that dependent', async () => {
    const f = fixture({ configmaps: [cm('mid', 'm1', { name: 'top', uid: 't1' }), cm('leaf', 'l1', { name: 'mid', uid: 'm1' }), cm('free', 'f1')] });
    const ac = new AbortController();
    const running = f.gc.run(ac.signal);
    await until('both deletes', () => f.writes.length === 2);
    ac.abort();
    await running;
    assert.deepEqual(f.writes, ['delete configmaps/mid', 'delete configmaps/leaf']);
  });

  it('re-discovers periodically, so objects of a new type (a CRD) are collected too', async () => {
    const f = fixture({
      configmaps: [cm('owner', 'o1')],
      widgets: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default', uid: 'w1', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: 'g1' }] } }],
    });
    const ac = new AbortController();
    const running = f.gc.run(ac.signal);
    await until('the first discovery', () => f.watched().length === 1);
    f.addGroup('example.com', 'widgets', 'Widget');
    await f.clock.advance(1000);
    await until('the widget is deleted', () => f.writes.length === 1);
    ac.abort();
    await running;
    assert.deepEqual([f.watched(), f.writes], [['configmaps', 'widgets'], ['delete widgets/w']]);
  });
});
