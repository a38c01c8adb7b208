/**
 * Which pods a ReplicaSet deletes first when it has too many (upstream `ActivePodsWithRanks.Less`
 * and `getPodsToDelete`). Earlier in the order means deleted first:
 * 1. unassigned before assigned; 2. Pending < Unknown < Running; 3. not ready before ready;
 * 4. lower `controller.kubernetes.io/pod-deletion-cost` first; 5. pods doubled up on a node with
 * more of their related pods first; 6. of two ready pods, the more recently ready one first;
 * 7. higher container restart counts first; 8. newer pods first.
 * Upstream's LogarithmicScaleDown bucketing of 6 and 8 is left out: plain time order is the same
 * order whenever timestamps differ by more than a bucket, and is easier to predict in tests.
 */
import { isPodActive, isPodReady, podReadyTime, type Pod } from './replicaset-types.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const deletionCost = (p: Pod): number => {
  const v = Number.parseInt(p.metadata.annotations?.[DELETION_COST] ?? '', 10);
  return Number.isFinite(v) ? v : 0;
};
const maxRestarts = (p: Pod): number => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
const created = (p: Pod): number | undefined => (p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : undefined);

/** Upstream `afterOrZero`: a missing time sorts first, then the later time. */
function afterOrZero(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : -1) : 1;
  return b - a;
}

/** Negative when `a` should be deleted before `b`. `rank` counts related active pods on a pod's node. */
export function comparePodsForDeletion(a: Pod, b: Pod, rank: (p: Pod) => number): number {
  const na = a.spec?.nodeName ?? '', nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return na ? 1 : -1;
  const pa = PHASE_ORDER[a.status?.phase ?? ''] ?? 0, pb = PHASE_ORDER[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a), rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(a), cb = deletionCost(b);
  if (ca !== cb) return ca - cb;
  const ka = rank(a), kb = rank(b);
  if (ka !== kb) return kb - ka;
  if (ra && rb) {
    const t = afterOrZero(podReadyTime(a), podReadyTime(b));
    if (t) return t;
  }
  const xa = maxRestarts(a), xb = maxRestarts(b);
  if (xa !== xb) return xb - xa;
  return afterOrZero(created(a), created(b));
}

/** The `diff` pods to delete out of `pods`, ranked against `related` pods (same owner family). */
export function podsToDelete(pods: Pod[], related: Pod[], diff: number): Pod[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? '', (onNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  const rank = (p: Pod) => onNode.get(p.spec?.nodeName ?? '') ?? 0;
  return [...pods].sort((a, b) => comparePodsForDeletion(a, b, rank)).slice(0, diff);
}
