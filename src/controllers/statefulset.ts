/**
 * The StatefulSet controller (upstream `pkg/controller/statefulset`): stable pods `<set>-<n>` with
 * their own PVCs, created in order and removed from the top under OrderedReady (all at once under
 * Parallel), rolled from the highest ordinal down to the partition (statefulset-sync.ts). Templates
 * are ControllerRevisions (daemonset-history.ts). Pod names are deterministic, so a pass on a stale
 * cache is harmless: a second create answers AlreadyExists and a second delete carries the old
 * pod's uid as precondition. PVCs stay on scale-down unless
 * `persistentVolumeClaimRetentionPolicy.whenScaled` is Delete (then they go once their pod is gone);
 * with `whenDeleted: Delete` they are owned by the set, for the garbage collector.
 * Not done: adopting orphan pods that match the selector, `maxUnavailable` for rolling updates.
 */
import type { PersistentVolumeClaim, Pod } from '../api/registry/core-types.js';
import { isConflict, isNotFound } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import {
  canonicalJson, CONTROLLER_REVISIONS, currentRevision, REVISION_HASH_LABEL, revisionTemplate, truncateHistory, type ControllerRevision,
} from './daemonset-history.js';
import { writeDerivedStatus } from './daemonset-status.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { objectKey } from './informer.js';
import { controllerOf, controllerRef, createOwnedPods, isControlledBy, PODS, untilAvailable, type OwnedPods } from './job-pod-control.js';
import type { SharedInformer } from './shared-informers.js';
import { claimName, claimsFor, ordinalOf, PVCS, STATEFULSETS, type AppsStatefulSet } from './statefulset-pods.js';
import { statefulSetStatus } from './statefulset-status.js';
import { syncStatefulSet, type Revision, type StatefulWrites } from './statefulset-sync.js';
import { createWorkQueue } from './workqueue.js';

export interface StatefulSetControllerOptions { workers?: number }

interface Informers {
  sets: SharedInformer<AppsStatefulSet>; pods: SharedInformer<Pod>; pvcs: SharedInformer<PersistentVolumeClaim>; revisions: SharedInformer<ControllerRevision>;
}

const asRevision = (r: ControllerRevision): Revision =>
  ({ hash: r.metadata.labels?.[REVISION_HASH_LABEL] ?? '', name: r.metadata.name ?? '', template: revisionTemplate(r) });

class StatefulSetController extends Controller {
  constructor(o: ControllerOptions, private readonly d: ControllerDeps, private readonly i: Informers, private readonly owned: OwnedPods) { super(o); }

