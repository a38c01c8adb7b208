/**
 * Watch fan-out: N concurrent HTTP/1.1 watch streams (N sockets) on ConfigMaps in one namespace, then
 * one create; we time, per watcher, from just before the write is sent until its ADDED line arrives.
 * Repeated for a few writes on the same streams, since the first event also pays for warming paths.
 * Note the receiving side (TLS decrypt of N streams) runs on this process's single thread, so the tail
 * includes client work; it is the same on any server.
 */
import { performance } from 'node:perf_hooks';
import type { KubeClient } from './kube-client.js';
import { configMap, ensureNamespace } from './kite-writes.js';
import { round, summarize } from './stats.js';

export const WATCH_NS = 'bench-watch';

export interface FanoutRound { watchers: number; writeMs: number; p50Ms: number; p99Ms: number; maxMs: number }
export interface WatchResults { watchers: number; openMs: number; rounds: FanoutRound[] }

interface Watcher { cancel: () => void; waitFor(name: string): Promise<number> }

export async function kiteWatchFanout(writer: KubeClient, watchClient: KubeClient, n: number, writes = 3): Promise<WatchResults> {
  await ensureNamespace(writer, WATCH_NS);
  const base = `/api/v1/namespaces/${WATCH_NS}/configmaps`;
  const rv = (await writer.json<{ metadata: { resourceVersion: string } }>('GET', `${base}?limit=1`)).metadata.resourceVersion;
  const watchers: Watcher[] = [];
  try {
    const t0 = performance.now();
    // Open in batches of 50 so we measure the server's fan-out, not a 500-way TLS handshake storm.
    for (let i = 0; i < n; i += 50) {
      const batch = Array.from({ length: Math.min(50, n - i) }, () => openWatcher(watchClient, `${base}?watch=true&resourceVersion=${rv}`));
      watchers.push(...(await Promise.all(batch)));
    }
    const openMs = round(performance.now() - t0);
    const rounds: FanoutRound[] = [];
    for (let w = 0; w < writes; w++) {
      const name = `fanout-${w}`;
      const arrivals = watchers.map((x) => x.waitFor(name));
      const sent = performance.now();
      await writer.json('POST', base, { body: configMap(name, WATCH_NS) });
      const writeMs = performance.now() - sent;
      const times = (await withTimeout(Promise.all(arrivals), 60_000, `not all ${n} watchers saw ${name}`)).map((t) => t - sent);
      const s = summarize(times);
      rounds.push({ watchers: n, writeMs: round(writeMs), p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max });
      await new Promise((r) => setTimeout(r, 200));
    }
    return { watchers: n, openMs, rounds };
  } finally {
    for (const x of watchers) x.cancel();
  }
}

/** Opens one watch and scans its lines for an object name; string search keeps client work per event tiny. */
async function openWatcher(kube: KubeClient, path: string): Promise<Watcher> {
  const { res, cancel } = await kube.stream(path);
  res.setEncoding('utf8');
  res.on('error', () => { /* cancel() aborts the response; nothing to report */ });
  let pending: { needle: string; resolve: (t: number) => void } | undefined;
  let tail = '';
  res.on('data', (chunk: string) => {
    const now = performance.now();
    const text = tail + chunk;
    const cut = text.lastIndexOf('\n');
    tail = text.slice(cut + 1);
    if (pending && cut >= 0 && text.slice(0, cut).includes(pending.needle)) {
      pending.resolve(now);
      pending = undefined;
    }
  });
  return {
    cancel,
    waitFor: (name) => new Promise((resolve) => { pending = { needle: `"name":"${name}"`, resolve }; }),
  };
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
