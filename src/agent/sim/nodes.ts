/**
 * The node side of the simulated kubelets: registration, Lease renewal and status heartbeats.
 * - register: create each Node (or adopt one this simulator created before; a Node without the
 *   `kite.dev/simulated` annotation is refused, so a real node is never taken over) and its Lease;
 * - leases: every node renews its `kube-node-lease` Lease once per period; renewals are spread
 *   evenly over the period so 1,000 nodes make a steady trickle, not a burst;
 * - status: the Ready/pressure conditions get a fresh lastHeartbeatTime at a lower rate, and at
 *   once when someone else (the node lifecycle controller) marked the node not Ready — as a kubelet
 *   corrects its status on its next sync;
 * - a paused node (paused.ts) does neither.
 */
import type { Logger } from 'pino';
import type { Node } from '../../api/registry/core-types.js';
import type { KObject } from '../../api/types/index.js';
import { isNotFound, resourcePath, type KubeClient, type ResourceRef } from '../../client/index.js';
import { createInformer, createWorkQueue, type Clock, type Informer } from '../../controllers/index.js';
import { healthyConditions, NODE_LEASE_NAMESPACE, nodeLease, SIM_ANNOTATION, simNode, type SimNodeSpec } from './node-object.js';

export interface HeartbeatDeps {
  client: KubeClient;
  log: Logger;
  clock: Clock;
  nodes: ReadonlyMap<string, SimNodeSpec>;
  paused: (node: string) => boolean;
  leaseRenewMs: number;
  leaseDurationSeconds: number;
  statusUpdateMs: number;
}

export interface NodeHeartbeats {
  /** Registers every node and its Lease; throws if a node name belongs to a real node. */
  register(signal: AbortSignal): Promise<void>;
  /** Renews Leases and status until the signal aborts. */
  run(signal: AbortSignal): Promise<void>;
  /** Renews a node's Lease and status now (it was paused). */
  resume(node: string): void;
  /** Deletes the Nodes and Leases (`--delete-on-exit`). */
  remove(signal: AbortSignal): Promise<void>;
  /** The Node's spec.podCIDR as the API server has it (undefined until the node cache has it). */
  podCIDR(node: string): string | undefined;
}

const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes' };
const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: NODE_LEASE_NAMESPACE };
const STRATEGIC = { 'content-type': 'application/strategic-merge-patch+json' };
/** Writes in flight at once during registration and renewal rounds. */
const CONCURRENCY = 16;

