/** core/v1 Namespace, ConfigMap, Secret, ServiceAccount, Event, Binding and ObjectReference. */
import type { Schema, SchemaSet } from '../types.js';
import { arr, bool, enumOf, gvkName, int, listMap, mapOf, obj, ref, str, strMap, time } from '../dsl.js';
import { kindSchema } from './meta.js';

const C = (kind: string) => gvkName('', 'v1', kind);
const k = (kind: string, description: string, props: Record<string, Schema>, o: Partial<Schema> = {}) => kindSchema('', 'v1', kind, description, props, o);

export const miscSchemas: SchemaSet = {
  [C('ObjectReference')]: obj({
    kind: str('Kind of the referent.'),
    namespace: str('Namespace of the referent.'),
    name: str('Name of the referent.'),
    uid: str('UID of the referent.'),
    apiVersion: str('API version of the referent.'),
    resourceVersion: str('Specific resourceVersion to which this reference is made, if any.'),
    fieldPath: str('If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].'),
  }, 'ObjectReference contains enough information to let you inspect or modify the referred object.', { 'x-kubernetes-map-type': 'atomic' }),
  [C('NamespaceSpec')]: obj({
    finalizers: arr(str(), 'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.'),
  }, 'NamespaceSpec describes the attributes on a Namespace.'),
  [C('NamespaceCondition')]: obj({
    type: str('Type of namespace controller condition.'),
    status: enumOf(['False', 'True', 'Unknown'], 'Status of the condition, one of True, False, Unknown.'),
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    reason: str('Unique, one-word, CamelCase reason for the condition\'s last transition.'),
    message: str('Human-readable message indicating details about last transition.'),
  }, 'NamespaceCondition contains details about state of namespace.', { required: ['type', 'status'] }),
  [C('NamespaceStatus')]: obj({
    phase: enumOf(['Active', 'Terminating'], 'Phase is the current lifecycle phase of the namespace.'),
    conditions: listMap(ref(C('NamespaceCondition')), 'type', "Represents the latest available observations of a namespace's current state."),
  }, 'NamespaceStatus is information about the current status of a Namespace.'),
  [C('Namespace')]: k('Namespace', 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', {
    spec: ref(C('NamespaceSpec'), 'Spec defines the behavior of the Namespace.'),
    status: ref(C('NamespaceStatus'), 'Status describes the current status of a Namespace.'),
  }),
  [C('ConfigMap')]: k('ConfigMap', 'ConfigMap holds configuration data for pods to consume.', {
    data: strMap("Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field."),
    binaryData: mapOf({ type: 'string', format: 'byte' }, "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values are base64-encoded bytes."),
    immutable: bool('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.'),
  }),
  [C('Secret')]: k('Secret', 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', {
    data: mapOf({ type: 'string', format: 'byte' }, "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string."),
    stringData: strMap('stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values.'),
    type: str('Used to facilitate programmatic handling of secret data, e.g. Opaque, kubernetes.io/tls, kubernetes.io/dockerconfigjson, kubernetes.io/service-account-token.'),
    immutable: bool('Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). Defaulted to nil.'),
  }),
  [C('ServiceAccount')]: k('ServiceAccount', 'ServiceAccount binds together: a name, understood by users, and perhaps by peripheral systems, for an identity; a principal that can be authenticated and authorized; and a set of secrets.', {
    secrets: listMap(ref(C('ObjectReference')), 'name', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Deprecated for token use: prefer the TokenRequest API.'),
    imagePullSecrets: arr(ref(C('LocalObjectReference')), 'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.'),
    automountServiceAccountToken: bool('AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted. Can be overridden at the pod level.'),
  }),
  [C('EventSource')]: obj({
    component: str('Component from which the event is generated.'),
    host: str('Node name on which the event is generated.'),
  }, 'EventSource contains information for an event.'),
  [C('EventSeries')]: obj({
    count: int('Number of occurrences in this series up to the last heartbeat time'),
    lastObservedTime: { type: 'string', format: 'date-time', description: 'Time of the last occurrence observed' },
  }, 'EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.'),
  [C('Event')]: k('Event', 'Event is a report of an event somewhere in the cluster. Events have a limited retention time and triggers and messages may evolve with time.', {
    involvedObject: ref(C('ObjectReference'), 'The object that this event is about.'),
    reason: str('This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    message: str('A human-readable description of the status of this operation.'),
    source: ref(C('EventSource'), 'The component reporting this event. Should be a short machine understandable string.'),
    firstTimestamp: time('The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
    lastTimestamp: time('The time at which the most recent occurrence of this event was recorded.'),
    count: int('The number of times this event has occurred.'),
    type: str('Type of this event (Normal, Warning), new types could be added in the future'),
    eventTime: { type: 'string', format: 'date-time', description: 'Time when this Event was first observed.' },
    series: ref(C('EventSeries'), 'Data about the Event series this event represents or nil if it\'s a singleton Event.'),
    action: str('What action was taken/failed regarding to the Regarding object.'),
    related: ref(C('ObjectReference'), 'Optional secondary object for more complex actions.'),
    reportingComponent: str('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.'),
    reportingInstance: str('ID of the controller instance, e.g. `kubelet-xyzf`.'),
  }, { required: ['metadata', 'involvedObject'] }),
  [C('Binding')]: k('Binding', 'Binding ties one object to another; for example, a pod is bound to a node by a scheduler.', {
    target: ref(C('ObjectReference'), 'The target object that you want to bind to the standard object.'),
  }, { required: ['target'] }),
};

