/**
 * Single-object ConfigMap writes against Kite over HTTPS: POST creates of fresh names, and PUT updates
 * that carry the resourceVersion from the previous response (the compare-and-swap path a controller
 * uses). Each update worker owns one object, so the numbers contain no 409 retries.
 */
import type { KubeClient } from './kube-client.js';
import { runCell, type CellBudget, type CellResult } from './stats.js';

export const WRITE_NS = 'bench';

/** A ConfigMap with a ~256-byte payload: the size of a small real-world config entry. */
export function configMap(name: string, ns: string, fill = 'x'): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { 'config.yaml': fill.repeat(256) } };
}

interface Meta { metadata: { resourceVersion: string } }

/** A short per-cell warm-up opens every keep-alive socket (a TLS handshake each) before timing. */
const warmup = (concurrency: number): CellBudget => ({ maxOps: Math.max(50, concurrency * 4), maxMs: 5_000 });

export async function ensureNamespace(kube: KubeClient, name: string): Promise<void> {
  const r = await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`create namespace ${name}: HTTP ${r.status}: ${r.body}`);
}

/**
 * Brings the server past JIT warm-up (the first few hundred requests run several times slower) so
 * the first measured cell is not penalised; returns the stored size of one ConfigMap in bytes.
 */
export async function kiteWarmup(kube: KubeClient): Promise<number> {
  await ensureNamespace(kube, WRITE_NS);
  const path = `/api/v1/namespaces/${WRITE_NS}/configmaps`;
  await runCell(10, { maxOps: 1_000, maxMs: 20_000 }, async (_w, i) => {
    await kube.json('POST', path, { body: configMap(`warm-${i}`, WRITE_NS) });
  });
  return Buffer.byteLength((await kube.request('GET', `${path}/warm-0`)).body);
}

export async function kiteCreates(kube: KubeClient, concurrency: number, budget: CellBudget): Promise<CellResult> {
  const path = `/api/v1/namespaces/${WRITE_NS}/configmaps`;
  await runCell(concurrency, warmup(concurrency), async (_w, i) => {
    await kube.json('POST', path, { body: configMap(`warm-c${concurrency}-${i}`, WRITE_NS) });
  });
  return report(await runCell(concurrency, budget, async (_w, i) => {
    await kube.json('POST', path, { body: configMap(`c${concurrency}-${i}`, WRITE_NS) });
  }));
}

export async function kiteUpdates(kube: KubeClient, concurrency: number, budget: CellBudget): Promise<CellResult> {
  const path = `/api/v1/namespaces/${WRITE_NS}/configmaps`;
  const names = Array.from({ length: concurrency }, (_, w) => `u${concurrency}-${w}`);
  const rvs = await Promise.all(names.map(async (n) =>
    (await kube.json<Meta>('POST', path, { body: configMap(n, WRITE_NS) })).metadata.resourceVersion));
  const update = async (w: number, i: number) => {
    const body = configMap(names[w]!, WRITE_NS, String.fromCharCode(97 + (i % 26)));
    (body.metadata as Record<string, unknown>).resourceVersion = rvs[w];
    rvs[w] = (await kube.json<Meta>('PUT', `${path}/${names[w]}`, { body })).metadata.resourceVersion;
  };
  await runCell(concurrency, warmup(concurrency), update);
  return report(await runCell(concurrency, budget, update));
}

/** Errors are part of the result, but the first one is worth seeing at once when a cell misbehaves. */
function report(r: CellResult & { firstError?: string }): CellResult {
  if (r.firstError) console.log(`  ! ${r.errors} errors at concurrency ${r.concurrency}, first: ${r.firstError}`);
  const { firstError: _, ...rest } = r;
  return rest;
}
