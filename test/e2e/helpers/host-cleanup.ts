/**
 * Removing what real containers leave on the host, for tests that run containerd: container processes
 * (by cgroup), the containerd shims started for one socket, cgroup directories (deepest first, only
 * when empty), mounts below a directory, then the directory.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** PIDs of shims started for our socket (their cmdline carries `-address <socket>`). */
export async function shimsOf(socket: string): Promise<number[]> {
  const pids: number[] = [];
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const cmd = await readFile(`/proc/${e}/cmdline`, 'utf8').catch(() => '');
    const args = cmd.split('\0');
    if (args[0]?.endsWith('containerd-shim-runc-v2') && args.includes(socket)) pids.push(Number(e));
  }
  return pids;
}

/** A killed process left as a zombie (its parent has not reaped it yet) counts as gone. */
async function isZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

export async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
    try { process.kill(pid, 0); } catch { return true; }
    if (await isZombie(pid)) return true;
  }
  return false;
}

export async function killShims(socket: string): Promise<void> {
  const pids = await shimsOf(socket);
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  await Promise.all(pids.map((pid) => waitGone(pid, 5_000)));
}

/** SIGKILLs every process in the cgroup subtree and waits (≤ 5 s) for them to go. */
export async function killCgroupProcs(root: string): Promise<void> {
  const pids = async (p: string): Promise<number[]> => {
    const own = (await readFile(path.join(p, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
    const subs = await readdir(p, { withFileTypes: true }).catch(() => []);
    for (const e of subs) if (e.isDirectory()) own.push(...(await pids(path.join(p, e.name))));
    return own;
  };
  for (const end = Date.now() + 5_000; Date.now() < end; await sleep(50)) {
    const left = await pids(root);
    if (left.length === 0) return;
    for (const pid of left) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* exited meanwhile */ }
    }
  }
}

/** rmdir a cgroup subtree deepest first (rmdir only succeeds on empty cgroups). */
export async function rmTree(p: string): Promise<void> {
  const st = await stat(p).catch(() => undefined);
  if (!st?.isDirectory()) return;
  for (const e of await readdir(p, { withFileTypes: true })) if (e.isDirectory()) await rmTree(path.join(p, e.name));
  await rmdir(p).catch(() => undefined);
}

/** The same cgroup path in every hierarchy (v1 controllers and the unified one). */
export async function removeCgroupEverywhere(cgroup: string): Promise<void> {
  for (const h of await readdir('/sys/fs/cgroup').catch(() => [])) await rmTree(path.join('/sys/fs/cgroup', h, cgroup));
}

/** Unmounts everything mounted below `dir` (deepest first), then removes it. */
export async function unmountAndRemove(dir: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
  for (const m of mounts) await execFileP('umount', ['-l', m]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}