  protected override async reconcile(key: string): Promise<void> {
    const cached = this.i.sets.get(key);
    if (!cached || cached.metadata.deletionTimestamp) return;
    const set = structuredClone(cached);
    const now = this.d.clock.now();
    const revs = this.i.revisions.list().filter((r) => r.metadata.namespace === set.metadata.namespace && isControlledBy(r, set));
    const ref = controllerRef(set, 'apps/v1', 'StatefulSet');
    const { revision, collisionCount } = await currentRevision(this.d.client, set, ref, revs, set.status?.collisionCount ?? 0);
    const update = asRevision(revision);
    const currentObj = revs.find((r) => r.metadata.name === set.status?.currentRevision);
    const current = currentObj ? asRevision(currentObj) : update;
    const pods = this.owned.list(set.metadata.uid, (k) => this.i.pods.get(k));

    const after = await syncStatefulSet({ set, pods, ordinalOf: (p) => ordinalOf(set, p), current, update, now }, this.writes(set));
    const status = statefulSetStatus(set, after, current, update, collisionCount, now);
    if (canonicalJson(status) !== canonicalJson(cached.status ?? {})) {
      await writeDerivedStatus(this.d.client, { ...STATEFULSETS, namespace: set.metadata.namespace }, { ...set, status });
    }
    await this.releaseClaims(set, after);
    const live = new Set([...after.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]), current.hash, update.hash]);
    const keep = new Set(revs.filter((r) => live.has(r.metadata.labels?.[REVISION_HASH_LABEL])).map((r) => r.metadata.name ?? ''));
    await truncateHistory(this.d.client, revs, keep, set.spec?.revisionHistoryLimit ?? 10);
    const waits = after.map((p) => untilAvailable(p, set.spec?.minReadySeconds ?? 0, now)).filter((x): x is number => x !== undefined);
    if (waits.length) this.queue.addAfter(key, Math.min(...waits));
  }

  private writes(set: AppsStatefulSet): StatefulWrites {
    const ns = set.metadata.namespace;
    const setName = set.metadata.name;
    return {
      createPod: async (pod, ordinal) => {
        for (const claim of claimsFor(set, ordinal)) {
          if (this.i.pvcs.get(`${ns}/${claim.metadata.name}`)) continue;
          try {
            await this.d.client.create({ ...PVCS, namespace: ns }, claim);
            this.d.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${setName} success`);
          } catch (e) {
            if (!isConflict(e)) {
              this.d.recorder.event(set, 'Warning', 'FailedCreate', `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${setName} failed error: ${(e as Error).message}`);
              throw e;
            }
          }
        }
        try {
          const made = await this.d.client.create<Pod>({ ...PODS, namespace: ns }, pod);
          this.d.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${setName} successful`);
          return made;
        } catch (e) {
          if (!isConflict(e)) {
            this.d.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${setName} failed error: ${(e as Error).message}`);
            throw e;
          }
          return this.d.client.get<Pod>({ ...PODS, namespace: ns }, pod.metadata.name!); // created by an earlier pass
        }
      },
      deletePod: async (pod) => {
        try {
          await this.d.client.delete({ ...PODS, namespace: ns }, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
          this.d.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${setName} successful`);
        } catch (e) {
          if (!isNotFound(e) && !isConflict(e)) throw e; // gone, or already replaced by a newer pod
        }
      },
    };
  }

  /** whenScaled=Delete: claims of ordinals outside the range go once no pod uses them. */
  private async releaseClaims(set: AppsStatefulSet, pods: Pod[]): Promise<void> {
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return;
    const start = set.spec.ordinals?.start ?? 0;
    const end = start + (set.spec.replicas ?? 1);
    const used = new Set(pods.map((p) => ordinalOf(set, p)));
    const ns = set.metadata.namespace;
    for (const t of set.spec.volumeClaimTemplates ?? []) {
      const prefix = `${t.metadata?.name}-${set.metadata.name}-`;
      for (const pvc of this.i.pvcs.list()) {
        const name = pvc.metadata.name ?? '';
        if (pvc.metadata.namespace !== ns || !name.startsWith(prefix) || pvc.metadata.deletionTimestamp) continue;
        const ord = Number(name.slice(prefix.length));
        if (!Number.isInteger(ord) || claimName(set, t.metadata?.name ?? '', ord) !== name || (ord >= start && ord < end) || used.has(ord)) continue;
        await this.d.client.delete({ ...PVCS, namespace: ns }, name, { preconditions: { uid: pvc.metadata.uid } })
          .catch((e: unknown) => { if (!isNotFound(e) && !isConflict(e)) throw e; });
      }
    }
  }
}

export function createStatefulSetController(d: ControllerDeps, opts: StatefulSetControllerOptions = {}): RunnableController {
  const i: Informers = {
    sets: d.informers.forResource<AppsStatefulSet>(STATEFULSETS),
    pods: d.informers.forResource<Pod>(PODS),
    pvcs: d.informers.forResource<PersistentVolumeClaim>(PVCS),
    revisions: d.informers.forResource<ControllerRevision>(CONTROLLER_REVISIONS),
  };
  const queue = createWorkQueue<string>({ clock: d.clock });
  const owned = createOwnedPods('StatefulSet');
  i.sets.addHandler((e) => { if (e.type !== 'delete') queue.add(objectKey(e.obj)); });
  i.pods.addHandler((e) => {
    owned.observe(e);
    const ref = controllerOf(e.obj, 'StatefulSet');
    if (ref) queue.add(`${e.obj.metadata.namespace}/${ref.name}`);
  });
  i.revisions.addHandler((e) => {
    const ref = controllerOf(e.obj, 'StatefulSet');
    if (ref && e.type === 'delete') queue.add(`${e.obj.metadata.namespace}/${ref.name}`);
  });
  return new StatefulSetController({ name: 'statefulset', log: d.log, shared: [i.sets, i.pods, i.pvcs, i.revisions], queue, workers: opts.workers ?? 2 }, d, i, owned);
}
