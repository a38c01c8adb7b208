/**
 * The scheduling loop (upstream's scheduleOne, split into a synchronous scheduling cycle and an
 * asynchronous binding cycle): pop a pod, decide on a node against the cache, *assume* it there at
 * once, and bind in the background while the next pod is decided. Up to `parallelism` bindings
 * (and failure reports) are in flight; the decisions themselves run one at a time, so the cache
 * they read is always consistent with every earlier decision.
 */
import { setMaxListeners } from 'node:events';
import type { Node, Pod } from '../api/registry/core-types.js';
import { isConflict, isNotFound, type ResourceRef } from '../client/index.js';
import type { ControllerDeps, RunnableController } from '../controllers/index.js';
import { createAlgorithm } from './algorithm.js';
import { createBinder } from './bind.js';
import { createSchedulerCache } from './cache.js';
import { registerHandlers } from './handlers.js';
import { podInfo } from './pod-info.js';
import { FILTERS, SCORERS, podCtx } from './plugins/index.js';
import { createSchedulingQueue, type QueueOptions, type QueuedPod } from './queue.js';

export interface SchedulerOptions {
  /** Pods whose spec.schedulerName is this (unset counts as `default-scheduler`). */
  schedulerName?: string;
  /** Bindings and status writes in flight at once; default 16. */
  parallelism?: number;
  /** Tie-breaking between equally scored nodes; default Math.random. */
  random?: () => number;
  /** Back-off and flush timings of the queue (defaults: 1 s → 10 s, 60 s, 1 s). */
  queue?: Omit<QueueOptions, 'clock'>;
}

const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods' };
const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes' };

export function createScheduler(d: ControllerDeps, o: SchedulerOptions = {}): RunnableController {
  const schedulerName = o.schedulerName ?? 'default-scheduler';
  const parallelism = Math.max(1, o.parallelism ?? 16);
  const log = d.log.child({ component: 'scheduler' });
  const pods = d.informers.forResource<Pod>(PODS);
  const nodes = d.informers.forResource<Node>(NODES);
  const cache = createSchedulerCache();
  const queue = createSchedulingQueue({ clock: d.clock, ...o.queue });
  const binder = createBinder({ client: d.client, recorder: d.recorder, clock: d.clock, log });
  const algorithm = createAlgorithm({ filters: FILTERS, scorers: SCORERS, random: o.random ?? Math.random });
  registerHandlers({ pods, nodes, cache, queue, schedulerName, onGone: (k) => binder.forget(k) });

  const responsible = (p: Pod) => (p.spec.schedulerName || 'default-scheduler') === schedulerName;

  async function bind(qp: QueuedPod, pod: Pod, node: string, signal: AbortSignal): Promise<void> {
    try {
      await binder.bind(pod, node, signal);
      queue.done(qp.key);
    } catch (err) {
      cache.forget(qp.key);
      // the assumed pod's resources are free again
      queue.moveAll();
      if (isNotFound(err) || isConflict(err) || signal.aborted) {
        // deleted, or bound by someone else: the informer will tell
        queue.done(qp.key);
        return;
      }
      log.warn({ err, pod: qp.key, node }, 'binding failed');
      queue.requeue(qp, 'error');
      await binder.reportFailure(pod, 'SchedulerError', `binding rejected: ${(err as Error).message}`, signal);
    }
  }

  /** One scheduling cycle; returns the binding or report to await in the background, if any. */
  function scheduleOne(qp: QueuedPod, signal: AbortSignal): Promise<void> | undefined {
    const pod = pods.get(qp.key);
    // skip what is no longer ours to place: gone, bound, assumed, going away, or handed to another scheduler
    if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp || !responsible(pod) || cache.hasPod(qp.key)) {
      queue.done(qp.key);
      return undefined;
    }
    const info = podInfo(pod, '');
    const decision = algorithm.schedule(podCtx(pod, info), cache.nodes());
    if ('node' in decision) {
      cache.assume(info, decision.node);
      return bind(qp, pod, decision.node, signal);
    }
    const unschedulable = 'unschedulable' in decision;
    const message = unschedulable ? decision.unschedulable : decision.error;
    log.debug({ pod: qp.key, message }, 'pod did not fit');
    queue.requeue(qp, unschedulable ? 'unschedulable' : 'error');
    return binder.reportFailure(pod, unschedulable ? 'Unschedulable' : 'SchedulerError', message, signal);
  }

  /** Pops and decides pods one at a time, keeping at most `parallelism` writes in flight. */
  async function loop(writes: AbortSignal, inFlight: Set<Promise<void>>): Promise<void> {
    for (;;) {
      while (inFlight.size >= parallelism) await Promise.race(inFlight);
      const qp = await queue.pop();
      if (!qp) return;
      let task: Promise<void> | undefined;
      try {
        task = scheduleOne(qp, writes)?.catch((err: unknown) => log.error({ err, pod: qp.key }, 'scheduling task failed'));
      } catch (err) {
        log.error({ err, pod: qp.key }, 'scheduling cycle failed');
        queue.requeue(qp, 'error');
      }
      if (task) {
        inFlight.add(task);
        void task.finally(() => inFlight.delete(task));
      }
    }
  }

  return {
    async run(signal) {
      // every in-flight write listens on this signal: allow that many listeners without a warning
      const writes = new AbortController();
      setMaxListeners(parallelism * 2 + 10, writes.signal);
      const stop = () => { writes.abort(signal.reason); queue.close(); };
      signal.addEventListener('abort', stop, { once: true });
      const inFlight = new Set<Promise<void>>();
      let flusher: Promise<void> = Promise.resolve();
      try {
        await Promise.all([pods.synced(signal), nodes.synced(signal)]);
        log.info({ nodes: cache.nodes().length, queued: queue.counts() }, 'caches synced; scheduling');
        flusher = queue.run(signal);
        await loop(writes.signal, inFlight);
      } catch (err) {
        if (!signal.aborted) throw err; // synced() rejects only because the signal aborted
      } finally {
        signal.removeEventListener('abort', stop);
        queue.close();
        await Promise.all([...inFlight, flusher]);
        log.info('stopped');
      }
    },
  };
}
