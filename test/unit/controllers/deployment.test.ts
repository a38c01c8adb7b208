import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeploymentController } from '../../../src/controllers/deployment.js';
import { computeHash } from '../../../src/controllers/deployment-hash.js';
import { maxSurge, maxUnavailable } from '../../../src/controllers/deployment-util.js';
import type { Condition, DeploymentObj, DeploymentStatus, ReplicaSetObj } from '../../../src/controllers/replicaset-types.js';
import { fixture, stored, ts } from './replicaset-fixture.js';

const tmpl = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } });
const hashOf = (image: string) => computeHash(tmpl(image));

interface DOpts {
  replicas?: number; image?: string; paused?: boolean; recreate?: boolean; revision?: string; status?: DeploymentStatus;
  revisionHistoryLimit?: number; maxSurge?: number | string; maxUnavailable?: number | string;
}
const deploy = (o: DOpts = {}): DeploymentObj => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'd-uid', resourceVersion: '10', generation: 2, annotations: o.revision ? { 'deployment.kubernetes.io/revision': o.revision } : undefined },
  spec: {
    replicas: o.replicas ?? 3, selector: { matchLabels: { app: 'web' } }, template: tmpl(o.image ?? 'nginx:2'), paused: o.paused,
    revisionHistoryLimit: o.revisionHistoryLimit ?? 10, progressDeadlineSeconds: 600,
    strategy: o.recreate ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.maxSurge ?? 1, maxUnavailable: o.maxUnavailable ?? 0 } },
  },
  status: o.status,
});

