/** storage.k8s.io/v1 schemas: StorageClass (fields are top-level; the kind has no spec). */
import { arr, bool, gvkName, obj, objectMetaRef, str, strMap } from '../dsl.js';
import type { SchemaSet } from '../types.js';

const n = (k: string) => gvkName('storage.k8s.io', 'v1', k);

export const storageSchemas: SchemaSet = {
  [n('StorageClass')]: obj({
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: objectMetaRef(),
    provisioner: str('provisioner indicates the type of the provisioner.'),
    parameters: strMap('parameters holds the parameters for the provisioner that should create volumes of this storage class.'),
    reclaimPolicy: str('reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes: Delete (default) or Retain.'),
    mountOptions: arr(str(), 'mountOptions controls the mountOptions for dynamically provisioned PersistentVolumes of this storage class.'),
    allowVolumeExpansion: bool('allowVolumeExpansion shows whether the storage class allow volume expand.'),
    volumeBindingMode: str('volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound: Immediate (default) or WaitForFirstConsumer.'),
    allowedTopologies: arr(obj({
      matchLabelExpressions: arr(obj({
        key: str('The label key that the selector applies to.'),
        values: arr(str(), 'An array of string values. One value must match the label to be selected.'),
      }, undefined, { required: ['key', 'values'] }), 'A list of topology selector requirements by labels.'),
    }, undefined, { 'x-kubernetes-map-type': 'atomic' }), 'allowedTopologies restrict the node topologies where volumes can be dynamically provisioned.'),
  }, 'StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.', {
    required: ['provisioner'],
    'x-kubernetes-group-version-kind': [{ group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' }],
  }),
};
