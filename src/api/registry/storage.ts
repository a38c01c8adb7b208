/** storage.k8s.io/v1 StorageClasses; columns as kubectl's `printStorageClass`. */
import { defaultStorageClass } from '../defaults/misc.js';
import { gvkName } from '../schema/dsl.js';
import { validateStorageClass, type StorageClass } from '../validation/misc.js';
import { ageColumn, col } from './columns.js';
import { defineResource, type AnyResourceDef } from './types.js';

const DEFAULT_CLASS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
const isDefault = (o: StorageClass) => DEFAULT_CLASS.some((a) => o.metadata.annotations?.[a] === 'true');

export const storageClasses = defineResource<StorageClass>({
  group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', singular: 'storageclass',
  namespaced: false, shortNames: ['sc'],
  schema: gvkName('storage.k8s.io', 'v1', 'StorageClass'), defaults: defaultStorageClass, validate: validateStorageClass,
  columns: [
    col('Name', (o) => `${o.metadata.name ?? ''}${isDefault(o) ? ' (default)' : ''}`, { format: 'name' }),
    col('Provisioner', (o) => o.provisioner ?? ''),
    col('ReclaimPolicy', (o) => o.reclaimPolicy ?? 'Delete'),
    col('VolumeBindingMode', (o) => o.volumeBindingMode ?? 'Immediate'),
    // A bool cell: kubectl prints it as `false` / `true`.
    col('AllowVolumeExpansion', (o) => o.allowVolumeExpansion ?? false),
    ageColumn,
  ],
});

export const storageResources: AnyResourceDef[] = [storageClasses];
