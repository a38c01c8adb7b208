/**
 * The node's four standard conditions from real measurements (pure: measurements and time are
 * arguments). Thresholds, in the spirit of the kubelet's default hard eviction thresholds but
 * measured against the node's own allocation:
 * - MemoryPressure: the node cgroup's working set above 90 % of its limit, or the host's
 *   MemAvailable under 100 MiB (the host can run short even when the node is within its share);
 * - DiskPressure: the data dir's filesystem has less than 10 % or less than 1 GiB available;
 * - PIDPressure: the node cgroup's pids above 90 % of its pids.max;
 * - Ready: the container runtime reports RuntimeReady. (NetworkReady is not required: host-network
 *   pods run without CNI, and the network is set up by another part of the agent.)
 * Reasons and messages are upstream's fixed strings, so an unchanged verdict is an unchanged
 * condition; lastTransitionTime moves only when the status does, lastHeartbeatTime on every report.
 * A measurement that failed keeps the condition's previous verdict (False on a fresh node).
 */
import { nowRfc3339 } from '../../api/meta.js';
import type { RuntimeCondition } from '../cri/types.js';
import type { NodeCondition } from '../sim/node-object.js';
import type { DiskStats } from './machine.js';

const MiB = 1024 * 1024;
export const THRESHOLDS = {
  memoryFraction: 0.9,
  hostMemAvailableMinBytes: 100 * MiB,
  diskAvailableFraction: 0.1,
  diskAvailableMinBytes: 1024 * MiB,
  pidsFraction: 0.9,
};

export interface NodeMeasurements {
  runtime: { ready: boolean; message: string };
  /** The node cgroup; undefined when it could not be read. */
  cgroup?: { memoryBytes: number; memoryLimitBytes: number; pids: number; pidsMax: number };
  hostMemAvailableBytes?: number;
  disk?: DiskStats;
}

type Verdict = Pick<NodeCondition, 'type' | 'status' | 'reason' | 'message'>;

/** Ready or not from the CRI's Status answer, or from the error calling it. */
export function runtimeReadiness(status: { conditions: RuntimeCondition[] } | Error): NodeMeasurements['runtime'] {
  if (status instanceof Error) return { ready: false, message: `container runtime is down: ${status.message}` };
  const rt = status.conditions.find((c) => c.type === 'RuntimeReady');
  if (rt?.status) return { ready: true, message: '' };
  return { ready: false, message: `container runtime not ready: RuntimeReady=false reason:${rt?.reason ?? ''} message:${rt?.message ?? 'no RuntimeReady condition'}` };
}

function pressure(type: string, under: boolean | undefined, prev: Verdict | undefined, texts: [string, string, string, string]): Verdict {
  if (under === undefined) return prev ?? { type, status: 'False', reason: texts[0], message: texts[1] };
  return under ? { type, status: 'True', reason: texts[2], message: texts[3] } : { type, status: 'False', reason: texts[0], message: texts[1] };
}

function memoryUnderPressure(m: NodeMeasurements): boolean | undefined {
  const cg = m.cgroup ? m.cgroup.memoryBytes > THRESHOLDS.memoryFraction * m.cgroup.memoryLimitBytes : undefined;
  const host = m.hostMemAvailableBytes !== undefined ? m.hostMemAvailableBytes < THRESHOLDS.hostMemAvailableMinBytes : undefined;
  return cg === undefined && host === undefined ? undefined : Boolean(cg || host);
}

function diskUnderPressure(d: DiskStats | undefined): boolean | undefined {
  if (!d) return undefined;
  return d.availableBytes < THRESHOLDS.diskAvailableFraction * d.totalBytes || d.availableBytes < THRESHOLDS.diskAvailableMinBytes;
}

export function nodeConditions(m: NodeMeasurements, now: number, prev: ReadonlyArray<Partial<NodeCondition>> = []): NodeCondition[] {
  const old = (type: string) => prev.find((p) => p.type === type);
  const oldVerdict = (type: string): Verdict | undefined => {
    const o = old(type);
    return o?.status === 'True' || o?.status === 'False' ? { type, status: o.status, reason: o.reason ?? '', message: o.message ?? '' } : undefined;
  };
  const verdicts: Verdict[] = [
    pressure('MemoryPressure', memoryUnderPressure(m), oldVerdict('MemoryPressure'),
      ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available']),
    pressure('DiskPressure', diskUnderPressure(m.disk), oldVerdict('DiskPressure'),
      ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'KubeletHasDiskPressure', 'kubelet has disk pressure']),
    pressure('PIDPressure', m.cgroup ? m.cgroup.pids > THRESHOLDS.pidsFraction * m.cgroup.pidsMax : undefined, oldVerdict('PIDPressure'),
      ['KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available']),
    m.runtime.ready
      ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: m.runtime.message },
  ];
  const t = nowRfc3339(new Date(now));
  return verdicts.map((v) => {
    const o = old(v.type);
    const since = o && o.status === v.status && o.lastTransitionTime ? o.lastTransitionTime : t;
    return { ...v, lastHeartbeatTime: t, lastTransitionTime: since };
  });
}

/**
 * True when any of `desired` differs from its namesake in `current` in anything but the heartbeat
 * time (conditions other writers own, such as NetworkUnavailable, are not compared).
 */
export function conditionsChanged(desired: ReadonlyArray<Partial<NodeCondition>>, current: ReadonlyArray<Partial<NodeCondition>>): boolean {
  return desired.some((d) => {
    const c = current.find((x) => x.type === d.type);
    return !c || c.status !== d.status || c.reason !== d.reason || c.message !== d.message || c.lastTransitionTime !== d.lastTransitionTime;
  });
}
