/**
 * The CronJob controller (upstream `cronjob_controllerv2.go`): at each start time of
 * `spec.schedule` (in `spec.timeZone`) it creates the Job `<cronjob>-<minutes since epoch>` from
 * the jobTemplate, owned by the CronJob, then sleeps on the work queue (`addAfter`) until the next
 * one. `concurrencyPolicy` Allow / Forbid (skip while a Job is active) / Replace (delete the active
 * ones first); `startingDeadlineSeconds` bounds how late a missed start may still run; after more
 * than 100 missed starts only the latest runs (TooManyMissedTimes); `suspend` stops new starts.
 * Status keeps `active`, `lastScheduleTime`, `lastSuccessfulTime`; finished Jobs beyond the
 * history limits are deleted. Test override: see `kite.dev/schedule-seconds` in cronjob-times.ts.
 */
import { isConflict, isNotFound } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import { canonicalJson } from './daemonset-history.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { objectKey } from './informer.js';
import { CRONJOBS, finishedType, jobFromTemplate, jobRef, pruneHistory, type BatchCronJob, type JobRef } from './cronjob-jobs.js';
import { jobNameFor, MAX_MISSED, mostRecentStart, timingOf } from './cronjob-times.js';
import { controllerOf, isControlledBy } from './job-pod-control.js';
import { JOBS, rfc3339, type BatchJob } from './job-status.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

export interface CronJobControllerOptions { workers?: number }

/** Upstream requeues a little after the start time, so the next pass finds it due. */
const REQUEUE_SLACK_MS = 100;

class CronJobController extends Controller {
  constructor(o: ControllerOptions, private readonly d: ControllerDeps, private readonly cronJobs: SharedInformer<BatchCronJob>, private readonly jobs: SharedInformer<BatchJob>) {
    super(o);
  }

  protected override async reconcile(key: string): Promise<void> {
    const cached = this.cronJobs.get(key);
    if (!cached) return;
    const cj = structuredClone(cached);
    const status = (cj.status ??= {});
    const now = this.d.clock.now();
    const owned = this.jobs.list().filter((j) => j.metadata.namespace === cj.metadata.namespace && isControlledBy(j, cj));
    status.active = await this.syncActive(cj, owned);
    const after = await this.schedule(cj, owned, now);
    if (!status.active?.length) delete status.active;
    if (canonicalJson(status) !== canonicalJson(cached.status ?? {})) {
      await this.d.client.updateStatus({ ...CRONJOBS, namespace: cj.metadata.namespace }, cj);
    }
    await pruneHistory(this.d.client, this.d.recorder, cj, owned);
    if (after !== undefined) this.queue.addAfter(key, after);
  }

