/**
 * Deployment status (upstream `deployment/sync.go` `calculateStatus`, `syncRolloutStatus`,
 * `progress.go`): replica counts summed over the ReplicaSets, `Available` from minimum
 * availability, `Progressing` from what changed since the last status (or the progress deadline
 * passing), and a timed re-sync so a stalled rollout is reported without any event arriving.
 */
import type { DeploymentCtx } from './deployment-context.js';
import { updateDeploymentStatus } from './deployment-context.js';
import {
  deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline, newCondition, R, removeCondition, setCondition,
} from './deployment-conditions.js';
import { actualReplicasSum, availableReplicasSum, maxUnavailable, readyReplicasSum, replicasOf, specReplicasSum } from './deployment-util.js';
import type { Condition, DeploymentObj, DeploymentStatus, ReplicaSetObj } from './replicaset-types.js';

type MaybeRS = ReplicaSetObj | undefined;

export function calculateStatus(allRSs: MaybeRS[], newRS: MaybeRS, d: DeploymentObj, now: number): DeploymentStatus {
  const available = availableReplicasSum(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicasSum(allRSs),
    updatedReplicas: actualReplicasSum([newRS]),
    readyReplicas: readyReplicasSum(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicasSum(allRSs) - available),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
  };
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', R.minAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', R.minUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** Field by field, absent counts as 0, as upstream's DeepEqual of the typed status would see it. */
const statusKey = (s: DeploymentStatus | undefined): string => JSON.stringify([
  s?.observedGeneration ?? 0, s?.replicas ?? 0, s?.updatedReplicas ?? 0, s?.readyReplicas ?? 0, s?.availableReplicas ?? 0,
  s?.unavailableReplicas ?? 0, s?.collisionCount ?? null,
  (s?.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '', c.lastUpdateTime ?? '', c.lastTransitionTime ?? '']),
]);
const sameStatus = (a: DeploymentStatus | undefined, b: DeploymentStatus): boolean => statusKey(a) === statusKey(b);

async function writeStatus(ctx: DeploymentCtx, d: DeploymentObj, status: DeploymentStatus): Promise<void> {
  if (!status.conditions?.length) delete status.conditions;
  d.status = status;
  await updateDeploymentStatus(ctx, d);
}

/** Status only: for paused, scaling-only and deleted Deployments. */
export async function syncDeploymentStatus(ctx: DeploymentCtx, allRSs: MaybeRS[], newRS: MaybeRS, d: DeploymentObj): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, ctx.clock.now());
  if (!sameStatus(d.status, status)) await writeStatus(ctx, d, status);
}

/** Status plus the Progressing condition, during and after a rollout. */
export async function syncRolloutStatus(ctx: DeploymentCtx, allRSs: MaybeRS[], newRS: MaybeRS, d: DeploymentObj): Promise<void> {
  const now = ctx.clock.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const isComplete = status.replicas === status.updatedReplicas && cur?.reason === R.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const what = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', R.newRSAvailable, `${what} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      // progress refreshes lastUpdateTime (the deadline's start) but keeps the transition time
      const c: Condition = newCondition('Progressing', 'True', R.rsUpdated, `${what} is progressing.`, now);
      if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, c);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', R.timedOut, `${what} has timed out progressing.`, now));
    }
  }
  const failure = allRSs.flatMap((rs) => rs?.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (failure) setCondition(status, { ...failure, lastUpdateTime: failure.lastTransitionTime });
  else removeCondition(status, 'ReplicaFailure');

  if (sameStatus(d.status, status)) { requeueStuck(ctx, d, status, now); return; }
  await writeStatus(ctx, d, status);
}

/** Upstream `requeueStuckDeployment`: look again when the progress deadline would pass. */
function requeueStuck(ctx: DeploymentCtx, d: DeploymentObj, status: DeploymentStatus, now: number): void {
  const c = getCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || !c) return;
  if (deploymentComplete(d, status) || c.reason === R.timedOut) return;
  const after = Date.parse(c.lastUpdateTime ?? '') + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - now;
  if (!Number.isFinite(after)) return;
  if (after < 1000) ctx.enqueueRateLimited();
  else ctx.enqueueAfter(after + 1000);
}

/** Upstream `checkPausedConditions`: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
export async function checkPausedConditions(ctx: DeploymentCtx, d: DeploymentObj): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === R.timedOut) return; // a reported stall is not overwritten
  const pausedShown = cond?.reason === R.paused;
  const status = structuredClone(d.status ?? {});
  if (d.spec.paused && !pausedShown) setCondition(status, newCondition('Progressing', 'Unknown', R.paused, 'Deployment is paused', ctx.clock.now()));
  else if (!d.spec.paused && pausedShown) setCondition(status, newCondition('Progressing', 'Unknown', R.resumed, 'Deployment is resumed', ctx.clock.now()));
  else return;
  await writeStatus(ctx, d, status);
}
