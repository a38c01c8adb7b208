/**
 * When was a revision committed? The watch tells when an event *arrived*, and under load the
 * server can deliver events tens of seconds late (or cut a slow watch off, so the bench relists
 * and sees many pods at once). The latency probe's writes give a clock that does not depend on the
 * watch: a probe write that returned revision R ≥ r finished at time c, so revision r was committed
 * no later than c. The earliest such c is an upper bound on r's commit time, good to within the
 * probe period (100 ms) plus one write latency — and arrival minus it is a lower bound on the lag.
 */
export interface CommitSample { rv: number; doneMs: number }

/** Returns rv → upper bound of its commit time (ms), or undefined if no probe write came after it. */
export function commitClock(samples: readonly CommitSample[]): (rv: number) => number | undefined {
  const s = [...samples].sort((a, b) => a.rv - b.rv);
  // suffixMin[i] = the earliest completion among writes with revision ≥ s[i].rv
  const suffixMin = new Array<number>(s.length);
  for (let i = s.length - 1, m = Infinity; i >= 0; i--) suffixMin[i] = m = Math.min(m, s[i]!.doneMs);
  return (rv) => {
    let lo = 0;
    let hi = s.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (s[mid]!.rv < rv) lo = mid + 1; else hi = mid; }
    return lo < s.length ? suffixMin[lo] : undefined;
  };
}
