/**
 * StatefulSet pod identity and storage (upstream `stateful_set_utils.go`): pod `<set>-<ordinal>`
 * with labels `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index`, hostname
 * = pod name and subdomain = serviceName; each volumeClaimTemplate gives PVC
 * `<claim>-<set>-<ordinal>`, which the pod's volume of the same name references.
 */
import type { PersistentVolumeClaim, Pod, PodTemplateSpec } from '../api/registry/core-types.js';
import type { KObject } from '../api/types/index.js';
import type { IntOrString, WorkloadSpec } from '../api/validation/apps.js';
import { REVISION_HASH_LABEL } from './daemonset-history.js';
import { controllerRef, podFromTemplate } from './job-pod-control.js';

export const STATEFULSETS = { group: 'apps', version: 'v1', plural: 'statefulsets' } as const;
export const PVCS = { group: '', version: 'v1', plural: 'persistentvolumeclaims' } as const;
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export interface ClaimTemplate { metadata?: KObject['metadata']; spec?: Record<string, unknown> }
export interface StatefulSetStatus {
  observedGeneration?: number; replicas: number; readyReplicas?: number; currentReplicas?: number; updatedReplicas?: number;
  availableReplicas?: number; currentRevision?: string; updateRevision?: string; collisionCount?: number; conditions?: unknown[];
}
export interface AppsStatefulSet extends KObject {
  spec?: WorkloadSpec & {
    serviceName?: string; podManagementPolicy?: string; ordinals?: { start?: number };
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString } };
    volumeClaimTemplates?: ClaimTemplate[];
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
  };
  status?: StatefulSetStatus;
}

/** The ordinal of a pod of `set`, or undefined if its name is not `<set>-<n>`. */
export function ordinalOf(set: AppsStatefulSet, p: KObject): number | undefined {
  const prefix = `${set.metadata.name}-`;
  const name = p.metadata.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : undefined;
}

export const claimName = (set: AppsStatefulSet, claim: string, ordinal: number): string => `${claim}-${set.metadata.name}-${ordinal}`;

export function claimsFor(set: AppsStatefulSet, ordinal: number): PersistentVolumeClaim[] {
  const deleteWithSet = set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const meta: KObject['metadata'] = {
      name: claimName(set, t.metadata?.name ?? '', ordinal), namespace: set.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
    };
    if (t.metadata?.annotations) meta.annotations = { ...t.metadata.annotations };
    // whenDeleted=Delete: the garbage collector removes the claim with the set
    if (deleteWithSet) meta.ownerReferences = [controllerRef(set, 'apps/v1', 'StatefulSet')];
    return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta, spec: structuredClone(t.spec ?? {}) };
  });
}

/** upstream `newVersionedStatefulSetPod`: the revision's template plus the ordinal's identity and storage. */
export function statefulPod(set: AppsStatefulSet, template: PodTemplateSpec, hash: string, ordinal: number): Pod {
  const name = `${set.metadata.name}-${ordinal}`;
  const pod = podFromTemplate(template, set, controllerRef(set, 'apps/v1', 'StatefulSet'), { name });
  pod.metadata.labels = { ...pod.metadata.labels, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH_LABEL]: hash };
  pod.spec.hostname = name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  const claims = set.spec?.volumeClaimTemplates ?? [];
  if (claims.length) {
    const names = new Set(claims.map((c) => c.metadata?.name));
    pod.spec.volumes = [
      ...(pod.spec.volumes ?? []).filter((v) => !names.has(v.name)),
      ...claims.map((c) => ({ name: c.metadata?.name ?? '', persistentVolumeClaim: { claimName: claimName(set, c.metadata?.name ?? '', ordinal) } })),
    ];
  }
  return pod;
}
