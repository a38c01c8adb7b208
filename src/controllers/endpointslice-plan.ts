/**
 * The EndpointSlices a Service should have, as writes against the ones it has (upstream
 * endpointslice `reconciler.go`, simplified): pods are grouped by address type and resolved ports;
 * each group fills slices of at most `maxEndpoints`. Churn is kept low: endpoints stay in the slice
 * that holds them (updated in place when they change), new ones go first into slices being written
 * anyway, then into slices with room, and only then into new slices. Empty slices are deleted, except
 * that a Service without endpoints keeps one empty placeholder slice. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Pod, Service } from '../api/registry/core-types.js';
import {
  MANAGED_BY_LABEL, SERVICE_NAME_LABEL, SLICE_CONTROLLER_NAME, type FullEndpointSlice, type SliceEndpoint, type SlicePort,
} from '../api/registry/discovery-types.js';
import { endpointConditions, endpointHostname, podInEndpoints, podRef, portsKey, resolvePorts, type ResolvedPort } from './endpoint-pods.js';

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePlan { create: FullEndpointSlice[]; update: FullEndpointSlice[]; delete: FullEndpointSlice[] }

interface Group { addressType: 'IPv4' | 'IPv6'; ports: SlicePort[]; endpoints: Map<string, SliceEndpoint> }

const slicePorts = (ports: ResolvedPort[]): SlicePort[] => ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
const keyOf = (addressType: string, ports: SlicePort[]) =>
  `${addressType}|${portsKey(ports.map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol })))}`;

function toEndpoint(svc: Service, pod: Pod, ip: string): SliceEndpoint {
  const hostname = endpointHostname(svc, pod);
  return {
    addresses: [ip],
    conditions: endpointConditions(svc, pod),
    ...(hostname ? { hostname } : {}),
    ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: podRef(pod),
  };
}

function desiredGroups(svc: Service, pods: Pod[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    if (!podInEndpoints(pod, true)) continue;
    const ip = pod.status?.podIP as string;
    const addressType = ip.includes(':') ? 'IPv6' : 'IPv4';
    const ports = slicePorts(resolvePorts(svc, pod));
    const key = keyOf(addressType, ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { addressType, ports, endpoints: new Map() }));
    g.endpoints.set(ip, toEndpoint(svc, pod, ip));
  }
  return groups;
}

/** Labels a managed slice carries: the Service's own, then the ones that tie it to the Service. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels, [SERVICE_NAME_LABEL]: svc.metadata.name ?? '', [MANAGED_BY_LABEL]: SLICE_CONTROLLER_NAME };
  if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  return labels;
}

function newSlice(svc: Service, addressType: FullEndpointSlice['addressType'], ports: SlicePort[], endpoints: SliceEndpoint[]): FullEndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: {
      generateName: `${(svc.metadata.name ?? '').slice(0, 57)}-`, namespace: svc.metadata.namespace, labels: sliceLabels(svc),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name ?? '', uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    addressType, endpoints, ports,
  };
}

export function planSlices(svc: Service, pods: Pod[], existing: FullEndpointSlice[], max = MAX_ENDPOINTS_PER_SLICE): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const labels = sliceLabels(svc);
  const groups = desiredGroups(svc, pods);
  const relabel = (s: FullEndpointSlice): FullEndpointSlice =>
    (isDeepStrictEqual(s.metadata.labels ?? {}, labels) ? s : { ...s, metadata: { ...s.metadata, labels } });

  if (groups.size === 0) {
    // No endpoints: one placeholder slice (no ports, no endpoints), reusing an existing slice if any.
    const [keep, ...rest] = [...existing].sort((a, b) => Number(b.endpoints?.length === 0) - Number(a.endpoints?.length === 0));
    plan.delete.push(...rest);
    if (!keep) plan.create.push(newSlice(svc, 'IPv4', [], []));
    else if (keep.endpoints?.length || keep.ports?.length || keep.metadata.labels?.[SERVICE_NAME_LABEL] === undefined || !isDeepStrictEqual(keep.metadata.labels, labels)) {
      plan.update.push({ ...relabel(keep), addressType: keep.addressType, endpoints: [], ports: [] });
    }
    return plan;
  }

  const byKey = new Map<string, FullEndpointSlice[]>();
  for (const s of existing) {
    const k = keyOf(s.addressType, s.ports ?? []);
    if (!groups.has(k)) { plan.delete.push(s); continue; }
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  for (const [k, g] of groups) {
    const placed = new Set<string>();
    const kept: Array<{ slice: FullEndpointSlice; dirty: boolean }> = [];
    for (const s of byKey.get(k) ?? []) {
      const eps: SliceEndpoint[] = [];
      let changed = false;
      for (const ep of s.endpoints ?? []) {
        const ip = ep.addresses[0] ?? '';
        const want = g.endpoints.get(ip);
        if (!want || placed.has(ip) || eps.length >= max) { changed = true; continue; }
        placed.add(ip);
        eps.push(want);
        if (!isDeepStrictEqual(want, ep)) changed = true;
      }
      if (eps.length === 0) { plan.delete.push(s); continue; }
      const relabeled = relabel(s);
      kept.push({ slice: { ...relabeled, endpoints: eps }, dirty: changed || relabeled !== s });
    }
    const remaining = [...g.endpoints.keys()].filter((ip) => !placed.has(ip)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((ip) => g.endpoints.get(ip) as SliceEndpoint);
    // Slices being written anyway come first, so adding endpoints costs as few extra writes as possible.
    kept.sort((a, b) => Number(b.dirty) - Number(a.dirty));
    for (const c of kept) {
      const endpoints = c.slice.endpoints ?? [];
      if (!remaining.length || endpoints.length >= max) continue;
      c.slice.endpoints = [...endpoints, ...remaining.splice(0, max - endpoints.length)];
      c.dirty = true;
    }
    const writing = kept.filter((c) => c.dirty).map((c) => c.slice);
    plan.update.push(...writing);
    while (remaining.length) plan.create.push(newSlice(svc, g.addressType, g.ports, remaining.splice(0, max)));
  }
  return plan;
}
