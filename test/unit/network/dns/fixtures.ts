/** Services and EndpointSlices for the DNS unit tests. */
import type { Service } from '../../../../src/api/registry/core-types.js';
import type { DnsEndpointSlice } from '../../../../src/network/dns/service-records.js';

export function svc(ns: string, name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec };
}

export function slice(ns: string, name: string, service: string, endpoints: NonNullable<DnsEndpointSlice['endpoints']>,
  ports: DnsEndpointSlice['ports'] = [], addressType = 'IPv4'): DnsEndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { namespace: ns, name, labels: { 'kubernetes.io/service-name': service } },
    addressType, endpoints, ports,
  };
}
