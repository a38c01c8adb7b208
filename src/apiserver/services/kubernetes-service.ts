/**
 * The `default/kubernetes` Service (kube-apiserver's bootstrap controller and endpoint reconciler):
 * the first address of the service CIDR, port 443 `https` → the API server's port, with Endpoints and
 * an EndpointSlice naming the API server's address. Reconciled at every start: missing objects are
 * created, stale ports or addresses are rewritten, everything else is left alone.
 */
import { isDeepStrictEqual } from 'node:util';
import { isStatusError } from '../../api/errors.js';
import type { Registry } from '../../api/registry/registry.js';
import { prepareCreate, prepareUpdate } from '../../api/strategy.js';
import type { KObject } from '../../api/types/index.js';
import type { ObjectStore } from '../rest/objects.js';
import type { ResourceWriteHook } from '../write-hooks.js';

export interface KubernetesServiceOptions {
  objects: ObjectStore;
  registry: Registry;
  /** The Service write hook, so the address is marked as held like any other Service's. */
  services: ResourceWriteHook;
  /** First address of the service CIDR. */
  clusterIP: string;
  /** Where clients reach the API server: its bind address, or the node address when bound to all. */
  address: string;
  port: number;
  now: () => Date;
}

const NAME = 'kubernetes';
const NS = 'default';
const LABELS = { component: 'apiserver', provider: 'kubernetes' };

export async function reconcileKubernetesService(o: KubernetesServiceOptions): Promise<void> {
  const svcDef = o.registry.lookup('', 'v1', 'services');
  const epDef = o.registry.lookup('', 'v1', 'endpoints');
  const sliceDef = o.registry.lookup('discovery.k8s.io', 'v1', 'endpointslices');
  if (!svcDef || !epDef || !sliceDef) return;
  const ports = [{ name: 'https', port: 443, protocol: 'TCP', targetPort: o.port }];
  const service: KObject = {
    metadata: { name: NAME, namespace: NS, labels: LABELS },
    spec: { type: 'ClusterIP', clusterIP: o.clusterIP, clusterIPs: [o.clusterIP], ports, sessionAffinity: 'None' },
  };
  const existing = await o.objects.tryGet(svcDef, NS, NAME);
  if (!existing) {
    const obj = prepareCreate(svcDef, service, { now: o.now() });
    const held = o.services.admit(obj, undefined);
    try {
      await o.objects.create(svcDef, obj);
      held.commit();
    } catch (e) {
      held.revert();
      if (!isStatusError(e) || e.status.reason !== 'AlreadyExists') throw e;
    }
  } else if (!isDeepStrictEqual((existing.spec as { ports?: unknown }).ports, ports)) {
    await o.objects.update(svcDef, NS, NAME, (cur) => prepareUpdate(svcDef, { ...cur, spec: { ...(cur.spec as object), ports } }, cur, { now: o.now() }));
  }

  const epPorts = [{ name: 'https', port: o.port, protocol: 'TCP' }];
  await ensure(o, epDef, { metadata: { name: NAME, namespace: NS, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets: [{ addresses: [{ ip: o.address }], ports: epPorts }] }, ['subsets']);
  await ensure(o, sliceDef, {
    metadata: { name: NAME, namespace: NS, labels: { 'kubernetes.io/service-name': NAME } },
    addressType: o.address.includes(':') ? 'IPv6' : 'IPv4',
    endpoints: [{ addresses: [o.address], conditions: { ready: true } }],
    ports: epPorts,
  }, ['endpoints', 'ports']);
}

/** Creates `want`, or rewrites the listed top-level fields of the stored object when they differ. */
async function ensure(o: KubernetesServiceOptions, def: NonNullable<ReturnType<Registry['lookup']>>, want: KObject, fields: string[]): Promise<void> {
  const cur = await o.objects.tryGet(def, NS, NAME);
  if (!cur) {
    try { await o.objects.create(def, prepareCreate(def, want, { now: o.now() })); } catch (e) {
      if (!isStatusError(e) || e.status.reason !== 'AlreadyExists') throw e;
    }
    return;
  }
  if (fields.every((f) => isDeepStrictEqual(cur[f], want[f]))) return;
  await o.objects.update(def, NS, NAME, (c) => {
    const next: KObject = { ...c, metadata: { ...c.metadata, labels: { ...c.metadata.labels, ...want.metadata.labels } } };
    for (const f of fields) next[f] = want[f];
    return prepareUpdate(def, next, c, { now: o.now() });
  });
}
