/**
 * NodeResourcesFit and NodeResourcesBalancedAllocation. The filter compares the pod's requests
 * with what is left of the node's allocatable (cpu, memory, ephemeral-storage, and the pod count,
 * which even a pod requesting nothing uses). The scores prefer nodes with more cpu and memory
 * left (LeastAllocated, on non-zero requests as upstream) and nodes whose cpu and memory would be
 * used in similar proportions (BalancedAllocation, on actual requests).
 */
import type { NodeInfo } from '../node-info.js';
import type { Filter, PodCtx, Scorer } from './types.js';

const MAX = 100;

export const nodeResourcesFit: Filter = {
  name: 'NodeResourcesFit',
  filter(p: PodCtx, n: NodeInfo) {
    const req = p.info.req;
    const free = n.allocatable;
    const used = n.requested;
    let reasons: string[] | null = null;
    const fail = (r: string) => { (reasons ??= []).push(r); };
    if (used.pods + 1 > free.pods) fail('Too many pods');
    if (req.milliCpu > 0 && req.milliCpu > free.milliCpu - used.milliCpu) fail('Insufficient cpu');
    if (req.memory > 0 && req.memory > free.memory - used.memory) fail('Insufficient memory');
    if (req.ephemeral > 0 && req.ephemeral > free.ephemeral - used.ephemeral) fail('Insufficient ephemeral-storage');
    return reasons;
  },
};

const least = (requested: number, capacity: number) => (requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX) / capacity));

export const leastAllocated: Scorer = {
  name: 'NodeResourcesFit',
  weight: 1,
  score(p: PodCtx, n: NodeInfo) {
    let sum = 0;
    let weights = 0;
    // cpu and memory with weight 1 each; a resource the node does not report is skipped
    if (n.allocatable.milliCpu > 0) { sum += least(n.nonZeroCpu + p.info.nonZeroCpu, n.allocatable.milliCpu); weights++; }
    if (n.allocatable.memory > 0) { sum += least(n.nonZeroMem + p.info.nonZeroMem, n.allocatable.memory); weights++; }
    return weights ? Math.floor(sum / weights) : 0;
  },
};

export const balancedAllocation: Scorer = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(p: PodCtx, n: NodeInfo) {
    const fractions: number[] = [];
    if (n.allocatable.milliCpu > 0) fractions.push(Math.min(1, (n.requested.milliCpu + p.info.req.milliCpu) / n.allocatable.milliCpu));
    if (n.allocatable.memory > 0) fractions.push(Math.min(1, (n.requested.memory + p.info.req.memory) / n.allocatable.memory));
    const std = fractions.length === 2 ? Math.abs(fractions[0]! - fractions[1]!) / 2 : 0;
    return Math.trunc((1 - std) * MAX);
  },
};
