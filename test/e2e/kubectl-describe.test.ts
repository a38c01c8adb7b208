/** P1 rows 20, 21, 24, 25 and P2 rows 30, 36: describe, events, protobuf creates, cordon/drain, explain, bookmarks. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { pod } from './helpers/manifests.js';

const node = (name: string) => `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: {kubernetes.io/hostname: ${name}, node-role.kubernetes.io/control-plane: ""}
status:
  capacity: {cpu: "2", memory: 4Gi, pods: "110"}
  allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  conditions:
  - {type: Ready, status: "True", reason: KubeletReady, message: ready, lastHeartbeatTime: "2026-01-01T00:00:00Z", lastTransitionTime: "2026-01-01T00:00:00Z"}
  addresses: [{type: InternalIP, address: 10.0.0.5}, {type: Hostname, address: ${name}}]
  nodeInfo: {kubeletVersion: v1.32.0+kite, osImage: Debian GNU/Linux 12, kernelVersion: "6.1", containerRuntimeVersion: "containerd://1.6", architecture: amd64, operatingSystem: linux, machineID: m, systemUUID: s, bootID: b, kernelVersion2: x}
`.replace(', kernelVersion2: x', '');

const event = (name: string, podName: string, uid: string, reason: string, message: string) => `apiVersion: v1
kind: Event
metadata: {name: ${name}}
involvedObject: {kind: Pod, name: ${podName}, namespace: default, apiVersion: v1, uid: ${uid}}
reason: ${reason}
message: ${message}
type: Normal
source: {component: kite-test}
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:00:00Z"
count: 1
`;

describe('kubectl describe, events, protobuf creates, drain and explain', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(['--watch-bookmark-seconds', '1']); });
  after(async () => { await c.stop(); });

  it('kubectl create sends protobuf bodies that are decoded for namespace, configmap, secret, deployment, job, service', async () => {
    assert.match(await c.k(['create', 'namespace', 'pb']), /namespace\/pb created/);
    assert.match(await c.k(['-n', 'pb', 'create', 'configmap', 'c', '--from-literal=a=b']), /configmap\/c created/);
    assert.match(await c.k(['-n', 'pb', 'create', 'secret', 'generic', 's', '--from-literal=k=v']), /secret\/s created/);
    assert.match(await c.k(['-n', 'pb', 'create', 'deployment', 'd', '--image=nginx:1.27', '--replicas=2', '--port=80']), /deployment.apps\/d created/);
    assert.match(await c.k(['-n', 'pb', 'create', 'job', 'j', '--image=busybox:1.36']), /job.batch\/j created/);
    assert.match(await c.k(['-n', 'pb', 'create', 'service', 'clusterip', 'svc', '--tcp=80:8080']), /service\/svc created/);
    assert.equal((await c.k(['-n', 'pb', 'get', 'cm', 'c', '-o', 'jsonpath={.data.a}'])), 'b');
    assert.equal(Buffer.from(await c.k(['-n', 'pb', 'get', 'secret', 's', '-o', 'jsonpath={.data.k}']), 'base64').toString(), 'v');
    assert.equal(await c.k(['-n', 'pb', 'get', 'deploy', 'd', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}']), '2 nginx:1.27 80');
    assert.equal(await c.k(['-n', 'pb', 'get', 'svc', 'svc', '-o', 'jsonpath={.spec.ports[0].port}/{.spec.ports[0].targetPort}']), '80/8080');
    const jobLabels = JSON.parse(await c.k(['-n', 'pb', 'get', 'job', 'j', '-o', 'jsonpath={.spec.template.metadata.labels}'])) as Record<string, string>;
    assert.equal(jobLabels['job-name'], 'j');
  });

  it('describe pod shows its events (found via involvedObject field selectors), and get events lists them', async () => {
    await c.k(['create', '-f', '-'], { input: pod('described', { nodeName: 'worker-1' }) });
    const uid = await c.k(['get', 'pod', 'described', '-o', 'jsonpath={.metadata.uid}']);
    await c.k(['create', '-f', '-'], { input: event('described.1', 'described', uid, 'Scheduled', 'Assigned to worker-1') });
    const out = await c.k(['describe', 'pod', 'described']);
    assert.match(out, /^Name:\s+described$/m);
    assert.match(out, /^Node:\s+worker-1/m);
    assert.match(out, /Events:[\s\S]*Normal\s+Scheduled\s+.*kite-test\s+Assigned to worker-1/);
    const ev = await c.k(['get', 'events']);
    assert.match(ev.split('\n')[0]!, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    assert.match(ev, /Normal\s+Scheduled\s+pod\/described\s+Assigned to worker-1/);
    const modern = await c.k(['events', '--for', 'pod/described']);
    assert.match(modern, /Scheduled\s+Pod\/described\s+Assigned to worker-1/);
  });

  it('describe deployment and node work', async () => {
    const d = await c.k(['-n', 'pb', 'describe', 'deploy', 'd']);
    assert.match(d, /^Replicas:\s+2 desired/m);
    assert.match(d, /Image:\s+nginx:1\.27/);
    await c.k(['create', '-f', '-'], { input: node('worker-1') });
    const n = await c.k(['describe', 'node', 'worker-1']);
    assert.match(n, /^Name:\s+worker-1$/m);
    assert.match(n, /Non-terminated Pods:\s+\(1 in total\)/);
    assert.match(n, /default\s+described/);
    const nodes = await c.k(['get', 'nodes', '-o', 'wide']);
    assert.match(nodes, /worker-1\s+Ready\s+control-plane\s+\d+s\s+v1\.32\.0\+kite\s+10\.0\.0\.5\s+<none>\s+Debian GNU\/Linux 12\s+6\.1\s+containerd:\/\/1\.6/);
  });

  it('cordon marks the node unschedulable; drain evicts its pods', async () => {
    assert.match(await c.k(['cordon', 'worker-1']), /node\/worker-1 cordoned/);
    assert.match(await c.k(['get', 'node', 'worker-1']), /Ready,SchedulingDisabled/);
    const r = await c.kubectl(['drain', 'worker-1', '--ignore-daemonsets', '--force', '--grace-period=0', '--timeout=30s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /evicting pod default\/described/);
    assert.match(r.stdout, /node\/worker-1 drained/);
    assert.equal((await c.kubectl(['get', 'pod', 'described'])).code, 1);
    assert.match(await c.k(['uncordon', 'worker-1']), /node\/worker-1 uncordoned/);
  });

  it('explain prints field documentation from the served OpenAPI v3 schema', async () => {
    const out = await c.k(['explain', 'deployment.spec.replicas']);
    assert.match(out, /GROUP:\s+apps/);
    assert.match(out, /KIND:\s+Deployment/);
    assert.match(out, /FIELD:\s+replicas <integer>/);
    const pods = await c.k(['explain', 'pods.spec.containers']);
    assert.match(pods, /image\s+<string>/);
  });

  it('watches that ask for bookmarks get BOOKMARK events carrying a resourceVersion', async () => {
    const list = JSON.parse(await c.k(['get', '--raw', '/api/v1/namespaces/default/configmaps'])) as { metadata: { resourceVersion: string } };
    const w = c.spawnKubectl(['get', '--raw', `/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=5`]);
    try {
      const out = await w.waitFor(/"type":"BOOKMARK"/, 10_000);
      const bm = JSON.parse(out.split('\n').find((l) => l.includes('BOOKMARK'))!) as { object: { kind: string; metadata: { resourceVersion: string } } };
      assert.equal(bm.object.kind, 'ConfigMap');
      assert.ok(Number(bm.object.metadata.resourceVersion) >= Number(list.metadata.resourceVersion));
    } finally {
      w.child.kill();
    }
  });

  it('rollout status returns once the Deployment status says the rollout is complete', async () => {
    const status = c.kubectl(['-n', 'pb', 'rollout', 'status', 'deploy/d', '--timeout=30s']);
    await new Promise((r) => setTimeout(r, 500));
    const gen = await c.k(['-n', 'pb', 'get', 'deploy', 'd', '-o', 'jsonpath={.metadata.generation}']);
    await c.k(['-n', 'pb', 'patch', 'deploy', 'd', '--subresource=status', '--type=merge', '-p', JSON.stringify({
      status: { observedGeneration: Number(gen), replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2,
        conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
    })]);
    const r = await status;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /deployment "d" successfully rolled out/);
  });
});
