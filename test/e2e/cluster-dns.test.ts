/**
 * Cluster DNS end to end: a real `kite server --disable-agent`, Services and a manual EndpointSlice
 * made with the real kubectl, the DNS server started in-process against the server's API, an
 * upstream the test runs itself on loopback, and lookups with Node's resolver (c-ares) and
 * `busybox nslookup`. The last case binds the DNS to a test IP on the kite-dns0 dummy interface.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { createKubeClient, loadKubeconfig, type KubeClient } from '../../src/client/index.js';
import { DNS_INTERFACE, ensureDnsAddress, removeDnsAddress, startClusterDns } from '../../src/network/dns/index.js';
import { startFakeUpstream, type FakeUpstream } from '../unit/network/dns/fake-upstream.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { until } from './helpers/wait.js';

const run = promisify(execFile);
const log = pino({ level: 'warn' });
const TEST_DNS_IP = '10.99.0.10';

const manifests = `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.43.7.20
  ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec:
  clusterIP: None
  ports: [{name: sql, port: 5432, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: db-manual
  namespace: default
  labels: {kubernetes.io/service-name: db}
addressType: IPv4
ports: [{name: sql, port: 5432, protocol: TCP}]
endpoints:
- addresses: [10.42.0.11]
  hostname: db-0
  conditions: {ready: true}
- addresses: [10.42.0.12]
  hostname: db-1
  conditions: {ready: true}
`;

describe('cluster DNS against a real kite server', () => {
  let c: TestCluster;
  let client: KubeClient;
  let upstream: FakeUpstream;
  const ac = new AbortController();
  let done: Promise<void> | undefined;
  let r: Resolver;

  before(async () => {
    c = await startCluster();
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-e2e/cluster-dns' });
    upstream = await startFakeUpstream((q) => (q.name.toLowerCase() === 'example.test' && q.type === 'A'
      ? { answers: [{ type: 'A', name: q.name, ttl: 30, class: 'IN', data: '192.0.2.7' }] }
      : { rcode: 'NXDOMAIN', authorities: [{ type: 'SOA', name: 'test', ttl: 30, class: 'IN', data: { mname: 'ns.test', rname: 'h.test', minimum: 30 } }] }));
    await c.k(['apply', '-f', '-'], { input: manifests });
    const s = await startClusterDns({
      client, listen: [{ address: '127.0.0.1', port: 0 }], clusterDomain: 'cluster.local',
      upstreams: [`127.0.0.1:${upstream.port}`], log,
    }, ac.signal);
    done = s.done;
    r = new Resolver({ timeout: 2000, tries: 2 });
    r.setServers([`127.0.0.1:${s.ports[0]}`]);
  });

  after(async () => {
    ac.abort();
    await done;
    await upstream?.close();
    client?.close();
    await c?.stop();
  });

  it('a ClusterIP Service resolves to its ClusterIP', async () => {
    assert.deepEqual(await r.resolve4('web.default.svc.cluster.local'), ['10.43.7.20']);
  });

  it('a headless Service resolves to its endpoint IPs, and each hostname to its own', async () => {
    assert.deepEqual((await r.resolve4('db.default.svc.cluster.local')).sort(), ['10.42.0.11', '10.42.0.12']);
    assert.deepEqual(await r.resolve4('db-1.db.default.svc.cluster.local'), ['10.42.0.12']);
  });

  it('SRV of a named port lists its targets', async () => {
    assert.deepEqual(await r.resolveSrv('_http._tcp.web.default.svc.cluster.local'), [{ name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 }]);
    const db = await r.resolveSrv('_sql._tcp.db.default.svc.cluster.local');
    assert.deepEqual(db.map((s) => `${s.name}:${s.port}`).sort(), ['db-0.db.default.svc.cluster.local:5432', 'db-1.db.default.svc.cluster.local:5432']);
  });

  it('PTR of a ClusterIP and of an endpoint IP name the Service and the endpoint', async () => {
    assert.deepEqual(await r.reverse('10.43.7.20'), ['web.default.svc.cluster.local']);
    assert.deepEqual(await r.reverse('10.42.0.11'), ['db-0.db.default.svc.cluster.local']);
  });

  it('a missing cluster name is NXDOMAIN; an outside name comes from the upstream', async () => {
    await assert.rejects(r.resolve4('nope.default.svc.cluster.local'), { code: 'ENOTFOUND' });
    assert.equal(upstream.seen.some((s) => s.startsWith('nope.')), false, 'cluster misses never reach the upstream');
    assert.deepEqual(await r.resolve4('example.test'), ['192.0.2.7']);
  });

  it('a Service created after start resolves within 1 s, and stops resolving once deleted', async () => {
    await c.k(['create', 'service', 'clusterip', 'late', '--tcp=80:80', '--clusterip=10.43.7.30']);
    const t0 = Date.now();
    await until('late to resolve', async () => (await r.resolve4('late.default.svc.cluster.local')).length > 0, 5000, 20);
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    await c.k(['delete', 'service', 'late']);
    await until('late to be gone', async () => {
      try { await r.resolve4('late.default.svc.cluster.local'); return false; } catch (e) { return (e as { code?: string }).code === 'ENOTFOUND'; }
    }, 5000, 20);
  });

  it('busybox nslookup reaches the DNS on a test IP bound to kite-dns0, which is removed after', async (t) => {
    const ac2 = new AbortController();
    let done2: Promise<void> | undefined;
    t.after(async () => {
      ac2.abort();
      await done2;
      await removeDnsAddress(TEST_DNS_IP);
    });
    await ensureDnsAddress(TEST_DNS_IP);
    await ensureDnsAddress(TEST_DNS_IP); // idempotent
    const s = await startClusterDns({
      client, listen: [{ address: TEST_DNS_IP, port: 53 }], clusterDomain: 'cluster.local', upstreams: [`127.0.0.1:${upstream.port}`], log,
    }, ac2.signal);
    done2 = s.done;
    const { stdout } = await run('busybox', ['nslookup', '-type=a', 'web.default.svc.cluster.local', TEST_DNS_IP], { timeout: 15_000 });
    assert.match(stdout, /Address:\s*10\.43\.7\.20/);
    ac2.abort();
    await done2;
    await removeDnsAddress(TEST_DNS_IP);
    await assert.rejects(run('ip', ['link', 'show', DNS_INTERFACE]), 'kite-dns0 is gone once its last address is removed');
  });
});
