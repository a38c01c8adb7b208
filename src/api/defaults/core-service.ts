/**
 * Service and Endpoints defaulting (in place, idempotent). Values the API server allocates
 * (cluster IPs, node ports) are not defaults and are not set here.
 */
import type { Endpoints, Service } from '../registry/core-types.js';

export function defaultService(svc: Service): void {
  const spec = (svc.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
  if (spec.type === 'ExternalName') return;
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  spec.ipFamilyPolicy ??= 'SingleStack';
  // Families follow an already-set cluster IP; otherwise the cluster's primary family, IPv4.
  const ip = spec.clusterIPs?.[0] ?? spec.clusterIP;
  if (!spec.ipFamilies?.length && ip !== 'None') spec.ipFamilies = [ip?.includes(':') ? 'IPv6' : 'IPv4'];
}

export function defaultEndpoints(ep: Endpoints): void {
  for (const s of ep.subsets ?? []) for (const p of s.ports ?? []) p.protocol ??= 'TCP';
}

/**
 * Allocated values a client may omit on PUT (it often sends back what it applied, not what it read):
 * cluster IPs and node ports stay as they were unless the client sets them (k8s service REST update).
 */
export function keepServiceAllocations(svc: Service, old: Service): void {
  const spec = svc.spec ?? (svc.spec = {});
  if (!spec.clusterIP && old.spec?.clusterIP) spec.clusterIP = old.spec.clusterIP;
  if (!spec.clusterIPs?.length && old.spec?.clusterIPs?.length) spec.clusterIPs = [...old.spec.clusterIPs];
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const prev = old.spec?.ports?.find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (prev?.nodePort) p.nodePort = prev.nodePort;
    }
  }
}
