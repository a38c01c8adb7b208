/**
 * The same write pattern as kite-writes.ts, against etcd through the `etcd3` client: puts of fresh keys
 * (≈ create) and repeated puts of one key per worker (≈ update). Values are as large as the ConfigMap
 * Kite actually stored, so both sides move the same bytes. These are plain puts, not CAS transactions:
 * that is the cheaper operation, so the ratio errs against Kite.
 */
import { Etcd3 } from 'etcd3';
import { runCell, type CellBudget, type CellResult } from './stats.js';

export interface EtcdWriter {
  creates(concurrency: number, budget: CellBudget): Promise<CellResult>;
  updates(concurrency: number, budget: CellBudget): Promise<CellResult>;
  close(): void;
}

export function etcdWriter(url: string, valueBytes: number): EtcdWriter {
  // One client = one HTTP/2 connection; concurrency is the number of puts in flight on it, as for kube-apiserver.
  const client = new Etcd3({ hosts: url });
  const value = Buffer.alloc(valueBytes, 'x');
  const warm = (c: number) => runCell(c, { maxOps: Math.max(50, c * 4), maxMs: 5_000 }, async (_w, i) => {
    await client.put(`/warm/c${c}/${i}`).value(value);
  });
  return {
    async creates(c, budget) {
      await warm(c);
      return strip(await runCell(c, budget, async (_w, i) => { await client.put(`/registry/configmaps/bench/c${c}-${i}`).value(value); }));
    },
    async updates(c, budget) {
      await warm(c);
      return strip(await runCell(c, budget, async (w) => { await client.put(`/registry/configmaps/bench/u${c}-${w}`).value(value); }));
    },
    close: () => client.close(),
  };
}

function strip(r: CellResult & { firstError?: string }): CellResult {
  if (r.firstError) console.log(`  ! etcd: ${r.errors} errors at concurrency ${r.concurrency}, first: ${r.firstError}`);
  const { firstError: _, ...rest } = r;
  return rest;
}
