/**
 * The local-path provisioner (what K3s ships as rancher's local-path-provisioner, written for Kite):
 * - ensures a default StorageClass `local-path` at start (created when missing, never overwritten,
 *   so a user's edits or removal of the default annotation stick);
 * - provisions a claim of a class with our provisioner once it has a node: WaitForFirstConsumer
 *   waits for a scheduled pod that mounts it (or the `selected-node` annotation), Immediate uses
 *   this node. The volume is a directory `<storageDir>/<uid>_<ns>_<name>` (0777, so any container
 *   user can write) behind a hostPath PV `pvc-<uid>` pinned to the node;
 * - binds the pair itself (upstream's PV controller does that; Kite has none): PV status Bound,
 *   claim `spec.volumeName`, claim status Bound with capacity and access modes;
 * - reclaims (Delete policy) a PV of ours whose claim is gone or was re-created under a new uid:
 *   deletes the PV and removes its directory when it is on this node and inside storageDir.
 * Directories of volumes on other nodes cannot be touched from here: the PV's DirectoryOrCreate
 * makes that node's agent create it, and on reclaim it is left behind (logged).
 * Keys: `ns/name` of a claim, or CLASS_KEY for the StorageClass.
 */
import { chmod, mkdir, rm } from 'node:fs/promises';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../api/registry/core-types.js';
import type { StorageClass } from '../api/validation/misc.js';
import { ApiError, isNotFound, type KubeClient } from '../client/index.js';
import { Controller } from './controller.js';
import type { ControllerDeps, EventRecorder, RunnableController } from './deps.js';
import { objectKey } from './informer.js';
import {
  buildVolume, claimNames, classFor, defaultStorageClass, hostPathOf, isInside, isOurs, selectedNode, volumeDir, volumeName, volumeNode,
} from './local-path-volume.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

