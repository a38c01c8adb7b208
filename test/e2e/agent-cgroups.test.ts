/**
 * The node's static allocation enforced by the real kernel, and the real Node registered against a
 * real API server. Needs root (cgroup writes); no containerd: test processes are moved into the
 * cgroups by hand, as runc would move a container. Every cgroup, process and cluster made here is
 * removed in `after`, by name and PID.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { clampCpuQuota, detectNodeCgroups, type NodeCgroups } from '../../src/agent/cgroups/index.js';
import { computeAllocation, readHostInfo, readMachineFacts, runNodeAgentStatus } from '../../src/agent/node/index.js';
import type { KObject } from '../../src/api/types/index.js';
import { createKubeClient, loadKubeconfig, type KubeClient } from '../../src/client/index.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';

const MiB = 1024 * 1024;
const ROOT = '/sys/fs/cgroup';

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('agent-cgroups e2e needs root (it writes /sys/fs/cgroup); run the e2e suite as root');
}

/** The directories a pod's process joins: per controller on v1, the single dir on v2. */
function joinDirs(cg: NodeCgroups, podUid: string): string[] {
  const rel = cg.podCgroupParent(podUid);
  return cg.version === 2 ? [`${ROOT}${rel}`] : ['memory', 'cpu', 'cpuacct', 'pids'].map((c) => `${ROOT}/${c}${rel}`);
}

