/** Registry entries for services and endpoints, with kubectl's printService / printEndpoints cells. */
import { defaultEndpoints, defaultService, keepServiceAllocations } from '../defaults/core-service.js';
import { gvkName } from '../schema/dsl.js';
import { validateEndpoints, validateService } from '../validation/core-service.js';
import { ageColumn, col, nameColumn } from './columns.js';
import { formatLabels } from './core-pod.js';
import type { Endpoints, Service } from './core-types.js';
import { defineResource } from './types.js';

/** kubectl truncates long load-balancer lists to 16 characters outside `-o wide`; the server sends them whole. */
function externalIP(s: Service): string {
  const ext = s.spec?.externalIPs ?? [];
  switch (s.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...lb, ...ext];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return s.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `80/TCP`, `80:30080/TCP`, comma-joined; `<none>` without ports. */
function ports(s: Service): string {
  const list = (s.spec?.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
  return list.length ? list.join(',') : '<none>';
}

/** The first three `ip:port` pairs and a `+ N more...` tail, as kubectl's formatEndpoints. */
function endpointList(e: Endpoints): string {
  const subsets = e.subsets ?? [];
  if (!subsets.length) return '<none>';
  const MAX = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const targets = ss.ports?.length ? ss.ports.flatMap((p) => addrs.map((a) => (a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`))) : addrs.map((a) => a.ip);
    count += targets.length;
    for (const t of targets) if (list.length < MAX) list.push(t);
  }
  return count > MAX ? `${list.join(',')} + ${count - MAX} more...` : list.join(',');
}

export const services = defineResource<Service>({
  group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', namespaced: true,
  shortNames: ['svc'], categories: ['all'], subresources: { status: true }, nameRule: 'dns1035Label',
  schema: gvkName('', 'v1', 'Service'),
  columns: [
    nameColumn,
    col('Type', (s) => s.spec?.type ?? '', { description: 'type determines how the Service is exposed.' }),
    col('Cluster-IP', (s) => s.spec?.clusterIPs?.[0] || s.spec?.clusterIP || '<none>', { description: 'clusterIP is the IP address of the service and is usually assigned randomly.' }),
    col('External-IP', externalIP, { description: 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.' }),
    col('Port(s)', ports, { description: 'The list of ports that are exposed by this service.' }),
    ageColumn,
    col('Selector', (s) => formatLabels(s.spec?.selector), { priority: 1, description: 'Route service traffic to pods with label keys and values matching this selector.' }),
  ],
  prepareForUpdate: keepServiceAllocations,
  defaults: defaultService,
  validate: validateService,
});

export const endpoints = defineResource<Endpoints>({
  group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', namespaced: true,
  shortNames: ['ep'],
  schema: gvkName('', 'v1', 'Endpoints'),
  columns: [nameColumn, col('Endpoints', endpointList, { description: 'The set of all endpoints is the union of all subsets.' }), ageColumn],
  defaults: defaultEndpoints,
  validate: validateEndpoints,
});
