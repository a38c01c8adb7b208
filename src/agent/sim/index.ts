/**
 * Simulated nodes (`kite dev sim-nodes`), for tests and scale benchmarks only — like kwok: N Node
 * objects whose "kubelets" are a few loops in one process, talking to the API server only through
 * `KubeClient`. Nothing runs: pods bound to these nodes are reported Running without containers,
 * and every address is fake (127.x node IPs, 10.244.x pod IPs) and never contacted.
 *
 * - nodes.ts: registration, Lease renewal spread over the period, status heartbeats;
 * - pods.ts + pod-sync.ts + pod-status.ts: one pod watch and work queue for all nodes; bound pods go
 *   Pending → Running, run-to-completion pods can be told to exit (`kite.dev/sim-exit-after-seconds`,
 *   `kite.dev/sim-exit-code`), `kite.dev/sim-ready: "false"` makes a running pod un-Ready, deleted
 *   pods are terminated and removed with grace 0;
 * - paused.ts: `--paused-file` stops a node's heartbeats so node lifecycle tests can lose a node;
 * - addresses.ts: the address plan (pod IPs come from the live Node's spec.podCIDR).
 * Every node carries the `kite.dev/simulated: "true"` annotation and the `type=kite-sim` label.
 * Stopping leaves the nodes in place (as a stopping kubelet does) unless `deleteOnExit`.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { KubeClient } from '../../client/index.js';
import { realClock, type Clock } from '../../controllers/index.js';
import { createPodIPs, MAX_NODE_INDEX, MAX_PODS_PER_NODE, nodeInternalIP, nodePodCIDR } from './addresses.js';
import type { SimNodeSpec } from './node-object.js';
import { createNodeHeartbeats } from './nodes.js';
import { watchPausedFile } from './paused.js';
import { createSimPods } from './pods.js';

export { EXIT_AFTER_ANNOTATION, EXIT_CODE_ANNOTATION, READY_ANNOTATION } from './pod-status.js';
export { SIM_ANNOTATION } from './node-object.js';
export { MAX_NODE_INDEX, MAX_PODS_PER_NODE } from './addresses.js';

export interface SimNodesOptions {
  client: KubeClient;
  log: Logger;
  count: number;
  /** Node names are `<namePrefix><index>`; default `sim-`. */
  namePrefix?: string;
  /** First index (default 0): a second process adds nodes without clashing names or addresses. */
  startIndex?: number;
  cpus?: number;
  memoryMb?: number;
  pods?: number;
  dataSizeGb?: number;
  /** Extra node labels (the standard ones win). */
  labels?: Record<string, string>;
  leaseRenewSeconds?: number;
  leaseDurationSeconds?: number;
  statusUpdateSeconds?: number;
  pausedFile?: string;
  deleteOnExit?: boolean;
  /** Pod workers; default 8. */
  workers?: number;
  clock?: Clock;
  /** Called once every node is registered. */
  onReady?: (nodes: string[]) => void;
}

function nodeSpecs(o: SimNodesOptions): Map<string, SimNodeSpec> {
  const start = o.startIndex ?? 0;
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`count must be a positive integer, got ${o.count}`);
  if (!Number.isInteger(start) || start < 0 || start + o.count - 1 > MAX_NODE_INDEX) {
    throw new Error(`node indexes ${start}..${start + o.count - 1} do not fit the address plan (0..${MAX_NODE_INDEX})`);
  }
  const pods = o.pods ?? 110;
  if (!Number.isInteger(pods) || pods < 1 || pods > MAX_PODS_PER_NODE) throw new Error(`pods must be 1..${MAX_PODS_PER_NODE} (a node's /24 of pod IPs), got ${pods}`);
  const specs = new Map<string, SimNodeSpec>();
  for (let index = start; index < start + o.count; index++) {
    const name = `${o.namePrefix ?? 'sim-'}${index}`;
    specs.set(name, {
      name, index, internalIP: nodeInternalIP(index), podCIDR: nodePodCIDR(index),
      cpus: o.cpus ?? 4, memoryMb: o.memoryMb ?? 8192, pods, dataSizeGb: o.dataSizeGb ?? 100, labels: o.labels,
    });
  }
  return specs;
}

/** Registers the nodes and runs their kubelets until the signal aborts; resolves once everything has stopped. */
export async function runSimNodes(o: SimNodesOptions, signal: AbortSignal): Promise<void> {
  const clock = o.clock ?? realClock;
  const log = o.log;
  const nodes = nodeSpecs(o);
  const paused = watchPausedFile({
    file: o.pausedFile, clock, log,
    onResume: (n) => { heartbeats.resume(n); pods.resync(n); },
  });
  const heartbeats = createNodeHeartbeats({
    client: o.client, log, clock, nodes, paused: paused.has,
    leaseRenewMs: (o.leaseRenewSeconds ?? 10) * 1000,
    leaseDurationSeconds: o.leaseDurationSeconds ?? 40,
    statusUpdateMs: (o.statusUpdateSeconds ?? 60) * 1000,
  });
  const pods = createSimPods({
    client: o.client, log, clock, nodes, paused: paused.has, ips: createPodIPs(), workers: o.workers ?? 8, podCIDR: (n) => heartbeats.podCIDR(n),
  });

  // A child signal: a failed registration stops the paused-file poll too.
  const life = new AbortController();
  // Every in-flight request and timer listens on this one signal: dozens at once by design.
  setMaxListeners(0, life.signal);
  const stop = () => life.abort(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  const pausedRun = paused.run(life.signal);
  try {
    await heartbeats.register(life.signal);
    if (life.signal.aborted) return;
    log.info({ count: nodes.size, first: [...nodes.keys()][0] }, 'simulated nodes registered');
    o.onReady?.([...nodes.keys()]);
    // Either loop failing stops the other; both are awaited before returning.
    const results = await Promise.allSettled([heartbeats.run(life.signal), pods.run(life.signal)]
      .map((p) => p.catch((e: unknown) => { life.abort(); throw e; })));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (e) {
    if (!signal.aborted) throw e;
  } finally {
    life.abort();
    signal.removeEventListener('abort', stop);
    await pausedRun;
    if (o.deleteOnExit) {
      // The run's signal is spent; deletion gets its own bounded time.
      const deadline = AbortSignal.timeout(30_000);
      setMaxListeners(0, deadline);
      await heartbeats.remove(deadline).catch((err: unknown) => log.warn({ err }, 'deleting simulated nodes failed'));
      log.info({ count: nodes.size }, 'simulated nodes deleted');
    }
  }
}
