/**
 * Pid files that are safe against pid reuse: a pid counts only while /proc/<pid>/cmdline still shows
 * the kite command it was written for, so `kite stop`/`remove` never signal an unrelated process.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export async function cmdline(pid: number): Promise<string[]> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
}

async function isZombieOrGone(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/** The pid in `file` if that process is alive and its command line contains `marker` (e.g. `supervise`). */
export async function livePid(file: string, marker: string): Promise<number | undefined> {
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  if (await isZombieOrGone(pid)) return undefined;
  return (await cmdline(pid)).includes(marker) ? pid : undefined;
}

export async function writePid(file: string, pid: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${pid}\n`);
  await rename(tmp, file);
}

export const removePid = (file: string) => rm(file, { force: true });

export async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (await isZombieOrGone(pid)) return true;
  return isZombieOrGone(pid);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function terminate(pid: number, graceMs: number): Promise<void> {
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  if (await waitGone(pid, graceMs)) return;
  try { process.kill(pid, 'SIGKILL'); } catch { return; }
  await waitGone(pid, 5_000);
}
