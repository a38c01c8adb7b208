import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCronJobController } from '../../../src/controllers/cronjob.js';
import type { BatchCronJob } from '../../../src/controllers/cronjob-jobs.js';
import type { BatchJob } from '../../../src/controllers/job-status.js';
import { workloadFixture } from './workloads-fixture.js';

const minutes = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

function cronJob(spec: Partial<NonNullable<BatchCronJob['spec']>> = {}, status: BatchCronJob['status'] = {}, annotations?: Record<string, string>): BatchCronJob {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default', uid: 'cj-uid', resourceVersion: '3', creationTimestamp: '2025-01-01T00:00:00Z', annotations },
    spec: {
      schedule: '*/5 * * * *', timeZone: 'UTC', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { app: 'tick' } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
    status,
  };
}

function ownedJob(name: string, finished?: 'Complete' | 'Failed', startTime = '2025-01-01T00:00:00Z'): BatchJob {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'cj-uid', controller: true }] },
    spec: {},
    status: finished ? { startTime, completionTime: finished === 'Complete' ? startTime : undefined, conditions: [{ type: finished, status: 'True' }] } : { startTime },
  };
}

function setup(cj: BatchCronJob, now: string, jobs: BatchJob[] = []) {
  const f = workloadFixture({ cache: { cronjobs: [cj], jobs }, now });
  const reconcile = f.reconciler(createCronJobController(f.deps));
  const status = () => f.written<BatchCronJob>('updateStatus', 'cronjobs').at(-1)?.status;
  return { f, reconcile: () => reconcile('default/tick'), status };
}

describe('cronjob controller', () => {
  it('at a due start it creates <cronjob>-<minutes> from the template and records it as active', async () => {
    const t = setup(cronJob(), '2025-01-01T00:05:30Z');
    await t.reconcile();
    const name = `tick-${minutes('2025-01-01T00:05:00Z')}`;
    assert.deepEqual(t.f.writes(), [`create jobs/${name}`, 'updateStatus cronjobs/tick']);
    const job = t.f.written<BatchJob>('create', 'jobs')[0]!;
    assert.deepEqual(job.metadata.labels, { app: 'tick' });
    assert.equal(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2025-01-01T00:05:00Z');
    assert.deepEqual(job.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'cj-uid', controller: true, blockOwnerDeletion: true }]);
    assert.equal(t.status()?.lastScheduleTime, '2025-01-01T00:05:00Z');
    assert.deepEqual(t.status()?.active?.map((r) => r.name), [name]);
  });

  it('nothing is due between start times', async () => {
    const t = setup(cronJob({}, { lastScheduleTime: '2025-01-01T00:05:00Z' }), '2025-01-01T00:07:00Z');
    await t.reconcile();
    assert.deepEqual(t.f.writes(), []);
  });

  it('Forbid skips the start while a Job is active', async () => {
    const active = ownedJob('tick-1');
    const t = setup(cronJob({ concurrencyPolicy: 'Forbid' }, { lastScheduleTime: '2025-01-01T00:00:00Z', active: [{ kind: 'Job', name: 'tick-1', namespace: 'default', uid: 'uid-tick-1' }] }), '2025-01-01T00:05:10Z', [active]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), []);
    assert.deepEqual(t.f.events.map((e) => e.reason), ['JobAlreadyActive']);
  });

  it('Replace deletes the active Job, then starts the new one', async () => {
    const t = setup(cronJob({ concurrencyPolicy: 'Replace' }, { lastScheduleTime: '2025-01-01T00:00:00Z', active: [{ kind: 'Job', name: 'tick-1', namespace: 'default', uid: 'uid-tick-1' }] }), '2025-01-01T00:05:10Z', [ownedJob('tick-1')]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['delete jobs/tick-1', `create jobs/tick-${minutes('2025-01-01T00:05:00Z')}`, 'updateStatus cronjobs/tick']);
    assert.deepEqual(t.status()?.active?.length, 1);
  });

  it('a finished Job leaves the active list and sets lastSuccessfulTime', async () => {
    const t = setup(cronJob({}, { lastScheduleTime: '2025-01-01T00:00:00Z', active: [{ kind: 'Job', name: 'tick-1', namespace: 'default', uid: 'uid-tick-1' }] }), '2025-01-01T00:03:00Z', [ownedJob('tick-1', 'Complete', '2025-01-01T00:01:00Z')]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['updateStatus cronjobs/tick']);
    assert.deepEqual(t.status(), { lastScheduleTime: '2025-01-01T00:00:00Z', lastSuccessfulTime: '2025-01-01T00:01:00Z' });
  });

  it('history limits delete the oldest finished Jobs', async () => {
    const jobs = [
      ownedJob('ok-1', 'Complete', '2025-01-01T00:01:00Z'), ownedJob('ok-2', 'Complete', '2025-01-01T00:02:00Z'), ownedJob('ok-3', 'Complete', '2025-01-01T00:03:00Z'),
      ownedJob('bad-1', 'Failed', '2025-01-01T00:01:30Z'), ownedJob('bad-2', 'Failed', '2025-01-01T00:02:30Z'),
    ];
    const t = setup(cronJob({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 }, { lastScheduleTime: '2025-01-01T00:00:00Z', lastSuccessfulTime: '2025-01-01T00:03:00Z' }), '2025-01-01T00:04:00Z', jobs);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['delete jobs/ok-1', 'delete jobs/ok-2', 'delete jobs/bad-1']);
  });

  it('startingDeadlineSeconds: a start missed by more than the deadline is skipped', async () => {
    const t = setup(cronJob({ startingDeadlineSeconds: 30 }, { lastScheduleTime: '2025-01-01T00:00:00Z' }), '2025-01-01T00:06:00Z');
    await t.reconcile();
    assert.deepEqual(t.f.writes(), []);
  });

  it('more than 100 missed starts: a warning, and only the latest one runs', async () => {
    const t = setup(cronJob({ schedule: '* * * * *' }), '2025-01-02T00:00:30Z');
    await t.reconcile();
    assert.deepEqual(t.f.writes(), [`create jobs/tick-${minutes('2025-01-02T00:00:00Z')}`, 'updateStatus cronjobs/tick']);
    assert.ok(t.f.events.some((e) => e.reason === 'TooManyMissedTimes' && e.type === 'Warning'));
  });

  it('suspend starts nothing', async () => {
    const t = setup(cronJob({ suspend: true }), '2025-01-01T00:05:30Z');
    await t.reconcile();
    assert.deepEqual(t.f.writes(), []);
  });

  it('the kite.dev/schedule-seconds override starts every N seconds, named by seconds since the epoch', async () => {
    const t = setup(cronJob({}, { lastScheduleTime: '2025-01-01T00:00:00Z' }, { 'kite.dev/schedule-seconds': '5' }), '2025-01-01T00:00:06Z');
    await t.reconcile();
    assert.deepEqual(t.f.writes(), [`create jobs/tick-${Date.parse('2025-01-01T00:00:05Z') / 1000}`, 'updateStatus cronjobs/tick']);
  });

  it('a schedule in another time zone starts at that zone\'s wall time', async () => {
    const t = setup(cronJob({ schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' }), '2025-01-02T00:00:20Z');
    await t.reconcile();
    assert.deepEqual(t.f.writes(), [`create jobs/tick-${minutes('2025-01-02T00:00:00Z')}`, 'updateStatus cronjobs/tick']);
  });
});
