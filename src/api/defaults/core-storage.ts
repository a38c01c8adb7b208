/** PersistentVolume and PersistentVolumeClaim defaulting (in place, idempotent). */
import type { PersistentVolume, PersistentVolumeClaim } from '../registry/core-types.js';

export function defaultPersistentVolumeClaim(pvc: PersistentVolumeClaim): void {
  (pvc.spec ??= {}).volumeMode ??= 'Filesystem';
  (pvc.status ??= {}).phase ??= 'Pending';
}

export function defaultPersistentVolume(pv: PersistentVolume): void {
  const spec = (pv.spec ??= {});
  spec.persistentVolumeReclaimPolicy ??= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  (pv.status ??= {}).phase ??= 'Pending';
}
