/**
 * Rates of the scale bench from per-object event times: the overall average over the span from the
 * first to the last event, and the best and worst full 10-second windows in that span (a partial
 * last window would look slow only because it is short, so it is left out).
 */
export interface RateStats {
  count: number; spanS: number; avgPerS: number; bestWindowPerS: number; worstWindowPerS: number; windows: number;
  /** Events per full window, in order (for the JSON line: shows stalls and ramps). */
  perWindow: number[];
}

export function rateStats(timesMs: number[], windowMs = 10_000): RateStats {
  const r = (n: number) => Number(n.toFixed(1));
  if (timesMs.length === 0) return { count: 0, spanS: 0, avgPerS: 0, bestWindowPerS: 0, worstWindowPerS: 0, windows: 0, perWindow: [] };
  const sorted = [...timesMs].sort((a, b) => a - b);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const spanMs = last - first;
  const avgPerS = spanMs > 0 ? sorted.length / (spanMs / 1000) : sorted.length;
  const full = Math.floor(spanMs / windowMs);
  if (full === 0) return { count: sorted.length, spanS: r(spanMs / 1000), avgPerS: r(avgPerS), bestWindowPerS: r(avgPerS), worstWindowPerS: r(avgPerS), windows: 0, perWindow: [] };
  const counts = new Array<number>(full).fill(0);
  for (const t of sorted) {
    const w = Math.floor((t - first) / windowMs);
    if (w < full) counts[w]!++;
  }
  const perS = counts.map((c) => c / (windowMs / 1000));
  return {
    count: sorted.length, spanS: r(spanMs / 1000), avgPerS: r(avgPerS),
    bestWindowPerS: r(Math.max(...perS)), worstWindowPerS: r(Math.min(...perS)), windows: full, perWindow: counts,
  };
}
