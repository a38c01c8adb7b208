/**
 * One round of measurements for the node conditions. Each source fails on its own: a failed one is
 * logged and left out (its condition keeps its last verdict), except the runtime, whose failure is
 * itself the answer (Ready=False, "container runtime is down"). The runtime call is bounded so a
 * hung containerd shows up as NotReady instead of stalling every status report.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../controllers/index.js';
import type { NodeCgroups } from '../cgroups/index.js';
import type { RuntimeCondition } from '../cri/types.js';
import { runtimeReadiness, type NodeMeasurements } from './conditions.js';
import { diskStats, readMemAvailable, type DiskStats } from './machine.js';

export interface HostProbes {
  memAvailableBytes(): Promise<number>;
  disk(dir: string): Promise<DiskStats>;
}

export const realHostProbes: HostProbes = { memAvailableBytes: () => readMemAvailable(), disk: (dir) => diskStats(dir) };

export interface MeasureDeps {
  runtimeStatus: (signal: AbortSignal) => Promise<{ conditions: RuntimeCondition[] }>;
  cgroups: Pick<NodeCgroups, 'usage'>;
  host: HostProbes;
  dataDir: string;
  clock: Clock;
  log: Logger;
  runtimeTimeoutMs: number;
}

/** `p`, or a rejection once `ms` pass on the clock; the timer is cancelled either way. */
async function bounded<T>(p: (signal: AbortSignal) => Promise<T>, ms: number, clock: Clock): Promise<T> {
  const stop = new AbortController();
  const timeout = clock.sleep(ms, stop.signal).then(() => {
    if (!stop.signal.aborted) throw new Error(`no answer in ${ms} ms`);
    return undefined as never;
  });
  try {
    return await Promise.race([p(stop.signal), timeout]);
  } finally {
    stop.abort();
  }
}

export async function measureNode(d: MeasureDeps): Promise<NodeMeasurements> {
  const soft = <T>(what: string, p: Promise<T>) => p.catch((err: unknown) => { d.log.warn({ err }, `measuring ${what} failed`); return undefined; });
  const [runtime, cgroup, mem, disk] = await Promise.all([
    bounded(d.runtimeStatus, d.runtimeTimeoutMs, d.clock).then(runtimeReadiness, (e: unknown) => runtimeReadiness(e instanceof Error ? e : new Error(String(e)))),
    soft('node cgroup usage', d.cgroups.usage()),
    soft('host memory', d.host.memAvailableBytes()),
    soft('data dir disk', d.host.disk(d.dataDir)),
  ]);
  return { runtime, cgroup, hostMemAvailableBytes: mem, disk };
}
