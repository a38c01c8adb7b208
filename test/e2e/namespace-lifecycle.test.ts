/**
 * Namespace deletion end to end: `kubectl delete ns` waits until the namespace controller has
 * removed the content and released the `kubernetes` finalizer; a terminating namespace refuses
 * new content. Until `kite server` runs the controller itself, the test runs it in-process
 * against the real server (a second copy alongside a wired-in one is harmless: every pass is idempotent).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { ApiError, createKubeClient, loadKubeconfig, type KubeClient } from '../../src/client/index.js';
import { createNamespaceController } from '../../src/controllers/index.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';

interface Ns { status?: { phase?: string; conditions?: Array<{ type: string; status: string; message: string }> } }

describe('namespace lifecycle', () => {
  let c: TestCluster;
  let client: KubeClient;
  const ac = new AbortController();
  let controller: Promise<void>;
  before(async () => {
    c = await startCluster();
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-e2e/namespace-controller' });
    controller = createNamespaceController({ client, log: pino({ level: 'warn' }, pino.destination(2)), recheckMs: 500 }).run(ac.signal);
  });
  after(async () => {
    ac.abort();
    await controller;
    client.close();
    await c.stop();
  });

  const gone = async (ns: string, ms = 30_000) => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) {
      const r = await c.kubectl(['get', 'ns', ns]);
      if (r.code !== 0 && /NotFound/.test(r.stderr)) return;
    }
    assert.fail(`namespace ${ns} still exists after ${ms} ms`);
  };

  it('kubectl delete ns removes the ConfigMap, Secret and Deployment and then the namespace within 30 s', async () => {
    await c.k(['create', 'ns', 'doomed']);
    await c.k(['create', 'configmap', 'settings', '-n', 'doomed', '--from-literal=a=1']);
    await c.k(['create', 'secret', 'generic', 'creds', '-n', 'doomed', '--from-literal=p=x']);
    await c.k(['create', 'deployment', 'web', '-n', 'doomed', '--image=nginx:1.25']);

    const start = Date.now();
    const del = await c.kubectl(['delete', 'ns', 'doomed', '--timeout=30s'], { timeoutMs: 35_000 });
    assert.equal(del.code, 0, del.stderr);
    assert.ok(Date.now() - start < 30_000, `delete took ${Date.now() - start} ms`);
    assert.match(del.stdout, /namespace "doomed" deleted/);

    const get = await c.kubectl(['get', 'ns', 'doomed']);
    assert.notEqual(get.code, 0);
    assert.match(get.stderr, /\(NotFound\).*namespaces "doomed" not found/);
    const raw = await c.kubectl(['get', '--raw', '/api/v1/namespaces/doomed/configmaps/settings']);
    assert.notEqual(raw.code, 0);
    assert.match(raw.stderr, /NotFound/);
  });

  it('a terminating namespace refuses new content with 403 and reports what remains until a finalizer is removed', async () => {
    await c.k(['create', 'ns', 'doomed2']);
    await c.k(['apply', '-f', '-'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, namespace: doomed2, finalizers: [example.com/hold]}\ndata: {a: "1"}\n',
    });
    await c.k(['delete', 'ns', 'doomed2', '--wait=false']);

    let ns: Ns = {};
    for (const end = Date.now() + 15_000; Date.now() < end; await sleep(200)) {
      ns = JSON.parse(await c.k(['get', 'ns', 'doomed2', '-o', 'json'])) as Ns;
      if (ns.status?.conditions?.some((x) => x.type === 'NamespaceContentRemaining' && x.status === 'True')) break;
    }
    assert.equal(ns.status?.phase, 'Terminating');
    const cond = (t: string) => ns.status?.conditions?.find((x) => x.type === t);
    assert.equal(cond('NamespaceContentRemaining')?.message, 'Some resources are remaining: configmaps has 1 resource instances');
    assert.equal(cond('NamespaceFinalizersRemaining')?.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    assert.equal(cond('NamespaceDeletionDiscoveryFailure')?.status, 'False');

    const create = await c.kubectl(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late, namespace: doomed2}\n' });
    assert.notEqual(create.code, 0);
    assert.match(create.stderr, /Error from server \(Forbidden\):.*unable to create new content in namespace doomed2 because it is being terminated/);
    const refused = await client.create({ group: '', version: 'v1', plural: 'configmaps', namespace: 'doomed2' }, { metadata: { name: 'late' } })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof ApiError, 'the create must fail');
    assert.deepEqual([refused.code, refused.reason, refused.message], [403, 'Forbidden', 'unable to create new content in namespace doomed2 because it is being terminated']);
    assert.equal((await c.k(['get', 'ns', 'doomed2', '-o', 'jsonpath={.status.phase}'])), 'Terminating', 'still held by the finalizer');

    await c.k(['patch', 'configmap', 'held', '-n', 'doomed2', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await gone('doomed2');
  });
});
