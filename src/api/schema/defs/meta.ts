/**
 * Schemas of meta/v1 (apimachinery) types shared by every kind, plus `kindSchema`, the envelope
 * (apiVersion, kind, metadata, GVK extension) each top-level kind schema is built from.
 * Descriptions are what `kubectl explain` prints, so they are short and state semantics.
 */
import type { Schema, SchemaSet } from '../types.js';
import { META, anyObj, arr, bool, int, int64, listMap, obj, objectMetaRef, ref, set, str, strMap, time } from '../dsl.js';

const M = (kind: string) => `${META}.${kind}`;

/** apiVersion, kind and metadata with the GVK extension; `props` adds spec/status/data. */
export function kindSchema(group: string, version: string, kind: string, description: string, props: Record<string, Schema>, o: Partial<Schema> = {}): Schema {
  return {
    ...obj({
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.'),
      kind: str('Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.'),
      metadata: objectMetaRef("Standard object's metadata."),
      ...props,
    }, description, o),
    'x-kubernetes-group-version-kind': [{ group, version, kind }],
  };
}

const ownerReference = obj({
  apiVersion: str('API version of the referent.'),
  kind: str('Kind of the referent.'),
  name: str('Name of the referent.'),
  uid: str('UID of the referent.'),
  controller: bool('If true, this reference points to the managing controller.'),
  blockOwnerDeletion: bool('If true, and the owner has the "foregroundDeletion" finalizer, the owner cannot be deleted from the key-value store until this reference is removed.'),
}, 'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.',
{ required: ['apiVersion', 'kind', 'name', 'uid'], 'x-kubernetes-map-type': 'atomic' });

