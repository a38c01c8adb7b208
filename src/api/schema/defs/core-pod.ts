/** core/v1 PodSpec, Pod, PodTemplateSpec and PodTemplate. */
import type { SchemaSet } from '../types.js';
import { arr, bool, enumOf, gvkName, int, int64, listMap, mapOf, obj, objectMetaRef, quantity, ref, str, strMap } from '../dsl.js';
import { containerSchemas } from './core-container.js';
import { kindSchema } from './meta.js';

const C = (kind: string) => gvkName('', 'v1', kind);
const container = containerSchemas[C('Container')]!;

const podSecurityContext = obj({
  runAsUser: int64('The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified.'),
  runAsGroup: int64('The GID to run the entrypoint of the container process. Uses runtime default if unset.'),
  runAsNonRoot: bool('Indicates that the container must run as a non-root user.'),
  fsGroup: int64('A special supplemental group that applies to all containers in a pod. Volumes that support ownership management are owned and writable by this GID.'),
  fsGroupChangePolicy: enumOf(['Always', 'OnRootMismatch'], 'fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod.'),
  supplementalGroups: arr(int64(), "A list of groups applied to the first process run in each container, in addition to the container's primary GID."),
  seLinuxOptions: ref(C('SELinuxOptions'), 'The SELinux context to be applied to all containers.'),
  seccompProfile: ref(C('SeccompProfile'), 'The seccomp options to use by the containers in this pod.'),
  sysctls: arr(obj({ name: str('Name of a property to set'), value: str('Value of a property to set') }, 'Sysctl defines a kernel parameter to be set', { required: ['name', 'value'] }), 'Sysctls hold a list of namespaced sysctls used for the pod.'),
}, 'PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext; field values of container.securityContext take precedence.');

