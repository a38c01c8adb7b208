/**
 * LoadBalancer addresses (like K3s servicelb / MetalLB's controller half): every Service of type
 * LoadBalancer (without a `loadBalancerClass`, which names another implementation) gets
 * `status.loadBalancer.ingress: [{ip, ipMode: VIP}]`:
 * - with a configured range: `spec.loadBalancerIP` when it is in the range and free, else the lowest
 *   free address; an exhausted range (or a refused loadBalancerIP) leaves the Service pending with a
 *   Warning event `AllocationFailed`, retried whenever an address is released;
 * - without a range: the InternalIP of every Ready node (K3s servicelb), following node changes.
 * Addresses are held in memory, rebuilt from the Services' status before the first pass, so a
 * restart hands nobody's address to someone else. Serving the address is the service proxy's job.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Node, Service } from '../api/registry/core-types.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerDeps, EventRecorder, RunnableController } from './deps.js';
import { LoadBalancerPool } from './service-lb-pool.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue, type WorkQueue } from './workqueue.js';

const SERVICES: ResourceRef = { group: '', version: 'v1', plural: 'services' };
const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes' };

type Ingress = NonNullable<NonNullable<Service['status']>['loadBalancer']>['ingress'];
type LbSpec = Service['spec'] & { loadBalancerIP?: string; loadBalancerClass?: string };

const keyOf = (o: { metadata: { namespace?: string; name?: string } }) => `${o.metadata.namespace}/${o.metadata.name}`;
const ours = (svc: Service) => svc.spec?.type === 'LoadBalancer' && !(svc.spec as LbSpec).loadBalancerClass;

export interface ServiceLbOptions {
  /** `network.loadBalancerRange`; undefined = the Ready nodes' own addresses. */
  range?: { start: string; size: number };
}

class ServiceLbController extends Controller {
  private readonly pool?: LoadBalancerPool;
  private rebuilt = false;

  constructor(
    o: ControllerOptions & { queue: WorkQueue<string> },
    private readonly d: { client: Pick<KubeClient, 'updateStatus'>; recorder: EventRecorder; services: SharedInformer<Service>; nodes: SharedInformer<Node> },
    range: ServiceLbOptions['range'],
  ) {
    super(o);
    if (range) this.pool = new LoadBalancerPool(range.start, range.size);
  }

  /** Marks what Services already show (once, after the caches synced: workers start only then). */
  private rebuild(): void {
    if (this.rebuilt || !this.pool) return;
    this.rebuilt = true;
    for (const svc of this.d.services.list()) {
      if (!ours(svc)) continue;
      for (const i of svc.status?.loadBalancer?.ingress ?? []) if (i.ip && this.pool.claim(keyOf(svc), i.ip)) break;
    }
  }

  /** Services waiting for an address get another chance once one is free. */
  private retryPending(): void {
    for (const svc of this.d.services.list()) if (ours(svc) && !svc.status?.loadBalancer?.ingress?.length) this.queue.add(keyOf(svc));
  }

  private nodeAddresses(): string[] {
    const ips = new Set<string>();
    for (const n of this.d.nodes.list()) {
      if (!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      for (const a of n.status.addresses ?? []) if (a.type === 'InternalIP') ips.add(a.address);
    }
    return [...ips].sort();
  }

  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    this.rebuild();
    const svc = this.d.services.get(key);
    if (!svc || !ours(svc)) {
      if (this.pool?.release(key)) this.retryPending();
      // A Service that stopped being a LoadBalancer loses the address it showed.
      if (svc && svc.spec?.type !== 'LoadBalancer' && svc.status?.loadBalancer?.ingress?.length) await this.write(svc, [], signal);
      return;
    }
    let ingress: Ingress;
    if (!this.pool) {
      ingress = this.nodeAddresses().map((ip) => ({ ip, ipMode: 'VIP' }));
    } else {
      const ip = this.allocate(svc);
      if (!ip) return; // pending: the event says why
      ingress = [{ ip, ipMode: 'VIP' }];
    }
    if (!isDeepStrictEqual(svc.status?.loadBalancer?.ingress ?? [], ingress)) await this.write(svc, ingress, signal);
  }

  private allocate(svc: Service): string | undefined {
    const pool = this.pool as LoadBalancerPool;
    const key = keyOf(svc);
    const wanted = (svc.spec as LbSpec).loadBalancerIP;
    if (wanted) {
      if (pool.heldBy(key) === wanted || pool.claim(key, wanted)) return wanted;
      const why = pool.contains(wanted) ? 'is already in use by another Service' : `is not in the load balancer range ${pool.description}`;
      this.d.recorder.event(svc, 'Warning', 'AllocationFailed', `Failed to allocate IP for "${key}": spec.loadBalancerIP ${wanted} ${why}`);
      return undefined;
    }
    const ip = pool.claimNext(key);
    if (!ip) this.d.recorder.event(svc, 'Warning', 'AllocationFailed', `Failed to allocate IP for "${key}": no available IPs in range ${pool.description}`);
    return ip;
  }

  private async write(svc: Service, ingress: Ingress, signal: AbortSignal): Promise<void> {
    const next: Service = { ...svc, status: { ...svc.status, loadBalancer: ingress?.length ? { ingress } : {} } };
    try {
      await this.d.client.updateStatus({ ...SERVICES, namespace: svc.metadata.namespace }, next, { signal });
    } catch (e) { if (!isNotFound(e)) throw e; }
  }
}

export function createServiceLbController(d: ControllerDeps, o: ServiceLbOptions = {}): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const services = d.informers.forResource<Service>(SERVICES);
  const nodes = d.informers.forResource<Node>(NODES);
  services.addHandler((e) => queue.add(keyOf(e.obj)));
  // Without a range the addresses are the nodes': any node change may change every LB Service.
  if (!o.range) nodes.addHandler(() => { for (const s of services.list()) if (ours(s)) queue.add(keyOf(s)); });
  return new ServiceLbController(
    { name: 'service-lb', log: d.log, queue, shared: [services, nodes], workers: 1 },
    { client: d.client, recorder: d.recorder, services, nodes }, o.range,
  );
}
