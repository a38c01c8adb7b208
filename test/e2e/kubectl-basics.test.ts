/** P0 rows 1, 2, 5, 9: version, health, discovery, Table output and error messages through the real kubectl. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { pod } from './helpers/manifests.js';

describe('kubectl basics against kite server', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.stop(); });

  it('kubectl version reports a v1.32 server and /readyz says ok', async () => {
    const out = await c.k(['version']);
    assert.match(out, /Server Version: v1\.32\.\d+\+kite/);
    assert.equal((await c.k(['get', '--raw', '/readyz'])).trim(), 'ok');
  });

  it('api-resources lists the core and apps kinds with short names and scope', async () => {
    const out = await c.k(['api-resources', '--no-headers']);
    // Keyed by name, first row wins: core kinds come before metrics.k8s.io's pods/nodes.
    const rows = new Map<string, string[]>();
    for (const l of out.trim().split('\n')) { const f = l.trim().split(/\s+/); if (!rows.has(f[0]!)) rows.set(f[0]!, f); }
    assert.deepEqual(rows.get('pods')?.slice(1), ['po', 'v1', 'true', 'Pod']);
    assert.deepEqual(rows.get('deployments')?.slice(1), ['deploy', 'apps/v1', 'true', 'Deployment']);
    assert.deepEqual(rows.get('namespaces')?.slice(1), ['ns', 'v1', 'false', 'Namespace']);
    assert.deepEqual(rows.get('nodes')?.slice(1), ['no', 'v1', 'false', 'Node']);
    for (const r of ['services', 'configmaps', 'secrets', 'events', 'replicasets', 'jobs', 'cronjobs', 'leases', 'customresourcedefinitions']) {
      assert.ok(rows.has(r), `api-resources lists ${r}`);
    }
  });

  it('the system namespaces exist and print with Status and Age', async () => {
    const out = await c.k(['get', 'ns']);
    const lines = out.trim().split('\n');
    assert.match(lines[0]!, /^NAME\s+STATUS\s+AGE$/);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      assert.match(out, new RegExp(`^${ns}\\s+Active\\s+\\d+s$`, 'm'));
    }
  });

  it('get of a missing pod prints NotFound with the resource and name', async () => {
    const r = await c.kubectl(['get', 'pod', 'nope']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(NotFound\): pods "nope" not found/);
  });

  it('creating the same pod twice fails with AlreadyExists', async () => {
    await c.k(['create', '-f', '-'], { input: pod('twice') });
    const r = await c.kubectl(['create', '-f', '-'], { input: pod('twice') });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(AlreadyExists\).*pods "twice" already exists/);
  });

  it('replace with a stale resourceVersion fails with Conflict', async () => {
    await c.k(['create', 'configmap', 'stale', '--from-literal=a=1']);
    const stale = await c.k(['get', 'cm', 'stale', '-o', 'json']);
    await c.k(['label', 'cm', 'stale', 'x=y']);
    const r = await c.kubectl(['replace', '-f', '-'], { input: stale });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Operation cannot be fulfilled on configmaps "stale": the object has been modified/);
  });

  it('get pod prints the pod columns, and -o wide adds IP and NODE', async () => {
    await c.k(['create', '-f', '-'], { input: pod('cols') });
    const out = await c.k(['get', 'pod', 'cols']);
    assert.match(out, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ncols\s+0\/1\s+Pending\s+0\s+\d+s\n$/);
    const wide = await c.k(['get', 'pod', 'cols', '-o', 'wide']);
    assert.match(wide.split('\n')[0]!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    assert.match(wide.split('\n')[1]!, /^cols\s+0\/1\s+Pending\s+0\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>$/);
  });

  it('/metrics exposes request counts and latency histograms by verb and resource', async () => {
    await c.k(['get', 'configmaps']);
    await c.kubectl(['get', 'pod', 'no-such-pod']);
    const m = await c.k(['get', '--raw', '/metrics']);
    assert.match(m, /^apiserver_request_total\{verb="LIST",resource="configmaps",code="200"\} [1-9]\d*$/m);
    assert.match(m, /^apiserver_request_duration_seconds_bucket\{le="0\.005",verb="LIST",resource="configmaps"\} \d+$/m);
    assert.match(m, /^apiserver_request_total\{verb="GET",resource="pods",code="404"\} [1-9]\d*$/m);
    assert.match(m, /^apiserver_request_duration_seconds_count\{verb="GET",resource="pods"\} [1-9]\d*$/m);
  });
});
