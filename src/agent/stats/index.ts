/**
 * Node and container resource usage for `kubectl top` (issue 4): the agent samples CRI container
 * stats and the node cgroup, and serves the kubelet Summary API shape at `/stats/summary`; the API
 * server's metrics.k8s.io (src/apiserver/metrics-api.ts) reads it from there.
 *
 * - rate.ts: CPU rate from the last two cumulative samples.
 * - summary.ts: the pure Summary builder (quantities are the API server's business: metrics-api.ts).
 * - provider.ts: the sampling loop; handler.ts: the HTTP handler for the kubelet API server.
 */
export type { ContainerSummary, CpuStats, MemoryStats, NodeSummary, PodReference, PodSummary, Summary } from '../../api/types/stats-summary.js';
export { cpuRate, createRateTracker, type RateTracker } from './rate.js';
export { summary, rfc3339, type ContainerReading, type NodeReading, type PodReading, type SummaryInput } from './summary.js';
export { createStatsProvider, STATS_INTERVAL_MS, type StatsProvider, type StatsProviderOptions } from './provider.js';
export { statsSummaryHandler } from './handler.js';
