/**
 * Issue 5 acceptance, the whole stack on one `kite server` with its node agent (root, real containerd,
 * CNI, the iptables proxy and the cluster DNS it runs): a client pod reaches a 2-replica busybox HTTP
 * Deployment through its ClusterIP and by name; an un-Ready replica drops out; headless, SRV and a
 * forwarded name resolve (the upstream is the test's own on loopback); NodePort answers on 127.0.0.1
 * and on the node's bridge address; a LoadBalancer IP from a range on a bridge the test creates answers
 * from the host and shows as EXTERNAL-IP; deleting the Service removes its rules; stopping the server
 * removes the proxy's chains and leaves a foreign rule alone.
 * Traffic goes only to loopback, the cluster's bridge and the test's own bridge.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { get } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { nthAddress, parseCidr } from '../../src/api/net/ipv4.js';
import { startFakeUpstream, type FakeUpstream } from '../unit/network/dns/fake-upstream.js';
import { podNetworkArgs, startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { busyboxDeployment } from './helpers/manifests.js';
import { until } from './helpers/wait.js';

const execFileP = promisify(execFile);
const IMAGE = 'docker.io/library/busybox:1.35';
const NODE = 'sn-1';
const rnd = Math.floor(Math.random() * 36 ** 5).toString(36);
const LAN_BRIDGE = `ktl${rnd}`;
const FOREIGN = `KTEST-FOREIGN-${rnd}`.toUpperCase().slice(0, 28);

const httpGet = (host: string, port: number) => new Promise<string>((resolve, reject) => {
  const req = get({ host, port, path: '/', timeout: 3000, agent: false }, (res) => {
    let body = '';
    res.on('data', (d: Buffer) => { body += d.toString(); });
    res.on('end', () => resolve(body.trim()));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', reject);
});
const ip = (...args: string[]) => execFileP('ip', args);
const iptablesSave = async (table: string) => (await execFileP('iptables-save', ['-t', table])).stdout;

const manifests = `${busyboxDeployment({ image: IMAGE, replicas: 2, container: `        command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && touch /www/ready && exec httpd -f -p 8080 -h /www"]
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {port: 8080, path: /ready}, periodSeconds: 1, failureThreshold: 1}` })}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-headless}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: sh
    image: ${IMAGE}
    command: ["sleep", "3600"]
`;

describe('Services, cluster DNS and host access on a kite node', () => {
  let c: TestCluster;
  let upstream: FakeUpstream;
  let clusterIP: string;
  const args = podNetworkArgs([]);
  const gateway = nthAddress(parseCidr(args[args.indexOf('--cluster-cidr') + 1]!), 1);
  const inPod = (...cmd: string[]) => c.k(['exec', 'client', '--', ...cmd]);
  // busybox-static's wget crashes with -T here; kubectl exec has its own timeout.
  const fetchFromPod = async (url: string) => (await inPod('wget', '-qO-', url)).trim();
  // busybox nslookup also tries every search domain and exits 1 when any of them is NXDOMAIN (which
  // the cluster DNS rightly answers), so the output is what counts.
  const lookup = async (...q: string[]) => {
    const r = await c.kubectl(['exec', 'client', '--', 'nslookup', ...q]);
    assert.match(r.stdout, /Server:\s+10\.43\.0\.10/, r.stderr);
    return r.stdout;
  };
  const webPods = async () => JSON.parse(await c.k(['get', 'pods', '-l', 'app=web', '-o', 'json'])).items as Array<{ metadata: { name: string }; status: { podIP?: string; conditions?: Array<{ type: string; status: string }> } }>;

  before(async () => {
    upstream = await startFakeUpstream((q) => (q.name === 'example.test' && q.type === 'A'
      ? { answers: [{ type: 'A', name: q.name, ttl: 30, data: '192.0.2.7' }] } : { rcode: 'NXDOMAIN' }));
    await ip('link', 'add', LAN_BRIDGE, 'type', 'bridge');
    await ip('addr', 'add', '198.51.100.1/24', 'dev', LAN_BRIDGE);
    await ip('link', 'set', LAN_BRIDGE, 'up');
    await execFileP('iptables', ['-N', FOREIGN]);
    await execFileP('iptables', ['-A', FOREIGN, '-s', '203.0.113.9/32', '-j', 'RETURN']);
    c = await startCluster(['--node-name', NODE, ...args, '--dns-upstream', `127.0.0.1:${upstream.port}`,
      '--lb-range-start', '198.51.100.200', '--lb-range-size', '1'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until('node to register', async () => (await c.kubectl(['get', 'node', NODE])).code === 0);
    await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']);
    await c.k(['apply', '-f', '-'], { input: manifests });
    await c.k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    await c.k(['wait', '--for=condition=Ready', 'pod/client', '--timeout=60s']);
    clusterIP = (await c.k(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).trim();
  });

  after(async () => {
    await c?.kubectl(['delete', 'deployment,pods,svc', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c?.stop();
    await ip('link', 'del', LAN_BRIDGE).catch(() => undefined);
    await execFileP('iptables', ['-F', FOREIGN]).catch(() => undefined);
    await execFileP('iptables', ['-X', FOREIGN]).catch(() => undefined);
    await upstream?.close();
  });

  it('a pod reaches both replicas through the ClusterIP across 20 requests', async () => {
    assert.match(clusterIP, /^10\.43\.\d+\.\d+$/);
    const names = (await webPods()).map((p) => p.metadata.name).sort();
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(await fetchFromPod(`http://${clusterIP}/`));
    assert.deepEqual([...seen].sort(), names);
  });

  it('Service names resolve from a pod: short, namespaced and fully qualified', async () => {
    const out = await lookup('web.default.svc.cluster.local');
    assert.match(out, new RegExp(`Address:\\s+${clusterIP.replace(/\./g, '\\.')}`), out);
    // wget resolves through the C library, which walks the search path (ndots:5) like any app would.
    for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local']) {
      assert.match(await fetchFromPod(`http://${name}/`), /^web-/, name);
    }
  });

  it('a headless Service returns the pod IPs and SRV names its port; other names go to the upstream', async () => {
    const podIPs = (await webPods()).map((p) => p.status.podIP).filter(Boolean) as string[];
    const out = await lookup('web-headless.default.svc.cluster.local');
    for (const podIP of podIPs) assert.ok(out.includes(podIP), `${podIP} missing in:\n${out}`);
    const srv = await lookup('-type=SRV', '_http._tcp.web.default.svc.cluster.local');
    assert.match(srv, /80 web\.default\.svc\.cluster\.local/);
    const ext = await lookup('example.test');
    assert.match(ext, /Address:\s+192\.0\.2\.7/);
    assert.ok(upstream.seen.some((q) => q.startsWith('example.test A')), upstream.seen.join(', '));
  });

  it('NodePort answers from the host on 127.0.0.1 and on the node\'s bridge address', async () => {
    await c.k(['patch', 'svc', 'web', '-p', '{"spec":{"type":"NodePort"}}']);
    const nodePort = Number(await c.k(['get', 'svc', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}']));
    assert.ok(nodePort >= 30000 && nodePort <= 32767, String(nodePort));
    for (const host of ['127.0.0.1', gateway]) {
      const body = await until(`NodePort ${nodePort} on ${host}`, () => httpGet(host, nodePort).catch(() => undefined), 10_000);
      assert.match(body, /^web-/);
    }
  });

  it('a LoadBalancer gets an IP from the configured range, shown as EXTERNAL-IP and answering from the host', async () => {
    await c.k(['patch', 'svc', 'web', '-p', '{"spec":{"type":"LoadBalancer"}}']);
    const row = await until('EXTERNAL-IP', async () => {
      const out = await c.k(['get', 'svc', 'web', '--no-headers']);
      return out.includes('198.51.100.200') ? out : undefined;
    }, 10_000);
    assert.match(row, /LoadBalancer\s+\S+\s+198\.51\.100\.200\s+80:\d+\/TCP/);
    const body = await until('the LB IP to answer', () => httpGet('198.51.100.200', 80).catch(() => undefined), 10_000);
    assert.match(body, /^web-/);
  });

  it('an un-Ready replica stops receiving traffic within 2 s of failing readiness', async () => {
    const [victim, other] = (await webPods()).map((p) => p.metadata.name).sort();
    await c.k(['exec', victim!, '--', 'rm', '/www/ready']);
    await until(`${victim} to turn un-Ready`, async () => {
      const p = (await webPods()).find((x) => x.metadata.name === victim);
      return p?.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'False') ? true : undefined;
    }, 15_000);
    await until('traffic to go only to the Ready replica', async () => {
      for (let i = 0; i < 8; i++) if (await fetchFromPod(`http://${clusterIP}/`) !== other) return undefined;
      return true;
    }, 2_000, 0);
    await c.k(['exec', victim!, '--', 'touch', '/www/ready']);
  });

  it('deleting a Service removes its rules; stopping the server removes the proxy chains and leaves foreign rules', async () => {
    // The proxy's rules name their Service in a comment (the `kubernetes` Service keeps its own).
    const webRules = (text: string) => text.split('\n').filter((l) => l.includes('"default/web:http')).length;
    assert.ok(webRules(await iptablesSave('nat')) > 0, 'the proxy has rules for default/web');
    await c.k(['delete', 'svc', 'web', 'web-headless']);
    await until('the Service rules to go', async () => (webRules(await iptablesSave('nat')) === 0 ? true : undefined), 5_000);
    await c.stop();
    const nat = await iptablesSave('nat');
    const filter = await iptablesSave('filter');
    for (const chain of ['KITE-SERVICES', 'KITE-NODEPORTS', 'KITE-POSTROUTING', 'KITE-MARK-MASQ']) assert.ok(!nat.includes(`:${chain} `), `${chain} left in nat`);
    assert.ok(!filter.includes(':KITE-SERVICES '), 'KITE-SERVICES left in filter');
    assert.ok(filter.includes(`-A ${FOREIGN} -s 203.0.113.9/32 -j RETURN`), 'the foreign rule survives');
    const addrs = (await ip('-4', 'addr', 'show', 'dev', LAN_BRIDGE)).stdout;
    assert.ok(!addrs.includes('198.51.100.200'), 'the LB address is removed from the host');
  });
});
