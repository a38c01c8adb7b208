/**
 * Issue 5 (service proxy), as root: a real `kite server --disable-agent`, Services and EndpointSlices
 * written with kubectl, the proxy run in-process against it, and real iptables. The "pods" are network
 * namespaces on a bridge this test creates, serving with busybox httpd; traffic goes only to that bridge,
 * a second (port-less) bridge standing in for the LAN, and loopback. Everything is removed in `after`, even on failure.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { createKubeClient, loadKubeconfig } from '../../src/client/index.js';
import { isOwnChain } from '../../src/network/proxy/chains.js';
import { cleanupServiceProxy, startServiceProxy, type ServiceProxy } from '../../src/network/proxy/index.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { until } from './helpers/wait.js';

const exec = promisify(execFile);
const sh = async (cmd: string, ...args: string[]) => (await exec(cmd, args)).stdout;
const quiet = (cmd: string, ...args: string[]) => exec(cmd, args).then(() => undefined, () => undefined);

const id = randomBytes(2).toString('hex');
const [bridge, dummy] = [`ktp${id}br`, `ktp${id}lb`];
const ns = { a: `ktp${id}a`, b: `ktp${id}b`, c: `ktp${id}c` };
const lanClient = { ns: `ktp${id}d`, ip: '' }; // a machine on the "LAN", outside the cluster CIDR
const subnet = `10.177.${randomInt(256)}`; // the "pods"
const lbNet = `10.178.${randomInt(256)}`;
const ip = { a: `${subnet}.2`, b: `${subnet}.3`, c: `${subnet}.4` };
const clusterIP = `10.97.${randomInt(1, 255)}.10`;
const echoIP = `10.97.${randomInt(1, 255)}.11`;
const lbIP = `${lbNet}.50`;
lanClient.ip = `${lbNet}.2`;
const nodePort = randomInt(30000, 32768);
const foreign = `KTEST-FOREIGN-${id}`;
const log = pino({ level: 'silent' });

const curl = async (url: string) => (await exec('curl', ['-sS', '--max-time', '2', url])).stdout.trim();
// busybox wget segfaults on this machine; the host's curl runs inside the namespace instead
const nsCurl = async (n: string, url: string, ...opts: string[]) => (await exec('ip', ['netns', 'exec', n, 'curl', '-sS', '--max-time', '2', ...opts, url])).stdout.trim();
/** Where the replies of the LAN client's connections from `ports` go: the client itself (no SNAT) or the host. */
const replyTargets = async (ports: [number, number]) => new Set((await sh('cat', '/proc/net/nf_conntrack')).split('\n')
  .filter((l) => l.includes(`src=${lanClient.ip} dst=${lbIP} `))
  .filter((l) => { const sport = Number(/sport=(\d+)/.exec(l)?.[1]); return sport >= ports[0] && sport <= ports[1]; })
  .map((l) => /src=\S+ dst=\S+ .*src=\S+ dst=(\S+)/.exec(l)?.[1]));
const natRules = () => sh('iptables-save', '-t', 'nat');
/** The proxy's chains on the host (other Kite parts, e.g. pod networking, have KITE-* chains of their own). */
const proxyChains = async () => (await sh('iptables-save')).split('\n').filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]!).filter(isOwnChain);

const service = (name: string, cip: string, port: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' },
  spec: { clusterIP: cip, ports: [{ name: 'p', port, protocol: 'TCP', ...extra }], ...(extra.nodePort ? { type: 'LoadBalancer' } : {}) },
});
const endpointSlice = (svc: string, ips: string[], port: number) => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
  metadata: { name: `${svc}-1`, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
  endpoints: ips.map((a) => ({ addresses: [a], conditions: { ready: true }, nodeName: 'ktp-node' })),
  ports: [{ name: 'p', port, protocol: 'TCP' }],
});

