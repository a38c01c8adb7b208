/**
 * The pod garbage collector (upstream `pkg/controller/podgc`), one periodic pass (key `gc`) over
 * the shared pod and node caches:
 * - terminated pods (Succeeded/Failed) beyond `terminatedPodGCThreshold` go, evicted and oldest first;
 * - pods bound to a node that no longer exists go once the node has been missing for a quarantine
 *   (the cache may lag a node's re-creation) and a direct GET confirms it is gone;
 * - terminating pods on a NotReady node tainted `node.kubernetes.io/out-of-service` go;
 * - terminating pods that were never scheduled go (no kubelet will ever confirm them).
 * Every deletion is forced (grace 0); pods not yet terminal are first marked Failed, with a
 * `DisruptionTarget` condition for orphans, since no kubelet is left to finish them.
 */
import { nowRfc3339 } from '../api/meta.js';
import type { Condition, Pod } from '../api/registry/core-types.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import type { Clock } from './clock.js';
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { readyCondition, type LifecycleNode } from './node-lifecycle-taints.js';
import { createWorkQueue } from './workqueue.js';

const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes' };
const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods' };
const podsIn = (namespace: string | undefined): ResourceRef => ({ ...PODS, namespace });
const KEY = 'gc';

export interface PodGcOptions {
  /** default 12500; 0 disables collecting terminated pods */
  terminatedPodGCThreshold?: number;
  /** default 20 s (upstream gcCheckPeriod) */
  periodMs?: number;
  /** how long a node must be missing before its pods are orphans; default 40 s */
  quarantineMs?: number;
}

export interface PodGcDeps {
  client: Pick<KubeClient, 'get' | 'updateStatus' | 'delete'>;
  pods(): Pod[];
  node(name: string): LifecycleNode | undefined;
  clock: Pick<Clock, 'now'>;
}

const terminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;

/** One GC pass; returns when to run again. */
export function createPodGc(d: PodGcDeps, o: Required<PodGcOptions>): () => Promise<number> {
  const missingSince = new Map<string, number>();

  const forceDelete = async (pod: Pod, condition?: Condition) => {
    if (!terminal(pod)) {
      const next = structuredClone(pod);
      next.status = { ...next.status, phase: 'Failed' };
      if (condition) next.status.conditions = [...(next.status.conditions ?? []).filter((c) => c.type !== condition.type), condition];
      try { await d.client.updateStatus(podsIn(pod.metadata.namespace), next); } catch (e) { if (!isNotFound(e)) throw e; return; }
    }
    try {
      await d.client.delete(podsIn(pod.metadata.namespace), pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) { if (!isNotFound(e)) throw e; }
  };

  const nodeGone = async (name: string, now: number): Promise<boolean> => {
    if (d.node(name)) { missingSince.delete(name); return false; }
    const since = missingSince.get(name) ?? now;
    missingSince.set(name, since);
    if (now - since < o.quarantineMs) return false;
    try { await d.client.get(NODES, name); missingSince.delete(name); return false; } catch (e) { if (!isNotFound(e)) throw e; }
    return true;
  };

  return async () => {
    const now = d.clock.now();
    const all = d.pods();

    // upstream gcTerminated: evicted pods first, then the oldest
    const done = all.filter(terminal);
    if (o.terminatedPodGCThreshold > 0 && done.length > o.terminatedPodGCThreshold) {
      const evicted = (p: Pod) => (p.status?.reason === 'Evicted' ? 0 : 1);
      done.sort((a, b) => evicted(a) - evicted(b) || created(a) - created(b));
      for (const p of done.slice(0, done.length - o.terminatedPodGCThreshold)) await forceDelete(p);
    }

    const orphanCondition: Condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
    Object.assign(orphanCondition, { lastTransitionTime: nowRfc3339(new Date(now)) });
    const verdict = new Map<string, boolean>();
    const seenNodes = new Set<string>();
    for (const p of all) {
      const nodeName = p.spec.nodeName;
      if (!nodeName) {
        if (p.metadata.deletionTimestamp) await forceDelete(p); // gcUnscheduledTerminating
        continue;
      }
      seenNodes.add(nodeName);
      if (!verdict.has(nodeName)) verdict.set(nodeName, await nodeGone(nodeName, now));
      if (verdict.get(nodeName)) { await forceDelete(p, orphanCondition); continue; }
      const node = d.node(nodeName);
      if (p.metadata.deletionTimestamp && node && outOfService(node)) await forceDelete(p);
    }
    for (const n of missingSince.keys()) if (!seenNodes.has(n)) missingSince.delete(n);

    // come back when the earliest quarantine ends, or at the regular period
    let next = o.periodMs;
    for (const since of missingSince.values()) next = Math.min(next, Math.max(0, since + o.quarantineMs - now) + 1);
    return next;
  };
}

/** upstream gcTerminating: the node is NotReady and an admin declared it out of service. */
const outOfService = (n: LifecycleNode) =>
  readyCondition(n)?.status !== 'True' && (n.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/out-of-service' && t.effect === 'NoExecute');

class PodGcController extends Controller {
  constructor(o: ControllerOptions, private readonly pass: () => Promise<number>) { super(o); }
  protected override async reconcile(key: string): Promise<void> { this.queue.addAfter(key, await this.pass()); }
}

export function createPodGcController(d: ControllerDeps, opts: PodGcOptions = {}): RunnableController {
  const pods = d.informers.forResource<Pod>(PODS);
  const nodes = d.informers.forResource<LifecycleNode>(NODES);
  const queue = createWorkQueue<string>({ clock: d.clock });
  // a deleted node or a newly terminating pod starts work at once; the period covers the rest
  nodes.addHandler((e) => { if (e.type === 'delete') queue.add(KEY); });
  pods.addHandler((e) => { if (e.type === 'add' || e.type === 'update') { if (e.obj.metadata.deletionTimestamp && !e.obj.spec?.nodeName) queue.add(KEY); } });
  queue.add(KEY);
  const pass = createPodGc({ client: d.client, pods: () => pods.list(), node: (n) => nodes.get(n), clock: d.clock }, {
    terminatedPodGCThreshold: opts.terminatedPodGCThreshold ?? 12_500,
    periodMs: opts.periodMs ?? 20_000,
    quarantineMs: opts.quarantineMs ?? 40_000,
  });
  return new PodGcController({ name: 'pod-gc', log: d.log, shared: [pods, nodes], queue, workers: 1 }, pass);
}
