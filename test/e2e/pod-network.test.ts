/**
 * Issue 5, part D: pod networking on a `kite server` with its node agent (root, real containerd,
 * the Debian CNI plugins). The node gets its podCIDR from the node IPAM controller; pods get
 * distinct IPs in it on the cluster's own bridge, reach each other and are reached from the host;
 * hostPort answers on 127.0.0.1; resolv.conf points at the cluster DNS; hostNetwork pods keep the
 * node's address; deleting pods frees their IPs; `cleanupPodNetwork` leaves no bridge or rule.
 * Peer routes are tested inside a network namespace of the test's own, never on the host.
 * Traffic goes only to loopback and to the test cluster's bridge.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { get } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { applyPeerRoutes, cleanupPodNetwork, ensureVxlanDevice, peerRoutes, VTEP_MAC_ANNOTATION } from '../../src/agent/network/index.js';
import { connectedSubnets } from '../../src/agent/network/route-applier.js';
import { parseCidr, cidrContains } from '../../src/api/net/ipv4.js';
import type { Node } from '../../src/api/registry/core-types.js';
import { freePort, podNetworkArgs, startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { until } from './helpers/wait.js';

const execFileP = promisify(execFile);
const IMAGE = 'docker.io/library/busybox:1.35';
const NODE = 'pn-1';

const httpGet = (host: string, port: number) => new Promise<string>((resolve, reject) => {
  const req = get({ host, port, path: '/', timeout: 5000 }, (res) => {
    let body = '';
    res.on('data', (d: Buffer) => { body += d.toString(); });
    res.on('end', () => resolve(body));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', reject);
});

const webPod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo ${name} > /www/index.html && exec httpd -f -p 8080 -h /www"]
    readinessProbe: {httpGet: {port: 8080, path: /}, periodSeconds: 1}
${extra}`;

interface PodJson { spec: { nodeName?: string }; status?: { podIP?: string; podIPs?: Array<{ ip: string }>; hostIP?: string; phase?: string; conditions?: Array<{ type: string; status: string }> } }

describe('pod network on a kite node', () => {
  let c: TestCluster;
  const args = podNetworkArgs([]);
  const clusterCidr = args[args.indexOf('--cluster-cidr') + 1]!;
  const bridge = args[args.indexOf('--cni-bridge') + 1]!;
  const hostPort = 20000 + Math.floor(Math.random() * 10000);
  let hostNetPort: number;
  const pod = async (name: string) => JSON.parse(await c.k(['get', 'pod', name, '-o', 'json'])) as PodJson;
  const ready = (name: string) => until(`pod ${name} to be Ready`, async () => {
    const p = await pod(name);
    return p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ? p : undefined;
  }, 90_000);
  const ipamDir = () => path.join(c.dataDir, 'agent', 'cni', 'ipam', 'kite');
  const reservedIPs = async () => (await readdir(ipamDir()).catch(() => [])).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)).sort();

  before(async () => {
    hostNetPort = await freePort();
    c = await startCluster(['--node-name', NODE, ...args], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until('node to register', async () => (await c.kubectl(['get', 'node', NODE])).code === 0);
    await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']);
    await c.k(['apply', '-f', '-'], {
      input: [
        webPod('web-a'), webPod('web-b'),
        webPod('hp', '    ports: [{containerPort: 8080, hostPort: ' + hostPort + ', hostIP: 127.0.0.1}]\n'),
        `apiVersion: v1
kind: Pod
metadata: {name: hn}
spec:
  hostNetwork: true
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo hn > /www/index.html && exec httpd -f -p 127.0.0.1:${hostNetPort} -h /www"]
    readinessProbe: {tcpSocket: {port: ${hostNetPort}}, periodSeconds: 1}
`,
      ].join('---\n'),
    });
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop(); // also runs cleanupPodNetwork (test/e2e/helpers/agent-host.ts)
  });

  it('the node IPAM controller gives the node a podCIDR of the cluster CIDR', async () => {
    const node = JSON.parse(await c.k(['get', 'node', NODE, '-o', 'json'])) as Node;
    assert.equal(node.spec?.podCIDR, clusterCidr);
    assert.deepEqual(node.spec?.podCIDRs, [clusterCidr]);
    const r = await c.kubectl(['patch', 'node', NODE, '--type=merge', '-p', '{"spec":{"podCIDR":"10.99.0.0/24","podCIDRs":["10.99.0.0/24"]}}']);
    assert.notEqual(r.code, 0, 'an assigned podCIDR cannot change');
    assert.match(r.stderr, /spec\.podCIDRs: Forbidden: node updates may not change podCIDR/);
  });

  it('a node registering when the cluster CIDR is used up gets a CIDRNotAvailable warning', async () => {
    // the cluster CIDR of this test is a single /24, held by the real node
    await c.k(['create', '-f', '-'], { input: '{"apiVersion":"v1","kind":"Node","metadata":{"name":"pn-extra"}}' });
    try {
      const ev = await until('a CIDRNotAvailable event', async () => {
        const list = JSON.parse(await c.k(['get', 'events', '-A', '-o', 'json'])) as { items: Array<{ reason: string; type: string; involvedObject: { kind: string; name: string } }> };
        return list.items.find((e) => e.reason === 'CIDRNotAvailable' && e.involvedObject.name === 'pn-extra');
      }, 30_000);
      assert.equal(ev.type, 'Warning');
      assert.equal(ev.involvedObject.kind, 'Node');
      const extra = JSON.parse(await c.k(['get', 'node', 'pn-extra', '-o', 'json'])) as Node;
      assert.equal(extra.spec?.podCIDR, undefined);
    } finally {
      await c.kubectl(['delete', 'node', 'pn-extra', '--wait=false']);
    }
  });

  it('two pods get distinct IPs inside the node\'s podCIDR and are Ready through probes on their IPs', async () => {
    const [a, b] = [await ready('web-a'), await ready('web-b')];
    const cidr = parseCidr(clusterCidr);
    assert.ok(a.status?.podIP && b.status?.podIP);
    assert.notEqual(a.status.podIP, b.status.podIP);
    for (const p of [a, b]) {
      assert.ok(cidrContains(cidr, p.status!.podIP!), `${p.status!.podIP} in ${clusterCidr}`);
      assert.deepEqual(p.status!.podIPs, [{ ip: p.status!.podIP }]);
      assert.notEqual(p.status!.podIP, p.status!.hostIP);
    }
    const wide = await c.k(['get', 'pods', '-o', 'wide']);
    assert.match(wide, new RegExp(`web-a\\s.*\\s${a.status.podIP!.replace(/\./g, '\\.')}\\s+${NODE}`));
  });

  it('a pod fetches from another pod\'s IP, and the host reaches a pod IP', async () => {
    const ipB = (await ready('web-b')).status!.podIP!;
    const ipA = (await ready('web-a')).status!.podIP!;
    assert.equal((await c.k(['exec', 'web-a', '--', 'wget', '-qO-', `http://${ipB}:8080/`])).trim(), 'web-b');
    assert.equal((await httpGet(ipA, 8080)).trim(), 'web-a');
  });

  it('a hostPort answers on 127.0.0.1 (portmap)', async () => {
    await ready('hp');
    assert.equal((await until('hostPort to answer', () => httpGet('127.0.0.1', hostPort).catch(() => undefined), 15_000)).trim(), 'hp');
  });

  it('a pod\'s resolv.conf points at the cluster DNS with the namespace search path and ndots:5; its hostname is in /etc/hosts', async () => {
    const conf = await c.k(['exec', 'web-a', '--', 'cat', '/etc/resolv.conf']);
    assert.match(conf, /^nameserver 10\.43\.0\.10$/m);
    assert.match(conf, /^search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local\b/m);
    assert.match(conf, /^options ndots:5$/m);
    assert.equal((await c.k(['exec', 'web-a', '--', 'hostname'])).trim(), 'web-a');
    const ipA = (await pod('web-a')).status!.podIP!;
    assert.match(await c.k(['exec', 'web-a', '--', 'cat', '/etc/hosts']), new RegExp(`^${ipA.replace(/\./g, '\\.')}\tweb-a$`, 'm'));
  });

  it('a hostNetwork pod keeps the node\'s address and answers on the host', async () => {
    const p = await ready('hn');
    assert.equal(p.status?.podIP, p.status?.hostIP);
    assert.equal((await httpGet('127.0.0.1', hostNetPort)).trim(), 'hn');
  });

  it('deleting pods frees their IPs in host-local\'s reservations', async () => {
    const ipA = (await pod('web-a')).status!.podIP!;
    const ipB = (await pod('web-b')).status!.podIP!;
    const before = await reservedIPs();
    assert.ok(before.includes(ipA) && before.includes(ipB), `reserved: ${before.join(' ')}`);
    await c.k(['delete', 'pod', 'web-a', 'web-b', '--wait=true', '--timeout=60s']);
    const left = await until('IPs to be released', async () => { const r = await reservedIPs(); return !r.includes(ipA) && !r.includes(ipB) ? r : undefined; }, 30_000);
    assert.equal(left.length, before.length - 2);
  });

  it('cleanupPodNetwork removes the bridge, the CNI state and this node\'s KITE-POD rules', async () => {
    const rulesOf = async () => {
      const dump = (await execFileP('iptables-save')).stdout;
      return dump.split('\n').filter((l) => l.includes(`kite pods ${bridge}`));
    };
    assert.equal((await rulesOf()).length, 3, 'one masquerade and two forward rules while running');
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    const dataDir = c.dataDir;
    const stopped = c;
    c = undefined as unknown as TestCluster;
    await stopped.stop();
    await cleanupPodNetwork(dataDir); // again: idempotent on an already clean host
    assert.deepEqual(await rulesOf(), []);
    await assert.rejects(execFileP('ip', ['link', 'show', bridge]), 'the bridge is gone');
    await assert.rejects(readdir(path.join(dataDir, 'agent', 'cni')));
  });
});

describe('peer routes in a network namespace', () => {
  const ns = `kpr-${Math.floor(Math.random() * 36 ** 5).toString(36)}`;
  const ip = (...a: string[]) => execFileP('ip', ['-n', ns, ...a]);
  const clusterCidr = '10.77.0.0/16';
  const peer = (name: string, addr: string, podCIDR: string): Node => ({
    metadata: { name }, spec: { podCIDR, podCIDRs: [podCIDR] }, status: { addresses: [{ type: 'InternalIP', address: addr }] },
  });
  const routes = async () => (await ip('-4', 'route', 'show')).stdout.trim().split('\n').map((l) => l.trim()).sort();

  before(async () => {
    await execFileP('ip', ['netns', 'add', ns]);
    await ip('link', 'add', 'tbr0', 'type', 'bridge');
    await ip('addr', 'add', '192.168.77.1/24', 'dev', 'tbr0');
    await ip('link', 'set', 'tbr0', 'up');
    // someone else's route inside the cluster CIDR: never touched
    await ip('route', 'add', '10.77.9.0/24', 'via', '192.168.77.9', 'proto', 'static');
  });
  after(async () => { await execFileP('ip', ['netns', 'del', ns]).catch(() => undefined); });

  it('routes reachable peers via their InternalIP, none for a far peer without a VTEP, removes stale routes and leaves foreign ones', async () => {
    const self = { name: 'me', subnets: await connectedSubnets({ netns: ns }) };
    assert.deepEqual(self.subnets, ['192.168.77.0/24']);
    const nodes = [peer('me', '192.168.77.1', '10.77.0.0/24'), peer('p2', '192.168.77.2', '10.77.2.0/24'), peer('p3', '192.168.77.3', '10.77.3.0/24'), peer('far', '172.31.0.5', '10.77.4.0/24')];
    const first = await applyPeerRoutes(peerRoutes(self, nodes), { clusterCidr, netns: ns });
    assert.deepEqual(first, { added: ['10.77.2.0/24', '10.77.3.0/24'], removed: [] });
    assert.deepEqual(await routes(), [
      '10.77.2.0/24 via 192.168.77.2 dev tbr0 proto 252',
      '10.77.3.0/24 via 192.168.77.3 dev tbr0 proto 252',
      '10.77.9.0/24 via 192.168.77.9 dev tbr0 proto static',
      '192.168.77.0/24 dev tbr0 proto kernel scope link src 192.168.77.1',
    ]);
    const again = await applyPeerRoutes(peerRoutes(self, nodes), { clusterCidr, netns: ns });
    assert.deepEqual(again, { added: [], removed: [] }, 'idempotent');
    const moved = [nodes[0]!, peer('p3', '192.168.77.33', '10.77.3.0/24')];
    assert.deepEqual(await applyPeerRoutes(peerRoutes(self, moved), { clusterCidr, netns: ns }), { added: ['10.77.3.0/24'], removed: ['10.77.2.0/24'] });
    assert.deepEqual(await routes(), [
      '10.77.3.0/24 via 192.168.77.33 dev tbr0 proto 252',
      '10.77.9.0/24 via 192.168.77.9 dev tbr0 proto static',
      '192.168.77.0/24 dev tbr0 proto kernel scope link src 192.168.77.1',
    ]);
  });
});

describe('VXLAN between peers on different subnets (three network namespaces)', () => {
  // a ── router ── b: the peers share no subnet, so each reaches the other's pods over VXLAN.
  const tag = Math.floor(Math.random() * 36 ** 4).toString(36);
  const [nsA, nsR, nsB] = ['a', 'r', 'b'].map((x) => `kvx${x}-${tag}`) as [string, string, string];
  const sh = (ns: string, cmd: string) => execFileP('ip', ['netns', 'exec', ns, 'sh', '-c', cmd]);
  const clusterCidr = '10.78.0.0/16';
  const node = (name: string, addr: string, podCIDR: string, mac?: string): Node => ({
    metadata: { name, ...(mac ? { annotations: { [VTEP_MAC_ANNOTATION]: mac } } : {}) },
    spec: { podCIDR, podCIDRs: [podCIDR] }, status: { addresses: [{ type: 'InternalIP', address: addr }] },
  });

  before(async () => {
    for (const ns of [nsA, nsR, nsB]) await execFileP('ip', ['netns', 'add', ns]);
    await execFileP('ip', ['-n', nsA, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'ra', 'netns', nsR]);
    await execFileP('ip', ['-n', nsB, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'rb', 'netns', nsR]);
    await sh(nsR, 'ip addr add 192.168.81.1/24 dev ra && ip addr add 192.168.82.1/24 dev rb && ip link set ra up && ip link set rb up && echo 1 > /proc/sys/net/ipv4/ip_forward');
    await sh(nsA, 'ip addr add 192.168.81.2/24 dev eth0 && ip link set eth0 up && ip link set lo up && ip route add default via 192.168.81.1');
    await sh(nsB, 'ip addr add 192.168.82.2/24 dev eth0 && ip link set eth0 up && ip link set lo up && ip route add default via 192.168.82.1');
    // each "node" has a pod-side address in its podCIDR (a bridge of its own, as the pod bridge would be)
    await sh(nsA, 'ip link add pods type bridge && ip addr add 10.78.1.1/24 dev pods && ip link set pods up');
    await sh(nsB, 'ip link add pods type bridge && ip addr add 10.78.2.1/24 dev pods && ip link set pods up');
  });
  after(async () => { for (const ns of [nsA, nsR, nsB]) await execFileP('ip', ['netns', 'del', ns]).catch(() => undefined); });

  it('each side gets a VTEP, routes the other\'s podCIDR through it, and pod addresses reach each other', async () => {
    const macA = await ensureVxlanDevice({ localIP: '192.168.81.2', podCidr: '10.78.1.0/24', netns: nsA });
    const macB = await ensureVxlanDevice({ localIP: '192.168.82.2', podCidr: '10.78.2.0/24', netns: nsB });
    assert.equal(await ensureVxlanDevice({ localIP: '192.168.81.2', podCidr: '10.78.1.0/24', netns: nsA }), macA, 'kept as it is');
    const nodes = [node('a', '192.168.81.2', '10.78.1.0/24', macA), node('b', '192.168.82.2', '10.78.2.0/24', macB)];
    for (const [ns, name] of [[nsA, 'a'], [nsB, 'b']] as const) {
      const routes = peerRoutes({ name, subnets: await connectedSubnets({ netns: ns }) }, nodes);
      assert.equal(routes[0]?.mode, 'vxlan');
      await applyPeerRoutes(routes, { clusterCidr, netns: ns, vxlanDevice: 'kite.vxlan' });
    }
    assert.match((await execFileP('ip', ['-n', nsA, 'route', 'show', '10.78.2.0/24'])).stdout, /via 10\.78\.2\.0 dev kite\.vxlan proto 252 onlink/);
    assert.match((await execFileP('bridge', ['-n', nsA, 'fdb', 'show', 'dev', 'kite.vxlan'])).stdout, new RegExp(`${macB} dst 192\\.168\\.82\\.2`));
    const ping = await sh(nsA, 'busybox ping -c 2 -W 2 -I 10.78.1.1 10.78.2.1');
    assert.match(ping.stdout, /2 packets received/);
    // b leaves: a's route, neighbour and fdb entry go
    assert.deepEqual(await applyPeerRoutes(peerRoutes({ name: 'a', subnets: await connectedSubnets({ netns: nsA }) }, [nodes[0]!]), { clusterCidr, netns: nsA, vxlanDevice: 'kite.vxlan' }),
      { added: [], removed: ['10.78.2.0/24'] });
    assert.equal((await execFileP('bridge', ['-n', nsA, 'fdb', 'show', 'dev', 'kite.vxlan'])).stdout.includes(macB), false);
    assert.equal((await execFileP('ip', ['-n', nsA, 'neigh', 'show', 'dev', 'kite.vxlan'])).stdout.trim(), '');
  });
});
