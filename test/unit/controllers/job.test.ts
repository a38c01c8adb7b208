import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/registry/core-types.js';
import type { KObject } from '../../../src/api/types/index.js';
import { createJobController } from '../../../src/controllers/job.js';
import type { BatchJob } from '../../../src/controllers/job-status.js';
import { workloadFixture } from './workloads-fixture.js';

const NOW = '2025-01-01T00:10:00Z';

function job(spec: Partial<NonNullable<BatchJob['spec']>> = {}, status: BatchJob['status'] = {}, meta: Partial<KObject['metadata']> = {}): BatchJob {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', resourceVersion: '5', creationTimestamp: '2025-01-01T00:00:00Z', ...meta },
    spec: {
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, ...spec,
      template: { metadata: { labels: { 'job-name': 'pi', 'controller-uid': 'job-uid' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } },
    },
    status,
  };
}

function pod(name: string, phase: string, o: { ready?: boolean; index?: number } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: '2025-01-01T00:01:00Z', labels: { 'job-name': 'pi' },
      annotations: o.index === undefined ? undefined : { 'batch.kubernetes.io/job-completion-index': String(o.index) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true }],
    },
    spec: { containers: [{ name: 'pi' }], nodeName: 'n1' },
    status: { phase, conditions: o.ready ? [{ type: 'Ready', status: 'True' }] : [] },
  };
}

function setup(j: BatchJob, pods: Pod[] = []) {
  const f = workloadFixture({ cache: { jobs: [j], pods }, now: NOW });
  const reconcile = f.reconciler(createJobController(f.deps, { failureBackoffMs: 0 }));
  const status = () => f.written<BatchJob>('updateStatus', 'jobs').at(-1)?.status;
  const conds = () => (status()?.conditions ?? []).map((c) => `${c.type}=${c.status}:${c.reason}`);
  return { f, reconcile: () => reconcile('default/pi'), status, conds };
}

