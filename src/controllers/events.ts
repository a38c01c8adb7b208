/**
 * The event recorder every controller shares: `event()` only queues (never blocks, never throws
 * into a reconcile), and `run(signal)` writes the queue out as core/v1 Events, what `kubectl
 * describe` shows. Repeats of one (object, type, reason, message) are folded into one Event by
 * patching `count` and `lastTimestamp` — client-go's EventCorrelator, simplified: no aggregation
 * of similar messages and no per-object spam filter; the bounded queue is the only brake.
 * A write that fails is logged and dropped: events are best effort upstream too.
 */
import type { Logger } from 'pino';
import { nowRfc3339 } from '../api/meta.js';
import type { CoreEvent } from '../api/registry/core-types.js';
import { isNotFound, type KubeClient } from '../client/index.js';
import { realClock, type Clock } from './clock.js';
import type { EventRecorder } from './deps.js';

export interface EventRecorderOptions {
  client: Pick<KubeClient, 'create' | 'patch'>;
  /** `source.component` and `reportingComponent`, e.g. `deployment-controller`. */
  component: string;
  host?: string;
  log: Logger;
  clock?: Clock;
  /** Events waiting to be written; more are dropped (default 1000). */
  queueSize?: number;
  /** Recent events remembered for folding repeats (default 4096, upstream's LRU size). */
  cacheSize?: number;
}

export interface RunnableEventRecorder extends EventRecorder {
  /** Writes queued events until the signal aborts; what is still queued then is dropped. */
  run(signal: AbortSignal): Promise<void>;
}

interface Pending { ev: CoreEvent; key: string; at: number }
interface Seen { name: string; namespace: string; count: number }

const eventsIn = (namespace: string) => ({ group: '', version: 'v1', plural: 'events', namespace });

export function createEventRecorder(o: EventRecorderOptions): RunnableEventRecorder {
  const clock = o.clock ?? realClock;
  const log = o.log.child({ component: 'event-recorder' });
  const queueSize = o.queueSize ?? 1000;
  const cacheSize = o.cacheSize ?? 4096;
  const pending: Pending[] = [];
  const seen = new Map<string, Seen>(); // insertion order = LRU order
  let wake: (() => void) | undefined;
  let dropped = 0;
  let seq = 0;

  const remember = (key: string, s: Seen) => {
    seen.delete(key);
    seen.set(key, s);
    if (seen.size > cacheSize) seen.delete(seen.keys().next().value as string);
  };

  /** `<object>.<hex>` like upstream's `name.%x(UnixNano)`; the sequence keeps one millisecond's events apart. */
  const nameFor = (obj: string, at: number) => `${obj}.${(BigInt(at) * 1_000_000n + BigInt(seq++ % 1_000_000)).toString(16)}`;

  async function write(p: Pending, signal: AbortSignal): Promise<void> {
    const ts = nowRfc3339(new Date(p.at));
    const prev = seen.get(p.key);
    if (prev) {
      prev.count++;
      remember(p.key, prev);
      try {
        await o.client.patch(eventsIn(prev.namespace), prev.name, 'merge', { count: prev.count, lastTimestamp: ts }, { signal });
        return;
      } catch (err) {
        // the Event may have expired meanwhile: write a new one carrying the count so far
        if (!isNotFound(err)) throw err;
        p.ev.count = prev.count;
      }
    }
    const ev: CoreEvent = { ...p.ev, metadata: { ...p.ev.metadata, name: nameFor(p.ev.involvedObject.name ?? 'unknown', p.at) } };
    const created = await o.client.create(eventsIn(ev.metadata.namespace as string), ev, { signal });
    remember(p.key, { name: created.metadata.name as string, namespace: ev.metadata.namespace as string, count: ev.count ?? 1 });
  }

  return {
    event(obj, type, reason, message) {
      try {
        if (pending.length >= queueSize) {
          if (dropped++ === 0) log.warn({ queueSize, reason }, 'event queue full; dropping events');
          return;
        }
        const m = obj.metadata;
        const at = clock.now();
        const ts = nowRfc3339(new Date(at));
        const involvedObject = {
          kind: obj.kind, apiVersion: obj.apiVersion, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion,
        };
        const ev: CoreEvent = {
          apiVersion: 'v1', kind: 'Event',
          // Events about cluster-scoped objects (nodes, namespaces) live in `default`, as upstream's.
          metadata: { namespace: m.namespace || 'default' },
          involvedObject, reason, message, type, count: 1,
          source: { component: o.component, ...(o.host ? { host: o.host } : {}) },
          reportingComponent: o.component, reportingInstance: o.host ?? '',
          firstTimestamp: ts, lastTimestamp: ts,
        };
        const key = JSON.stringify([m.uid ?? '', obj.kind, m.namespace ?? '', m.name, type, reason, message]);
        pending.push({ ev, key, at });
        wake?.();
      } catch (err) {
        log.warn({ err, reason }, 'could not queue event');
      }
    },

    async run(signal) {
      const onAbort = () => wake?.();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        while (!signal.aborted) {
          const p = pending.shift();
          if (!p) {
            await new Promise<void>((r) => { wake = r; });
            wake = undefined;
            continue;
          }
          if (dropped && pending.length < queueSize / 2) {
            log.warn({ dropped }, 'event queue drained; events were dropped');
            dropped = 0;
          }
          try {
            await write(p, signal);
          } catch (err) {
            if (!signal.aborted) log.warn({ err, reason: p.ev.reason, object: p.ev.involvedObject.name }, 'could not write event; dropping it');
          }
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        if (pending.length) log.debug({ count: pending.length }, 'dropping unwritten events on shutdown');
        pending.length = 0;
      }
    },
  } satisfies RunnableEventRecorder;
}
