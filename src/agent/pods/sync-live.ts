/**
 * One pass over a pod that should run (upstream `SyncPod` + `computePodActions`), level-triggered:
 * 1. volumes ready (FailedMount otherwise); 2. a ready sandbox (a dead one is replaced: its
 * containers are stopped and everything starts again in the new one); 3. init containers one at a
 * time, in order, each to exit 0 (a failure restarts it per restartPolicy, or fails the pod under
 * Never); 4. then every app container: start missing ones, kill those whose liveness/startup probe
 * failed, restart exited ones per restartPolicy with back-off; 5. the status, written if changed.
 * Resolves with how long to wait before the next pass (back-off expiry, retry of a failed start).
 */
import { mkdir } from 'node:fs/promises';
import type { Container, Pod } from '../../api/registry/core-types.js';
import { MountError, type DownwardContext } from '../volumes/index.js';
import { startContainer, StartError } from './containers.js';
import { writeEtcHosts } from './etc-hosts.js';
import { collectGarbage } from './gc.js';
import { gracePeriodOf, killContainers } from './kill.js';
import { restartCountOf } from './labels.js';
import { namespaceOptions, qosClassOf } from './resources.js';
import { isExited, isRunning, latestOf, nsToMs, readPodRuntime, readySandbox, type PodRuntime, type RtContainer } from './runtime-state.js';
import { onHostNetwork, sandboxConfig } from './sandbox.js';
import { buildPodStatus, type Waiting } from './status.js';
import type { WorkerDeps } from './worker-deps.js';

const RETRY_MS = 10_000;
const NETWORK_WAIT_MS = 1_000;

const shouldRestart = (policy: string, exitCode: number) => policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);

/** Every app container exited and none will restart (or an init container failed under Never). */
export function finishedForGood(pod: Pod, rt: PodRuntime): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always' || !rt.containers.length) return false;
  const initFailed = policy === 'Never' && (pod.spec.initContainers ?? []).some((c) => { const s = latestOf(rt, c.name); return isExited(s) && s!.exitCode !== 0; });
  return initFailed || pod.spec.containers.every((c) => { const s = latestOf(rt, c.name); return isExited(s) && !shouldRestart(policy, s!.exitCode); });
}

