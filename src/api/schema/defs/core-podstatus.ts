/** core/v1 PodStatus and ContainerStatus: what the node agent reports back. */
import type { SchemaSet } from '../types.js';
import { arr, bool, enumOf, gvkName, int, listMap, mapOf, obj, quantity, ref, str, time } from '../dsl.js';

const C = (kind: string) => gvkName('', 'v1', kind);
const ipEntry = (what: string) => obj({ ip: str(`IP is the IP address assigned to the ${what}.`) }, `${what} IP address information.`, { required: ['ip'] });

export const podStatusSchemas: SchemaSet = {
  [C('ContainerStateWaiting')]: obj({
    reason: str('(brief) reason the container is not yet running, e.g. ContainerCreating, ImagePullBackOff, CrashLoopBackOff.'),
    message: str('Message regarding why the container is not yet running.'),
  }, 'ContainerStateWaiting is a waiting state of a container.'),
  [C('ContainerStateRunning')]: obj({
    startedAt: time('Time at which the container was last (re-)started'),
  }, 'ContainerStateRunning is a running state of a container.'),
  [C('ContainerStateTerminated')]: obj({
    exitCode: int('Exit status from the last termination of the container'),
    signal: int('Signal from the last termination of the container'),
    reason: str('(brief) reason from the last termination of the container, e.g. Completed, Error, OOMKilled.'),
    message: str('Message regarding the last termination of the container'),
    startedAt: time('Time at which previous execution of the container started'),
    finishedAt: time('Time at which the container last terminated'),
    containerID: str("Container's ID in the format '<type>://<container_id>'"),
  }, 'ContainerStateTerminated is a terminated state of a container.', { required: ['exitCode'] }),
  [C('ContainerState')]: obj({
    waiting: ref(C('ContainerStateWaiting'), 'Details about a waiting container'),
    running: ref(C('ContainerStateRunning'), 'Details about a running container'),
    terminated: ref(C('ContainerStateTerminated'), 'Details about a terminated container'),
  }, 'ContainerState holds a possible state of container. Only one of its members may be specified. If none of them is specified, the default one is ContainerStateWaiting.'),
  [C('ContainerStatus')]: obj({
    name: str('Name is a DNS_LABEL representing the unique name of the container. Each container in a pod must have a unique name across all container types.'),
    state: ref(C('ContainerState'), "State holds details about the container's current condition."),
    lastState: ref(C('ContainerState'), "LastTerminationState holds the last termination state of the container, to help debug container crashes and restarts."),
    ready: bool('Ready specifies whether the container is currently passing its readiness check. The value will change as readiness probes keep executing.'),
    restartCount: int('RestartCount holds the number of times the container has been restarted. Kubelet makes an effort to always increment the value, but there are cases when the state may be lost.'),
    image: str('Image is the name of container image that the container is running.'),
    imageID: str("ImageID is the image ID of the container's image."),
    containerID: str("ContainerID is the ID of the container in the format '<type>://<container_id>'."),
    started: bool('Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.'),
    allocatedResources: mapOf(quantity(), 'AllocatedResources represents the compute resources allocated for this container by the node.'),
    resources: ref(C('ResourceRequirements'), 'Resources represents the compute resource requests and limits that have been successfully enacted on the running container.'),
  }, 'ContainerStatus contains details for the current status of this container.', { required: ['name', 'ready', 'restartCount', 'image', 'imageID'] }),
  [C('PodCondition')]: obj({
    type: str('Type is the type of the condition: PodScheduled, Initialized, ContainersReady, Ready or a readiness gate.'),
    status: enumOf(['False', 'True', 'Unknown'], 'Status is the status of the condition. Can be True, False, Unknown.'),
    lastProbeTime: time('Last time we probed the condition.'),
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
    message: str('Human-readable message indicating details about last transition.'),
  }, 'PodCondition contains details for the current condition of this pod.', { required: ['type', 'status'] }),
  [C('PodIP')]: ipEntry('pod'),
  [C('HostIP')]: ipEntry('host'),
  [C('PodStatus')]: obj({
    phase: enumOf(['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'], 'The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle: Pending, Running, Succeeded, Failed or Unknown.'),
    conditions: listMap(ref(C('PodCondition')), 'type', 'Current service state of pod.'),
    message: str('A human readable message indicating details about why the pod is in this condition.'),
    reason: str("A brief CamelCase message indicating details about why the pod is in this state, e.g. 'Evicted'"),
    nominatedNodeName: str('nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.'),
    hostIP: str('hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has not started yet.'),
    hostIPs: listMap(ref(C('HostIP')), 'ip', 'hostIPs holds the IP addresses allocated to the host. If this field is specified, the first entry must match the hostIP field.', { strategy: 'merge' }),
    podIP: str('podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
    podIPs: listMap(ref(C('PodIP')), 'ip', 'podIPs holds the IP addresses allocated to the pod. If this field is specified, the 0th entry must match the podIP field.'),
    startTime: time('RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod.'),
    initContainerStatuses: arr(ref(C('ContainerStatus')), 'The list has one entry per init container in the manifest. The most recent successful init container will have ready = true.'),
    containerStatuses: arr(ref(C('ContainerStatus')), 'The list has one entry per container in the manifest.'),
    ephemeralContainerStatuses: arr(ref(C('ContainerStatus')), 'Status for any ephemeral containers that have run in this pod.'),
    qosClass: enumOf(['BestEffort', 'Burstable', 'Guaranteed'], "The Quality of Service (QOS) classification assigned to the pod based on resource requirements."),
    resize: str('Status of resources resize desired for pod\'s containers.'),
  }, 'PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.'),
};
