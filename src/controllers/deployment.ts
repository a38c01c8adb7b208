/**
 * The Deployment controller (upstream `pkg/controller/deployment`): drives a Deployment's
 * ReplicaSets, one per pod template, towards its spec. One sync claims the ReplicaSets its
 * selector matches, then either only resizes them (paused, or spec.replicas changed) or rolls out
 * with the strategy, and writes status. The ReplicaSet controller does the pods; this one only
 * writes ReplicaSets, the Deployment's status and its revision annotation.
 */
import { matchLabels } from '../api/selectors/index.js';
import { Controller } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import type { DeploymentCtx } from './deployment-context.js';
import { rolloutRecreate, rolloutRolling } from './deployment-rollout.js';
import { checkPausedConditions, syncDeploymentStatus } from './deployment-status.js';
import { cleanupDeployment, getAllReplicaSets, scale } from './deployment-sync.js';
import { DESIRED_REPLICAS, filterActive, replicasOf } from './deployment-util.js';
import { objectKey, type InformerEvent } from './informer.js';
import { selectorOf } from './replicaset.js';
import { claimObjects } from './replicaset-claim.js';
import { createOwnerIndex } from './replicaset-index.js';
import { controllerOf, controllerRef, DEPLOYMENTS, inNs, PODS, REPLICASETS, type DeploymentObj, type Pod, type ReplicaSetObj } from './replicaset-types.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

export interface DeploymentControllerOptions { workers?: number }

export class DeploymentController extends Controller {
  private readonly deploys: SharedInformer<DeploymentObj>;
  private readonly sets: SharedInformer<ReplicaSetObj>;
  private readonly pods: SharedInformer<Pod>;
  /** ReplicaSets by controller uid (orphans by namespace): a sync looks at its own, not all 1,000. */
  private readonly setIndex = createOwnerIndex<ReplicaSetObj>();

  constructor(private readonly d: ControllerDeps, o: DeploymentControllerOptions = {}) {
    const deploys = d.informers.forResource<DeploymentObj>(DEPLOYMENTS);
    const sets = d.informers.forResource<ReplicaSetObj>(REPLICASETS);
    const pods = d.informers.forResource<Pod>(PODS);
    super({ name: 'deployment', log: d.log, shared: [deploys, sets, pods], queue: createWorkQueue<string>({ clock: d.clock }), workers: o.workers ?? 5 });
    this.deploys = deploys;
    this.sets = sets;
    this.pods = pods;
    deploys.addHandler((e) => this.queue.add(objectKey(e.obj)));
    sets.addHandler((e) => { this.setIndex.apply(e); this.onReplicaSet(e); });
    // Recreate waits for old pods to be gone; their deletion is the event that lets it go on
    pods.addHandler((e) => {
      if (e.type !== 'delete') return;
      const rs = this.ownedSet(e.obj);
      const dep = rs && this.ownerOf(rs);
      if (dep?.spec.strategy?.type === 'Recreate') this.queue.add(objectKey(dep));
    });
  }

  private ownedSet(pod: Pod): ReplicaSetObj | undefined {
    const ref = controllerOf(pod);
    const rs = ref?.kind === 'ReplicaSet' ? this.sets.get(`${pod.metadata.namespace}/${ref.name}`) : undefined;
    return rs?.metadata.uid === ref?.uid ? rs : undefined;
  }

  private ownerOf(rs: ReplicaSetObj): DeploymentObj | undefined {
    const ref = controllerOf(rs);
    if (ref?.kind !== 'Deployment') return undefined;
    const dep = this.deploys.get(`${rs.metadata.namespace}/${ref.name}`);
    return dep?.metadata.uid === ref.uid ? dep : undefined;
  }

  private enqueueMatching(rs: ReplicaSetObj): void {
    for (const dep of this.deploys.list()) {
      if (dep.metadata.namespace !== rs.metadata.namespace) continue;
      const sel = selectorOf(dep);
      if (sel && sel.length && matchLabels(sel, rs.metadata.labels)) this.queue.add(objectKey(dep));
    }
  }

