/**
 * Removing what a node leaves on the host besides the network: the agent's containerd, container
 * processes (by the node's cgroups `kite-<node>*`), the shims of our containerd socket, the cgroups
 * themselves, mounts under the data dir, and the data dir. Only things tied to this node and data dir.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { containerdPaths } from '../agent/containerd/index.js';
import { cmdline, terminate, waitGone } from './pids.js';

const execFileP = promisify(execFile);
const CGROUP_ROOT = '/sys/fs/cgroup';

/** The node's cgroup names at the root of each hierarchy: `kite-<node>` and `kite-<node>-…`. */
export async function nodeCgroupDirs(node: string, root = CGROUP_ROOT): Promise<string[]> {
  const out: string[] = [];
  for (const h of await readdir(root).catch(() => [])) {
    for (const e of await readdir(path.join(root, h), { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory() && (e.name === `kite-${node}` || e.name.startsWith(`kite-${node}-`))) out.push(path.join(root, h, e.name));
    }
  }
  return out;
}

async function procsUnder(dir: string): Promise<number[]> {
  const own = (await readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) if (e.isDirectory()) own.push(...(await procsUnder(path.join(dir, e.name))));
  return own;
}

async function rmTree(dir: string): Promise<void> {
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) return;
  for (const e of await readdir(dir, { withFileTypes: true })) if (e.isDirectory()) await rmTree(path.join(dir, e.name));
  await rmdir(dir).catch(() => undefined);
}

export async function shimsOf(socket: string): Promise<number[]> {
  const pids: number[] = [];
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const args = await cmdline(Number(e));
    if (args[0]?.endsWith('containerd-shim-runc-v2') && args.includes(socket)) pids.push(Number(e));
  }
  return pids;
}

export async function removeNodeRuntime(dataDir: string, node: string, say: (m: string) => void): Promise<void> {
  const ctd = containerdPaths(dataDir);
  const ctdPid = Number((await readFile(ctd.pidFile, 'utf8').catch(() => '')).trim());
  if (ctdPid > 1 && (await cmdline(ctdPid)).includes(ctd.config)) { say(`stopping containerd (pid ${ctdPid})`); await terminate(ctdPid, 5_000); }
  const cgroups = await nodeCgroupDirs(node);
  for (let round = 0; round < 100; round++) {
    const pids = [...new Set((await Promise.all(cgroups.map(procsUnder))).flat())];
    if (pids.length === 0) break;
    if (round === 0) say(`killing ${pids.length} container process(es) of node ${node}`);
    for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* exited */ } }
    await sleep(50);
  }
  const shims = await shimsOf(ctd.socket);
  for (const pid of shims) { try { process.kill(pid, 'SIGKILL'); } catch { /* exited */ } }
  await Promise.all(shims.map((pid) => waitGone(pid, 5_000)));
  for (const c of cgroups) await rmTree(c);
  if (cgroups.length) say(`removed ${cgroups.length} cgroup(s) kite-${node}*`);
  if (ctd.socketFallback) await rm(path.dirname(ctd.socket), { recursive: true, force: true });
}

/** Unmounts everything below `dir` (deepest first), then deletes it. */
export async function unmountAndRemove(dir: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
  for (const m of mounts) await execFileP('umount', ['-l', m]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}
