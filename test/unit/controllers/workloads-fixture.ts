/**
 * A controller fixture for the workload controllers' unit tests (STYLE rule 16): informer caches
 * preloaded per resource, a fake KubeClient that records every write (and answers get from the
 * cache plus what was created), a recorder that keeps events, and a manual clock. `reconcile(key)`
 * runs one pass; `settle()` moves what was written into the caches, as the informers would.
 */
import type { KList, KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import type { ControllerDeps, RunnableController, SharedInformer, SharedInformers } from '../../../src/controllers/index.js';
import { objectKey, type InformerEvent } from '../../../src/controllers/informer.js';
import { pino } from 'pino';
import { fakeClock } from './fake-clock.js';

export interface Write { verb: string; resource: string; name: string }

const apiError = (code: number, reason: string) =>
  new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message: reason });

export function workloadFixture(o: { cache?: Record<string, KObject[]>; now?: string | number } = {}) {
  const now = typeof o.now === 'string' ? Date.parse(o.now) : o.now ?? Date.parse('2025-01-01T00:00:00Z');
  const clock = fakeClock(now);
  const stores = new Map<string, Map<string, KObject>>();
  const handlers = new Map<string, Array<(e: InformerEvent<KObject>) => void>>();
  const store = (plural: string) => { let s = stores.get(plural); if (!s) stores.set(plural, (s = new Map())); return s; };
  for (const [plural, objs] of Object.entries(o.cache ?? {})) for (const x of objs) store(plural).set(objectKey(x), structuredClone(x));
  const log: Array<Write & { obj?: KObject; opts?: unknown }> = [];
  const events: Array<{ reason: string; message: string; type: string }> = [];
  const pendingEvents: Array<[string, InformerEvent<KObject>]> = [];
  let seq = 0;

  const informers: SharedInformers = {
    forResource<T extends KObject>(ref: ResourceRef) {
      const s = store(ref.plural);
      const hs = handlers.get(ref.plural) ?? [];
      handlers.set(ref.plural, hs);
      const inf: SharedInformer<KObject> = {
        // like the real one, a late handler first sees every cached object
        addHandler: (h) => { hs.push(h); for (const x of s.values()) h({ type: 'add', obj: x }); },
        synced: async () => undefined,
        hasSynced: () => true,
        list: () => [...s.values()],
        get: (k) => s.get(k),
      };
      return inf as unknown as SharedInformer<T>;
    },
    run: async () => undefined,
  };

  const record = (verb: string, ref: ResourceRef, name: string, obj?: KObject, opts?: unknown) => log.push({ verb, resource: ref.plural, name, obj, opts });
  const client = {
    get: async (ref: ResourceRef, name: string) => {
      const x = store(ref.plural).get(ref.namespace ? `${ref.namespace}/${name}` : name);
      if (!x) throw apiError(404, 'NotFound');
      return structuredClone(x);
    },
    list: async (ref: ResourceRef) => ({ apiVersion: 'v1', kind: 'List', metadata: {}, items: [...store(ref.plural).values()] }) as KList,
    create: async (ref: ResourceRef, obj: KObject) => {
      const made = structuredClone(obj);
      made.metadata.name ??= `${obj.metadata.generateName}${++seq}`;
      made.metadata.namespace ??= ref.namespace;
      if (store(ref.plural).has(objectKey(made))) throw apiError(409, 'AlreadyExists');
      Object.assign(made.metadata, { uid: `uid-${made.metadata.name}`, resourceVersion: '1', creationTimestamp: new Date(clock.now()).toISOString() });
      record('create', ref, made.metadata.name, made);
      pendingEvents.push([ref.plural, { type: 'add', obj: made }]);
      return made;
    },
    update: async (ref: ResourceRef, obj: KObject) => { record('update', ref, obj.metadata.name!, obj); pendingEvents.push([ref.plural, { type: 'update', obj, old: obj }]); return obj; },
    updateStatus: async (ref: ResourceRef, obj: KObject) => {
      record('updateStatus', ref, obj.metadata.name!, structuredClone(obj));
      pendingEvents.push([ref.plural, { type: 'update', obj: structuredClone(obj), old: obj }]);
      return obj;
    },
    patch: async (ref: ResourceRef, name: string) => { record('patch', ref, name); return { metadata: { name } }; },
    delete: async (ref: ResourceRef, name: string, opts?: unknown) => {
      record('delete', ref, name, undefined, opts);
      const x = store(ref.plural).get(ref.namespace ? `${ref.namespace}/${name}` : name);
      if (x) pendingEvents.push([ref.plural, { type: 'delete', obj: x }]);
      return { metadata: {} };
    },
  } as unknown as KubeClient;

  const deps: ControllerDeps = {
    client, informers, clock, log: pino({ level: 'silent' }),
    recorder: { event: (_obj, type, reason, message) => events.push({ type, reason, message }) },
  };

  return {
    deps, clock, events,
    /** Every write as `verb resource/name`, in order. */
    writes: () => log.map((w) => `${w.verb} ${w.resource}/${w.name}`),
    /** The objects (or options) of the writes matching verb and resource. */
    written: <T = KObject>(verb: string, resource: string) => log.filter((w) => w.verb === verb && w.resource === resource).map((w) => (w.obj ?? w.opts) as T),
    clear: () => { log.length = 0; events.length = 0; },
    /** Applies the writes so far to the caches, delivering informer events. */
    settle: () => {
      for (const [plural, e] of pendingEvents.splice(0)) {
        const s = store(plural);
        if (e.type === 'delete') s.delete(objectKey(e.obj)); else s.set(objectKey(e.obj), structuredClone(e.obj));
        for (const h of handlers.get(plural) ?? []) h(e);
      }
    },
    put: (plural: string, obj: KObject) => {
      const old = store(plural).get(objectKey(obj));
      store(plural).set(objectKey(obj), structuredClone(obj));
      for (const h of handlers.get(plural) ?? []) h(old ? { type: 'update', obj, old } : { type: 'add', obj });
    },
    get: <T extends KObject>(plural: string, key: string) => store(plural).get(key) as T | undefined,
    reconciler: (c: RunnableController) => (key: string) =>
      (c as unknown as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(key, new AbortController().signal),
  };
}
