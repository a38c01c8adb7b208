/**
 * `npm run bench:scale`: the issue 3 scale scenario on one `kite server --disable-agent` — N
 * simulated nodes (`kite dev sim-nodes`) and Deployments of R replicas created at a steady rate.
 * It prints numbers only, never pass/fail on time: the goals (≥ 300 pods/s bound, p99 write latency
 * ≤ 1 s) are printed next to what was measured. The last line is `BENCH_RESULT {json}`.
 *
 * Server, simulator and this client share the machine's cores, so the per-process CPU table is
 * part of the result: it says which of the three was the bottleneck.
 *
 * Knobs (environment): KITE_SCALE_NODES (1000), KITE_SCALE_PODS (30000), KITE_SCALE_REPLICAS (30),
 * KITE_SCALE_DEADLINE_S (540: after it the run stops, prints how far it got, and cleans up),
 * KITE_SCALE_DEPLOY_RATE (Deployments created per second, default 15 = 450 pods/s offered: more than the
 * 300 pods/s goal, so the bound rate shows what the server sustains rather than what was offered),
 * KITE_SCALE_SIM_WORKERS (pod status workers of the simulator, 16), KITE_SCALE_IDLE_S (10).
 */
import { performance } from 'node:perf_hooks';
import { startCluster, type TestCluster } from '../test/e2e/helpers/cluster.js';
import { connectKube, type KubeClient } from './kube-client.js';
import { load1, machineInfo } from './machine.js';
import { commitClock, type CommitSample } from './scale-commit.js';
import { createDeployments, type DeployResult } from './scale-deploy.js';
import { startProbe, type ProbeResult } from './scale-probe.js';
import { spawnSimNodes, startSampler, summarizeProc, type ProcSummary, type Sampler, type SimProcess } from './scale-procs.js';
import { rateStats } from './scale-rates.js';
import { trackNodes, trackPods, type PodTracker } from './scale-watch.js';
import { printTable, summarize } from './stats.js';

const GOAL_BOUND_PER_S = 300;
const GOAL_P99_MS = 1000;
const NS = 'scale';
const PROBE_NS = 'scale-probe';

