/**
 * ReplicaSet bookkeeping for one Deployment (upstream `deployment/sync.go`): finding or creating
 * the new ReplicaSet (`<deploy>-<hash>`, revision = max old + 1), scaling one set with its event,
 * proportional scaling of all sets when spec.replicas changes mid-rollout, and the
 * revisionHistoryLimit cleanup.
 */
import { ApiError, isNotFound } from '../client/index.js';
import { getCondition, hasProgressDeadline, newCondition, R, setCondition } from './deployment-conditions.js';
import { setDeploymentRevision, updateDeploymentStatus, type DeploymentCtx } from './deployment-context.js';
import { computeHash, equalIgnoreHash, findNewReplicaSet } from './deployment-hash.js';
import {
  byCreation, byRevision, bySizeNewer, bySizeOlder, DESIRED_REPLICAS, filterActive, HASH_LABEL, isRollingUpdate, MAX_REPLICAS,
  maxRevision, maxSurge, replicasAnnotationsNeedUpdate, replicasOf, REVISION, setNewReplicaSetAnnotations, setReplicasAnnotations, specReplicasSum,
} from './deployment-util.js';
import { isNamespaceTerminating } from './pod-control.js';
import { controllerOf, controllerRef, inNs, REPLICASETS, type DeploymentObj, type ReplicaSetObj } from './replicaset-types.js';

const rsRef = (rs: ReplicaSetObj) => inNs(REPLICASETS, rs.metadata.namespace);

/** Upstream `NewRSNewReplicas`: how far the new set may grow now. */
export function newRSNewReplicas(d: DeploymentObj, allRSs: ReplicaSetObj[], newRS: ReplicaSetObj): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const current = specReplicasSum(allRSs);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
}

/** Sets spec.replicas (and the replicas annotations); records `ScalingReplicaSet` when the size changed. */
export async function scaleReplicaSet(ctx: DeploymentCtx, rs: ReplicaSetObj, newScale: number, d: DeploymentObj, op?: string): Promise<{ scaled: boolean; rs: ReplicaSetObj }> {
  const oldScale = replicasOf(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const max = replicasOf(d) + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max)) return { scaled: false, rs };
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, replicasOf(d), max);
  const out = await ctx.client.update<ReplicaSetObj>(rsRef(rs), copy, { signal: ctx.signal });
  if (sizeNeedsUpdate) {
    const dir = op ?? (oldScale < newScale ? 'up' : 'down');
    ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${dir} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: out };
}

export async function scaleAndRecord(ctx: DeploymentCtx, rs: ReplicaSetObj, newScale: number, d: DeploymentObj): Promise<{ scaled: boolean; rs: ReplicaSetObj }> {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d);
}

