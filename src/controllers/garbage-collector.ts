/**
 * The garbage collector (upstream pkg/controller/garbagecollector): deletes objects whose owners
 * are all gone, and carries out Foreground and Orphan deletion of owners (see
 * `garbage-collector-sync.ts` for the rules). It watches every listable, watchable, deletable type
 * through the shared informers, found by discovery and re-discovered periodically so CRDs join;
 * the handlers feed one ownership graph, and workers start once the first types' caches are
 * synced — before that the graph could miss dependents (an orphaned one would later look ownerless).
 *
 * Not done: types that disappear (CRD deleted) keep their informer, which then retries with back-off.
 */
import type { KObject } from '../api/types/index.js';
import { backoffMs } from './backoff.js';
import { Controller } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { discoverGcTypes, type GcDiscovery } from './garbage-collector-discovery.js';
import { createGcGraph } from './garbage-collector-graph.js';
import { createGcSync } from './garbage-collector-sync.js';
import type { Informer } from './informer.js';
import { createWorkQueue } from './workqueue.js';

export interface GarbageCollectorOptions {
  /** How often discovery is re-read for new types (default 30 s, as upstream). */
  rediscoverMs?: number;
  workers?: number;
}

type Sync = (key: string, signal: AbortSignal) => Promise<void>;

class GarbageCollector extends Controller {
  constructor(o: ConstructorParameters<typeof Controller>[0], private readonly sync: Sync) { super(o); }
  protected override reconcile(key: string, signal: AbortSignal): Promise<void> { return this.sync(key, signal); }
}

export function createGarbageCollector(d: ControllerDeps, o: GarbageCollectorOptions = {}): RunnableController {
  const log = d.log.child({ controller: 'garbage-collector' });
  const queue = createWorkQueue<string>({ clock: d.clock });
  const graph = createGcGraph();
  const watched = new Set<string>();
  const synced: Array<Pick<Informer<KObject>, 'synced'>> = [];
  let discovery: GcDiscovery | undefined;
  const sync = createGcSync({ client: d.client, graph, discovery: () => discovery, enqueue: (k) => queue.add(k), log });
  const ctrl = new GarbageCollector({ name: 'garbage-collector', log: d.log, queue, shared: synced, workers: o.workers ?? 5 }, sync);

  async function discover(signal: AbortSignal): Promise<boolean> {
    let next: GcDiscovery;
    try { next = await discoverGcTypes(d.client, signal); } catch (err) {
      if (!signal.aborted) log.warn({ err }, 'discovery failed');
      return false;
    }
    if (next.failures.length) log.warn({ failures: next.failures }, 'some API groups could not be discovered');
    // kinds of a group that failed this time stay resolvable from the previous round
    const prev = discovery;
    discovery = { ...next, resolve: (v, k) => next.resolve(v, k) ?? prev?.resolve(v, k) };
    for (const t of next.types) {
      if (watched.has(t.name)) continue;
      watched.add(t.name);
      const inf = d.informers.forResource<KObject>(t.ref);
      inf.addHandler((e) => { for (const k of graph.observe(t, e)) queue.add(k); });
      synced.push(inf);
    }
    return true;
  }

  return {
    async run(signal) {
      for (let n = 1; !signal.aborted && !(await discover(signal)); n++) await d.clock.sleep(backoffMs(n), signal);
      if (signal.aborted) return;
      log.info({ types: watched.size }, 'watching resource types');
      const stop = new AbortController();
      const inner = AbortSignal.any([signal, stop.signal]);
      const rediscover = (async () => {
        while (!inner.aborted) {
          await d.clock.sleep(o.rediscoverMs ?? 30_000, inner);
          if (!inner.aborted) await discover(inner);
        }
      })();
      try { await ctrl.run(signal); } finally {
        stop.abort();
        await rediscover;
      }
    },
  };
}
