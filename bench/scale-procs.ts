/**
 * The processes of the scale bench: the `kite dev sim-nodes` child, and a once-a-second sampler of
 * CPU (utime+stime deltas from /proc/<pid>/stat over wall time) and memory (VmRSS, VmHWM) of the
 * server, the simulator and this bench process itself — on a 2-core machine the three share the
 * CPUs, so a reader needs all three to tell which one is the bottleneck.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { KITE_BIN } from '../test/e2e/helpers/cluster.js';

export interface SimProcess { proc: ChildProcess; logTail: () => string; stop: () => Promise<void> }

export interface SimOptions { count: number; cpus: number; memoryMb: number; pods: number; leaseSeconds: number; statusSeconds: number; workers: number }

export function spawnSimNodes(kubeconfig: string, o: SimOptions): SimProcess {
  const proc = spawn(process.execPath, [KITE_BIN, 'dev', 'sim-nodes', '--kubeconfig', kubeconfig, '--count', String(o.count),
    '--cpus', String(o.cpus), '--memory-mb', String(o.memoryMb), '--pods', String(o.pods),
    '--lease-seconds', String(o.leaseSeconds), '--status-seconds', String(o.statusSeconds),
    '--workers', String(o.workers), '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => { log = (log + d.toString()).slice(-4000); });
  return {
    proc,
    logTail: () => log,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One process's sample: CPU% of one core since the previous sample, and memory in MiB. */
export interface ProcSample { atMs: number; cpuPct: number; rssMiB: number; hwmMiB: number }

const TICKS_PER_S = 100; // USER_HZ; `getconf CLK_TCK` is 100 on every Linux this runs on.

function readProc(pid: number): { ticks: number; rssMiB: number; hwmMiB: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "(comm) " comes field 3 (state) at index 0, so utime (field 14) and stime (15) are at 11 and 12.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (f: string) => Number(new RegExp(`^${f}:\\s*(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { ticks, rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return undefined; // the process is gone
  }
}

export interface Sampler {
  samples: Record<string, ProcSample[]>;
  stop(): void;
}

/** Samples every `pids` entry once per `periodMs` until `stop()`. */
export function startSampler(pids: Record<string, number>, periodMs = 1000): Sampler {
  const samples: Record<string, ProcSample[]> = {};
  const prev: Record<string, { ticks: number; atMs: number }> = {};
  const tick = () => {
    const atMs = performance.now();
    for (const [name, pid] of Object.entries(pids)) {
      const p = readProc(pid);
      if (!p) continue;
      const before = prev[name];
      prev[name] = { ticks: p.ticks, atMs };
      if (!before) continue;
      const cpuPct = ((p.ticks - before.ticks) / TICKS_PER_S) / ((atMs - before.atMs) / 1000) * 100;
      (samples[name] ??= []).push({ atMs, cpuPct, rssMiB: p.rssMiB, hwmMiB: p.hwmMiB });
    }
  };
  tick();
  const timer = setInterval(tick, periodMs);
  return { samples, stop: () => clearInterval(timer) };
}

export interface ProcSummary { samples: number; cpuAvgPct: number; cpuMaxPct: number; rssAvgMiB: number; rssMaxMiB: number; hwmMiB: number }

/** Summarizes the samples of one process taken within [fromMs, toMs]. */
export function summarizeProc(samples: ProcSample[] | undefined, fromMs: number, toMs: number): ProcSummary | undefined {
  const s = (samples ?? []).filter((x) => x.atMs >= fromMs && x.atMs <= toMs);
  if (s.length === 0) return undefined;
  const r = (n: number) => Number(n.toFixed(1));
  const avg = (f: (x: ProcSample) => number) => s.reduce((a, x) => a + f(x), 0) / s.length;
  return {
    samples: s.length,
    cpuAvgPct: r(avg((x) => x.cpuPct)), cpuMaxPct: r(Math.max(...s.map((x) => x.cpuPct))),
    rssAvgMiB: r(avg((x) => x.rssMiB)), rssMaxMiB: r(Math.max(...s.map((x) => x.rssMiB))), hwmMiB: r(s[s.length - 1]!.hwmMiB),
  };
}
