/**
 * Before each containerd start: directories, state left from an earlier boot, the log file's size,
 * and a containerd left running by a kite that was killed (it would hold the bolt DB lock and the
 * socket, so the new one could not start).
 */
import { readFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ContainerdPaths } from './config.js';

const LOG_MAX_BYTES = 10 * 1024 * 1024;

async function readText(file: string): Promise<string | undefined> {
  try { return (await readFile(file, 'utf8')).trim(); } catch { return undefined; }
}

/**
 * containerd's state and runc's root are meant for tmpfs (/run) and describe processes of this boot
 * only. Ours live on disk under DIR, so after a reboot they are stale: wipe them (nothing can run).
 */
async function dropStateOfEarlierBoot(p: ContainerdPaths, log: Logger): Promise<void> {
  const boot = await readText('/proc/sys/kernel/random/boot_id');
  if (boot === undefined) return;
  const recorded = await readText(p.bootIdFile);
  if (recorded !== undefined && recorded !== boot) {
    log.info({ state: p.state, runcRoot: p.runcRoot }, 'machine rebooted since containerd last ran; clearing its runtime state');
    await rm(p.state, { recursive: true, force: true });
    await rm(p.runcRoot, { recursive: true, force: true });
  }
  await writeFile(p.bootIdFile, `${boot}\n`);
}

export async function prepareContainerdDirs(p: ContainerdPaths, config: string, log: Logger): Promise<void> {
  await mkdir(p.base, { recursive: true, mode: 0o700 });
  await dropStateOfEarlierBoot(p, log);
  for (const d of [p.root, p.state, p.runcRoot, p.certsDir, p.optDir, p.cniConfDir, path.dirname(p.socket)]) {
    await mkdir(d, { recursive: true, mode: 0o700 });
  }
  await writeFile(p.config, config);
}

/** Keeps one old generation: containerd.log → containerd.log.1 once it passes 10 MiB. */
export async function rotateLog(file: string): Promise<void> {
  const size = await stat(file).then((s) => s.size, () => 0);
  if (size > LOG_MAX_BYTES) await rename(file, `${file}.1`);
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (!alive(pid)) return true;
  }
  return !alive(pid);
}

/**
 * Stops a containerd started by an earlier kite for the same config (matched by its pid file AND its
 * command line, so a reused pid is never killed). Its containers keep running: shims are separate.
 */
export async function stopStaleContainerd(p: ContainerdPaths, log: Logger): Promise<void> {
  const pid = Number(await readText(p.pidFile));
  if (!Number.isInteger(pid) || pid <= 1) return;
  const cmdline = (await readText(`/proc/${pid}/cmdline`))?.split('\0') ?? [];
  if (!cmdline[0]?.endsWith('containerd') || !cmdline.includes(p.config)) return;
  log.warn({ pid }, 'stopping a containerd left running by an earlier kite');
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  if (!(await waitGone(pid, 5000))) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    await waitGone(pid, 2000);
  }
}
