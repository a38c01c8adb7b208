/** Turning a node allocation into control-file values (pure; the same numbers for v1 and v2). */
import { CPU_PERIOD_US, type NodeCgroupLimits } from './types.js';

/** The kernel refuses CFS quotas under 1 ms. */
const MIN_QUOTA_US = 1000;

export function checkLimits(l: NodeCgroupLimits): void {
  if (!(Number.isFinite(l.cpus) && l.cpus > 0)) throw new Error(`cgroup cpus must be a positive number, got ${l.cpus}`);
  if (!(Number.isSafeInteger(l.memoryBytes) && l.memoryBytes > 0)) throw new Error(`cgroup memoryBytes must be a positive integer, got ${l.memoryBytes}`);
  if (!(Number.isSafeInteger(l.pids) && l.pids > 0)) throw new Error(`cgroup pids must be a positive integer, got ${l.pids}`);
}

/** cpus × period, at least the kernel's minimum. */
export const cpuQuotaUs = (cpus: number): number => Math.max(MIN_QUOTA_US, Math.round(cpus * CPU_PERIOD_US));

/** v1 cpu.shares: 1024 per CPU, as the kubelet gives its kubepods cgroup (kernel minimum 2). */
export const cpuShares = (cpus: number): number => Math.max(2, Math.round(cpus * 1024));

/** v2 cpu.weight from shares, with runc's conversion (shares 2..262144 → weight 1..10000). */
export const cpuWeight = (cpus: number): number => {
  const shares = Math.min(262_144, cpuShares(cpus));
  return 1 + Math.floor(((shares - 2) * 9999) / 262_142);
};

/**
 * A container's CPU quota that the v1 kernel will accept below the node's parent: a child's
 * quota/period ratio above its parent's is refused with EINVAL, so a pod CPU limit larger than
 * the node's allocation is clamped to it (the parent would throttle it there anyway).
 */
export function clampCpuQuota(quotaUs: number, periodUs: number, nodeCpus: number): number {
  return Math.min(quotaUs, Math.floor(nodeCpus * periodUs));
}
