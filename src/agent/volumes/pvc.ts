/**
 * persistentVolumeClaim volumes: the claim must be Bound to a PersistentVolume whose source is a
 * node path (`hostPath` or `local`, what a local-path provisioner creates); that path is mounted.
 * Other sources (network block or file systems) have no driver on an edge node and fail the mount.
 */
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/registry/core-types.js';
import { MountError } from './sources.js';

export interface ClaimSource {
  claim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
  volume(name: string): Promise<PersistentVolume | undefined>;
}

export async function claimPath(src: ClaimSource, namespace: string, claimName: string): Promise<string> {
  const pvc = await src.claim(namespace, claimName);
  if (!pvc) throw new MountError(`persistentvolumeclaim "${claimName}" not found`);
  const pvName = pvc.spec?.volumeName;
  if (pvc.status?.phase !== 'Bound' || !pvName) throw new MountError(`persistentvolumeclaim "${claimName}" is not bound`);
  const pv = await src.volume(pvName);
  if (!pv) throw new MountError(`persistentvolume "${pvName}" not found`);
  const spec = (pv.spec ?? {}) as { hostPath?: { path?: string }; local?: { path?: string } };
  const path = spec.hostPath?.path ?? spec.local?.path;
  if (!path) throw new MountError(`persistentvolume "${pvName}" has no hostPath or local source; only node-local volumes are supported`);
  return path;
}
