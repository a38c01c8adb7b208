/**
 * What a DaemonSet pass changes, as pure functions over a snapshot (upstream `manage` and
 * `rollingUpdate` in `daemon_controller.go` / `update.go`):
 * - `managePlan`: a pod on every node that should run one (unless one is still terminating); failed
 *   pods deleted (replaced next pass); extra pods deleted (oldest kept; with surge, the oldest
 *   updated and oldest old pod, the old one going once the new one is available); all pods of
 *   nodes that may not keep them, or that no longer exist.
 * - `rollingUpdatePlan`: replaces old-revision pods within maxUnavailable (delete, then manage
 *   creates), or with maxSurge > 0 starts the new pod first and deletes the old once it is available.
 */
import type { Pod } from '../api/registry/core-types.js';
import type { IntOrString } from '../api/validation/apps.js';
import { REVISION_HASH_LABEL } from './daemonset-history.js';
import type { Eligibility } from './daemonset-nodes.js';
import { isAvailable, isReady, isTerminating } from './job-pod-control.js';

export interface NodePods { name: string; elig: Eligibility; pods: Pod[] }
export interface DsPlan { create: string[]; remove: Pod[] }

const updated = (p: Pod, hash: string) => p.metadata.labels?.[REVISION_HASH_LABEL] === hash;
const byAge = (a: Pod, b: Pod) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/** upstream `GetScaledValueFromIntOrPercent(v, total, roundUp=true)`. */
export function scaled(v: IntOrString | undefined, total: number): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  return Math.ceil((parseInt(v, 10) * total) / 100);
}

export function managePlan(nodes: NodePods[], strays: Pod[], hash: string, surge: boolean, minReady: number, now: number): DsPlan {
  const plan: DsPlan = { create: [], remove: [...strays.filter((p) => !isTerminating(p))] };
  for (const n of nodes) {
    if (!n.elig.shouldContinueRunning) { plan.remove.push(...n.pods.filter((p) => !isTerminating(p))); continue; }
    if (!n.pods.length) { if (n.elig.shouldRun) plan.create.push(n.name); continue; }
    const running: Pod[] = [];
    for (const p of n.pods) {
      if (isTerminating(p)) continue;
      if (p.status?.phase === 'Failed') plan.remove.push(p);
      else running.push(p);
    }
    running.sort(byAge);
    if (!surge) { plan.remove.push(...running.slice(1)); continue; }
    let oldestNew: Pod | undefined, oldestOld: Pod | undefined;
    for (const p of running) {
      if (updated(p, hash) && !oldestNew) oldestNew = p;
      else if (!updated(p, hash) && !oldestOld) oldestOld = p;
      else plan.remove.push(p);
    }
    if (oldestNew && oldestOld && (!isReady(oldestOld) || isAvailable(oldestNew, minReady, now))) plan.remove.push(oldestOld);
  }
  return plan;
}

/** One updated and one old pod at most, ignoring terminating ones; `ok` false when there are more. */
function splitByRevision(pods: Pod[], hash: string): { ok: boolean; fresh?: Pod; old?: Pod } {
  let fresh: Pod | undefined, old: Pod | undefined;
  for (const p of pods) {
    if (isTerminating(p)) continue;
    if (updated(p, hash)) { if (fresh) return { ok: false }; fresh = p; } else { if (old) return { ok: false }; old = p; }
  }
  return { ok: true, fresh, old };
}

export function rollingUpdatePlan(
  nodes: NodePods[], hash: string, maxSurge: number, maxUnavailable: number, minReady: number, now: number,
): DsPlan {
  const live = nodes.filter((n) => n.elig.shouldContinueRunning && n.pods.length);
  const avail = (p: Pod) => isAvailable(p, minReady, now);
  if (maxSurge === 0) {
    let unavailable = 0;
    const free: Pod[] = [];
    const candidates: Pod[] = [];
    for (const n of live) {
      const { ok, fresh, old } = splitByRevision(n.pods, hash);
      if (!ok || (!fresh && !old) || (fresh && old)) { unavailable++; continue; } // manage sorts these out
      if (fresh) { if (!avail(fresh)) unavailable++; continue; }
      if (!avail(old!)) free.push(old!); // already down: replacing it costs nothing
      else if (unavailable < maxUnavailable) candidates.push(old!);
    }
    const budget = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return { create: [], remove: [...free, ...candidates.slice(0, budget)] };
  }
  let surging = 0;
  const free: string[] = [];
  const candidates: string[] = [];
  const remove: Pod[] = [];
  for (const n of live) {
    const { ok, fresh, old } = splitByRevision(n.pods, hash);
    if (!ok) { surging++; continue; }
    if (!old) continue;
    if (!fresh) {
      if (!avail(old)) free.push(n.name);
      else if (surging < maxSurge) candidates.push(n.name);
      continue;
    }
    if (!avail(fresh)) { surging++; continue; }
    remove.push(old);
  }
  const budget = Math.min(Math.max(0, maxSurge - surging), candidates.length);
  return { create: [...free, ...candidates.slice(0, budget)], remove };
}
