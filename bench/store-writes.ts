/**
 * The same write pattern straight against Kite's store (SQLite, synchronous=FULL, group commit), in
 * process as `kite server` embeds it: creates of fresh keys and compare-and-swap updates of one key per
 * worker. This isolates the store from HTTPS/JSON/admission costs for the "store vs etcd" comparison.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteStore, type Store } from '../src/store/index.js';
import { runCell, type CellBudget, type CellResult } from './stats.js';

export interface StoreWriter {
  creates(concurrency: number, budget: CellBudget): Promise<CellResult>;
  updates(concurrency: number, budget: CellBudget): Promise<CellResult>;
  close(): Promise<void>;
}

export async function storeWriter(valueBytes: number): Promise<StoreWriter> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kite-bench-store-'));
  const store: Store = createSqliteStore({ file: path.join(dir, 'state.db'), synchronous: 'FULL' });
  const value = new Uint8Array(Buffer.alloc(valueBytes, 'x'));
  const ok = (r: { ok: boolean }) => { if (!r.ok) throw new Error('write refused'); };
  return {
    async creates(c, budget) {
      return runCell(c, budget, async (_w, i) => { ok(await store.create(`/registry/core/configmaps/bench/c${c}-${i}`, value)); });
    },
    async updates(c, budget) {
      const revs = await Promise.all(Array.from({ length: c }, async (_, w) => {
        const r = await store.create(`/registry/core/configmaps/bench/u${c}-${w}`, value);
        if (!r.ok) throw new Error('seed refused');
        return r.rev;
      }));
      return runCell(c, budget, async (w) => {
        const r = await store.update(`/registry/core/configmaps/bench/u${c}-${w}`, value, revs[w]!);
        if (!r.ok) throw new Error('CAS conflict');
        revs[w] = r.rev;
      });
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
