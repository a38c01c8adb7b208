/**
 * The pod statuses a simulated kubelet reports, field for field as a real one does (kubelet
 * `generateAPIPodStatus`), without any container behind them:
 * - running: phase Running, host/pod IPs, init containers Completed (sidecars running), every
 *   container running and ready, conditions PodReadyToStartContainers/Initialized/Ready/
 *   ContainersReady/PodScheduled True (Ready also waits for readinessGates);
 * - terminated: every container terminated with one exit code; with a terminal phase (Succeeded or
 *   Failed) the pod is done, without one it is being deleted.
 * Pure: the caller passes the time and addresses.
 */
import { nowRfc3339 } from '../../api/meta.js';
import type { Container, Pod } from '../../api/registry/core-types.js';

/** Seconds after start at which a run-to-completion pod's containers exit (documented in `--help`). */
export const EXIT_AFTER_ANNOTATION = 'kite.dev/sim-exit-after-seconds';
/** The exit code they exit with; non-zero makes the pod Failed. Default 0. */
export const EXIT_CODE_ANNOTATION = 'kite.dev/sim-exit-code';
/**
 * `"false"` makes a running pod's containers un-Ready, as a failing readiness probe would (and
 * removing it, or any other value, makes them Ready again): how tests move endpoints to not-ready.
 */
export const READY_ANNOTATION = 'kite.dev/sim-ready';

type CondStatus = 'True' | 'False';
interface PodCondition { type: string; status: CondStatus; lastTransitionTime: string; reason?: string; message?: string }
type State = { running: { startedAt: string } } | { terminated: { exitCode: number; reason: string; startedAt: string; finishedAt: string; containerID: string } };
interface SimContainerStatus {
  name: string; image: string; imageID: string; containerID: string;
  ready: boolean; started: boolean; restartCount: number; state: State; lastState: Record<string, never>;
}
export interface SimPodStatus {
  phase?: 'Running' | 'Succeeded' | 'Failed';
  hostIP?: string; hostIPs?: Array<{ ip: string }>; podIP?: string; podIPs?: Array<{ ip: string }>; startTime?: string;
  conditions: PodCondition[];
  initContainerStatuses?: SimContainerStatus[];
  containerStatuses: SimContainerStatus[];
}

interface PrevStatus {
  startTime?: string;
  conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }>;
  containerStatuses?: Array<{ name: string; state?: { running?: { startedAt?: string } } }>;
}
const prevOf = (pod: Pod) => (pod.status ?? {}) as PrevStatus;
const sidecar = (c: Container) => c.restartPolicy === 'Always';
const containerID = (pod: Pod, c: Container) => `sim://${pod.metadata.uid ?? ''}-${c.name}`;

