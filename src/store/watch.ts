/**
 * Watch = replay history from the log, then stream live events from the fan-out, with no gap and
 * no duplicate. Shared by every Store implementation; only `WatchSource` differs.
 */
import type { Fanout } from './fanout.js';
import { StoreExpiredError, type StoreEvent } from './types.js';

/** What a store provides so `watchLog` can serve it. All reads are synchronous snapshots. */
export interface WatchSource {
  fanout: Fanout<StoreEvent>;
  currentRev(): number;
  compactRev(): number;
  /** Events under `prefix` with revision in (after, upTo], ascending, at most `limit`. */
  history(prefix: string, after: number, upTo: number, limit: number): StoreEvent[];
}

/**
 * The watcher fell too far behind and its buffer overflowed. The iterable ends with this error;
 * the client should simply watch again from the last revision it received (not a relist).
 */
export class StoreWatchOverflowError extends Error {
  constructor(readonly buffered: number) {
    super(`watcher too slow: more than ${buffered} events buffered`);
  }
}

export interface WatchLimits {
  /** Live events a watcher may buffer before it is ended with StoreWatchOverflowError. */
  maxBuffered?: number;
  /** Rows read from history per batch. */
  historyBatch?: number;
}

export async function* watchLog(
  src: WatchSource, prefix: string, fromRev: number, signal: AbortSignal, limits: WatchLimits = {},
): AsyncGenerator<StoreEvent[], void, undefined> {
  if (signal.aborted) return;
  const compacted = src.compactRev();
  if (fromRev < compacted) throw new StoreExpiredError(fromRev, compacted);

  const queue = new LiveQueue(prefix, limits.maxBuffered ?? 10_000);
  const unsubscribe = src.fanout.subscribe(queue.push);
  const onAbort = () => queue.wake();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    // Read in the same synchronous step as subscribe: every live event has a revision > upTo,
    // and every revision <= upTo is in the log, so history + live has no gap.
    const upTo = src.currentRev();
    let last = fromRev;
    const batchSize = limits.historyBatch ?? 500;
    while (last < upTo) {
      // A compaction during a long replay would remove rows we have not sent yet.
      const c = src.compactRev();
      if (last < c) throw new StoreExpiredError(last, c);
      const batch = src.history(prefix, last, upTo, batchSize);
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) break;
      last = batch[batch.length - 1]!.kv.modRev;
      if (signal.aborted) return;
      queue.throwIfOverflowed();
    }
    last = Math.max(last, upTo);
    while (!signal.aborted) {
      const events = await queue.take(signal);
      // Events at or below `last` were already sent from history; drop them (de-duplicate).
      const fresh = events.filter((e) => e.kv.modRev > last);
      if (fresh.length === 0) continue;
      last = fresh[fresh.length - 1]!.kv.modRev;
      yield fresh;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}

/** Per-watcher bounded buffer: writers only push references, never wait for the consumer. */
class LiveQueue {
  private buffer: StoreEvent[] = [];
  private overflowed = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly prefix: string, private readonly max: number) {}

  readonly push = (e: StoreEvent): void => {
    if (this.overflowed || !e.kv.key.startsWith(this.prefix)) return;
    if (this.buffer.length >= this.max) {
      this.overflowed = true;
      this.buffer = []; // the client resumes from its last revision; the backlog is useless
    } else {
      this.buffer.push(e);
    }
    this.wake();
  };

  wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  throwIfOverflowed(): void {
    if (this.overflowed) throw new StoreWatchOverflowError(this.max);
  }

  /** Everything buffered, waiting for at least one event; [] once the signal aborts. */
  async take(signal: AbortSignal): Promise<StoreEvent[]> {
    while (this.buffer.length === 0 && !this.overflowed && !signal.aborted) {
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    if (signal.aborted) return [];
    this.throwIfOverflowed();
    const out = this.buffer;
    this.buffer = [];
    return out;
  }
}
