/**
 * cgroup v1 (this project's machines: a hybrid layout with one hierarchy per controller under
 * /sys/fs/cgroup/<ctrl>). The parent `<name>` is created in the hierarchies whose limits or
 * counters Kite needs; runc creates the pod and container directories below it in every mounted
 * hierarchy (devices, freezer, blkio, name=systemd, unified too), so removal walks them all.
 *
 * v1 kernel rules that shape this file (checked on this machine's kernel):
 * - cpuset: a new cpuset cgroup has empty `cpuset.cpus`/`cpuset.mems` and refuses tasks until both
 *   are set, so they are copied from the root cpuset (which always spans every online CPU/node).
 * - cpu: a child's CFS quota may not exceed its parent's (EINVAL), and a parent's may not be lowered
 *   below a child's; pod CPU limits above the node's quota must be clamped (see clampCpuQuota).
 * - memory: `memory.use_hierarchy` is 1, so the parent's limit caps every pod below it.
 */
import { realCgroupFs, type CgroupFs } from './fs.js';
import { checkName, parseLimit, podDir, podUidsUnder, readOr, removeTree, statValue, writeControl } from './tree.js';
import { cpuQuotaUs, cpuShares, checkLimits } from './limits.js';
import { CPU_PERIOD_US, type NodeCgroups } from './types.js';

export interface CgroupDriverOptions {
  /** The parent's name below each hierarchy root (one path segment). */
  name: string;
  /** Where the hierarchies are mounted; default /sys/fs/cgroup. */
  root?: string;
  fs?: CgroupFs;
}

/** The hierarchies Kite limits or reads; cpuset first, since it must be set up before any task joins. */
const MANAGED = ['cpuset', 'memory', 'cpu', 'cpuacct', 'pids'] as const;

export function createV1Cgroups(o: CgroupDriverOptions): NodeCgroups {
  const name = checkName(o.name);
  const root = o.root ?? '/sys/fs/cgroup';
  const fs = o.fs ?? realCgroupFs;
  const dir = (ctrl: string) => `${root}/${ctrl}/${name}`;
  /** Every mounted hierarchy's parent dir (symlinks such as cpu → cpu,cpuacct are not listed twice). */
  const parents = async () => (await fs.subdirs(root)).map(dir);

  return {
    version: 1,
    name,
    async ensureNodeCgroup(limits) {
      checkLimits(limits);
      for (const ctrl of MANAGED) await fs.mkdir(dir(ctrl));
      const cpus = (await fs.read(`${root}/cpuset/cpuset.cpus`)).trim();
      const mems = (await fs.read(`${root}/cpuset/cpuset.mems`)).trim();
      await writeControl(fs, `${dir('cpuset')}/cpuset.cpus`, cpus);
      await writeControl(fs, `${dir('cpuset')}/cpuset.mems`, mems);
      await writeControl(fs, `${dir('memory')}/memory.limit_in_bytes`, String(limits.memoryBytes));
      await writeControl(fs, `${dir('cpu')}/cpu.cfs_period_us`, String(CPU_PERIOD_US));
      await writeControl(fs, `${dir('cpu')}/cpu.cfs_quota_us`, String(cpuQuotaUs(limits.cpus)));
      // The quota caps the node; shares give it a VM-like weight against the host's own processes.
      await writeControl(fs, `${dir('cpu')}/cpu.shares`, String(cpuShares(limits.cpus)));
      await writeControl(fs, `${dir('pids')}/pids.max`, String(limits.pids));
    },
    podCgroupParent: (podUid) => `/${name}/${podDir(podUid)}`,
    async removePodCgroup(podUid) {
      const pod = podDir(podUid);
      const busy: string[] = [];
      for (const p of await parents()) await removeTree(fs, `${p}/${pod}`, busy);
      return { busy };
    },
    listPodCgroups: async () => podUidsUnder(fs, await parents()),
    async usage() {
      const usage = Number(await fs.read(`${dir('memory')}/memory.usage_in_bytes`));
      // total_ (hierarchical) counters: the pods' page cache lives in their own cgroups below.
      const inactive = statValue(await fs.read(`${dir('memory')}/memory.stat`), 'total_inactive_file');
      return {
        memoryBytes: Math.max(0, usage - inactive),
        memoryLimitBytes: parseLimit(await fs.read(`${dir('memory')}/memory.limit_in_bytes`)),
        cpuUsageNanos: Number(await fs.read(`${dir('cpuacct')}/cpuacct.usage`)),
        pids: Number(await readOr(fs, `${dir('pids')}/pids.current`, '0')),
        pidsMax: parseLimit(await readOr(fs, `${dir('pids')}/pids.max`, 'max')),
      };
    },
    async removeNodeCgroup() {
      const busy: string[] = [];
      for (const p of await parents()) await removeTree(fs, p, busy);
      return { busy };
    },
  };
}
