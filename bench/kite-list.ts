/**
 * LIST of 10,000 ConfigMaps in one namespace: one full JSON list, the same list paged with limit=500
 * following `continue`, and a server-side Table list (what `kubectl get` asks for). Each is repeated
 * and the median reported, because a single list is short enough for GC pauses to dominate.
 */
import { performance } from 'node:perf_hooks';
import type { KubeClient } from './kube-client.js';
import { configMap, ensureNamespace } from './kite-writes.js';
import { round, runCell } from './stats.js';

export const LIST_NS = 'bench-list';

export interface ListResults {
  objects: number;
  seedMs: number;
  seedOpsPerSec: number;
  fullMs: number;
  fullBytes: number;
  pagedMs: number;
  pages: number;
  tableMs: number;
  tableBytes: number;
}

interface ListBody { items?: unknown[]; rows?: unknown[]; metadata: { continue?: string } }

export async function kiteLists(kube: KubeClient, objects: number, repeats = 3): Promise<ListResults> {
  await ensureNamespace(kube, LIST_NS);
  const base = `/api/v1/namespaces/${LIST_NS}/configmaps`;
  const seed = await runCell(50, { maxOps: objects, maxMs: 300_000 }, async (_w, i) => {
    await kube.json('POST', base, { body: configMap(`cm-${String(i).padStart(5, '0')}`, LIST_NS) });
  });
  if (seed.ops !== objects) throw new Error(`seeding ${objects} ConfigMaps: only ${seed.ops} created (${seed.errors} errors)`);

  const full = await repeat(repeats, async () => {
    const t0 = performance.now();
    const r = await kube.request('GET', base);
    const ms = performance.now() - t0;
    return { ms, bytes: r.body.length, count: (JSON.parse(r.body) as ListBody).items?.length ?? 0 };
  }, objects, 'full list');
  const paged = await repeat(repeats, async () => {
    // Parsing each page is part of the cost here: the client needs `continue` before the next request.
    const t0 = performance.now();
    let count = 0, pages = 0, cont = '';
    do {
      const page = await kube.json<ListBody>('GET', `${base}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      count += page.items?.length ?? 0;
      pages++;
      cont = page.metadata.continue ?? '';
    } while (cont);
    return { ms: performance.now() - t0, bytes: pages, count };
  }, objects, 'paged list');
  const table = await repeat(repeats, async () => {
    const t0 = performance.now();
    const r = await kube.request('GET', base, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    const ms = performance.now() - t0;
    return { ms, bytes: r.body.length, count: (JSON.parse(r.body) as ListBody).rows?.length ?? 0 };
  }, objects, 'table list');

  return {
    objects, seedMs: seed.wallMs, seedOpsPerSec: seed.opsPerSec,
    fullMs: full.ms, fullBytes: full.bytes, pagedMs: paged.ms, pages: paged.bytes, tableMs: table.ms, tableBytes: table.bytes,
  };
}

/**
 * Runs `fn` `n` times; returns the median of the times it reports (full and Table lists time the
 * response only, not our JSON.parse of it). Checks every run saw all objects, so a short list can't look fast. */
async function repeat(n: number, fn: () => Promise<{ ms: number; bytes: number; count: number }>, expected: number, what: string) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const r = await fn();
    times.push(r.ms);
    if (r.count !== expected) throw new Error(`${what}: got ${r.count} items, expected ${expected}`);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  return { ms: round(times[Math.floor(times.length / 2)]!), bytes };
}
