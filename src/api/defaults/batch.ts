/** batch/v1 defaults (upstream `pkg/apis/batch/v1/defaults.go`). */
import type { CronJob, Job, JobSpec } from '../validation/batch.js';
import { defaultTemplate } from './apps.js';

const MAX_INT32 = 2147483647;

function defaultJobSpec(spec: JobSpec): void {
  // Neither set means "one pod, run once"; parallelism alone means a work queue (completions stays unset).
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex === undefined ? 6 : MAX_INT32;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultTemplate(spec.template);
}

export function defaultJob(o: Job): void {
  const spec = (o.spec ??= {});
  // A Job without labels takes its template's, as upstream does.
  const tl = spec.template?.metadata?.labels;
  if (tl && Object.keys(o.metadata.labels ?? {}).length === 0) o.metadata.labels = { ...tl };
  defaultJobSpec(spec);
}

export function defaultCronJob(o: CronJob): void {
  const spec = (o.spec ??= {});
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultJobSpec(((spec.jobTemplate ??= {}).spec ??= {}));
}

/**
 * A Job without `manualSelector` gets a selector on its own uid, and its pod template the matching labels
 * (k8s jobStrategy.PrepareForCreate), so pods of two Jobs never match each other.
 */
export function prepareJobForCreate(job: Job): void {
  const spec = job.spec;
  if (!spec || spec.manualSelector) return;
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const tmpl = (spec.template ??= {});
  const meta = (tmpl.metadata ??= {}) as { labels?: Record<string, string> };
  meta.labels = {
    ...meta.labels,
    'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name,
  };
}
