/**
 * Garbage collection end to end: ownerReferences drive Background, Foreground and Orphan deletion
 * against a real `kite server`, through the real kubectl. Until `kite server` runs the garbage
 * collector itself, the test runs it in-process against the server. The server adds the
 * `foregroundDeletion` / `orphan` finalizer for kubectl's `--cascade=foreground|orphan`; the
 * collector does the rest and removes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { KObject, OwnerReference } from '../../src/api/types/index.js';
import { createKubeClient, loadKubeconfig, type KubeClient } from '../../src/client/index.js';
import { createGarbageCollector } from '../../src/controllers/garbage-collector.js';
import { createEventRecorder } from '../../src/controllers/events.js';
import { createSharedInformers, realClock } from '../../src/controllers/index.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';

const NS = 'gc';
const CMS = { group: '', version: 'v1', plural: 'configmaps', namespace: NS };

describe('garbage collection', () => {
  let c: TestCluster;
  let client: KubeClient;
  const ac = new AbortController();
  let running: Promise<unknown>;
  before(async () => {
    c = await startCluster();
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-e2e/garbage-collector' });
    const log = pino({ level: 'warn' }, pino.destination(2));
    const informers = createSharedInformers({ client, log });
    const recorder = createEventRecorder({ client, component: 'garbage-collector', log });
    const gc = createGarbageCollector({ client, informers, log, recorder, clock: realClock }, { rediscoverMs: 2000 });
    running = Promise.all([gc.run(ac.signal), informers.run(ac.signal), recorder.run(ac.signal)]);
    await c.k(['create', 'ns', NS]);
  });
  after(async () => {
    ac.abort();
    await running;
    client.close();
    await c.stop();
  });

  const cm = async (name: string, owners: KObject[] = [], block = false) => {
    const ownerReferences = owners.map((o) => ({
      apiVersion: o.apiVersion as string, kind: o.kind as string, name: o.metadata.name as string, uid: o.metadata.uid as string,
      ...(block ? { blockOwnerDeletion: true } : {}),
    }));
    return client.create(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ownerReferences } });
  };
  const exists = async (kind: string, name: string) => (await c.kubectl(['get', kind, name, '-n', NS])).code === 0;
  const until = async (what: string, cond: () => Promise<boolean>, ms = 20_000) => {
    for (const end = Date.now() + ms; !(await cond());) {
      if (Date.now() > end) assert.fail(`timed out after ${ms} ms waiting until ${what}`);
      await sleep(100);
    }
  };
  it('background: deleting the owner ConfigMap deletes its dependent', async () => {
    const owner = await cm('bg-owner');
    await cm('bg-child', [owner]);
    await c.k(['delete', 'configmap', 'bg-owner', '-n', NS]);
    await until('bg-child is gone', async () => !(await exists('configmap', 'bg-child')));
  });

  it('foreground: the owner stays until its blocking dependent is gone', async () => {
    const owner = await cm('fg-owner');
    await cm('fg-child', [owner], true);
    await client.patch(CMS, 'fg-child', 'merge', { metadata: { finalizers: ['example.com/hold'] } });
    await c.k(['delete', 'configmap', 'fg-owner', '-n', NS, '--cascade=foreground', '--wait=false']);
    // the dependent is marked for deletion, but its finalizer holds it, and so the owner
    await until('fg-child is being deleted', async () => Boolean((await client.get(CMS, 'fg-child')).metadata.deletionTimestamp));
    const held = await client.get(CMS, 'fg-owner');
    assert.ok(held.metadata.deletionTimestamp);
    assert.deepEqual(held.metadata.finalizers, ['foregroundDeletion']);
    await client.patch(CMS, 'fg-child', 'merge', { metadata: { finalizers: null } });
    await until('fg-owner is gone', async () => !(await exists('configmap', 'fg-owner')));
    assert.equal(await exists('configmap', 'fg-child'), false);
  });

  it('orphan: the dependent stays and loses its ownerReference', async () => {
    const owner = await cm('or-owner');
    const other = await cm('or-other');
    await cm('or-child', [owner, other]);
    // kubectl waits until the object is gone, i.e. until the collector released the orphan finalizer
    await c.k(['delete', 'configmap', 'or-owner', '-n', NS, '--cascade=orphan', '--timeout=20s']);
    assert.equal(await exists('configmap', 'or-owner'), false);
    const child = await client.get(CMS, 'or-child');
    assert.deepEqual(child.metadata.ownerReferences?.map((r) => r.name), ['or-other']);
  });

  const ref = (o: KObject) => [{ apiVersion: o.apiVersion as string, kind: o.kind as string, name: o.metadata.name as string, uid: o.metadata.uid as string, controller: true, blockOwnerDeletion: true }];
  const workload = (kind: string, name: string, app: string, ownerReferences: OwnerReference[] = []) => ({
    apiVersion: 'apps/v1', kind, metadata: { name, labels: { app }, ownerReferences },
    // replicas 0: a Deployment controller running in the server would not add pods of its own
    spec: { replicas: 0, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  const DEPLOYS = { group: 'apps', version: 'v1', plural: 'deployments', namespace: NS };
  const RSS = { group: 'apps', version: 'v1', plural: 'replicasets', namespace: NS };

  it('deleting a Deployment removes the ReplicaSet and Pods it owns (hand-made chain)', async () => {
    const deploy = await client.create(DEPLOYS, workload('Deployment', 'web', 'web'));
    const rs = await client.create(RSS, workload('ReplicaSet', 'web-1', 'web', ref(deploy)));
    for (const p of ['web-1-a', 'web-1-b']) {
      await client.create({ group: '', version: 'v1', plural: 'pods', namespace: NS }, {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: p, labels: { app: 'web' }, ownerReferences: ref(rs) },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      });
    }
    await c.k(['delete', 'deployment', 'web', '-n', NS]);
    await until('the ReplicaSet and Pods are gone', async () => {
      const out = await c.k(['get', 'replicasets,pods', '-n', NS, '-l', 'app=web', '-o', 'name']);
      return out.trim() === '';
    });
  });

  it('kubectl delete deployment --cascade=orphan keeps its ReplicaSet, without the ownerReference', async () => {
    const deploy = await client.create(DEPLOYS, workload('Deployment', 'api', 'api'));
    await client.create(RSS, workload('ReplicaSet', 'api-1', 'api', ref(deploy)));
    await c.k(['delete', 'deployment', 'api', '-n', NS, '--cascade=orphan', '--timeout=20s']);
    const rs = await client.get(RSS, 'api-1');
    assert.deepEqual(rs.metadata.ownerReferences ?? [], []);
  });
});
