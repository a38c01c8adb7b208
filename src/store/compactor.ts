/**
 * Periodic compaction: keeps the newest `retainRevisions` revisions of history so watchers and
 * paginated lists can resume, and drops everything older (each key's latest value is kept).
 */
import type { Store } from './types.js';

export interface CompactorOptions {
  intervalMs: number;
  retainRevisions: number;
  /** Called when a compaction fails; the loop keeps going (the next tick retries). */
  onError?: (e: unknown) => void;
}

/** Runs until `signal` aborts; the returned promise settles once the loop has stopped. */
export async function runCompactor(
  store: Pick<Store, 'currentRev' | 'compactRev' | 'compact'>, o: CompactorOptions, signal: AbortSignal,
): Promise<void> {
  while (await sleep(o.intervalMs, signal)) {
    try {
      const target = (await store.currentRev()) - o.retainRevisions;
      if (target > (await store.compactRev())) await store.compact(target);
    } catch (e) {
      if (signal.aborted) return;
      o.onError?.(e);
    }
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
