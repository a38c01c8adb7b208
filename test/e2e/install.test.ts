/**
 * Issue 6: a newcomer's first minutes, through the real `kite` CLI as root with real containerd —
 * config new → edit → config check → deploy → node Ready → info → a web Deployment behind a NodePort
 * Service answers from the host on 127.0.0.1 → re-deploy is a no-op → remove leaves no process,
 * container, pod netns, cgroup, pod bridge or rule, proxy chain, cluster DNS address or state, and the
 * user's kubeconfig byte-for-byte. Then a deploy killed midway completes when re-run. Bad configs exit 2.
 *
 * Nothing real is touched: KITE_ETC_DIR, HOME, the data dir and the ports point into a temp root; the
 * pod bridge is moved off kite0 (KITE_CNI_BRIDGE) and the cluster/service CIDRs and DNS IP are the
 * test's own (in the config), so Kite instances of other tests on this machine are left alone — and
 * the test plants another instance's state (a pod rule tagged with another bridge, a DNS address on
 * kite-dns0) plus a foreign chain, and checks remove leaves them.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { otherServers } from '../../src/install/host-network.js';
import { freePort, KITE_BIN, kubectlPath } from './helpers/cluster.js';
import { killCgroupProcs, removeCgroupEverywhere, shimsOf, unmountAndRemove } from './helpers/host-cleanup.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { busyboxDeployment } from './helpers/manifests.js';
import { until } from './helpers/wait.js';

const execFileP = promisify(execFile);
const IMAGE = 'docker.io/library/busybox:1.35';
const tag = randomBytes(3).toString('hex');
const NODE = `inst-${tag}`;
const rnd = (n: number) => Math.floor(Math.random() * n);
const NET = (() => {
  const svc = 200 + rnd(50);
  return { clusterCidr: `10.${100 + rnd(100)}.${rnd(256)}.0/24`, serviceCidr: `10.${svc}.0.0/16`, clusterDns: `10.${svc}.0.10` };
})();
const NAMES = {
  bridge: `kt${tag}`, dnsLink: 'kite-dns0', foreignChain: `KTF-${tag}`,
  /** Another Kite instance's pod network: a rule in the shared KITE-POD-FORWARD tagged with its bridge. */
  foreignPodRule: ['-s', `198.18.${rnd(256)}.0/24`, '-m', 'comment', '--comment', `kite pods ktf${tag}`, '-j', 'ACCEPT'],
  /** Another Kite instance's cluster DNS address on the shared link. */
  foreignDns: `198.19.${rnd(256)}.${1 + rnd(250)}`,
};
const svcNet = NET.serviceCidr.replace(/0\.0\/16$/, '');
const PROXY_CHAIN = /^-N (KITE-(SERVICES|NODEPORTS|POSTROUTING|MARK-MASQ|FORWARD)|KITE-(SVC|SVL|EXT|FW|SEP)-[A-Z0-9]{16})$/;

const WEB = `${busyboxDeployment({ image: IMAGE, container: `        imagePullPolicy: Never
        command: ["sh", "-c", "mkdir -p /www && echo hello-from-kite > /www/index.html && exec httpd -f -p 8080 -h /www"]
        readinessProbe:
          httpGet: {port: 8080, path: /}
          periodSeconds: 1` })}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {port: 80, targetPort: 8080}
`;

// Another cluster's context, as kubectl writes it: must survive deploy and remove byte-for-byte.
const USER_KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    server: https://10.0.0.1:6443
  name: lab
contexts:
- context:
    cluster: lab
    user: lab-admin
  name: lab
current-context: lab
kind: Config
preferences: {}
users:
- name: lab-admin
  user:
    token: abc
