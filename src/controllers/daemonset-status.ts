/**
 * DaemonSet status as upstream's `updateDaemonSetStatus` counts it: per node that should run a
 * pod, the oldest of its pods decides current/ready/available/updated; pods on nodes that should
 * not run one are misscheduled.
 */
import type { Pod } from '../api/registry/core-types.js';
import type { IntOrString } from '../api/validation/apps.js';
import type { KObject } from '../api/types/index.js';
import { isConflict, type KubeClient, type ResourceRef } from '../client/index.js';
import type { WorkloadSpec } from '../api/validation/apps.js';
import { REVISION_HASH_LABEL } from './daemonset-history.js';
import type { NodePods } from './daemonset-update.js';
import { isAvailable, isReady } from './job-pod-control.js';

export const DAEMONSETS = { group: 'apps', version: 'v1', plural: 'daemonsets' } as const;

export interface DaemonSetStatus {
  currentNumberScheduled: number; numberMisscheduled: number; desiredNumberScheduled: number; numberReady: number;
  observedGeneration?: number; updatedNumberScheduled: number; numberAvailable: number; numberUnavailable: number;
  collisionCount?: number; conditions?: unknown[];
}
export interface AppsDaemonSet extends KObject {
  spec?: WorkloadSpec & { updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } } };
  status?: DaemonSetStatus;
}

const byAge = (a: Pod, b: Pod) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '');

export function daemonSetStatus(ds: AppsDaemonSet, nodes: NodePods[], hash: string, collisionCount: number, now: number): DaemonSetStatus {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const s: DaemonSetStatus = {
    currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0,
    updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0, observedGeneration: ds.metadata.generation,
  };
  for (const n of nodes) {
    if (!n.elig.shouldRun) { if (n.pods.length) s.numberMisscheduled++; continue; }
    s.desiredNumberScheduled++;
    if (!n.pods.length) continue;
    s.currentNumberScheduled++;
    const pod = [...n.pods].sort(byAge)[0]!;
    if (isReady(pod)) {
      s.numberReady++;
      if (isAvailable(pod, minReady, now)) s.numberAvailable++;
    }
    if (pod.metadata.labels?.[REVISION_HASH_LABEL] === hash) s.updatedNumberScheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - s.numberAvailable;
  if (collisionCount) s.collisionCount = collisionCount;
  if (ds.status?.conditions) s.conditions = ds.status.conditions;
  return s;
}

/**
 * Writes a status computed from the pods; on a conflict (our cached copy was stale) it retries
 * once on a fresh read, as upstream's DaemonSet and StatefulSet controllers do, since the status
 * depends on the pods rather than on the object's other fields.
 */
export async function writeDerivedStatus<T extends KObject & { status?: unknown }>(
  client: Pick<KubeClient, 'get' | 'updateStatus'>, ref: ResourceRef, obj: T,
): Promise<void> {
  try {
    await client.updateStatus(ref, obj);
  } catch (e) {
    if (!isConflict(e)) throw e;
    const fresh = await client.get<T>(ref, obj.metadata.name!);
    await client.updateStatus(ref, { ...fresh, status: obj.status });
  }
}