const envNum = (name: string, dflt: number): number => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name}: must be a positive number, got "${process.env[name]}"`);
  return v;
};
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((r) => {
  const done = () => { clearTimeout(t); signal?.removeEventListener('abort', done); r(); };
  const t = setTimeout(done, ms);
  signal?.addEventListener('abort', done, { once: true });
});
/** Polls `cond` until it holds (true) or the signal aborts (false). */
async function waitFor(cond: () => boolean, signal: AbortSignal, everyMs = 100): Promise<boolean> {
  while (!cond()) { if (signal.aborted) return false; await sleep(everyMs, signal); }
  return true;
}
const secs = (ms: number | undefined) => (ms === undefined ? NaN : Number((ms / 1000).toFixed(1)));

async function main(): Promise<void> {
  const cfg = {
    nodes: Math.round(envNum('KITE_SCALE_NODES', 1000)), pods: Math.round(envNum('KITE_SCALE_PODS', 30000)),
    replicas: Math.round(envNum('KITE_SCALE_REPLICAS', 30)), deadlineS: envNum('KITE_SCALE_DEADLINE_S', 540),
    deployRate: envNum('KITE_SCALE_DEPLOY_RATE', 15), simWorkers: Math.round(envNum('KITE_SCALE_SIM_WORKERS', 16)),
    idleS: envNum('KITE_SCALE_IDLE_S', 10), node: { cpus: 4, memoryMb: 8192, pods: 110, leaseSeconds: 10, statusSeconds: 60 },
  };
  const deployments = Math.ceil(cfg.pods / cfg.replicas);
  const expected = deployments * cfg.replicas;
  const machine = await machineInfo();
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB; node ${machine.node} ${machine.platform}; load1 ${load1()}`);
  console.log(`scale: ${cfg.nodes} nodes (${cfg.node.cpus} CPU / ${cfg.node.memoryMb} MiB / ${cfg.node.pods} pods each), ${deployments} Deployments × ${cfg.replicas} = ${expected} pods,`
    + ` ${cfg.deployRate} Deployments/s (${cfg.deployRate * cfg.replicas} pods/s offered); deadline ${cfg.deadlineS} s`);

  // The deadline and SIGINT/SIGTERM stop the measurement; `finally` then cleans up. A second signal kills.
  const run = new AbortController();
  const deadlineTimer = setTimeout(() => run.abort(new Error('deadline')), cfg.deadlineS * 1000);
  const children: Array<{ kill: (s: NodeJS.Signals) => unknown }> = [];
  let signals = 0;
  const onSignal = () => { if (++signals === 1) run.abort(new Error('signal')); else { for (const c of children) c.kill('SIGKILL'); process.exit(1); } };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

  const t0 = performance.now();
  const watches = new AbortController();
  let cluster: TestCluster | undefined;
  let sim: SimProcess | undefined;
  let sampler: Sampler | undefined;
  let cleaningUp = false;
  const clients: KubeClient[] = [];
  try {
    // A control plane for 1,000 machines runs its control loops on their own thread (--control-loops-thread).
    cluster = await startCluster(['--control-loops-thread']);
    children.push(cluster.proc);
    const pids: Record<string, number> = { server: cluster.proc.pid!, bench: process.pid };
    sampler = startSampler(pids);
    const [kube, watchKube, probeKube] = await Promise.all([connectKube(cluster.kubeconfig, 64), connectKube(cluster.kubeconfig, 4), connectKube(cluster.kubeconfig, 64)]);
    clients.push(kube, watchKube, probeKube);
    await sleep(1000, run.signal); // let the controllers start their informers
    console.log(`kite server pid ${pids.server} up after ${secs(performance.now() - t0)} s`);

    // 1. Register the nodes.
    const nodes = trackNodes(watchKube, watches.signal);
    const regStart = performance.now();
    sim = spawnSimNodes(cluster.kubeconfig, { count: cfg.nodes, ...cfg.node, workers: cfg.simWorkers });
    children.push(sim.proc);
    pids.sim = sim.proc.pid!;
    const simProc = sim.proc;
    simProc.once('exit', (code) => { if (!run.signal.aborted && !cleaningUp) { console.log(`sim-nodes exited early (${code}):\n${sim?.logTail()}`); run.abort(new Error('sim-nodes exited')); } });
    const regOk = await waitFor(() => nodes.ready() >= cfg.nodes, run.signal, 50);
    const regMs = performance.now() - regStart;
    console.log(`${nodes.ready()}/${cfg.nodes} nodes Ready after ${secs(regMs)} s`);

    // 2. Deployments, with the pod watch and the latency probe running alongside.
    let deploy: DeployResult | undefined;
    let probe: ProbeResult | undefined;
    let runStart = performance.now();
    let runEnd = runStart;
    let tracker: PodTracker | undefined;
    let commits: CommitSample[] = [];
    if (regOk) {
      for (const ns of [NS, PROBE_NS]) await kube.json('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
      tracker = trackPods(watchKube, NS, watches.signal);
      const t = tracker;
      await sleep(500);
      const prober = startProbe(probeKube, PROBE_NS);
      commits = prober.commits;
      runStart = performance.now();
      let made = 0;
      const progress = setInterval(() => {
        const s = sampler?.samples.server?.at(-1);
        const m = sampler?.samples.sim?.at(-1);
        console.log(`  t=${secs(performance.now() - runStart)}s deployments ${made}/${deployments} pods created ${t.pods.size} bound ${t.bound} running ${t.running}`
          + ` | server ${s?.cpuPct.toFixed(0)}% ${s?.rssMiB.toFixed(0)} MiB | sim ${m?.cpuPct.toFixed(0)}% | load1 ${load1()}`);
      }, 10_000);
      try {
        deploy = await createDeployments(kube, NS, { count: deployments, replicas: cfg.replicas, perSecond: cfg.deployRate }, run.signal, (n) => { made = n; });
        await waitFor(() => t.running >= expected && t.bound >= expected, run.signal, 100);
      } finally {
        clearInterval(progress);
        runEnd = performance.now();
        probe = await prober.stop();
      }
    }
    const finished = tracker !== undefined && tracker.running >= expected;

    // 3. Idle after: let the controllers settle, then sample.
    let idleFrom = 0;
    let idleTo = 0;
    if (finished) {
      await sleep(cfg.idleS * 1000, run.signal);
      idleFrom = performance.now();
      await sleep(cfg.idleS * 1000 + 200, run.signal);
      idleTo = performance.now();
    }
    sampler.stop();
    printServerWarnings(cluster.logs());
    report({ cfg, machine, deployments, expected, regOk, regMs, nodesReady: nodes.ready(), deploy, probe, commits, tracker, runStart, runEnd, finished,
      stopReason: run.signal.aborted ? String((run.signal.reason as Error)?.message) : null,
      procs: Object.fromEntries(Object.keys(pids).map((k) => [k, {
        register: summarizeProc(sampler?.samples[k], regStart, runStart),
        run: summarizeProc(sampler?.samples[k], runStart, runEnd),
        idle: idleTo ? summarizeProc(sampler?.samples[k], idleFrom, idleTo) : undefined,
      }])) });
  } finally {
    cleaningUp = true;
    clearTimeout(deadlineTimer);
    watches.abort();
    sampler?.stop();
    for (const c of clients) c.close();
    await sim?.stop();
    const code = await cluster?.stop();
    if (code !== 0 && code !== undefined) console.log(`note: kite server exited with ${code}; log tail:\n${cluster?.logs().slice(-2000)}`);
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

interface Report {
  cfg: Record<string, unknown>; machine: unknown; deployments: number; expected: number; regOk: boolean; regMs: number; nodesReady: number;
  deploy?: DeployResult; probe?: ProbeResult; commits: CommitSample[]; tracker?: PodTracker; runStart: number; runEnd: number; finished: boolean; stopReason: string | null;
  procs: Record<string, { register?: ProcSummary; run?: ProcSummary; idle?: ProcSummary }>;
}

/** The server logs at warn level: a count per message says what went wrong under load (e.g. slow watchers cut off). */
function printServerWarnings(logs: string): void {
  const counts = new Map<string, number>();
  for (const line of logs.split('\n')) {
    if (!line.trim()) continue;
    let msg = line.slice(0, 120);
    try { const j = JSON.parse(line) as { msg?: string; component?: string }; msg = `${j.component ? `${j.component}: ` : ''}${j.msg ?? msg}`; } catch { /* not JSON */ }
    counts.set(msg, (counts.get(msg) ?? 0) + 1);
  }
  if (counts.size === 0) return;
  printTable('kite server warnings and errors during the bench (count by message)', [
    ['message', 'count'], ...[...counts].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([m, n]) => [m.slice(0, 110), n]),
  ]);
}

function report(r: Report): void {
  const pods = [...(r.tracker?.pods.values() ?? [])];
  const times = (f: (p: (typeof pods)[number]) => number | undefined) => pods.map(f).filter((x): x is number => x !== undefined);
  const created = rateStats(times((p) => p.created));
  const bound = rateStats(times((p) => p.bound));
  const running = rateStats(times((p) => p.running));
  const lastOf = (xs: number[]) => (xs.length ? Math.max(...xs) - r.runStart : undefined);
  const allBoundMs = bound.count >= r.expected ? lastOf(times((p) => p.bound)) : undefined;
  const allRunningMs = running.count >= r.expected ? lastOf(times((p) => p.running)) : undefined;
  // The same, by commit time (scale-commit.ts): immune to a lagging watch and to relists.
  const commitOf = commitClock(r.commits);
  const createdCommit = rateStats(times((p) => commitOf(p.createdRv)));
  const boundCommit = rateStats(times((p) => (p.boundRv ? commitOf(p.boundRv) : undefined)));
  const runningCommit = rateStats(times((p) => (p.runningRv ? commitOf(p.runningRv) : undefined)));
  const boundCommitMs = bound.count >= r.expected ? lastOf(times((p) => (p.boundRv ? commitOf(p.boundRv) : undefined))) : undefined;
  const runningCommitMs = running.count >= r.expected ? lastOf(times((p) => (p.runningRv ? commitOf(p.runningRv) : undefined))) : undefined;
  const lag = summarize(times((p) => { const c = p.boundRv ? commitOf(p.boundRv) : undefined; return c === undefined || p.bound === undefined ? undefined : Math.max(0, p.bound - c); }));

  printTable('Progress', [
    ['step', 'done', 'of', 'seconds', 'by commit time'],
    ['nodes Ready', r.nodesReady, r.cfg.nodes as number, secs(r.regMs), ''],
    ['Deployments created', r.deploy?.created ?? 0, r.deployments, secs(r.deploy?.wallMs), ''],
    ['pods created (RS controller)', created.count, r.expected, secs(lastOf(times((p) => p.created))), ''],
    ['pods bound', bound.count, r.expected, secs(allBoundMs), secs(boundCommitMs)],
    ['pods Running', running.count, r.expected, secs(allRunningMs), secs(runningCommitMs)],
  ]);
  if (!r.finished) {
    const left = r.expected - running.count;
    const eta = running.avgPerS > 0 ? `; at ${running.avgPerS} Running/s the rest (${left}) would need ~${Math.round(left / running.avgPerS)} s more` : '';
    console.log(`\nNOT FINISHED (${r.stopReason ?? 'stopped'}) after ${secs(r.runEnd - r.runStart)} s of run${eta}`);
  }
  printTable('Rates from the pod watch (per second; windows are full 10 s windows)', [
    ['what', 'count', 'span s', 'avg/s', 'best 10 s', 'worst 10 s'],
    ...([['created (RS controller)', created], ['bound (scheduler)', bound], ['Running (sim nodes)', running]] as const)
      .map(([n, s]) => [n, s.count, s.spanS, s.avgPerS, s.bestWindowPerS, s.worstWindowPerS]),
  ]);
  printTable('The same by commit time (upper bound from the probe\'s revisions; immune to watch lag and relists)', [
    ['what', 'count', 'span s', 'avg/s', 'best 10 s', 'worst 10 s'],
    ...([['created (RS controller)', createdCommit], ['bound (scheduler)', boundCommit], ['Running (sim nodes)', runningCommit]] as const)
      .map(([n, s]) => [n, s.count, s.spanS, s.avgPerS, s.bestWindowPerS, s.worstWindowPerS]),
  ]);
  console.log(`pod watch delivery lag of "bound" events (arrival − commit bound, a lower bound): p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms;`
    + ` watch relists ${r.tracker?.loop.relists ?? 0} (pods first seen in a relist get the relist's time), reconnects ${r.tracker?.loop.reconnects ?? 0}`);
  if (r.tracker?.loop.relists) console.log('note: the pod watch was cut off and relisted; a relisted pod carries its latest revision, so per-window rates (even by commit time) are smeared around the relist');
  const p = r.probe;
  printTable('Single-object writes during the run (ConfigMap create/PUT every 100 ms, own namespace)', [
    ['writes', 'errors', 'skipped', 'p50 ms', 'p99 ms', 'max ms'],
    [p ? p.creates + p.updates : 0, p?.errors ?? 0, p?.skipped ?? 0, p?.p50Ms ?? NaN, p?.p99Ms ?? NaN, p?.maxMs ?? NaN],
  ]);
  if (p?.firstError) console.log(`probe first error: ${p.firstError}`);
  if (r.deploy?.firstError) console.log(`Deployment create first error: ${r.deploy.firstError} (${r.deploy.retries} retries, ${r.deploy.failed} failed)`);
  printTable('Processes: CPU % of one core and memory (MiB), sampled every second', [
    ['process', 'phase', 'cpu avg %', 'cpu max %', 'RSS avg', 'RSS max', 'VmHWM'],
    ...Object.entries(r.procs).flatMap(([name, phases]) => Object.entries(phases).filter(([, s]) => s)
      .map(([phase, s]) => [name, phase, s!.cpuAvgPct, s!.cpuMaxPct, s!.rssAvgMiB, s!.rssMaxMiB, s!.hwmMiB])),
  ]);
  printTable('Goals (issue 3) next to the measured values', [
    ['metric', 'measured', 'goal'],
    ['pods bound per second (avg, by commit time)', boundCommit.avgPerS, `≥ ${GOAL_BOUND_PER_S}`],
    ['pods bound per second (worst 10 s, by commit time)', boundCommit.worstWindowPerS, `≥ ${GOAL_BOUND_PER_S}`],
    ['p99 single-object write latency ms', p?.p99Ms ?? NaN, `≤ ${GOAL_P99_MS}`],
  ]);
  console.log(`\nload1 at end ${load1()} (other work on this machine skews the numbers)`);
  console.log(`BENCH_RESULT ${JSON.stringify({
    machine: r.machine, cfg: r.cfg, finished: r.finished, stopReason: r.stopReason, expectedPods: r.expected,
    register: { nodesReady: r.nodesReady, seconds: secs(r.regMs) }, deployments: r.deploy ?? null,
    allBoundS: secs(allBoundMs), allRunningS: secs(allRunningMs), allBoundByCommitS: secs(boundCommitMs), allRunningByCommitS: secs(runningCommitMs), runS: secs(r.runEnd - r.runStart),
    rates: { created, bound, running, createdByCommit: createdCommit, boundByCommit: boundCommit, runningByCommit: runningCommit }, watchLagMs: lag,
    watch: { relists: r.tracker?.loop.relists ?? 0, reconnects: r.tracker?.loop.reconnects ?? 0 }, probe: p ?? null, procs: r.procs,
    goals: { boundPerS: { goal: GOAL_BOUND_PER_S, measured: boundCommit.avgPerS }, p99Ms: { goal: GOAL_P99_MS, measured: p?.p99Ms ?? null } },
  })}`);
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 1;
});
