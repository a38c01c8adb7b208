/** discovery.k8s.io/v1 schemas: EndpointSlice. Note the kind has no spec: its fields are top-level. */
import { arr, bool, gvkName, int, obj, objectMetaRef, ref, str, strMap } from '../dsl.js';
import type { SchemaSet } from '../types.js';

const n = (k: string) => gvkName('discovery.k8s.io', 'v1', k);
const forZone = obj({ name: str('name represents the name of the zone.') }, 'ForZone provides information about which zones should consume this endpoint.', { required: ['name'] });

export const discoverySchemas: SchemaSet = {
  [n('EndpointSlice')]: obj({
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: objectMetaRef(),
    addressType: str('addressType specifies the type of address carried by this EndpointSlice: IPv4, IPv6 or FQDN. Immutable.'),
    endpoints: arr(ref(n('Endpoint')), 'endpoints is a list of unique endpoints in this slice.'),
    ports: arr(ref(n('EndpointPort')), 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
  }, 'EndpointSlice represents a subset of the endpoints that implement a service.', {
    required: ['addressType', 'endpoints'],
    'x-kubernetes-group-version-kind': [{ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' }],
  }),
  [n('Endpoint')]: obj({
    addresses: { ...arr(str(), 'addresses of this endpoint.'), 'x-kubernetes-list-type': 'set' },
    conditions: obj({
      ready: bool('ready indicates that this endpoint is ready to receive traffic.'),
      serving: bool('serving indicates that this endpoint is able to receive traffic.'),
      terminating: bool('terminating indicates that this endpoint is terminating.'),
    }, 'conditions contains information about the current status of the endpoint.'),
    hostname: str('hostname of this endpoint.'),
    targetRef: ref('io.k8s.api.core.v1.ObjectReference', 'targetRef is a reference to a Kubernetes object that represents this endpoint.'),
    deprecatedTopology: strMap('deprecatedTopology contains topology information part of the v1beta1 API.'),
    nodeName: str('nodeName represents the name of the Node hosting this endpoint.'),
    zone: str('zone is the name of the Zone this endpoint exists in.'),
    hints: obj({ forZones: arr(forZone, 'forZones indicates the zone(s) this endpoint should be consumed by.') },
      'hints contains information associated with how an endpoint should be consumed.'),
  }, 'Endpoint represents a single logical "backend" implementing a service.', { required: ['addresses'] }),
  [n('EndpointPort')]: obj({
    name: str('name represents the name of this port.'),
    protocol: str('protocol represents the IP protocol for this port: TCP, UDP or SCTP. Default is TCP.'),
    port: int('port represents the port number of the endpoint.'),
    appProtocol: str('The application protocol for this port.'),
  }, 'EndpointPort represents a Port used by an EndpointSlice.', { 'x-kubernetes-map-type': 'atomic' }),
};
