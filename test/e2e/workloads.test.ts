/**
 * DaemonSet, StatefulSet, Job and CronJob end to end against a real `kite server --disable-agent`
 * (which runs the controllers and the scheduler) and the real kubectl; simulated nodes run the pods,
 * and Job pods finish through the `kite.dev/sim-exit-after-seconds` annotation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pod } from '../../src/api/registry/core-types.js';
import { createKubeClient, loadKubeconfig, type KubeClient } from '../../src/client/index.js';
import { targetNode } from '../../src/controllers/daemonset-nodes.js';
import { until } from './helpers/wait.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { startSimNodes, type SimNodes } from './helpers/sim-nodes.js';

const NS = 'workloads';
const PODS = { group: '', version: 'v1', plural: 'pods', namespace: NS };

describe('workload controllers', () => {
  let c: TestCluster;
  let client: KubeClient;
  const sims: SimNodes[] = [];

  before(async () => {
    c = await startCluster();
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-e2e/workload-controllers' });
    await c.k(['create', 'namespace', NS]);
    sims.push(await startSimNodes(c, 2));
  });

  after(async () => {
    for (const s of sims) await s.stop();
    client.close();
    await c.stop();
  });

  const pods = async (selector: string) => (await client.list<Pod>(PODS, { labelSelector: selector })).items;

  it('a DaemonSet covers every node, including one added later', async () => {
    await c.k(['apply', '-n', NS, '-f', '-'], {
      input: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: busybox:1.36\n`,
    });
    const nodesOf = async () => (await pods('app=agent')).filter((p) => !p.metadata.deletionTimestamp).map(targetNode).sort();
    await until('a daemon pod on sim-0 and sim-1', async () => JSON.stringify(await nodesOf()) === '["sim-0","sim-1"]');
    sims.push(await startSimNodes(c, 1, { startIndex: 2 }));
    await until('a daemon pod on sim-2 too', async () => JSON.stringify(await nodesOf()) === '["sim-0","sim-1","sim-2"]');
    const status = await until('status to count 3 ready pods', async () => {
      const out = JSON.parse(await c.k(['get', 'ds', 'agent', '-n', NS, '-o', 'json'])) as { status?: Record<string, number> };
      return out.status?.numberReady === 3 ? out.status : undefined;
    });
    assert.equal(status.desiredNumberScheduled, 3);
    assert.equal(status.updatedNumberScheduled, 3);
  });

  it('a StatefulSet creates web-0, web-1, web-2 in order, each after the previous is Ready', async () => {
    const seen: string[] = [];
    const watchAc = new AbortController();
    const watching = (async () => {
      for await (const ev of client.watch<Pod>(PODS, { labelSelector: 'app=web' }, watchAc.signal)) {
        const p = ev.object as Pod;
        if (ev.type === 'ADDED') seen.push(`added ${p.metadata.name}`);
        if (ev.type === 'MODIFIED' && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') && !seen.includes(`ready ${p.metadata.name}`)) {
          seen.push(`ready ${p.metadata.name}`);
        }
      }
    })();
    await sleep(200); // let the watch open before the first pod can appear
    await c.k(['apply', '-n', NS, '-f', '-'], {
      input: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n`,
    });
    await until('3 ready replicas', async () => {
      const out = JSON.parse(await c.k(['get', 'sts', 'web', '-n', NS, '-o', 'json'])) as { status?: { readyReplicas?: number } };
      return out.status?.readyReplicas === 3;
    });
    watchAc.abort();
    await watching;
    assert.deepEqual(seen, ['added web-0', 'ready web-0', 'added web-1', 'ready web-1', 'added web-2', 'ready web-2']);
    const web1 = (await pods('app=web')).find((p) => p.metadata.name === 'web-1')!;
    assert.equal(web1.spec.hostname, 'web-1');
    assert.equal(web1.spec.subdomain, 'web');
    assert.equal(web1.metadata.labels?.['apps.kubernetes.io/pod-index'], '1');
  });

  it('a Job with completions=3 and parallelism=2 completes', async () => {
    await c.k(['apply', '-n', NS, '-f', '-'], {
      input: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  completions: 3\n  parallelism: 2\n  template:\n    metadata:\n      annotations: {kite.dev/sim-exit-after-seconds: "1"}\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl:5.34\n`,
    });
    const r = await c.kubectl(['wait', '--for=condition=complete', 'job/pi', '-n', NS, '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(r.code, 0, r.stderr);
    const job = JSON.parse(await c.k(['get', 'job', 'pi', '-n', NS, '-o', 'json'])) as { status: { succeeded?: number; completionTime?: string } };
    assert.equal(job.status.succeeded, 3);
    assert.ok(job.status.completionTime);
    const jobPods = await pods('job-name=pi');
    assert.equal(jobPods.filter((p) => p.status?.phase === 'Succeeded').length, 3);
  });

  it('a CronJob with the kite.dev/schedule-seconds override creates Jobs', async () => {
    await c.k(['apply', '-n', NS, '-f', '-'], {
      input: `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: tick\n  annotations:\n    kite.dev/schedule-seconds: "2"\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: tick\n            image: busybox:1.36\n`,
    });
    const names = await until('two Jobs from the CronJob', async () => {
      const jobs = (await client.list({ group: 'batch', version: 'v1', plural: 'jobs', namespace: NS })).items
        .filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === 'CronJob' && r.name === 'tick'));
      return jobs.length >= 2 ? jobs.map((j) => j.metadata.name!) : undefined;
    });
    for (const n of names) assert.match(n, /^tick-\d{10}$/);
    const cj = JSON.parse(await c.k(['get', 'cronjob', 'tick', '-n', NS, '-o', 'json'])) as { status?: { lastScheduleTime?: string } };
    assert.ok(cj.status?.lastScheduleTime);
  });
});
