/**
 * core/v1 Endpoints subsets of a Service (upstream endpoints controller + `RepackSubsets`): one
 * address per selected pod with an IP, Ready pods (or all, with publishNotReadyAddresses) under
 * `addresses`, the others under `notReadyAddresses`; addresses that serve the same resolved ports
 * share a subset. Terminating pods are left out unless the Service publishes not-ready addresses.
 * Sorted (subsets by ports, addresses by IP) so equal inputs give byte-equal objects. Pure.
 */
import type { Pod, Service } from '../api/registry/core-types.js';
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../api/registry/discovery-types.js';
import { endpointHostname, podInEndpoints, podReady, podRef, portsKey, resolvePorts } from './endpoint-pods.js';

type ServiceSpec = Service['spec'] & { publishNotReadyAddresses?: boolean };

export function endpointSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publish = (svc.spec as ServiceSpec).publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!podInEndpoints(pod, publish)) continue;
    const hostname = endpointHostname(svc, pod);
    const addr: EndpointAddress = {
      ip: pod.status?.podIP as string,
      ...(hostname ? { hostname } : {}),
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: podRef(pod),
    };
    const resolved = resolvePorts(svc, pod);
    // A Service with ports that this pod serves none of contributes nothing (as upstream).
    if ((svc.spec.ports?.length ?? 0) > 0 && resolved.length === 0) continue;
    const key = portsKey(resolved);
    let g = groups.get(key);
    if (!g) {
      const ports = resolved.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
      groups.set(key, (g = { ports, ready: [], notReady: [] }));
    }
    (publish || podReady(pod) ? g.ready : g.notReady).push(addr);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip, 'en', { numeric: true });
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => ({
    ...(g.ready.length ? { addresses: g.ready.sort(byIp) } : {}),
    ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIp) } : {}),
    ...(g.ports.length ? { ports: g.ports } : {}),
  }));
}
