/**
 * Per-node aggregate kept up to date from informer events (upstream's NodeInfo): allocatable and
 * the sum of requests of the pods on the node (bound and assumed), used host ports and pods per
 * controller, so each filter and score is a few arithmetic operations per node.
 */
import type { Node, Taint } from '../api/registry/core-types.js';
import { resFromList, zeroRes, type PodInfo, type Res } from './pod-info.js';

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
  /** The node's taints plus the NoSchedule taint the node lifecycle controller would add for Ready≠True. */
  taints: Taint[];
  allocatable: Res;
  requested: Res;
  nonZeroCpu: number;
  nonZeroMem: number;
  /** `protocol/port` → host IP → number of pods using it. */
  usedPorts: Map<string, Map<string, number>>;
  /** controller owner uid → number of its pods on this node. */
  owners: Map<string, number>;
  pods: Map<string, PodInfo>;
}

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/**
 * Upstream relies on the node lifecycle controller's condition taints; until it has added one, a
 * node whose Ready condition is not True gets the same NoSchedule taint here, so TaintToleration
 * (and pods tolerating not-ready nodes, like DaemonSets) treat it the same way.
 */
function effectiveTaints(node: Node): Taint[] {
  const taints = node.spec?.taints ?? [];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return taints;
  if (taints.some((t) => t.key === NOT_READY_TAINT || t.key === UNREACHABLE_TAINT)) return taints;
  const key = ready?.status === 'Unknown' ? UNREACHABLE_TAINT : NOT_READY_TAINT;
  return [...taints, { key, effect: 'NoSchedule' }];
}

export function newNodeInfo(node: Node): NodeInfo {
  const ni: NodeInfo = {
    name: node.metadata.name ?? '', labels: {}, unschedulable: false, taints: [], allocatable: zeroRes(),
    requested: zeroRes(), nonZeroCpu: 0, nonZeroMem: 0, usedPorts: new Map(), owners: new Map(), pods: new Map(),
  };
  setNode(ni, node);
  return ni;
}

/** Refreshes the node-derived fields, keeping the pod aggregates. */
export function setNode(ni: NodeInfo, node: Node): void {
  ni.labels = node.metadata.labels ?? {};
  ni.unschedulable = node.spec?.unschedulable === true;
  ni.taints = effectiveTaints(node);
  ni.allocatable = resFromList(node.status?.allocatable ?? node.status?.capacity);
}

/** The fields that can change a scheduling decision; heartbeats change none of them. */
export function schedulingView(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return JSON.stringify([node.metadata.labels, node.spec?.unschedulable, node.spec?.taints, node.status?.allocatable ?? node.status?.capacity, ready]);
}

export function addPod(ni: NodeInfo, p: PodInfo): void {
  apply(ni, p, 1);
  ni.pods.set(p.key, p);
}

export function removePod(ni: NodeInfo, key: string): void {
  const p = ni.pods.get(key);
  if (!p) return;
  ni.pods.delete(key);
  apply(ni, p, -1);
}

function apply(ni: NodeInfo, p: PodInfo, sign: 1 | -1): void {
  const r = ni.requested;
  r.milliCpu += sign * p.req.milliCpu;
  r.memory += sign * p.req.memory;
  r.ephemeral += sign * p.req.ephemeral;
  r.pods += sign;
  ni.nonZeroCpu += sign * p.nonZeroCpu;
  ni.nonZeroMem += sign * p.nonZeroMem;
  for (const hp of p.ports) {
    const k = `${hp.protocol}/${hp.port}`;
    const ips = ni.usedPorts.get(k) ?? new Map<string, number>();
    const n = (ips.get(hp.ip) ?? 0) + sign;
    if (n > 0) ips.set(hp.ip, n); else ips.delete(hp.ip);
    if (ips.size) ni.usedPorts.set(k, ips); else ni.usedPorts.delete(k);
  }
  if (p.ownerUid) {
    const n = (ni.owners.get(p.ownerUid) ?? 0) + sign;
    if (n > 0) ni.owners.set(p.ownerUid, n); else ni.owners.delete(p.ownerUid);
  }
}
