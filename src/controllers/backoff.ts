/** Capped exponential back-off with jitter for reconnect loops (client-go reflector: 800 ms … 30 s). */
export function backoffMs(attempt: number, o: { baseMs?: number; maxMs?: number; random?: () => number } = {}): number {
  if (attempt <= 0) return 0;
  const cap = o.maxMs ?? 30_000;
  const d = Math.min(cap, (o.baseMs ?? 800) * 2 ** (attempt - 1));
  // ±20 % jitter so many informers that failed together do not retry in lock-step
  return Math.round(Math.min(cap, d * (0.8 + 0.4 * (o.random ?? Math.random)())));
}
