/**
 * The agent's stats provider: every `intervalMs` (10 s, metrics-server's resolution) it reads the
 * CRI's container stats and the node cgroup's usage, turns cumulative CPU into rates over the last
 * two samples, and keeps the resulting Summary for `/stats/summary`. Reading happens only in the
 * loop, so any number of API requests cost nothing but a JSON serialization.
 */
import type { Logger } from 'pino';
import type { NodeCgroupUsage } from '../cgroups/index.js';
import type { RuntimeService } from '../cri/index.js';
import { createRateTracker } from './rate.js';
import { summary, type ContainerReading, type PodReading } from './summary.js';
import type { Summary } from '../../api/types/stats-summary.js';

export const STATS_INTERVAL_MS = 10_000;
const NODE_KEY = '\0node';

export interface StatsProviderOptions {
  cri: Pick<RuntimeService, 'listPodSandbox' | 'listContainers' | 'listContainerStats'>;
  /** The node cgroup's usage (`NodeCgroups.usage`): all pods together, as the node's own numbers. */
  nodeUsage: () => Promise<NodeCgroupUsage>;
  nodeName: string;
  /** Wall clock in ms (tests inject one). */
  now?: () => number;
  /** When the agent started (ms), reported as the node's startTime. */
  startedAt?: number;
  log?: Logger;
}

export interface StatsProvider {
  /** One sampling round; the new Summary replaces the old one. */
  collect(): Promise<Summary>;
  /** The latest Summary, undefined before the first round finished. */
  latest(): Summary | undefined;
  /** Samples now and then every `intervalMs` until `signal` aborts; a failed round is logged and retried next time. */
  run(signal: AbortSignal, intervalMs?: number): Promise<void>;
}

export function createStatsProvider(o: StatsProviderOptions): StatsProvider {
  const now = o.now ?? Date.now;
  const rates = createRateTracker();
  let current: Summary | undefined;

  const collect = async (): Promise<Summary> => {
    const [sandboxes, containers, stats, usage] = await Promise.all([
      o.cri.listPodSandbox({ state: 'SANDBOX_READY' }),
      o.cri.listContainers({ state: 'CONTAINER_RUNNING' }),
      o.cri.listContainerStats(),
      o.nodeUsage(),
    ]);
    const t = now() * 1e6;
    const byId = new Map(stats.map((s) => [s.id, s]));
    const live = new Set<string>([NODE_KEY]);
    const pods = new Map<string, PodReading>();
    for (const sb of sandboxes) {
      pods.set(sb.id, { ref: { name: sb.metadata.name, namespace: sb.metadata.namespace, uid: sb.metadata.uid }, createdAt: sb.createdAt, containers: [] });
    }
    for (const c of containers) {
      const pod = pods.get(c.podSandboxId);
      if (!pod) continue;
      const s = byId.get(c.id);
      const reading: ContainerReading = { name: c.metadata.name, createdAt: c.createdAt };
      if (s?.timestamp) {
        reading.t = s.timestamp;
        reading.memoryBytes = s.memoryWorkingSetBytes;
        if (s.cpuUsageCoreNanoSeconds !== undefined) {
          reading.cpuNs = s.cpuUsageCoreNanoSeconds;
          rates.observe(c.id, { t: s.timestamp, cpuNs: s.cpuUsageCoreNanoSeconds });
          reading.nanoCores = rates.last(c.id)?.nanoCores;
          live.add(c.id);
        }
      }
      pod.containers.push(reading);
    }
    rates.observe(NODE_KEY, { t, cpuNs: usage.cpuUsageNanos });
    rates.retain(live);
    current = summary({
      nodeName: o.nodeName,
      node: {
        t, cpuNs: usage.cpuUsageNanos, nanoCores: rates.last(NODE_KEY)?.nanoCores,
        memoryBytes: usage.memoryBytes, memoryLimitBytes: usage.memoryLimitBytes,
        startedAt: o.startedAt !== undefined ? o.startedAt * 1e6 : undefined,
      },
      pods: [...pods.values()],
    });
    return current;
  };

  const run = async (signal: AbortSignal, intervalMs = STATS_INTERVAL_MS): Promise<void> => {
    while (!signal.aborted) {
      try { await collect(); } catch (e) { o.log?.warn({ err: e }, 'stats sampling failed'); }
      await new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); };
        const timer = setTimeout(done, intervalMs);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  };

  return { collect, latest: () => current, run };
}
