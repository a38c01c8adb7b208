/**
 * Pure taint logic of the node lifecycle controller (upstream `nodelifecycle` tainting passes and
 * the NoExecute taint manager): which taints a node's conditions call for, and how long a pod's
 * tolerations let it stay on a node carrying NoExecute taints.
 */
import type { Condition, Toleration } from '../api/registry/core-types.js';
import type { KObject } from '../api/types/index.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';

export interface NodeTaint { key: string; value?: string; effect: string; timeAdded?: string }
export interface NodeCondition extends Condition { lastHeartbeatTime?: string; lastTransitionTime?: string }
export interface LifecycleNode extends KObject {
  spec?: { unschedulable?: boolean; taints?: NodeTaint[]; [f: string]: unknown };
  status?: { conditions?: NodeCondition[]; [f: string]: unknown };
}

/** upstream `nodeConditionToTaintKeyStatusMap` (TaintNodesByCondition): condition status → NoSchedule taint key. */
const NO_SCHEDULE_BY_CONDITION: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
};
const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const MANAGED_NO_SCHEDULE = new Set([...Object.values(NO_SCHEDULE_BY_CONDITION).flatMap((m) => Object.values(m)), UNSCHEDULABLE]);
const MANAGED_NO_EXECUTE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

const isManaged = (t: NodeTaint) =>
  (t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(t.key)) || (t.effect === 'NoExecute' && MANAGED_NO_EXECUTE.has(t.key));

export const readyCondition = (n: LifecycleNode): NodeCondition | undefined => n.status?.conditions?.find((c) => c.type === 'Ready');

/**
 * The node's taints with the controller-managed ones brought in line with its conditions; taints
 * that stay keep their `timeAdded` (eviction timers count from it). Undefined when nothing changes.
 * A node without a Ready condition has never reported, so it gets no condition taints yet (upstream).
 */
export function desiredTaints(n: LifecycleNode, nowIso: string): NodeTaint[] | undefined {
  const current = n.spec?.taints ?? [];
  const want: NodeTaint[] = [];
  for (const c of n.status?.conditions ?? []) {
    const key = NO_SCHEDULE_BY_CONDITION[c.type]?.[c.status];
    if (key) want.push({ key, effect: 'NoSchedule' });
  }
  if (n.spec?.unschedulable) want.push({ key: UNSCHEDULABLE, effect: 'NoSchedule' });
  const ready = readyCondition(n)?.status;
  if (ready === 'False') want.push({ key: TAINT_NOT_READY, effect: 'NoExecute', timeAdded: nowIso });
  if (ready === 'Unknown') want.push({ key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: nowIso });

  const same = (a: NodeTaint, b: NodeTaint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !isManaged(t) || want.some((w) => same(w, t)));
  const added = want.filter((w) => !current.some((t) => same(w, t)));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}

/** upstream `Toleration.ToleratesTaint`. */
export function tolerates(t: Toleration, taint: NodeTaint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.operator ?? 'Equal') === 'Equal' && (t.value ?? '') === (taint.value ?? '');
}

/**
 * How long a pod may stay on a node with these NoExecute taints (the taint manager's
 * `GetMatchingTolerations` + `getMinTolerationTime`): 0 when some taint is not tolerated, the
 * smallest `tolerationSeconds` of the first toleration matching each taint, or Infinity when none sets one.
 */
export function tolerationMs(tolerations: Toleration[] | undefined, taints: NodeTaint[]): number {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((x) => tolerates(x, taint));
    if (!t) return 0;
    used.push(t);
  }
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds * 1000);
  }
  return min;
}
