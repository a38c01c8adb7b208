/**
 * The NoExecute taint manager for one pod (upstream `tainteviction`): a pod on a node carrying
 * NoExecute taints is deleted at once when some taint is not tolerated, after the smallest
 * `tolerationSeconds` of its matching tolerations otherwise, and never when they set no limit.
 * The clock starts at the taint's `timeAdded` (written by this controller), so a restarted
 * control plane keeps the deadlines instead of granting every pod a fresh toleration.
 *
 * Evictions are rate-limited per zone (`topology.kubernetes.io/region`/`zone` labels) with a token
 * bucket, lightly by default (10/s, burst 20): enough to spread the API load when a whole zone
 * drops, small enough that a lost node's pods are replaced promptly. Upstream's zone-disruption
 * modes (stop evicting when a whole zone is down) are left out on purpose: edge clusters often
 * have one node per zone, and there a lost node must still have its pods rescheduled.
 */
import { nowRfc3339 } from '../api/meta.js';
import type { Pod } from '../api/registry/core-types.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import type { Clock } from './clock.js';
import type { EventRecorder } from './deps.js';
import { tolerationMs, type LifecycleNode, type NodeCondition } from './node-lifecycle-taints.js';

const pods = (namespace: string | undefined): ResourceRef => ({ group: '', version: 'v1', plural: 'pods', namespace });

export interface TaintEvictionDeps {
  client: Pick<KubeClient, 'updateStatus' | 'delete'>;
  pod(key: string): Pod | undefined;
  node(name: string): LifecycleNode | undefined;
  recorder: EventRecorder;
  clock: Pick<Clock, 'now'>;
  /** Evictions per second per zone; 0 = unlimited. */
  evictionQps: number;
  evictionBurst: number;
}

export const zoneOf = (n: LifecycleNode): string =>
  `${n.metadata.labels?.['topology.kubernetes.io/region'] ?? ''}/${n.metadata.labels?.['topology.kubernetes.io/zone'] ?? ''}`;

/** Per-zone token buckets; `take` returns 0 when a token was spent, else ms until one is available. */
function createZoneLimiter(qps: number, burst: number, now: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (zone: string): number => {
    if (qps <= 0) return 0;
    const t = now();
    const b = buckets.get(zone) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * qps);
    b.at = t;
    buckets.set(zone, b);
    if (b.tokens >= 1) { b.tokens -= 1; return 0; }
    return Math.ceil(((1 - b.tokens) / qps) * 1000);
  };
}

export function createTaintEvictor(d: TaintEvictionDeps): (podKey: string) => Promise<number | undefined> {
  // When a taint carries no timeAdded (set by someone else), count from when we first saw it.
  const firstSeen = new Map<string, number>();
  const take = createZoneLimiter(d.evictionQps, d.evictionBurst, () => d.clock.now());

  return async (key) => {
    const pod = d.pod(key);
    const node = pod?.spec.nodeName ? d.node(pod.spec.nodeName) : undefined;
    const taints = (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (!pod || !node || pod.metadata.deletionTimestamp || !taints.length) { firstSeen.delete(key); return undefined; }
    const allowedMs = tolerationMs(pod.spec.tolerations, taints);
    if (allowedMs === Infinity) return undefined;

    const now = d.clock.now();
    const stamps = taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : NaN)).filter((x) => !Number.isNaN(x));
    if (!firstSeen.has(key)) firstSeen.set(key, now);
    // timeAdded has whole seconds: within its second, when we saw the taint arrive is more exact
    const seen = firstSeen.get(key)!;
    const stamp = stamps.length ? Math.min(...stamps) : seen;
    const start = seen - stamp < 1000 ? Math.max(stamp, seen) : stamp;
    const due = start + allowedMs;
    if (now < due) return due - now;
    const wait = take(zoneOf(node));
    if (wait > 0) return wait;

    d.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    await markDisruptionTarget(d, pod, now);
    try {
      await d.client.delete(pods(pod.metadata.namespace), pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    firstSeen.delete(key);
    return undefined;
  };
}

/** upstream (PodDisruptionConditions): tell the pod's owner why it goes before deleting it. */
async function markDisruptionTarget(d: TaintEvictionDeps, pod: Pod, now: number): Promise<void> {
  if (pod.status?.conditions?.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')) return;
  const next = structuredClone(pod);
  const conds = ((next.status ??= {}).conditions ??= []).filter((c) => c.type !== 'DisruptionTarget');
  conds.push({
    type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager',
    message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: nowRfc3339(new Date(now)),
  } as NodeCondition);
  next.status.conditions = conds;
  try {
    await d.client.updateStatus(pods(pod.metadata.namespace), next);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
