/**
 * Issue 6: a newcomer's first minutes, through the real `kite` CLI as root with real containerd —
 * config new → edit → config check → deploy → node Ready → info → a web pod answers from the host →
 * re-deploy is a no-op → remove leaves no process, container, cgroup, chain, link or state, and the
 * user's kubeconfig byte-for-byte. Then a deploy killed midway completes when re-run. Bad configs exit 2.
 *
 * Nothing real is touched: KITE_ETC_DIR, HOME, the data dir and the ports point into a temp root, and
 * the iptables/link names remove cleans up are moved to ones this test creates (KITE_IPTABLES_PREFIX,
 * KITE_BRIDGE, KITE_DNS_LINK), so Kite instances of other tests on this machine are left alone.
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
import { freePort, KITE_BIN, kubectlPath } from './helpers/cluster.js';
import { killCgroupProcs, removeCgroupEverywhere, shimsOf, unmountAndRemove } from './helpers/host-cleanup.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { until } from './helpers/wait.js';

const execFileP = promisify(execFile);
const IMAGE = 'docker.io/library/busybox:1.35';
const tag = randomBytes(3).toString('hex');
const NODE = `inst-${tag}`;
const NAMES = { prefix: `KITE-T${tag}-`, parent: `KTP-${tag}`, bridge: `kt${tag}`, dnsLink: `ktd${tag}` };

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
  let httpPort: number;

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
  const chainsWithPrefix = async () => {
    const out: string[] = [];
    for (const t of ['nat', 'filter']) out.push(...(await iptables('-t', t, '-S')).stdout.split('\n').filter((l) => l.includes(NAMES.prefix)));
    return out;
  };
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
  /** Objects a network component would leave: chains in nat and filter with a jump into them, a bridge, a dummy link. */
  const plantNetworkState = async () => {
    await iptables('-t', 'nat', '-N', `${NAMES.prefix}SVC`);
    await iptables('-t', 'nat', '-A', `${NAMES.prefix}SVC`, '-d', '10.43.0.1/32', '-j', 'RETURN');
    await iptables('-t', 'filter', '-N', `${NAMES.prefix}FW`);
    await iptables('-t', 'nat', '-N', NAMES.parent);
    await iptables('-t', 'nat', '-A', NAMES.parent, '-m', 'comment', '--comment', 'kite services', '-j', `${NAMES.prefix}SVC`);
    await execFileP('ip', ['link', 'add', NAMES.bridge, 'type', 'bridge']);
    // No dummy driver on this kernel (no modules): a second bridge stands in; remove deletes the link by name.
    await execFileP('ip', ['link', 'add', NAMES.dnsLink, 'type', 'bridge']);
  };
  const httpGet = (port: number) => new Promise<string>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

  before(async () => {
    root = await mkdtemp('/tmp/kite-n-');
    dataDir = path.join(root, 'data');
    env = {
      ...process.env, HOME: path.join(root, 'home'), KITE_ETC_DIR: path.join(root, 'etc'), KITE_SERVICE_MANAGER: 'process',
      KITE_IPTABLES_PREFIX: NAMES.prefix, KITE_BRIDGE: NAMES.bridge, KITE_DNS_LINK: NAMES.dnsLink,
    };
    delete env.KUBECONFIG;
    userKubeconfig = path.join(root, 'home', '.kube', 'config');
    await mkdir(path.dirname(userKubeconfig), { recursive: true });
    await writeFile(userKubeconfig, USER_KUBECONFIG);
    await buildBusyboxImage(path.join(root, 'img'), { ref: IMAGE });
    httpPort = await freePort();
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
    for (const [t, c] of [['nat', NAMES.parent], ['nat', `${NAMES.prefix}SVC`], ['filter', `${NAMES.prefix}FW`]] as const) {
      await iptables('-t', t, '-F', c).catch(() => undefined);
      await iptables('-t', t, '-X', c).catch(() => undefined);
    }
    for (const l of [NAMES.bridge, NAMES.dnsLink]) await execFileP('ip', ['link', 'del', l]).catch(() => undefined);
    await unmountAndRemove(root);
  });

  it('config new writes a template that config check passes once edited to this test\'s ports and dirs', async () => {
    cfgFile = path.join(root, 'kite-config.yaml');
    await ok(['config', 'new', '--type', 'single', '-o', cfgFile]);
    const c = parse(await readFile(cfgFile, 'utf8')) as Record<string, any>;
    assert.equal(c.kind, 'ClusterConfig');
    c.clusterName = `it-${tag}`;
    c.dataDir = dataDir;
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
      ['overlapping CIDRs', (c) => { c.serviceCidr = '10.42.0.0/16'; c.clusterDns = '10.42.0.10'; }, /serviceCidr: 10\.42\.0\.0\/16 overlaps clusterCidr/],
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

  it('deploy brings the node Ready, merges the kubeconfig and a web pod answers from the host', async () => {
    await plantNetworkState();
    const out = await ok(['deploy', '-c', cfgFile]);
    assert.match(out, /waiting for node .* Ready/);
    assert.match(out, new RegExp(`context kite-it-${tag}`));
    const nodes = JSON.parse(await kubectl(['get', 'nodes', '-o', 'json'])) as { items: Array<{ metadata: { name: string }; status: { conditions: Array<{ type: string; status: string }> } }> };
    assert.deepEqual(nodes.items.map((n) => n.metadata.name), [NODE]);
    assert.ok(nodes.items[0]!.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
    assert.equal((await kubectl(['config', 'current-context'])).trim(), `kite-it-${tag}`);

    const info = JSON.parse(await ok(['info', '-o', 'json'])) as { service: { running: boolean }; nodes: Array<{ name: string; ready: boolean; configured: object; capacity: Record<string, string> }> };
    assert.equal(info.service.running, true);
    assert.equal(info.nodes[0]!.name, NODE);
    assert.equal(info.nodes[0]!.ready, true);
    assert.deepEqual(info.nodes[0]!.configured, { cpuCount: 1, memoryMB: 512, dataSizeGB: 1 });
    assert.equal(info.nodes[0]!.capacity.cpu, '1');
    assert.equal(info.nodes[0]!.capacity.memory, '512Mi');

    // The image came from the config's images[] (air-gapped path); pods use the host network for now.
    await kubectl(['run', 'web', `--image=${IMAGE}`, '--image-pull-policy=Never', '--restart=Never', '--',
      'sh', '-c', `mkdir -p /www && echo hello-from-kite > /www/index.html && exec httpd -f -p 127.0.0.1:${httpPort} -h /www`]);
    await kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
    assert.equal((await until('the web pod to answer', () => httpGet(httpPort).catch(() => undefined), 15_000)).trim(), 'hello-from-kite');
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
    assert.equal((await httpGet(httpPort)).trim(), 'hello-from-kite', 'containers outlive the service');
    assert.match(await ok(['start']), /Kite is running/);
    await until('the node Ready after start', async () => /\bReady\b/.test(await kubectl(['get', 'node', NODE, '--no-headers'])), 60_000);
    assert.equal((await httpGet(httpPort)).trim(), 'hello-from-kite');
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

  it('remove leaves no process, container, cgroup, chain, link or state; the user kubeconfig is byte-for-byte back', async () => {
    const out = await ok(['remove', '--force']);
    assert.match(out, /Kite removed/);
    assert.deepEqual(await kiteProcesses(), []);
    assert.deepEqual(await shimsOf(path.join(dataDir, 'agent', 'containerd', 'containerd.sock')), []);
    assert.deepEqual(await nodeCgroups(), []);
    assert.deepEqual(await chainsWithPrefix(), []);
    assert.equal((await iptables('-t', 'nat', '-S', NAMES.parent)).stdout.trim(), `-N ${NAMES.parent}`, 'only the jump into our chain was removed');
    assert.equal(await linkExists(NAMES.bridge), false);
    assert.equal(await linkExists(NAMES.dnsLink), false);
    assert.equal(existsSync(dataDir), false);
    assert.equal(existsSync(path.join(root, 'etc', 'config.yaml')), false);
    assert.equal(existsSync(path.join(root, 'etc', 'deployment.json')), false);
    assert.equal(await readFile(userKubeconfig, 'utf8'), USER_KUBECONFIG);
    await assert.rejects(httpGet(httpPort), 'the web pod is gone');
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
    assert.deepEqual(await kiteProcesses(), []);
    assert.deepEqual(await nodeCgroups(), []);
    assert.equal(await readFile(userKubeconfig, 'utf8'), USER_KUBECONFIG);
  });
});
