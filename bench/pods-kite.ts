/**
 * The Kite half of the pods bench: pods created one after another with a POST over HTTPS (the
 * same request `kubectl apply` ends in, without kubectl's process start and discovery, so the
 * number is the platform's), each timed from the POST until one pod watch — opened once, before
 * the first create — reports it Running. Scheduling, the agent's sync, CRI and the status write
 * back are all inside that interval.
 */
import { performance } from 'node:perf_hooks';
import type { KubeClient } from './kube-client.js';

export const BENCH_NS = 'default';

export function benchPod(name: string, image: string): unknown {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { 'kite.bench/pods': 'true' } },
    spec: {
      hostNetwork: true,
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
    },
  };
}

interface WatchEvent { type: string; object: { metadata?: { name?: string }; status?: { phase?: string } } }

/** One watch on the bench's pods: `running(name)` resolves when that pod is first seen Running. */
export async function watchRunning(kube: KubeClient): Promise<{ running: (name: string, ms: number) => Promise<number>; close: () => void }> {
  const seen = new Map<string, number>();
  const waiters = new Map<string, (t: number) => void>();
  const { res, cancel } = await kube.stream(`/api/v1/namespaces/${BENCH_NS}/pods?watch=true&labelSelector=kite.bench%2Fpods%3Dtrue`);
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const t = performance.now();
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      const ev = JSON.parse(line) as WatchEvent;
      const name = ev.object.metadata?.name;
      if (!name || ev.object.status?.phase !== 'Running' || seen.has(name)) continue;
      seen.set(name, t);
      waiters.get(name)?.(t);
    }
  });
  res.on('error', () => { /* cancelled at the end */ });
  const running = (name: string, ms: number) => new Promise<number>((resolve, reject) => {
    const at = seen.get(name);
    if (at !== undefined) { resolve(at); return; }
    const timer = setTimeout(() => { waiters.delete(name); reject(new Error(`pod ${name} not Running within ${ms} ms`)); }, ms);
    waiters.set(name, (t) => { clearTimeout(timer); waiters.delete(name); resolve(t); });
  });
  return { running, close: cancel };
}

export interface StartRun { latenciesMs: number[]; errors: string[] }

/**
 * Creates `count` pods sequentially and records POST→Running for each. `between(i)` runs after
 * pod i is Running and is not timed (the bench samples memory at 20 pods there).
 */
export async function startPodsSequentially(
  kube: KubeClient, image: string, count: number, between: (i: number) => Promise<void>,
): Promise<StartRun> {
  const w = await watchRunning(kube);
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const name = `bench-${String(i).padStart(3, '0')}`;
      const t0 = performance.now();
      try {
        await kube.json('POST', `/api/v1/namespaces/${BENCH_NS}/pods`, { body: benchPod(name, image) });
        latenciesMs.push((await w.running(name, 60_000)) - t0);
      } catch (e) {
        errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
        if (errors.length >= 3) break; // a broken agent would otherwise cost a minute per pod
      }
      await between(i);
    }
  } finally {
    w.close();
  }
  return { latenciesMs, errors };
}
