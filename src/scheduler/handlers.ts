/**
 * Informer events → cache and queue (upstream's addAllEventHandlers). Handlers only update
 * in-memory state and never block:
 * - a pending pod for this scheduler enters (or is updated in) the queue;
 * - a bound pod is counted on its node (confirming an assumed one); when it is deleted or ends
 *   (Succeeded/Failed, which upstream's informer filters out) its resources free up, so the
 *   unschedulable pods get another chance;
 * - a node added, or changed in a way that matters (labels, taints, allocatable, cordon, Ready),
 *   gives the unschedulable pods another chance; heartbeats do not.
 */
import type { Node, Pod } from '../api/registry/core-types.js';
import type { SharedInformer } from '../controllers/index.js';
import type { SchedulerCache } from './cache.js';
import { schedulingView } from './node-info.js';
import { podKey } from './pod-info.js';
import type { SchedulingQueue } from './queue.js';

export interface HandlerTargets {
  pods: Pick<SharedInformer<Pod>, 'addHandler'>;
  nodes: Pick<SharedInformer<Node>, 'addHandler'>;
  cache: SchedulerCache;
  queue: Pick<SchedulingQueue, 'upsert' | 'delete' | 'moveAll'>;
  schedulerName: string;
  /** Called when a pod leaves the scheduler's hands (bound elsewhere, deleted, not ours). */
  onGone?: (key: string) => void;
}

const terminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const requests = (p: Pod) => JSON.stringify([p.spec.containers?.map((c) => c.resources), p.spec.initContainers?.map((c) => c.resources)]);

export function registerHandlers(t: HandlerTargets): void {
  const { cache, queue } = t;
  const ours = (p: Pod) => (p.spec?.schedulerName || 'default-scheduler') === t.schedulerName;

  const release = (key: string) => {
    if (!cache.hasPod(key)) return;
    cache.removePod(key);
    queue.moveAll();
  };

  t.pods.addHandler((e) => {
    const pod = e.obj;
    const key = podKey(pod);
    if (e.type === 'delete') {
      queue.delete(key);
      t.onGone?.(key);
      release(key);
      return;
    }
    if (pod.spec?.nodeName) {
      queue.delete(key);
      t.onGone?.(key);
      if (terminal(pod)) { release(key); return; }
      const shrunk = e.type === 'update' && e.old.spec?.nodeName === pod.spec.nodeName && requests(e.old) !== requests(pod);
      cache.setPod(pod);
      if (shrunk) queue.moveAll();
      return;
    }
    if (!ours(pod) || pod.metadata.deletionTimestamp || terminal(pod)) {
      queue.delete(key);
      t.onGone?.(key);
      return;
    }
    queue.upsert(pod);
  });

  t.nodes.addHandler((e) => {
    const node = e.obj;
    if (e.type === 'delete') { cache.removeNode(node.metadata.name ?? ''); return; }
    cache.setNode(node);
    if (e.type === 'add' || schedulingView(e.old) !== schedulingView(node)) queue.moveAll();
  });
}