/** Runs `fn` over `items` with at most `limit` calls in flight; the first failure rejects. */
async function forEachLimit<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => { while (next < items.length) await fn(items[next++] as T); };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export function createNodeHeartbeats(d: HeartbeatDeps): NodeHeartbeats {
  const names = [...d.nodes.keys()];
  const uids = new Map<string, string>();
  /** Resumed nodes whose Lease the status worker renews on its next pass for them. */
  const leaseDue = new Set<string>();
  const log = d.log.child({ component: 'sim-nodes' });
  const statusQueue = createWorkQueue<string>({ clock: d.clock });
  const informer: Informer<Node> = createInformer<Node>({
    client: d.client, ref: NODES, labelSelector: 'type=kite-sim', log, clock: d.clock,
    onEvent: (e) => {
      const n = e.obj;
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      if (e.type !== 'delete' && d.nodes.has(n.metadata.name ?? '') && ready !== 'True') statusQueue.add(n.metadata.name ?? '');
    },
  });

  async function registerOne(s: SimNodeSpec, signal: AbortSignal): Promise<void> {
    const desired = simNode(s, d.clock.now());
    let uid: string | undefined;
    try {
      uid = (await d.client.create(NODES, desired, { signal })).metadata.uid;
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
      const cur = await d.client.get<Node>(NODES, s.name, { signal });
      if (cur.metadata.annotations?.[SIM_ANNOTATION] !== 'true') {
        throw new Error(`node ${s.name} exists and is not a simulated node (no ${SIM_ANNOTATION} annotation); refusing to take it over`);
      }
      // A restarted simulator re-registers: labels, annotations, spec and status as configured now.
      await d.client.patch(NODES, s.name, 'merge', { metadata: desired.metadata, spec: desired.spec }, { signal });
      await d.client.raw('PATCH', resourcePath(NODES, s.name, 'status'), { status: desired.status }, STRATEGIC, { signal });
      uid = cur.metadata.uid;
    }
    if (uid) uids.set(s.name, uid);
    await renewLease(s.name, signal);
  }

  async function renewLease(name: string, signal: AbortSignal): Promise<void> {
    const lease = nodeLease(name, uids.get(name), d.leaseDurationSeconds, d.clock.now());
    try {
      await d.client.patch(LEASES, name, 'merge', { spec: lease.spec }, { signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await d.client.create(LEASES, lease, { signal });
    }
  }

  async function writeStatus(name: string, signal: AbortSignal): Promise<void> {
    if (d.paused(name)) return;
    const prev = informer.get(name)?.status?.conditions as Parameters<typeof healthyConditions>[1] | undefined;
    const body = { status: { conditions: healthyConditions(d.clock.now(), prev) } };
    try {
      await d.client.raw('PATCH', resourcePath(NODES, name, 'status'), body, STRATEGIC, { signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      // As a kubelet: a deleted Node object is not re-created until the process restarts.
      log.warn({ node: name }, 'simulated node was deleted from the API; not re-registering');
    }
  }

  /** Visits every node once per `periodMs`, each at its own slot, so writes are spread evenly. */
  async function spread(periodMs: number, signal: AbortSignal, visit: (name: string) => void): Promise<void> {
    const slot = periodMs / names.length;
    const start = d.clock.now();
    for (let k = 1; !signal.aborted; k++) {
      await d.clock.sleep(Math.max(0, start + k * slot - d.clock.now()), signal);
      if (!signal.aborted) visit(names[k % names.length] as string);
    }
  }

  async function leaseLoop(signal: AbortSignal): Promise<void> {
    const inflight = new Set<Promise<void>>();
    await spread(d.leaseRenewMs, signal, (name) => {
      if (d.paused(name) || inflight.size >= CONCURRENCY * 4) return; // an overloaded server skips a beat, like a slow kubelet
      const p: Promise<void> = renewLease(name, signal)
        .catch((err: unknown) => { if (!signal.aborted) log.warn({ err, node: name }, 'lease renewal failed'); })
        .finally(() => inflight.delete(p));
      inflight.add(p);
    });
    await Promise.all(inflight);
  }

  async function statusWorker(signal: AbortSignal): Promise<void> {
    // The cache holds the conditions' transition times; without it every heartbeat would reset them.
    await informer.synced(signal).catch(() => undefined);
    for (let k = await statusQueue.get(); k !== undefined; k = await statusQueue.get()) {
      try {
        if (leaseDue.has(k) && !d.paused(k)) { await renewLease(k, signal); leaseDue.delete(k); }
        await writeStatus(k, signal);
        statusQueue.forget(k);
      } catch (err) {
        if (!signal.aborted) { log.warn({ err, node: k }, 'node status update failed'); statusQueue.addRateLimited(k); }
      } finally {
        statusQueue.done(k);
      }
    }
  }

  return {
    async register(signal) {
      await forEachLimit([...d.nodes.values()], CONCURRENCY, (s) => registerOne(s, signal));
    },
    async run(signal) {
      signal.addEventListener('abort', () => statusQueue.shutDown(), { once: true });
      await Promise.all([
        (informer as unknown as Informer<KObject>).run(signal),
        leaseLoop(signal),
        spread(d.statusUpdateMs, signal, (name) => statusQueue.add(name)),
        ...Array.from({ length: 2 }, () => statusWorker(signal)),
      ]);
    },
    resume(name) {
      leaseDue.add(name);
      statusQueue.add(name);
    },
    podCIDR: (name) => informer.get(name)?.spec?.podCIDR,
    async remove(signal) {
      await forEachLimit(names, CONCURRENCY, async (name) => {
        for (const ref of [LEASES, NODES]) {
          await d.client.delete(ref, name, { signal }).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
        }
      });
    },
  };
}
