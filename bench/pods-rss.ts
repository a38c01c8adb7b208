/**
 * Resident memory of the processes the pods bench cares about, read from /proc (Linux only):
 * `kite server` itself and its supervised containerd (found through the pid file the agent writes),
 * plus the containerd shims serving that containerd's socket, since each running pod costs one.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** VmRSS of one process in MiB; NaN when it is gone. */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number((Number(m[1]) / 1024).toFixed(1)) : NaN;
}

/** The agent's containerd pid from DIR/agent/containerd/containerd.pid (0 when not there yet). */
export async function containerdPid(dataDir: string): Promise<number> {
  const text = await readFile(path.join(dataDir, 'agent', 'containerd', 'containerd.pid'), 'utf8').catch(() => '');
  return Number(text.trim()) || 0;
}

/** Pids of containerd-shim processes whose command line names `socket` (the shims of our containerd). */
export async function shimPids(socket: string): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes('containerd-shim') && cmd.includes(socket)) out.push(Number(entry));
  }
  return out;
}

export interface RssSample { kiteMiB: number; containerdMiB: number; shims: number; shimsMiB: number }

export async function sampleRss(kitePid: number, dataDir: string): Promise<RssSample> {
  const socket = path.join(dataDir, 'agent', 'containerd', 'containerd.sock');
  const shims = await shimPids(socket);
  let shimsMiB = 0;
  for (const p of shims) shimsMiB += (await rssMiB(p)) || 0;
  return {
    kiteMiB: await rssMiB(kitePid),
    containerdMiB: await rssMiB(await containerdPid(dataDir)),
    shims: shims.length,
    shimsMiB: Number(shimsMiB.toFixed(1)),
  };
}
