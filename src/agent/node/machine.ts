/**
 * Measurements of the machine itself (not of the node's cgroup): CPU count, memory, the data dir's
 * disk, and /proc/meminfo's MemAvailable. The rest of node/ gets these as plain numbers.
 */
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MachineFacts } from './allocation.js';

export interface DiskStats { availableBytes: number; totalBytes: number }

/**
 * statfs of `dir`, or of its nearest existing ancestor (the data dir may not exist yet when the
 * allocation is computed, and it will live on that same filesystem).
 */
export async function diskStats(dir: string): Promise<DiskStats> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      const s = await statfs(d);
      return { availableBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || d === path.dirname(d)) throw e;
    }
  }
}

export async function readMachineFacts(dataDir: string): Promise<MachineFacts> {
  return { cpuCount: os.cpus().length, memoryBytes: os.totalmem(), dataDirFreeBytes: (await diskStats(dataDir)).availableBytes };
}

/** MemAvailable from /proc/meminfo (the kernel's estimate of memory usable without swapping). */
export function parseMemAvailable(meminfo: string): number {
  const m = /^MemAvailable:\s+(\d+) kB$/m.exec(meminfo);
  if (!m) throw new Error('MemAvailable not found in /proc/meminfo');
  return Number(m[1]) * 1024;
}

export async function readMemAvailable(file = '/proc/meminfo'): Promise<number> {
  return parseMemAvailable(await readFile(file, 'utf8'));
}
