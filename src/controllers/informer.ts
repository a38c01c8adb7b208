/**
 * A list-watch cache of one resource that never dies silently (STYLE rule 10, client-go reflector):
 * list in pages of 500 → cache keyed `ns/name` → watch from the list's resourceVersion with
 * bookmarks and a random 300–600 s timeout. A closed stream is re-watched from the last
 * resourceVersion seen; 410 Expired relists and hands the handler the difference (synthetic
 * deletes, adds and updates); any other failure retries with capped back-off until the signal aborts.
 */
import type { Logger } from 'pino';
import type { KObject, Status } from '../api/types/index.js';
import { ApiError, isExpired, type KubeClient, type ResourceRef } from '../client/index.js';
import { backoffMs } from './backoff.js';
import { realClock, type Clock } from './clock.js';

export type InformerEvent<T> =
  | { type: 'add'; obj: T }
  | { type: 'update'; obj: T; old: T }
  | { type: 'delete'; obj: T };

export interface Informer<T extends KObject> {
  /** Lists and watches until the signal aborts; resolves once the watch is closed. Call once. */
  run(signal: AbortSignal): Promise<void>;
  /** Resolves after the first complete list; rejects with the signal's reason if it aborts first. */
  synced(signal: AbortSignal): Promise<void>;
  hasSynced(): boolean;
  list(): T[];
  get(key: string): T | undefined;
}

export interface InformerOptions<T extends KObject> {
  client: Pick<KubeClient, 'list' | 'watch'>;
  ref: ResourceRef;
  /** Overrides ref.namespace; leave both unset for all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Called synchronously for every change; it should only enqueue (STYLE rule 9). */
  onEvent?: (e: InformerEvent<T>) => void;
  /** Re-deliver every cached object as an update this often (0/unset: never). */
  resyncMs?: number;
  log: Logger;
  clock?: Clock;
  random?: () => number;
  pageSize?: number;
}

/** client-go's MetaNamespaceKeyFunc: `ns/name`, or `name` for cluster-scoped objects. */
export const objectKey = (o: KObject): string =>
  o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : `${o.metadata.name}`;

/** A watch that ends this soon without delivering anything counts as a failure (no hot loop). */
const SHORT_WATCH_MS = 1000;

export function createInformer<T extends KObject>(o: InformerOptions<T>): Informer<T> {
  const clock = o.clock ?? realClock;
  const random = o.random ?? Math.random;
  const ref: ResourceRef = { ...o.ref, namespace: o.namespace ?? o.ref.namespace };
  const selectors = { labelSelector: o.labelSelector, fieldSelector: o.fieldSelector };
  const log = o.log.child({ informer: `${ref.plural}${ref.group ? `.${ref.group}` : ''}` });
  const cache = new Map<string, T>();
  let synced = false;
  let started = false;
  let markSynced!: () => void;
  const syncedP = new Promise<void>((r) => { markSynced = r; });

  const emit = (e: InformerEvent<T>) => {
    try { o.onEvent?.(e); } catch (err) { log.error({ err }, 'informer event handler threw'); }
  };

  async function relist(signal: AbortSignal): Promise<string> {
    const fresh = new Map<string, T>();
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await o.client.list<T>(ref, { ...selectors, limit: o.pageSize ?? 500, continue: cont, signal });
      for (const it of page.items) fresh.set(objectKey(it), it);
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion ?? '';
    } while (cont);
    for (const [k, old] of cache) if (!fresh.has(k)) { cache.delete(k); emit({ type: 'delete', obj: old }); }
    for (const [k, obj] of fresh) {
      const old = cache.get(k);
      cache.set(k, obj);
      if (!old) emit({ type: 'add', obj });
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) emit({ type: 'update', obj, old });
    }
    if (!synced) { synced = true; markSynced(); }
    log.debug({ rv, count: cache.size }, 'listed');
    return rv;
  }

  /** Follows one watch stream; returns the last resourceVersion seen when the server closes it. */
  async function watchFrom(rv: string, signal: AbortSignal): Promise<string> {
    const start = clock.now();
    const timeoutSeconds = 300 + Math.floor(random() * 301);
    let last = rv;
    let seen = 0;
    const stream = o.client.watch<T>(ref, { ...selectors, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds }, signal);
    for await (const ev of stream) {
      if (ev.type === 'ERROR') {
        const s = ev.object as Partial<Status>;
        throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...s, code: s.code ?? 500 } as Status);
      }
      seen++;
      const obj = ev.object as T;
      last = obj.metadata?.resourceVersion || last;
      if (ev.type === 'BOOKMARK') continue;
      const k = objectKey(obj);
      const old = cache.get(k);
      if (ev.type === 'DELETED') {
        cache.delete(k);
        emit({ type: 'delete', obj });
      } else {
        cache.set(k, obj);
        emit(old ? { type: 'update', obj, old } : { type: 'add', obj });
      }
    }
    if (!seen && !signal.aborted && clock.now() - start < SHORT_WATCH_MS) throw new Error('watch closed at once without any event');
    return last;
  }

  async function resyncLoop(signal: AbortSignal): Promise<void> {
    while (o.resyncMs && !signal.aborted) {
      await clock.sleep(o.resyncMs, signal);
      if (signal.aborted) break;
      for (const obj of cache.values()) emit({ type: 'update', obj, old: obj });
    }
  }

  return {
    async run(signal) {
      if (started) throw new Error(`informer for ${ref.plural} is already running`);
      started = true;
      const resync = resyncLoop(signal);
      let rv = '';
      for (let failures = 0; !signal.aborted;) {
        try {
          if (!rv) rv = await relist(signal);
          rv = await watchFrom(rv, signal);
          failures = 0;
        } catch (err) {
          if (signal.aborted) break;
          failures++;
          const expired = isExpired(err);
          if (expired) { rv = ''; log.info({ err }, 'resourceVersion expired; relisting'); }
          else log.warn({ err, failures }, 'list/watch failed; retrying');
          // the first 410 relists at once; repeated failures back off (a server that always
          // answers 410 must not be hammered, notes §3)
          if (!expired || failures > 1) await clock.sleep(backoffMs(failures, { random }), signal);
        }
      }
      await resync;
    },
    synced(signal) {
      if (synced) return Promise.resolve();
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        void syncedP.then(() => { signal.removeEventListener('abort', onAbort); resolve(); });
      });
    },
    hasSynced: () => synced,
    list: () => [...cache.values()],
    get: (key) => cache.get(key),
  } satisfies Informer<T>;
}
