/**
 * The work queue of client-go's `TypedInterface` (STYLE rule 8):
 * - a key waiting in the queue is stored once, however often it is added (dedupe);
 * - a key being processed is never handed to a second worker: adding it marks it dirty, and it is
 *   queued again when the worker calls `done` (so reconcile never runs concurrently for one key);
 * - `addAfter` waits on the injected clock; re-adding a waiting key keeps the earliest time;
 * - `addRateLimited` waits as long as the rate limiter says; `forget` resets its back-off;
 * - after `shutDown`, `get` resolves `undefined` at once (pending items are dropped, since every
 *   controller re-lists on its next start) and timers are cancelled.
 */
import { realClock, type Clock } from './clock.js';
import { createExponentialRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface WorkQueue<K> {
  add(k: K): void;
  addAfter(k: K, ms: number): void;
  addRateLimited(k: K): void;
  forget(k: K): void;
  /** The next key, or undefined once the queue is shut down. */
  get(): Promise<K | undefined>;
  done(k: K): void;
  shutDown(): void;
  len(): number;
  numRequeues(k: K): number;
}

export function createWorkQueue<K>(o: { rateLimiter?: RateLimiter<K>; clock?: Clock } = {}): WorkQueue<K> {
  const clock = o.clock ?? realClock;
  const limiter = o.rateLimiter ?? createExponentialRateLimiter<K>();
  const queue: K[] = [];
  const dirty = new Set<K>();
  const processing = new Set<K>();
  const waiting = new Map<K, { at: number; cancel: AbortController }>();
  const getters: Array<(k: K | undefined) => void> = [];
  let shut = false;

  const hand = () => {
    while (getters.length && queue.length) {
      const k = queue.shift() as K;
      dirty.delete(k);
      processing.add(k);
      getters.shift()!(k);
    }
  };

  const q: WorkQueue<K> = {
    add(k) {
      if (shut || dirty.has(k)) return;
      dirty.add(k);
      if (processing.has(k)) return; // re-queued by done()
      queue.push(k);
      hand();
    },
    addAfter(k, ms) {
      if (shut) return;
      if (ms <= 0) { q.add(k); return; }
      const at = clock.now() + ms;
      const prev = waiting.get(k);
      if (prev && prev.at <= at) return;
      prev?.cancel.abort();
      const cancel = new AbortController();
      waiting.set(k, { at, cancel });
      void clock.sleep(ms, cancel.signal).then(() => {
        if (cancel.signal.aborted) return;
        waiting.delete(k);
        q.add(k);
      });
    },
    addRateLimited(k) { q.addAfter(k, limiter.when(k)); },
    forget(k) { limiter.forget(k); },
    get() {
      if (shut) return Promise.resolve(undefined);
      return new Promise((resolve) => { getters.push(resolve); hand(); });
    },
    done(k) {
      processing.delete(k);
      if (!dirty.has(k) || shut) return;
      queue.push(k);
      hand();
    },
    shutDown() {
      if (shut) return;
      shut = true;
      for (const w of waiting.values()) w.cancel.abort();
      waiting.clear();
      for (const g of getters.splice(0)) g(undefined);
    },
    len: () => queue.length,
    numRequeues: (k) => limiter.retries(k),
  };
  return q;
}
