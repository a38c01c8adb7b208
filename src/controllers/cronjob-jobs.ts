/**
 * The Jobs a CronJob owns (upstream `cronjob_controllerv2.go` helpers): building one from the
 * jobTemplate, references for `status.active`, and pruning finished Jobs beyond
 * `successfulJobsHistoryLimit` / `failedJobsHistoryLimit` (oldest start first).
 */
import type { KObject } from '../api/types/index.js';
import type { CronJob } from '../api/validation/batch.js';
import { isNotFound, type KubeClient } from '../client/index.js';
import type { EventRecorder } from './deps.js';
import { controllerRef } from './job-pod-control.js';
import { finishedCondition, JOBS, rfc3339, type BatchJob } from './job-status.js';

export const CRONJOBS = { group: 'batch', version: 'v1', plural: 'cronjobs' } as const;
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export interface JobRef { apiVersion?: string; kind?: string; name?: string; namespace?: string; uid?: string; resourceVersion?: string }
export interface CronJobStatus { active?: JobRef[]; lastScheduleTime?: string; lastSuccessfulTime?: string }
export interface BatchCronJob extends KObject { spec?: CronJob['spec']; status?: CronJobStatus }

export function jobFromTemplate(cj: BatchCronJob, name: string, scheduled: number): BatchJob {
  const tm = (cj.spec?.jobTemplate?.metadata ?? {}) as KObject['metadata'];
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name, namespace: cj.metadata.namespace,
      labels: { ...(tm.labels ?? {}) },
      annotations: { ...(tm.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339(scheduled) },
      ownerReferences: [controllerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: structuredClone(cj.spec?.jobTemplate?.spec ?? {}),
  };
}

export const jobRef = (j: BatchJob): JobRef => ({
  apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: j.metadata.namespace, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion,
});

/** 'Complete' | 'Failed' when finished. */
export const finishedType = (j: BatchJob): string | undefined => finishedCondition(j)?.type;

const startOf = (j: BatchJob) => Date.parse(j.status?.startTime ?? '') || Number.MAX_SAFE_INTEGER;

/** Deletes finished Jobs beyond the history limits; returns the names deleted. */
export async function pruneHistory(
  client: Pick<KubeClient, 'delete'>, recorder: EventRecorder, cj: BatchCronJob, jobs: BatchJob[],
): Promise<string[]> {
  const doomed: BatchJob[] = [];
  const limits: Array<[string, number | undefined]> = [['Complete', cj.spec?.successfulJobsHistoryLimit], ['Failed', cj.spec?.failedJobsHistoryLimit]];
  for (const [type, limit] of limits) {
    if (limit === undefined) continue;
    const done = jobs.filter((j) => finishedType(j) === type && !j.metadata.deletionTimestamp)
      .sort((a, b) => startOf(a) - startOf(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    doomed.push(...done.slice(0, Math.max(0, done.length - limit)));
  }
  for (const j of doomed) {
    try {
      await client.delete({ ...JOBS, namespace: j.metadata.namespace }, j.metadata.name!, { propagationPolicy: 'Background', preconditions: { uid: j.metadata.uid } });
      recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return doomed.map((j) => j.metadata.name!);
}
