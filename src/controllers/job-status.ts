/**
 * Job status arithmetic (upstream `pkg/controller/job`): pod counts, conditions, the failure
 * criteria (backoffLimit, activeDeadlineSeconds) and the back-off before replacing failed pods.
 * Counting is from pod phases ("legacy tracking"): Kite does not put the
 * `batch.kubernetes.io/job-tracking` finalizer on pods and keeps no `uncountedTerminatedPods`, so
 * counts never go down (max with the last status) but a pod deleted before it was seen is not counted.
 */
import type { Pod } from '../api/registry/core-types.js';
import type { KObject } from '../api/types/index.js';
import type { JobSpec } from '../api/validation/batch.js';
import { isActive, isReady, isTerminal } from './job-pod-control.js';

export const JOBS = { group: 'batch', version: 'v1', plural: 'jobs' } as const;

export interface JobCondition {
  type: string; status: string; reason?: string; message?: string; lastProbeTime?: string; lastTransitionTime?: string;
}
export interface JobStatus {
  active?: number; ready?: number; succeeded?: number; failed?: number; terminating?: number;
  startTime?: string; completionTime?: string; conditions?: JobCondition[]; completedIndexes?: string;
}
export interface BatchJob extends KObject { spec?: JobSpec; status?: JobStatus }

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export const rfc3339 = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export const hasCondition = (s: JobStatus | undefined, type: string): boolean =>
  (s?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** `Complete` or `Failed` (True): the Job is done and the controller only runs its TTL. */
export const finishedCondition = (j: BatchJob): JobCondition | undefined =>
  j.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** Sets a condition; lastTransitionTime moves only when the status flips (upstream `ensureJobConditionStatus`). */
export function setCondition(s: JobStatus, type: string, status: 'True' | 'False', reason: string, message: string, now: string): void {
  const conds = (s.conditions ??= []);
  const c = conds.find((x) => x.type === type);
  if (!c) { conds.push({ type, status, lastProbeTime: now, lastTransitionTime: now, reason, message }); return; }
  if (c.status === status && c.reason === reason && c.message === message) return;
  if (c.status !== status) c.lastTransitionTime = now;
  Object.assign(c, { status, reason, message, lastProbeTime: now });
}

export interface PodCounts { active: Pod[]; succeeded: Pod[]; failed: Pod[]; terminating: number; ready: number }

export function countPods(pods: Pod[]): PodCounts {
  const active = pods.filter(isActive);
  return {
    active,
    succeeded: pods.filter((p) => p.status?.phase === 'Succeeded'),
    failed: pods.filter((p) => p.status?.phase === 'Failed'),
    terminating: pods.filter((p) => p.metadata.deletionTimestamp && !isTerminal(p)).length,
    ready: active.filter(isReady).length,
  };
}

const restarts = (p: Pod) => [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].reduce((n, c) => n + (c.restartCount ?? 0), 0);

/** Why the Job must fail now, if it must: the backoff limit, then the active deadline. */
export function failureOf(j: BatchJob, failed: number, active: Pod[], now: number): { reason: string; message: string } | undefined {
  const limit = j.spec?.backoffLimit ?? 6;
  if (failed > limit) return { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  if (j.spec?.template?.spec?.restartPolicy === 'OnFailure') {
    // restarts in place count as failures too (upstream `pastBackoffLimitOnFailure`)
    const n = active.reduce((s, p) => s + restarts(p), 0);
    if (limit === 0 ? n > 0 : n >= limit && n > 0) return { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  }
  const ads = j.spec?.activeDeadlineSeconds;
  const start = j.status?.startTime;
  if (ads !== undefined && start && !j.spec?.suspend && Date.parse(start) + ads * 1000 <= now) {
    return { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
  }
  return undefined;
}

/** ms until activeDeadlineSeconds passes (for a timed requeue), if it is set and ahead. */
export function untilDeadline(j: BatchJob, now: number): number | undefined {
  const ads = j.spec?.activeDeadlineSeconds;
  const start = j.status?.startTime;
  if (ads === undefined || !start || j.spec?.suspend) return undefined;
  return Math.max(0, Date.parse(start) + ads * 1000 - now);
}

const finishedAt = (p: Pod): number => {
  const times = (p.status?.containerStatuses ?? []).map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : Date.parse(p.metadata.creationTimestamp ?? '') || 0;
};

/**
 * ms to wait before creating replacement pods: `baseMs · 2^(failures−1)`, capped at 6 min, from the
 * last failure, counting failures since the last success (upstream's pod failure back-off).
 */
export function failureBackoff(succeeded: Pod[], failed: Pod[], now: number, baseMs: number): number {
  if (!baseMs || !failed.length) return 0;
  const lastSuccess = Math.max(0, ...succeeded.map(finishedAt));
  const recent = failed.map(finishedAt).filter((t) => t >= lastSuccess);
  if (!recent.length) return 0;
  const delay = Math.min(baseMs * 2 ** (recent.length - 1), 360_000);
  return Math.max(0, Math.max(...recent) + delay - now);
}