  /** `status.active` as the Jobs now are: finished ones leave it, unlisted running ones join it. */
  private async syncActive(cj: BatchCronJob, owned: BatchJob[]): Promise<JobRef[]> {
    const status = cj.status!;
    const listed = status.active ?? [];
    const byUid = new Map(owned.map((j) => [j.metadata.uid, j]));
    const active: JobRef[] = [];
    for (const ref of listed) {
      let j = byUid.get(ref.uid);
      if (!j) {
        // Not in the cache: it may be newer than the cache or gone; ask the API.
        j = await this.d.client.get<BatchJob>({ ...JOBS, namespace: cj.metadata.namespace }, ref.name ?? '')
          .catch((e: unknown) => { if (isNotFound(e)) return undefined; throw e; });
        if (!j || j.metadata.uid !== ref.uid) {
          this.d.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
          continue;
        }
      }
      const fin = finishedType(j);
      if (!fin) active.push(ref);
      else this.d.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${fin}`);
    }
    for (const j of owned) {
      if (!finishedType(j) && !j.metadata.deletionTimestamp && !active.some((r) => r.uid === j.metadata.uid)) active.push(jobRef(j));
      const done = finishedType(j) === 'Complete' ? j.status?.completionTime : undefined;
      if (done && (!status.lastSuccessfulTime || Date.parse(done) > Date.parse(status.lastSuccessfulTime))) status.lastSuccessfulTime = done;
    }
    return active;
  }

  /** Starts the Job that is due, if any; returns ms until the next start (undefined: never). */
  private async schedule(cj: BatchCronJob, owned: BatchJob[], now: number): Promise<number | undefined> {
    const status = cj.status!;
    const spec = cj.spec ?? {};
    if (cj.metadata.deletionTimestamp) return undefined;
    const timing = timingOf(cj);
    if ('error' in timing) {
      // a user error: retrying cannot help, the next spec change re-queues the key
      this.d.recorder.event(cj, 'Warning', timing.reason, timing.error);
      return undefined;
    }
    if (spec.suspend) return undefined;
    const next = timing.schedule.next(now);
    const wait = next === undefined ? undefined : next - now + REQUEUE_SLACK_MS;
    let earliest = Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
    const sds = spec.startingDeadlineSeconds;
    if (sds !== undefined) earliest = Math.max(earliest, now - sds * 1000);
    const { time, missed } = mostRecentStart(timing.schedule, earliest, now);
    if (missed > MAX_MISSED) {
      this.d.recorder.event(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    if (time === undefined) return wait;
    if (sds !== undefined && time + sds * 1000 < now) {
      this.d.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(time).toUTCString()}`);
      return wait;
    }
    const name = jobNameFor(cj, time, timing.seconds);
    const existing = owned.find((j) => j.metadata.name === name);
    if (existing || status.active?.some((r) => r.name === name)) {
      status.lastScheduleTime = rfc3339(time); // already started (a pass whose status write was lost)
      return wait;
    }
    if (spec.concurrencyPolicy === 'Forbid' && status.active?.length) {
      this.d.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return wait;
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const ref of status.active ?? []) {
        await this.d.client.delete({ ...JOBS, namespace: cj.metadata.namespace }, ref.name ?? '', { propagationPolicy: 'Background', preconditions: { uid: ref.uid } })
          .catch((e: unknown) => { if (!isNotFound(e)) throw e; });
        this.d.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`);
      }
      status.active = [];
    }
    const created = await this.createJob(cj, name, time);
    if (!created) return wait;
    if (!finishedType(created)) status.active = [...(status.active ?? []), jobRef(created)];
    status.lastScheduleTime = rfc3339(time);
    return wait;
  }

  private async createJob(cj: BatchCronJob, name: string, time: number): Promise<BatchJob | undefined> {
    const api = { ...JOBS, namespace: cj.metadata.namespace };
    try {
      const job = await this.d.client.create<BatchJob>(api, jobFromTemplate(cj, name, time));
      this.d.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return job;
    } catch (e) {
      if (!isConflict(e)) {
        this.d.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${(e as Error).message}`);
        throw e;
      }
      // AlreadyExists: ours from a pass the cache has not caught up with, or someone else's Job.
      const j = await this.d.client.get<BatchJob>(api, name);
      if (isControlledBy(j, cj)) return j;
      this.d.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: a job named ${name} already exists and is not owned by this CronJob`);
      return undefined;
    }
  }
}

export function createCronJobController(d: ControllerDeps, opts: CronJobControllerOptions = {}): RunnableController {
  const cronJobs = d.informers.forResource<BatchCronJob>(CRONJOBS);
  const jobs = d.informers.forResource<BatchJob>(JOBS);
  const queue = createWorkQueue<string>({ clock: d.clock });
  cronJobs.addHandler((e) => { if (e.type !== 'delete') queue.add(objectKey(e.obj)); });
  jobs.addHandler((e) => {
    const ref = controllerOf(e.obj, 'CronJob');
    if (ref) queue.add(`${e.obj.metadata.namespace}/${ref.name}`);
  });
  return new CronJobController({ name: 'cronjob', log: d.log, shared: [cronJobs, jobs], queue, workers: opts.workers ?? 2 }, d, cronJobs, jobs);
}
