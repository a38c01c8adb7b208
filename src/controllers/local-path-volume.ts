/**
 * Pure pieces of the local-path provisioner (local-path.ts): the default StorageClass, which claims
 * are ours, where a claim's volume goes, and the PersistentVolume / bound-claim shapes it writes.
 * Kept free of I/O so the unit tests can check every field against upstream's shapes.
 */
import path from 'node:path';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../api/registry/core-types.js';
import type { StorageClass } from '../api/validation/misc.js';

export const PROVISIONER = 'kite.dev/local-path';
export const CLASS_NAME = 'local-path';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
export const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export const defaultStorageClass = (): StorageClass => ({
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
  metadata: { name: CLASS_NAME, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
  provisioner: PROVISIONER, reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer',
});

const isDefault = (sc: StorageClass) =>
  [DEFAULT_CLASS_ANNOTATION, BETA_DEFAULT_CLASS_ANNOTATION].some((a) => sc.metadata.annotations?.[a] === 'true');

/**
 * The class a claim uses, when its provisioner is ours. The API server here does not default
 * `storageClassName` (upstream's admission plugin does), so an unset or empty name means the
 * default class — the newest one when several are marked default, as upstream picks.
 */
export function classFor(pvc: PersistentVolumeClaim, classes: StorageClass[]): StorageClass | undefined {
  const name = pvc.spec?.storageClassName;
  let sc: StorageClass | undefined;
  if (name) sc = classes.find((c) => c.metadata.name === name);
  else {
    sc = classes.filter(isDefault)
      .sort((a, b) => String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')))[0];
  }
  return sc?.provisioner === PROVISIONER ? sc : undefined;
}

export const claimNames = (pod: Pod): string[] =>
  (pod.spec.volumes ?? []).flatMap((v) => {
    const name = (v.persistentVolumeClaim as { claimName?: string } | undefined)?.claimName;
    return name ? [name] : [];
  });

/**
 * The node a WaitForFirstConsumer claim's volume goes to: the scheduler's `selected-node`
 * annotation when set (upstream), else the node of a scheduled, live pod that mounts the claim
 * (Kite's scheduler does not annotate claims).
 */
export function selectedNode(pvc: PersistentVolumeClaim, pods: Pod[]): string | undefined {
  const annotated = pvc.metadata.annotations?.[SELECTED_NODE];
  if (annotated) return annotated;
  const ns = pvc.metadata.namespace;
  const user = pods.find((p) => p.metadata.namespace === ns && p.spec.nodeName && !p.metadata.deletionTimestamp
    && !['Succeeded', 'Failed'].includes(p.status?.phase ?? '') && claimNames(p).includes(pvc.metadata.name ?? ''));
  return user?.spec.nodeName;
}

export const volumeName = (pvc: PersistentVolumeClaim) => `pvc-${pvc.metadata.uid ?? ''}`;

export const volumeDir = (storageDir: string, pvc: PersistentVolumeClaim) =>
  path.join(storageDir, `${pvc.metadata.uid ?? ''}_${pvc.metadata.namespace ?? ''}_${pvc.metadata.name ?? ''}`);

/** True when `dir` lies strictly inside `root` (never remove anything else, whatever a PV says). */
export function isInside(root: string, dir: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(dir));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The PV for a claim, already pointing at it (claimRef), as upstream's provisioners create them. */
export function buildVolume(pvc: PersistentVolumeClaim, sc: StorageClass, node: string, dir: string): PersistentVolume {
  return {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: volumeName(pvc), annotations: { [PROVISIONED_BY]: PROVISIONER } },
    spec: {
      capacity: { storage: String(pvc.spec?.resources?.requests?.storage ?? '') },
      accessModes: [...(pvc.spec?.accessModes ?? [])],
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      hostPath: { path: dir, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [node] }] }] } },
    },
  };
}

/** The node a PV of ours is pinned to (its nodeAffinity), to know whether its directory is local. */
export function volumeNode(pv: PersistentVolume): string | undefined {
  const na = pv.spec?.nodeAffinity as { required?: { nodeSelectorTerms?: Array<{ matchExpressions?: Array<{ key: string; values?: string[] }> }> } } | undefined;
  return na?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.find((e) => e.key === HOSTNAME_LABEL)?.values?.[0];
}

export const isOurs = (pv: PersistentVolume) => pv.metadata.annotations?.[PROVISIONED_BY] === PROVISIONER;

export const hostPathOf = (pv: PersistentVolume) => (pv.spec?.hostPath as { path?: string } | undefined)?.path;
