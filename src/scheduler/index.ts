/**
 * The scheduler: assigns pending pods to nodes, talking to the API only through `KubeClient`
 * (DESIGN §4), like kube-scheduler with its default plugins, reduced to what Kite needs.
 *
 * - `handlers.ts` — shared pod and node informers feed `cache.ts` (per-node sums of requests,
 *   ports and pods per controller, kept incrementally, plus *assumed* pods being bound) and
 *   `queue.ts` (active / backoff 1 s→10 s / unschedulable until a cluster change or 60 s).
 * - `algorithm.ts` — filters, then scores a sample of feasible nodes (upstream's adaptive
 *   percentageOfNodesToScore: all nodes below 100, else at least 100 and 5–50 %), picks the best
 *   with random tie-breaks; `fit-error.ts` words the "0/N nodes are available: …" message.
 * - `plugins/` — NodeUnschedulable, TaintToleration (Ready≠True counts as the lifecycle taint),
 *   NodeAffinity (nodeSelector, required and preferred terms), NodePorts, NodeResourcesFit
 *   (+ LeastAllocated), BalancedAllocation, controller spreading.
 * - `bind.ts` — pods/binding, the PodScheduled=False condition (written only when it changes)
 *   and Scheduled / FailedScheduling events.
 * - `scheduler.ts` — the loop: decisions one at a time (so the cache is always consistent),
 *   bindings `parallelism` at a time in the background.
 * Not implemented: preemption, inter-pod (anti-)affinity, topology spread constraints, volumes.
 */
export { createScheduler } from './scheduler.js';
export type { SchedulerOptions } from './scheduler.js';
