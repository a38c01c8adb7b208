/**
 * Issue 2 / notes P1 row 29: @kubernetes/client-node 1.4.0 against a real kite server.
 * Its informer must see ADDED/MODIFIED/DELETED, keep going when the server closes the watch (here:
 * the server restarts), and relist after a 410; KubernetesObjectApi must create/patch/read/delete.
 *
 * client-node 1.4.0's ListWatch does not retry by itself after a failed (re)connect: it reports the
 * error and stops. Applications restart it from the `error` callback, so this test does the same.
 * To make the informer's resourceVersion too old, the test compacts the stopped server's store with
 * Kite's own store module (the server compacts only every 60 s and keeps 10,000 revisions).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { createSqliteStore } from '../../src/store/index.js';
import { rawClient, type RawClient } from './helpers/raw.js';
import { restartableServer, type RestartableServer } from './helpers/restartable.js';

const NS = 'informer';
const J = { 'Content-Type': 'application/json' };
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

async function eventually(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++]!); }));
}

describe('@kubernetes/client-node 1.4.0 informer and object API against kite server', () => {
  let s: RestartableServer;
  let raw: RawClient;
  let kc: k8s.KubeConfig;
  let informer: k8s.Informer<k8s.V1ConfigMap> & k8s.ObjectCache<k8s.V1ConfigMap>;
  let autoRestart = true;
  let restartTimer: NodeJS.Timeout | undefined;
  let listCalls = 0;
  const errors: unknown[] = [];
  const seen = { add: new Set<string>(), update: new Set<string>(), delete: new Set<string>() };
  const reset = () => { for (const set of Object.values(seen)) set.clear(); };

  const cmPath = `/api/v1/namespaces/${NS}/configmaps`;
  const create = async (name: string) => {
    const r = await raw.request('POST', cmPath, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v: '0' } }), headers: J });
    assert.equal(r.status, 201, r.text);
  };
  const modify = async (name: string, v: string) => {
    const r = await raw.request('PATCH', `${cmPath}/${name}`, { body: JSON.stringify({ data: { v } }), headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal(r.status, 200, r.text);
  };
  const remove = async (name: string) => {
    const r = await raw.request('DELETE', `${cmPath}/${name}`);
    assert.equal(r.status, 200, r.text);
  };
  const serverList = async () => {
    const r = await raw.request('GET', cmPath);
    assert.equal(r.status, 200, r.text);
    return r.json as { metadata: { resourceVersion: string }; items: k8s.V1ConfigMap[] };
  };
  /** name → resourceVersion, for comparing the informer's cache with the server. */
  const byName = (items: readonly k8s.V1ConfigMap[]) => Object.fromEntries(items.map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]).sort(([a], [b]) => a!.localeCompare(b!)));
  const reconnect = async () => { raw.close(); raw = await rawClient(s.kubeconfig); };

  before(async () => {
    s = await restartableServer();
    await s.start();
    raw = await rawClient(s.kubeconfig);
    assert.equal((await raw.request('POST', '/api/v1/namespaces', { body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }), headers: J })).status, 201);
    kc = new k8s.KubeConfig();
    kc.loadFromFile(s.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    informer = k8s.makeInformer(kc, cmPath, () => { listCalls++; return core.listNamespacedConfigMap({ namespace: NS }); });
    informer.on('add', (o) => seen.add.add(o.metadata!.name!));
    informer.on('update', (o) => seen.update.add(o.metadata!.name!));
    informer.on('delete', (o) => seen.delete.add(o.metadata!.name!));
    informer.on('error', (e) => {
      errors.push(e);
      if (autoRestart) restartTimer = setTimeout(() => { void informer.start().catch((err: unknown) => errors.push(err)); }, 200);
    });
    await informer.start();
  });

  after(async () => {
    autoRestart = false;
    clearTimeout(restartTimer);
    await informer?.stop();
    raw?.close();
    await s?.dispose();
  });

  it('sees ADDED, MODIFIED and DELETED for 100 objects each (exact sets)', async () => {
    const all = names('cm', 100);
    await pool(all, 10, create);
    await eventually('100 adds', () => seen.add.size >= 100);
    await pool(all, 10, (n) => modify(n, '1'));
    await eventually('100 updates', () => seen.update.size >= 100);
    await pool(all, 10, remove);
    await eventually('100 deletes', () => seen.delete.size >= 100);
    await new Promise((r) => setTimeout(r, 200)); // nothing extra trails in
    assert.deepEqual([...seen.add].sort(), all);
    assert.deepEqual([...seen.update].sort(), all);
    assert.deepEqual([...seen.delete].sort(), all);
    assert.deepEqual(informer.list(NS), []);
    assert.equal(listCalls, 1, 'one list, then only the watch');
  });

  it('keeps receiving events after the server closes the watch by restarting', async () => {
    await pool(names('keep', 10), 10, create);
    await eventually('10 more adds', () => seen.add.size >= 110);
    reset();
    const errorsBefore = errors.length;
    await s.stop();
    await new Promise((r) => setTimeout(r, 300)); // the informer notices and fails to reconnect at least once
    await s.start();
    await reconnect();
    await eventually('the informer to notice the closed watch (a failed reconnect)', () => errors.length > errorsBefore);
    const fresh = names('after', 10);
    await pool(fresh, 10, create);
    await pool(names('keep', 5), 5, (n) => modify(n, '2'));
    await pool(names('keep', 10).slice(5), 5, remove);
    await eventually('events after the restart', () => seen.add.size >= 10 && seen.update.size >= 5 && seen.delete.size >= 5);
    assert.deepEqual([...seen.add].sort(), fresh);
    assert.deepEqual([...seen.update].sort(), names('keep', 5));
    assert.deepEqual([...seen.delete].sort(), names('keep', 10).slice(5));
    assert.deepEqual(byName(informer.list(NS)), byName((await serverList()).items));
  });

  it('relists after a 410 (its resourceVersion was compacted away) and ends equal to the server', async () => {
    // The informer misses a batch of changes (as in a partition)...
    autoRestart = false;
    await informer.stop();
    const staleRv = (informer as unknown as { latestResourceVersion(): string }).latestResourceVersion();
    await pool(names('after', 10), 10, (n) => modify(n, '3'));
    await pool(names('keep', 5), 5, remove);
    const added = names('late', 20);
    await pool(added, 10, create);
    // ...and meanwhile the history it would resume from is compacted.
    await s.stop();
    const store = createSqliteStore({ file: path.join(s.dataDir, 'db', 'state.db') });
    await store.compact(await store.currentRev());
    await store.close();
    await s.start();
    await reconnect();
    const w = await raw.request('GET', `${cmPath}?watch=true&resourceVersion=${staleRv}&timeoutSeconds=1`);
    const expired = w.status === 410 || /"type":"ERROR".*"code":410/.test(w.text);
    assert.ok(expired, `a watch from ${staleRv} must be 410 Gone: ${w.status} ${w.text.slice(0, 300)}`);

    reset();
    const lists = listCalls;
    autoRestart = true;
    await informer.start();
    const want = byName((await serverList()).items);
    await eventually('the cache to match the server', () => JSON.stringify(byName(informer.list(NS))) === JSON.stringify(want));
    assert.equal(listCalls, lists + 1, 'exactly one relist');
    assert.deepEqual([...seen.add].sort(), added);
    assert.deepEqual([...seen.delete].sort(), names('keep', 5));
    assert.deepEqual([...seen.update].sort(), names('after', 10));
    // And it watches again from the new list: a later change still arrives.
    await modify('late-000', '4');
    await eventually('an event after the relist', () => informer.get('late-000', NS)?.data?.v === '4');
    const server = await serverList();
    assert.deepEqual(informer.list(NS).map((o) => o.metadata!.name).sort(), server.items.map((o) => o.metadata!.name).sort());
    for (const o of server.items) assert.deepEqual(informer.get(o.metadata!.name!, NS)?.data, o.data);
    assert.deepEqual(byName(informer.list(NS)), byName(server.items));
  });

  it('KubernetesObjectApi creates, merge-patches, reads and deletes a Deployment', async () => {
    const api = k8s.KubernetesObjectApi.makeApiClient(kc);
    const spec: k8s.V1Deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'obj-api', namespace: NS, labels: { app: 'obj-api' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'obj-api' } }, template: { metadata: { labels: { app: 'obj-api' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
    };
    const created = await api.create(spec);
    assert.equal(created.metadata?.uid?.length, 36);
    const patched = await api.patch<k8s.V1Deployment>(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'obj-api', namespace: NS, labels: { tier: 'web' } }, spec: { replicas: 3 } } as unknown as k8s.V1Deployment,
      undefined, undefined, undefined, undefined, k8s.PatchStrategy.MergePatch,
    );
    assert.equal(patched.spec?.replicas, 3);
    assert.deepEqual(patched.metadata?.labels, { app: 'obj-api', tier: 'web' });
    const read = await api.read<k8s.V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'obj-api', namespace: NS } });
    assert.equal(read.spec?.replicas, 3);
    assert.equal(read.spec?.template.spec?.containers[0]?.image, 'nginx:1.27');
    // The Deployment controller may have written status since: the read is at least as new as the patch.
    assert.ok(Number(read.metadata?.resourceVersion) >= Number(patched.metadata?.resourceVersion));
    assert.equal(read.metadata?.uid, created.metadata?.uid);
    const status = await api.delete({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'obj-api', namespace: NS } });
    assert.ok(status);
    await eventually('the deployment to be gone', async () => (await raw.request('GET', `/apis/apps/v1/namespaces/${NS}/deployments/obj-api`)).status === 404, 10_000);
    await assert.rejects(api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'obj-api', namespace: NS } }), (e: { code?: number }) => e.code === 404);
  });
});
