/** batch/v1 schemas (upstream `staging/src/k8s.io/api/batch/v1/types.go`). */
import { arr, bool, gvkName, int, int64, labelSelectorRef, listMap, obj, objectMetaRef, ref, set, str, time } from '../dsl.js';
import { kindSchema } from './meta.js';
import type { Schema, SchemaSet } from '../types.js';

const G = 'batch';
const n = (k: string) => gvkName(G, 'v1', k);

const kind = (k: string, description: string, props: Record<string, Schema>, required?: string[]): Schema =>
  kindSchema(G, 'v1', k, description, props, required ? { required } : {});

const podFailurePolicyRule = obj({
  action: str('Specifies the action taken on a pod failure when the requirements are satisfied: FailJob, FailIndex, Ignore or Count.'),
  onExitCodes: obj({
    containerName: str('Restricts the check for exit codes to the container with the specified name.'),
    operator: str('Represents the relationship between the container exit code(s) and the specified values: In or NotIn.'),
    values: set(int(), 'Specifies the set of values.'),
  }, 'Represents the requirement on the container exit codes.', { required: ['operator', 'values'] }),
  onPodConditions: arr(obj({
    type: str('Specifies the required Pod condition type.'), status: str('Specifies the required Pod condition status. Defaults to True.'),
  }, undefined, { required: ['type'] }), 'Represents the requirement on the pod conditions.'),
}, 'PodFailurePolicyRule describes how a pod failure is handled when the requirements are met.', { required: ['action'] });

export const batchSchemas: SchemaSet = {
  [n('Job')]: kind('Job', 'Job represents the configuration of a single job.', {
    spec: ref(n('JobSpec'), 'Specification of the desired behavior of a job.'),
    status: ref(n('JobStatus'), 'Current status of a job.'),
  }),
  [n('JobSpec')]: obj({
    parallelism: int('The maximum desired number of pods the job should run at any given time.'),
    completions: int('The desired number of successfully finished pods the job should be run with.'),
    activeDeadlineSeconds: int64('The duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it.'),
    podFailurePolicy: obj({ rules: arr(podFailurePolicyRule, 'A list of pod failure policy rules.') },
      'Specifies the policy of handling failed pods.', { required: ['rules'] }),
    successPolicy: obj({
      rules: arr(obj({
        succeededIndexes: str('Specifies the set of indexes which need to be contained in the actual set of the succeeded indexes.'),
        succeededCount: int('Specifies the minimal required size of the actual set of the succeeded indexes.'),
      }), 'Criteria used to determine a Job success.'),
    }, 'Specifies the policy when the Job can be declared as succeeded.', { required: ['rules'] }),
    backoffLimit: int('Specifies the number of retries before marking this job failed. Defaults to 6.'),
    backoffLimitPerIndex: int('Specifies the limit for the number of retries within an index before marking this index as failed.'),
    maxFailedIndexes: int('Specifies the maximal number of failed indexes before marking the Job as failed.'),
    selector: labelSelectorRef('A label query over pods that should match the pod count. Normally, the system sets this field for you.'),
    manualSelector: bool('Controls generation of pod labels and pod selectors. Leave unset unless you are certain what you are doing.'),
    template: ref('io.k8s.api.core.v1.PodTemplateSpec', 'Describes the pod that will be created when executing a job. The only allowed restartPolicy values are "Never" or "OnFailure".'),
    ttlSecondsAfterFinished: int('Limits the lifetime of a Job that has finished execution (either Complete or Failed).'),
    completionMode: str('Specifies how Pod completions are tracked: NonIndexed (default) or Indexed.'),
    suspend: bool('Specifies whether the Job controller should create Pods or not. Defaults to false.'),
    podReplacementPolicy: str('Specifies when to create replacement Pods: TerminatingOrFailed or Failed.'),
    managedBy: str('The controller which manages the Job. Immutable.'),
  }, 'JobSpec describes how the job execution will look like.', { required: ['template'] }),
  [n('JobStatus')]: obj({
    conditions: { ...listMap(ref(n('JobCondition')), 'type', 'The latest available observations of an object\'s current state.'), 'x-kubernetes-list-type': 'atomic' },
    startTime: time('Represents time when the job controller started processing a job.'),
    completionTime: time('Represents time when the job was completed.'),
    active: int('The number of pending and running pods which are not terminating.'),
    succeeded: int('The number of pods which reached phase Succeeded.'),
    failed: int('The number of pods which reached phase Failed.'),
    terminating: int('The number of pods which are terminating.'),
    completedIndexes: str('Holds the completed indexes when .spec.completionMode = "Indexed" in a text format.'),
    failedIndexes: str('Holds the failed indexes when spec.backoffLimitPerIndex is set.'),
    uncountedTerminatedPods: obj({
      succeeded: set(str(), 'UIDs of succeeded pods.'), failed: set(str(), 'UIDs of failed pods.'),
    }, 'The UIDs of Pods that have terminated but the job controller hasn\'t yet accounted for in the status counters.'),
    ready: int('The number of active pods which have a Ready condition and are not terminating.'),
  }, 'JobStatus represents the current state of a Job.'),
  [n('JobCondition')]: obj({
    type: str('Type of job condition, Complete or Failed.'), status: str('Status of the condition, one of True, False, Unknown.'),
    lastProbeTime: time('Last time the condition was checked.'), lastTransitionTime: time('Last time the condition transit from one status to another.'),
    reason: str("(brief) reason for the condition's last transition."), message: str('Human readable message indicating details about last transition.'),
  }, 'JobCondition describes current state of a job.', { required: ['type', 'status'] }),
  [n('JobTemplateSpec')]: obj({
    metadata: objectMetaRef('Standard object\'s metadata of the jobs created from this template.'),
    spec: ref(n('JobSpec'), 'Specification of the desired behavior of the job.'),
  }, 'JobTemplateSpec describes the data a Job should have when created from a template.'),

  [n('CronJob')]: kind('CronJob', 'CronJob represents the configuration of a single cron job.', {
    spec: ref(n('CronJobSpec'), 'Specification of the desired behavior of a cron job, including the schedule.'),
    status: ref(n('CronJobStatus'), 'Current status of a cron job.'),
  }),
  [n('CronJobSpec')]: obj({
    schedule: str('The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    timeZone: str('The time zone name for the given schedule. Defaults to the time zone of the kube-controller-manager process.'),
    startingDeadlineSeconds: int64('Optional deadline in seconds for starting the job if it misses scheduled time for any reason.'),
    concurrencyPolicy: str('Specifies how to treat concurrent executions of a Job: Allow (default), Forbid or Replace.'),
    suspend: bool('This flag tells the controller to suspend subsequent executions. Defaults to false.'),
    jobTemplate: ref(n('JobTemplateSpec'), 'Specifies the job that will be created when executing a CronJob.'),
    successfulJobsHistoryLimit: int('The number of successful finished jobs to retain. Defaults to 3.'),
    failedJobsHistoryLimit: int('The number of failed finished jobs to retain. Defaults to 1.'),
  }, 'CronJobSpec describes how the job execution will look like and when it will actually run.', { required: ['schedule', 'jobTemplate'] }),
  [n('CronJobStatus')]: obj({
    active: arr(ref('io.k8s.api.core.v1.ObjectReference'), 'A list of pointers to currently running jobs.'),
    lastScheduleTime: time('Information when was the last time the job was successfully scheduled.'),
    lastSuccessfulTime: time('Information when was the last time the job successfully completed.'),
  }, 'CronJobStatus represents the current state of a cron job.'),
};