describe('job controller', () => {
  it('completions 3, parallelism 2: creates 2 pods and records the start time', async () => {
    const t = setup(job({ completions: 3, parallelism: 2 }));
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['create pods/pi-1', 'create pods/pi-2', 'updateStatus jobs/pi']);
    const created = t.f.written<Pod>('create', 'pods')[0]!;
    assert.equal(created.metadata.generateName, 'pi-');
    assert.deepEqual(created.metadata.labels, { 'job-name': 'pi', 'controller-uid': 'job-uid' });
    assert.deepEqual(created.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(t.status(), { active: 2, ready: 0, terminating: 0, startTime: NOW });
  });

  it('a pass on a stale cache does not create the same pods again', async () => {
    const t = setup(job({ completions: 3, parallelism: 2 }));
    await t.reconcile();
    t.f.clear();
    await t.reconcile(); // neither the pods nor the new status are in the cache yet
    assert.deepEqual(t.f.writes().filter((w) => w.includes('pods/')), []);
    assert.equal(t.status()?.active, 2);
  });

  it('after one pod succeeds it creates one more (2 active, 1 succeeded)', async () => {
    const t = setup(job({ completions: 3, parallelism: 2 }, { startTime: '2025-01-01T00:01:00Z', active: 2 }), [pod('pi-a', 'Succeeded'), pod('pi-b', 'Running', { ready: true })]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['create pods/pi-1', 'updateStatus jobs/pi']);
    assert.deepEqual(t.status(), { active: 2, ready: 1, succeeded: 1, terminating: 0, startTime: '2025-01-01T00:01:00Z' });
  });

  it('the last success completes the Job: SuccessCriteriaMet and Complete with completionTime', async () => {
    const t = setup(job({ completions: 3, parallelism: 2 }, { startTime: '2025-01-01T00:01:00Z', succeeded: 2, active: 1 }), [pod('a', 'Succeeded'), pod('b', 'Succeeded'), pod('c', 'Succeeded')]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['updateStatus jobs/pi']);
    assert.deepEqual(t.conds(), ['SuccessCriteriaMet=True:CompletionsReached', 'Complete=True:CompletionsReached']);
    assert.equal(t.status()?.completionTime, NOW);
    assert.equal(t.status()?.succeeded, 3);
    assert.ok(t.f.events.some((e) => e.reason === 'Completed'));
  });

  it('more failures than backoffLimit fail the Job with BackoffLimitExceeded and create nothing', async () => {
    const t = setup(job({ backoffLimit: 1 }, { startTime: '2025-01-01T00:01:00Z' }), [pod('a', 'Failed'), pod('b', 'Failed')]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['updateStatus jobs/pi']);
    assert.deepEqual(t.conds(), ['FailureTarget=True:BackoffLimitExceeded', 'Failed=True:BackoffLimitExceeded']);
    assert.equal(t.status()?.failed, 2);
    assert.equal(t.status()?.completionTime, undefined);
  });

  it('a failing Job first deletes its active pods and sets only FailureTarget', async () => {
    const t = setup(job({ backoffLimit: 0, parallelism: 2, completions: 2 }, { startTime: '2025-01-01T00:01:00Z' }), [pod('a', 'Failed'), pod('b', 'Running')]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['delete pods/b', 'updateStatus jobs/pi']);
    assert.deepEqual(t.conds(), ['FailureTarget=True:BackoffLimitExceeded']);
  });

  it('past activeDeadlineSeconds the Job fails with DeadlineExceeded', async () => {
    const t = setup(job({ activeDeadlineSeconds: 60 }, { startTime: '2025-01-01T00:01:00Z', active: 1 }), [pod('a', 'Running')]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['delete pods/a', 'updateStatus jobs/pi']);
    assert.deepEqual(t.conds(), ['FailureTarget=True:DeadlineExceeded']);
  });

  it('suspend deletes the active pods and sets Suspended', async () => {
    const t = setup(job({ suspend: true, parallelism: 2, completions: 4 }, { startTime: '2025-01-01T00:01:00Z', active: 2 }), [pod('a', 'Running'), pod('b', 'Pending')]);
    await t.reconcile();
    assert.deepEqual(t.f.writes().sort(), ['delete pods/a', 'delete pods/b', 'updateStatus jobs/pi']);
    assert.deepEqual(t.conds(), ['Suspended=True:JobSuspended']);
  });

  it('Indexed: pods carry their completion index and hostname; finished indexes are listed', async () => {
    const t = setup(job({ completionMode: 'Indexed', completions: 3, parallelism: 2 }, { startTime: '2025-01-01T00:01:00Z' }), [pod('pi-0-x', 'Succeeded', { index: 0 })]);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['create pods/pi-1-1', 'create pods/pi-2-2', 'updateStatus jobs/pi']);
    const p = t.f.written<Pod>('create', 'pods')[0]!;
    assert.equal(p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], '1');
    assert.equal(p.spec.hostname, 'pi-1');
    assert.equal(p.spec.containers[0]!.env?.[0]?.name, 'JOB_COMPLETION_INDEX');
    assert.equal(t.status()?.completedIndexes, '0');
  });

  it('a finished Job past ttlSecondsAfterFinished is deleted with Background propagation', async () => {
    const done = job({ ttlSecondsAfterFinished: 60 }, {
      completionTime: '2025-01-01T00:05:00Z', conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: '2025-01-01T00:05:00Z' }],
    });
    const t = setup(done);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), ['delete jobs/pi']);
    assert.deepEqual(t.f.written('delete', 'jobs'), [{ propagationPolicy: 'Background', preconditions: { uid: 'job-uid', resourceVersion: '5' } }]);
  });

  it('a finished Job inside its TTL is left alone', async () => {
    const done = job({ ttlSecondsAfterFinished: 3600 }, {
      completionTime: '2025-01-01T00:05:00Z', conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: '2025-01-01T00:05:00Z' }],
    });
    const t = setup(done);
    await t.reconcile();
    assert.deepEqual(t.f.writes(), []);
  });
});
