/**
 * The status arithmetic of the disruption controller (upstream `disruption.go`
 * getExpectedPodCount / countHealthyPods / buildDisruptedPodMap / updatePdbStatus), pure.
 */
import type { Pod } from '../api/registry/core-types.js';
import type { KObject } from '../api/types/index.js';
import type { PodDisruptionBudget } from '../api/validation/misc.js';

/** How long a pod the eviction API approved may stay before it counts again (upstream DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface PdbCondition { type: string; status: string; reason: string; message: string; lastTransitionTime?: string; observedGeneration?: number }
export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  conditions?: PdbCondition[];
}
export interface Pdb extends KObject { spec?: PodDisruptionBudget['spec']; status?: PdbStatus }

/** upstream `GetScaledValueFromIntOrPercent(v, total, roundUp=true)`. */
export function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const pct = Number.parseInt(v.replace(/%$/, ''), 10);
  return Math.ceil((pct * total) / 100);
}

/** Whether `expectedPods` must come from the controllers' scale rather than from counting pods. */
export const needsScale = (pdb: Pdb): boolean =>
  pdb.spec?.maxUnavailable !== undefined || typeof pdb.spec?.minAvailable === 'string';

/** [expectedPods, desiredHealthy]; `scale` is the summed replicas of the pods' controllers. */
export function expectedAndDesired(pdb: Pdb, podCount: number, scale: number): [number, number] {
  const { maxUnavailable, minAvailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) return [scale, Math.max(0, scale - scaled(maxUnavailable, scale))];
  if (typeof minAvailable === 'string') return [scale, scaled(minAvailable, scale)];
  if (typeof minAvailable === 'number') return [podCount, minAvailable];
  return [podCount, 0];
}

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * Keeps the disrupted-pod entries whose deletion is still expected, returning the pods that
 * overstayed (for a `NotDeleted` event) and when the earliest remaining entry expires.
 */
export function liveDisruptions(pdb: Pdb, pods: Pod[], now: number): { kept: Record<string, string>; overdue: Pod[]; recheckAt?: number } {
  const kept: Record<string, string> = {};
  const overdue: Pod[] = [];
  let recheckAt: number | undefined;
  const listed = pdb.status?.disruptedPods ?? {};
  for (const pod of pods) {
    const at = listed[pod.metadata.name ?? ''];
    if (pod.metadata.deletionTimestamp || at === undefined) continue;
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (expires < now) { overdue.push(pod); continue; }
    kept[pod.metadata.name!] = at;
    recheckAt = Math.min(recheckAt ?? Infinity, expires);
  }
  return { kept, overdue, recheckAt };
}

/** Ready pods that are neither being deleted nor about to be (upstream countHealthyPods). */
export const countHealthy = (pods: Pod[], disrupted: Record<string, string>): number =>
  pods.filter((p) => !p.metadata.deletionTimestamp && disrupted[p.metadata.name ?? ''] === undefined && isReady(p)).length;

/**
 * The whole status; the condition keeps its transition time while its status stays the same.
 * A failure (controllers' scale unknown) allows no disruption until the next successful pass.
 */
export function pdbStatus(pdb: Pdb, v: { expected: number; desired: number; healthy: number; disrupted: Record<string, string>; nowIso: string; failure?: string }): PdbStatus {
  const allowed = v.failure || v.expected <= 0 ? 0 : Math.max(0, v.healthy - v.desired);
  const cond: PdbCondition = v.failure
    ? { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: v.failure }
    : { type: 'DisruptionAllowed', status: allowed > 0 ? 'True' : 'False', reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods', message: '' };
  const conditions = (pdb.status?.conditions ?? []).filter((c) => c.type !== cond.type);
  const prev = pdb.status?.conditions?.find((c) => c.type === cond.type);
  cond.lastTransitionTime = prev && prev.status === cond.status ? prev.lastTransitionTime : v.nowIso;
  if (prev?.observedGeneration !== undefined) cond.observedGeneration = prev.observedGeneration;
  // upstream failSafe: keep the last counts, allow nothing, and leave observedGeneration stale
  if (v.failure) return { ...pdb.status, disruptionsAllowed: 0, conditions: [...conditions, cond] };
  const status: PdbStatus = {
    ...(Object.keys(v.disrupted).length ? { disruptedPods: v.disrupted } : {}),
    disruptionsAllowed: allowed,
    currentHealthy: v.healthy,
    desiredHealthy: v.desired,
    expectedPods: v.expected,
    conditions: [...conditions, cond],
    observedGeneration: pdb.metadata.generation ?? 1,
  };
  return status;
}
