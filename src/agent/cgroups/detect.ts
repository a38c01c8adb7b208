/**
 * Picks the driver by what is mounted: a unified hierarchy with the memory controller at the root
 * (`cgroup.controllers` lists it) is v2; per-controller v1 hierarchies (`memory/`) are v1. A hybrid
 * machine (v1 controllers plus a cgroup2 at `unified/` with no real controllers) is therefore v1.
 */
import { realCgroupFs } from './fs.js';
import { readOr } from './tree.js';
import type { NodeCgroups } from './types.js';
import { createV1Cgroups, type CgroupDriverOptions } from './v1.js';
import { createV2Cgroups } from './v2.js';

export async function detectNodeCgroups(o: CgroupDriverOptions): Promise<NodeCgroups> {
  const root = o.root ?? '/sys/fs/cgroup';
  const fs = o.fs ?? realCgroupFs;
  const controllers = (await readOr(fs, `${root}/cgroup.controllers`, '')).split(/\s+/);
  if (controllers.includes('memory')) return createV2Cgroups({ ...o, root, fs });
  if (await fs.exists(`${root}/memory/memory.limit_in_bytes`)) return createV1Cgroups({ ...o, root, fs });
  throw new Error(`no usable cgroup memory controller under ${root} (neither a cgroup v2 root listing "memory" nor a v1 memory hierarchy); the node allocation cannot be enforced`);
}
