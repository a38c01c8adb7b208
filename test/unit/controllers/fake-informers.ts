/** Shared informers over preloaded caches, for controller unit tests; `emit` plays an event to the handlers and updates the cache. */
import type { KObject } from '../../../src/api/types/index.js';
import type { ResourceRef } from '../../../src/client/index.js';
import type { InformerEvent, SharedInformer, SharedInformers } from '../../../src/controllers/index.js';

export const objKey = (o: KObject) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : `${o.metadata.name}`);

export function fakeInformers(caches: Record<string, KObject[]>) {
  const entries = new Map<string, { cache: Map<string, KObject>; handlers: Array<(e: InformerEvent<KObject>) => void> }>();
  const entry = (plural: string) => {
    let e = entries.get(plural);
    if (!e) entries.set(plural, (e = { cache: new Map((caches[plural] ?? []).map((o) => [objKey(o), o])), handlers: [] }));
    return e;
  };
  const informers: SharedInformers = {
    forResource<T extends KObject>(ref: ResourceRef) {
      const e = entry(ref.plural);
      const inf: SharedInformer<KObject> = {
        addHandler: (h) => { e.handlers.push(h); for (const obj of e.cache.values()) h({ type: 'add', obj }); },
        synced: async () => undefined, hasSynced: () => true, list: () => [...e.cache.values()], get: (k) => e.cache.get(k),
      };
      return inf as unknown as SharedInformer<T>;
    },
    run: async () => undefined,
  };
  const emit = (plural: string, ev: InformerEvent<KObject>) => {
    const e = entry(plural);
    if (ev.type === 'delete') e.cache.delete(objKey(ev.obj)); else e.cache.set(objKey(ev.obj), ev.obj);
    for (const h of e.handlers) h(ev);
  };
  return { informers, emit };
}
