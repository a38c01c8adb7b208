/**
 * The node lifecycle controller (upstream `pkg/controller/nodelifecycle`), two loops over shared
 * informers of nodes, node Leases (`kube-node-lease`) and pods:
 * - the monitor (keys: node names) marks silent nodes Unknown, keeps condition taints in line and
 *   marks pods on unready nodes not Ready (node-lifecycle-monitor.ts);
 * - the taint manager (keys: pod keys) deletes pods from NoExecute-tainted nodes once their
 *   tolerations run out (node-lifecycle-eviction.ts).
 * A small pods-by-node index lets a node's taint change re-queue just that node's pods.
 */
import type { Pod } from '../api/registry/core-types.js';
import type { KObject } from '../api/types/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { objectKey } from './informer.js';
import { createHealthTracker } from './node-lifecycle-health.js';
import { createTaintEvictor } from './node-lifecycle-eviction.js';
import { createNodeMonitor, NODE_LEASES, NODES, type NodeLease } from './node-lifecycle-monitor.js';
import type { LifecycleNode } from './node-lifecycle-taints.js';
import { createWorkQueue } from './workqueue.js';

export interface NodeLifecycleOptions {
  /** default 40 s (upstream nodeMonitorGracePeriod) */
  gracePeriodMs?: number;
  /** default 60 s (upstream nodeStartupGracePeriod) */
  startupGracePeriodMs?: number;
  /** default 5 s (upstream nodeMonitorPeriod) */
  monitorPeriodMs?: number;
  /** pod evictions per second per zone, default 10 (0 = unlimited); burst default 20 */
  evictionQps?: number;
  evictionBurst?: number;
  workers?: number;
}

/** Runs a `sync(key)` that answers when to look at the key again (like the namespace controller). */
class SyncController extends Controller {
  constructor(o: ControllerOptions, private readonly sync: (key: string) => Promise<number | undefined>) { super(o); }
  protected override async reconcile(key: string): Promise<void> {
    const after = await this.sync(key);
    if (after !== undefined) this.queue.addAfter(key, after);
  }
}

const PODS = { group: '', version: 'v1', plural: 'pods' };

export function createNodeLifecycleController(d: ControllerDeps, opts: NodeLifecycleOptions = {}): RunnableController {
  const nodes = d.informers.forResource<LifecycleNode>(NODES);
  const leases = d.informers.forResource<NodeLease>(NODE_LEASES);
  const podInformer = d.informers.forResource<Pod>(PODS);
  const shared = [nodes, leases, podInformer];

  const byNode = new Map<string, Set<string>>();
  const index = (pod: Pod, add: boolean) => {
    const n = pod.spec?.nodeName;
    if (!n) return;
    const set = byNode.get(n) ?? new Set<string>();
    if (add) set.add(objectKey(pod)); else set.delete(objectKey(pod));
    if (set.size) byNode.set(n, set); else byNode.delete(n);
  };
  const podsOnNode = (n: string) => [...(byNode.get(n) ?? [])].map((k) => podInformer.get(k)).filter((p): p is Pod => !!p);

  const monitorQueue = createWorkQueue<string>({ clock: d.clock });
  const evictQueue = createWorkQueue<string>({ clock: d.clock });

  const monitor = new SyncController({ name: 'node-lifecycle', log: d.log, shared, queue: monitorQueue, workers: opts.workers ?? 2 },
    createNodeMonitor({
      client: d.client, recorder: d.recorder, clock: d.clock, health: createHealthTracker(), podsOnNode,
      node: (n) => nodes.get(n), lease: (n) => leases.get(`kube-node-lease/${n}`),
    }, {
      gracePeriodMs: opts.gracePeriodMs ?? 40_000,
      startupGracePeriodMs: opts.startupGracePeriodMs ?? 60_000,
      monitorPeriodMs: opts.monitorPeriodMs ?? 5_000,
    }));
  const evictor = new SyncController({ name: 'taint-eviction', log: d.log, shared, queue: evictQueue, workers: opts.workers ?? 2 },
    createTaintEvictor({
      client: d.client, recorder: d.recorder, clock: d.clock,
      pod: (k) => podInformer.get(k), node: (n) => nodes.get(n),
      evictionQps: opts.evictionQps ?? 10, evictionBurst: opts.evictionBurst ?? 20,
    }));

  const noExecute = (n: LifecycleNode | undefined) => JSON.stringify((n?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute'));
  nodes.addHandler((e) => {
    monitorQueue.add(e.obj.metadata.name!);
    if (e.type === 'delete' || (e.type === 'update' && noExecute(e.old) === noExecute(e.obj))) return;
    for (const k of byNode.get(e.obj.metadata.name!) ?? []) evictQueue.add(k);
  });
  leases.addHandler((e) => { if (e.type !== 'delete') monitorQueue.add(e.obj.metadata.name!); });
  podInformer.addHandler((e) => {
    if (e.type === 'update') index(e.old, false);
    index(e.obj, e.type !== 'delete');
    if (e.type !== 'delete' && e.obj.spec?.nodeName) evictQueue.add(objectKey(e.obj as KObject));
  });

  return {
    async run(signal) { await Promise.all([monitor.run(signal), evictor.run(signal)]); },
  };
}