/** A condition keeps its lastTransitionTime while its status does not change. */
function condition(pod: Pod, type: string, status: CondStatus, now: string, reason?: string, message?: string): PodCondition {
  const old = prevOf(pod).conditions?.find((c) => c.type === type);
  const since = old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : now;
  return { type, status, lastTransitionTime: since, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

const base = (pod: Pod, c: Container) => ({
  name: c.name, image: c.image ?? '', imageID: `sim://${c.image ?? ''}`, containerID: containerID(pod, c), restartCount: 0,
});
const startedAt = (pod: Pod, name: string, fallback: string) =>
  prevOf(pod).containerStatuses?.find((s) => s.name === name)?.state?.running?.startedAt ?? fallback;

const probesReady = (pod: Pod) => pod.metadata.annotations?.[READY_ANNOTATION] !== 'false';

function running(pod: Pod, c: Container, now: string): SimContainerStatus {
  return { ...base(pod, c), ready: probesReady(pod), started: true, state: { running: { startedAt: startedAt(pod, c.name, now) } }, lastState: {} };
}

function terminated(pod: Pod, c: Container, exitCode: number, start: string, end: string): SimContainerStatus {
  const reason = exitCode === 0 ? 'Completed' : 'Error';
  return {
    ...base(pod, c), ready: false, started: false,
    state: { terminated: { exitCode, reason, startedAt: start, finishedAt: end, containerID: containerID(pod, c) } }, lastState: {},
  };
}

/** Readiness gates are conditions set by others; Ready waits for all of them (kubelet `status.GeneratePodReadyCondition`). */
function gatesReady(pod: Pod): boolean {
  const conds = prevOf(pod).conditions ?? [];
  return (pod.spec.readinessGates ?? []).every((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True'));
}

export function runningPodStatus(pod: Pod, o: { now: number; hostIP: string; podIP: string }): SimPodStatus {
  const now = nowRfc3339(new Date(o.now));
  const start = prevOf(pod).startTime ?? now;
  const inits = pod.spec.initContainers ?? [];
  const ready = gatesReady(pod);
  const unready = (pod.spec.readinessGates ?? []).length && !ready;
  const names = pod.spec.containers.map((c) => c.name).join(' ');
  const notReady = (type: string) => condition(pod, type, 'False', now, 'ContainersNotReady', `containers with unready status: [${names}]`);
  const containersReady = probesReady(pod);
  return {
    phase: 'Running',
    hostIP: o.hostIP, hostIPs: [{ ip: o.hostIP }], podIP: o.podIP, podIPs: [{ ip: o.podIP }], startTime: start,
    conditions: [
      condition(pod, 'PodReadyToStartContainers', 'True', now),
      condition(pod, 'Initialized', 'True', now),
      !containersReady ? notReady('Ready')
        : unready ? condition(pod, 'Ready', 'False', now, 'ReadinessGatesNotReady', 'the status of pod readiness gate is not "True"')
          : condition(pod, 'Ready', 'True', now),
      containersReady ? condition(pod, 'ContainersReady', 'True', now) : notReady('ContainersReady'),
      condition(pod, 'PodScheduled', 'True', now),
    ],
    ...(inits.length ? { initContainerStatuses: inits.map((c) => (sidecar(c) ? running(pod, c, start) : terminated(pod, c, 0, start, start))) } : {}),
    containerStatuses: pod.spec.containers.map((c) => running(pod, c, now)),
  };
}

/**
 * Every container exited with `exitCode`. `phase` Succeeded/Failed finishes the pod (conditions
 * say PodCompleted); without a phase the pod is being deleted and keeps its phase until removed.
 */
export function terminatedPodStatus(pod: Pod, o: { now: number; exitCode: number; phase?: 'Succeeded' | 'Failed' }): SimPodStatus {
  const now = nowRfc3339(new Date(o.now));
  const start = prevOf(pod).startTime ?? now;
  const inits = pod.spec.initContainers ?? [];
  const names = pod.spec.containers.map((c) => c.name).join(' ');
  const [reason, message] = o.phase ? ['PodCompleted', undefined] : ['ContainersNotReady', `containers with unready status: [${names}]`];
  return {
    ...(o.phase ? { phase: o.phase } : {}),
    conditions: [
      condition(pod, 'PodReadyToStartContainers', 'False', now),
      condition(pod, 'Initialized', 'True', now, o.phase ? 'PodCompleted' : undefined),
      condition(pod, 'Ready', 'False', now, reason, message),
      condition(pod, 'ContainersReady', 'False', now, reason, message),
      condition(pod, 'PodScheduled', 'True', now),
    ],
    ...(inits.length ? { initContainerStatuses: inits.map((c) => terminated(pod, c, sidecar(c) ? o.exitCode : 0, start, sidecar(c) ? now : start)) } : {}),
    containerStatuses: pod.spec.containers.map((c) => terminated(pod, c, o.exitCode, startedAt(pod, c.name, start), now)),
  };
}

/**
 * When a run-to-completion pod (restartPolicy Never/OnFailure, as every Job pod has) asks to exit:
 * `kite.dev/sim-exit-after-seconds` after its start, with `kite.dev/sim-exit-code` (default 0).
 * A restartPolicy Always pod would be restarted by a kubelet, so the annotation is ignored there.
 */
export function plannedExit(pod: Pod): { afterMs: number; exitCode: number } | undefined {
  const a = pod.metadata.annotations ?? {};
  const raw = a[EXIT_AFTER_ANNOTATION];
  if (raw === undefined || !['Never', 'OnFailure'].includes(pod.spec.restartPolicy ?? 'Always')) return undefined;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  const code = Number(a[EXIT_CODE_ANNOTATION] ?? '0');
  return { afterMs: Math.round(seconds * 1000), exitCode: Number.isInteger(code) && code >= 0 && code <= 255 ? code : 1 };
}

/** True when the pod already shows the running status this simulator writes for its current spec. */
export function isSimRunning(pod: Pod): boolean {
  const st = pod.status as { phase?: string; podIP?: string; containerStatuses?: Array<{ name: string; image?: string; ready?: boolean; state?: { running?: unknown } }> } | undefined;
  if (st?.phase !== 'Running' || !st.podIP) return false;
  const byName = new Map((st.containerStatuses ?? []).map((s) => [s.name, s]));
  const readyNow = prevOf(pod).conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return readyNow === (gatesReady(pod) && probesReady(pod))
    && pod.spec.containers.every((c) => { const s = byName.get(c.name); return s?.state?.running && s.image === c.image && s.ready === probesReady(pod); });
}
