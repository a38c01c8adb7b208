/**
 * Builds the Summary API document from one round of readings (pure: the provider does the I/O and
 * the rate bookkeeping). Times are nanoseconds in, RFC 3339 out, as upstream serves them.
 */
import type { ContainerSummary, CpuStats, MemoryStats, PodReference, PodSummary, Summary } from '../../api/types/stats-summary.js';

export interface ContainerReading {
  name: string;
  /** Container creation time (ns), the closest CRI gives to a start time in the list calls. */
  createdAt?: number;
  /** Time of the stats sample (ns); 0 or absent when the runtime had none (not running). */
  t?: number;
  cpuNs?: number;
  nanoCores?: number;
  memoryBytes?: number;
}

export interface PodReading { ref: PodReference; createdAt?: number; containers: ContainerReading[] }

export interface NodeReading {
  t: number;
  cpuNs: number;
  nanoCores?: number;
  memoryBytes: number;
  /** The node cgroup's memory limit; Infinity when unlimited. */
  memoryLimitBytes: number;
  startedAt?: number;
}

export interface SummaryInput { nodeName: string; node: NodeReading; pods: PodReading[] }

export const rfc3339 = (ns: number): string => new Date(Math.floor(ns / 1e6)).toISOString().replace(/\.\d{3}Z$/, 'Z');

function containerSummary(c: ContainerReading): ContainerSummary {
  const out: ContainerSummary = { name: c.name };
  if (c.createdAt) out.startTime = rfc3339(c.createdAt);
  if (!c.t) return out;
  const time = rfc3339(c.t);
  if (c.cpuNs !== undefined) out.cpu = { time, usageCoreNanoSeconds: c.cpuNs, ...(c.nanoCores !== undefined ? { usageNanoCores: c.nanoCores } : {}) };
  if (c.memoryBytes !== undefined) out.memory = { time, workingSetBytes: c.memoryBytes };
  return out;
}

/** Pod totals are sums over containers; a CPU rate only when every measured container has one. */
function podTotals(cs: ContainerReading[]): { cpu?: CpuStats; memory?: MemoryStats } {
  const measured = cs.filter((c) => c.t);
  if (measured.length === 0) return {};
  const time = rfc3339(Math.max(...measured.map((c) => c.t!)));
  const sum = (f: (c: ContainerReading) => number | undefined) =>
    measured.every((c) => f(c) !== undefined) ? measured.reduce((a, c) => a + f(c)!, 0) : undefined;
  const usageNanoCores = sum((c) => c.nanoCores);
  const usageCoreNanoSeconds = sum((c) => c.cpuNs);
  const workingSetBytes = sum((c) => c.memoryBytes);
  return {
    cpu: { time, ...(usageCoreNanoSeconds !== undefined ? { usageCoreNanoSeconds } : {}), ...(usageNanoCores !== undefined ? { usageNanoCores } : {}) },
    ...(workingSetBytes !== undefined ? { memory: { time, workingSetBytes } } : {}),
  };
}

export function summary(input: SummaryInput): Summary {
  const n = input.node;
  const time = rfc3339(n.t);
  const pods: PodSummary[] = input.pods.map((p) => ({
    podRef: p.ref,
    ...(p.createdAt ? { startTime: rfc3339(p.createdAt) } : {}),
    containers: p.containers.map(containerSummary),
    ...podTotals(p.containers),
  }));
  return {
    node: {
      nodeName: input.nodeName,
      ...(n.startedAt ? { startTime: rfc3339(n.startedAt) } : {}),
      cpu: { time, usageCoreNanoSeconds: n.cpuNs, ...(n.nanoCores !== undefined ? { usageNanoCores: n.nanoCores } : {}) },
      memory: {
        time, workingSetBytes: n.memoryBytes,
        ...(Number.isFinite(n.memoryLimitBytes) ? { availableBytes: Math.max(0, n.memoryLimitBytes - n.memoryBytes) } : {}),
      },
    },
    pods,
  };
}
