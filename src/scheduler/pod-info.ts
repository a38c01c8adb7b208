/**
 * What the scheduler needs to know about a pod, computed once per pod (upstream's PodInfo and the
 * NodeResourcesFit PreFilter): its effective requests, the non-zero requests used for scoring,
 * its host ports and the controller that owns it.
 */
import type { Container, Pod, ResourceList } from '../api/registry/core-types.js';
import { parseQuantity } from '../api/validation/quantity.js';

/** Resource amounts in integer units: millicores, bytes, bytes, pod count. */
export interface Res { milliCpu: number; memory: number; ephemeral: number; pods: number }

export interface HostPort { ip: string; protocol: string; port: number }

export interface PodInfo {
  /** `ns/name`, the informer key. */
  key: string;
  nodeName: string;
  /** Effective requests (pods is always 1). */
  req: Res;
  /** Requests with upstream's defaults for unset cpu (100m) and memory (200 MiB), for scoring only. */
  nonZeroCpu: number;
  nonZeroMem: number;
  ports: HostPort[];
  /** uid of the controller owner (ReplicaSet, StatefulSet, …), for spreading. */
  ownerUid?: string;
}

const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

export const zeroRes = (): Res => ({ milliCpu: 0, memory: 0, ephemeral: 0, pods: 0 });

const q = (v: string | number | undefined): number => (v === undefined ? 0 : parseQuantity(v) ?? 0);

/** A ResourceList as integer units (cpu rounded up to millicores, as Quantity.MilliValue does). */
export function resFromList(l: ResourceList | undefined): Res {
  return {
    // the epsilon absorbs float noise (0.1 cpu → 100.00000000000001 m); max() avoids -0
    milliCpu: Math.max(0, Math.ceil(q(l?.cpu) * 1000 - 1e-9)),
    memory: Math.ceil(q(l?.memory)),
    ephemeral: Math.ceil(q(l?.['ephemeral-storage'])),
    pods: Math.floor(q(l?.pods)),
  };
}

/**
 * A container's requests; an unset request falls back to the limit, as the API server's
 * defaulting does upstream (Kite's defaulting leaves requests alone).
 */
function containerRes(c: Container): { r: Res; cpuSet: boolean; memSet: boolean } {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  const pick = (k: string) => req[k] ?? lim[k];
  return {
    r: resFromList({ cpu: pick('cpu') ?? 0, memory: pick('memory') ?? 0, 'ephemeral-storage': pick('ephemeral-storage') ?? 0 }),
    cpuSet: pick('cpu') !== undefined,
    memSet: pick('memory') !== undefined,
  };
}

const add = (a: Res, b: Res): Res => ({ milliCpu: a.milliCpu + b.milliCpu, memory: a.memory + b.memory, ephemeral: a.ephemeral + b.ephemeral, pods: a.pods + b.pods });
const max = (a: Res, b: Res): Res => ({
  milliCpu: Math.max(a.milliCpu, b.milliCpu), memory: Math.max(a.memory, b.memory), ephemeral: Math.max(a.ephemeral, b.ephemeral), pods: Math.max(a.pods, b.pods),
});

/**
 * Upstream's PodRequests: the sum of the app containers, or the largest init container if that is
 * more (restartable "sidecar" init containers keep running, so they add to everything after them),
 * plus the pod overhead.
 */
function podRequests(pod: Pod, useNonZero: boolean): Res {
  const eff = (c: Container): Res => {
    const { r, cpuSet, memSet } = containerRes(c);
    if (!useNonZero) return r;
    return { ...r, milliCpu: cpuSet ? r.milliCpu : DEFAULT_MILLI_CPU, memory: memSet ? r.memory : DEFAULT_MEMORY };
  };
  let sum = zeroRes();
  for (const c of pod.spec.containers ?? []) sum = add(sum, eff(c));
  let sidecars = zeroRes();
  let initMax = zeroRes();
  for (const c of pod.spec.initContainers ?? []) {
    const r = eff(c);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, r);
      initMax = max(initMax, sidecars);
    } else {
      initMax = max(initMax, add(r, sidecars));
    }
  }
  const total = max(add(sum, sidecars), initMax);
  const overhead = pod.spec.overhead as ResourceList | undefined;
  return overhead ? add(total, { ...resFromList(overhead), pods: 0 }) : total;
}

function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

export const podKey = (pod: Pod): string => `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;

export function podInfo(pod: Pod, nodeName = pod.spec.nodeName ?? ''): PodInfo {
  const req = { ...podRequests(pod, false), pods: 1 };
  const nz = podRequests(pod, true);
  return {
    key: podKey(pod),
    nodeName,
    req,
    nonZeroCpu: nz.milliCpu,
    nonZeroMem: nz.memory,
    ports: hostPorts(pod),
    ownerUid: pod.metadata.ownerReferences?.find((r) => r.controller)?.uid,
  };
}
