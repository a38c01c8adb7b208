/** What the numbers were measured on, and the resident memory of a process, both read from /proc. */
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo { cpu: string; cores: number; memGiB: number; node: string; platform: string }

export async function machineInfo(): Promise<MachineInfo> {
  // /proc/cpuinfo's "model name" is what people compare machines by; os.cpus() is the fallback.
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    cpu: model.trim(), cores: availableParallelism(), memGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version, platform: `${process.platform}-${process.arch}`,
  };
}

/** VmRSS and VmHWM (peak RSS) of a pid in MiB. */
export async function rssOf(pid: number): Promise<{ rssMiB: number; peakMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s*(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: Number((kb('VmRSS') / 1024).toFixed(1)), peakMiB: Number((kb('VmHWM') / 1024).toFixed(1)) };
}

/** 1-minute load average: on a shared machine it tells how much the numbers may be disturbed. */
export const load1 = (): number => Number(loadavg()[0]!.toFixed(2));
