/**
 * `npm run bench:pods` (root; containerd + runc + busybox-static installed): how fast `kite server`
 * with its node agent turns a pod into a running container, against the bare CRI floor.
 *
 * 1. Kite: one `kite server` (agent on, busybox image imported from DIR/images at start). N pods
 *    (busybox `sleep 3600`, host network) created one after another by POST over HTTPS; each is
 *    timed until a pod watch reports it Running. Memory (VmRSS) of kite and of its containerd is
 *    sampled idle with 0 pods and with 20 running pods.
 * 2. CRI: the same image on a private test containerd, RunPodSandbox + CreateContainer +
 *    StartContainer, N times.
 * It prints numbers, never pass/fail: goals (Kite p99 ÷ CRI p99 ≤ 5; kite RSS ≤ 150 MiB) are shown
 * next to what was measured. The last line is `BENCH_RESULT {json}`.
 *
 * Knobs (environment): KITE_PODS_BENCH_N (50), KITE_PODS_BENCH_IDLE_S (5: settle time before each
 * memory sample).
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCluster, type TestCluster } from '../test/e2e/helpers/cluster.js';
import { startTestContainerd, type TestContainerd } from '../test/e2e/helpers/cri-containerd.js';
import { buildBusyboxImage } from '../test/e2e/helpers/oci-image.js';
import { connectKube, type KubeClient } from './kube-client.js';
import { machineInfo } from './machine.js';
import { criStarts } from './pods-cri.js';
import { BENCH_NS, startPodsSequentially } from './pods-kite.js';
import { sampleRss, type RssSample } from './pods-rss.js';
import { printTable, round, summarize } from './stats.js';

const IMAGE = 'docker.io/library/busybox:1.35';
const NODE = 'bench-node';
const GOAL_RATIO = 5;
const GOAL_RSS_MIB = 150;
const RSS_AT_PODS = 20;

const envNum = (name: string, dflt: number): number => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name}: must be a positive integer, got "${process.env[name]}"`);
  return v;
};

async function waitNodeReady(kube: KubeClient): Promise<void> {
  for (const end = Date.now() + 90_000; Date.now() < end; await sleep(250)) {
    const r = await kube.request('GET', `/api/v1/nodes/${NODE}`);
    if (r.status !== 200) continue;
    const node = JSON.parse(r.body) as { status?: { conditions?: Array<{ type: string; status: string }> } };
    if (node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return;
  }
  throw new Error(`node ${NODE} not Ready within 90 s`);
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:pods runs real containers: run it as root');
  const n = envNum('KITE_PODS_BENCH_N', 50);
  const idleMs = envNum('KITE_PODS_BENCH_IDLE_S', 5) * 1000;
  console.log(`bench:pods on ${JSON.stringify(await machineInfo())}: ${n} pods, image ${IMAGE}`);

  let c: TestCluster | undefined;
  let kube: KubeClient | undefined;
  let ctd: TestContainerd | undefined;
  try {
    c = await startCluster(['--node-name', NODE, '--cpus', '2', '--memory-mb', '3072'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    const cluster = c;
    kube = await connectKube(cluster.kubeconfig, 4);
    await waitNodeReady(kube);
    await sleep(idleMs);
    const kitePid = cluster.proc.pid!;
    const rssIdle = await sampleRss(kitePid, cluster.dataDir);
    let rssAt20: RssSample | undefined;

    console.log(`node ${NODE} Ready; idle RSS ${JSON.stringify(rssIdle)}`);
    const kite = await startPodsSequentially(kube, IMAGE, n, async (i) => {
      if (i % 10 === 0) console.log(`  ${i} pods Running`);
      if (i !== RSS_AT_PODS) return;
      await sleep(idleMs);
      rssAt20 = await sampleRss(kitePid, cluster.dataDir);
    });
    const kiteStats = summarize(kite.latenciesMs);
    // Delete every bench pod and wait until the API has none left (the agent killed them).
    const t0 = Date.now();
    const del = await cluster.kubectl(['delete', 'pods', '-n', BENCH_NS, '-l', 'kite.bench/pods=true', '--wait=true', '--timeout=120s'], { timeoutMs: 130_000 });
    console.log(del.code === 0 ? `deleted ${n} pods in ${Date.now() - t0} ms` : `deleting the pods failed (${del.code}): ${del.stderr.trim()}`);
    kube.close();
    kube = undefined;
    await cluster.stop();
    c = undefined;

    ctd = await startTestContainerd();
    await ctd.importImage(await buildBusyboxImage(path.join(ctd.dir, 'img'), { ref: IMAGE }));
    const cri = await criStarts(ctd, IMAGE, n);
    const criStats = summarize(cri.latenciesMs);
    await ctd.stop();
    ctd = undefined;

    const ratio = round(kiteStats.p99 / criStats.p99);
    printTable('pod start latency (ms): create → Running', [
      ['path', 'n', 'errors', 'p50', 'p99', 'max'],
      ['kite (POST → watch Running)', kite.latenciesMs.length, kite.errors.length, kiteStats.p50, kiteStats.p99, kiteStats.max],
      ['bare CRI (sandbox+create+start)', cri.latenciesMs.length, cri.errors.length, criStats.p50, criStats.p99, criStats.max],
    ]);
    console.log(`ratio kite p99 / CRI p99 = ${ratio} (goal ≤ ${GOAL_RATIO})`);
    const row = (label: string, s?: RssSample) => [label, s?.kiteMiB ?? NaN, s?.containerdMiB ?? NaN, s?.shims ?? NaN, s?.shimsMiB ?? NaN];
    printTable('resident memory (VmRSS, MiB)', [
      ['state', 'kite server', 'containerd', 'shims', 'shims total'],
      row('idle, 0 pods', rssIdle),
      row(`idle, ${RSS_AT_PODS} running pods`, rssAt20),
    ]);
    console.log(`kite server RSS goal ≤ ${GOAL_RSS_MIB} MiB (kite itself, containerd and shims not included)`);
    for (const e of [...kite.errors, ...cri.errors]) console.log(`error: ${e}`);
    console.log(`BENCH_RESULT ${JSON.stringify({
      pods: n,
      kite: { ...kiteStats, ok: kite.latenciesMs.length, errors: kite.errors.length, method: 'POST /api/v1 + watch' },
      cri: { ...criStats, ok: cri.latenciesMs.length, errors: cri.errors.length },
      ratioP99: ratio, goalRatio: GOAL_RATIO,
      rssMiB: { idle: rssIdle, [`pods${RSS_AT_PODS}`]: rssAt20 ?? null }, goalKiteRssMiB: GOAL_RSS_MIB,
    })}`);
  } finally {
    kube?.close();
    if (c) {
      await c.kubectl(['delete', 'pods', '-n', BENCH_NS, '-l', 'kite.bench/pods=true', '--wait=true', '--timeout=120s'], { timeoutMs: 130_000 });
      await c.stop();
    }
    await ctd?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exitCode = 1;
});
