/** batch/v1 resources; columns as kubectl 1.32's `printJob` and `printCronJob`. */
import { defaultCronJob, defaultJob, prepareJobForCreate } from '../defaults/batch.js';
import { gvkName } from '../schema/dsl.js';
import { validateCronJob, validateJob, type CronJob, type Job } from '../validation/batch.js';
import { formatSelector } from '../validation/selector.js';
import { templateColumns } from './apps.js';
import { age, ageColumn, col, humanDuration, nameColumn, none } from './columns.js';
import { defineResource, type AnyResourceDef } from './types.js';

const hasCondition = (o: Job, type: string) => (o.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** Terminal conditions win, then deletion, then the transient ones; otherwise the Job is running. */
function jobStatus(o: Job): string {
  if (hasCondition(o, 'Complete')) return 'Complete';
  if (hasCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  for (const c of ['Suspended', 'FailureTarget', 'SuccessCriteriaMet']) if (hasCondition(o, c)) return c;
  return 'Running';
}

function completions(o: Job): string {
  const done = o.status?.succeeded ?? 0;
  if (o.spec?.completions !== undefined) return `${done}/${o.spec.completions}`;
  const p = o.spec?.parallelism ?? 0;
  return p > 1 ? `${done}/1 of ${p}` : `${done}/1`;
}

function duration(o: Job, now: Date): string {
  const start = o.status?.startTime;
  if (!start) return '';
  const end = o.status?.completionTime ? Date.parse(o.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

const selectorCell = (s: Parameters<typeof formatSelector>[0]) => none(formatSelector(s));

export const jobs = defineResource<Job>({
  group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', singular: 'job', namespaced: true, categories: ['all'],
  schema: gvkName('batch', 'v1', 'Job'), subresources: { status: true },
  prepareForCreate: prepareJobForCreate, defaults: defaultJob, validate: validateJob,
  fieldSelectors: { 'status.successful': (o) => String(o.status?.succeeded ?? 0) },
  columns: [
    nameColumn,
    col('Status', jobStatus, { description: 'Status of the job.' }),
    col('Completions', completions, { description: 'The number of succeeded pods out of the desired completions.' }),
    col('Duration', duration, { description: 'Time required to complete the job.' }),
    ageColumn,
    ...templateColumns<Job>((o) => o.spec?.template, (o) => selectorCell(o.spec?.selector)),
  ],
});

export const cronJobs = defineResource<CronJob>({
  group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', singular: 'cronjob', namespaced: true,
  shortNames: ['cj'], categories: ['all'],
  schema: gvkName('batch', 'v1', 'CronJob'), subresources: { status: true },
  defaults: defaultCronJob, validate: validateCronJob,
  columns: [
    nameColumn,
    col('Schedule', (o) => o.spec?.schedule ?? ''),
    col('Timezone', (o) => none(o.spec?.timeZone)),
    // printBoolPtr: the flag is a string cell, `<unset>` when absent.
    col('Suspend', (o) => (o.spec?.suspend === undefined ? '<unset>' : o.spec.suspend ? 'True' : 'False'), { type: 'boolean' }),
    col('Active', (o) => o.status?.active?.length ?? 0, { type: 'integer' }),
    col('Last Schedule', (o, now) => (o.status?.lastScheduleTime ? age(o.status.lastScheduleTime, now) : '<none>')),
    ageColumn,
    ...templateColumns<CronJob>((o) => o.spec?.jobTemplate?.spec?.template, (o) => selectorCell(o.spec?.jobTemplate?.spec?.selector)),
  ],
});

export const batchResources: AnyResourceDef[] = [jobs, cronJobs];
