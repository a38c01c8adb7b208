/**
 * Issue 4, first slice: `kite server` with its node agent runs real containers through containerd +
 * runc (root). The busybox test image is built from busybox-static and imported from DIR/images at
 * agent start; pods get their own IPs on the pod network (issue 5). Checks: the Node's allocation,
 * a Deployment's httpd answering, init containers in order, ConfigMap/Secret/downward API volumes and
 * env, OOMKilled, CrashLoopBackOff, re-adoption across a server restart, and a clean host afterwards.
 */
import assert from 'node:assert/strict';
import { readFile, mkdir, chmod } from 'node:fs/promises';
import { get } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { busyboxDeployment } from './helpers/manifests.js';
import { until } from './helpers/wait.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';

const IMAGE = 'docker.io/library/busybox:1.35';

const httpGet = (host: string, port: number) => new Promise<string>((resolve, reject) => {
  get({ host, port, path: '/' }, (res) => {
    let body = '';
    res.on('data', (d: Buffer) => { body += d.toString(); });
    res.on('end', () => resolve(body));
  }).on('error', reject);
});

interface PodJson {
  status?: {
    phase?: string;
    containerStatuses?: Array<{ name: string; ready: boolean; restartCount: number; containerID?: string; state?: Record<string, { reason?: string; exitCode?: number }>; lastState?: Record<string, { reason?: string; exitCode?: number }> }>;
    initContainerStatuses?: Array<{ name: string; state?: Record<string, { reason?: string; exitCode?: number }> }>;
  };
}

