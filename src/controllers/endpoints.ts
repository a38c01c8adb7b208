/**
 * The Endpoints controller (upstream `pkg/controller/endpoint`): core/v1 Endpoints named after each
 * Service with a selector, for `kubectl describe` and clients that predate EndpointSlices. Subsets
 * come from endpoints-subsets.ts; the Service's labels are copied. A deleted Service's Endpoints are
 * deleted; selector-less Services' Endpoints are the user's and left alone.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Pod, Service } from '../api/registry/core-types.js';
import type { FullEndpoints } from '../api/registry/discovery-types.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { endpointSubsets } from './endpoints-subsets.js';
import { hasSelector, namespaceTerminating, selectedPods, servicesForPod } from './service-pods.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

const SERVICES: ResourceRef = { group: '', version: 'v1', plural: 'services' };
const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods' };
const ENDPOINTS: ResourceRef = { group: '', version: 'v1', plural: 'endpoints' };

function endpointsLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels };
  if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  return labels;
}

class EndpointsController extends Controller {
  constructor(
    o: ControllerOptions,
    private readonly client: Pick<KubeClient, 'create' | 'update' | 'delete'>,
    private readonly services: SharedInformer<Service>,
    private readonly pods: SharedInformer<Pod>,
    private readonly endpoints: SharedInformer<FullEndpoints>,
  ) { super(o); }

  /** key: a Service's `ns/name` (its Endpoints share it). */
  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    const [ns = '', name = ''] = key.split('/');
    const ref = { ...ENDPOINTS, namespace: ns };
    const svc = this.services.get(key);
    const cur = this.endpoints.get(key);
    if (!svc) {
      if (!cur) return;
      try { await this.client.delete(ref, name, { signal }); } catch (e) { if (!isNotFound(e)) throw e; }
      return;
    }
    if (!hasSelector(svc)) return;
    const subsets = endpointSubsets(svc, selectedPods(svc, this.pods));
    const labels = endpointsLabels(svc);
    if (cur && isDeepStrictEqual(cur.subsets ?? [], subsets) && isDeepStrictEqual(cur.metadata.labels ?? {}, labels)) return;
    if (!cur) {
      try {
        await this.client.create(ref, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels }, subsets }, { signal });
      } catch (e) { if (!namespaceTerminating(e)) throw e; }
    } else {
      await this.client.update(ref, { ...cur, metadata: { ...cur.metadata, labels }, subsets }, { signal });
    }
  }
}

export function createEndpointsController(d: ControllerDeps, o: { workers?: number } = {}): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const services = d.informers.forResource<Service>(SERVICES);
  const pods = d.informers.forResource<Pod>(PODS);
  const endpoints = d.informers.forResource<FullEndpoints>(ENDPOINTS);
  const keyOf = (o: { metadata: { namespace?: string; name?: string } }) => `${o.metadata.namespace}/${o.metadata.name}`;
  services.addHandler((e) => queue.add(keyOf(e.obj)));
  pods.addHandler((e) => { for (const k of servicesForPod(services, e.obj, e.type === 'update' ? e.old : undefined)) queue.add(k); });
  // Someone else changed or deleted Endpoints of a Service we manage: put them back.
  endpoints.addHandler((e) => { if (e.type !== 'add') queue.add(keyOf(e.obj)); });
  return new EndpointsController(
    { name: 'endpoints', log: d.log, queue, shared: [services, pods, endpoints], workers: o.workers ?? 2 },
    d.client, services, pods, endpoints,
  );
}
