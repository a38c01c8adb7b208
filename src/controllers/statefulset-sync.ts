/**
 * One StatefulSet pass (upstream `stateful_set_control.go` `updateStatefulSet`), with the writes
 * behind an interface so the order of steps reads top to bottom:
 * 1. each ordinal in [start, start+replicas): a missing pod is created (its PVCs first), a
 *    finished one deleted to be recreated; with OrderedReady the pass stops at the first pod it
 *    created, deleted or that is not yet Running and Ready (so `web-1` waits for `web-0`);
 * 2. pods beyond the range are deleted from the highest ordinal, one at a time and only while
 *    every other pod is healthy under OrderedReady (Parallel deletes them all at once);
 * 3. RollingUpdate: from the highest ordinal down to `partition`, the first pod on an old
 *    revision is deleted (and recreated at the update revision by step 1 of a later pass), waiting
 *    while a pod below it is unhealthy.
 * Pods below `partition` are (re)created at the current revision.
 */
import type { Pod, PodTemplateSpec } from '../api/registry/core-types.js';
import { REVISION_HASH_LABEL } from './daemonset-history.js';
import { isAvailable, isRunningAndReady, isTerminal, isTerminating } from './job-pod-control.js';
import { statefulPod, type AppsStatefulSet } from './statefulset-pods.js';

export interface Revision { hash: string; name: string; template: PodTemplateSpec }

export interface StatefulWrites {
  /** Creates the ordinal's missing PVCs, then the pod; resolves with the pod as created. */
  createPod(pod: Pod, ordinal: number): Promise<Pod>;
  deletePod(pod: Pod): Promise<void>;
}

export interface SyncInput {
  set: AppsStatefulSet; pods: Pod[]; ordinalOf: (p: Pod) => number | undefined;
  current: Revision; update: Revision; now: number;
}

/** Runs the pass; returns the pods as they stand afterwards (created ones added, deleted ones marked). */
export async function syncStatefulSet(i: SyncInput, w: StatefulWrites): Promise<Pod[]> {
  const spec = i.set.spec ?? {};
  const start = spec.ordinals?.start ?? 0;
  const replicas = spec.replicas ?? 1;
  const monotonic = spec.podManagementPolicy !== 'Parallel';
  const rolling = spec.updateStrategy?.type !== 'OnDelete';
  const partition = rolling ? spec.updateStrategy?.rollingUpdate?.partition ?? 0 : 0;
  const minReady = spec.minReadySeconds ?? 0;
  const healthy = (p: Pod) => isRunningAndReady(p) && !isTerminating(p) && isAvailable(p, minReady, i.now);

  const slots: Array<Pod | undefined> = Array.from({ length: replicas });
  const condemned: Pod[] = [];
  for (const p of i.pods) {
    const ord = i.ordinalOf(p);
    if (ord === undefined) continue;
    if (ord >= start && ord < start + replicas) slots[ord - start] = p;
    else condemned.push(p);
  }
  condemned.sort((a, b) => i.ordinalOf(b)! - i.ordinalOf(a)!);
  const deleted = new Set<Pod>();
  const result = () => [...slots.filter((p): p is Pod => !!p), ...condemned].map((p) => (deleted.has(p) ? markDeleted(p, i.now) : p));

  // 1. create and repair the replicas in ordinal order
  for (let k = 0; k < replicas; k++) {
    const ord = start + k;
    const p = slots[k];
    if (!p) {
      const rev = rolling && k < partition ? i.current : i.update;
      slots[k] = await w.createPod(statefulPod(i.set, rev.template, rev.hash, ord), ord);
      if (monotonic) return result();
      continue;
    }
    if (isTerminal(p) && !isTerminating(p)) {
      await w.deletePod(p); // recreated by a later pass, as upstream does for failed pods
      deleted.add(p);
      if (monotonic) return result();
      continue;
    }
    if (monotonic && !healthy(p)) return result();
  }

  // 2. scale down from the highest ordinal
  for (const p of condemned) {
    if (isTerminating(p)) { if (monotonic) return result(); continue; }
    if (monotonic && [...slots, ...condemned].some((o) => o && o !== p && !healthy(o))) return result();
    await w.deletePod(p);
    deleted.add(p);
    if (monotonic) return result();
  }

  // 3. rolling update from the highest ordinal down to the partition
  if (!rolling) return result();
  for (let k = replicas - 1; k >= partition; k--) { // partition counts replica indexes, as upstream
    const p = slots[k]!;
    if (p.metadata.labels?.[REVISION_HASH_LABEL] !== i.update.hash && !isTerminating(p)) {
      await w.deletePod(p);
      deleted.add(p);
      return result();
    }
    if (!healthy(p)) return result();
  }
  return result();
}

const markDeleted = (p: Pod, now: number): Pod => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(now).toISOString() } });
