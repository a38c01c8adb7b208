/**
 * The ReplicaSet controller (upstream `pkg/controller/replicaset`): keeps spec.replicas active pods
 * for every ReplicaSet. One sync: claim pods by selector (adopt orphans, release strays), create or
 * delete the difference unless earlier writes are still unobserved (expectations), then write the
 * status. Pod events enqueue the owning set (or, for orphans, every set whose selector matches).
 */
import { labelSelectorFromObject, matchLabels, type LabelSelectorReq } from '../api/selectors/index.js';
import { Controller } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { objectKey, type InformerEvent } from './informer.js';
import { claimObjects } from './replicaset-claim.js';
import { createOwnerIndex } from './replicaset-index.js';
import { createExpectations, type Expectations } from './replicaset-expectations.js';
import { manageReplicas, podKey } from './replicaset-manage.js';
import { calculateReplicaSetStatus, updateReplicaSetStatus } from './replicaset-status.js';
import { controllerOf, controllerRef as newControllerRef, inNs, isPodActive, isPodReady, PODS, REPLICASETS, type Pod, type ReplicaSetObj } from './replicaset-types.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

export interface ReplicaSetControllerOptions { workers?: number }

/** The selector as requirements, or undefined when it is missing or invalid (such a set is left alone). */
export function selectorOf(o: { spec?: { selector?: Parameters<typeof labelSelectorFromObject>[0] } }): LabelSelectorReq[] | undefined {
  if (!o.spec?.selector) return undefined;
  try { return labelSelectorFromObject(o.spec.selector); } catch { return undefined; }
}

export class ReplicaSetController extends Controller {
  private readonly expectations: Expectations;
  private readonly sets: SharedInformer<ReplicaSetObj>;
  private readonly podIndex = createOwnerIndex<Pod>();
  /** Sets by their controller's uid, for the siblings a scale-down ranks against. */
  private readonly setIndex = createOwnerIndex<ReplicaSetObj>();

  constructor(private readonly d: ControllerDeps, o: ReplicaSetControllerOptions = {}) {
    const pods = d.informers.forResource<Pod>(PODS);
    const sets = d.informers.forResource<ReplicaSetObj>(REPLICASETS);
    super({ name: 'replicaset', log: d.log, shared: [pods, sets], queue: createWorkQueue<string>({ clock: d.clock }), workers: o.workers ?? 5 });
    this.sets = sets;
    this.expectations = createExpectations(d.clock);
    sets.addHandler((e) => {
      this.setIndex.apply(e);
      if (e.type === 'delete') this.expectations.delete(objectKey(e.obj));
      this.queue.add(objectKey(e.obj));
    });
    pods.addHandler((e) => { this.podIndex.apply(e); this.onPod(e); });
  }

  /** The set that controls `pod`, if it is in the cache. */
  private ownerOf(pod: Pod): ReplicaSetObj | undefined {
    const ref = controllerOf(pod);
    if (ref?.kind !== 'ReplicaSet' || !ref.apiVersion.startsWith('apps/')) return undefined;
    const rs = this.sets.get(`${pod.metadata.namespace}/${ref.name}`);
    return rs?.metadata.uid === ref.uid ? rs : undefined;
  }

  private enqueueMatching(pod: Pod): void {
    for (const rs of this.sets.list()) {
      if (rs.metadata.namespace !== pod.metadata.namespace) continue;
      const sel = selectorOf(rs);
      if (sel && matchLabels(sel, pod.metadata.labels)) this.queue.add(objectKey(rs));
    }
  }

  private onPod(e: InformerEvent<Pod>): void {
    const pod = e.obj;
    const owner = this.ownerOf(pod);
    const key = owner && objectKey(owner);
    if (e.type === 'add') {
      if (key && pod.metadata.deletionTimestamp) this.expectations.deletionObserved(key, podKey(pod));
      else if (key) this.expectations.creationObserved(key);
      if (key) this.queue.add(key); else this.enqueueMatching(pod);
      return;
    }
    if (e.type === 'delete') {
      if (key) { this.expectations.deletionObserved(key, podKey(pod)); this.queue.add(key); }
      return;
    }
    const old = e.old;
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) { if (key) this.queue.add(key); return; } // resync
    // a graceful delete starts: the pod no longer counts, so the deletion is as good as observed
    if (key && pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) this.expectations.deletionObserved(key, podKey(pod));
    const oldOwner = this.ownerOf(old);
    if (oldOwner && oldOwner.metadata.uid !== owner?.metadata.uid) this.queue.add(objectKey(oldOwner));
    if (key) {
      this.queue.add(key);
      // a pod that just became ready turns available only after minReadySeconds: look again then
      const minReady = owner.spec.minReadySeconds ?? 0;
      if (minReady > 0 && isPodReady(pod) && !isPodReady(old)) this.queue.addAfter(key, minReady * 1000 + 1000);
    } else if (!controllerOf(pod)) {
      this.enqueueMatching(pod);
    }
  }

  /** One pass for `key` (public so unit tests can run one). */
  override async reconcile(key: string, signal?: AbortSignal): Promise<void> {
    const cached = this.sets.get(key);
    if (!cached) { this.expectations.delete(key); return; }
    const rs = structuredClone(cached);
    const sel = selectorOf(rs);
    if (!sel) { this.log.warn({ key }, 'ReplicaSet has an invalid selector; skipping'); return; }
    const needsSync = this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp;
    const ns = rs.metadata.namespace;
    const active = [...this.podIndex.owned(rs.metadata.uid), ...this.podIndex.orphans(ns)]
      .filter((p) => p.metadata.namespace === ns && isPodActive(p));
    const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
    const owned = await claimObjects<Pod>({
      client: this.d.client, owner: rs, ownerRef: ref, ref: inNs(PODS, ns), signal,
      matches: (p) => matchLabels(sel, p.metadata.labels),
      recheckOwner: () => this.d.client.get(inNs(REPLICASETS, ns), rs.metadata.name ?? '', { signal }),
    }, active);

    let manageErr: Error | undefined;
    if (needsSync) {
      try {
        await manageReplicas({ client: this.d.client, recorder: this.d.recorder, expectations: this.expectations }, key, rs, owned, this.relatedPods(rs, owned), signal);
      } catch (e) { manageErr = e as Error; }
    }
    const now = this.d.clock.now();
    const status = calculateReplicaSetStatus(rs, owned, manageErr, now);
    await updateReplicaSetStatus(this.d.client, rs, status, signal);
    const minReady = rs.spec.minReadySeconds ?? 0;
    if (!manageErr && minReady > 0 && status.readyReplicas === rs.spec.replicas && status.availableReplicas !== rs.spec.replicas) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageErr) throw manageErr;
  }

  /** Pods of this set and of its siblings (sets with the same controller), for the deletion ranking. */
  private relatedPods(rs: ReplicaSetObj, own: Pod[]): Pod[] {
    const parent = controllerOf(rs);
    if (!parent) return own;
    return this.setIndex.owned(parent.uid)
      .filter((s) => s.metadata.namespace === rs.metadata.namespace)
      .flatMap((s) => this.podIndex.owned(s.metadata.uid));
  }
}

export function createReplicaSetController(d: ControllerDeps, o: ReplicaSetControllerOptions = {}): RunnableController & ReplicaSetController {
  return new ReplicaSetController(d, o);
}
