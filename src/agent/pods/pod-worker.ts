/**
 * The per-pod sync, keyed by pod uid (as upstream's pod workers are): compares the desired pod with
 * what the CRI holds for that uid and acts.
 * - no desired pod (deleted for good, or no longer bound here): tear down what the CRI holds;
 * - deletionTimestamp set: stop containers gracefully (preStop, grace period), tear down, report
 *   the final status, then delete the pod with grace 0 and a uid precondition (this finalizes a
 *   graceful delete, as `src/agent/sim/pod-sync.ts` does);
 * - Succeeded/Failed: stop the sandbox, keep the exited containers (logs) until the pod is deleted;
 * - otherwise: sync-live.ts.
 * Tear-down: stop and remove containers and sandboxes, remove the pod cgroup, unmount and remove
 * volumes and the pod's log directory, and forget its back-off, probe and status state.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '../../api/registry/core-types.js';
import { isConflict, isNotFound } from '../../client/index.js';
import { gracePeriodOf, killContainers } from './kill.js';
import { qosClassOf } from './resources.js';
import { isRunning, readPodRuntime, type PodRuntime } from './runtime-state.js';
import { onHostNetwork } from './sandbox.js';
import { buildPodStatus } from './status.js';
import { syncLivePod } from './sync-live.js';
import type { WorkerDeps } from './worker-deps.js';

export interface PodWorker {
  /** Syncs the pod with this uid; resolves with a delay (ms) after which to look again, if any. Throws to retry with back-off. */
  sync(uid: string, signal: AbortSignal): Promise<number | undefined>;
}

const podsRef = (namespace: string) => ({ group: '', version: 'v1', plural: 'pods', namespace });

export function createPodWorker(d: WorkerDeps): PodWorker {
  const host = (pod: Pod | undefined) => (!pod || onHostNetwork(pod, d.podNetwork) ? '127.0.0.1' : pod.status?.podIP ?? '127.0.0.1');

  async function teardown(pod: Pod | undefined, uid: string, rt: PodRuntime): Promise<PodRuntime> {
    const running = rt.containers.filter(isRunning);
    if (running.length) {
      await killContainers(d, pod, running, { graceSeconds: pod ? gracePeriodOf(pod) : undefined, host: host(pod) });
    }
    for (const sb of rt.sandboxes) if (sb.state === 'SANDBOX_READY') await d.cri.stopPodSandbox(sb.id);
    const stopped = running.length ? await readPodRuntime(d.cri, uid) : rt;
    for (const c of rt.containers) await d.cri.removeContainer(c.id);
    for (const sb of rt.sandboxes) await d.cri.removePodSandbox(sb.id);
    await d.cgroups.removePodCgroup(uid);
    await d.volumes.teardown(uid);
    const meta = pod?.metadata ?? rt.sandboxes[0]?.metadata;
    if (meta) await rm(join(d.podsDir, `${meta.namespace}_${meta.name}_${uid}`), { recursive: true, force: true });
    d.probes.forgetPod(uid);
    d.backoff.forgetPod(uid);
    d.status.forget(uid);
    return stopped;
  }

  async function finalize(pod: Pod, rt: PodRuntime, signal: AbortSignal): Promise<void> {
    const ns = pod.metadata.namespace ?? '';
    try {
      const hostNet = onHostNetwork(pod, d.podNetwork);
      const status = buildPodStatus({
        pod, rt, now: d.clock.now(), hostIP: d.hostIP, podIP: hostNet ? d.hostIP : pod.status?.podIP,
        qosClass: qosClassOf(pod), waiting: new Map(), probes: { ready: () => false, started: () => false },
      });
      await d.status.write(pod, status, signal);
      await d.client.delete(podsRef(ns), pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid }, signal });
    } catch (e) {
      // gone already, or a new pod under the same name (uid precondition): nothing left of ours
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
    d.status.forget(pod.metadata.uid ?? '');
  }

  return {
    async sync(uid, signal) {
      const pod = d.pod(uid);
      const rt = await readPodRuntime(d.cri, uid);
      if (!pod) {
        if (rt.sandboxes.length || rt.containers.length) {
          d.log.info({ uid }, 'tearing down a pod that is no longer bound to this node');
          await teardown(undefined, uid, rt);
        }
        return undefined;
      }
      if (pod.metadata.deletionTimestamp) {
        const stopped = await teardown(pod, uid, rt);
        await finalize(pod, stopped, signal);
        return undefined;
      }
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        const running = rt.containers.filter(isRunning);
        if (running.length) await killContainers(d, pod, running, { graceSeconds: gracePeriodOf(pod), host: host(pod) });
        for (const sb of rt.sandboxes) if (sb.state === 'SANDBOX_READY') await d.cri.stopPodSandbox(sb.id);
        d.probes.forgetPod(uid);
        return undefined;
      }
      return syncLivePod(d, pod, rt, signal);
    },
  };
}
