/** core/v1 Container and the types it embeds (ports, env, resources, probes, lifecycle, security). */
import type { SchemaSet } from '../types.js';
import { arr, bool, enumOf, gvkName, int, int64, intOrString, listMap, mapOf, obj, quantity, ref, str } from '../dsl.js';

const C = (kind: string) => gvkName('', 'v1', kind);
const resourceList = (d: string) => mapOf(quantity(), d);

const keySelector = (what: string) => obj({
  name: str(`Name of the ${what}.`),
  key: str(`The key of the ${what} to select.`),
  optional: bool(`Specify whether the ${what} or its key must be defined.`),
}, `Selects a key from a ${what}.`, { required: ['key'], 'x-kubernetes-map-type': 'atomic' });

const handler = obj({
  exec: ref(C('ExecAction'), 'Exec specifies a command to execute in the container.'),
  httpGet: ref(C('HTTPGetAction'), 'HTTPGet specifies an HTTP GET request to perform.'),
  tcpSocket: ref(C('TCPSocketAction'), 'TCPSocket specifies a connection to a TCP port.'),
  sleep: obj({ seconds: int64('Seconds is the number of seconds to sleep.') }, 'Sleep represents a duration that the container should sleep.', { required: ['seconds'] }),
}, 'LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket, must be specified.');

