/**
 * Closed-loop load generation and the numbers we print. Every cell runs N workers that each issue the
 * next operation as soon as the previous one finished, until an op count or a time budget is reached —
 * whichever comes first, so a slow backend cannot stretch the whole run past its budget.
 */
import { performance } from 'node:perf_hooks';

export interface CellResult {
  concurrency: number;
  ops: number;
  errors: number;
  wallMs: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface CellBudget { maxOps: number; maxMs: number }

/** `op(worker, seq)` is one operation; a rejection counts as an error (and its latency is not recorded). */
export async function runCell(
  concurrency: number, budget: CellBudget, op: (worker: number, seq: number) => Promise<void>,
): Promise<CellResult & { firstError?: string }> {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + budget.maxMs;
  const worker = async (w: number) => {
    while (issued < budget.maxOps && performance.now() < deadline) {
      const seq = issued++;
      const t0 = performance.now();
      try {
        await op(w, seq);
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const wallMs = performance.now() - start;
  const s = summarize(latencies);
  return {
    concurrency, ops: latencies.length, errors, wallMs: round(wallMs),
    opsPerSec: round((latencies.length / wallMs) * 1000), p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max, firstError,
  };
}

/** Nearest-rank percentiles of a sample, rounded for printing. */
export function summarize(samples: number[]): { p50: number; p99: number; max: number } {
  if (samples.length === 0) return { p50: NaN, p99: NaN, max: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
}

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** Prints an aligned text table: the first row is the header. */
export function printTable(title: string, rows: Array<Array<string | number>>): void {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n== ${title}`);
  console.log(line(cells[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}
