/**
 * The EndpointSlice controller (upstream `pkg/controller/endpointslice`): every Service with a
 * selector gets `discovery.k8s.io/v1` slices of the pods it selects (endpointslice-plan.ts decides
 * the writes), labelled `kubernetes.io/service-name` and managed-by `endpointslice-controller.k8s.io`,
 * owned by the Service. Selector-less Services are left alone (their slices are the user's); slices
 * this controller manages for a Service that lost its selector are deleted.
 *
 * The informer cache can lag behind our own writes; `tracker` overlays what we wrote (until the cache
 * shows it) so a quick second pass neither creates a duplicate slice nor resurrects a deleted one.
 */
import type { Pod, Service } from '../api/registry/core-types.js';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, SLICE_CONTROLLER_NAME, type FullEndpointSlice } from '../api/registry/discovery-types.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { planSlices } from './endpointslice-plan.js';
import { hasSelector, namespaceTerminating, selectedPods, servicesForPod } from './service-pods.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

const SERVICES: ResourceRef = { group: '', version: 'v1', plural: 'services' };
const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods' };
const SLICES: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' };

/** Our writes the cache may not show yet, per Service key: slice name → what we stored, or null once deleted. */
class WriteTracker {
  private readonly written = new Map<string, Map<string, { rv: number; obj: FullEndpointSlice | null }>>();

  record(service: string, obj: FullEndpointSlice, deleted = false): void {
    let m = this.written.get(service);
    if (!m) this.written.set(service, (m = new Map()));
    m.set(obj.metadata.name ?? '', { rv: Number(obj.metadata.resourceVersion ?? 0), obj: deleted ? null : obj });
  }

  /** The cached slices of a Service with our newer writes laid over them; forgets what the cache shows. */
  view(service: string, cached: FullEndpointSlice[]): FullEndpointSlice[] {
    const m = this.written.get(service);
    if (!m) return cached;
    const out = new Map(cached.map((c) => [c.metadata.name ?? '', c]));
    for (const [name, w] of m) {
      const cur = out.get(name);
      const cachedRv = Number(cur?.metadata.resourceVersion ?? 0);
      if (w.obj) {
        if (cur && cachedRv >= w.rv) m.delete(name); else out.set(name, w.obj);
      } else if (cur && cachedRv <= w.rv) {
        out.delete(name); // deleted by us; the cache has not heard yet
      } else {
        m.delete(name);
      }
    }
    if (!m.size) this.written.delete(service);
    return [...out.values()];
  }

  forget(service: string): void { this.written.delete(service); }
}

class EndpointSliceController extends Controller {
  private readonly tracker = new WriteTracker();

  constructor(
    o: ControllerOptions,
    private readonly client: Pick<KubeClient, 'create' | 'update' | 'delete'>,
    private readonly services: SharedInformer<Service>,
    private readonly pods: SharedInformer<Pod>,
    private readonly slices: SharedInformer<FullEndpointSlice>,
  ) { super(o); }

  private owned(ns: string, name: string): FullEndpointSlice[] {
    const cached = this.slices.list().filter((s) => s.metadata.namespace === ns && s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
    return this.tracker.view(`${ns}/${name}`, cached);
  }

  /** key: a Service's `ns/name`. */
  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    const [ns = '', name = ''] = key.split('/');
    const svc = this.services.get(key);
    const existing = this.owned(ns, name);
    const ref = { ...SLICES, namespace: ns };
    if (!svc || !hasSelector(svc)) {
      // A deleted Service's slices go with it (owner references); a selector removed leaves ours behind.
      if (svc) for (const s of existing) await this.remove(key, ref, s, signal);
      else this.tracker.forget(key);
      return;
    }
    const plan = planSlices(svc, selectedPods(svc, this.pods), existing);
    for (const s of plan.delete) await this.remove(key, ref, s, signal);
    for (const s of plan.update) this.tracker.record(key, await this.client.update(ref, s, { signal }));
    try {
      for (const s of plan.create) this.tracker.record(key, await this.client.create(ref, s, { signal }));
    } catch (e) { if (!namespaceTerminating(e)) throw e; }
    if (plan.create.length + plan.update.length + plan.delete.length) {
      this.log.debug({ service: key, created: plan.create.length, updated: plan.update.length, deleted: plan.delete.length }, 'synced endpoint slices');
    }
  }

  private async remove(service: string, ref: ResourceRef, s: FullEndpointSlice, signal: AbortSignal): Promise<void> {
    try {
      await this.client.delete(ref, s.metadata.name ?? '', { preconditions: { uid: s.metadata.uid }, signal });
    } catch (e) { if (!isNotFound(e)) throw e; }
    this.tracker.record(service, s, true);
  }
}

export function createEndpointSliceController(d: ControllerDeps, o: { workers?: number } = {}): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const services = d.informers.forResource<Service>(SERVICES);
  const pods = d.informers.forResource<Pod>(PODS);
  const slices = d.informers.forResource<FullEndpointSlice>(SLICES, { labelSelector: `${MANAGED_BY_LABEL}=${SLICE_CONTROLLER_NAME}` });
  const keyOf = (o: { metadata: { namespace?: string; name?: string } }) => `${o.metadata.namespace}/${o.metadata.name}`;
  services.addHandler((e) => queue.add(keyOf(e.obj)));
  pods.addHandler((e) => { for (const k of servicesForPod(services, e.obj, e.type === 'update' ? e.old : undefined)) queue.add(k); });
  slices.addHandler((e) => {
    const svc = e.obj.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc) queue.add(`${e.obj.metadata.namespace}/${svc}`);
  });
  return new EndpointSliceController(
    { name: 'endpointslice', log: d.log, queue, shared: [services, pods, slices], workers: o.workers ?? 2 },
    d.client, services, pods, slices,
  );
}
