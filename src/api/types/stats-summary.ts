/**
 * The subset of the kubelet Summary API (`/stats/summary`, stats/v1alpha1) that Kite serves: node and
 * per-container CPU and memory, which is all `kubectl top` (through metrics.k8s.io) needs. Field
 * names match upstream so a metrics-server pointed at a Kite node reads it too.
 */

export interface CpuStats {
  /** RFC 3339 time of the newer of the two samples the rate was taken from. */
  time: string;
  /** CPU rate over the last sampling window in nanocores (1e9 = one core); absent until two samples exist. */
  usageNanoCores?: number;
  /** Cumulative CPU time consumed, in core-nanoseconds. */
  usageCoreNanoSeconds?: number;
}

export interface MemoryStats {
  time: string;
  /** Usage minus inactive file cache: what the OOM killer and eviction look at. */
  workingSetBytes?: number;
  /** Bytes still available under the limit (node only, when a limit is known). */
  availableBytes?: number;
}

export interface ContainerSummary { name: string; startTime?: string; cpu?: CpuStats; memory?: MemoryStats }

export interface PodReference { name: string; namespace: string; uid: string }

export interface PodSummary {
  podRef: PodReference;
  startTime?: string;
  containers: ContainerSummary[];
  /** Sum of the containers' values (upstream reads the pod cgroup; the sum is the same minus the pause process). */
  cpu?: CpuStats;
  memory?: MemoryStats;
}

export interface NodeSummary { nodeName: string; startTime?: string; cpu?: CpuStats; memory?: MemoryStats }

export interface Summary { node: NodeSummary; pods: PodSummary[] }

/** One cumulative CPU reading: `t` and `cpuNs` both in nanoseconds. */
export interface CpuSample { t: number; cpuNs: number }