  private onReplicaSet(e: InformerEvent<ReplicaSetObj>): void {
    const owner = this.ownerOf(e.obj);
    if (e.type === 'update') {
      const old = this.ownerOf(e.old);
      if (old && old.metadata.uid !== owner?.metadata.uid) this.queue.add(objectKey(old));
    }
    if (owner) this.queue.add(objectKey(owner));
    else if (e.type !== 'delete' && !controllerOf(e.obj)) this.enqueueMatching(e.obj);
  }

  /** One pass for `key` (public so unit tests can run one). */
  override async reconcile(key: string, signal?: AbortSignal): Promise<void> {
    const cached = this.deploys.get(key);
    if (!cached) return;
    const d = structuredClone(cached);
    const ctx: DeploymentCtx = {
      client: this.d.client, recorder: this.d.recorder, clock: this.d.clock, log: this.log, signal,
      enqueueAfter: (ms) => this.queue.addAfter(key, ms), enqueueRateLimited: () => this.queue.addRateLimited(key),
    };
    const sel = selectorOf(d);
    if (!sel) return;
    if (!sel.length) {
      this.d.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      return;
    }
    const ns = d.metadata.namespace;
    const rsList = await claimObjects<ReplicaSetObj>({
      client: this.d.client, owner: d, ownerRef: controllerRef(d, 'apps/v1', 'Deployment'), ref: inNs(REPLICASETS, ns), signal,
      matches: (rs) => matchLabels(sel, rs.metadata.labels),
      recheckOwner: () => this.d.client.get(inNs(DEPLOYMENTS, ns), d.metadata.name ?? '', { signal }),
    }, [...this.setIndex.owned(d.metadata.uid), ...this.setIndex.orphans(ns)].filter((rs) => rs.metadata.namespace === ns));

    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await getAllReplicaSets(ctx, d, rsList, false);
      return syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
    }
    await checkPausedConditions(ctx, d);
    if (d.spec.paused || await this.isScalingEvent(ctx, d, rsList)) return this.syncScaleOnly(ctx, d, rsList);
    if (d.spec.strategy?.type === 'Recreate') return rolloutRecreate(ctx, d, rsList, this.podsByReplicaSet(ns, rsList));
    return rolloutRolling(ctx, d, rsList);
  }

  /** Upstream `isScalingEvent`: an active set annotated for a different size than spec.replicas. */
  private async isScalingEvent(ctx: DeploymentCtx, d: DeploymentObj, rsList: ReplicaSetObj[]): Promise<boolean> {
    const { newRS, oldRSs } = await getAllReplicaSets(ctx, d, rsList, false);
    return filterActive([...oldRSs, newRS]).some((rs) => {
      const v = rs.metadata.annotations?.[DESIRED_REPLICAS];
      return v !== undefined && /^\d+$/.test(v) && Number(v) !== replicasOf(d);
    });
  }

  /** Upstream `sync`: resize without rolling out (paused, or a scaling event), then status. */
  private async syncScaleOnly(ctx: DeploymentCtx, d: DeploymentObj, rsList: ReplicaSetObj[]): Promise<void> {
    const { newRS, oldRSs } = await getAllReplicaSets(ctx, d, rsList, false);
    await scale(ctx, d, newRS, oldRSs);
    if (d.spec.paused) await cleanupDeployment(ctx, oldRSs, d);
    await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
  }

  private podsByReplicaSet(ns: string | undefined, rsList: ReplicaSetObj[]): Map<string, Pod[]> {
    const out = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid ?? '', []]));
    for (const p of this.pods.list()) {
      const uid = controllerOf(p)?.uid;
      if (p.metadata.namespace === ns && uid && out.has(uid)) out.get(uid)!.push(p);
    }
    return out;
  }
}

export function createDeploymentController(d: ControllerDeps, o: DeploymentControllerOptions = {}): RunnableController & DeploymentController {
  return new DeploymentController(d, o);
}
