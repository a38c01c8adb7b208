/**
 * Section 1+2: Kite and etcd write cells, interleaved per concurrency (Kite create, etcd create, Kite
 * update, etcd update, …). Interleaving matters on a shared machine: background load then hits both
 * sides of each ratio alike instead of skewing whichever phase happened to run during it.
 */
import { startEtcd } from './etcd-server.js';
import { etcdWriter, type EtcdWriter } from './etcd-writes.js';
import type { KubeClient } from './kube-client.js';
import { kiteCreates, kiteUpdates, kiteWarmup } from './kite-writes.js';
import { round, type CellBudget, type CellResult } from './stats.js';
import { storeWriter } from './store-writes.js';

export interface WriteCells { create: CellResult[]; update: CellResult[] }
export interface WritePhase {
  kite: WriteCells;
  /** Kite's SQLite store alone, in process (no HTTPS/JSON/admission). */
  store: WriteCells;
  etcd?: WriteCells & { version: string; valueBytes: number };
  /** Kite ops/s ÷ etcd puts/s per concurrency. */
  ratios?: { create: number[]; update: number[] };
  /** Kite store writes/s ÷ etcd puts/s per concurrency. */
  storeRatios?: { create: number[]; update: number[] };
  etcdSkipped?: string;
}

export async function runWritePhase(kube: KubeClient, concurrencies: number[], budget: CellBudget, withEtcd: boolean): Promise<WritePhase> {
  // One Kite warm-up also yields the stored size of a ConfigMap, which etcd's values then match.
  const valueBytes = await kiteWarmup(kube);
  const started = withEtcd ? await startEtcd() : { skipped: 'KITE_BENCH_NO_ETCD=1' };
  const etcd = 'skipped' in started ? undefined : started;
  const writer: EtcdWriter | undefined = etcd && etcdWriter(etcd.url, valueBytes);
  const kite: WriteCells = { create: [], update: [] };
  const store: WriteCells = { create: [], update: [] };
  const theirs: WriteCells = { create: [], update: [] };
  const direct = await storeWriter(valueBytes);
  try {
    for (const c of concurrencies) {
      kite.create.push(await kiteCreates(kube, c, budget));
      store.create.push(await direct.creates(c, budget));
      if (writer) theirs.create.push(await writer.creates(c, budget));
      kite.update.push(await kiteUpdates(kube, c, budget));
      store.update.push(await direct.updates(c, budget));
      if (writer) theirs.update.push(await writer.updates(c, budget));
    }
  } finally {
    writer?.close();
    await direct.close();
    await etcd?.stop();
  }
  if (!etcd) return { kite, store, etcdSkipped: 'skipped' in started ? started.skipped : 'unknown' };
  const ratio = (a: CellResult[], b: CellResult[]) => a.map((x, i) => round(x.opsPerSec / b[i]!.opsPerSec));
  return {
    kite, store, etcd: { ...theirs, version: etcd.version, valueBytes },
    ratios: { create: ratio(kite.create, theirs.create), update: ratio(kite.update, theirs.update) },
    storeRatios: { create: ratio(store.create, theirs.create), update: ratio(store.update, theirs.update) },
  };
}