`;

interface Run { code: number; stdout: string; stderr: string }

describe('kite deploy / info / remove on a real machine', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  let cfgFile: string;
  let dataDir: string;
  let userKubeconfig: string;
  let nodePort: number;
  let podIp: string;

  const kite = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => new Promise<Run>((resolve) => {
    execFile(process.execPath, [KITE_BIN, ...args], { env: { ...env, ...extraEnv }, timeout: 180_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
  const ok = async (args: string[]) => {
    const r = await kite(args);
    assert.equal(r.code, 0, `kite ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const kubectl = async (args: string[]) => (await execFileP(kubectlPath(), ['--kubeconfig', userKubeconfig, '--cache-dir', path.join(root, 'kcache'), ...args], { timeout: 60_000 })).stdout;
  const iptables = (...a: string[]) => execFileP('iptables', ['-w', '5', ...a]);
  const rulesLines = async () => {
    const out: string[] = [];
    for (const t of ['nat', 'filter']) out.push(...(await iptables('-t', t, '-S')).stdout.split('\n').map((l) => `${t} ${l}`));
    return out;
  };
  const dnsAddresses = async () => {
    const r = await execFileP('ip', ['-j', '-4', 'addr', 'show', 'dev', NAMES.dnsLink]).catch(() => ({ stdout: '[]' }));
    return (JSON.parse(r.stdout || '[]') as Array<{ addr_info?: Array<{ local: string }> }>).flatMap((l) => (l.addr_info ?? []).map((a) => a.local));
  };
  /** The network namespaces the node's processes are in (the pods' `cni-…` ones), by cgroup. */
  const podNetns = async () => {
    const pids: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      pids.push(...(await readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean));
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) if (e.isDirectory()) await walk(path.join(dir, e.name));
    };
    await walk(`/sys/fs/cgroup/memory/kite-${NODE}`);
    const names = new Set<string>();
    for (const pid of pids) {
      const n = (await execFileP('ip', ['netns', 'identify', pid]).catch(() => ({ stdout: '' }))).stdout.trim();
      if (n) names.add(n);
    }
    return [...names];
  };
  const netnsList = async () => (await execFileP('ip', ['netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]!).filter(Boolean);
  const linkExists = (name: string) => execFileP('ip', ['link', 'show', 'dev', name]).then(() => true, () => false);
  const kiteProcesses = async () => {
    const found: string[] = [];
    for (const e of await readdir('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      const cmd = (await readFile(`/proc/${e}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ');
      if (cmd.includes(dataDir) || cmd.includes(path.join(root, 'etc'))) found.push(`${e}: ${cmd}`);
    }
    return found;
  };
  const nodeCgroups = async () => {
    const out: string[] = [];
    for (const h of await readdir('/sys/fs/cgroup')) {
      for (const d of await readdir(path.join('/sys/fs/cgroup', h)).catch(() => [])) if (d === `kite-${NODE}` || d.startsWith(`kite-${NODE}-`)) out.push(`${h}/${d}`);
    }
    return out;
  };
  /**
   * What other software and another Kite instance have on the host: a foreign nat chain, another
   * instance's pod rule in the shared KITE-POD-FORWARD chain, another cluster DNS address on kite-dns0.
   */
  const plantForeignState = async () => {
    await iptables('-t', 'nat', '-N', NAMES.foreignChain);
    await iptables('-t', 'nat', '-A', NAMES.foreignChain, '-d', '198.18.0.1/32', '-m', 'comment', '--comment', 'kite services', '-j', 'RETURN');
    await iptables('-t', 'filter', '-N', 'KITE-POD-FORWARD').catch(() => undefined); // may exist: shared by agents
    await iptables('-t', 'filter', '-A', 'KITE-POD-FORWARD', ...NAMES.foreignPodRule);
    if (!(await linkExists(NAMES.dnsLink))) await execFileP('ip', ['link', 'add', NAMES.dnsLink, 'type', 'bridge']); // no dummy driver here
    await execFileP('ip', ['addr', 'add', `${NAMES.foreignDns}/32`, 'dev', NAMES.dnsLink]);
  };
  const removeForeignState = async () => {
    await iptables('-t', 'nat', '-F', NAMES.foreignChain).catch(() => undefined);
    await iptables('-t', 'nat', '-X', NAMES.foreignChain).catch(() => undefined);
    await iptables('-t', 'filter', '-D', 'KITE-POD-FORWARD', ...NAMES.foreignPodRule).catch(() => undefined);
    // The shared chain goes (with its jump) only when no agent's rule is left in it, as the agent does it.
    const left = (await iptables('-t', 'filter', '-S', 'KITE-POD-FORWARD').catch(() => ({ stdout: '' }))).stdout.split('\n').filter((l) => l.startsWith('-A'));
    if (left.length === 0) {
      await iptables('-t', 'filter', '-D', 'FORWARD', '-m', 'comment', '--comment', 'kite pod forwarding', '-j', 'KITE-POD-FORWARD').catch(() => undefined);
      await iptables('-t', 'filter', '-X', 'KITE-POD-FORWARD').catch(() => undefined);
    }
    await execFileP('ip', ['addr', 'del', `${NAMES.foreignDns}/32`, 'dev', NAMES.dnsLink]).catch(() => undefined);
    if ((await dnsAddresses()).length === 0) await execFileP('ip', ['link', 'del', NAMES.dnsLink]).catch(() => undefined);
  };
  const httpGet = (port: number, host = '127.0.0.1') => new Promise<string>((resolve, reject) => {
    get({ host, port, path: '/', timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve(body));
    }).on('error', reject).on('timeout', function (this: { destroy(e: Error): void }) { this.destroy(new Error('timeout')); });
  });

  before(async () => {
    root = await mkdtemp('/tmp/kite-n-');
    dataDir = path.join(root, 'data');
    env = {
      ...process.env, HOME: path.join(root, 'home'), KITE_ETC_DIR: path.join(root, 'etc'), KITE_SERVICE_MANAGER: 'process',
      KITE_CNI_BRIDGE: NAMES.bridge,
    };
    delete env.KUBECONFIG;
    userKubeconfig = path.join(root, 'home', '.kube', 'config');
    await mkdir(path.dirname(userKubeconfig), { recursive: true });
    await writeFile(userKubeconfig, USER_KUBECONFIG);
    await buildBusyboxImage(path.join(root, 'img'), { ref: IMAGE });
  });

  after(async () => {
    // Whatever a failed run left: the service (by pid file), containers, cgroups, our chains and links.
    await kite(['remove', '--force']).catch(() => undefined);
    for (const f of ['supervisor.pid', 'server.pid']) {
      const pid = Number((await readFile(path.join(dataDir, 'run', f), 'utf8').catch(() => '')).trim());
      if (pid > 1) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    await killCgroupProcs(`/sys/fs/cgroup/memory/kite-${NODE}`);
    for (const pid of await shimsOf(path.join(dataDir, 'agent', 'containerd', 'containerd.sock'))) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    await removeCgroupEverywhere(`/kite-${NODE}`);
    await removeCgroupEverywhere(`/kite-${NODE}-runtime`);
    await execFileP('ip', ['link', 'del', NAMES.bridge]).catch(() => undefined);
    await execFileP('ip', ['addr', 'del', `${NET.clusterDns}/32`, 'dev', NAMES.dnsLink]).catch(() => undefined);
    await removeForeignState();
    await unmountAndRemove(root);
  });

  it('config new writes a template that config check passes once edited to this test\'s ports and dirs', async () => {
    cfgFile = path.join(root, 'kite-config.yaml');
    await ok(['config', 'new', '--type', 'single', '-o', cfgFile]);
    const c = parse(await readFile(cfgFile, 'utf8')) as Record<string, any>;
    assert.equal(c.kind, 'ClusterConfig');
    c.clusterName = `it-${tag}`;
    c.dataDir = dataDir;
    Object.assign(c, NET);
    c.network = { ...c.network, apiServerPort: await freePort(), kubeletPort: await freePort(), bindAddress: '127.0.0.1' };
    c.machines[0] = { ...c.machines[0], name: NODE, cpuCount: 1, memoryMB: 512, dataSizeGB: 1 };
    c.images = [path.join(root, 'img', `${IMAGE.replace(/[/:@]/g, '_')}.tar`)];
    c.hub = { url: 'https://hub.example', token: 'tok-secret-1234' };
    await writeFile(cfgFile, stringify(c));
    const out = await ok(['config', 'check', '-c', cfgFile]);
    assert.match(out, /PASS\s+schema/);
    assert.match(out, /PASS\s+all checks/);
    assert.doesNotMatch(out, /FAIL/);
  });

  it('bad configs exit 2 with a message naming the field, from config check and from deploy', async () => {
    const good = parse(await readFile(cfgFile, 'utf8')) as Record<string, any>;
    const cases: Array<[string, (c: Record<string, any>) => void, RegExp]> = [
      ['wrong type', (c) => { c.machines[0].cpuCount = 'two'; }, /machines\[0\]\.cpuCount: must be integer/],
      ['unknown key', (c) => { c.network.speed = 'fast'; }, /network\.speed: unknown key \(allowed: nodeAddress/],
      ['overlapping CIDRs', (c) => { c.serviceCidr = NET.clusterCidr.replace(/\.\d+\.0\/24$/, '.0.0/16'); c.clusterDns = c.serviceCidr.replace(/0\/16$/, '10'); }, /serviceCidr: 10\.\d+\.0\.0\/16 overlaps clusterCidr/],
      ['allocation larger than the host', (c) => { c.machines[0].memoryMB = 16_000_000; }, /machines\[0\]\.memoryMB: 16000000 exceeds this host's/],
      ['LB range outside the subnet', (c) => { c.network.nodeSubnet = '192.168.50.0/24'; c.network.nodeAddress = '192.168.50.2'; c.network.loadBalancerRange = { start: '192.168.60.1', size: 4 }; delete c.machines[0].address; }, /network\.loadBalancerRange: 192\.168\.60\.1 \(\+4\) is outside/],
      ['missing machines', (c) => { delete c.machines; }, /machines: is required/],
      ['bad enum', (c) => { c.deploymentType = 'Cluster'; }, /deploymentType: must be one of SingleMachine, Scalable/],
    ];
    for (const [what, mutate, expected] of cases) {
      const c = structuredClone(good);
      mutate(c);
      const file = path.join(root, `bad-${what.replace(/\W+/g, '-')}.yaml`);
      await writeFile(file, stringify(c));
      for (const cmd of [['config', 'check', '-c', file], ['deploy', '-c', file]]) {
        const r = await kite(cmd);
        assert.equal(r.code, 2, `${what}: kite ${cmd[0]} exit ${r.code}\n${r.stdout}${r.stderr}`);
        assert.match(r.stderr + r.stdout, expected, `${what}: kite ${cmd[0]}`);
      }
    }
    assert.ok(!existsSync(path.join(root, 'etc', 'config.yaml')), 'a rejected deploy wrote nothing');
    assert.ok(!existsSync(dataDir), 'a rejected deploy created no state');
  });

  it('deploy brings the node Ready, merges the kubeconfig and a web Deployment answers from the host on its NodePort', async () => {
    await plantForeignState();
    const out = await ok(['deploy', '-c', cfgFile]);
    assert.match(out, /waiting for node .* Ready/);
    assert.match(out, new RegExp(`context kite-it-${tag}`));
    const nodes = JSON.parse(await kubectl(['get', 'nodes', '-o', 'json'])) as { items: Array<{ metadata: { name: string }; status: { conditions: Array<{ type: string; status: string }> } }> };
    assert.deepEqual(nodes.items.map((n) => n.metadata.name), [NODE]);
    assert.ok(nodes.items[0]!.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
    assert.equal((await kubectl(['config', 'current-context'])).trim(), `kite-it-${tag}`);

    const info = JSON.parse(await ok(['info', '-o', 'json'])) as {
      service: { running: boolean }; network: Record<string, unknown>;
      nodes: Array<{ name: string; ready: boolean; podCidr?: string; configured: object; capacity: Record<string, string> }>;
    };
    assert.equal(info.service.running, true);
    assert.equal(info.nodes[0]!.name, NODE);
    assert.equal(info.nodes[0]!.ready, true);
    assert.deepEqual(info.nodes[0]!.configured, { cpuCount: 1, memoryMB: 512, dataSizeGB: 1 });
    assert.equal(info.nodes[0]!.capacity.cpu, '1');
    assert.equal(info.nodes[0]!.capacity.memory, '512Mi');
    assert.equal(info.nodes[0]!.podCidr, NET.clusterCidr, 'the one node gets the whole /24');
    assert.deepEqual({ clusterCidr: info.network.clusterCidr, serviceCidr: info.network.serviceCidr, clusterDns: info.network.clusterDns, podBridge: info.network.podBridge },
      { ...NET, podBridge: NAMES.bridge });
    assert.ok((await dnsAddresses()).includes(NET.clusterDns), 'the cluster DNS listens on the config\'s address');

    // The image came from the config's images[] (air-gapped path); the pod is on the test's bridge.
    await writeFile(path.join(root, 'web.yaml'), WEB);
    await kubectl(['apply', '-f', path.join(root, 'web.yaml')]);
    await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    const svc = JSON.parse(await kubectl(['get', 'service', 'web', '-o', 'json'])) as { spec: { clusterIP: string; ports: Array<{ nodePort: number }> } };
    nodePort = svc.spec.ports[0]!.nodePort;
    assert.ok(svc.spec.clusterIP.startsWith(svcNet), `ClusterIP ${svc.spec.clusterIP} from ${NET.serviceCidr}`);
    podIp = (await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].status.podIP}'])).trim();
    assert.ok(podIp.startsWith(NET.clusterCidr.replace(/0\/24$/, '')), `pod IP ${podIp} in ${NET.clusterCidr}`);
    assert.match((await execFileP('ip', ['-o', 'link', 'show', 'master', NAMES.bridge])).stdout, /veth/, 'the pod\'s veth is on the test bridge');
    assert.equal((await until('the web app on 127.0.0.1:<nodePort>', () => httpGet(nodePort).catch(() => undefined), 20_000)).trim(), 'hello-from-kite');
  });

  it('re-running deploy changes nothing', async () => {
    const before = await ok(['status', '-o', 'json']);
    const cfgBefore = await readFile(path.join(root, 'etc', 'config.yaml'), 'utf8');
    const out = await ok(['deploy', '-c', cfgFile]);
    assert.match(out, /already deployed with this config; nothing changed|already deployed with this config .*nothing changed/);
    assert.equal(await ok(['status', '-o', 'json']), before, 'same supervisor and server pids');
    assert.equal(await readFile(path.join(root, 'etc', 'config.yaml'), 'utf8'), cfgBefore);
  });

  it('the supervisor restarts a kite server that died; stop and start keep the pod\'s container running', async () => {
    const before = JSON.parse(await ok(['status', '-o', 'json'])) as { supervisorPid: number; serverPid: number };
    process.kill(before.serverPid, 'SIGKILL');
    const after = await until('a new kite server', async () => {
      const s = JSON.parse((await kite(['status', '-o', 'json'])).stdout || '{}') as { supervisorPid?: number; serverPid?: number };
      return s.serverPid && s.serverPid !== before.serverPid ? s : undefined;
    }, 30_000);
    assert.equal(after.supervisorPid, before.supervisorPid);
    await until('the node Ready again', async () => /\bReady\b/.test(await kubectl(['get', 'node', NODE, '--no-headers'])), 60_000);

    assert.match(await ok(['stop']), /Kite stopped/);
    const stopped = await kite(['status']);
    assert.equal(stopped.code, 1);
    assert.match(stopped.stdout, /^stopped/);
    // The proxy takes its rules down with the service; the pod itself keeps serving on its bridge.
    assert.equal((await httpGet(8080, podIp)).trim(), 'hello-from-kite', 'containers outlive the service');
    assert.match(await ok(['start']), /Kite is running/);
    await until('the node Ready after start', async () => /\bReady\b/.test(await kubectl(['get', 'node', NODE, '--no-headers'])), 60_000);
    assert.equal((await until('the NodePort after start', () => httpGet(nodePort).catch(() => undefined), 20_000)).trim(), 'hello-from-kite');
  });

  it('logs --bundle collects the logs, descriptions and the redacted config', async () => {
    const bundle = path.join(root, 'logs.tar.gz');
    await ok(['logs', '--bundle', bundle]);
    const list = (await execFileP('tar', ['-tzf', bundle])).stdout.split('\n').filter(Boolean);
    for (const f of ['kite.log', 'containerd.log', 'config.yaml', 'info.json', 'nodes-describe.txt', 'events.txt']) assert.ok(list.includes(f), `${f} in ${list.join(', ')}`);
    const described = (await execFileP('tar', ['-xzOf', bundle, 'nodes-describe.txt'])).stdout;
    assert.match(described, new RegExp(`Name:\\s+${NODE}`));
    const config = (await execFileP('tar', ['-xzOf', bundle, 'config.yaml'])).stdout;
    assert.match(config, /token: <redacted>/);
    assert.doesNotMatch(config, /tok-secret-1234/);
  });

  /** Everything remove must take away (the foreign state must stay), checked for real on the host. */
  const assertNothingLeft = async (podNs: string[]) => {
    assert.deepEqual(await kiteProcesses(), []);
    assert.deepEqual(await shimsOf(path.join(dataDir, 'agent', 'containerd', 'containerd.sock')), []);
    assert.deepEqual(await nodeCgroups(), []);
    const ns = await netnsList();
    assert.deepEqual(podNs.filter((n) => ns.includes(n)), [], 'the pods\' network namespaces');
    assert.equal(await linkExists(NAMES.bridge), false, 'the pod bridge');
    const rules = await rulesLines();
    assert.deepEqual(rules.filter((l) => l.includes(`kite pods ${NAMES.bridge}"`)), [], 'KITE-POD-* rules of our bridge');
    assert.deepEqual(rules.filter((l) => l.includes(svcNet) || (podIp && l.includes(`${podIp}:`))), [], 'proxy rules for our Services');
    // The proxy chains are per host: with another kite server running here (a parallel test), they are its.
    if (!(await otherServers(dataDir)).some((o) => o.proxy)) {
      assert.deepEqual(rules.filter((l) => PROXY_CHAIN.test(l.replace(/^\w+ /, ''))), [], 'Service proxy chains');
      assert.deepEqual(rules.filter((l) => l.includes('"kite service proxy"')), [], 'jumps into the proxy');
    }
    assert.ok(!(await dnsAddresses()).includes(NET.clusterDns), 'the cluster DNS address');
    assert.equal(existsSync(dataDir), false);
    assert.equal(existsSync(path.join(root, 'etc', 'config.yaml')), false);
    assert.equal(existsSync(path.join(root, 'etc', 'deployment.json')), false);
    assert.equal(await readFile(userKubeconfig, 'utf8'), USER_KUBECONFIG);
    // Another Kite instance's and other software's state is untouched.
    assert.ok(rules.some((l) => l.includes(`kite pods ktf${tag}"`)), 'the other instance\'s pod rule');
    assert.ok((await dnsAddresses()).includes(NAMES.foreignDns), 'the other instance\'s DNS address');
    assert.ok(rules.includes(`nat -A ${NAMES.foreignChain} -d 198.18.0.1/32 -m comment --comment "kite services" -j RETURN`), 'the foreign chain');
  };

  it('remove leaves no process, container, netns, cgroup, bridge, rule, chain, DNS address or state; foreign state and the user kubeconfig stay', async () => {
    const podNs = await podNetns();
    assert.ok(podNs.length >= 1, 'the web pod runs in its own netns');
    const out = await ok(['remove', '--force']);
    assert.match(out, /Kite removed/);
    await assertNothingLeft(podNs);
    await assert.rejects(httpGet(nodePort), 'the web app is gone');
    const again = await ok(['remove', '--force']);
    assert.match(again, /Nothing of Kite was left to remove/);
  });

  it('a deploy killed midway completes when re-run', async () => {
    const child = spawn(process.execPath, [KITE_BIN, 'deploy', '-c', cfgFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    await until('deploy to reach the API wait', async () => /waiting for the API server/.test(out), 60_000, 20);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.equal(existsSync(path.join(root, 'etc', 'deployment.json')), false, 'the killed deploy did not finish');
    const rerun = await ok(['deploy', '-c', cfgFile]);
    assert.match(rerun, /Kite is running/);
    assert.match(await kubectl(['get', 'node', NODE]), /Ready/);
    assert.ok(existsSync(path.join(root, 'etc', 'deployment.json')));
    await ok(['remove', '--force']);
    await assertNothingLeft([]);
  });
});
