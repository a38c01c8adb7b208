/**
 * Issue 4: deleting pods and namespaces, and stopping `kite server`, leave nothing stray. After a
 * namespace with volume-heavy pods (emptyDir on disk and in memory, ConfigMap, Secret, projected token)
 * is deleted: no sandbox or container of its pods in the CRI, no pod cgroup in any hierarchy, no
 * mount and no directory under the pods' volume dirs, and their IPs are back in the IPAM pool. After a
 * stop, the only containers left are those of pods that still exist (kept on purpose: a restarted
 * agent re-adopts them, as the restart test checks), and a restart adopts them without duplicates.
 * Root, real containerd; traffic stays on the cluster's bridge.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectCri, type CriClient } from '../../src/agent/cri/index.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { until } from './helpers/wait.js';

const IMAGE = 'docker.io/library/busybox:1.35';
const NODE = 'strays-1';

const workload = (ns: string) => `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: ${ns}}
data: {greeting: hello}
---
apiVersion: v1
kind: Secret
metadata: {name: sec, namespace: ${ns}}
stringData: {password: s3cret}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: busy, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: busy}}
  template:
    metadata: {labels: {app: busy}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: ${IMAGE}
        command: ["sh", "-c", "echo data > /scratch/f && exec sleep 3600"]
        volumeMounts:
        - {name: scratch, mountPath: /scratch}
        - {name: ram, mountPath: /ram}
        - {name: cfg, mountPath: /cfg}
        - {name: sec, mountPath: /sec}
      volumes:
      - {name: scratch, emptyDir: {}}
      - {name: ram, emptyDir: {medium: Memory, sizeLimit: 8Mi}}
      - {name: cfg, configMap: {name: cfg}}
      - {name: sec, secret: {secretName: sec}}
`;

describe('no stray containers, cgroups or mounts', () => {
  let c: TestCluster;
  let cri: CriClient;
  const podsDir = () => path.join(c.dataDir, 'agent', 'pods');
  const uidsIn = async (ns: string) => (await c.k(['get', 'pods', '-n', ns, '-o', 'jsonpath={.items[*].metadata.uid}'])).split(' ').filter(Boolean);
  const sandboxUids = async () => (await cri.listPodSandbox({})).map((s) => s.metadata.uid);
  const containerSandboxes = async () => new Set((await cri.listContainers({})).map((x) => x.podSandboxId));
  const mountsWith = async (needle: string) => (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter((l) => l.includes(needle));
  const podCgroups = async (uid: string) => {
    const found: string[] = [];
    for (const h of await readdir('/sys/fs/cgroup')) {
      for (const d of await readdir(path.join('/sys/fs/cgroup', h, `kite-${NODE}`)).catch(() => [])) if (d.includes(uid)) found.push(`${h}/${d}`);
    }
    return found;
  };
  const ipamReserved = async () => {
    const dir = path.join(c.dataDir, 'agent', 'cni', 'ipam');
    const out: string[] = [];
    for (const net of await readdir(dir).catch(() => [])) out.push(...(await readdir(path.join(dir, net)).catch(() => [])).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)));
    return out;
  };

  before(async () => {
    c = await startCluster(['--node-name', NODE], { agent: true, prepare: (dir) => buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }).then(() => undefined) });
    await until('node to register', async () => (await c.kubectl(['get', 'node', NODE])).code === 0);
    await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']);
    cri = connectCri(path.join(c.dataDir, 'agent', 'containerd', 'containerd.sock'));
  });
  after(async () => {
    cri?.close();
    await c?.kubectl(['delete', 'pods', '--all', '-A', '--wait=true', '--timeout=60s']);
    await c?.stop();
  });

  it('deleting a namespace removes its pods\' sandboxes, containers, cgroups, mounts, volume dirs and IPs', async () => {
    const ipsBefore = (await ipamReserved()).length;
    await c.k(['apply', '-f', '-'], { input: workload('strays') });
    await c.k(['rollout', 'status', 'deployment/busy', '-n', 'strays', '--timeout=90s']);
    const uids = await uidsIn('strays');
    assert.equal(uids.length, 2);
    // Everything is really there first, so the absence checks below mean something.
    for (const uid of uids) {
      assert.ok((await sandboxUids()).includes(uid), `sandbox of ${uid}`);
      assert.ok((await podCgroups(uid)).length > 0, `cgroup of ${uid}`);
      assert.ok((await mountsWith(uid)).some((l) => l.includes('tmpfs')), `memory emptyDir mount of ${uid}`);
      assert.ok((await stat(path.join(podsDir(), uid, 'volumes')).catch(() => undefined))?.isDirectory(), `volume dir of ${uid}`);
    }
    assert.equal((await ipamReserved()).length, ipsBefore + 2);

    await c.k(['delete', 'namespace', 'strays', '--wait=true', '--timeout=90s']);
    await until('the CRI to forget the pods', async () => {
      const live = await sandboxUids();
      return uids.every((u) => !live.includes(u)) ? true : undefined;
    }, 30_000);
    const ids = new Set((await cri.listPodSandbox({})).map((s) => s.id));
    for (const sb of await containerSandboxes()) assert.ok(ids.has(sb), `container of a removed sandbox ${sb}`);
    for (const uid of uids) {
      assert.deepEqual(await until(`pod cgroups of ${uid} to go`, async () => ((await podCgroups(uid)).length ? undefined : ['gone']), 15_000), ['gone']);
      assert.deepEqual(await mountsWith(uid), [], `mounts of ${uid}`);
      assert.equal(await stat(path.join(podsDir(), uid)).catch(() => undefined), undefined, `pod dir of ${uid}`);
    }
    assert.equal((await ipamReserved()).length, ipsBefore, 'pod IPs back in the pool');
  });

  it('after a stop only live pods\' containers remain, and a restart adopts them without duplicates', async () => {
    await c.k(['apply', '-f', '-'], { input: workload('keep') });
    await c.k(['rollout', 'status', 'deployment/busy', '-n', 'keep', '--timeout=90s']);
    const live = (await uidsIn('keep')).sort();
    await c.restart();
    await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']);
    await c.k(['rollout', 'status', 'deployment/busy', '-n', 'keep', '--timeout=60s']);
    assert.deepEqual((await uidsIn('keep')).sort(), live, 'the same pods, not replacements');
    cri.close();
    cri = connectCri(path.join(c.dataDir, 'agent', 'containerd', 'containerd.sock'));
    // The Node and the pods still look Ready from before the restart; the new containerd may not be up yet.
    const sandboxes = await until('the restarted containerd to answer', () => cri.listPodSandbox({}), 60_000);
    const ready = sandboxes.filter((s) => s.state === 'SANDBOX_READY').map((s) => s.metadata.uid).sort();
    assert.deepEqual(ready, live, 'one ready sandbox per live pod');
    const running = (await cri.listContainers({})).filter((x) => x.state === 'CONTAINER_RUNNING');
    assert.equal(running.length, live.length, 'one running container per pod');
  });
});
