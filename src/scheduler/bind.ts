/**
 * The scheduler's writes: the binding (`POST pods/<name>/binding`, which makes the API server set
 * spec.nodeName and PodScheduled=True), the PodScheduled=False condition of a pod that did not fit
 * (a strategic merge patch of pods/status, written only when reason or message change, so
 * retries do not loop on their own updates) and the Events `kubectl describe pod` shows.
 */
import type { Logger } from 'pino';
import type { Pod } from '../api/registry/core-types.js';
import { isNotFound, resourcePath, type KubeClient } from '../client/index.js';
import type { Clock, EventRecorder } from '../controllers/index.js';

export type FailureReason = 'Unschedulable' | 'SchedulerError';

export interface Binder {
  /** Resolves once bound; throws the API error otherwise. */
  bind(pod: Pod, node: string, signal?: AbortSignal): Promise<void>;
  /** Records FailedScheduling and writes the PodScheduled=False condition if it changed. */
  reportFailure(pod: Pod, reason: FailureReason, message: string, signal?: AbortSignal): Promise<void>;
  /** The pod left the queue: drop what was remembered about its condition. */
  forget(key: string): void;
}

const PATCH = { 'content-type': 'application/strategic-merge-patch+json' };
const rfc3339 = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function createBinder(d: { client: Pick<KubeClient, 'raw'>; recorder: EventRecorder; clock: Clock; log: Logger }): Binder {
  /** What was last written per pod, since the informer's copy may not show our write yet. */
  const written = new Map<string, string>();
  const podPath = (pod: Pod, sub: string) => resourcePath({ group: '', version: 'v1', plural: 'pods', namespace: pod.metadata.namespace }, pod.metadata.name, sub);
  const keyOf = (pod: Pod) => `${pod.metadata.namespace}/${pod.metadata.name}`;

  return {
    async bind(pod, node, signal) {
      const name = pod.metadata.name;
      await d.client.raw('POST', podPath(pod, 'binding'), {
        apiVersion: 'v1', kind: 'Binding',
        metadata: { name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      }, undefined, { signal });
      written.delete(keyOf(pod));
      d.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${name} to ${node}`);
    },
    async reportFailure(pod, reason, message, signal) {
      d.recorder.event(pod, 'Warning', 'FailedScheduling', message);
      const key = keyOf(pod);
      const sig = `${reason}\n${message}`;
      const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled') as
        | { status: string; reason?: string; message?: string; lastTransitionTime?: string } | undefined;
      if (written.get(key) === sig) return;
      if (old?.status === 'False' && old.reason === reason && old.message === message) { written.set(key, sig); return; }
      const condition = {
        type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null,
        // upstream moves the transition time only when the status flips
        lastTransitionTime: old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(d.clock.now()),
      };
      try {
        await d.client.raw('PATCH', podPath(pod, 'status'), { status: { conditions: [condition] } }, PATCH, { signal });
        written.set(key, sig);
      } catch (err) {
        if (!isNotFound(err) && !signal?.aborted) d.log.warn({ err, pod: key }, 'could not update the PodScheduled condition');
      }
    },
    forget(key) { written.delete(key); },
  };
}
