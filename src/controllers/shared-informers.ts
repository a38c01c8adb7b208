/**
 * One informer per resource (and selector) for all controllers in the process (client-go's
 * SharedInformerFactory): N controllers watching pods cost one watch and one cache, and each
 * registers its own handlers. The factory runs every informer it created until the signal aborts.
 */
import type { Logger } from 'pino';
import type { KObject } from '../api/types/index.js';
import type { KubeClient, ResourceRef } from '../client/index.js';
import type { Clock } from './clock.js';
import { createInformer, type Informer, type InformerEvent } from './informer.js';

export interface SharedInformer<T extends KObject> extends Omit<Informer<T>, 'run'> {
  /** Handlers run synchronously in registration order; they should only enqueue. */
  addHandler(h: (e: InformerEvent<T>) => void): void;
}

export interface SharedInformers {
  forResource<T extends KObject>(ref: ResourceRef, o?: { labelSelector?: string; fieldSelector?: string }): SharedInformer<T>;
  /** Runs every informer created so far (and any created later); resolves once all have stopped. */
  run(signal: AbortSignal): Promise<void>;
}

export function createSharedInformers(d: { client: Pick<KubeClient, 'list' | 'watch'>; log: Logger; clock?: Clock; resyncMs?: number }): SharedInformers {
  const entries = new Map<string, { informer: Informer<KObject>; shared: SharedInformer<KObject> }>();
  let running: { signal: AbortSignal; runs: Array<Promise<void>> } | undefined;

  const start = (inf: Informer<KObject>) => { if (running) running.runs.push(inf.run(running.signal)); };

  return {
    forResource<T extends KObject>(ref: ResourceRef, o: { labelSelector?: string; fieldSelector?: string } = {}) {
      const key = JSON.stringify([ref.group, ref.version, ref.plural, ref.namespace ?? '', o.labelSelector ?? '', o.fieldSelector ?? '']);
      let e = entries.get(key);
      if (!e) {
        const handlers: Array<(ev: InformerEvent<KObject>) => void> = [];
        const log = d.log;
        const informer = createInformer<KObject>({
          client: d.client, ref, ...o, log, clock: d.clock, resyncMs: d.resyncMs,
          onEvent: (ev) => {
            for (const h of handlers) {
              try { h(ev); } catch (err) { log.error({ err }, 'shared informer handler threw'); }
            }
          },
        });
        const shared: SharedInformer<KObject> = {
          addHandler: (h) => {
            handlers.push(h);
            // A late handler sees the objects already cached, as client-go delivers them.
            for (const obj of informer.list()) {
              try { h({ type: 'add', obj }); } catch (err) { log.error({ err }, 'shared informer handler threw'); }
            }
          },
          synced: (s) => informer.synced(s),
          hasSynced: () => informer.hasSynced(),
          list: () => informer.list(),
          get: (k) => informer.get(k),
        };
        e = { informer, shared };
        entries.set(key, e);
        start(informer);
      }
      return e.shared as unknown as SharedInformer<T>;
    },
    async run(signal) {
      running = { signal, runs: [] };
      for (const { informer } of entries.values()) running.runs.push(informer.run(signal));
      // Informers created while running join the list; wait until the list stops growing.
      for (let n = 0; n < running.runs.length; n = running.runs.length) await Promise.all(running.runs.slice(n));
    },
  };
}