const podSpec = obj({
  volumes: listMap(ref(C('Volume')), 'name', 'List of volumes that can be mounted by containers belonging to the pod.', { strategy: 'merge,retainKeys' }),
  initContainers: listMap(ref(C('Container')), 'name', 'List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started; if any fails, the pod is considered to have failed and is handled according to its restartPolicy.'),
  containers: listMap(ref(C('Container')), 'name', 'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.'),
  ephemeralContainers: listMap(ref(C('EphemeralContainer')), 'name', "List of ephemeral containers run in this pod to perform user-initiated actions such as debugging. This list cannot be specified when creating a pod; it is updated through the pod's ephemeralcontainers subresource."),
  restartPolicy: enumOf(['Always', 'Never', 'OnFailure'], 'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.'),
  terminationGracePeriodSeconds: int64('Optional duration in seconds the pod needs to terminate gracefully. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal. Defaults to 30 seconds.'),
  activeDeadlineSeconds: int64('Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.'),
  dnsPolicy: enumOf(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'], "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'."),
  nodeSelector: { ...strMap("NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."), 'x-kubernetes-map-type': 'atomic' },
  serviceAccountName: str('ServiceAccountName is the name of the ServiceAccount to use to run this pod.'),
  serviceAccount: str('DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.'),
  automountServiceAccountToken: bool('AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.'),
  nodeName: str('NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once set, the node is responsible for the pod.'),
  hostNetwork: bool("Host networking requested for this pod. Use the host's network namespace. Default to false."),
  hostPID: bool("Use the host's pid namespace. Optional: Default to false."),
  hostIPC: bool("Use the host's ipc namespace. Optional: Default to false."),
  shareProcessNamespace: bool('Share a single process namespace between all of the containers in a pod. HostPID and ShareProcessNamespace cannot both be set. Optional: Default to false.'),
  securityContext: ref(C('PodSecurityContext'), 'SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.'),
  imagePullSecrets: listMap(ref(C('LocalObjectReference')), 'name', 'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.'),
  hostname: str("Specifies the hostname of the Pod. If not specified, the pod's hostname will be set to a system-defined value."),
  subdomain: str('If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".'),
  affinity: ref(C('Affinity'), "If specified, the pod's scheduling constraints"),
  schedulerName: str('If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.'),
  tolerations: arr(ref(C('Toleration')), "If specified, the pod's tolerations."),
  hostAliases: listMap(ref(C('HostAlias')), 'ip', "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified."),
  priorityClassName: str('If specified, indicates the pod\'s priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities.'),
  priority: int('The priority value. Various system components use this field to find the priority of the pod. The higher the value, the higher the priority.'),
  preemptionPolicy: enumOf(['Never', 'PreemptLowerPriority'], 'PreemptionPolicy is the Policy for preempting pods with lower priority. Defaults to PreemptLowerPriority if unset.'),
  dnsConfig: ref(C('PodDNSConfig'), 'Specifies the DNS parameters of a pod. Parameters specified here will be merged to the generated DNS configuration based on DNSPolicy.'),
  readinessGates: arr(ref(C('PodReadinessGate')), 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True".'),
  runtimeClassName: str('RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.'),
  enableServiceLinks: bool("EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true."),
  overhead: mapOf(quantity(), 'Overhead represents the resource overhead associated with running a pod for a given RuntimeClass.'),
  topologySpreadConstraints: listMap(ref(C('TopologySpreadConstraint')), 'topologyKey', 'TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.', { mapKeys: ['topologyKey', 'whenUnsatisfiable'] }),
  setHostnameAsFQDN: bool("If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default)."),
  os: obj({ name: str('Name is the name of the operating system. The currently supported values are linux and windows.') }, 'Specifies the OS of the containers in the pod.', { required: ['name'] }),
  hostUsers: bool('Use the host\'s user namespace. Optional: Default to true.'),
  schedulingGates: listMap(obj({ name: str('Name of the scheduling gate. Each scheduling gate must have a unique name field.') }, 'PodSchedulingGate is associated to a Pod to guard its scheduling.', { required: ['name'] }), 'name',
    'SchedulingGates is an opaque list of values that if specified will block scheduling the pod. If schedulingGates is not empty, the pod will stay in the SchedulingGated state.'),
}, 'PodSpec is a description of a pod.', { required: ['containers'] });

export const podSchemas: SchemaSet = {
  [C('LocalObjectReference')]: obj({
    name: str('Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty.'),
  }, 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', { 'x-kubernetes-map-type': 'atomic' }),
  [C('PodSecurityContext')]: podSecurityContext,
  [C('HostAlias')]: obj({
    ip: str('IP address of the host file entry.'),
    hostnames: arr(str(), 'Hostnames for the above IP address.'),
  }, 'HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod\'s hosts file.', { required: ['ip'] }),
  [C('PodDNSConfig')]: obj({
    nameservers: arr(str(), 'A list of DNS name server IP addresses. This will be appended to the base nameservers generated from DNSPolicy.'),
    searches: arr(str(), 'A list of DNS search domains for host-name lookup. This will be appended to the base search paths generated from DNSPolicy.'),
    options: arr(obj({ name: str('Name is this DNS resolver option\'s name. Required.'), value: str("Value is this DNS resolver option's value.") }, 'PodDNSConfigOption defines DNS resolver options of a pod.'), 'A list of DNS resolver options. This will be merged with the base options generated from DNSPolicy.'),
  }, 'PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.'),
  [C('PodReadinessGate')]: obj({
    conditionType: str("ConditionType refers to a condition in the pod's condition list with matching type."),
  }, 'PodReadinessGate contains the reference to a pod condition', { required: ['conditionType'] }),
  [C('EphemeralContainer')]: {
    ...container,
    properties: {
      ...container.properties,
      targetContainerName: str('If set, the name of the container from PodSpec that this ephemeral container targets. The ephemeral container will be run in the namespaces (IPC, PID, etc) of this container.'),
    },
    description: 'An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging. Ephemeral containers have no resource or scheduling guarantees, and they will not be restarted when they exit.',
  },
  [C('PodSpec')]: podSpec,
  [C('Pod')]: kindSchema('', 'v1', 'Pod', 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', {
    spec: ref(C('PodSpec'), 'Specification of the desired behavior of the pod.'),
    status: ref(C('PodStatus'), 'Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only.'),
  }),
  [C('PodTemplateSpec')]: obj({
    metadata: objectMetaRef("Standard object's metadata."),
    spec: ref(C('PodSpec'), 'Specification of the desired behavior of the pod.'),
  }, 'PodTemplateSpec describes the data a pod should have when created from a template'),
  [C('PodTemplate')]: kindSchema('', 'v1', 'PodTemplate', 'PodTemplate describes a template for creating copies of a predefined pod.', {
    template: ref(C('PodTemplateSpec'), 'Template defines the pods that will be created from this pod template.'),
  }),
};
