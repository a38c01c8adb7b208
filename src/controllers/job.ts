/**
 * The Job controller (upstream `pkg/controller/job`): runs pods until `completions` succeed,
 * at most `parallelism` at a time (NonIndexed, or Indexed with one pod per completion index);
 * fails the Job past `backoffLimit` failures or `activeDeadlineSeconds`; `suspend` deletes the
 * active pods. As in 1.31+, `SuccessCriteriaMet` / `FailureTarget` come first and the terminal
 * `Complete` / `Failed` condition once no pod is left running. Finished Jobs with
 * `ttlSecondsAfterFinished` are deleted when it passes (job-ttl.ts). Pods are `<job>-<random>`
 * (`<job>-<index>-<random>` when Indexed) and carry the template's `job-name`/`controller-uid`
 * labels, which the API server put there. See job-status.ts for how pods are counted.
 */
import type { Pod } from '../api/registry/core-types.js';
import { isNotFound } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { objectKey } from './informer.js';
import { applyIndex, formatIndexes, planIndexed } from './job-indexed.js';
import {
  controllerOf, controllerRef, createOwnedPods, createPendingPods, isReady, PODS, podFromTemplate, type OwnedPods, type PendingPods,
} from './job-pod-control.js';
import {
  countPods, failureBackoff, failureOf, finishedCondition, hasCondition, JOBS, rfc3339, setCondition, untilDeadline,
  type BatchJob, type JobStatus,
} from './job-status.js';
import { expireJob } from './job-ttl.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';
import { canonicalJson } from './daemonset-history.js';

export interface JobControllerOptions {
  workers?: number;
  /** Base of the back-off before replacing failed pods (upstream 10 s); 0 turns it off. */
  failureBackoffMs?: number;
}

/** Pods to delete first: unscheduled, then not running, then not ready, then the newest. */
const deletionRank = (p: Pod) => (p.spec.nodeName ? 0 : 4) + (p.status?.phase === 'Running' ? 0 : 2) + (isReady(p) ? 0 : 1);
const byDeletionOrder = (a: Pod, b: Pod) =>
  deletionRank(b) - deletionRank(a) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');

interface Plan { remove: Pod[]; create: Array<number | undefined>; requeueMs?: number }

class JobController extends Controller {
  constructor(
    o: ControllerOptions, private readonly d: ControllerDeps, private readonly jobs: SharedInformer<BatchJob>,
    private readonly pods: SharedInformer<Pod>, private readonly owned: OwnedPods, private readonly pending: PendingPods,
    private readonly backoffMs: number,
  ) { super(o); }