/** Upstream `getNewReplicaSet`: the set running the current template, created when asked and missing. */
async function getNewReplicaSet(ctx: DeploymentCtx, d: DeploymentObj, rsList: ReplicaSetObj[], oldRSs: ReplicaSetObj[], create: boolean): Promise<ReplicaSetObj | undefined> {
  const existing = findNewReplicaSet(d.spec.template, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  const status = (d.status ??= {});
  if (existing) {
    let rs = structuredClone(existing);
    const annotated = setNewReplicaSetAnnotations(d, rs, newRevision, true);
    if (annotated || (rs.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) {
      rs.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
      rs = await ctx.client.update<ReplicaSetObj>(rsRef(rs), rs, { signal: ctx.signal });
      rsList[rsList.indexOf(existing)] = rs; // later steps of this sync must not write from the stale copy
    }
    await setDeploymentRevision(ctx, d, rs.metadata.annotations?.[REVISION]);
    if (!getCondition(status, 'Progressing')) {
      setCondition(status, newCondition('Progressing', 'True', R.foundNewRS, `Found new replica set "${rs.metadata.name}"`, ctx.clock.now()));
      await updateDeploymentStatus(ctx, d);
    }
    return rs;
  }
  if (!create) return undefined;

  const hash = computeHash(d.spec.template, status.collisionCount);
  const template = structuredClone(d.spec.template ?? {});
  const labels = { ...template.metadata?.labels, [HASH_LABEL]: hash };
  template.metadata = { ...template.metadata, labels };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [HASH_LABEL]: hash };
  const candidate: ReplicaSetObj = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels, ownerReferences: [controllerRef(d, 'apps/v1', 'Deployment')] },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  const newReplicas = newRSNewReplicas(d, [...oldRSs, candidate], candidate);
  candidate.spec.replicas = newReplicas;
  setNewReplicaSetAnnotations(d, candidate, newRevision, false);

  let created: ReplicaSetObj;
  let alreadyExists = false;
  try {
    created = await ctx.client.create<ReplicaSetObj>(rsRef(candidate), candidate, { signal: ctx.signal });
  } catch (e) {
    if (e instanceof ApiError && e.code === 409 && e.reason === 'AlreadyExists') {
      // our own earlier create that the cache has not shown yet, or a hash collision
      const rs = await ctx.client.get<ReplicaSetObj>(rsRef(candidate), candidate.metadata.name ?? '', { signal: ctx.signal });
      if (controllerOf(rs)?.uid !== d.metadata.uid || !equalIgnoreHash(rs.spec.template, d.spec.template)) {
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        await updateDeploymentStatus(ctx, d);
        throw e;
      }
      created = rs;
      alreadyExists = true;
    } else {
      if (isNamespaceTerminating(e)) throw e;
      const msg = `Failed to create new replica set "${candidate.metadata.name}": ${(e as Error).message}`;
      if (hasProgressDeadline(d)) {
        setCondition(status, newCondition('Progressing', 'False', R.failedRSCreate, msg, ctx.clock.now()));
        await updateDeploymentStatus(ctx, d);
      }
      ctx.recorder.event(d, 'Warning', R.failedRSCreate, msg);
      throw e;
    }
  }
  if (!alreadyExists && newReplicas > 0) {
    ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicas}`);
  }
  let needsUpdate = false;
  await setDeploymentRevision(ctx, d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition(status, newCondition('Progressing', 'True', R.newRSCreated, `Created new replica set "${created.metadata.name}"`, ctx.clock.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx, d);
  return created;
}

/** Upstream `getAllReplicaSetsAndSyncRevision`: the new set (if any) and all the others. */
export async function getAllReplicaSets(ctx: DeploymentCtx, d: DeploymentObj, rsList: ReplicaSetObj[], create: boolean): Promise<{ newRS?: ReplicaSetObj; oldRSs: ReplicaSetObj[] }> {
  const current = findNewReplicaSet(d.spec.template, rsList);
  const oldRSs = rsList.filter((rs) => rs !== current);
  return { newRS: await getNewReplicaSet(ctx, d, rsList, oldRSs, create), oldRSs };
}

/** The only active set, else the newest when none is active, else undefined (upstream `FindActiveOrLatest`). */
function activeOrLatest(newRS: ReplicaSetObj | undefined, oldRSs: ReplicaSetObj[]): ReplicaSetObj | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const active = filterActive([...oldRSs, newRS]);
  if (active.length === 1) return active[0];
  if (active.length === 0) return newRS ?? [...oldRSs].sort(byCreation).at(-1);
  return undefined;
}

const isSaturated = (d: DeploymentObj, rs: ReplicaSetObj | undefined): boolean =>
  !!rs && replicasOf(rs) === replicasOf(d) && rs.metadata.annotations?.[DESIRED_REPLICAS] === String(replicasOf(d))
  && (rs.status?.availableReplicas ?? 0) === replicasOf(d);

/** Upstream `getReplicaSetFraction`: this set's share of a changed Deployment size. */
function fraction(rs: ReplicaSetObj, d: DeploymentObj): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const target = replicasOf(d) + maxSurge(d);
  const ann = rs.metadata.annotations?.[MAX_REPLICAS];
  const annotated = ann !== undefined && /^\d+$/.test(ann) ? Number(ann) : d.status?.replicas ?? 0;
  if (!annotated) return 0;
  return Math.round((replicasOf(rs) * target) / annotated) - replicasOf(rs);
}

/** Upstream `scale`: resize the sets after spec.replicas changed, proportionally during a rollout. */
export async function scale(ctx: DeploymentCtx, d: DeploymentObj, newRS: ReplicaSetObj | undefined, oldRSs: ReplicaSetObj[]): Promise<void> {
  const only = activeOrLatest(newRS, oldRSs);
  if (only) {
    if (replicasOf(only) !== replicasOf(d)) await scaleAndRecord(ctx, only, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleAndRecord(ctx, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicasSum(all);
  let op: string | undefined;
  if (toAdd > 0) { all.sort(bySizeNewer); op = 'up'; } else if (toAdd < 0) { all.sort(bySizeOlder); op = 'down'; }
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0 || replicasOf(rs) === 0 || added === toAdd) return replicasOf(rs);
    const f = fraction(rs, d);
    const p = toAdd > 0 ? Math.min(f, toAdd - added) : Math.max(f, toAdd - added);
    added += p;
    return replicasOf(rs) + p;
  });
  // leftovers go to the largest set
  if (all.length && toAdd !== 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  for (const [i, rs] of all.entries()) await scaleReplicaSet(ctx, rs, sizes[i]!, d, op);
}

/** Deletes the oldest scaled-down sets beyond revisionHistoryLimit (upstream `cleanupDeployment`). */
export async function cleanupDeployment(ctx: DeploymentCtx, oldRSs: ReplicaSetObj[], d: DeploymentObj): Promise<void> {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === 2147483647) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - limit;
  for (const rs of cleanable.slice(0, Math.max(0, diff))) {
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    try {
      await ctx.client.delete(rsRef(rs), rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid }, signal: ctx.signal });
    } catch (e) { if (!isNotFound(e)) throw e; }
  }
}
