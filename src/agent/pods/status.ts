/**
 * The pod status the agent reports, computed from the CRI state alone (upstream
 * `generateAPIPodStatus` + `getPhase`), so any number of syncs — and a restarted agent — agree:
 * - per container: the newest instance gives state (waiting/running/terminated) and restartCount;
 *   the instance before it gives lastState; a container waiting to be (re)started shows the reason
 *   the pod worker recorded (CrashLoopBackOff, ErrImagePull, CreateContainerConfigError, …);
 * - phase: Pending until init containers are done; Running while any container runs or will be
 *   restarted; Succeeded when all exited 0 and none restart; Failed when one failed for good;
 * - conditions PodReadyToStartContainers, Initialized, ContainersReady, Ready (also waiting for
 *   readinessGates), PodScheduled, each keeping its lastTransitionTime while its status holds.
 */
import { nowRfc3339 } from '../../api/meta.js';
import type { Container, Pod } from '../../api/registry/core-types.js';
import { restartCountOf } from './labels.js';
import { isExited, isRunning, latestOf, nsToMs, previousOf, readySandbox, type PodRuntime, type RtContainer } from './runtime-state.js';

export interface Waiting { reason: string; message?: string }
type Terminated = { exitCode: number; reason: string; message?: string; startedAt: string; finishedAt: string; containerID: string };
type State = { waiting: Waiting } | { running: { startedAt: string } } | { terminated: Terminated };

export interface ApiContainerStatus {
  name: string; image: string; imageID: string; containerID?: string; ready: boolean; started: boolean;
  restartCount: number; state: State; lastState: { terminated?: Terminated };
}
export interface ApiCondition { type: string; status: 'True' | 'False'; lastTransitionTime: string; reason?: string; message?: string }
export interface ApiPodStatus {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  conditions: ApiCondition[];
  hostIP: string; hostIPs: Array<{ ip: string }>;
  podIP?: string; podIPs?: Array<{ ip: string }>;
  startTime: string; qosClass: string;
  initContainerStatuses?: ApiContainerStatus[];
  containerStatuses: ApiContainerStatus[];
}

export interface StatusInputs {
  pod: Pod;
  rt: PodRuntime;
  now: number;
  hostIP: string;
  podIP?: string;
  qosClass: string;
  /** Why a container that is not running is waiting, as the last sync found it. */
  waiting: ReadonlyMap<string, Waiting>;
  probes: { ready(id: string): boolean; started(id: string): boolean };
}

const iso = (ns: number) => nowRfc3339(new Date(nsToMs(ns)));
const cid = (c: RtContainer) => `containerd://${c.id}`;

function terminated(c: RtContainer): Terminated {
  return {
    exitCode: c.exitCode, reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
    ...(c.message ? { message: c.message } : {}),
    startedAt: iso(c.startedAt), finishedAt: iso(c.finishedAt), containerID: cid(c),
  };
}

function containerStatus(i: StatusInputs, c: Container, defaultReason: string): ApiContainerStatus {
  const cur = latestOf(i.rt, c.name);
  const w = i.waiting.get(c.name);
  const base = { name: c.name, image: c.image ?? '', imageID: cur?.imageRef ?? '', ...(cur ? { containerID: cid(cur) } : {}) };
  if (!cur) return { ...base, ready: false, started: false, restartCount: 0, state: { waiting: w ?? { reason: defaultReason } }, lastState: {} };
  const prev = previousOf(i.rt, cur);
  const prevState = prev && isExited(prev) ? { terminated: terminated(prev) } : {};
  const restartCount = restartCountOf(cur);
  if (isRunning(cur)) {
    return {
      ...base, ready: i.probes.ready(cur.id), started: i.probes.started(cur.id), restartCount,
      state: { running: { startedAt: iso(cur.startedAt) } }, lastState: prevState,
    };
  }
  if (isExited(cur)) {
    if (w) return { ...base, ready: false, started: false, restartCount, state: { waiting: w }, lastState: { terminated: terminated(cur) } };
    return { ...base, ready: false, started: false, restartCount, state: { terminated: terminated(cur) }, lastState: prevState };
  }
  return { ...base, ready: false, started: false, restartCount, state: { waiting: w ?? { reason: 'ContainerCreating' } }, lastState: prevState };
}

