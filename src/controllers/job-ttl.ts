/**
 * TTL after finished (upstream `pkg/controller/ttlafterfinished`): a finished Job with
 * `ttlSecondsAfterFinished` is deleted, with Background propagation so the garbage collector
 * removes its pods, once the TTL has passed since it finished. The Job is re-read fresh and
 * deleted with a uid + resourceVersion precondition, so a Job that was just changed (e.g. its TTL
 * extended) is not deleted on stale data.
 */
import { isNotFound, type KubeClient } from '../client/index.js';
import { finishedCondition, JOBS, type BatchJob } from './job-status.js';

/** ms until the Job may be deleted (0: now), or undefined when it has no TTL or is not finished. */
export function ttlRemaining(j: BatchJob, now: number): number | undefined {
  const ttl = j.spec?.ttlSecondsAfterFinished;
  const fin = finishedCondition(j);
  if (ttl === undefined || !fin || j.metadata.deletionTimestamp) return undefined;
  const at = Date.parse((fin.type === 'Complete' && j.status?.completionTime) || fin.lastTransitionTime || '');
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at + ttl * 1000 - now);
}

/** Deletes the Job if its TTL has passed on a fresh read; returns ms to wait otherwise. */
export async function expireJob(client: Pick<KubeClient, 'get' | 'delete'>, cached: BatchJob, now: number): Promise<number | undefined> {
  const left = ttlRemaining(cached, now);
  if (left === undefined || left > 0) return left;
  const api = { ...JOBS, namespace: cached.metadata.namespace };
  let fresh: BatchJob;
  try { fresh = await client.get<BatchJob>(api, cached.metadata.name!); } catch (e) { if (isNotFound(e)) return undefined; throw e; }
  const again = ttlRemaining(fresh, now);
  if (again === undefined || again > 0) return again;
  try {
    await client.delete(api, fresh.metadata.name!, {
      propagationPolicy: 'Background', preconditions: { uid: fresh.metadata.uid, resourceVersion: fresh.metadata.resourceVersion },
    });
  } catch (e) {
    // a 409 means it changed since the read: retry with back-off on fresh data
    if (!isNotFound(e)) throw e;
  }
  return undefined;
}
