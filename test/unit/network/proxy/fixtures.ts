/** Small builders for Services and EndpointSlices in proxy unit tests. */
import type { Service } from '../../../../src/api/registry/core-types.js';
import type { ProxyEndpointSlice } from '../../../../src/network/proxy/model.js';

export const svc = (name: string, spec: Service['spec'], status?: Service['status']): Service =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec, ...(status ? { status } : {}) });

type Ep = NonNullable<ProxyEndpointSlice['endpoints']>[number];
export const ep = (ip: string, o: Partial<Ep> = {}): Ep => ({ addresses: [ip], conditions: { ready: true }, nodeName: 'n1', ...o });

export const slice = (service: string, endpoints: Ep[], ports: ProxyEndpointSlice['ports'], name = `${service}-abc`): ProxyEndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4', endpoints, ports,
  metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': service } },
});