describe('iptables service proxy against a real kite server', () => {
  let c: TestCluster;
  let stateDir: string;
  let www: string;
  const procs: ChildProcess[] = [];
  let proxy: { ac: AbortController; p: ServiceProxy } | undefined;

  const startProxy = async (o: { cleanupOnStop?: boolean } = {}) => {
    const ac = new AbortController();
    const client = createKubeClient(loadKubeconfig(c.kubeconfig));
    const p = startServiceProxy({ client, nodeName: 'ktp-node', clusterCidr: `${subnet}.0/24`, stateDir, log, minSyncIntervalMs: 100, ...o }, ac.signal);
    proxy = { ac, p };
    await p.synced;
  };
  const stopProxy = async () => {
    if (!proxy) return;
    proxy.ac.abort();
    await proxy.p.done;
    proxy = undefined;
  };
  const spawnIn = (n: string, ...argv: string[]) => {
    const child = spawn('ip', ['netns', 'exec', n, ...argv], { stdio: 'ignore' });
    procs.push(child);
    return child;
  };

  // the proxy sets these (and, like kube-proxy, leaves them); the test puts back what the host had
  const sysctls = ['/proc/sys/net/ipv4/conf/all/route_localnet', '/proc/sys/net/bridge/bridge-nf-call-iptables'];
  const sysctlsBefore = new Map<string, string>();

  before(async () => {
    for (const f of sysctls) sysctlsBefore.set(f, await readFile(f, 'utf8'));
    stateDir = await mkdtemp(path.join(tmpdir(), 'ktp-state-'));
    www = await mkdtemp(path.join(tmpdir(), 'ktp-www-'));
    await sh('ip', 'link', 'add', bridge, 'type', 'bridge');
    await sh('ip', 'addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    await sh('ip', 'link', 'set', bridge, 'up');
    // pod → ClusterIP → pod on the same bridge is routed by the host; allow forwarding on this bridge only
    await writeFile(`/proc/sys/net/ipv4/conf/${bridge}/forwarding`, '1');
    for (const [k, n] of Object.entries(ns) as Array<[keyof typeof ns, string]>) {
      await sh('ip', 'netns', 'add', n);
      await sh('ip', 'link', 'add', `${n}v`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', n);
      await sh('ip', 'link', 'set', `${n}v`, 'master', bridge, 'up');
      // as the CNI bridge plugin's hairpinMode: a pod's packet DNATed back to itself leaves by the port it came in
      await sh('ip', 'link', 'set', `${n}v`, 'type', 'bridge_slave', 'hairpin', 'on');
      await sh('ip', '-n', n, 'addr', 'add', `${ip[k]}/24`, 'dev', 'eth0');
      await sh('ip', '-n', n, 'link', 'set', 'eth0', 'up');
      await sh('ip', '-n', n, 'link', 'set', 'lo', 'up');
      await sh('ip', '-n', n, 'route', 'add', 'default', 'via', `${subnet}.1`);
    }
    for (const k of ['a', 'b'] as const) {
      await mkdir(path.join(www, k));
      await writeFile(path.join(www, k, 'index.html'), `backend-${k}\n`);
      spawnIn(ns[k], 'busybox', 'httpd', '-f', '-p', '8080', '-h', path.join(www, k));
    }
    spawnIn(ns.a, 'busybox', 'nc', '-l', '-p', '9000', '-e', '/bin/cat'); // serves one long-lived echo connection
    // the LAN stand-in: this kernel has no dummy link type (no modules), so an empty bridge plays it
    await sh('ip', 'link', 'add', dummy, 'type', 'bridge');
    await sh('ip', 'addr', 'add', `${lbNet}.1/24`, 'dev', dummy);
    await sh('ip', 'link', 'set', dummy, 'up');
    await writeFile(`/proc/sys/net/ipv4/conf/${dummy}/forwarding`, '1');
    await sh('ip', 'netns', 'add', lanClient.ns);
    await sh('ip', 'link', 'add', `${lanClient.ns}v`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', lanClient.ns);
    await sh('ip', 'link', 'set', `${lanClient.ns}v`, 'master', dummy, 'up');
    await sh('ip', '-n', lanClient.ns, 'addr', 'add', `${lanClient.ip}/24`, 'dev', 'eth0');
    await sh('ip', '-n', lanClient.ns, 'link', 'set', 'eth0', 'up');
    await sh('ip', '-n', lanClient.ns, 'route', 'add', 'default', 'via', `${lbNet}.1`);
    // a rule in a chain of our own that the proxy must never touch
    await sh('iptables', '-t', 'nat', '-N', foreign);
    await sh('iptables', '-t', 'nat', '-A', foreign, '-d', `${subnet}.250/32`, '-j', 'RETURN');

    // The test sets LoadBalancer status itself: Kite's own LoadBalancer controller stays off.
    c = await startCluster(['--service-cidr', '10.97.0.0/16', '--disable', 'servicelb']);
    const objects = [
      service('web', clusterIP, 80, { targetPort: 8080, nodePort }), endpointSlice('web', [ip.a, ip.b], 8080),
      service('echo', echoIP, 9000), endpointSlice('echo', [ip.a], 9000),
    ];
    await c.k(['create', '-f', '-'], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
    await startProxy();
  });

  after(async () => {
    await stopProxy().catch(() => undefined);
    await cleanupServiceProxy({ stateDir, log }).catch(() => undefined);
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await c?.stop();
    for (const n of [...Object.values(ns), lanClient.ns]) await quiet('ip', 'netns', 'del', n);
    for (const l of [bridge, dummy]) await quiet('ip', 'link', 'del', l);
    await quiet('iptables', '-t', 'nat', '-F', foreign);
    await quiet('iptables', '-t', 'nat', '-X', foreign);
    for (const [f, v] of sysctlsBefore) await writeFile(f, v).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
    await rm(www, { recursive: true, force: true });
  });

  it('the ClusterIP balances host requests over both endpoints', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(await curl(`http://${clusterIP}/`));
    assert.deepEqual([...seen].sort(), ['backend-a', 'backend-b']);
  });

  it('a pod on the same bridge reaches both endpoints through the ClusterIP', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(await nsCurl(ns.c, `http://${clusterIP}/`));
    assert.deepEqual([...seen].sort(), ['backend-a', 'backend-b']);
  });

  it('an endpoint reaching its own Service gets answers from itself too (hairpin)', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(await nsCurl(ns.a, `http://${clusterIP}/`));
    assert.deepEqual([...seen].sort(), ['backend-a', 'backend-b']);
  });

  it('the NodePort answers on 127.0.0.1', async () => {
    assert.match(await curl(`http://127.0.0.1:${nodePort}/`), /^backend-[ab]$/);
  });

  it('a LoadBalancer IP in a host subnet is added to that interface and answers', async () => {
    await c.k(['patch', 'service', 'web', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { loadBalancer: { ingress: [{ ip: lbIP }] } } })]);
    await until('LB IP on the LAN interface', async () => (await sh('ip', '-4', 'addr', 'show', 'dev', dummy)).includes(`${lbIP}/32`), 5_000, 100);
    assert.match(await curl(`http://${lbIP}/`), /^backend-[ab]$/);
  });

  it('LAN clients of the LB IP are masqueraded (Cluster policy); with Local they keep their address and reach only this node\'s endpoints', async () => {
    for (let i = 0; i < 5; i++) assert.match(await nsCurl(lanClient.ns, `http://${lbIP}/`, '--local-port', '40000-40099'), /^backend-[ab]$/);
    assert.deepEqual([...await replyTargets([40000, 40099])], [`${subnet}.1`]);

    await c.k(['patch', 'endpointslice', 'web-1', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/endpoints/1/nodeName', value: 'other-node' }])]);
    await c.k(['patch', 'service', 'web', '--type=merge', '-p', JSON.stringify({ spec: { externalTrafficPolicy: 'Local' } })]);
    await until('Local policy rules', async () => (await natRules()).includes(':KITE-SVL-'), 2_000, 50);
    for (let i = 0; i < 10; i++) assert.equal(await nsCurl(lanClient.ns, `http://${lbIP}/`, '--local-port', '40100-40199'), 'backend-a');
    assert.deepEqual([...await replyTargets([40100, 40199])], [lanClient.ip]);

    await c.k(['patch', 'service', 'web', '--type=merge', '-p', JSON.stringify({ spec: { externalTrafficPolicy: 'Cluster' } })]);
    await c.k(['patch', 'endpointslice', 'web-1', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/endpoints/1/nodeName', value: 'ktp-node' }])]);
    await until('Cluster policy rules', async () => !(await natRules()).includes(':KITE-SVL-'), 2_000, 50);
  });

  it('ClientIP session affinity keeps a client on one endpoint', async () => {
    await c.k(['patch', 'service', 'web', '--type=merge', '-p', JSON.stringify({ spec: { sessionAffinity: 'ClientIP' } })]);
    await until('affinity rules', async () => (await natRules()).includes('--rcheck --seconds 10800'), 2_000, 50);
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) seen.add(await curl(`http://${clusterIP}/`));
    assert.equal(seen.size, 1);
    await c.k(['patch', 'service', 'web', '--type=merge', '-p', JSON.stringify({ spec: { sessionAffinity: 'None' } })]);
    await until('affinity rules gone', async () => !(await natRules()).includes('--rcheck'), 2_000, 50);
  });

  /** A connection to the echo Service; `roundTrip` sends a line and waits for it to come back. */
  const echoConnection = () => {
    const sock: Socket = connect(9000, echoIP);
    let received = '';
    let failed: Error | undefined;
    sock.on('data', (d) => { received += d.toString(); }).on('error', (e) => { failed = e; }).on('close', () => { failed ??= new Error('closed'); });
    const roundTrip = async (msg: string) => {
      sock.write(`${msg}\n`);
      await until(`echo of ${msg}`, async () => { if (failed) throw failed; return received.includes(msg); }, 3_000, 10);
    };
    return { sock, roundTrip, failed: () => failed };
  };

  it('a restart of the proxy keeps an established connection through the ClusterIP and restores the rules', async () => {
    const c1 = echoConnection();
    try {
      await c1.roundTrip('one');
      await stopProxy();
      assert.deepEqual(await proxyChains(), []);
      // Nothing is sent while the proxy is down: with no conntrack user left on the host the kernel stops
      // translating the flow, and the packet would leave by the default route instead of reaching the pod.
      await startProxy();
      await c1.roundTrip('two');
      assert.equal(c1.failed(), undefined);
      assert.match(await curl(`http://${clusterIP}/`), /^backend-[ab]$/);
    } finally { c1.sock.destroy(); }
  });

  it('a proxy starting over a previous run\'s rules replaces them without breaking a busy connection', async () => {
    await stopProxy();
    await startProxy({ cleanupOnStop: false });
    // a new echo listener: the previous one served its single connection
    spawnIn(ns.a, 'busybox', 'nc', '-l', '-p', '9000', '-e', '/bin/cat');
    const c2 = await until('echo listener', async () => {
      const conn = echoConnection();
      try { await conn.roundTrip('hello'); return conn; } catch { conn.sock.destroy(); return undefined; }
    }, 5_000, 100);
    try {
      const old = proxy!;
      proxy = undefined;
      old.ac.abort(); // like a crash: the rules stay behind (cleanupOnStop false)
      await old.p.done;
      assert.ok((await proxyChains()).length > 0);
      let n = 0;
      const busy = (async () => { while (proxy === undefined || n < 20) await c2.roundTrip(`msg${n++}`); })();
      await startProxy();
      await busy;
      assert.equal(c2.failed(), undefined);
    } finally { c2.sock.destroy(); }
  });

  it('an endpoint marked not ready is out of the rules within 2 s', async () => {
    const t0 = Date.now();
    await c.k(['patch', 'endpointslice', 'web-1', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/endpoints/1/conditions/ready', value: false }])]);
    await until('endpoint b out of the rules', async () => !(await natRules()).includes(`--to-destination ${ip.b}:8080`), 2_000, 50);
    assert.ok(Date.now() - t0 < 2_000);
    for (let i = 0; i < 10; i++) assert.equal(await curl(`http://${clusterIP}/`), 'backend-a');
  });

  it('deleting a Service removes its chains and keeps those of the other Service', async () => {
    const chainsOf = async (name: string) => (await natRules()).split('\n')
      .filter((l) => l.includes(`--comment "default/${name}:p`)).map((l) => l.split(' ')[1]).filter((ch) => /^KITE-(SVC|SEP|EXT|SVL)-/.test(ch!));
    assert.ok((await chainsOf('echo')).length > 0);
    await c.k(['delete', 'service', 'echo']);
    await until('echo chains gone', async () => (await chainsOf('echo')).length === 0, 2_000, 50);
    const left = new Set(await proxyChains());
    assert.ok((await chainsOf('web')).every((ch) => left.has(ch!)), 'the other Service keeps its chains');
  });

  it('stopping the proxy removes every KITE chain, jump rule and added address, and leaves foreign rules alone', async () => {
    await stopProxy();
    assert.deepEqual(await proxyChains(), []);
    assert.equal((await sh('iptables-save')).includes('kite service proxy'), false);
    assert.equal((await sh('ip', '-4', 'addr', 'show', 'dev', dummy)).includes(lbIP), false);
    assert.match(await natRules(), new RegExp(`-A ${foreign} -d ${subnet.replaceAll('.', '\\.')}\\.250/32 -j RETURN`));
  });
});
