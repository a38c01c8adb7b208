/** The node-level parent cgroup the agent keeps, the same for cgroup v1 and v2 (see index.ts). */

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** What the node's static allocation allows all pods together. */
export interface NodeCgroupLimits {
  /** CPUs as a decimal (1.5 = one and a half cores), enforced as a CFS quota over a 100 ms period. */
  cpus: number;
  memoryBytes: number;
  pids: number;
}

/** The node cgroup's usage (hierarchical: every pod below it counts) and the limits read back. */
export interface NodeCgroupUsage {
  /** Working set: usage minus inactive file cache, as the kubelet computes it. */
  memoryBytes: number;
  /** The memory limit in force; Infinity when unlimited. */
  memoryLimitBytes: number;
  cpuUsageNanos: number;
  pids: number;
  /** pids.max in force; Infinity when "max". */
  pidsMax: number;
}

/** What removing a pod's cgroups left behind: directories still in use (EBUSY) — retry later. */
export interface RemoveResult { busy: string[] }

export interface NodeCgroups {
  readonly version: 1 | 2;
  /** The parent's name below each hierarchy root, e.g. `kite` or `kite-<node>`. */
  readonly name: string;
  /**
   * Creates the parent in every hierarchy it limits and writes the limits. Idempotent; a changed
   * allocation is written over the old one. Rejects naming the file when the kernel refuses a value
   * (e.g. a memory limit below current usage, EBUSY; on v1 a CPU quota below a pod's own, EINVAL).
   */
  ensureNodeCgroup(limits: NodeCgroupLimits): Promise<void>;
  /**
   * The `cgroup_parent` for a pod's CRI sandbox: a cgroupfs-driver path relative to each hierarchy
   * root, `/<name>/pod<uid>`. Every QoS class gets the same place (see index.ts for why).
   */
  podCgroupParent(podUid: string, qos?: QosClass): string;
  /** Removes the pod-level directories left after RemovePodSandbox, depth-first; missing ones are fine. */
  removePodCgroup(podUid: string): Promise<RemoveResult>;
  /** UIDs of the pods that have a cgroup under the parent in any hierarchy (orphan cleanup at start). */
  listPodCgroups(): Promise<string[]>;
  usage(): Promise<NodeCgroupUsage>;
  /** Removes the whole parent (pods included, depth-first) from every hierarchy: uninstall and tests. */
  removeNodeCgroup(): Promise<RemoveResult>;
}

/** The CFS period every Kite quota uses (the kernel's and runc's default). */
export const CPU_PERIOD_US = 100_000;