describe('node agent runs real containers', () => {
  let c: TestCluster;
  let shared: string;
  const pod = async (name: string) => JSON.parse(await c.k(['get', 'pod', name, '-o', 'json'])) as PodJson;

  before(async () => {
    c = await startCluster(['--cpus', '1', '--memory-mb', '768', '--node-name', 'edge-1'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    shared = path.join(c.dataDir, 'shared');
    await mkdir(shared, { recursive: true });
    await chmod(shared, 0o777);
    await until('node edge-1 to register', async () => (await c.kubectl(['get', 'node', 'edge-1'])).code === 0);
    await c.k(['wait', '--for=condition=Ready', 'node/edge-1', '--timeout=60s']);
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods,deployments', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  it('the Node reports the allocation as capacity, minus Kite\'s reserve as allocatable', async () => {
    const node = JSON.parse(await c.k(['get', 'node', 'edge-1', '-o', 'json'])) as { status: { capacity: Record<string, string>; allocatable: Record<string, string>; nodeInfo: { containerRuntimeVersion: string } } };
    assert.equal(node.status.capacity.cpu, '1');
    assert.equal(node.status.capacity.memory, '768Mi');
    assert.equal(node.status.allocatable.cpu, '900m');
    assert.equal(node.status.allocatable.memory, '512Mi');
    assert.match(node.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\//);
    const limit = (await readFile('/sys/fs/cgroup/memory/kite-edge-1/memory.limit_in_bytes', 'utf8')).trim();
    assert.equal(limit, String(512 * 1024 * 1024), 'the node cgroup holds the allocation');
  });

  it('a Deployment of busybox httpd reaches Running and answers on its pod IP', async () => {
    const port = 8080;
    await c.k(['apply', '-f', '-'], {
      input: busyboxDeployment({ image: IMAGE, container: `        command: ["sh", "-c", "mkdir -p /www && echo hello-from-kite > /www/index.html && exec httpd -f -p ${port} -h /www"]
        resources: {limits: {cpu: 200m, memory: 32Mi}}
        readinessProbe: {tcpSocket: {port: ${port}}, periodSeconds: 1}` }),
    });
    await c.k(['rollout', 'status', 'deploy/web', '--timeout=60s']);
    const ip = (await c.k(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].status.podIP}'])).trim();
    assert.equal((await httpGet(ip, port)).trim(), 'hello-from-kite');
  });

  it('init containers run first and in order; volumes and env carry ConfigMap, Secret and downward API data', async () => {
    await c.k(['create', 'configmap', 'settings', '--from-literal=greeting=hi', '--from-literal=mode=edge']);
    await c.k(['create', 'secret', 'generic', 'creds', '--from-literal=token=s3cret']);
    await c.k(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: ordered, labels: {tier: demo}}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  volumes:
  - {name: out, hostPath: {path: ${shared}, type: Directory}}
  - {name: cfg, configMap: {name: settings}}
  - {name: sec, secret: {secretName: creds}}
  - {name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
  initContainers:
  - {name: first, image: ${IMAGE}, command: [sh, -c, "echo first >> /out/order"], volumeMounts: [{name: out, mountPath: /out}]}
  - {name: second, image: ${IMAGE}, command: [sh, -c, "echo second >> /out/order"], volumeMounts: [{name: out, mountPath: /out}]}
  containers:
  - name: main
    image: ${IMAGE}
    env:
    - {name: GREETING, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    command: [sh, -c, "echo main >> /out/order; echo \\"$GREETING $POD_NAME $(cat /cfg/mode) $(cat /sec/token) $(cat /info/labels)\\" > /out/report"]
    volumeMounts: [{name: out, mountPath: /out}, {name: cfg, mountPath: /cfg}, {name: sec, mountPath: /sec}, {name: info, mountPath: /info}]
`,
    });
    await until('pod ordered to succeed', async () => (await pod('ordered')).status?.phase === 'Succeeded');
    assert.deepEqual((await readFile(path.join(shared, 'order'), 'utf8')).trim().split('\n'), ['first', 'second', 'main']);
    assert.equal((await readFile(path.join(shared, 'report'), 'utf8')).trim(), 'hi ordered edge s3cret tier="demo"');
  });

  it('a container over its memory limit ends OOMKilled', async () => {
    await c.k(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: hungry}
spec:
  restartPolicy: Never
  containers:
  - name: eat
    image: ${IMAGE}
    command: [sh, -c, "head -c 200000000 /dev/zero | tail > /dev/null"]
    resources: {limits: {memory: 24Mi}}
`,
    });
    const st = await until('hungry to be OOMKilled', async () => {
      const s = (await pod('hungry')).status?.containerStatuses?.[0];
      return s?.state?.terminated ? s : undefined;
    });
    assert.equal(st.state!.terminated!.reason, 'OOMKilled');
    assert.equal(st.state!.terminated!.exitCode, 137);
  });

  it('a crashing container is restarted with back-off (CrashLoopBackOff)', async () => {
    await c.k(['apply', '-f', '-'], {
      input: `apiVersion: v1\nkind: Pod\nmetadata: {name: crashy}\nspec:\n  terminationGracePeriodSeconds: 1\n  containers:\n  - {name: fail, image: ${IMAGE}, command: [sh, -c, "exit 3"]}\n`,
    });
    const st = await until('crashy to restart and back off', async () => {
      const s = (await pod('crashy')).status?.containerStatuses?.[0];
      return s && s.restartCount >= 1 && s.state?.waiting?.reason === 'CrashLoopBackOff' ? s : undefined;
    });
    assert.equal(st.lastState?.terminated?.exitCode, 3);
    assert.match(await c.k(['get', 'pod', 'crashy']), /crashy\s+0\/1\s+CrashLoopBackOff\s+\d+/);
  });

  it('restarting kite server keeps containers running with unchanged restartCount', async () => {
    const before = (await c.k(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name} {.items[0].status.containerStatuses[0].containerID} {.items[0].status.containerStatuses[0].restartCount}'])).split(' ');
    await c.restart();
    await until('node edge-1 Ready after the restart', async () => (await c.kubectl(['wait', '--for=condition=Ready', 'node/edge-1', '--timeout=5s'])).code === 0);
    await sleep(3000);
    const after = (await c.k(['get', 'pod', before[0]!, '-o', 'jsonpath={.metadata.name} {.status.containerStatuses[0].containerID} {.status.containerStatuses[0].restartCount}'])).split(' ');
    assert.deepEqual(after, before);
  });
});