const objectMeta = obj({
  name: str('Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Cannot be updated.'),
  generateName: str('GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.'),
  namespace: str('Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace. Cannot be updated.'),
  uid: str('UID is the unique in time and space value for this object. It is populated by the system and read-only.'),
  resourceVersion: str('An opaque value that represents the internal version of this object, used for optimistic concurrency, change detection, and watch. Clients must treat it as opaque. Read-only.'),
  generation: int64('A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.'),
  creationTimestamp: time('CreationTimestamp is a timestamp representing the server time when this object was created. Set by the system. Read-only. Null for lists.'),
  deletionTimestamp: time('DeletionTimestamp is the RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested. Read-only.'),
  deletionGracePeriodSeconds: int64('Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. Read-only.'),
  labels: strMap('Map of string keys and values that can be used to organize and categorize (scope and select) objects.'),
  annotations: strMap('Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable.'),
  ownerReferences: listMap(ref(M('OwnerReference')), 'uid', 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.'),
  finalizers: set(str(), 'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.'),
  managedFields: arr(ref(M('ManagedFieldsEntry')), 'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping.'),
}, 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.');

const requirement = obj({
  key: str('key is the label key that the selector applies to.'),
  operator: str("operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist."),
  values: arr(str(), 'values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.'),
}, 'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.', { required: ['key', 'operator'] });

const statusCause = obj({
  reason: str('A machine-readable description of the cause of the error. If this value is empty there is no information available.'),
  message: str('A human-readable description of the cause of the error.'),
  field: str('The field of the resource that has caused this error, as named by its JSON serialization, e.g. "spec.containers[0].image".'),
}, 'StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.');

const statusDetails = obj({
  name: str('The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).'),
  group: str('The group attribute of the resource associated with the status StatusReason.'),
  kind: str('The kind attribute of the resource associated with the status StatusReason.'),
  uid: str('UID of the resource.'),
  causes: arr(ref(M('StatusCause')), 'The Causes array includes more details associated with the StatusReason failure.'),
  retryAfterSeconds: int('If specified, the time in seconds before the operation should be retried.'),
}, 'StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.');

export const metaSchemas: SchemaSet = {
  [M('Time')]: { type: 'string', format: 'date-time', description: 'Time is a timestamp serialized as an RFC 3339 string, e.g. 2024-01-02T15:04:05Z.' },
  [M('MicroTime')]: { type: 'string', format: 'date-time', description: 'MicroTime is a timestamp with microsecond precision, serialized as RFC 3339.' },
  [M('FieldsV1')]: anyObj('FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.'),
  [M('ObjectMeta')]: objectMeta,
  [M('ListMeta')]: obj({
    resourceVersion: str('String that identifies the server\'s internal version of this object that can be used by clients to determine when objects have changed.'),
    continue: str('continue may be set if the user set a limit on the number of items returned; it is an opaque token to request the next chunk.'),
    remainingItemCount: int64('The number of subsequent items in the list which are not included in this list response (set only with a limit and a label or field selector-free request).'),
  }, 'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.'),
  [M('LabelSelectorRequirement')]: requirement,
  [M('LabelSelector')]: obj({
    matchLabels: strMap('matchLabels is a map of {key,value} pairs. A single {key,value} is equivalent to an element of matchExpressions whose key is "key", operator "In" and values ["value"]. The requirements are ANDed.'),
    matchExpressions: arr(ref(M('LabelSelectorRequirement')), 'matchExpressions is a list of label selector requirements. The requirements are ANDed.'),
  }, 'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.', { 'x-kubernetes-map-type': 'atomic' }),
  [M('OwnerReference')]: ownerReference,
  [M('ManagedFieldsEntry')]: obj({
    manager: str('Manager is an identifier of the workflow managing these fields.'),
    operation: str("Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'."),
    apiVersion: str('APIVersion defines the version of this resource that this field set applies to.'),
    time: time('Time is the timestamp of when the ManagedFields entry was added.'),
    fieldsType: str('FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: "FieldsV1".'),
    fieldsV1: ref(M('FieldsV1'), 'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.'),
    subresource: str('Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource.'),
  }, 'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.'),
  [M('Condition')]: obj({
    type: str('type of condition in CamelCase or in foo.example.com/CamelCase.'),
    status: str('status of the condition, one of True, False, Unknown.'),
    observedGeneration: int64('observedGeneration represents the .metadata.generation that the condition was set based upon.'),
    lastTransitionTime: time('lastTransitionTime is the last time the condition transitioned from one status to another.'),
    reason: str("reason contains a programmatic identifier indicating the reason for the condition's last transition."),
    message: str('message is a human readable message indicating details about the transition.'),
  }, 'Condition contains details for one aspect of the current state of this API Resource.', { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] }),
  [M('StatusCause')]: statusCause,
  [M('StatusDetails')]: statusDetails,
  [M('Status')]: kindSchema('', 'v1', 'Status', 'Status is a return value for calls that don\'t return other objects.', {
    metadata: ref(M('ListMeta'), "Standard list metadata."),
    status: str('Status of the operation. One of: "Success" or "Failure".'),
    message: str('A human-readable description of the status of this operation.'),
    reason: str('A machine-readable description of why this operation is in the "Failure" status.'),
    details: ref(M('StatusDetails'), 'Extended data associated with the reason.'),
    code: int('Suggested HTTP return code for this status, 0 if not set.'),
  }),
  [M('Preconditions')]: obj({
    uid: str('Specifies the target UID.'),
    resourceVersion: str('Specifies the target ResourceVersion.'),
  }, 'Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.'),
  [M('DeleteOptions')]: obj({
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    gracePeriodSeconds: int64('The duration in seconds before the object should be deleted. Zero means delete immediately. If unset, the default grace period for the specified type is used.'),
    preconditions: ref(M('Preconditions'), 'Must be fulfilled before a deletion is carried out.'),
    propagationPolicy: str("Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."),
    orphanDependents: bool('Deprecated: use propagationPolicy. Should the dependent objects be orphaned.'),
    dryRun: arr(str(), 'When present, indicates that modifications should not be persisted. The only valid value is "All".'),
  }, 'DeleteOptions may be provided when deleting an API object.'),
};
