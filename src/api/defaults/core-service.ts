/**
 * Service and Endpoints defaulting (in place, idempotent). Values the API server allocates
 * (cluster IPs, node ports) are not defaults and are not set here.
 */
import type { Endpoints, Service, ServicePort } from '../registry/core-types.js';

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
  // clusterIP and clusterIPs[0] are one value (k8s `normalizeClusterIPs`).
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
  else if (!spec.clusterIP && spec.clusterIPs?.[0]) spec.clusterIP = spec.clusterIPs[0];
  // Families follow an already-set cluster IP; otherwise the cluster's primary family, IPv4.
  const ip = spec.clusterIPs?.[0] ?? spec.clusterIP;
  if (!spec.ipFamilies?.length && ip !== 'None') spec.ipFamilies = [ip?.includes(':') ? 'IPv6' : 'IPv4'];
}

export function defaultEndpoints(ep: Endpoints): void {
  for (const s of ep.subsets ?? []) for (const p of s.ports ?? []) p.protocol ??= 'TCP';
}

type Spec = Service['spec'] & { healthCheckNodePort?: number };
const external = (s: Spec) => s.type === 'NodePort' || s.type === 'LoadBalancer';

/**
 * PUT/PATCH preparation (k8s service strategy `patchAllocatedValues` + `dropTypeDependentFields`):
 * allocated values a client may omit (it often sends back what it applied, not what it read) stay as
 * they were; values that only made sense for the old type are dropped when the type changes and the
 * client left them untouched, so `kubectl patch -p '{"spec":{"type":"ClusterIP"}}'` just works.
 */
export function keepServiceAllocations(svc: Service, old: Service): void {
  const spec: Spec = svc.spec ?? (svc.spec = {});
  const prev: Spec = old.spec ?? {};
  const toExternalName = spec.type === 'ExternalName' && prev.type !== 'ExternalName';
  if (spec.type !== 'ExternalName' && prev.type !== 'ExternalName') {
    if (!spec.clusterIP && prev.clusterIP) spec.clusterIP = prev.clusterIP;
    if (!spec.clusterIPs?.length && prev.clusterIPs?.length) spec.clusterIPs = [...prev.clusterIPs];
  }
  if (toExternalName) {
    if (!spec.clusterIP || spec.clusterIP === prev.clusterIP) delete spec.clusterIP;
    if (!spec.clusterIPs?.length || spec.clusterIPs[0] === prev.clusterIPs?.[0]) delete spec.clusterIPs;
    delete spec.ipFamilies;
    delete spec.ipFamilyPolicy;
  }
  const samePort = (p: ServicePort) => prev.ports?.find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
  if (external(spec)) {
    for (const p of spec.ports ?? []) {
      if (!p.nodePort && samePort(p)?.nodePort) p.nodePort = samePort(p)?.nodePort;
    }
  } else {
    for (const p of spec.ports ?? []) if (p.nodePort && p.nodePort === samePort(p)?.nodePort) delete p.nodePort;
    if (spec.externalTrafficPolicy === prev.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  }
  const local = spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
  if (local && !spec.healthCheckNodePort && prev.healthCheckNodePort) spec.healthCheckNodePort = prev.healthCheckNodePort;
  if (!local && spec.healthCheckNodePort && spec.healthCheckNodePort === prev.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === prev.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
}
