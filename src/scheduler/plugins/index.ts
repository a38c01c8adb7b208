/**
 * Filter and score plugins, in upstream's default order. Filters run in this order on each node
 * and the first one that fails gives that node's reasons (as kube-scheduler reports them); the
 * weights are upstream's defaults (spreading stands in for PodTopologySpread's weight 2).
 */
import { nodeAffinity, nodeAffinityScore } from './node-affinity.js';
import { nodePorts } from './node-ports.js';
import { balancedAllocation, leastAllocated, nodeResourcesFit } from './node-resources.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { controllerSpread } from './spread.js';
import { taintToleration, taintTolerationScore } from './taint-toleration.js';
import type { Filter, Scorer } from './types.js';

export const FILTERS: readonly Filter[] = [nodeUnschedulable, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit];
export const SCORERS: readonly Scorer[] = [taintTolerationScore, nodeAffinityScore, leastAllocated, controllerSpread, balancedAllocation];
export { podCtx } from './types.js';
export type { Filter, PodCtx, Scorer } from './types.js';
