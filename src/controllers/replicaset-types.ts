/**
 * The apps/v1 and core/v1 shapes the ReplicaSet and Deployment controllers read and write, with
 * the status fields the API registry's structural types leave out, plus the pod predicates both
 * controllers share (upstream `controller_utils.go`, `podutil`).
 */
import type { Pod, PodTemplateSpec } from '../api/registry/core-types.js';
import type { LabelSelectorObject } from '../api/selectors/index.js';
import type { KObject, OwnerReference } from '../api/types/index.js';
import type { ResourceRef } from '../client/index.js';

export type { Pod, PodTemplateSpec };

export const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods' };
export const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', plural: 'replicasets' };
export const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', plural: 'deployments' };
export const inNs = (ref: ResourceRef, namespace: string | undefined): ResourceRef => ({ ...ref, namespace });

export interface Condition {
  type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string;
  lastTransitionTime?: string; lastUpdateTime?: string;
}

export interface ReplicaSetStatus {
  replicas: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number;
  observedGeneration?: number; conditions?: Condition[];
}
export interface ReplicaSetObj extends KObject {
  spec: { replicas?: number; minReadySeconds?: number; selector?: LabelSelectorObject; template?: PodTemplateSpec };
  status?: ReplicaSetStatus;
}

export interface IntOrPercentStrategy { maxSurge?: number | string; maxUnavailable?: number | string }
export interface DeploymentStatus {
  observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number;
  availableReplicas?: number; unavailableReplicas?: number; collisionCount?: number; conditions?: Condition[];
}
export interface DeploymentObj extends KObject {
  spec: {
    replicas?: number; selector?: LabelSelectorObject; template?: PodTemplateSpec; minReadySeconds?: number;
    revisionHistoryLimit?: number; progressDeadlineSeconds?: number; paused?: boolean;
    strategy?: { type?: string; rollingUpdate?: IntOrPercentStrategy };
  };
  status?: DeploymentStatus;
}

export const controllerOf = (o: KObject): OwnerReference | undefined => o.metadata.ownerReferences?.find((r) => r.controller);

/** The controller ownerReference every created dependent carries (upstream `metav1.NewControllerRef`). */
export function controllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** Upstream `IsPodActive`: neither finished nor being deleted. */
export const isPodActive = (p: Pod): boolean =>
  p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;

const readyCondition = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready') as Condition | undefined;
export const isPodReady = (p: Pod): boolean => readyCondition(p)?.status === 'True';
export const podReadyTime = (p: Pod): number | undefined => {
  const c = readyCondition(p);
  return c?.status === 'True' && c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
};

/** Upstream `IsPodAvailable`: ready, and ready for at least minReadySeconds. */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(p)) return false;
  if (!minReadySeconds) return true;
  const since = podReadyTime(p);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}
