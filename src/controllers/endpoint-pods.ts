/**
 * What a Service's endpoints are made of, per pod (upstream `endpointutil`): whether the pod belongs
 * in them at all, its ready/serving/terminating conditions, its hostname, and the Service's ports
 * resolved against its containers (a named targetPort → the container port of that name). Pure;
 * shared by the EndpointSlice and Endpoints controllers.
 */
import type { Pod, Service, ServicePort } from '../api/registry/core-types.js';
import type { EndpointConditions, ObjectReference } from '../api/registry/discovery-types.js';

type ServiceSpec = Service['spec'] & { publishNotReadyAddresses?: boolean };

export const podReady = (pod: Pod): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Pods with an IP that have not finished; terminating ones only when asked (slices yes, Endpoints no). */
export function podInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  const phase = pod.status.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

export function endpointConditions(svc: Service, pod: Pod): Required<EndpointConditions> {
  const publish = (svc.spec as ServiceSpec).publishNotReadyAddresses === true;
  const serving = publish || podReady(pod);
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  // A terminating pod is never "ready" (old clients treat ready as routable) unless the Service publishes all.
  return { ready: publish || (serving && !terminating), serving, terminating };
}

/** The DNS hostname of the pod under this Service: only when the Service is its subdomain. */
export function endpointHostname(svc: Service, pod: Pod): string | undefined {
  const s = pod.spec;
  if (s.hostname && s.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace) return s.hostname;
  return undefined;
}

export const podRef = (pod: Pod): ObjectReference =>
  ({ kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '', uid: pod.metadata.uid });

/** The port number a Service port reaches on this pod; undefined when a named port is not declared. */
export function findPodPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

export interface ResolvedPort { name: string; port: number; protocol: string; appProtocol?: string }

/** The Service's ports as this pod serves them; ports a pod cannot serve are left out (as upstream). */
export function resolvePorts(svc: Service, pod: Pod): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPodPort(pod, sp);
    if (port === undefined) continue;
    const appProtocol = (sp as { appProtocol?: string }).appProtocol;
    out.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(appProtocol ? { appProtocol } : {}) });
  }
  return out;
}

/** A stable key for a set of resolved ports (pods with the same key share slices/subsets). */
export const portsKey = (ports: ResolvedPort[]): string =>
  JSON.stringify([...ports].sort((a, b) => a.name.localeCompare(b.name) || a.port - b.port || a.protocol.localeCompare(b.protocol)).map((p) => [p.name, p.port, p.protocol, p.appProtocol ?? '']));
