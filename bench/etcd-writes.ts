/**
 * The same write pattern as kite-writes.ts, against etcd through the `etcd3` client: puts of fresh keys
 * (≈ create) and repeated puts of one key per worker (≈ update). Values are as large as the ConfigMap
 * Kite actually stored, so both sides move the same bytes. These are plain puts, not CAS transactions:
 * that is the cheaper operation, so the ratio errs against Kite.
 */
import { Etcd3 } from 'etcd3';
import { runCell, type CellBudget, type CellResult } from './stats.js';

export interface EtcdWriteResults { create: CellResult[]; update: CellResult[] }

export async function etcdWrites(
  url: string, concurrencies: number[], budget: CellBudget, valueBytes: number,
): Promise<EtcdWriteResults> {
  const client = new Etcd3({ hosts: url });
  const value = Buffer.alloc(valueBytes, 'x');
  const out: EtcdWriteResults = { create: [], update: [] };
  try {
    for (const c of concurrencies) {
      const warm = { maxOps: Math.max(50, c * 4), maxMs: 5_000 };
      await runCell(c, warm, async (_w, i) => { await client.put(`/warm/c${c}/${i}`).value(value); });
      out.create.push(strip(await runCell(c, budget, async (_w, i) => {
        await client.put(`/registry/configmaps/bench/c${c}-${i}`).value(value);
      })));
      out.update.push(strip(await runCell(c, budget, async (w) => {
        await client.put(`/registry/configmaps/bench/u${c}-${w}`).value(value);
      })));
    }
  } finally {
    client.close();
  }
  return out;
}

function strip(r: CellResult & { firstError?: string }): CellResult {
  if (r.firstError) console.log(`  ! etcd: ${r.errors} errors at concurrency ${r.concurrency}, first: ${r.firstError}`);
  const { firstError: _, ...rest } = r;
  return rest;
}
