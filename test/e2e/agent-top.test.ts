/**
 * Issue 4, `kubectl top`: (1) the agent's stats provider over a real containerd (a private test
 * containerd, root): a busy container shows a CPU rate near its quota, an idle one near zero, and the
 * node cgroup's usage covers both; (2) through `kite server` with its agent: `kubectl top pod`
 * shows CPU for a busy pod and `kubectl top node` shows the node with a CPU percentage, served by
 * metrics.k8s.io from the agent's `/stats/summary`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createV1Cgroups } from '../../src/agent/cgroups/index.js';
import { connectCri, type CriClient, type PodSandboxConfig } from '../../src/agent/cri/index.js';
import { createStatsProvider } from '../../src/agent/stats/index.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { startTestContainerd, type TestContainerd } from './helpers/cri-containerd.js';
import { buildBusyboxImage } from './helpers/oci-image.js';

const IMAGE = 'docker.io/library/busybox:1.35';

describe('stats provider over a real containerd', () => {
  let ctd: TestContainerd;
  let cri: CriClient;
  const sandboxes: string[] = [];
  before(async () => {
    ctd = await startTestContainerd();
    await ctd.importImage(await buildBusyboxImage(path.join(ctd.dir, 'img'), { ref: IMAGE }));
    cri = connectCri(ctd.socket);
  });
  after(async () => {
    for (const id of sandboxes) {
      await cri.stopPodSandbox(id).catch(() => undefined);
      await cri.removePodSandbox(id).catch(() => undefined);
    }
    cri?.close();
    await ctd?.stop();
  });

  const runPod = async (name: string, command: string[], cpuQuota?: number) => {
    const cfg: PodSandboxConfig = {
      metadata: { name, uid: `uid-${name}`, namespace: 'default' },
      logDirectory: path.join(ctd.dir, 'pods', name),
      linux: { cgroupParent: `${ctd.cgroupParent}/pod-${name}`, securityContext: { namespaceOptions: { network: 'NODE' } } },
    };
    const pod = await cri.runPodSandbox(cfg);
    ctd.trackSandbox(pod);
    sandboxes.push(pod);
    const id = await cri.createContainer(pod, {
      metadata: { name: 'main' }, image: { image: IMAGE }, command, logPath: 'main/0.log',
      linux: cpuQuota ? { resources: { cpuPeriod: 100_000, cpuQuota } } : undefined,
    }, cfg);
    await cri.startContainer(id);
  };

  it('a busy container has a CPU rate near its quota, an idle one near zero, memory is reported', async () => {
    await runPod('busy', ['sh', '-c', 'while :; do :; done'], 30_000); // 300m
    await runPod('idle', ['sleep', '3600']);
    const node = createV1Cgroups({ name: ctd.cgroupParent.slice(1) });
    const provider = createStatsProvider({ cri, nodeUsage: () => node.usage(), nodeName: 'top-1' });
    await provider.collect();
    await sleep(3_000);
    const s = await provider.collect();
    const byName = new Map(s.pods.map((p) => [p.podRef.name, p]));
    const busy = byName.get('busy')!.containers[0]!;
    const idle = byName.get('idle')!.containers[0]!;
    assert.ok(busy.cpu?.usageNanoCores !== undefined && busy.cpu.usageNanoCores > 150e6 && busy.cpu.usageNanoCores < 400e6,
      `busy container: ${busy.cpu?.usageNanoCores} nanocores, expected about 300m`);
    assert.ok(idle.cpu?.usageNanoCores !== undefined && idle.cpu.usageNanoCores < 20e6, `idle container: ${idle.cpu?.usageNanoCores}`);
    assert.ok((busy.memory?.workingSetBytes ?? 0) > 0, 'memory working set is reported');
    assert.deepEqual(byName.get('busy')!.podRef, { name: 'busy', namespace: 'default', uid: 'uid-busy' });
    const nodeRate = s.node.cpu?.usageNanoCores ?? 0;
    assert.ok(nodeRate >= busy.cpu.usageNanoCores * 0.8, `node cgroup rate ${nodeRate} covers the busy pod`);
  });
});

describe('kubectl top through kite server', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster(['--cpus', '1', '--memory-mb', '768', '--node-name', 'top-1'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    for (const end = Date.now() + 60_000; (await c.kubectl(['get', 'node', 'top-1'])).code !== 0; await sleep(250)) {
      if (Date.now() > end) throw new Error('node top-1 did not register within 60 s');
    }
    await c.k(['wait', '--for=condition=Ready', 'node/top-1', '--timeout=60s']);
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  const until = async (what: string, fn: () => Promise<string | undefined>, ms = 60_000) => {
    let last = '';
    for (const end = Date.now() + ms; Date.now() < end; await sleep(1_000)) {
      const r = await fn().catch((e: unknown) => { last = String(e); return undefined; });
      if (r) return r;
    }
    throw new Error(`timed out waiting for ${what}: ${last}`);
  };

  it('discovery lists metrics.k8s.io/v1beta1', async () => {
    assert.match(await c.k(['api-versions']), /^metrics\.k8s\.io\/v1beta1$/m);
  });

  it('kubectl top pod shows CPU for a busy pod; kubectl top node shows CPU%', async (t) => {
    await c.k(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: burn}
spec:
  hostNetwork: true
  restartPolicy: Never
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: ${IMAGE}
    command: [sh, -c, "while :; do :; done"]
    resources: {limits: {cpu: 200m, memory: 32Mi}}
`,
    });
    await c.k(['wait', '--for=condition=Ready', 'pod/burn', '--timeout=60s']);
    // Two sampling rounds (10 s apart) before the first rate exists.
    const line = await until('burn in kubectl top pod', async () => {
      const r = await c.kubectl(['top', 'pod', 'burn', '--no-headers']);
      if (r.code !== 0) throw new Error(r.stderr);
      return /^burn\s+\d+m\s+\d+Mi/m.exec(r.stdout)?.[0];
    });
    const cpu = Number(/\s(\d+)m\s/.exec(`${line} `)![1]);
    assert.ok(cpu >= 100 && cpu <= 250, `busy pod under a 200m limit: ${line}`);
    const nodeLine = await until('top-1 in kubectl top node', async () => {
      const r = await c.kubectl(['top', 'node', '--no-headers']);
      if (r.code !== 0) throw new Error(r.stderr);
      return /^top-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/m.exec(r.stdout)?.[0];
    });
    t.diagnostic(`kubectl top pod: ${line}; kubectl top node: ${nodeLine}`);
    assert.match(nodeLine, /^top-1\s+(\d+)m\s+(\d+)%/);
  });
});
