/** core/v1 Service and Endpoints. */
import type { SchemaSet } from '../types.js';
import { META, arr, bool, enumOf, gvkName, int, intOrString, listMap, obj, ref, str, strMap } from '../dsl.js';
import { kindSchema } from './meta.js';

const C = (kind: string) => gvkName('', 'v1', kind);
const protocol = enumOf(['SCTP', 'TCP', 'UDP'], 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.');

export const serviceSchemas: SchemaSet = {
  [C('ServicePort')]: obj({
    name: str('The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. Optional if only one ServicePort is defined on this service.'),
    // A list-map key: server-side apply matches an applied port without protocol to the live TCP one.
    protocol: { ...protocol, default: 'TCP' },
    appProtocol: str('The application protocol for this port, used as a hint for implementations.'),
    port: int('The port that will be exposed by this service.'),
    targetPort: intOrString("Number or name of the port to access on the pods targeted by the service. A name is looked up as a named port in the target Pod's container ports. Defaults to the value of the 'port' field."),
    nodePort: int('The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system; if specified, it must be in range and unused.'),
  }, "ServicePort contains information on service's port.", { required: ['port'] }),
  [C('SessionAffinityConfig')]: obj({
    clientIP: obj({ timeoutSeconds: int('timeoutSeconds specifies the seconds of ClientIP type session sticky time. The value must be >0 && <=86400 (for 1 day). Default value is 10800 (for 3 hours).') },
      'clientIP contains the configurations of Client IP based session affinity.'),
  }, 'SessionAffinityConfig represents the configurations of session affinity.'),
  [C('ServiceSpec')]: obj({
    ports: listMap(ref(C('ServicePort')), 'port', 'The list of ports that are exposed by this service.', { mapKeys: ['port', 'protocol'] }),
    selector: { ...strMap('Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints. Ignored if type is ExternalName.'), 'x-kubernetes-map-type': 'atomic' },
    clusterIP: str('clusterIP is the IP address of the service and is usually assigned randomly. "None" makes a headless service. This field may not be changed through updates unless the type field is also being changed to ExternalName.'),
    clusterIPs: arr(str(), 'ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly. The first entry must match clusterIP.'),
    type: enumOf(['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'], 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
    externalIPs: arr(str(), 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service. These IPs are not managed by Kubernetes.'),
    sessionAffinity: enumOf(['ClientIP', 'None'], 'Supports "ClientIP" and "None". Used to maintain session affinity. Must be ClientIP or None. Defaults to None.'),
    loadBalancerIP: str('Only applies to Service Type: LoadBalancer. Deprecated: the field was under-specified and its meaning varies across implementations.'),
    loadBalancerSourceRanges: arr(str(), 'If specified and supported by the platform, traffic through the load-balancer will be restricted to the specified client IPs.'),
    externalName: str('externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). Must be a lowercase RFC-1123 hostname and requires type to be "ExternalName".'),
    externalTrafficPolicy: enumOf(['Cluster', 'Local'], 'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs).'),
    healthCheckNodePort: int('healthCheckNodePort specifies the healthcheck nodePort for the service. Only applies when type is LoadBalancer and externalTrafficPolicy is Local.'),
    publishNotReadyAddresses: bool("publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready."),
    sessionAffinityConfig: ref(C('SessionAffinityConfig'), 'sessionAffinityConfig contains the configurations of session affinity.'),
    ipFamilies: arr(enumOf(['IPv4', 'IPv6']), 'IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service. This field is usually assigned automatically based on cluster configuration and the ipFamilyPolicy field.'),
    ipFamilyPolicy: enumOf(['PreferDualStack', 'RequireDualStack', 'SingleStack'], 'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service. Defaults to SingleStack.'),
    allocateLoadBalancerNodePorts: bool('allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer. Default is "true".'),
    loadBalancerClass: str('loadBalancerClass is the class of the load balancer implementation this Service belongs to.'),
    internalTrafficPolicy: enumOf(['Cluster', 'Local'], 'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP. Defaults to Cluster.'),
    trafficDistribution: str('TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.'),
  }, 'ServiceSpec describes the attributes that a user creates on a service.'),
  [C('PortStatus')]: obj({
    port: int('Port is the port number of the service port of which status is recorded here'),
    protocol,
    error: str('Error is to record the problem with the service port, in CamelCase.'),
  }, 'PortStatus represents the error condition of a service port', { required: ['port', 'protocol'] }),
  [C('LoadBalancerIngress')]: obj({
    ip: str('IP is set for load-balancer ingress points that are IP based.'),
    hostname: str('Hostname is set for load-balancer ingress points that are DNS based.'),
    ipMode: enumOf(['Proxy', 'VIP'], 'IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified.'),
    ports: arr(ref(C('PortStatus')), 'Ports is a list of records of service ports. If used, every port defined in the service should have an entry in it.'),
  }, 'LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.'),
  [C('LoadBalancerStatus')]: obj({
    ingress: arr(ref(C('LoadBalancerIngress')), 'Ingress is a list containing ingress points for the load-balancer.'),
  }, 'LoadBalancerStatus represents the status of a load-balancer.'),
  [C('ServiceStatus')]: obj({
    loadBalancer: ref(C('LoadBalancerStatus'), 'LoadBalancer contains the current status of the load-balancer, if one is present.'),
    conditions: listMap(ref(`${META}.Condition`), 'type', 'Current service state'),
  }, 'ServiceStatus represents the current status of a service.'),
  [C('Service')]: kindSchema('', 'v1', 'Service', 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', {
    spec: ref(C('ServiceSpec'), 'Spec defines the behavior of a service.'),
    status: ref(C('ServiceStatus'), 'Most recently observed status of the service. Populated by the system. Read-only.'),
  }),
  [C('EndpointAddress')]: obj({
    ip: str('The IP of this endpoint. May not be loopback (127.0.0.0/8 or ::1), link-local or link-local multicast.'),
    hostname: str('The Hostname of this endpoint'),
    nodeName: str('Optional: Node hosting this endpoint. This can be used to determine endpoints local to a node.'),
    targetRef: ref(C('ObjectReference'), 'Reference to object providing the endpoint.'),
  }, 'EndpointAddress is a tuple that describes single IP address.', { required: ['ip'], 'x-kubernetes-map-type': 'atomic' }),
  [C('EndpointPort')]: obj({
    name: str('The name of this port. This must match the \'name\' field in the corresponding ServicePort. Optional only if one port is defined.'),
    port: int('The port number of the endpoint.'),
    protocol,
    appProtocol: str('The application protocol for this port.'),
  }, 'EndpointPort is a tuple that describes a single port.', { required: ['port'], 'x-kubernetes-map-type': 'atomic' }),
  [C('EndpointSubset')]: obj({
    addresses: arr(ref(C('EndpointAddress')), 'IP addresses which offer the related ports that are marked as ready. These endpoints should be considered safe for load balancers and clients to utilize.'),
    notReadyAddresses: arr(ref(C('EndpointAddress')), 'IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.'),
    ports: arr(ref(C('EndpointPort')), 'Port numbers available on the related IP addresses.'),
  }, 'EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints is the Cartesian product of Addresses x Ports.'),
  [C('Endpoints')]: kindSchema('', 'v1', 'Endpoints', 'Endpoints is a collection of endpoints that implement the actual service.', {
    subsets: arr(ref(C('EndpointSubset')), 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share.'),
  }),
};
