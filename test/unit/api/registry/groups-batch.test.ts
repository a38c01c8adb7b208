import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronJobs, jobs } from '../../../../src/api/registry/batch.js';
import type { CronJob, Job } from '../../../../src/api/validation/batch.js';
import { cronScheduleError } from '../../../../src/api/validation/batch.js';

const NOW = new Date('2024-05-01T12:00:00Z');

function job(restartPolicy = 'Never'): Job {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', creationTimestamp: '2024-05-01T11:58:00Z' },
    spec: { template: { spec: { restartPolicy, containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
  };
}

function cronJob(schedule: string): CronJob {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello', namespace: 'default' },
    spec: { schedule, jobTemplate: { spec: job().spec } },
  };
}

const validCron = (schedule: string) => {
  const c = cronJob(schedule);
  cronJobs.defaults?.(c);
  return cronJobs.validate?.(c);
};

describe('batch/v1 Job', () => {
  it('defaults completions, parallelism, backoffLimit and completionMode', () => {
    const j = job();
    jobs.defaults?.(j);
    const { template: _t, ...rest } = j.spec ?? {};
    assert.deepEqual(rest, {
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    assert.deepEqual(jobs.validate?.(j), []);
  });

  it('restartPolicy Always is rejected at spec.template.spec.restartPolicy', () => {
    const j = job('Always');
    jobs.defaults?.(j);
    assert.deepEqual(jobs.validate?.(j), [{
      type: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy',
      message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"',
    }]);
  });

  it('prints Status, Completions, Duration like kubectl', () => {
    const j = job();
    jobs.defaults?.(j);
    j.spec!.completions = 3;
    j.status = { succeeded: 1, startTime: '2024-05-01T11:58:00Z' };
    const cells = Object.fromEntries((jobs.columns ?? []).filter((c) => !c.priority).map((c) => [c.name, c.value(j, NOW)]));
    assert.deepEqual(cells, { Name: 'pi', Status: 'Running', Completions: '1/3', Duration: '2m', Age: '2m' });
    j.status = { succeeded: 3, startTime: '2024-05-01T11:58:00Z', completionTime: '2024-05-01T11:58:08Z', conditions: [{ type: 'Complete', status: 'True' }] };
    assert.deepEqual((jobs.columns ?? []).slice(1, 4).map((c) => c.value(j, NOW)), ['Complete', '3/3', '8s']);
  });
});

describe('batch/v1 CronJob schedule', () => {
  for (const s of ['*/5 * * * *', '0 0 1 1 *', '0 9-17/2 * * mon-fri', '30 6 * JAN,jul SUN', '@hourly', '@every 1h30m', '0 0 ? * *', '15 */3 1,15 * 0']) {
    it(`accepts ${JSON.stringify(s)}`, () => assert.equal(cronScheduleError(s), undefined));
  }

  const invalid: Array<[string, string]> = [
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['0 0 * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['', 'empty spec string'],
  ];
  for (const [s, msg] of invalid) {
    it(`rejects ${JSON.stringify(s)}`, () => assert.equal(cronScheduleError(s), msg));
  }

  it('reports the parser error at spec.schedule', () => {
    assert.deepEqual(validCron('61 * * * *'), [{
      type: 'FieldValueInvalid', field: 'spec.schedule', message: 'Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    }]);
    assert.deepEqual(validCron('TZ=UTC 0 * * * *')?.map((e) => e.message), [
      'Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    assert.deepEqual(validCron('0 * * * *'), []);
  });

  it('defaults concurrencyPolicy, suspend and history limits; prints the CronJob row', () => {
    const c = cronJob('*/1 * * * *');
    cronJobs.defaults?.(c);
    const { jobTemplate: _j, ...rest } = c.spec ?? {};
    assert.deepEqual(rest, { schedule: '*/1 * * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    c.metadata.creationTimestamp = '2024-05-01T11:00:00Z';
    const cells = (cronJobs.columns ?? []).filter((col) => !col.priority).map((col) => col.value(c, NOW));
    assert.deepEqual(cells, ['hello', '*/1 * * * *', '<none>', 'False', 0, '<none>', '60m']);
  });
});
