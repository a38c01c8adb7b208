/**
 * `npm run bench:net` (issue 5): HTTP requests/s from a pod through a ClusterIP vs to the pod IP
 * (goal ≥ 0.9), the proxy's rule sync for 1,000 Services × 3 endpoints, and cluster DNS queries/s
 * with p99 latency for in-cluster names. Prints numbers, never pass/fail; last line `BENCH_RESULT {json}`.
 * Root (containerd, iptables, network namespaces); traffic stays on this machine.
 */
import { load1, machineInfo } from './machine.js';
import { benchDns } from './net-dns.js';
import { benchServiceHttp } from './net-http.js';
import { benchRuleSync } from './net-proxy.js';

const machine = await machineInfo();
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB; node ${machine.node}; load1 ${load1()}`);
const http = await benchServiceHttp();
for (const [mode, r] of [['keep-alive connections', http.keepalive], ['a new connection per request', http.close]] as const) {
  console.log(`HTTP from a pod, ${mode}: ClusterIP ${r.clusterIpPerS}/s, pod IP ${r.podIpPerS}/s, ratio ${r.ratio} (goal ≥ 0.9), failed ${r.failed}`);
}
const sync = await benchRuleSync();
console.log(`proxy rule sync, ${sync.services} Services × ${sync.endpoints / sync.services} endpoints: full ${sync.fullSyncMs} ms, one Service changed ${sync.incrementalSyncMs} ms`);
const dns = await benchDns();
console.log(`cluster DNS (in-cluster names, UDP): ${dns.qps} queries/s, p50 ${dns.p50Ms} ms, p99 ${dns.p99Ms} ms`);
console.log(`load1 at end ${load1()} (other work on this machine skews the numbers)`);
console.log(`BENCH_RESULT ${JSON.stringify({ machine, http, sync, dns })}`);
