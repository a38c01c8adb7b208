/** core/v1 Node: spec (taints, CIDRs) and the status the agent reports (capacity, conditions, info). */
import type { SchemaSet } from '../types.js';
import { arr, bool, enumOf, gvkName, int, int64, listMap, mapOf, obj, quantity, ref, set, str, time } from '../dsl.js';
import { kindSchema } from './meta.js';

const C = (kind: string) => gvkName('', 'v1', kind);
const resourceList = (d: string) => mapOf(quantity(), d);

export const nodeSchemas: SchemaSet = {
  [C('Taint')]: obj({
    key: str('Required. The taint key to be applied to a node.'),
    value: str('The taint value corresponding to the taint key.'),
    effect: enumOf(['NoExecute', 'NoSchedule', 'PreferNoSchedule'], 'Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.'),
    timeAdded: time('TimeAdded represents the time at which the taint was added. It is only written for NoExecute taints.'),
  }, 'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.', { required: ['key', 'effect'] }),
  [C('NodeSpec')]: obj({
    podCIDR: str('PodCIDR represents the pod IP range assigned to the node.'),
    podCIDRs: set(str(), 'podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.'),
    providerID: str('ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>'),
    unschedulable: bool('Unschedulable controls node schedulability of new pods. By default, node is schedulable.'),
    taints: arr(ref(C('Taint')), "If specified, the node's taints."),
  }, 'NodeSpec describes the attributes that a node is created with.'),
  [C('NodeCondition')]: obj({
    type: str('Type of node condition: Ready, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable.'),
    status: enumOf(['False', 'True', 'Unknown'], 'Status of the condition, one of True, False, Unknown.'),
    lastHeartbeatTime: time('Last time we got an update on a given condition.'),
    lastTransitionTime: time('Last time the condition transit from one status to another.'),
    reason: str("(brief) reason for the condition's last transition."),
    message: str('Human readable message indicating details about last transition.'),
  }, 'NodeCondition contains condition information for a node.', { required: ['type', 'status'] }),
  [C('NodeAddress')]: obj({
    type: str('Node address type, one of Hostname, ExternalIP or InternalIP.'),
    address: str('The node address.'),
  }, "NodeAddress contains information for the node's address.", { required: ['type', 'address'] }),
  [C('NodeSystemInfo')]: obj({
    machineID: str('MachineID reported by the node. For unique machine identification in the cluster this field is preferred.'),
    systemUUID: str('SystemUUID reported by the node.'),
    bootID: str('Boot ID reported by the node.'),
    kernelVersion: str("Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
    osImage: str('OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    containerRuntimeVersion: str('ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
    kubeletVersion: str('Kubelet Version reported by the node.'),
    kubeProxyVersion: str('Deprecated: KubeProxy Version reported by the node.'),
    operatingSystem: str('The Operating System reported by the node'),
    architecture: str('The Architecture reported by the node'),
  }, 'NodeSystemInfo is a set of ids/uuids to uniquely identify the node.', {
    required: ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture'],
  }),
  [C('NodeDaemonEndpoints')]: obj({
    kubeletEndpoint: obj({ Port: int('Port number of the given endpoint.') }, 'Endpoint on which Kubelet is listening.', { required: ['Port'] }),
  }, 'NodeDaemonEndpoints lists ports opened by daemons running on the Node.'),
  [C('ContainerImage')]: obj({
    names: arr(str(), 'Names by which this image is known. e.g. ["kubernetes.example/hyperkube:v1.0.7", "cloud-vendor.registry.example/cloud-vendor/hyperkube:v1.0.7"]'),
    sizeBytes: int64('The size of the image in bytes.'),
  }, 'Describe a container image'),
  [C('NodeStatus')]: obj({
    capacity: resourceList('Capacity represents the total resources of a node.'),
    allocatable: resourceList('Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.'),
    phase: str('NodePhase is the recently observed lifecycle phase of the node. Deprecated and never populated.'),
    conditions: listMap(ref(C('NodeCondition')), 'type', 'Conditions is an array of current observed node conditions.'),
    addresses: listMap(ref(C('NodeAddress')), 'type', 'List of addresses reachable to the node. Queried from cloud provider, if available.'),
    daemonEndpoints: ref(C('NodeDaemonEndpoints'), 'Endpoints of daemons running on the Node.'),
    nodeInfo: ref(C('NodeSystemInfo'), 'Set of ids/uuids to uniquely identify the node.'),
    images: arr(ref(C('ContainerImage')), 'List of container images on this node'),
    volumesInUse: arr(str(), 'List of attachable volumes in use (mounted) by the node.'),
  }, 'NodeStatus is information about the current status of a node.'),
  [C('Node')]: kindSchema('', 'v1', 'Node', 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).', {
    spec: ref(C('NodeSpec'), 'Spec defines the behavior of a node.'),
    status: ref(C('NodeStatus'), 'Most recently observed status of the node. Populated by the system. Read-only.'),
  }),
};
