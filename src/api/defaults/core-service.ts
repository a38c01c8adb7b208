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
