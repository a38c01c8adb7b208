/**
 * Test doubles for the ReplicaSet and Deployment controller tests (STYLE rule 16): shared
 * informers preloaded with objects, and a client that applies writes to an in-memory store and
 * logs each one as a short line, so a test asserts the exact list of writes of one reconcile.
 */
import type { KList, KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import type { ControllerDeps, SharedInformer, SharedInformers } from '../../../src/controllers/index.js';
import { pino } from 'pino';
import { fakeClock } from './fake-clock.js';

export const NOW = Date.parse('2025-01-01T00:00:00Z');
export const ts = (msAgo = 0) => new Date(NOW - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');

const status = (code: number, reason: string, message: string) =>
  new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message });

export interface Fixture {
  deps: ControllerDeps;
  writes: string[];
  events: string[];
  store: Map<string, KObject>;
  /** Makes the next matching calls fail (verb + plural, e.g. 'create pods'), after `okFirst` successes. */
  failAfter(call: string, okFirst: number): void;
}

const keyOf = (ref: ResourceRef, ns: string | undefined, name: string) => `${ref.plural}/${ns ?? ''}/${name}`;

export function fixture(objs: Record<string, KObject[]>): Fixture {
  const store = new Map<string, KObject>();
  const caches = new Map<string, KObject[]>(Object.entries(objs));
  for (const [plural, list] of caches) for (const o of list) store.set(`${plural}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, structuredClone(o));
  const writes: string[] = [];
  const events: string[] = [];
  const failures = new Map<string, number>();
  let rv = 1000;
  let n = 0;
  const check = (call: string) => {
    const left = failures.get(call);
    if (left === undefined) return;
    if (left > 0) { failures.set(call, left - 1); return; }
    throw status(500, 'InternalError', `${call} failed`);
  };
  const stored = <T>(o: KObject) => structuredClone(o) as unknown as T;

  const client: KubeClient = {
    async get<T extends KObject>(ref: ResourceRef, name: string) {
      const o = store.get(keyOf(ref, ref.namespace, name));
      if (!o) throw status(404, 'NotFound', `${ref.plural} "${name}" not found`);
      return stored<T>(o);
    },
    async list<T extends KObject>(ref: ResourceRef) {
      return { apiVersion: 'v1', kind: 'List', metadata: {}, items: [...store.entries()].filter(([k]) => k.startsWith(`${ref.plural}/`)).map(([, o]) => o) } as unknown as KList<T>;
    },
    async create<T extends KObject>(ref: ResourceRef, obj: T) {
      check(`create ${ref.plural}`);
      const o = structuredClone(obj) as KObject;
      o.metadata.name ??= `${o.metadata.generateName}${String(++n).padStart(5, 'x')}`;
      const k = keyOf(ref, ref.namespace, o.metadata.name);
      if (store.has(k)) throw status(409, 'AlreadyExists', `${ref.plural} "${o.metadata.name}" already exists`);
      Object.assign(o.metadata, { uid: `uid-${o.metadata.name}`, resourceVersion: String(++rv), creationTimestamp: ts(), generation: 1 });
      store.set(k, o);
      writes.push(`create ${ref.plural} ${o.metadata.generateName && !obj.metadata.name ? `${o.metadata.generateName}*` : o.metadata.name}`);
      return stored<T>(o);
    },
    async update<T extends KObject>(ref: ResourceRef, obj: T) {
      check(`update ${ref.plural}`);
      const k = keyOf(ref, ref.namespace, obj.metadata.name ?? '');
      const cur = store.get(k);
      if (!cur) throw status(404, 'NotFound', 'gone');
      if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) throw status(409, 'Conflict', 'modified');
      const o = { ...structuredClone(obj), status: cur.status, metadata: { ...structuredClone(obj.metadata), resourceVersion: String(++rv) } } as KObject;
      store.set(k, o);
      writes.push(`update ${ref.plural} ${obj.metadata.name} replicas=${(obj as { spec?: { replicas?: number } }).spec?.replicas}`);
      return stored<T>(o);
    },
    async updateStatus<T extends KObject>(ref: ResourceRef, obj: T) {
      check(`updateStatus ${ref.plural}`);
      const k = keyOf(ref, ref.namespace, obj.metadata.name ?? '');
      const cur = store.get(k)!;
      if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) throw status(409, 'Conflict', 'modified');
      const o = { ...structuredClone(cur), status: structuredClone(obj.status), metadata: { ...cur.metadata, resourceVersion: String(++rv) } } as KObject;
      store.set(k, o);
      writes.push(`status ${ref.plural} ${obj.metadata.name}`);
      return stored<T>(o);
    },
    async patch<T extends KObject>(ref: ResourceRef, name: string, type: string, body: unknown) {
      const k = keyOf(ref, ref.namespace, name);
      const cur = store.get(k);
      if (!cur) throw status(404, 'NotFound', 'gone');
      writes.push(`patch ${ref.plural} ${name} ${type} ${JSON.stringify(body)}`);
      const o = structuredClone(cur);
      const meta = (body as { metadata?: { annotations?: Record<string, string>; ownerReferences?: Array<Record<string, unknown>> } }).metadata ?? {};
      if (meta.annotations) o.metadata.annotations = { ...o.metadata.annotations, ...meta.annotations };
      for (const r of meta.ownerReferences ?? []) {
        const rest = (o.metadata.ownerReferences ?? []).filter((x) => x.uid !== r.uid);
        o.metadata.ownerReferences = r.$patch === 'delete' ? rest : [...rest, r as never];
      }
      o.metadata.resourceVersion = String(++rv);
      store.set(k, o);
      return stored<T>(o);
    },
    async delete(ref: ResourceRef, name: string) {
      check(`delete ${ref.plural}`);
      const k = keyOf(ref, ref.namespace, name);
      const cur = store.get(k);
      if (!cur) throw status(404, 'NotFound', 'gone');
      store.delete(k);
      writes.push(`delete ${ref.plural} ${name}`);
      return cur;
    },
    watch: () => { throw new Error('not used'); },
    raw: async () => { throw new Error('not used'); },
    close: () => undefined,
  };

  const informers: SharedInformers = {
    forResource<T extends KObject>(ref: ResourceRef) {
      const list = () => (caches.get(ref.plural) ?? []) as unknown as T[];
      const shared: SharedInformer<T> = {
        // like the real shared informer, a late handler is handed the cached objects as adds
        addHandler: (h) => { for (const obj of list()) h({ type: 'add', obj }); },
        synced: async () => undefined,
        hasSynced: () => true,
        list,
        get: (key) => list().find((o) => `${o.metadata.namespace}/${o.metadata.name}` === key),
      };
      return shared;
    },
    run: async () => undefined,
  };
  const clock = fakeClock(NOW);
  const deps: ControllerDeps = {
    client, informers, clock, log: pino({ level: 'silent' }),
    recorder: { event: (o, type, reason, message) => { events.push(`${type} ${reason} ${o.metadata.name}: ${message}`); } },
  };
  return { deps, writes, events, store, failAfter: (call, okFirst) => failures.set(call, okFirst) };
}

export const stored = <T>(f: Fixture, plural: string, name: string, ns = 'default'): T => f.store.get(`${plural}/${ns}/${name}`) as unknown as T;
