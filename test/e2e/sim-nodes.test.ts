/**
 * Simulated nodes end to end: `kite dev sim-nodes --count 3` against a real `kite server
 * --disable-agent`, observed through the real kubectl. Nodes register Ready with Leases that
 * renew; a pod bound to a node runs, is deleted promptly, and can be told to exit; a paused node
 * stops renewing. No scheduler is needed: the test pods set spec.nodeName themselves.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { KITE_BIN, startCluster, type TestCluster } from './helpers/cluster.js';

// Until main.ts registers `kite dev`, the helper runs the same command definition.

interface Cond { type: string; status: string; reason?: string; lastHeartbeatTime?: string }
interface NodeJson { metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> }; status: { conditions: Cond[]; capacity: Record<string, string>; addresses: Array<{ type: string; address: string }> } }
interface PodJson { status: { phase?: string; podIP?: string; hostIP?: string; containerStatuses?: Array<{ state: Record<string, { reason?: string; exitCode?: number }> }> } }

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) {
    const v = await probe();
    if (v !== undefined) return v;
  }
  assert.fail(`timed out after ${ms} ms waiting for ${what}`);
}

const podYaml = (name: string, node: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}spec:
  nodeName: ${node}
  containers: [{name: app, image: nginx:1.25}]
`;

describe('kite dev sim-nodes', () => {
  let c: TestCluster;
  let sim: ChildProcess;
  let simLog = '';
  let pausedFile: string;

  before(async () => {
    c = await startCluster();
    pausedFile = path.join(c.dataDir, 'paused-nodes');
    sim = spawn(process.execPath, [KITE_BIN, 'dev', 'sim-nodes', '--kubeconfig', c.kubeconfig, '--count', '3', '--lease-seconds', '1', '--status-seconds', '2',
      '--paused-file', pausedFile, '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    sim.stderr?.on('data', (d: Buffer) => { simLog += d.toString(); });
    await until('3 Ready nodes', async () => {
      const r = await c.kubectl(['get', 'nodes', '-o', 'json']);
      const items = r.code === 0 ? (JSON.parse(r.stdout) as { items: NodeJson[] }).items : [];
      return items.filter((n) => n.status.conditions.some((x) => x.type === 'Ready' && x.status === 'True')).length === 3 ? true : undefined;
    });
  });

  after(async () => {
    if (sim && sim.exitCode === null) {
      sim.kill('SIGTERM');
      const timer = setTimeout(() => sim.kill('SIGKILL'), 10_000);
      await new Promise((r) => sim.once('exit', r));
      clearTimeout(timer);
    }
    await c?.stop();
  });

  it('prints the simulated-nodes banner', () => {
    assert.match(simLog, /^simulated nodes \(for tests and benchmarks only\)$/m);
  });

  it('kubectl get nodes lists sim-0..sim-2 Ready with Roles <none> and the sim kubelet version', async () => {
    const out = await c.k(['get', 'nodes']);
    const lines = out.trim().split('\n');
    assert.match(lines[0]!, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).filter((_, i) => i !== 3)), [
      ['sim-0', 'Ready', '<none>', 'v1.32.0+kite-sim'],
      ['sim-1', 'Ready', '<none>', 'v1.32.0+kite-sim'],
      ['sim-2', 'Ready', '<none>', 'v1.32.0+kite-sim'],
    ]);
    const n = JSON.parse(await c.k(['get', 'node', 'sim-1', '-o', 'json'])) as NodeJson;
    assert.equal(n.metadata.annotations['kite.dev/simulated'], 'true');
    assert.equal(n.metadata.labels.type, 'kite-sim');
    assert.equal(n.metadata.labels['kubernetes.io/hostname'], 'sim-1');
    assert.deepEqual(n.status.capacity, { cpu: '4', 'ephemeral-storage': '100Gi', memory: '8192Mi', pods: '110' });
    assert.deepEqual(n.status.addresses, [{ type: 'InternalIP', address: '127.1.0.2' }, { type: 'Hostname', address: 'sim-1' }]);
    assert.deepEqual(n.status.conditions.map((x) => [x.type, x.status]),
      [['MemoryPressure', 'False'], ['DiskPressure', 'False'], ['PIDPressure', 'False'], ['Ready', 'True']]);
  });

  it('each node holds a Lease in kube-node-lease that renews', async () => {
    const out = await c.k(['get', 'leases', '-n', 'kube-node-lease']);
    assert.match(out, /^sim-0\s+sim-0\s/m);
    assert.match(out, /^sim-2\s+sim-2\s/m);
    const renewTime = async () => (JSON.parse(await c.k(['get', 'lease', 'sim-0', '-n', 'kube-node-lease', '-o', 'json'])) as { spec: { renewTime: string; leaseDurationSeconds: number } }).spec;
    const first = await renewTime();
    assert.equal(first.leaseDurationSeconds, 40);
    await until('a renewed lease', async () => ((await renewTime()).renewTime > first.renewTime ? true : undefined), 10_000);
  });

  it('a pod bound to sim-1 becomes Running and Ready 1/1 with a fake pod IP', async () => {
    await c.k(['apply', '-f', '-'], { input: podYaml('web', 'sim-1') });
    await c.k(['wait', '--for=condition=Ready', 'pod/web', '--timeout=30s']);
    const row = (await c.k(['get', 'pod', 'web', '-o', 'wide', '--no-headers'])).trim().split(/\s+/);
    assert.deepEqual([row[0], row[1], row[2], row[3], row[6]], ['web', '1/1', 'Running', '0', 'sim-1']);
    assert.match(row[5]!, /^10\.244\.1\.\d+$/);
    const pod = JSON.parse(await c.k(['get', 'pod', 'web', '-o', 'json'])) as PodJson;
    assert.equal(pod.status.hostIP, '127.1.0.2');
  });

  it('kubectl delete pod returns promptly and the pod is gone', async () => {
    const start = Date.now();
    const del = await c.kubectl(['delete', 'pod', 'web', '--timeout=30s'], { timeoutMs: 35_000 });
    assert.equal(del.code, 0, del.stderr);
    assert.match(del.stdout, /pod "web" deleted/);
    assert.ok(Date.now() - start < 15_000, `delete took ${Date.now() - start} ms`);
    const get = await c.kubectl(['get', 'pod', 'web']);
    assert.match(get.stderr, /NotFound/);
  });

  it('a Never-restart pod with sim-exit-after-seconds becomes Succeeded, shown as Completed', async () => {
    const meta = '  annotations: {kite.dev/sim-exit-after-seconds: "1"}\n';
    await c.k(['apply', '-f', '-'], { input: podYaml('once', 'sim-2', meta).replace('spec:\n', 'spec:\n  restartPolicy: Never\n') });
    const pod = await until('phase Succeeded', async () => {
      const p = JSON.parse(await c.k(['get', 'pod', 'once', '-o', 'json'])) as PodJson;
      return p.status.phase === 'Succeeded' ? p : undefined;
    });
    assert.deepEqual(pod.status.containerStatuses?.[0]?.state.terminated, { ...pod.status.containerStatuses?.[0]?.state.terminated, exitCode: 0, reason: 'Completed' });
    const row = (await c.k(['get', 'pod', 'once', '--no-headers'])).trim().split(/\s+/);
    assert.deepEqual(row.slice(0, 3), ['once', '0/1', 'Completed']);
  });

  it('sim-exit-code 1 makes the pod Failed with reason Error', async () => {
    const meta = '  annotations: {kite.dev/sim-exit-after-seconds: "0", kite.dev/sim-exit-code: "1"}\n';
    await c.k(['apply', '-f', '-'], { input: podYaml('fails', 'sim-0', meta).replace('spec:\n', 'spec:\n  restartPolicy: Never\n') });
    await until('phase Failed', async () => ((JSON.parse(await c.k(['get', 'pod', 'fails', '-o', 'json'])) as PodJson).status.phase === 'Failed' ? true : undefined));
    const row = (await c.k(['get', 'pod', 'fails', '--no-headers'])).trim().split(/\s+/);
    assert.deepEqual(row.slice(0, 3), ['fails', '0/1', 'Error']);
  });

  it('a node listed in the paused file stops renewing its Lease and resumes when removed', async () => {
    const lease = async () => (JSON.parse(await c.k(['get', 'lease', 'sim-2', '-n', 'kube-node-lease', '-o', 'json'])) as { spec: { renewTime: string } }).spec.renewTime;
    await writeFile(pausedFile, 'sim-2\n');
    await sleep(1500); // let an in-flight renewal land and the file be read
    const frozen = await lease();
    // The sim renews every second: three periods without a change show the node stopped.
    for (let i = 0; i < 6; i++) { await sleep(500); assert.equal(await lease(), frozen); }
    const other = await lease();
    await rm(pausedFile);
    await until('a renewed lease after resume', async () => ((await lease()) > other ? true : undefined), 10_000);
  });

  it('SIGTERM stops the simulator with exit code 0 and leaves its nodes registered', async () => {
    const exited = new Promise<number | null>((r) => sim.once('exit', (code) => r(code)));
    sim.kill('SIGTERM');
    assert.equal(await exited, 0, simLog);
    assert.equal((await c.k(['get', 'nodes', '--no-headers'])).trim().split('\n').length, 3);
  });
});
