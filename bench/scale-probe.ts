/**
 * The latency probe of the scale bench: one single-object write every 100 ms, open-loop (a slow
 * write does not delay the next one, so a stall shows up as latency rather than as missing
 * samples). The first ring of ticks creates ConfigMaps in the probe's own namespace; later ticks
 * update them in turn with a PUT carrying the resourceVersion of the previous write. A slot whose
 * previous write is still in flight when its turn comes round (RING × 100 ms later) is skipped and
 * counted — that write's own latency already records the stall.
 */
import { performance } from 'node:perf_hooks';
import type { KubeClient } from './kube-client.js';
import type { CommitSample } from './scale-commit.js';
import { summarize } from './stats.js';

const RING = 50;

export interface ProbeResult { creates: number; updates: number; errors: number; skipped: number; p50Ms: number; p99Ms: number; maxMs: number; firstError?: string }

export interface Probe {
  /** Revision and completion time of every successful write (a commit clock, scale-commit.ts). */
  commits: CommitSample[];
  stop(): Promise<ProbeResult>;
}

export function startProbe(kube: KubeClient, namespace: string, periodMs = 100): Probe {
  const latencies: number[] = [];
  const commits: CommitSample[] = [];
  const rv: Array<string | undefined> = [];
  const busy = new Set<number>();
  const inflight = new Set<Promise<void>>();
  const r = { creates: 0, updates: 0, errors: 0, skipped: 0, firstError: undefined as string | undefined };
  const base = `/api/v1/namespaces/${namespace}/configmaps`;
  let seq = 0;

  const write = async (slot: number, n: number) => {
    const name = `probe-${slot}`;
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, resourceVersion: rv[slot] }, data: { seq: String(n) } };
    const t0 = performance.now();
    const res = rv[slot] === undefined ? await kube.request('POST', base, { body }) : await kube.request('PUT', `${base}/${name}`, { body });
    const ms = performance.now() - t0;
    if (res.status < 200 || res.status > 299) {
      r.errors++;
      r.firstError ??= `HTTP ${res.status}: ${res.body.slice(0, 200)}`;
      // Re-read so the next turn of this slot has a current resourceVersion.
      const cur = await kube.request('GET', `${base}/${name}`);
      rv[slot] = cur.status === 200 ? (JSON.parse(cur.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion : undefined;
      return;
    }
    latencies.push(ms);
    if (rv[slot] === undefined) r.creates++; else r.updates++;
    rv[slot] = (JSON.parse(res.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    commits.push({ rv: Number(rv[slot]), doneMs: t0 + ms });
  };

  const timer = setInterval(() => {
    const n = seq++;
    const slot = n % RING;
    if (busy.has(slot)) { r.skipped++; return; }
    busy.add(slot);
    const p: Promise<void> = write(slot, n)
      .catch((e: unknown) => { r.errors++; r.firstError ??= e instanceof Error ? e.message : String(e); })
      .finally(() => { busy.delete(slot); inflight.delete(p); });
    inflight.add(p);
  }, periodMs);

  return {
    commits,
    async stop() {
      clearInterval(timer);
      await Promise.all(inflight);
      const s = summarize(latencies);
      return { creates: r.creates, updates: r.updates, errors: r.errors, skipped: r.skipped, p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max, firstError: r.firstError };
    },
  };
}
