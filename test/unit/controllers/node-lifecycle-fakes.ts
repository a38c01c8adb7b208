/**
 * Fakes shared by the node-lifecycle, pod-gc, resourcequota and disruption tests: a KubeClient that
 * records every write (and answers GETs from a map), a recorder that keeps events, and a cache.
 */
import type { KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import type { EventRecorder } from '../../../src/controllers/index.js';

export interface Write { verb: string; resource: string; name: string; obj?: KObject; opts?: unknown }

const notFound = (name: string) =>
  new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404, reason: 'NotFound', message: `"${name}" not found` });

const resName = (r: ResourceRef) => `${r.namespace ? `${r.namespace}/` : ''}${r.plural}`;

export function fakeClient(existing: Record<string, KObject> = {}) {
  const writes: Write[] = [];
  let rv = 100;
  const bump = <T extends KObject>(o: T): T => ({ ...structuredClone(o), metadata: { ...o.metadata, resourceVersion: String(++rv) } });
  const client: Pick<KubeClient, 'get' | 'update' | 'updateStatus' | 'delete' | 'raw'> = {
    get: async <T extends KObject>(r: ResourceRef, name: string) => {
      const o = existing[`${resName(r)}/${name}`];
      if (!o) throw notFound(name);
      return structuredClone(o) as T;
    },
    update: async <T extends KObject>(r: ResourceRef, obj: T) => { writes.push({ verb: 'update', resource: resName(r), name: obj.metadata.name!, obj: structuredClone(obj) }); return bump(obj); },
    updateStatus: async <T extends KObject>(r: ResourceRef, obj: T) => { writes.push({ verb: 'updateStatus', resource: resName(r), name: obj.metadata.name!, obj: structuredClone(obj) }); return bump(obj); },
    delete: async (r, name, o) => { writes.push({ verb: 'delete', resource: resName(r), name, opts: o }); return { metadata: {} }; },
    raw: async (_m, path) => { throw notFound(path); },
  };
  return { client, writes, summary: () => writes.map((w) => `${w.verb} ${w.resource}/${w.name}`) };
}

export function fakeRecorder() {
  const events: string[] = [];
  const recorder: EventRecorder = { event: (o, type, reason, message) => { events.push(`${type} ${reason} ${o.metadata.name}: ${message}`); } };
  return { recorder, events };
}

/** A cache keyed like the informers (`ns/name` or `name`). */
export function cacheOf<T extends KObject>(...objs: T[]): Map<string, T> {
  return new Map(objs.map((o) => [o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!, o]));
}

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