  protected override async reconcile(key: string): Promise<void> {
    const cached = this.jobs.get(key);
    if (!cached || cached.metadata.deletionTimestamp) return;
    const now = this.d.clock.now();
    if (finishedCondition(cached)) {
      const after = await expireJob(this.d.client, cached, now);
      if (after !== undefined) this.queue.addAfter(key, after);
      return;
    }
    const job = structuredClone(cached);
    const status: JobStatus = (job.status ??= {});
    const pods = this.pending.view(key, this.owned.list(job.metadata.uid, (k) => this.pods.get(k)));
    const c = countPods(pods);
    const nowS = rfc3339(now);
    const spec = job.spec ?? {};
    const indexed = spec.completionMode === 'Indexed';
    const completions = spec.completions;
    const parallelism = spec.parallelism ?? 1;
    if (!status.startTime && !spec.suspend) status.startTime = nowS;

    const plan: Plan = { remove: [], create: [] };
    const prevSucceeded = indexed ? 0 : status.succeeded ?? 0;
    let succeeded = Math.max(prevSucceeded, c.succeeded.length);
    const failed = Math.max(status.failed ?? 0, c.failed.length);
    const idx = indexed ? planIndexed(pods, completions ?? 0, status.completedIndexes, Math.min(parallelism, (completions ?? 0))) : undefined;
    if (idx) succeeded = idx.succeeded.size;

    const target = status.conditions?.find((x) => x.type === 'FailureTarget' && x.status === 'True');
    const failure = target ? { reason: target.reason ?? '', message: target.message ?? '' } : failureOf(job, failed, c.active, now);
    const success = !failure && (hasCondition(status, 'SuccessCriteriaMet')
      || (completions !== undefined ? succeeded >= completions : succeeded > 0 && c.active.length === 0));

    if (failure) {
      setCondition(status, 'FailureTarget', 'True', failure.reason, failure.message, nowS);
      plan.remove = c.active;
    } else if (success) {
      setCondition(status, 'SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', nowS);
      plan.remove = c.active;
    } else if (spec.suspend) {
      plan.remove = c.active;
      if (!hasCondition(status, 'Suspended')) {
        setCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowS);
        this.d.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
      }
    } else {
      if (hasCondition(status, 'Suspended')) {
        setCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowS);
        status.startTime = nowS; // activeDeadlineSeconds counts continuous activity
        this.d.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
      }
      this.planPods(job, c, succeeded, idx, now, plan);
    }

    const errors: unknown[] = [];
    const removed = await this.removePods(key, job, plan.remove, errors);
    const created = await this.createPods(key, job, plan.create, errors);

    const active = c.active.length - removed + created;
    // zero counts are omitted, as Go's omitempty does; ready/terminating are pointers upstream
    Object.assign(status, { active, ready: c.ready, succeeded, failed, terminating: c.terminating });
    for (const k of ['active', 'succeeded', 'failed'] as const) if (!status[k]) delete status[k];
    if (idx) status.completedIndexes = formatIndexes(idx.succeeded);
    if ((failure || success) && active === 0 && c.terminating === 0 && !plan.remove.length) this.finish(job, status, failure, nowS);
    if (canonicalJson(status) !== canonicalJson(cached.status ?? {})) {
      await this.d.client.updateStatus({ ...JOBS, namespace: job.metadata.namespace }, job);
    }
    if (errors.length) throw errors[0];
    const deadline = untilDeadline(job, now);
    const after = [deadline, plan.requeueMs].filter((x): x is number => x !== undefined);
    if (!finishedCondition(job) && after.length) this.queue.addAfter(key, Math.max(Math.min(...after), 1));
  }

  private planPods(job: BatchJob, c: ReturnType<typeof countPods>, succeeded: number, idx: ReturnType<typeof planIndexed> | undefined, now: number, plan: Plan): void {
    const completions = job.spec?.completions;
    const parallelism = job.spec?.parallelism ?? 1;
    let want: number;
    if (completions === undefined) want = succeeded > 0 ? c.active.length : parallelism;
    else want = Math.max(0, Math.min(parallelism, completions - succeeded));
    let create: Array<number | undefined>;
    if (idx) { plan.remove = idx.remove; create = idx.create; }
    else if (c.active.length > want) { plan.remove = [...c.active].sort(byDeletionOrder).slice(0, c.active.length - want); create = []; }
    else create = Array.from({ length: want - c.active.length }, () => undefined);
    const wait = create.length ? failureBackoff(c.succeeded, c.failed, now, this.backoffMs) : 0;
    if (wait > 0) plan.requeueMs = wait;
    else plan.create = create;
  }

  private finish(job: BatchJob, status: JobStatus, failure: { reason: string; message: string } | undefined, nowS: string): void {
    if (failure) {
      setCondition(status, 'Failed', 'True', failure.reason, failure.message, nowS);
      this.d.recorder.event(job, 'Warning', failure.reason, failure.message);
    } else {
      setCondition(status, 'Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', nowS);
      status.completionTime = nowS;
      this.d.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    }
  }

  private async removePods(key: string, job: BatchJob, pods: Pod[], errors: unknown[]): Promise<number> {
    let n = 0;
    await Promise.all(pods.map(async (p) => {
      try {
        await this.d.client.delete({ ...PODS, namespace: p.metadata.namespace }, p.metadata.name!, { preconditions: { uid: p.metadata.uid } });
      } catch (e) {
        if (!isNotFound(e)) { errors.push(e); this.d.recorder.event(job, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`); return; }
      }
      this.pending.deleted(key, p);
      n++;
      this.d.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
    }));
    return n;
  }

  /** Slow start as upstream: batches of 1, 2, 4, … so a broken template fails once, not N times. */
  private async createPods(key: string, job: BatchJob, indexes: Array<number | undefined>, errors: unknown[]): Promise<number> {
    const name = job.metadata.name!;
    let n = 0;
    for (let i = 0, batch = 1; i < indexes.length && !errors.length; i += batch, batch *= 2) {
      await Promise.all(indexes.slice(i, i + batch).map(async (index) => {
        const pod = podFromTemplate(job.spec?.template, job, controllerRef(job, 'batch/v1', 'Job'), { generateName: index === undefined ? `${name}-` : `${name}-${index}-` });
        if (index !== undefined) applyIndex(pod, name, index);
        try {
          const made = await this.d.client.create<Pod>({ ...PODS, namespace: job.metadata.namespace }, pod);
          this.pending.created(key, made);
          n++;
          this.d.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`);
        } catch (e) {
          errors.push(e);
          this.d.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
        }
      }));
    }
    return n;
  }
}

export function createJobController(d: ControllerDeps, opts: JobControllerOptions = {}): RunnableController {
  const jobs = d.informers.forResource<BatchJob>(JOBS);
  const pods = d.informers.forResource<Pod>(PODS);
  const queue = createWorkQueue<string>({ clock: d.clock });
  const owned = createOwnedPods('Job');
  const pending = createPendingPods(() => d.clock.now());
  jobs.addHandler((e) => { if (e.type !== 'delete') queue.add(objectKey(e.obj)); });
  pods.addHandler((e) => {
    owned.observe(e);
    pending.observe(e);
    const ref = controllerOf(e.obj, 'Job');
    if (ref) queue.add(`${e.obj.metadata.namespace}/${ref.name}`);
  });
  return new JobController({ name: 'job', log: d.log, shared: [jobs, pods], queue, workers: opts.workers ?? 2 }, d, jobs, pods, owned, pending, opts.failureBackoffMs ?? 10_000);
}
