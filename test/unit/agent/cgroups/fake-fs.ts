/**
 * A cgroup tree in a temp dir: the real fs layer, except rmdir behaves like the kernel's (a cgroup
 * still listing control files can be removed; one with child cgroups or tasks in `cgroup.procs`
 * is EBUSY), and every write is recorded relative to the root so tests compare exact values.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { realCgroupFs, type CgroupFs } from '../../../../src/agent/cgroups/index.js';

export interface FakeTree {
  root: string;
  fs: CgroupFs;
  writes: Array<[string, string]>;
  /** Creates files (and their directories) relative to the root. */
  put(files: Record<string, string>): void;
  read(rel: string): Promise<string>;
  dispose(): void;
}

const errno = (code: string, p: string) => Object.assign(new Error(`${code}: ${p}`), { code });

export function fakeTree(files: Record<string, string> = {}, o: { failWrite?: (rel: string) => string | undefined } = {}): FakeTree {
  const root = mkdtempSync(path.join(tmpdir(), 'kite-cg-'));
  const rel = (p: string) => path.relative(root, p);
  const writes: Array<[string, string]> = [];
  const fs: CgroupFs = {
    ...realCgroupFs,
    async write(p, data) {
      const code = o.failWrite?.(rel(p));
      if (code) throw errno(code, p);
      writes.push([rel(p), data]);
      await realCgroupFs.write(p, data);
    },
    async rmdir(p) {
      const entries = await readdir(p, { withFileTypes: true }).catch(() => { throw errno('ENOENT', p); });
      if (entries.some((e) => e.isDirectory())) throw errno('EBUSY', p);
      const procs = await readFile(path.join(p, 'cgroup.procs'), 'utf8').catch(() => '');
      if (procs.trim()) throw errno('EBUSY', p);
      await rm(p, { recursive: true });
    },
  };
  const put = (f: Record<string, string>) => {
    for (const [k, v] of Object.entries(f)) {
      mkdirSync(path.dirname(path.join(root, k)), { recursive: true });
      if (k.endsWith('/')) mkdirSync(path.join(root, k), { recursive: true });
      else writeFileSync(path.join(root, k), v);
    }
  };
  put(files);
  return { root, fs, writes, put, read: (r) => readFile(path.join(root, r), 'utf8'), dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** This project's hybrid layout: v1 hierarchies plus a cgroup2 `unified/` holding only hugetlb. */
export const V1_ROOT: Record<string, string> = {
  'cpuset/cpuset.cpus': '0-3\n',
  'cpuset/cpuset.mems': '0\n',
  'memory/memory.limit_in_bytes': '9223372036854771712\n',
  'cpu/cpu.cfs_quota_us': '-1\n',
  'cpuacct/cpuacct.usage': '0\n',
  'pids/cgroup.procs': '1\n',
  'devices/cgroup.procs': '1\n',
  'freezer/cgroup.procs': '1\n',
  'unified/cgroup.controllers': 'hugetlb\n',
};

export const V2_ROOT: Record<string, string> = {
  'cgroup.controllers': 'cpuset cpu io memory hugetlb pids rdma misc\n',
  'cgroup.subtree_control': '\n',
  'cpuset.cpus.effective': '0-3\n',
  'cpuset.mems.effective': '0\n',
};
