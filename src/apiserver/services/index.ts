/**
 * Service state the API server owns (kube-apiserver's ipallocator/portallocator and its
 * `kubernetes` Service reconciler):
 * - `bitmap.ts`, `ranges.ts` — pure allocators over a CIDR and a port range.
 * - `allocator.ts` — the Service write hook: cluster IPs and node ports on create/update/delete.
 * - `kubernetes-service.ts` — the `default/kubernetes` Service, Endpoints and EndpointSlice.
 * Allocations live in this process's memory, rebuilt from the stored Services before the API server
 * serves (so they survive restarts). One API server per cluster is assumed: HA control planes would
 * need the bitmaps in the store, as upstream keeps them in etcd.
 */
import type { Logger } from 'pino';
import type { Registry } from '../../api/registry/registry.js';
import type { Service } from '../../api/registry/core-types.js';
import type { NetworkConfig } from '../../config/network.js';
import { nthAddress, parseCidr } from '../../api/net/ipv4.js';
import type { Store } from '../../store/index.js';
import { ObjectStore } from '../rest/objects.js';
import { ServiceAllocator } from './allocator.js';
import { IpRange, PortRange } from './ranges.js';

export { ServiceAllocator } from './allocator.js';
export { IpRange, PortRange } from './ranges.js';
export type { AllocateResult } from './ranges.js';
export { reconcileKubernetesService } from './kubernetes-service.js';
export type { KubernetesServiceOptions } from './kubernetes-service.js';

/** The allocator for `network`, holding what the Services already in `store` hold. */
export async function loadServiceAllocator(o: { store: Store; registry: Registry; network: NetworkConfig; log: Logger }): Promise<ServiceAllocator> {
  const kubernetesIp = nthAddress(parseCidr(o.network.serviceCidr), 1);
  const alloc = new ServiceAllocator(
    new IpRange(o.network.serviceCidr, [kubernetesIp, o.network.clusterDns]),
    new PortRange(o.network.nodePortRange.min, o.network.nodePortRange.max),
  );
  const def = o.registry.lookup('', 'v1', 'services');
  if (!def) return alloc;
  const { items } = await new ObjectStore(o.store).list(def, undefined);
  const clashes = alloc.rebuild(items as Service[]);
  // Two stored Services holding one value (written by an older build, or a changed range) stay as
  // they are; the later one is reported so an operator can fix it.
  if (clashes.length) o.log.warn({ clashes }, 'stored Services hold clashing or out-of-range allocations');
  return alloc;
}