interface RSOpts { replicas: number; available?: number; revision: number; age?: number; desired?: number; max?: number }
const rsFor = (image: string, o: RSOpts): ReplicaSetObj => {
  const hash = hashOf(image);
  const t = tmpl(image);
  t.metadata.labels = { ...t.metadata.labels, 'pod-template-hash': hash } as never;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`, namespace: 'default', uid: `uid-${hash}`, resourceVersion: '20', generation: 1, creationTimestamp: ts(o.age ?? 60_000),
      labels: t.metadata.labels,
      annotations: { 'deployment.kubernetes.io/revision': String(o.revision), 'deployment.kubernetes.io/desired-replicas': String(o.desired ?? 3), 'deployment.kubernetes.io/max-replicas': String(o.max ?? 4) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: o.replicas, minReadySeconds: 0, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: t },
    status: { replicas: o.replicas, readyReplicas: o.available ?? o.replicas, availableReplicas: o.available ?? o.replicas, observedGeneration: 1 },
  };
};
const progressing = (reason: string, msAgo = 0): Condition => ({ type: 'Progressing', status: 'True', reason, message: '', lastUpdateTime: ts(msAgo), lastTransitionTime: ts(msAgo) });

const run = async (f: ReturnType<typeof fixture>) => createDeploymentController(f.deps).reconcile('default/web');
const dep = (f: ReturnType<typeof fixture>) => stored<DeploymentObj>(f, 'deployments', 'web');
const rsAt = (f: ReturnType<typeof fixture>, image: string) => stored<ReplicaSetObj>(f, 'replicasets', `web-${hashOf(image)}`);
const cond = (d: DeploymentObj, type: string) => d.status?.conditions?.find((c) => c.type === type);

describe('Deployment controller', () => {
  it('a new Deployment gets ReplicaSet web-<hash> at full size, revision 1 and Progressing NewReplicaSetCreated', async () => {
    const f = fixture({ deployments: [deploy()], replicasets: [], pods: [] });
    await run(f);
    const name = `web-${hashOf('nginx:2')}`;
    assert.deepEqual(f.writes, [
      `create replicasets ${name}`,
      'patch deployments web merge {"metadata":{"resourceVersion":"10","annotations":{"deployment.kubernetes.io/revision":"1"}}}',
      'status deployments web', 'status deployments web',
    ]);
    const rs = rsAt(f, 'nginx:2');
    assert.equal(rs.spec.replicas, 3);
    assert.equal(rs.spec.template?.metadata?.labels?.['pod-template-hash'], hashOf('nginx:2'));
    assert.deepEqual(rs.spec.selector?.matchLabels, { app: 'web', 'pod-template-hash': hashOf('nginx:2') });
    assert.deepEqual(rs.metadata.annotations, { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    assert.deepEqual(f.events, [`Normal ScalingReplicaSet web: Scaled up replica set ${name} from 0 to 3`]);
    const d = dep(f);
    assert.equal(cond(d, 'Progressing')?.reason, 'NewReplicaSetCreated');
    assert.equal(cond(d, 'Available')?.reason, 'MinimumReplicasUnavailable');
    assert.equal(d.status?.observedGeneration, 2);
  });

  it('rolling update with maxSurge 1 maxUnavailable 0 creates one new pod first and keeps every old one', async () => {
    const old = rsFor('nginx:1', { replicas: 3, revision: 1 });
    const f = fixture({ deployments: [deploy({ revision: '1', status: { conditions: [progressing('NewReplicaSetAvailable')] } })], replicasets: [old], pods: [] });
    await run(f);
    assert.deepEqual(f.writes.filter((w) => !w.startsWith('status')), [
      `create replicasets web-${hashOf('nginx:2')}`,
      'patch deployments web merge {"metadata":{"resourceVersion":"10","annotations":{"deployment.kubernetes.io/revision":"2"}}}',
    ]);
    assert.equal(rsAt(f, 'nginx:2').spec.replicas, 1);
    assert.equal(rsAt(f, 'nginx:2').metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.equal(rsAt(f, 'nginx:1').spec.replicas, 3);
  });

  it('old pods are scaled down only as far as new ones are available', async () => {
    const status = { conditions: [progressing('ReplicaSetUpdated')] };
    const f = fixture({
      deployments: [deploy({ revision: '2', status })],
      replicasets: [rsFor('nginx:1', { replicas: 3, revision: 1 }), rsFor('nginx:2', { replicas: 1, available: 1, revision: 2, age: 1000 })], pods: [],
    });
    await run(f);
    assert.deepEqual(f.writes, [`update replicasets web-${hashOf('nginx:1')} replicas=2`, 'status deployments web']);
    assert.deepEqual(f.events, [`Normal ScalingReplicaSet web: Scaled down replica set web-${hashOf('nginx:1')} from 3 to 2`]);
    // the new pod is not available yet: nothing may go
    const g = fixture({
      deployments: [deploy({ revision: '2', status })],
      replicasets: [rsFor('nginx:1', { replicas: 3, revision: 1 }), rsFor('nginx:2', { replicas: 1, available: 0, revision: 2, age: 1000 })], pods: [],
    });
    await run(g);
    assert.deepEqual(g.writes.filter((w) => w.startsWith('update')), []);
  });

  it('a paused Deployment does not create a new ReplicaSet and reports DeploymentPaused', async () => {
    const f = fixture({ deployments: [deploy({ paused: true, revision: '1' })], replicasets: [rsFor('nginx:1', { replicas: 3, revision: 1 })], pods: [] });
    await run(f);
    assert.ok(!f.writes.some((w) => w.startsWith('create')), f.writes.join('\n'));
    assert.equal(cond(dep(f), 'Progressing')?.reason, 'DeploymentPaused');
    assert.equal(cond(dep(f), 'Progressing')?.status, 'Unknown');
  });

  it('the revision annotation increments, and undo reuses the old ReplicaSet with revision-history', async () => {
    const f = fixture({
      deployments: [deploy({ image: 'nginx:1', revision: '2', status: { conditions: [progressing('NewReplicaSetAvailable')] } })],
      replicasets: [rsFor('nginx:1', { replicas: 0, revision: 1, age: 90_000 }), rsFor('nginx:2', { replicas: 3, revision: 2 })], pods: [],
    });
    await run(f);
    const reused = rsAt(f, 'nginx:1');
    assert.equal(reused.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(reused.spec.replicas, 1);
    assert.equal(dep(f).metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.deepEqual(f.writes.filter((w) => !w.startsWith('status')), [
      `update replicasets web-${hashOf('nginx:1')} replicas=0`,
      'patch deployments web merge {"metadata":{"resourceVersion":"10","annotations":{"deployment.kubernetes.io/revision":"3"}}}',
      `update replicasets web-${hashOf('nginx:1')} replicas=1`,
    ]);
  });

  it('Recreate scales the old ReplicaSet to 0 before creating the new one', async () => {
    const f = fixture({ deployments: [deploy({ recreate: true, revision: '1' })], replicasets: [rsFor('nginx:1', { replicas: 3, revision: 1 })], pods: [] });
    await run(f);
    assert.deepEqual(f.writes.filter((w) => !w.startsWith('status')), [`update replicasets web-${hashOf('nginx:1')} replicas=0`]);
    const gone = rsFor('nginx:1', { replicas: 0, revision: 1 });
    const g = fixture({ deployments: [deploy({ recreate: true, revision: '1' })], replicasets: [gone], pods: [] });
    await run(g);
    assert.deepEqual(g.writes.filter((w) => !w.startsWith('status')), [
      `create replicasets web-${hashOf('nginx:2')}`,
      'patch deployments web merge {"metadata":{"resourceVersion":"10","annotations":{"deployment.kubernetes.io/revision":"2"}}}',
    ]);
    assert.equal(rsAt(g, 'nginx:2').spec.replicas, 3);
  });

  it('scaling mid-rollout splits the new replicas proportionally between old and new ReplicaSets', async () => {
    const f = fixture({
      deployments: [deploy({ replicas: 6, revision: '2', status: { replicas: 4, conditions: [progressing('ReplicaSetUpdated')] } })],
      replicasets: [rsFor('nginx:1', { replicas: 3, revision: 1 }), rsFor('nginx:2', { replicas: 1, available: 0, revision: 2, age: 1000 })], pods: [],
    });
    await run(f);
    assert.deepEqual(f.writes, [
      `update replicasets web-${hashOf('nginx:1')} replicas=5`, `update replicasets web-${hashOf('nginx:2')} replicas=2`, 'status deployments web',
    ]);
    assert.equal(rsAt(f, 'nginx:1').metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '6');
    assert.equal(rsAt(f, 'nginx:1').metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '7');
  });

  it('a complete rollout deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit', async () => {
    const complete = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('NewReplicaSetAvailable')] };
    const f = fixture({
      deployments: [deploy({ image: 'nginx:3', revision: '3', revisionHistoryLimit: 1, status: complete })],
      replicasets: [rsFor('nginx:1', { replicas: 0, revision: 1 }), rsFor('nginx:2', { replicas: 0, revision: 2 }), rsFor('nginx:3', { replicas: 3, revision: 3 })], pods: [],
    });
    await run(f);
    assert.deepEqual(f.writes.filter((w) => w.startsWith('delete')), [`delete replicasets web-${hashOf('nginx:1')}`]);
  });

  it('no progress for progressDeadlineSeconds turns Progressing into ProgressDeadlineExceeded', async () => {
    const stuck = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 3, conditions: [progressing('ReplicaSetUpdated', 700_000)] };
    const f = fixture({ deployments: [deploy({ revision: '1', status: stuck })], replicasets: [rsFor('nginx:2', { replicas: 3, available: 0, revision: 1 })], pods: [] });
    await run(f);
    const c = cond(dep(f), 'Progressing');
    assert.equal(c?.status, 'False');
    assert.equal(c?.reason, 'ProgressDeadlineExceeded');
    assert.equal(c?.message, `ReplicaSet "web-${hashOf('nginx:2')}" has timed out progressing.`);
  });

  it('maxSurge rounds up and maxUnavailable down; both resolving to 0 allows one unavailable', () => {
    const d = deploy({ replicas: 3, maxSurge: '25%', maxUnavailable: '25%' });
    assert.deepEqual([maxSurge(d), maxUnavailable(d)], [1, 0]);
    const z = deploy({ replicas: 3, maxSurge: '0%', maxUnavailable: '10%' });
    assert.deepEqual([maxSurge(z), maxUnavailable(z)], [0, 1]);
    assert.deepEqual([maxSurge(deploy({ recreate: true })), maxUnavailable(deploy({ recreate: true }))], [0, 0]);
  });
});
