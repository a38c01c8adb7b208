/** Small helpers shared by the store tests. */
import type { KeyValue, StoreEvent } from '../../../src/store/index.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const enc = (s: string): Uint8Array => encoder.encode(s);
export const text = (kv: KeyValue | undefined): string | undefined => (kv ? decoder.decode(kv.value) : undefined);

/** A readable summary of an event for deepEqual. */
export const summary = (e: StoreEvent) => ({
  type: e.type, key: e.kv.key, value: text(e.kv), rev: e.kv.modRev, prev: text(e.prevKv),
});

/** Pulls batches until `n` events arrived; fails instead of hanging when they never come. */
export async function take(it: AsyncIterator<StoreEvent[]>, n: number, ms = 3000): Promise<StoreEvent[]> {
  const out: StoreEvent[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out with ${out.length}/${n} events`)), Math.max(left, 0));
    });
    try {
      const r = await Promise.race([it.next(), timeout]);
      if (r.done) throw new Error(`watch ended with ${out.length}/${n} events`);
      out.push(...r.value);
    } finally {
      clearTimeout(timer);
    }
  }
  return out;
}

/** Resolves after the current macrotask queue drains, so published events reach watchers. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
