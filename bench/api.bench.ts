/**
 * `npm run bench:api`: Kite API server numbers for issue 2 — ConfigMap create/update latency and
 * throughput over HTTPS (with the same pattern against etcd 3.4 for a ratio), LIST of 10,000 objects,
 * 500-watcher fan-out, and idle RSS. It prints numbers only; there is no pass/fail on time, because
 * timings depend on the machine. The last line is `BENCH_RESULT {json}` for scripts to pick up.
 *
 * Knobs (environment): KITE_BENCH_OPS (ops per cell, default 2000), KITE_BENCH_SECONDS (time cap
 * per cell, default 10), KITE_BENCH_NO_ETCD=1 skips the etcd comparison.
 */
import { startCluster } from '../test/e2e/helpers/cluster.js';
import { connectKube } from './kube-client.js';
import { kiteLists } from './kite-list.js';
import { kiteWatchFanout } from './kite-watch.js';
import { load1, machineInfo, rssOf } from './machine.js';
import { printTable, round, type CellResult } from './stats.js';
import { runWritePhase, type WriteCells } from './write-phase.js';

const CONCURRENCY = [1, 10, 50];
const LIST_OBJECTS = 10_000;
const WATCHERS = 500;
const IDLE_MS = 2_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const budget = { maxOps: Number(process.env.KITE_BENCH_OPS ?? 2000), maxMs: Number(process.env.KITE_BENCH_SECONDS ?? 10) * 1000 };
  const machine = await machineInfo();
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB; node ${machine.node} ${machine.platform}`);
  const loadStart = load1();
  console.log(`load average (1 min) at start: ${loadStart} — other work on this machine skews the numbers`);
  console.log(`budget per cell: ${budget.maxOps} ops or ${budget.maxMs / 1000} s, whichever first`);

  const cluster = await startCluster();
  const pid = cluster.proc.pid!;
  const kube = await connectKube(cluster.kubeconfig, Math.max(...CONCURRENCY) + 8);
  try {
    await sleep(IDLE_MS);
    const rssStart = await rssOf(pid);
    console.log(`kite server pid ${pid}, idle RSS after start: ${rssStart.rssMiB} MiB`);

    const writes = await runWritePhase(kube, CONCURRENCY, budget, process.env.KITE_BENCH_NO_ETCD !== '1');
    printWrites('Kite ConfigMap writes over HTTPS (create = POST, update = PUT with resourceVersion)', writes.kite);
    printWrites('Kite store alone (SQLite, synchronous=FULL, group commit; create = new key, update = CAS)', writes.store);
    const { etcd, ratios, storeRatios } = writes;
    if (etcd && ratios && storeRatios) {
      printWrites(`etcd ${etcd.version} puts via etcd3 (${etcd.valueBytes}-byte values; create = new key, update = same key)`, etcd);
      printTable('Ratio writes/s ÷ etcd puts/s (> 1 means Kite is faster)', [
        ['concurrency', 'API create', 'API update', 'store create', 'store update'],
        ...CONCURRENCY.map((c, i) => [c, ratios.create[i]!, ratios.update[i]!, storeRatios.create[i]!, storeRatios.update[i]!]),
      ]);
    } else {
      console.log(`\netcd comparison SKIPPED: ${writes.etcdSkipped}`);
    }

    console.log(`\nseeding ${LIST_OBJECTS} ConfigMaps for the list benchmark …`);
    const list = await kiteLists(kube, LIST_OBJECTS);
    printTable(`LIST of ${LIST_OBJECTS} ConfigMaps in one namespace (median of 3)`, [
      ['kind', 'ms', 'detail'],
      ['full JSON', list.fullMs, `${round(list.fullBytes / 2 ** 20)} MiB`],
      ['paged limit=500', list.pagedMs, `${list.pages} pages`],
      ['Table', list.tableMs, `${round(list.tableBytes / 2 ** 20)} MiB`],
      ['(seed: creates at c=50)', list.seedMs, `${list.seedOpsPerSec} ops/s`],
    ]);

    const watchClient = await connectKube(cluster.kubeconfig, WATCHERS + 10);
    const watch = await kiteWatchFanout(kube, watchClient, WATCHERS).finally(() => watchClient.close());
    printTable(`Watch fan-out: ${watch.watchers} watchers (opened in ${watch.openMs} ms), time from write sent to arrival`, [
      ['write', 'POST ms', 'p50 ms', 'p99 ms', 'all (max) ms'],
      ...watch.rounds.map((r, i) => [`#${i + 1}`, r.writeMs, r.p50Ms, r.p99Ms, r.maxMs]),
    ]);

    kube.close();
    await sleep(IDLE_MS * 2);
    const rssEnd = await rssOf(pid);
    printTable('kite server RSS (MiB)', [
      ['when', 'VmRSS', 'VmHWM (peak)'], ['idle after start', rssStart.rssMiB, rssStart.peakMiB], ['idle after bench', rssEnd.rssMiB, rssEnd.peakMiB],
    ]);

    console.log(`\nload average (1 min) at end: ${load1()}`);
    console.log(`BENCH_RESULT ${JSON.stringify({
      machine, load1: { start: loadStart, end: load1() }, budget, kite: writes.kite, store: writes.store, etcd: etcd ?? null, ratios: ratios ?? null, storeRatios: storeRatios ?? null,
      etcdSkipped: writes.etcdSkipped ?? null, list, watch, rss: { start: rssStart, end: rssEnd },
    })}`);
  } finally {
    kube.close();
    const code = await cluster.stop();
    if (code !== 0) console.log(`note: kite server exited with ${code}; its log tail:\n${cluster.logs().slice(-2000)}`);
  }
}

function printWrites(title: string, w: WriteCells): void {
  const rows = (verb: string, cells: CellResult[]) =>
    cells.map((c) => [verb, c.concurrency, c.ops, c.errors, c.opsPerSec, c.p50Ms, c.p99Ms, c.maxMs]);
  printTable(title, [['op', 'concurrency', 'ops', 'errors', 'ops/s', 'p50 ms', 'p99 ms', 'max ms'], ...rows('create', w.create), ...rows('update', w.update)]);
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 1;
});
