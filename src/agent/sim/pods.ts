/**
 * The pod side of the simulated nodes: one informer over every pod bound to any node
 * (`spec.nodeName!=` — a field selector cannot say "one of these 1,000 nodes"), filtered to this
 * process's nodes, feeding a work queue that a few workers drain through `createPodSync`. One
 * watch and one queue serve all nodes, so thousands of pods cost a cache entry and a key each.
 */
import type { Logger } from 'pino';
import type { KObject } from '../../api/types/index.js';
import type { Pod } from '../../api/registry/core-types.js';
import type { KubeClient } from '../../client/index.js';
import { Controller, createInformer, createWorkQueue, objectKey, type Clock, type Informer, type WorkQueue } from '../../controllers/index.js';
import type { PodIPs } from './addresses.js';
import type { SimNodeSpec } from './node-object.js';
import { createPodSync, type PodSync } from './pod-sync.js';

export interface SimPodsDeps {
  client: KubeClient;
  log: Logger;
  clock: Clock;
  nodes: ReadonlyMap<string, SimNodeSpec>;
  paused: (node: string) => boolean;
  ips: PodIPs;
  workers: number;
  /** The live Node's spec.podCIDR, when known. */
  podCIDR?: (node: string) => string | undefined;
}

export interface SimPods {
  run(signal: AbortSignal): Promise<void>;
  /** Looks at every pod of a node again (its kubelet came back). */
  resync(node: string): void;
}

class SimPodController extends Controller {
  constructor(o: ConstructorParameters<typeof Controller>[0], private readonly sync: PodSync) { super(o); }

  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    const after = await this.sync(key, signal);
    if (after !== undefined) this.queue.addAfter(key, after);
  }
}

export function createSimPods(d: SimPodsDeps): SimPods {
  const queue: WorkQueue<string> = createWorkQueue<string>({ clock: d.clock });
  const ours = (o: KObject) => d.nodes.has((o as Pod).spec?.nodeName ?? '');
  const informer: Informer<Pod> = createInformer<Pod>({
    client: d.client, ref: { group: '', version: 'v1', plural: 'pods' }, fieldSelector: 'spec.nodeName!=',
    log: d.log, clock: d.clock,
    onEvent: (e) => { if (ours(e.obj)) queue.add(objectKey(e.obj)); },
  });
  const sync = createPodSync({ client: d.client, pods: informer, nodes: d.nodes, paused: d.paused, ips: d.ips, clock: d.clock, podCIDR: d.podCIDR });
  const controller = new SimPodController({
    name: 'sim-pods', log: d.log, informers: [informer as unknown as Informer<KObject>], queue, workers: d.workers,
  }, sync);
  return {
    run: (signal) => controller.run(signal),
    resync(node) {
      for (const p of informer.list()) if (p.spec?.nodeName === node) queue.add(objectKey(p));
    },
  };
}