/** Starts `sh -c script` that first moves itself into `dirs` (as runc does for a container). */
function spawnIn(dirs: string[], script: string, env: Record<string, string> = {}): ChildProcess {
  const join = dirs.map((d) => `echo $$ > '${d}/cgroup.procs'`).join(' && ');
  return spawn('/bin/sh', ['-c', `${join} && ${script}`], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

const exited = (p: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
  if (p.exitCode !== null || p.signalCode !== null) resolve({ code: p.exitCode, signal: p.signalCode });
  else p.once('exit', (code, signal) => resolve({ code, signal }));
});

const mkdirs = async (cg: NodeCgroups, uid: string) => {
  for (const d of joinDirs(cg, uid)) await mkdir(d, { recursive: true });
};

describe('node parent cgroup on the real kernel', () => {
  const name = `kite-test-${process.pid}`;
  const children: ChildProcess[] = [];
  let cg: NodeCgroups;

  before(async () => {
    requireRoot();
    cg = await detectNodeCgroups({ name });
  });

  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) { c.kill('SIGKILL'); await exited(c); }
    if (cg) {
      let r = await cg.removeNodeCgroup();
      for (let i = 0; r.busy.length && i < 20; i++) { await sleep(100); r = await cg.removeNodeCgroup(); }
    }
  });

  it('ensureNodeCgroup writes 64 MiB, 0.2 CPU and the pids limit into the kernel files', async () => {
    await cg.ensureNodeCgroup({ cpus: 0.2, memoryBytes: 64 * MiB, pids: 200 });
    await cg.ensureNodeCgroup({ cpus: 0.2, memoryBytes: 64 * MiB, pids: 200 }); // idempotent
    const read = (p: string) => readFile(`${ROOT}/${p}`, 'utf8').then((t) => t.trim());
    if (cg.version === 1) {
      assert.equal(await read(`memory/${name}/memory.limit_in_bytes`), String(64 * MiB));
      assert.equal(await read(`cpu/${name}/cpu.cfs_period_us`), '100000');
      assert.equal(await read(`cpu/${name}/cpu.cfs_quota_us`), '20000');
      assert.equal(await read(`pids/${name}/pids.max`), '200');
      assert.equal(await read(`cpuset/${name}/cpuset.cpus`), await read('cpuset/cpuset.cpus'));
      assert.equal(await read(`cpuset/${name}/cpuset.mems`), await read('cpuset/cpuset.mems'));
    } else {
      assert.equal(await read(`${name}/memory.max`), String(64 * MiB));
      assert.equal(await read(`${name}/cpu.max`), '20000 100000');
      assert.equal(await read(`${name}/pids.max`), '200');
    }
    assert.equal(cg.podCgroupParent('abc'), `/${name}/podabc`);
  });

  it('a process in a pod cgroup allocating 100 MiB is OOM-killed by the node limit', async () => {
    const uid = `oom${process.pid}`;
    await mkdirs(cg, uid);
    const alloc = 'const a=[];for(let i=1;i<=10;i++){a.push(Buffer.alloc(10<<20,1));console.log(i*10+"MiB")}';
    const p = spawnIn(joinDirs(cg, uid), `exec "${process.execPath}" -e '${alloc}'`);
    children.push(p);
    let out = '';
    p.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    const r = await exited(p);
    assert.deepEqual(r, { code: null, signal: 'SIGKILL' }, `expected an OOM kill; printed:\n${out}`);
    assert.doesNotMatch(out, /100MiB/);
    if (cg.version === 1) {
      // v1 counts the kill in the victim's own memcg; the node parent's failcnt shows whose limit was hit.
      assert.match(await readFile(`${ROOT}/memory${cg.podCgroupParent(uid)}/memory.oom_control`, 'utf8'), /^oom_kill [1-9]/m);
      assert.notEqual((await readFile(`${ROOT}/memory/${name}/memory.failcnt`, 'utf8')).trim(), '0');
      assert.equal((await readFile(`${ROOT}/memory${cg.podCgroupParent(uid)}/memory.failcnt`, 'utf8')).trim(), '0');
    } else {
      assert.match(await readFile(`${ROOT}/${name}/memory.events`, 'utf8'), /^oom_kill [1-9]/m);
    }
  });

  it('a busy loop in a pod cgroup is held near the node quota of 20 % of a core', async () => {
    const uid = `cpu${process.pid}`;
    await mkdirs(cg, uid);
    const p = spawnIn(joinDirs(cg, uid), 'while :; do :; done');
    children.push(p);
    await sleep(300);
    const u0 = await cg.usage();
    const t0 = process.hrtime.bigint();
    await sleep(1000);
    const u1 = await cg.usage();
    const wallNs = Number(process.hrtime.bigint() - t0);
    p.kill('SIGKILL');
    await exited(p);
    const share = (u1.cpuUsageNanos - u0.cpuUsageNanos) / wallNs;
    assert.ok(share > 0.05 && share < 0.4, `CPU share ${share.toFixed(3)} of one core (quota 0.2)`);
  });

  it('on v1 a pod quota above the node quota is refused by the kernel; clampCpuQuota makes it fit', async (t) => {
    if (cg.version !== 1) { t.diagnostic('cgroup v2: a child quota above the parent is accepted, nothing to clamp'); return; }
    const dir = `${ROOT}/cpu${cg.podCgroupParent(`quota${process.pid}`)}`;
    await mkdirs(cg, `quota${process.pid}`);
    await assert.rejects(writeFile(`${dir}/cpu.cfs_quota_us`, '50000'), { code: 'EINVAL' });
    await writeFile(`${dir}/cpu.cfs_quota_us`, String(clampCpuQuota(50_000, 100_000, 0.2)));
    assert.equal((await readFile(`${dir}/cpu.cfs_quota_us`, 'utf8')).trim(), '20000');
  });

  it('pod cgroups are listed, removed depth-first everywhere, then the parent goes too', async () => {
    const uids = [`oom${process.pid}`, `cpu${process.pid}`, ...(cg.version === 1 ? [`quota${process.pid}`] : [])].sort();
    assert.deepEqual(await cg.listPodCgroups(), uids);
    // A container-level dir below a pod, as runc leaves until RemovePodSandbox.
    await mkdir(`${joinDirs(cg, uids[0]!)[0]}/ctr1`);
    for (const uid of uids) assert.deepEqual(await cg.removePodCgroup(uid), { busy: [] });
    assert.deepEqual(await cg.listPodCgroups(), []);
    assert.deepEqual(await cg.removeNodeCgroup(), { busy: [] });
    const hierarchies = cg.version === 2 ? [''] : ['memory/', 'cpu/', 'cpuacct/', 'cpuset/', 'pids/'];
    for (const h of hierarchies) {
      await assert.rejects(readFile(`${ROOT}/${h}${name}/cgroup.procs`), { code: 'ENOENT' }, `${h}${name} still exists`);
    }
  });
});

