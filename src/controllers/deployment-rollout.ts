/**
 * The two rollout strategies (upstream `deployment/rolling.go`, `recreate.go`).
 * RollingUpdate: grow the new set while the total stays within replicas + maxSurge; shrink old
 * sets while available pods stay at least replicas − maxUnavailable (old sets' unavailable pods
 * go first, since removing them costs no availability). Each pass makes one kind of move and
 * waits for the ReplicaSets' status to report its effect.
 * Recreate: scale every old set to 0, wait until none of their pods is left running, then
 * create and scale up the new set.
 */
import type { DeploymentCtx } from './deployment-context.js';
import { deploymentComplete } from './deployment-conditions.js';
import { syncRolloutStatus } from './deployment-status.js';
import { cleanupDeployment, getAllReplicaSets, newRSNewReplicas, scaleAndRecord } from './deployment-sync.js';
import { availableReplicasSum, byCreation, filterActive, maxUnavailable, replicasOf, specReplicasSum, actualReplicasSum } from './deployment-util.js';
import type { DeploymentObj, Pod, ReplicaSetObj } from './replicaset-types.js';

export async function rolloutRolling(ctx: DeploymentCtx, d: DeploymentObj, rsList: ReplicaSetObj[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSets(ctx, d, rsList, true);
  const allRSs = [...oldRSs, newRS];
  if (newRS && await reconcileNewReplicaSet(ctx, allRSs, newRS, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (await reconcileOldReplicaSets(ctx, allRSs, filterActive(oldRSs), newRS, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, allRSs, newRS, d);
}

async function reconcileNewReplicaSet(ctx: DeploymentCtx, allRSs: Array<ReplicaSetObj | undefined>, newRS: ReplicaSetObj, d: DeploymentObj): Promise<boolean> {
  if (replicasOf(newRS) === replicasOf(d)) return false;
  if (replicasOf(newRS) > replicasOf(d)) return (await scaleAndRecord(ctx, newRS, replicasOf(d), d)).scaled;
  const present = allRSs.filter((rs): rs is ReplicaSetObj => !!rs);
  return (await scaleAndRecord(ctx, newRS, newRSNewReplicas(d, present, newRS), d)).scaled;
}

async function reconcileOldReplicaSets(
  ctx: DeploymentCtx, allRSs: Array<ReplicaSetObj | undefined>, oldRSs: ReplicaSetObj[], newRS: ReplicaSetObj | undefined, d: DeploymentObj,
): Promise<boolean> {
  if (specReplicasSum(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS?.status?.availableReplicas ?? 0);
  // pods beyond the minimum that may go, not counting the new set's pods that are not up yet
  const maxScaledDown = specReplicasSum(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const scaled = await scaleDownOldForRollingUpdate(ctx, [...cleaned.rss, newRS], cleaned.rss, d);
  return cleaned.count + scaled > 0;
}

/** Scales old sets down by their unavailable pods, oldest first, up to `max` in total. */
async function cleanupUnhealthyReplicas(ctx: DeploymentCtx, oldRSs: ReplicaSetObj[], d: DeploymentObj, max: number): Promise<{ rss: ReplicaSetObj[]; count: number }> {
  const rss = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of rss.entries()) {
    if (total >= max) break;
    const unavailable = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (replicasOf(rs) === 0 || unavailable <= 0) continue;
    const n = Math.min(max - total, unavailable);
    rss[i] = (await scaleAndRecord(ctx, rs, replicasOf(rs) - n, d)).rs;
    total += n;
  }
  return { rss, count: total };
}

/** Scales old sets down, oldest first, as far as available pods above the minimum allow. */
async function scaleDownOldForRollingUpdate(ctx: DeploymentCtx, allRSs: Array<ReplicaSetObj | undefined>, oldRSs: ReplicaSetObj[], d: DeploymentObj): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicasSum(allRSs);
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (replicasOf(rs) === 0) continue;
    const n = Math.min(replicasOf(rs), budget - total);
    await scaleAndRecord(ctx, rs, replicasOf(rs) - n, d);
    total += n;
  }
  return total;
}

/** True while any pod of an old set may still be running (upstream `oldPodsRunning`). */
function oldPodsRunning(newRS: ReplicaSetObj | undefined, oldRSs: ReplicaSetObj[], podsByRS: Map<string, Pod[]>): boolean {
  if (actualReplicasSum(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByRS) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

export async function rolloutRecreate(ctx: DeploymentCtx, d: DeploymentObj, rsList: ReplicaSetObj[], podsByRS: Map<string, Pod[]>): Promise<void> {
  // the new set is not created yet: nothing may scale up before the old pods are gone
  let { newRS, oldRSs } = await getAllReplicaSets(ctx, d, rsList, false);
  let allRSs = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if ((await scaleAndRecord(ctx, rs, 0, d)).scaled) scaledDown = true;
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podsByRS)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSets(ctx, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) await scaleAndRecord(ctx, newRS, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, allRSs, newRS, d);
}
