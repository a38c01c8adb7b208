/**
 * The Node this machine registers, built from its host facts, its allocation and the runtime's
 * version. Pure (conditions come in as an argument), so tests compare exact objects.
 *
 * `daemonEndpoints.kubeletEndpoint.Port` is 10250 as upstream's, but nothing listens there yet:
 * logs/exec/port-forward will be proxied by the API server (issue 4 scope 7); until then it is a
 * placeholder that only keeps clients that read it happy.
 */
import type { Node } from '../../api/registry/core-types.js';
import type { NodeCondition } from '../sim/node-object.js';
import { resourceList, type NodeAllocation } from './allocation.js';
import type { HostInfo } from './host-info.js';

export const KUBELET_VERSION = 'v1.32.0+kite';
export const KUBELET_PORT = 10250;
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

export interface NodeObjectInput {
  name: string;
  host: HostInfo;
  allocation: NodeAllocation;
  /** e.g. `containerd://1.6.20~ds1`. */
  runtimeVersion: string;
  /** This process also runs the control plane (`kite server`). */
  controlPlane: boolean;
  /** Extra labels; the standard ones win. */
  labels?: Record<string, string>;
  /** Where this node's kubelet API listens (logs, exec, stats); default KUBELET_PORT. */
  kubeletPort?: number;
}

export function nodeLabels(i: NodeObjectInput): Record<string, string> {
  return {
    ...i.labels,
    'beta.kubernetes.io/arch': i.host.architecture,
    'beta.kubernetes.io/os': i.host.operatingSystem,
    'kubernetes.io/arch': i.host.architecture,
    'kubernetes.io/hostname': i.name,
    'kubernetes.io/os': i.host.operatingSystem,
    // K3s's spelling ("true"); kubectl's ROLES column reads only the key.
    ...(i.controlPlane ? { [CONTROL_PLANE_LABEL]: 'true' } : {}),
  };
}

/** Everything in the status except the conditions: what registration and each status report send. */
export function nodeStatusFields(i: NodeObjectInput) {
  const h = i.host;
  return {
    capacity: resourceList(i.allocation.capacity),
    allocatable: resourceList(i.allocation.allocatable),
    addresses: [{ type: 'InternalIP', address: h.internalIP }, { type: 'Hostname', address: h.hostname }],
    daemonEndpoints: { kubeletEndpoint: { Port: i.kubeletPort ?? KUBELET_PORT } },
    nodeInfo: {
      machineID: h.machineID,
      systemUUID: h.systemUUID,
      bootID: h.bootID,
      kernelVersion: h.kernelVersion,
      osImage: h.osImage,
      containerRuntimeVersion: i.runtimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: h.operatingSystem,
      architecture: h.architecture,
    },
  };
}

export type NodeStatusFields = ReturnType<typeof nodeStatusFields>;

export function buildNode(i: NodeObjectInput, conditions: NodeCondition[]): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: i.name, labels: nodeLabels(i) },
    spec: {},
    status: { ...nodeStatusFields(i), conditions } as NonNullable<Node['status']>,
  };
}