export async function syncLivePod(d: WorkerDeps, pod: Pod, rt0: PodRuntime, signal: AbortSignal): Promise<number | undefined> {
  const uid = pod.metadata.uid ?? '';
  const name = `${pod.metadata.name}_${pod.metadata.namespace}(${uid})`;
  const policy = pod.spec.restartPolicy ?? 'Always';
  const hostNet = onHostNetwork(pod, d.podNetwork);
  const qos = qosClassOf(pod);
  const waiting = new Map<string, Waiting>();
  let rt = rt0;
  let requeue: number | undefined;
  let changed = false;
  const after = (ms: number) => { requeue = requeue === undefined ? ms : Math.min(requeue, ms); };

  const x: DownwardContext = { pod, podIPs: [], hostIPs: [d.hostIP], allocatable: d.allocatable };
  if (hostNet) x.podIPs = [d.hostIP];
  const writeStatus = async () => {
    if (changed) rt = await readPodRuntime(d.cri, uid);
    const podIP = x.podIPs[0];
    await d.status.write(pod, buildPodStatus({ pod, rt, now: d.clock.now(), hostIP: d.hostIP, podIP, qosClass: qos, waiting, probes: d.probes }), signal);
  };

  let volumes: Map<string, string>;
  try {
    volumes = await d.volumes.setup(x, signal);
  } catch (e) {
    if (!(e instanceof MountError)) throw e;
    d.recorder.event(pod, 'Warning', 'FailedMount', e.message);
    await writeStatus();
    return RETRY_MS;
  }

  let sb = readySandbox(rt);
  if (!sb && rt.sandboxes.length && finishedForGood(pod, rt)) { await writeStatus(); return undefined; }
  if (!sb && !hostNet && d.networkReady && !d.networkReady()) {
    // Upstream kubelet: pods needing the pod network wait for it; hostNetwork pods never do. One
    // event per pod: before its first status write (startTime unset), not on every 1 s re-check.
    if (!(pod.status as { startTime?: string } | undefined)?.startTime) {
      d.recorder.event(pod, 'Warning', 'NetworkNotReady', 'network is not ready: the node has no pod CIDR or its pod network is not set up yet');
    }
    await writeStatus();
    return NETWORK_WAIT_MS;
  }
  if (!sb) {
    const stale = rt.containers.filter(isRunning);
    if (stale.length) await killContainers(d, pod, stale, { graceSeconds: gracePeriodOf(pod), host: '127.0.0.1', reason: 'Pod sandbox changed, it will be killed and re-created.' });
    for (const old of rt.sandboxes) if (old.state === 'SANDBOX_READY') await d.cri.stopPodSandbox(old.id);
    const cfg = sandboxConfig(pod, {
      podsDir: d.podsDir, podNetwork: d.podNetwork, cgroupParent: d.cgroups.podCgroupParent(uid, qos), dns: await d.dns(), clusterDns: d.clusterDns,
      attempt: rt.sandboxes.length ? (rt.sandboxes[0]!.metadata.attempt ?? 0) + 1 : 0,
    });
    await mkdir(cfg.logDirectory, { recursive: true });
    try {
      await d.cri.runPodSandbox(cfg, signal);
    } catch (e) {
      d.recorder.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    rt = await readPodRuntime(d.cri, uid);
    sb = readySandbox(rt);
    if (!sb) throw new Error(`sandbox of pod ${name} is not ready after creation`);
  }
  const sandbox = {
    id: sb.id,
    config: sandboxConfig(pod, { podsDir: d.podsDir, podNetwork: d.podNetwork, cgroupParent: d.cgroups.podCgroupParent(uid, qos), dns: await d.dns(), clusterDns: d.clusterDns, attempt: sb.metadata.attempt ?? 0 }),
  };
  let etcHosts: string | undefined;
  if (!hostNet) {
    const ip = (await d.cri.podSandboxStatus(sb.id))?.network?.ip;
    x.podIPs = ip ? [ip] : [];
    etcHosts = await writeEtcHosts(d.podsDir, pod, x.podIPs, d.clusterDns?.domain);
  }
  d.probes.sync(pod, rt, hostNet ? '127.0.0.1' : x.podIPs[0] ?? '127.0.0.1');

  const inputs = (restartCount: number) => ({
    x, objects: d.objects, volumes, restartCount, namespaceOptions: namespaceOptions(pod, hostNet), memoryCapacity: d.memoryCapacity, etcHosts,
  });
  const start = async (c: Container, restartCount: number) => {
    changed = true;
    try {
      await startContainer({ cri: d.cri, recorder: d.recorder, image: { images: d.cri, recorder: d.recorder, secret: d.objects.secret, backoff: d.backoff, now: d.clock.now } }, pod, c, sandbox, inputs(restartCount));
    } catch (e) {
      if (!(e instanceof StartError)) throw e;
      waiting.set(c.name, { reason: e.reason, message: e.message });
      after(RETRY_MS);
    }
  };
  /** Restarts an exited container unless it is backing off (CrashLoopBackOff). */
  const restart = async (c: Container, s: RtContainer) => {
    const key = `${uid}/${c.name}`;
    const finished = nsToMs(s.finishedAt);
    const wait = d.backoff.remaining(key, finished, d.clock.now());
    if (wait > 0) {
      waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${d.backoff.current(key) / 1000}s restarting failed container=${c.name} pod=${name}` });
      d.recorder.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${name}`);
      after(wait);
      return;
    }
    d.backoff.next(key, finished);
    await start(c, restartCountOf(s) + 1);
  };
  const nextCount = (c: Container) => { const any = latestOf(rt, c.name); return any ? restartCountOf(any) + 1 : 0; };

  let initialized = true;
  for (const c of pod.spec.initContainers ?? []) {
    const s = latestOf(rt, c.name, sb.id);
    if (isExited(s) && s!.exitCode === 0) continue;
    initialized = false;
    if (!s) await start(c, nextCount(c));
    else if (s.state === 'CONTAINER_CREATED') { await d.cri.removeContainer(s.id); await start(c, restartCountOf(s)); }
    else if (isExited(s) && policy !== 'Never') await restart(c, s);
    break;
  }
  for (const c of initialized ? pod.spec.containers : []) {
    const s = latestOf(rt, c.name, sb.id);
    if (!s) { await start(c, nextCount(c)); continue; }
    if (isRunning(s)) {
      const why = d.probes.unhealthy(s.id);
      if (why) {
        changed = true;
        await killContainers(d, pod, [s], { graceSeconds: gracePeriodOf(pod), host: hostNet ? '127.0.0.1' : x.podIPs[0] ?? '', reason: why });
        after(0); // the next pass restarts it per restartPolicy
      }
    } else if (s.state === 'CONTAINER_CREATED') {
      // created but never started (the agent stopped in between): start it afresh
      await d.cri.removeContainer(s.id);
      await start(c, restartCountOf(s));
    } else if (isExited(s) && shouldRestart(policy, s.exitCode)) {
      await restart(c, s);
    }
  }
  await writeStatus();
  await collectGarbage(d.cri, rt);
  return requeue;
}
