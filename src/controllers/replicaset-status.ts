/**
 * ReplicaSet status (upstream `replica_set_utils.go`): counts over the active pods the set owns,
 * the `ReplicaFailure` condition while creating or deleting pods fails, and `observedGeneration`.
 * Written through the status subresource only when something changed, with the cached
 * resourceVersion; a conflict re-reads the set once, as upstream's `updateReplicaSetStatus` does.
 */
import { nowRfc3339 } from '../api/meta.js';
import { isConflict, type KubeClient } from '../client/index.js';
import { inNs, isPodAvailable, isPodReady, REPLICASETS, type Condition, type Pod, type ReplicaSetObj, type ReplicaSetStatus } from './replicaset-types.js';

export function calculateReplicaSetStatus(rs: ReplicaSetObj, pods: Pod[], manageErr: Error | undefined, now: number): ReplicaSetStatus {
  const templateLabels = rs.spec.template?.metadata?.labels ?? {};
  const minReady = rs.spec.minReadySeconds ?? 0;
  const fullyLabeled = pods.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length;
  const status: ReplicaSetStatus = {
    ...rs.status,
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
  };
  let conditions = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageErr && !failure) {
    const diff = pods.length - (rs.spec.replicas ?? 0);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: Condition = { type: 'ReplicaFailure', status: 'True', lastTransitionTime: nowRfc3339(new Date(now)), reason, message: manageErr.message };
    conditions.push(cond);
  } else if (!manageErr && failure) {
    conditions = conditions.filter((c) => c !== failure);
  }
  if (conditions.length) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

const COUNTS = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const;

const sameStatus = (a: ReplicaSetStatus | undefined, b: ReplicaSetStatus, generation: number | undefined): boolean =>
  COUNTS.every((k) => (a?.[k] ?? 0) === (b[k] ?? 0)) && a?.observedGeneration === generation
  && JSON.stringify(a?.conditions ?? []) === JSON.stringify(b.conditions ?? []);

/** Writes `status` (with observedGeneration) unless the set already shows it; returns the stored set. */
export async function updateReplicaSetStatus(
  client: Pick<KubeClient, 'get' | 'updateStatus'>, rs: ReplicaSetObj, status: ReplicaSetStatus, signal?: AbortSignal,
): Promise<ReplicaSetObj> {
  if (sameStatus(rs.status, status, rs.metadata.generation)) return rs;
  const ref = inNs(REPLICASETS, rs.metadata.namespace);
  let cur = rs;
  for (let attempt = 0; ; attempt++) {
    const next: ReplicaSetObj = { ...structuredClone(cur), status: { ...status, observedGeneration: cur.metadata.generation } };
    try {
      return await client.updateStatus(ref, next, { signal });
    } catch (e) {
      if (!isConflict(e) || attempt >= 1) throw e;
      cur = await client.get<ReplicaSetObj>(ref, rs.metadata.name ?? '', { signal });
      if (sameStatus(cur.status, status, cur.metadata.generation)) return cur; // our cache was behind
    }
  }
}
