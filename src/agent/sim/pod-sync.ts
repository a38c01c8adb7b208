/**
 * One pass of a simulated kubelet over one pod bound to one of its nodes (level-triggered, so any
 * number of passes converge):
 * - being deleted (deletionTimestamp set): report the containers terminated, then delete the pod
 *   with grace 0 and a uid precondition — what a kubelet does once its containers have stopped,
 *   and what lets `kubectl delete pod` return;
 * - Succeeded/Failed: nothing left to do;
 * - otherwise: report it Running (once per spec), then, for run-to-completion pods that ask for it
 *   (pod-status.ts `plannedExit`), report it Succeeded/Failed when the time has come.
 * A paused node (its kubelet is "down") leaves its pods alone until it resumes.
 */
import type { Pod } from '../../api/registry/core-types.js';
import { isConflict, isNotFound, resourcePath, type KubeClient } from '../../client/index.js';
import type { Clock } from '../../controllers/index.js';
import type { PodIPs } from './addresses.js';
import type { SimNodeSpec } from './node-object.js';
import { isSimRunning, plannedExit, runningPodStatus, terminatedPodStatus, type SimPodStatus } from './pod-status.js';

export interface PodSyncDeps {
  client: Pick<KubeClient, 'raw' | 'delete'>;
  /** The informer cache of pods bound to any node. */
  pods: { get(key: string): Pod | undefined };
  nodes: ReadonlyMap<string, SimNodeSpec>;
  paused: (node: string) => boolean;
  ips: PodIPs;
  clock: Clock;
  /** The live Node's spec.podCIDR (it may differ from the plan when the Node was adopted). */
  podCIDR?: (node: string) => string | undefined;
}

/** Syncs the pod under `key`; resolves with a delay (ms) after which to look again, if any. Throws to retry. */
export type PodSync = (key: string, signal: AbortSignal) => Promise<number | undefined>;

const podsRef = (namespace: string) => ({ group: '', version: 'v1', plural: 'pods', namespace });
const STRATEGIC = { 'content-type': 'application/strategic-merge-patch+json' };

/** Every container already reports terminated (nothing to stop before the final delete). */
const allTerminated = (pod: Pod) => {
  const st = (pod.status?.containerStatuses ?? []) as Array<{ name: string; state?: { terminated?: unknown } }>;
  return pod.spec.containers.every((c) => st.some((s) => s.name === c.name && s.state?.terminated));
};

export function createPodSync(d: PodSyncDeps): PodSync {
  /**
   * A strategic merge patch of pods/status (conditions merge by type, so conditions others own —
   * readiness gates, DisruptionTarget — survive). The uid guards against a pod recreated under the
   * same name, as the kubelet's status patch does.
   */
  const patchStatus = (pod: Pod, status: SimPodStatus, signal: AbortSignal) =>
    d.client.raw('PATCH', resourcePath(podsRef(pod.metadata.namespace ?? ''), pod.metadata.name, 'status'),
      { metadata: { uid: pod.metadata.uid }, status }, STRATEGIC, { signal });

  async function terminate(pod: Pod, signal: AbortSignal): Promise<void> {
    try {
      if (!allTerminated(pod)) await patchStatus(pod, terminatedPodStatus(pod, { now: d.clock.now(), exitCode: 0 }), signal);
      await d.client.delete(podsRef(pod.metadata.namespace ?? ''), pod.metadata.name ?? '', {
        gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid }, signal,
      });
    } catch (e) {
      // Gone already, or a new pod with the same name (uid precondition): nothing of ours to stop.
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  return async (key, signal) => {
    const pod = d.pods.get(key);
    const node = pod ? d.nodes.get(pod.spec.nodeName ?? '') : undefined;
    if (!pod || !node) { d.ips.release(key); return undefined; }
    if (d.paused(node.name)) return undefined;
    if (pod.metadata.deletionTimestamp) { await terminate(pod, signal); return undefined; }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return undefined;

    const now = d.clock.now();
    const exit = plannedExit(pod);
    const range = { ...node, podCIDR: d.podCIDR?.(node.name) ?? node.podCIDR };
    if (!isSimRunning(pod)) {
      const podIP = d.ips.assign(key, range, pod.status?.podIP);
      if (!podIP) throw new Error(`node ${node.name} has no free pod IP left in ${range.podCIDR}`);
      await patchStatus(pod, runningPodStatus(pod, { now, hostIP: node.internalIP, podIP }), signal).catch((e: unknown) => {
        if (!isNotFound(e)) throw e;
      });
      // The watch event of this write brings the pod back; a timer covers a write that changed nothing.
      return exit?.afterMs;
    }
    // Running already (e.g. before this process restarted): hold its IP so no other pod gets it.
    d.ips.assign(key, range, pod.status?.podIP);
    if (!exit) return undefined;
    const started = Date.parse((pod.status as { startTime?: string }).startTime ?? '') || now;
    const due = started + exit.afterMs;
    if (now < due) return due - now;
    const status = terminatedPodStatus(pod, { now, exitCode: exit.exitCode, phase: exit.exitCode === 0 ? 'Succeeded' : 'Failed' });
    await patchStatus(pod, status, signal).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
    return undefined;
  };
}
