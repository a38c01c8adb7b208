/** Registry entries for persistentvolumes, persistentvolumeclaims, resourcequotas and limitranges. */
import { defaultPersistentVolume, defaultPersistentVolumeClaim } from '../defaults/core-storage.js';
import { gvkName } from '../schema/dsl.js';
import {
  validateLimitRange, validatePersistentVolume, validatePersistentVolumeClaim, validateResourceQuota,
} from '../validation/core-storage.js';
import { ageColumn, col, nameColumn } from './columns.js';
import type { KObject } from '../types/index.js';
import type { LimitRange, PersistentVolume, PersistentVolumeClaim, ResourceQuota } from './core-types.js';
import { defineResource } from './types.js';

/** kubectl's GetAccessModesAsString: fixed order, abbreviated. */
const MODES: Array<[string, string]> = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
const accessModes = (m: string[] | undefined) => MODES.filter(([full]) => m?.includes(full)).map(([, short]) => short).join(',');
const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';
const storageClass = (o: KObject & { spec?: { storageClassName?: string } }) => o.spec?.storageClassName ?? o.metadata.annotations?.[BETA_CLASS] ?? '';
const terminating = (o: KObject, phase: string | undefined) => (o.metadata.deletionTimestamp ? 'Terminating' : phase ?? '');
const unset = (s: string | undefined) => s ?? '<unset>';

export const persistentVolumes = defineResource<PersistentVolume>({
  group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', singular: 'persistentvolume', namespaced: false,
  shortNames: ['pv'], subresources: { status: true },
  schema: gvkName('', 'v1', 'PersistentVolume'),
  columns: [
    nameColumn,
    col('Capacity', (o) => String(o.spec?.capacity?.storage ?? '0')),
    col('Access Modes', (o) => accessModes(o.spec?.accessModes)),
    col('Reclaim Policy', (o) => o.spec?.persistentVolumeReclaimPolicy ?? ''),
    col('Status', (o) => terminating(o, o.status?.phase)),
    col('Claim', (o) => (o.spec?.claimRef ? `${o.spec.claimRef.namespace ?? ''}/${o.spec.claimRef.name ?? ''}` : '')),
    col('StorageClass', storageClass),
    col('VolumeAttributesClass', (o) => unset(o.spec?.volumeAttributesClassName)),
    col('Reason', (o) => o.status?.reason ?? ''),
    ageColumn,
    col('VolumeMode', (o) => unset(o.spec?.volumeMode), { priority: 1 }),
  ],
  defaults: defaultPersistentVolume,
  validate: validatePersistentVolume,
});

export const persistentVolumeClaims = defineResource<PersistentVolumeClaim>({
  group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', namespaced: true,
  shortNames: ['pvc'], subresources: { status: true },
  schema: gvkName('', 'v1', 'PersistentVolumeClaim'),
  columns: [
    nameColumn,
    col('Status', (o) => terminating(o, o.status?.phase)),
    col('Volume', (o) => o.spec?.volumeName ?? ''),
    // Capacity and modes describe the bound volume, so they stay empty until binding.
    col('Capacity', (o) => (o.spec?.volumeName ? String(o.status?.capacity?.storage ?? '0') : '')),
    col('Access Modes', (o) => (o.spec?.volumeName ? accessModes(o.status?.accessModes) : '')),
    col('StorageClass', storageClass),
    col('VolumeAttributesClass', (o) => unset(o.spec?.volumeAttributesClassName)),
    ageColumn,
    col('VolumeMode', (o) => unset(o.spec?.volumeMode), { priority: 1 }),
  ],
  defaults: defaultPersistentVolumeClaim,
  validate: validatePersistentVolumeClaim,
});

/** `cpu: 100m/1, pods: 2/10` per column: limits.* resources go to Limit, the rest to Request. */
function quotaCell(q: ResourceQuota, limits: boolean): string {
  return Object.keys(q.spec?.hard ?? {}).sort()
    .filter((r) => r.startsWith('limits.') === limits)
    .map((r) => `${r}: ${q.status?.used?.[r] ?? '0'}/${q.status?.hard?.[r] ?? '0'}`)
    .join(', ');
}

export const resourceQuotas = defineResource<ResourceQuota>({
  group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', singular: 'resourcequota', namespaced: true,
  shortNames: ['quota'], subresources: { status: true },
  schema: gvkName('', 'v1', 'ResourceQuota'),
  columns: [nameColumn, ageColumn, col('Request', (q) => quotaCell(q, false)), col('Limit', (q) => quotaCell(q, true))],
  validate: validateResourceQuota,
});

export const limitRanges = defineResource<LimitRange>({
  group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', singular: 'limitrange', namespaced: true,
  shortNames: ['limits'],
  schema: gvkName('', 'v1', 'LimitRange'),
  columns: [nameColumn, col('Created At', (o) => o.metadata.creationTimestamp ?? null, { type: 'date' })],
  validate: validateLimitRange,
});
