/**
 * The labels and annotations the agent puts on CRI sandboxes and containers: the kubelet's own keys,
 * so the CRI state alone says which pod and container a runtime object belongs to. That is what lets
 * a restarted agent re-adopt running containers instead of restarting them (issue 4, scope 6).
 */
import type { Container, Pod } from '../../api/registry/core-types.js';
import type { ContainerStatus } from '../cri/index.js';

export const POD_NAME = 'io.kubernetes.pod.name';
export const POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const POD_UID = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME = 'io.kubernetes.container.name';
/** Annotations (upstream `kuberuntime/labels.go`): what the agent needs when the pod object is gone. */
export const RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const GRACE_PERIOD = 'io.kubernetes.pod.terminationGracePeriod';
export const PRESTOP_HANDLER = 'io.kubernetes.container.preStopHandler';

export function podLabels(pod: Pod): Record<string, string> {
  return {
    ...(pod.metadata.labels ?? {}),
    [POD_NAME]: pod.metadata.name ?? '',
    [POD_NAMESPACE]: pod.metadata.namespace ?? '',
    [POD_UID]: pod.metadata.uid ?? '',
  };
}

export function containerLabels(pod: Pod, c: Container): Record<string, string> {
  return {
    [POD_NAME]: pod.metadata.name ?? '',
    [POD_NAMESPACE]: pod.metadata.namespace ?? '',
    [POD_UID]: pod.metadata.uid ?? '',
    [CONTAINER_NAME]: c.name,
  };
}

export function containerAnnotations(pod: Pod, c: Container, restartCount: number): Record<string, string> {
  const preStop = (c.lifecycle as { preStop?: unknown } | undefined)?.preStop;
  return {
    [RESTART_COUNT]: String(restartCount),
    [GRACE_PERIOD]: String(pod.spec.terminationGracePeriodSeconds ?? 30),
    ...(preStop ? { [PRESTOP_HANDLER]: JSON.stringify(preStop) } : {}),
  };
}

/** The restart count of a container instance: its annotation, else its CRI attempt number. */
export function restartCountOf(s: Pick<ContainerStatus, 'annotations' | 'metadata'>): number {
  const n = Number(s.annotations?.[RESTART_COUNT]);
  return Number.isInteger(n) && n >= 0 ? n : s.metadata.attempt ?? 0;
}
