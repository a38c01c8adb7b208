/**
 * cgroup v2 (unified hierarchy at /sys/fs/cgroup). The parent `<name>` gets `memory.max`,
 * `cpu.max`, `cpu.weight`, `pids.max` and `cpuset.cpus/.mems`; controllers are delegated to it
 * through the root's `cgroup.subtree_control`, and from it to the pods below (runc enables them on
 * the path too; doing it here makes the parent usable before the first pod).
 * Unlike v1, a child's `cpu.max` above its parent's is accepted and simply capped by the parent.
 */
import { realCgroupFs } from './fs.js';
import { checkLimits, cpuQuotaUs, cpuWeight } from './limits.js';
import { checkName, parseLimit, podDir, podUidsUnder, readOr, removeTree, statValue, writeControl } from './tree.js';
import { CPU_PERIOD_US, type NodeCgroups } from './types.js';
import type { CgroupDriverOptions } from './v1.js';

const WANTED = ['cpuset', 'cpu', 'memory', 'pids'] as const;
const REQUIRED = ['cpu', 'memory', 'pids'];

export function createV2Cgroups(o: CgroupDriverOptions): NodeCgroups {
  const name = checkName(o.name);
  const root = o.root ?? '/sys/fs/cgroup';
  const fs = o.fs ?? realCgroupFs;
  const dir = `${root}/${name}`;

  return {
    version: 2,
    name,
    async ensureNodeCgroup(limits) {
      checkLimits(limits);
      const available = (await fs.read(`${root}/cgroup.controllers`)).trim().split(/\s+/);
      const missing = REQUIRED.filter((c) => !available.includes(c));
      if (missing.length) throw new Error(`cgroup v2 at ${root} lacks the ${missing.join(', ')} controller(s); cannot enforce the node allocation`);
      const enable = WANTED.filter((c) => available.includes(c)).map((c) => `+${c}`).join(' ');
      await writeControl(fs, `${root}/cgroup.subtree_control`, enable);
      await fs.mkdir(dir);
      await writeControl(fs, `${dir}/cgroup.subtree_control`, enable);
      if (available.includes('cpuset')) {
        // Empty would also mean "inherit" on v2; explicit values keep v1 and v2 alike and visible.
        await writeControl(fs, `${dir}/cpuset.cpus`, (await fs.read(`${root}/cpuset.cpus.effective`)).trim());
        await writeControl(fs, `${dir}/cpuset.mems`, (await fs.read(`${root}/cpuset.mems.effective`)).trim());
      }
      await writeControl(fs, `${dir}/memory.max`, String(limits.memoryBytes));
      await writeControl(fs, `${dir}/cpu.max`, `${cpuQuotaUs(limits.cpus)} ${CPU_PERIOD_US}`);
      await writeControl(fs, `${dir}/cpu.weight`, String(cpuWeight(limits.cpus)));
      await writeControl(fs, `${dir}/pids.max`, String(limits.pids));
    },
    podCgroupParent: (podUid) => `/${name}/${podDir(podUid)}`,
    removePodCgroup: (podUid) => removeTree(fs, `${dir}/${podDir(podUid)}`),
    listPodCgroups: () => podUidsUnder(fs, [dir]),
    async usage() {
      const current = Number(await fs.read(`${dir}/memory.current`));
      const inactive = statValue(await fs.read(`${dir}/memory.stat`), 'inactive_file');
      const usageUsec = statValue(await fs.read(`${dir}/cpu.stat`), 'usage_usec');
      return {
        memoryBytes: Math.max(0, current - inactive),
        memoryLimitBytes: parseLimit(await fs.read(`${dir}/memory.max`)),
        cpuUsageNanos: usageUsec * 1000,
        pids: Number(await readOr(fs, `${dir}/pids.current`, '0')),
        pidsMax: parseLimit(await readOr(fs, `${dir}/pids.max`, 'max')),
      };
    },
    removeNodeCgroup: () => removeTree(fs, dir),
  };
}
