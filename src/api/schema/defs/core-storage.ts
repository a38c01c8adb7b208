/** core/v1 PersistentVolume, PersistentVolumeClaim, ResourceQuota and LimitRange. */
import type { Schema, SchemaSet } from '../types.js';
import { arr, enumOf, gvkName, labelSelectorRef, mapOf, obj, quantity, ref, str, time } from '../dsl.js';
import { kindSchema } from './meta.js';

const C = (kind: string) => gvkName('', 'v1', kind);
const resourceList = (d: string) => mapOf(quantity(), d);
const k = (kind: string, description: string, props: Record<string, Schema>) => kindSchema('', 'v1', kind, description, props);
const accessModes = (d: string) => arr(enumOf(['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']), d);
const volumeMode = enumOf(['Block', 'Filesystem'], 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included.');

export const storageSchemas: SchemaSet = {
  [C('PersistentVolumeSpec')]: obj({
    capacity: resourceList("capacity is the description of the persistent volume's resources and capacity."),
    accessModes: accessModes('accessModes contains all ways the volume can be mounted.'),
    claimRef: ref(C('ObjectReference'), 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound.'),
    persistentVolumeReclaimPolicy: enumOf(['Delete', 'Recycle', 'Retain'], 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated).'),
    storageClassName: str('storageClassName is the name of StorageClass to which this persistent volume belongs. Empty value means that this volume does not belong to any StorageClass.'),
    mountOptions: arr(str(), 'mountOptions is the list of mount options, e.g. ["ro", "soft"]. Not validated - mount will simply fail if one is invalid.'),
    volumeMode,
    nodeAffinity: obj({ required: ref(C('NodeSelector'), 'required specifies hard node constraints that must be met.') }, 'nodeAffinity defines constraints that limit what nodes this volume can be accessed from.'),
    volumeAttributesClassName: str('Name of VolumeAttributesClass to which this persistent volume belongs.'),
    hostPath: ref(C('HostPathVolumeSource'), 'hostPath represents a directory on the host. Provisioned by a developer or tester. This is useful for single-node development and testing only!'),
    local: ref(C('LocalVolumeSource'), 'local represents directly-attached storage with node affinity'),
    nfs: ref(C('NFSVolumeSource'), 'nfs represents an NFS mount on the host.'),
  }, 'PersistentVolumeSpec is the specification of a persistent volume.'),
  [C('PersistentVolumeStatus')]: obj({
    phase: enumOf(['Available', 'Bound', 'Failed', 'Pending', 'Released'], 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    message: str('message is a human-readable message indicating details about why the volume is in this state.'),
    reason: str('reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    lastPhaseTransitionTime: time('lastPhaseTransitionTime is the time the phase transitioned from one to another and automatically resets to current time everytime a volume phase transitions.'),
  }, 'PersistentVolumeStatus is the current status of a persistent volume.'),
  [C('PersistentVolume')]: k('PersistentVolume', 'PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node.', {
    spec: ref(C('PersistentVolumeSpec'), 'spec defines a specification of a persistent volume owned by the cluster. Provisioned by an administrator.'),
    status: ref(C('PersistentVolumeStatus'), 'status represents the current information/status for the persistent volume. Populated by the system. Read-only.'),
  }),
  [C('VolumeResourceRequirements')]: obj({
    limits: resourceList('Limits describes the maximum amount of compute resources allowed.'),
    requests: resourceList('Requests describes the minimum amount of compute resources required.'),
  }, 'VolumeResourceRequirements describes the storage resource requirements for a volume.'),
  [C('PersistentVolumeClaimSpec')]: obj({
    accessModes: accessModes('accessModes contains the desired access modes the volume should have.'),
    selector: labelSelectorRef('selector is a label query over volumes to consider for binding.'),
    resources: ref(C('VolumeResourceRequirements'), 'resources represents the minimum resources the volume should have. Users may specify resources that are greater than before to expand an existing volume.'),
    volumeName: str('volumeName is the binding reference to the PersistentVolume backing this claim.'),
    storageClassName: str('storageClassName is the name of the StorageClass required by the claim.'),
    volumeMode,
    dataSource: obj({ apiGroup: str('APIGroup is the group for the resource being referenced.'), kind: str('Kind is the type of resource being referenced'), name: str('Name is the name of resource being referenced') },
      'dataSource field can be used to specify an existing VolumeSnapshot or PersistentVolumeClaim to populate the volume from.', { required: ['kind', 'name'] }),
    volumeAttributesClassName: str('volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.'),
  }, 'PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes'),
  [C('PersistentVolumeClaimStatus')]: obj({
    phase: enumOf(['Bound', 'Lost', 'Pending'], 'phase represents the current phase of PersistentVolumeClaim.'),
    accessModes: accessModes('accessModes contains the actual access modes the volume backing the PVC has.'),
    capacity: resourceList('capacity represents the actual resources of the underlying volume.'),
    conditions: arr(obj({ type: str('Type of the condition.'), status: str('Status of the condition.'), reason: str('reason is a unique, short, machine understandable string.'), message: str('message is the human-readable message indicating details about last transition.'), lastTransitionTime: time('lastTransitionTime is the time the condition transitioned from one status to another.') }), 'conditions is the current Condition of persistent volume claim.',
      { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge' }),
  }, 'PersistentVolumeClaimStatus is the current status of a persistent volume claim.'),
  [C('PersistentVolumeClaim')]: k('PersistentVolumeClaim', "PersistentVolumeClaim is a user's request for and claim to a persistent volume", {
    spec: ref(C('PersistentVolumeClaimSpec'), 'spec defines the desired characteristics of a volume requested by a pod author.'),
    status: ref(C('PersistentVolumeClaimStatus'), 'status represents the current information/status of a persistent volume claim. Read-only.'),
  }),
  [C('ResourceQuotaSpec')]: obj({
    hard: resourceList('hard is the set of desired hard limits for each named resource.'),
    scopes: arr(str(), 'A collection of filters that must match each object tracked by a quota. If not specified, the quota matches all objects.'),
  }, 'ResourceQuotaSpec defines the desired hard limits to enforce for Quota.'),
  [C('ResourceQuotaStatus')]: obj({
    hard: resourceList('Hard is the set of enforced hard limits for each named resource.'),
    used: resourceList('Used is the current observed total usage of the resource in the namespace.'),
  }, 'ResourceQuotaStatus defines the enforced hard limits and observed use.'),
  [C('ResourceQuota')]: k('ResourceQuota', 'ResourceQuota sets aggregate quota restrictions enforced per namespace', {
    spec: ref(C('ResourceQuotaSpec'), 'Spec defines the desired quota.'),
    status: ref(C('ResourceQuotaStatus'), 'Status defines the actual enforced quota and its current usage.'),
  }),
  [C('LimitRangeItem')]: obj({
    type: enumOf(['Container', 'PersistentVolumeClaim', 'Pod'], 'Type of resource that this limit applies to.'),
    max: resourceList('Max usage constraints on this kind by resource name.'),
    min: resourceList('Min usage constraints on this kind by resource name.'),
    default: resourceList('Default resource requirement limit value by resource name if resource limit is omitted.'),
    defaultRequest: resourceList('DefaultRequest is the default resource requirement request value by resource name if resource request is omitted.'),
    maxLimitRequestRatio: resourceList('MaxLimitRequestRatio if specified, the named resource must have a request and limit that are both non-zero where limit divided by request is less than or equal to the enumerated value.'),
  }, 'LimitRangeItem defines a min/max usage limit for any resource that matches on kind.', { required: ['type'] }),
  [C('LimitRangeSpec')]: obj({
    limits: arr(ref(C('LimitRangeItem')), 'Limits is the list of LimitRangeItem objects that are enforced.'),
  }, 'LimitRangeSpec defines a min/max usage limit for resources that match on kind.', { required: ['limits'] }),
  [C('LimitRange')]: k('LimitRange', 'LimitRange sets resource usage limits for each kind of resource in a Namespace.', {
    spec: ref(C('LimitRangeSpec'), 'Spec defines the limits enforced.'),
  }),
};
