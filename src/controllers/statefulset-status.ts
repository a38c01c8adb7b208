/**
 * StatefulSet status (upstream `computeReplicaStatus` + `completeRollingUpdate`): counts over the
 * set's pods; once every pod is updated and ready the update revision becomes the current one.
 */
import type { Pod } from '../api/registry/core-types.js';
import { REVISION_HASH_LABEL } from './daemonset-history.js';
import { isAvailable, isRunningAndReady, isTerminating } from './job-pod-control.js';
import type { AppsStatefulSet, StatefulSetStatus } from './statefulset-pods.js';
import type { Revision } from './statefulset-sync.js';

export function statefulSetStatus(
  set: AppsStatefulSet, pods: Pod[], current: Revision, update: Revision, collisionCount: number, now: number,
): StatefulSetStatus {
  const minReady = set.spec?.minReadySeconds ?? 0;
  const s: StatefulSetStatus = {
    observedGeneration: set.metadata.generation, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0,
    availableReplicas: 0, currentRevision: current.name, updateRevision: update.name,
  };
  for (const p of pods) {
    s.replicas++;
    if (isRunningAndReady(p)) {
      s.readyReplicas!++;
      if (isAvailable(p, minReady, now)) s.availableReplicas!++;
    }
    if (isTerminating(p)) continue;
    const hash = p.metadata.labels?.[REVISION_HASH_LABEL];
    if (hash === current.hash) s.currentReplicas!++;
    if (hash === update.hash) s.updatedReplicas!++;
  }
  if (set.spec?.updateStrategy?.type !== 'OnDelete' && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
    s.currentReplicas = s.updatedReplicas;
    s.currentRevision = s.updateRevision;
  }
  if (collisionCount) s.collisionCount = collisionCount;
  if (set.status?.conditions) s.conditions = set.status.conditions;
  return s;
}
