/**
 * Per-key exponential back-off, client-go's default item limiter (`ItemExponentialFailureRateLimiter`,
 * 5 ms doubling to a 1000 s cap): the n-th consecutive failure of a key waits base·2ⁿ⁻¹.
 */
export interface RateLimiter<K> {
  /** Records a failure of `k` and returns how long to wait before retrying it. */
  when(k: K): number;
  forget(k: K): void;
  retries(k: K): number;
}

export function createExponentialRateLimiter<K>(o: { baseMs?: number; maxMs?: number } = {}): RateLimiter<K> {
  const baseMs = o.baseMs ?? 5;
  const maxMs = o.maxMs ?? 1_000_000;
  const failures = new Map<K, number>();
  return {
    when(k) {
      const n = failures.get(k) ?? 0;
      failures.set(k, n + 1);
      // 2**n overflows to Infinity for large n; min() keeps the cap exact
      return Math.min(maxMs, baseMs * 2 ** n);
    },
    forget(k) { failures.delete(k); },
    retries(k) { return failures.get(k) ?? 0; },
  } satisfies RateLimiter<K>;
}