export const containerSchemas: SchemaSet = {
  [C('ContainerPort')]: obj({
    name: str('If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name.'),
    containerPort: int("Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."),
    hostPort: int('Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. Most containers do not need this.'),
    hostIP: str('What host IP to bind the external port to.'),
    protocol: enumOf(['SCTP', 'TCP', 'UDP'], 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'),
  }, 'ContainerPort represents a network port in a single container.', { required: ['containerPort'] }),
  [C('ConfigMapKeySelector')]: keySelector('ConfigMap'),
  [C('SecretKeySelector')]: keySelector('Secret'),
  [C('ObjectFieldSelector')]: obj({
    apiVersion: str('Version of the schema the FieldPath is written in terms of, defaults to "v1".'),
    fieldPath: str('Path of the field to select in the specified API version.'),
  }, 'ObjectFieldSelector selects an APIVersioned field of an object.', { required: ['fieldPath'], 'x-kubernetes-map-type': 'atomic' }),
  [C('ResourceFieldSelector')]: obj({
    containerName: str('Container name: required for volumes, optional for env vars.'),
    resource: str('Required: resource to select, e.g. limits.cpu or requests.memory.'),
    divisor: quantity('Specifies the output format of the exposed resources, defaults to "1".'),
  }, 'ResourceFieldSelector represents container resources (cpu, memory) and their output format.', { required: ['resource'], 'x-kubernetes-map-type': 'atomic' }),
  [C('EnvVarSource')]: obj({
    fieldRef: ref(C('ObjectFieldSelector'), "Selects a field of the pod: metadata.name, metadata.namespace, metadata.labels['<KEY>'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs."),
    resourceFieldRef: ref(C('ResourceFieldSelector'), 'Selects a resource of the container: only resources limits and requests are currently supported.'),
    configMapKeyRef: ref(C('ConfigMapKeySelector'), 'Selects a key of a ConfigMap.'),
    secretKeyRef: ref(C('SecretKeySelector'), "Selects a key of a secret in the pod's namespace."),
  }, 'EnvVarSource represents a source for the value of an EnvVar.'),
  [C('EnvVar')]: obj({
    name: str('Name of the environment variable.'),
    value: str('Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. Defaults to "".'),
    valueFrom: ref(C('EnvVarSource'), "Source for the environment variable's value. Cannot be used if value is not empty."),
  }, 'EnvVar represents an environment variable present in a Container.', { required: ['name'] }),
  [C('EnvFromSource')]: obj({
    prefix: str('An optional identifier to prepend to each key in the ConfigMap or Secret.'),
    configMapRef: obj({ name: str('Name of the referent.'), optional: bool('Specify whether the ConfigMap must be defined.') }, 'The ConfigMap to select from.'),
    secretRef: obj({ name: str('Name of the referent.'), optional: bool('Specify whether the Secret must be defined.') }, 'The Secret to select from.'),
  }, 'EnvFromSource represents the source of a set of ConfigMaps or Secrets.'),
  [C('ResourceRequirements')]: obj({
    limits: resourceList('Limits describes the maximum amount of compute resources allowed.'),
    requests: resourceList('Requests describes the minimum amount of compute resources required. If omitted for a container, it defaults to Limits if that is explicitly specified.'),
    claims: listMap(obj({ name: str('Name must match the name of one entry in pod.spec.resourceClaims.'), request: str('Request is the name chosen for a request in the referenced claim.') }), 'name',
      'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.', { mapKeys: ['name'] }),
  }, 'ResourceRequirements describes the compute resource requirements.'),
  [C('ExecAction')]: obj({
    command: arr(str(), "Command is the command line to execute inside the container; it is not run in a shell. Exit status 0 is treated as live/healthy and non-zero is unhealthy."),
  }, 'ExecAction describes a "run in container" action.'),
  [C('HTTPGetAction')]: obj({
    path: str('Path to access on the HTTP server.'),
    port: intOrString('Name or number of the port to access on the container. Number must be in the range 1 to 65535.'),
    host: str('Host name to connect to, defaults to the pod IP.'),
    scheme: enumOf(['HTTP', 'HTTPS'], 'Scheme to use for connecting to the host. Defaults to HTTP.'),
    httpHeaders: arr(obj({ name: str('The header field name.'), value: str('The header field value.') }, 'HTTPHeader describes a custom header to be used in HTTP probes', { required: ['name', 'value'] }), 'Custom headers to set in the request. HTTP allows repeated headers.'),
  }, 'HTTPGetAction describes an action based on HTTP Get requests.', { required: ['port'] }),
  [C('TCPSocketAction')]: obj({
    port: intOrString('Number or name of the port to access on the container. Number must be in the range 1 to 65535.'),
    host: str('Optional: Host name to connect to, defaults to the pod IP.'),
  }, 'TCPSocketAction describes an action based on opening a socket.', { required: ['port'] }),
  [C('Probe')]: obj({
    exec: ref(C('ExecAction'), 'Exec specifies a command to execute in the container.'),
    httpGet: ref(C('HTTPGetAction'), 'HTTPGet specifies an HTTP GET request to perform.'),
    tcpSocket: ref(C('TCPSocketAction'), 'TCPSocket specifies a connection to a TCP port.'),
    grpc: obj({ port: int('Port number of the gRPC service. Number must be in the range 1 to 65535.'), service: str('Service is the name of the service to place in the gRPC HealthCheckRequest.') }, 'GRPC specifies a GRPC HealthCheckRequest.', { required: ['port'] }),
    initialDelaySeconds: int('Number of seconds after the container has started before liveness probes are initiated.'),
    timeoutSeconds: int('Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1.'),
    periodSeconds: int('How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.'),
    successThreshold: int('Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup.'),
    failureThreshold: int('Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.'),
    terminationGracePeriodSeconds: int64('Optional duration in seconds the pod needs to terminate gracefully upon probe failure.'),
  }, 'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.'),
  [C('LifecycleHandler')]: handler,
  [C('Lifecycle')]: obj({
    postStart: ref(C('LifecycleHandler'), 'PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy.'),
    preStop: ref(C('LifecycleHandler'), 'PreStop is called immediately before a container is terminated due to an API request or management event. The grace period countdown begins before the hook runs.'),
    stopSignal: str('StopSignal defines which signal will be sent to a container when it is being stopped.'),
  }, 'Lifecycle describes actions that the management system should take in response to container lifecycle events.'),
  [C('Capabilities')]: obj({
    add: arr(str(), 'Added capabilities'),
    drop: arr(str(), 'Removed capabilities'),
  }, 'Adds and removes POSIX capabilities from running containers.'),
  [C('SELinuxOptions')]: obj({
    user: str('User is a SELinux user label that applies to the container.'),
    role: str('Role is a SELinux role label that applies to the container.'),
    type: str('Type is a SELinux type label that applies to the container.'),
    level: str('Level is SELinux level label that applies to the container.'),
  }, 'SELinuxOptions are the labels to be applied to the container'),
  [C('SeccompProfile')]: obj({
    type: enumOf(['Localhost', 'RuntimeDefault', 'Unconfined'], 'type indicates which kind of seccomp profile will be applied.'),
    localhostProfile: str("localhostProfile indicates a profile defined in a file on the node should be used, relative to the kubelet's seccomp profile location."),
  }, 'SeccompProfile defines a pod/container\'s seccomp profile settings. Only one profile source may be set.', { required: ['type'] }),
  [C('SecurityContext')]: obj({
    capabilities: ref(C('Capabilities'), 'The capabilities to add/drop when running containers. Defaults to the default set of capabilities granted by the container runtime.'),
    privileged: bool('Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false.'),
    seLinuxOptions: ref(C('SELinuxOptions'), 'The SELinux context to be applied to the container.'),
    runAsUser: int64('The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified.'),
    runAsGroup: int64('The GID to run the entrypoint of the container process. Uses runtime default if unset.'),
    runAsNonRoot: bool('Indicates that the container must run as a non-root user. If true, the kubelet validates the image at runtime to ensure that it does not run as UID 0.'),
    readOnlyRootFilesystem: bool('Whether this container has a read-only root filesystem. Default is false.'),
    allowPrivilegeEscalation: bool('AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process (sets no_new_privs).'),
    procMount: str('procMount denotes the type of proc mount to use for the containers. The default is DefaultProcMount.'),
    seccompProfile: ref(C('SeccompProfile'), 'The seccomp options to use by this container.'),
  }, 'SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext; the container value takes precedence.'),
  [C('VolumeMount')]: obj({
    name: str('This must match the Name of a Volume.'),
    mountPath: str("Path within the container at which the volume should be mounted. Must not contain ':'."),
    subPath: str("Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."),
    subPathExpr: str('Expanded path within the volume from which the container\'s volume should be mounted; $(VAR_NAME) references are expanded using the container\'s environment.'),
    readOnly: bool('Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.'),
    recursiveReadOnly: str('RecursiveReadOnly specifies whether read-only mounts should be handled recursively: Disabled, IfPossible or Enabled.'),
    mountPropagation: str('mountPropagation determines how mounts are propagated from the host to container and the other way around: None, HostToContainer or Bidirectional.'),
  }, 'VolumeMount describes a mounting of a Volume within a container.', { required: ['name', 'mountPath'] }),
  [C('VolumeDevice')]: obj({
    name: str('name must match the name of a persistentVolumeClaim in the pod'),
    devicePath: str('devicePath is the path inside of the container that the device will be mapped to.'),
  }, 'volumeDevice describes a mapping of a raw block device within a container.', { required: ['name', 'devicePath'] }),
  [C('Container')]: obj({
    name: str('Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name. Cannot be updated.'),
    image: str('Container image name. This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.'),
    command: arr(str(), "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. $(VAR_NAME) references are expanded using the container's environment. Cannot be updated."),
    args: arr(str(), "Arguments to the entrypoint. The container image's CMD is used if this is not provided. $(VAR_NAME) references are expanded using the container's environment. Cannot be updated."),
    workingDir: str("Container's working directory. If not specified, the container runtime's default will be used. Cannot be updated."),
    ports: listMap(ref(C('ContainerPort')), 'containerPort', 'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Cannot be updated.', { mapKeys: ['containerPort', 'protocol'] }),
    envFrom: arr(ref(C('EnvFromSource')), 'List of sources to populate environment variables in the container. Keys from later sources win; values defined by an Env with a duplicate key take precedence. Cannot be updated.'),
    env: listMap(ref(C('EnvVar')), 'name', 'List of environment variables to set in the container. Cannot be updated.'),
    resources: ref(C('ResourceRequirements'), 'Compute Resources required by this container. Cannot be updated.'),
    restartPolicy: str('RestartPolicy defines the restart behavior of individual containers in a pod. The only allowed value is "Always", for init containers only (sidecars).'),
    volumeMounts: listMap(ref(C('VolumeMount')), 'mountPath', "Pod volumes to mount into the container's filesystem. Cannot be updated."),
    volumeDevices: listMap(ref(C('VolumeDevice')), 'devicePath', 'volumeDevices is the list of block devices to be used by the container.'),
    livenessProbe: ref(C('Probe'), 'Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated.'),
    readinessProbe: ref(C('Probe'), 'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated.'),
    startupProbe: ref(C('Probe'), 'StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully.'),
    lifecycle: ref(C('Lifecycle'), 'Actions that the management system should take in response to container lifecycle events. Cannot be updated.'),
    terminationMessagePath: str("Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Defaults to /dev/termination-log. Cannot be updated."),
    terminationMessagePolicy: enumOf(['FallbackToLogsOnError', 'File'], 'Indicate how the termination message should be populated. File will use the contents of terminationMessagePath; FallbackToLogsOnError uses the last chunk of the log output on error. Defaults to File. Cannot be updated.'),
    imagePullPolicy: enumOf(['Always', 'IfNotPresent', 'Never'], 'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated.'),
    securityContext: ref(C('SecurityContext'), 'SecurityContext defines the security options the container should be run with. Overrides values from PodSecurityContext.'),
    stdin: bool('Whether this container should allocate a buffer for stdin in the container runtime. Default is false.'),
    stdinOnce: bool('Whether the container runtime should close the stdin channel after it has been opened by a single attach. Default is false.'),
    tty: bool("Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false."),
  }, 'A single application container that you want to run within a pod.', { required: ['name'] }),
};
