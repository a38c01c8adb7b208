/**
 * The Namespace controller: watches namespaces and, for each one being deleted, runs the deleter
 * until its content is gone and the `kubernetes` finalizer is released. Content deletion emits no
 * namespace events, so while anything remains the key is re-checked on a timer.
 */
import type { Logger } from 'pino';
import type { KObject } from '../api/types/index.js';
import type { KubeClient } from '../client/index.js';
import { realClock, type Clock } from './clock.js';
import { Controller } from './controller.js';
import { createInformer, objectKey } from './informer.js';
import { createNamespaceDeleter, NAMESPACES, type NamespaceSync } from './namespace-deleter.js';
import { createWorkQueue, type WorkQueue } from './workqueue.js';

export interface NamespaceControllerDeps {
  client: KubeClient;
  log: Logger;
  clock?: Clock;
  /** Re-check interval while content remains; default 2 s. */
  recheckMs?: number;
  workers?: number;
}

class NamespaceController extends Controller {
  constructor(o: ConstructorParameters<typeof Controller>[0], private readonly sync: NamespaceSync) { super(o); }

  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    const after = await this.sync(key, signal);
    if (after !== undefined) this.queue.addAfter(key, after);
  }
}

export function createNamespaceController(d: NamespaceControllerDeps): { run(signal: AbortSignal): Promise<void> } {
  const clock = d.clock ?? realClock;
  const queue: WorkQueue<string> = createWorkQueue<string>({ clock });
  const informer = createInformer<KObject>({
    client: d.client, ref: NAMESPACES, log: d.log, clock,
    // upstream resyncs every 5 min, so a namespace whose pass was lost is picked up again
    resyncMs: 5 * 60_000,
    onEvent: (e) => { if (e.type !== 'delete' && e.obj.metadata.deletionTimestamp) queue.add(objectKey(e.obj)); },
  });
  const sync = createNamespaceDeleter({ client: d.client, clock, recheckMs: d.recheckMs ?? 2000 });
  return new NamespaceController({ name: 'namespace', log: d.log, informers: [informer], queue, workers: d.workers ?? 2 }, sync);
}
