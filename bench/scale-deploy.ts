/**
 * The load of the scale bench: Deployments of tiny pods (10m CPU / 16Mi requests, so 30 fit on a
 * 4-CPU / 8-GiB / 110-pod simulated node many times over), created open-loop at a steady rate with
 * a cap on writes in flight. A failed POST is retried a few times: the bench measures how the
 * cluster copes with the load, so it should not drop part of the load on the first 429 or 500.
 */
import { performance } from 'node:perf_hooks';
import type { KubeClient } from './kube-client.js';
import { summarize } from './stats.js';

export interface DeployResult { created: number; failed: number; retries: number; wallMs: number; p50Ms: number; p99Ms: number; maxMs: number; firstError?: string }

const MAX_INFLIGHT = 32;
const ATTEMPTS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function deployment(name: string, replicas: number): unknown {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels },
    spec: {
      replicas, selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false, terminationGracePeriodSeconds: 0,
          containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  };
}

/** Creates `count` Deployments at `perSecond`; resolves when all POSTs finished or the signal aborted. */
export async function createDeployments(
  kube: KubeClient, namespace: string, o: { count: number; replicas: number; perSecond: number }, signal: AbortSignal,
  onCreated: (n: number) => void,
): Promise<DeployResult> {
  const latencies: number[] = [];
  const r = { created: 0, failed: 0, retries: 0, firstError: undefined as string | undefined };
  const inflight = new Set<Promise<void>>();
  const start = performance.now();
  const one = async (i: number) => {
    const body = deployment(`scale-${i}`, o.replicas);
    for (let attempt = 1; attempt <= ATTEMPTS && !signal.aborted; attempt++) {
      const t0 = performance.now();
      const res = await kube.request('POST', `/apis/apps/v1/namespaces/${namespace}/deployments`, { body }).catch((e: Error) => ({ status: 0, body: e.message }));
      if ((res.status >= 200 && res.status < 300) || res.status === 409) {
        latencies.push(performance.now() - t0);
        onCreated(++r.created);
        return;
      }
      r.firstError ??= `HTTP ${res.status}: ${res.body.slice(0, 200)}`;
      if (attempt < ATTEMPTS) { r.retries++; await sleep(500 * attempt); }
    }
    r.failed++;
  };
  for (let i = 0; i < o.count && !signal.aborted; i++) {
    const due = start + (i * 1000) / o.perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inflight.size >= MAX_INFLIGHT) await Promise.race(inflight);
    const p: Promise<void> = one(i).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const s = summarize(latencies);
  return { ...r, wallMs: Math.round(performance.now() - start), p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max };
}
