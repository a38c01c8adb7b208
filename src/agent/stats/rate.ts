/**
 * CPU rate from cumulative counters, the way metrics-server does it: keep the last two samples per
 * key and divide the CPU time between them by the wall time between them. With a 10 s sampling
 * period the rate is a 10 s average, which smooths a busy loop's scheduling jitter.
 */
import type { CpuSample } from '../../api/types/stats-summary.js';

/** Nanocores between two samples; undefined when there is no usable window (same time, or a restart reset the counter). */
export function cpuRate(prev: CpuSample, cur: CpuSample): number | undefined {
  const dt = cur.t - prev.t;
  const dc = cur.cpuNs - prev.cpuNs;
  if (dt <= 0 || dc < 0) return undefined;
  return Math.round((dc / dt) * 1e9);
}

export interface RateTracker {
  /** Records a sample and answers the rate over the window it closes (undefined for the first). */
  observe(key: string, s: CpuSample): number | undefined;
  /** The last computed rate and its window (ns) for `key`. */
  last(key: string): { nanoCores: number; windowNs: number } | undefined;
  /** Forgets keys not in `live` (containers and pods that went away). */
  retain(live: ReadonlySet<string>): void;
}

export function createRateTracker(): RateTracker {
  const samples = new Map<string, { prev?: CpuSample; cur: CpuSample }>();
  return {
    observe(key, s) {
      const had = samples.get(key);
      // The same reading again (the runtime had not refreshed) keeps the older window intact.
      if (had && had.cur.t === s.t) return had.prev ? cpuRate(had.prev, had.cur) : undefined;
      // A counter that went backwards means a new cgroup under the same key: start over.
      const prev = had && s.cpuNs >= had.cur.cpuNs ? had.cur : undefined;
      samples.set(key, { prev, cur: s });
      return prev ? cpuRate(prev, s) : undefined;
    },
    last(key) {
      const had = samples.get(key);
      if (!had?.prev) return undefined;
      const nanoCores = cpuRate(had.prev, had.cur);
      return nanoCores === undefined ? undefined : { nanoCores, windowNs: had.cur.t - had.prev.t };
    },
    retain(live) {
      for (const key of samples.keys()) if (!live.has(key)) samples.delete(key);
    },
  };
}
