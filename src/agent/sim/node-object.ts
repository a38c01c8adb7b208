/**
 * The objects a simulated node writes: its Node (labels, capacity, conditions, addresses, info as a
 * kubelet registers them), the Ready/pressure conditions it heartbeats, and its `kube-node-lease`
 * Lease. Pure: time comes in as an argument, so tests compare exact objects.
 */
import { nowRfc3339 } from '../../api/meta.js';
import type { Node } from '../../api/registry/core-types.js';
import type { Lease } from '../../api/validation/misc.js';

/** Marks every object this simulator owns; it refuses to take over a Node without it. */
export const SIM_ANNOTATION = 'kite.dev/simulated';
const SIM_VERSION = 'v1.32.0+kite-sim';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** One simulated node: its name, its place in the address plan and what it offers. */
export interface SimNodeSpec {
  name: string;
  /** Position in the address plan (see addresses.ts): InternalIP and pod CIDR derive from it. */
  index: number;
  internalIP: string;
  podCIDR: string;
  cpus: number;
  memoryMb: number;
  pods: number;
  dataSizeGb: number;
  labels?: Record<string, string>;
}

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** Whole CPUs print as "4", fractions as millicores ("1500m"), as resource.Quantity does. */
const cpuQuantity = (cpus: number): string => (Number.isInteger(cpus) ? String(cpus) : `${Math.round(cpus * 1000)}m`);

/** A kubelet's four standard conditions, all healthy (wording as upstream's setters). */
const HEALTHY: Array<Pick<NodeCondition, 'type' | 'status' | 'reason' | 'message'>> = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/**
 * The healthy conditions with a fresh heartbeat. A condition that already has the same status keeps
 * its lastTransitionTime (e.g. Ready stays "Ready for 3h"); one the node lifecycle controller set to
 * Unknown transitions back now.
 */
export function healthyConditions(now: number, prev: ReadonlyArray<{ type: string; status: string; lastTransitionTime?: string }> = []): NodeCondition[] {
  const t = nowRfc3339(new Date(now));
  return HEALTHY.map((c) => {
    const old = prev.find((p) => p.type === c.type);
    const since = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : t;
    return { type: c.type, status: c.status, lastHeartbeatTime: t, lastTransitionTime: since, reason: c.reason, message: c.message };
  });
}

/** The labels and annotations a simulated node carries (extra labels cannot override the standard ones). */
function nodeMetadata(s: SimNodeSpec): { labels: Record<string, string>; annotations: Record<string, string> } {
  return {
    labels: {
      ...s.labels,
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': s.name,
      'kubernetes.io/os': 'linux',
      type: 'kite-sim',
    },
    annotations: { [SIM_ANNOTATION]: 'true', 'node.alpha.kubernetes.io/ttl': '0' },
  };
}

/** The status a simulated kubelet reports at registration. */
function nodeStatus(s: SimNodeSpec, now: number): NonNullable<Node['status']> & Record<string, unknown> {
  const resources = {
    cpu: cpuQuantity(s.cpus),
    'ephemeral-storage': `${s.dataSizeGb}Gi`,
    memory: `${s.memoryMb}Mi`,
    pods: String(s.pods),
  };
  // Stable per name, so a restarted simulator reports the same machine.
  const id = `kite-sim-${s.name}`;
  const nodeInfo = {
    machineID: id, systemUUID: id, bootID: id,
    kernelVersion: '6.1.0-kite-sim', osImage: 'Kite simulated node', containerRuntimeVersion: 'sim://1.0',
    kubeletVersion: SIM_VERSION, kubeProxyVersion: SIM_VERSION, operatingSystem: 'linux', architecture: 'amd64',
  };
  return {
    capacity: { ...resources },
    allocatable: { ...resources },
    conditions: healthyConditions(now),
    // 127.x addresses: never routed anywhere, so nothing can mistake a simulated node for a real one.
    addresses: [{ type: 'InternalIP', address: s.internalIP }, { type: 'Hostname', address: s.name }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo,
  };
}

/** The Node object a simulated kubelet registers. */
export function simNode(s: SimNodeSpec, now: number): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: s.name, ...nodeMetadata(s) },
    spec: { podCIDR: s.podCIDR, podCIDRs: [s.podCIDR], providerID: `kite-sim://${s.name}` },
    status: nodeStatus(s, now),
  };
}

/** Lease renewTime is a MicroTime: RFC 3339 with microseconds. */
const microTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');

/**
 * The node's heartbeat Lease, owned by the Node (as the kubelet sets it: an owner reference
 * without `controller`) so deleting the Node lets the garbage collector remove it.
 */
export function nodeLease(name: string, nodeUid: string | undefined, durationSeconds: number, now: number): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: NODE_LEASE_NAMESPACE,
      ...(nodeUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: nodeUid }] } : {}),
    },
    spec: { holderIdentity: name, leaseDurationSeconds: durationSeconds, renewTime: microTime(now) } as Lease['spec'],
  };
}