const CLASSES = { group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses' };
const PVS = { group: '', version: 'v1', plural: 'persistentvolumes' };
const PVCS = { group: '', version: 'v1', plural: 'persistentvolumeclaims' };
const PODS = { group: '', version: 'v1', plural: 'pods' };
/** No claim key is without a slash, so this one cannot collide. */
const CLASS_KEY = 'storageclass';

export interface LocalPathOptions {
  /** This node: Immediate claims go here, and only its directories are created and removed. */
  nodeName: string;
  /** DIR/storage: every volume directory lives directly under it. */
  storageDir: string;
  workers?: number;
}

const alreadyExists = (e: unknown) => e instanceof ApiError && e.reason === 'AlreadyExists';

class LocalPathProvisioner extends Controller {
  constructor(
    o: ConstructorParameters<typeof Controller>[0],
    private readonly client: Pick<KubeClient, 'create' | 'update' | 'updateStatus' | 'delete'>,
    private readonly recorder: EventRecorder,
    private readonly cfg: LocalPathOptions,
    private readonly inf: {
      classes: SharedInformer<StorageClass>; pvs: SharedInformer<PersistentVolume>;
      pvcs: SharedInformer<PersistentVolumeClaim>; pods: SharedInformer<Pod>;
    },
  ) { super(o); }

  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    if (key === CLASS_KEY) return this.ensureClass(signal);
    const pvc = this.inf.pvcs.get(key);
    await this.reclaim(key, pvc, signal);
    if (pvc && !pvc.metadata.deletionTimestamp) await this.provision(pvc, signal);
  }

  private async ensureClass(signal: AbortSignal): Promise<void> {
    const sc = defaultStorageClass();
    if (this.inf.classes.get(sc.metadata.name as string)) return;
    try {
      await this.client.create(CLASSES, sc, { signal });
      this.log.info({ storageClass: sc.metadata.name }, 'created the default StorageClass');
    } catch (e) {
      if (!alreadyExists(e)) throw e; // the cache was behind: the user's object stays as it is
    }
  }

  /** PVs of ours still pointing at `key` while that claim is gone or is another object now. */
  private async reclaim(key: string, pvc: PersistentVolumeClaim | undefined, signal: AbortSignal): Promise<void> {
    const stale = this.inf.pvs.list().filter((pv) => {
      const ref = pv.spec?.claimRef;
      return isOurs(pv) && ref && `${ref.namespace}/${ref.name}` === key && (!pvc || pvc.metadata.uid !== ref.uid)
        && (pv.spec?.persistentVolumeReclaimPolicy ?? 'Delete') === 'Delete' && !pv.metadata.deletionTimestamp;
    });
    for (const pv of stale) {
      const dir = hostPathOf(pv);
      if (dir && volumeNode(pv) === this.cfg.nodeName && isInside(this.cfg.storageDir, dir)) {
        await rm(dir, { recursive: true, force: true });
      } else {
        this.log.warn({ volume: pv.metadata.name, dir, node: volumeNode(pv) }, 'leaving the directory of a reclaimed volume in place: not on this node or not under the storage dir');
      }
      try {
        await this.client.delete(PVS, pv.metadata.name as string, { signal, preconditions: { uid: pv.metadata.uid } });
        this.log.info({ volume: pv.metadata.name, claim: key }, 'deleted the volume of a deleted claim');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  private async provision(pvc: PersistentVolumeClaim, signal: AbortSignal): Promise<void> {
    const name = volumeName(pvc);
    const bound = pvc.spec?.volumeName;
    if (bound && bound !== name) return; // bound to someone else's volume
    if (bound && pvc.status?.phase === 'Bound') return;
    const sc = classFor(pvc, this.inf.classes.list());
    if (!sc) return;
    let pv = this.inf.pvs.get(name);
    if (!pv) {
      const node = sc.volumeBindingMode === 'WaitForFirstConsumer' ? selectedNode(pvc, this.inf.pods.list()) : this.cfg.nodeName;
      if (!node) return; // a pod that mounts it will enqueue it once scheduled
      if (!pvc.spec?.resources?.requests?.storage) {
        this.recorder.event(pvc, 'Warning', 'ProvisioningFailed', 'claim has no storage request');
        return;
      }
      if (pvc.spec.volumeMode === 'Block') {
        this.recorder.event(pvc, 'Warning', 'ProvisioningFailed', 'local-path volumes are Filesystem only');
        return;
      }
      const dir = volumeDir(this.cfg.storageDir, pvc);
      if (node === this.cfg.nodeName) {
        await mkdir(dir, { recursive: true });
        await chmod(dir, 0o777); // mkdir's mode is cut by the umask
      }
      pv = await this.createVolume(buildVolume(pvc, sc, node, dir), signal);
      this.recorder.event(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
    }
    const ref = pv.spec?.claimRef;
    if (!isOurs(pv) || ref?.uid !== pvc.metadata.uid) return; // not for this claim: leave it alone
    if (pv.status?.phase !== 'Bound') await this.client.updateStatus(PVS, { ...pv, status: { ...pv.status, phase: 'Bound' } }, { signal });
    const claims = { ...PVCS, namespace: pvc.metadata.namespace };
    let claim = pvc;
    if (claim.spec?.volumeName !== name) claim = await this.client.update(claims, { ...claim, spec: { ...claim.spec, volumeName: name } }, { signal });
    await this.client.updateStatus(claims, {
      ...claim,
      status: { ...claim.status, phase: 'Bound', accessModes: [...(pv.spec?.accessModes ?? [])], capacity: { ...pv.spec?.capacity } },
    }, { signal });
    this.log.info({ claim: objectKey(pvc), volume: name }, 'bound a claim to its local-path volume');
  }

  private async createVolume(pv: PersistentVolume, signal: AbortSignal): Promise<PersistentVolume> {
    try {
      return await this.client.create(PVS, pv, { signal });
    } catch (e) {
      if (!alreadyExists(e)) throw e;
      throw new Error(`persistentvolume ${pv.metadata.name} exists but is not in the cache yet`); // retried with back-off
    }
  }
}

export function createLocalPathProvisioner(d: ControllerDeps, o: LocalPathOptions): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const classes = d.informers.forResource<StorageClass>(CLASSES);
  const pvs = d.informers.forResource<PersistentVolume>(PVS);
  const pvcs = d.informers.forResource<PersistentVolumeClaim>(PVCS);
  const pods = d.informers.forResource<Pod>(PODS);
  // A class of ours appearing (or changing) may unblock claims that waited for it.
  classes.addHandler((e) => {
    if (e.type === 'delete') return;
    for (const pvc of pvcs.list()) if (!pvc.spec?.volumeName) queue.add(objectKey(pvc));
  });
  pvcs.addHandler((e) => queue.add(objectKey(e.obj)));
  pvs.addHandler((e) => {
    const ref = e.obj.spec?.claimRef;
    if (e.type !== 'delete' && isOurs(e.obj) && ref?.namespace && ref.name) queue.add(`${ref.namespace}/${ref.name}`);
  });
  pods.addHandler((e) => {
    if (e.type === 'delete' || !e.obj.spec.nodeName) return;
    for (const claim of claimNames(e.obj)) queue.add(`${e.obj.metadata.namespace}/${claim}`);
  });
  // Once per start: a class removed while running stays removed until the next start.
  queue.add(CLASS_KEY);
  return new LocalPathProvisioner(
    { name: 'local-path-provisioner', log: d.log, queue, shared: [classes, pvs, pvcs, pods], workers: o.workers ?? 1 },
    d.client, d.recorder, o, { classes, pvs, pvcs, pods },
  );
}