/** Init containers all exited 0, in order, in the current sandbox. */
export function initDone(pod: Pod, rt: PodRuntime): boolean {
  const sb = readySandbox(rt) ?? rt.sandboxes[0];
  return (pod.spec.initContainers ?? []).every((c) => {
    const s = sb ? latestOf(rt, c.name, sb.id) : undefined;
    return isExited(s) && s!.exitCode === 0;
  });
}

function phaseOf(pod: Pod, init: ApiContainerStatus[], apps: ApiContainerStatus[], initialized: boolean): ApiPodStatus['phase'] {
  const policy = pod.spec.restartPolicy ?? 'Always';
  const initFailed = policy === 'Never' && init.some((s) => 'terminated' in s.state && s.state.terminated.exitCode !== 0);
  if (initFailed) return 'Failed';
  if (!initialized) return 'Pending';
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const s of apps) {
    if ('running' in s.state) running++;
    else if ('terminated' in s.state) { stopped++; if (s.state.terminated.exitCode === 0) succeeded++; }
    else if (s.lastState.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export function buildPodStatus(i: StatusInputs): ApiPodStatus {
  const { pod } = i;
  const now = nowRfc3339(new Date(i.now));
  const prevConds = (pod.status?.conditions ?? []) as Array<{ type: string; status: string; lastTransitionTime?: string }>;
  const cond = (type: string, ok: boolean, reason?: string, message?: string): ApiCondition => {
    const status = ok ? 'True' : 'False';
    const old = prevConds.find((c) => c.type === type);
    return {
      type, status, lastTransitionTime: old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : now,
      ...(!ok && reason ? { reason } : {}), ...(!ok && message ? { message } : {}),
    };
  };
  const initialized = initDone(pod, i.rt);
  const init = (pod.spec.initContainers ?? []).map((c) => containerStatus(i, c, 'PodInitializing'));
  const apps = pod.spec.containers.map((c) => containerStatus(i, c, initialized ? 'ContainerCreating' : 'PodInitializing'));
  const phase = phaseOf(pod, init, apps, initialized);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const notInit = init.filter((s) => !('terminated' in s.state && s.state.terminated.exitCode === 0)).map((s) => s.name);
  const unready = apps.filter((s) => !s.ready).map((s) => s.name);
  const gates = (pod.spec.readinessGates ?? []).every((g) => prevConds.some((c) => c.type === g.conditionType && c.status === 'True'));
  const readyReason = done ? 'PodCompleted' : 'ContainersNotReady';
  const readyMsg = done ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const ip = i.podIP;
  return {
    phase,
    conditions: [
      cond('PodReadyToStartContainers', !!readySandbox(i.rt)),
      cond('Initialized', initialized, done ? 'PodCompleted' : 'ContainersNotInitialized', done ? undefined : `containers with incomplete status: [${notInit.join(' ')}]`),
      cond('Ready', !unready.length && gates, unready.length ? readyReason : 'ReadinessGatesNotReady',
        unready.length ? readyMsg : 'the status of pod readiness gate is not "True"'),
      cond('ContainersReady', !unready.length, readyReason, readyMsg),
      cond('PodScheduled', true),
    ],
    hostIP: i.hostIP, hostIPs: [{ ip: i.hostIP }],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: (pod.status as { startTime?: string } | undefined)?.startTime ?? now,
    qosClass: i.qosClass,
    ...(init.length ? { initContainerStatuses: init } : {}),
    containerStatuses: apps,
  };
}
