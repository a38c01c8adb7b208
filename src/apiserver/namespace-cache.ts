/**
 * Namespaces as the NamespaceLifecycle admission sees them: an in-memory copy kept by a watch on the
 * store, so the existence check on every namespaced create costs a map lookup instead of a read.
 * A miss falls back to the store (a namespace created a moment ago may not have arrived yet).
 */
import type { Logger } from 'pino';
import type { AnyResourceDef } from '../api/registry/types.js';
import type { KObject } from '../api/types/index.js';
import type { ObjectStore } from './rest/objects.js';

export interface NamespaceLookup {
  get(name: string): Promise<KObject | undefined>;
}

export function startNamespaceCache(d: { objects: ObjectStore; def: AnyResourceDef; log: Logger; signal: AbortSignal }): NamespaceLookup & { done: Promise<void> } {
  const cache = new Map<string, KObject>();
  let synced = false;
  const done = (async () => {
    while (!d.signal.aborted) {
      try {
        const list = await d.objects.list(d.def, undefined);
        cache.clear();
        for (const ns of list.items) cache.set(ns.metadata.name as string, ns);
        synced = true;
        for await (const batch of d.objects.watch(d.def, undefined, Number(list.metadata.resourceVersion), undefined, d.signal)) {
          for (const ev of batch) {
            if (ev.type === 'DELETED') cache.delete(ev.object.metadata.name as string);
            else cache.set(ev.object.metadata.name as string, ev.object);
          }
        }
      } catch (err) {
        synced = false;
        if (!d.signal.aborted) d.log.warn({ err }, 'namespace cache watch failed; relisting');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  })();
  return {
    done,
    async get(name) {
      const hit = synced ? cache.get(name) : undefined;
      return hit ?? d.objects.tryGet(d.def, undefined, name);
    },
  };
}