describe('the real Node registers against a real API server', () => {
  const nodeName = `kite-e2e-${process.pid}`;
  const cgName = `kite-test-reg-${process.pid}`;
  let c: TestCluster;
  let client: KubeClient;
  let cg: NodeCgroups;
  let dataDir: string;
  const ac = new AbortController();
  let run: Promise<void> | undefined;

  before(async () => {
    requireRoot();
    c = await startCluster();
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-e2e/agent-node' });
    dataDir = await mkdtemp(path.join(tmpdir(), 'kite-agent-node-'));
    cg = await detectNodeCgroups({ name: cgName });
  });

  after(async () => {
    ac.abort();
    await run?.catch(() => undefined);
    await client?.delete({ group: '', version: 'v1', plural: 'nodes' }, nodeName).catch(() => undefined);
    client?.close();
    await c?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await cg?.removeNodeCgroup();
  });

  it('the Node appears with the allocation, its Lease renews, conditions are written; kubectl shows it Ready', async () => {
    const allocation = computeAllocation({ cpus: 1, memoryMb: 512, dataSizeGb: 1 }, await readMachineFacts(dataDir));
    await cg.ensureNodeCgroup(allocation.cgroup);
    run = runNodeAgentStatus({
      client, nodeName, allocation, host: await readHostInfo(), runtimeVersion: 'containerd://1.6.20~ds1', controlPlane: true,
      runtimeStatus: async () => ({ conditions: [{ type: 'RuntimeReady', status: true }, { type: 'NetworkReady', status: true }] }),
      cgroups: cg, dataDir, log: pino({ level: 'silent' }),
      leaseRenewMs: 1000, statusUpdateMs: 1000, statusReportMs: 2000,
    }, ac.signal);
    const nodes = { group: '', version: 'v1', plural: 'nodes' };
    const leases = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: 'kube-node-lease' };
    type N = KObject & { status: { capacity: object; allocatable: object; conditions: Array<{ type: string; status: string; lastHeartbeatTime: string }> } };
    const getNode = () => client.get<N>(nodes, nodeName);
    let node: N | undefined;
    for (let i = 0; i < 100 && !node; i++) node = await getNode().catch(async () => { await sleep(100); return undefined; });
    assert.ok(node, 'the Node was not registered within 10 s');
    assert.deepEqual(node.status.capacity, { cpu: '1', 'ephemeral-storage': '1Gi', memory: '512Mi', pods: '110' });
    assert.deepEqual(node.status.allocatable, { cpu: '900m', 'ephemeral-storage': '1Gi', memory: '256Mi', pods: '110' });
    assert.deepEqual(node.status.conditions.map((x) => `${x.type}=${x.status}`).sort(), ['DiskPressure=False', 'MemoryPressure=False', 'PIDPressure=False', 'Ready=True']);

    const renewTime = async () => ((await client.get(leases, nodeName)).spec as { renewTime: string }).renewTime;
    let first = '';
    for (let i = 0; i < 50 && !first; i++) first = await renewTime().catch(async () => { await sleep(100); return ''; });
    await sleep(2500);
    assert.ok((await renewTime()) > first, 'the Lease was not renewed');
    const heartbeat = (n: N) => n.status.conditions.find((x) => x.type === 'Ready')?.lastHeartbeatTime ?? '';
    assert.ok(heartbeat(await getNode()) > heartbeat(node), 'no status report within the report period');

    const out = await c.k(['get', 'node', nodeName, '--no-headers']);
    assert.match(out, new RegExp(`^${nodeName}\\s+Ready\\s+control-plane\\s+\\S+\\s+v1\\.32\\.0\\+kite\\s*$`, 'm'));
  });
});
