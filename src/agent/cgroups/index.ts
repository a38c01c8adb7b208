/**
 * The node-level parent cgroup that enforces a machine's static allocation (DESIGN §5): every pod
 * runs below `/<name>` (`cgroup_parent` = `/<name>/pod<uid>`, cgroupfs-driver paths), and the
 * parent carries the allocation's memory limit, CPU quota and pids limit, so all pods together can
 * never use more than the node was given, whatever their own limits say.
 *
 * - types.ts: the `NodeCgroups` interface; v1.ts (hybrid/v1 machines, like this project's) and
 *   v2.ts (unified) implement it; detect.ts picks one by what is mounted.
 * - fs.ts: the only file I/O, injectable so unit tests run on a temp-dir tree without root.
 *
 * QoS: all classes go straight under the parent (no Burstable/BestEffort sub-parents). Upstream
 * uses those to squeeze lower classes when the node is short; here the parent's limit is the hard
 * cap, each container's own limits come through the CRI, and the kernel's OOM killer chooses
 * inside the parent when the node as a whole runs out. Adding sub-parents later changes only
 * `podCgroupParent` and the removal walk.
 */
export type { NodeCgroups, NodeCgroupLimits, NodeCgroupUsage, QosClass, RemoveResult } from './types.js';
export { CPU_PERIOD_US } from './types.js';
export { detectNodeCgroups } from './detect.js';
export { createV1Cgroups, type CgroupDriverOptions } from './v1.js';
export { createV2Cgroups } from './v2.js';
export { realCgroupFs, type CgroupFs } from './fs.js';
export { clampCpuQuota } from './limits.js';
