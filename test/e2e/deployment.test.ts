/**
 * Deployments end to end through the real kubectl: apply → 3 pods and `rollout status` returns;
 * an image change rolls out within maxSurge/maxUnavailable (checked on the watch streams of pods
 * and ReplicaSets); `rollout history`, `undo`, `pause`/`resume`, `restart`; `scale` to 0 and 5.
 * `kite server` runs the controllers and the scheduler; three simulated nodes run the pods.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KObject } from '../../src/api/types/index.js';
import { createKubeClient, loadKubeconfig, type KubeClient } from '../../src/client/index.js';
import type { Pod, ReplicaSetObj } from '../../src/controllers/replicaset-types.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { startSimNodes, type SimNodes } from './helpers/sim-nodes.js';

const NS = 'roll';
const manifest = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${NS} }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: "${image}" }] }
`;

/** Follows pods and ReplicaSets of the namespace and keeps the extremes a rollout must respect. */
async function watchRollout(client: KubeClient, signal: AbortSignal) {
  const podsRef = { group: '', version: 'v1', plural: 'pods', namespace: NS };
  const rsRef = { group: 'apps', version: 'v1', plural: 'replicasets', namespace: NS };
  const ready = new Map<string, boolean>();
  const specs = new Map<string, number>();
  const podList = await client.list<Pod>(podsRef);
  const rsList = await client.list<ReplicaSetObj>(rsRef);
  const isReady = (p: Pod) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  for (const p of podList.items) ready.set(p.metadata.name!, isReady(p));
  for (const rs of rsList.items) specs.set(rs.metadata.name!, rs.spec.replicas ?? 0);
  const count = () => [...ready.values()].filter(Boolean).length;
  const total = () => [...specs.values()].reduce((a, b) => a + b, 0);
  const seen = { minAvailable: count(), maxSpecTotal: total(), maxPods: ready.size };
  const follow = async <T extends KObject>(ref: typeof podsRef, rv: string | undefined, apply: (type: string, o: T) => void) => {
    for await (const ev of client.watch<T>(ref, { resourceVersion: rv }, signal)) apply(ev.type, ev.object as T);
  };
  const done = Promise.all([
    follow<Pod>(podsRef, podList.metadata.resourceVersion, (type, p) => {
      if (type === 'DELETED') ready.delete(p.metadata.name!); else ready.set(p.metadata.name!, isReady(p));
      seen.minAvailable = Math.min(seen.minAvailable, count());
      seen.maxPods = Math.max(seen.maxPods, ready.size);
    }),
    follow<ReplicaSetObj>(rsRef, rsList.metadata.resourceVersion, (type, rs) => {
      if (type === 'DELETED') specs.delete(rs.metadata.name!); else specs.set(rs.metadata.name!, rs.spec.replicas ?? 0);
      seen.maxSpecTotal = Math.max(seen.maxSpecTotal, total());
    }),
  ]).catch(() => undefined);
  return { seen, done };
}

describe('deployment rollout', () => {
  let c: TestCluster;
  let client: KubeClient;
  let sim: SimNodes;

  before(async () => {
    // These rollouts run with the control loops on their own thread; every other test runs them on the main one.
    c = await startCluster(['--control-loops-thread']);
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-e2e/deployment-controller' });
    await c.k(['create', 'ns', NS]);
    sim = await startSimNodes(c, 3);
  });
  after(async () => {
    await sim?.stop();
    client?.close();
    await c?.stop();
  });

  const rolloutStatus = () => c.k(['rollout', 'status', 'deploy/web', '-n', NS, '--timeout=60s']);
  const pods = async () => JSON.parse(await c.k(['get', 'pods', '-n', NS, '-o', 'json'])).items as Pod[];
  const sets = async () => JSON.parse(await c.k(['get', 'rs', '-n', NS, '-o', 'json'])).items as ReplicaSetObj[];
  const image = async () => (await c.k(['get', 'deploy/web', '-n', NS, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).trim();

  it('kubectl apply of a 3-replica Deployment makes 3 pods and rollout status returns', async () => {
    await c.k(['apply', '-f', '-'], { input: manifest('nginx:1.25') });
    assert.match(await rolloutStatus(), /successfully rolled out/);
    const ps = await pods();
    assert.equal(ps.length, 3);
    const [rs] = await sets();
    assert.ok(rs, 'a ReplicaSet exists');
    assert.match(rs.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    for (const p of ps) {
      assert.match(p.metadata.name!, new RegExp(`^${rs.metadata.name}-[a-z0-9]{5}$`));
      assert.equal(p.metadata.ownerReferences?.[0]?.name, rs.metadata.name);
      assert.equal(p.metadata.labels?.['pod-template-hash'], rs.metadata.labels?.['pod-template-hash']);
    }
    const d = JSON.parse(await c.k(['get', 'deploy/web', '-n', NS, '-o', 'json']));
    assert.deepEqual([d.status.replicas, d.status.updatedReplicas, d.status.readyReplicas, d.status.availableReplicas], [3, 3, 3, 3]);
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    const available = d.status.conditions.find((x: { type: string }) => x.type === 'Available');
    assert.equal(available.reason, 'MinimumReplicasAvailable');
  });

  it('an image change rolls out within maxSurge 1 and maxUnavailable 1 (watched)', async (t) => {
    const wac = new AbortController();
    const w = await watchRollout(client, wac.signal);
    await c.k(['set', 'image', 'deploy/web', '-n', NS, 'nginx=nginx:1.26']);
    assert.match(await rolloutStatus(), /successfully rolled out/);
    await sleep(300); // let the watches deliver the last events before reading the extremes
    wac.abort();
    await w.done;
    t.diagnostic(`watched extremes: ${JSON.stringify(w.seen)}`);
    assert.ok(w.seen.minAvailable >= 2, `available pods dropped to ${w.seen.minAvailable} (< replicas − maxUnavailable = 2)`);
    assert.ok(w.seen.maxSpecTotal <= 4, `ReplicaSets asked for ${w.seen.maxSpecTotal} pods (> replicas + maxSurge = 4)`);
    const ps = (await pods()).filter((p) => !p.metadata.deletionTimestamp);
    assert.deepEqual(ps.map((p) => p.spec.containers[0]!.image), ['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    const bySize = (await sets()).map((rs) => [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], rs.spec.replicas]).sort();
    assert.deepEqual(bySize, [['1', 0], ['2', 3]]);
    const ev = await c.k(['get', 'events', '-n', NS, '--field-selector', 'reason=ScalingReplicaSet', '-o', 'jsonpath={.items[*].message}']);
    assert.match(ev, /Scaled up replica set web-\w+ from 0 to 1/);
    assert.match(ev, /Scaled down replica set web-\w+ from 3 to 2/);
  });

  it('rollout history lists the revisions and rollout undo returns to the previous image', async () => {
    const hist = await c.k(['rollout', 'history', 'deploy/web', '-n', NS]);
    assert.match(hist, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    await c.k(['rollout', 'undo', 'deploy/web', '-n', NS]);
    assert.match(await rolloutStatus(), /successfully rolled out/);
    assert.equal(await image(), 'nginx:1.25');
    const rss = await sets();
    assert.equal(rss.length, 2, 'the revision-1 ReplicaSet is reused, not copied');
    const reused = rss.find((rs) => rs.spec.template?.spec?.containers[0]?.image === 'nginx:1.25')!;
    assert.equal(reused.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(reused.spec.replicas, 3);
    assert.match(await c.k(['rollout', 'history', 'deploy/web', '-n', NS]), /\n2\s+<none>\n3\s+<none>/);
  });

  it('a paused Deployment does not roll out until resumed; rollout restart makes a new revision', async () => {
    await c.k(['rollout', 'pause', 'deploy/web', '-n', NS]);
    await c.k(['set', 'image', 'deploy/web', '-n', NS, 'nginx=nginx:1.27']);
    await sleep(1000);
    assert.equal((await sets()).length, 2, 'no new ReplicaSet while paused');
    await c.k(['rollout', 'resume', 'deploy/web', '-n', NS]);
    assert.match(await rolloutStatus(), /successfully rolled out/);
    assert.equal((await sets()).length, 3);
    await c.k(['rollout', 'restart', 'deploy/web', '-n', NS]);
    assert.match(await rolloutStatus(), /successfully rolled out/);
    const revs = (await sets()).map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'])).sort();
    assert.deepEqual(revs, [2, 3, 4, 5]);
  });

  it('kubectl scale to 0 removes every pod and scale to 5 brings five back', async () => {
    await c.k(['scale', 'deploy/web', '-n', NS, '--replicas=0']);
    for (const end = Date.now() + 30_000; (await pods()).length > 0; await sleep(200)) {
      if (Date.now() > end) assert.fail('pods still exist 30 s after scaling to 0');
    }
    await c.k(['scale', 'deploy/web', '-n', NS, '--replicas=5']);
    assert.match(await rolloutStatus(), /successfully rolled out/);
    const ps = await pods();
    assert.equal(ps.length, 5);
    assert.ok(ps.every((p) => p.status?.phase === 'Running'));
  });

  it('delete --cascade=orphan keeps the ReplicaSets and pods; a plain delete removes them all', async () => {
    await c.k(['apply', '-n', NS, '-f', '-'], { input: manifest('nginx:1.25').replace('name: web,', 'name: keep,').replace(/app: web/g, 'app: keep') });
    await c.k(['rollout', 'status', 'deploy/keep', '-n', NS, '--timeout=60s']);
    await c.k(['delete', 'deploy', 'keep', '-n', NS, '--cascade=orphan']);
    const orphans = await client.list<ReplicaSetObj>({ group: 'apps', version: 'v1', plural: 'replicasets', namespace: NS }, { labelSelector: 'app=keep' });
    assert.equal(orphans.items.length, 1);
    assert.equal(orphans.items[0]!.metadata.ownerReferences?.length ?? 0, 0, 'the orphaned ReplicaSet lost its owner reference');
    assert.equal((await client.list<Pod>({ group: '', version: 'v1', plural: 'pods', namespace: NS }, { labelSelector: 'app=keep' })).items.length, 3);

    await c.k(['delete', 'deploy', 'web', '-n', NS]);
    for (const end = Date.now() + 30_000; ; await sleep(200)) {
      const rs = (await sets()).filter((x) => x.metadata.labels?.app === 'web').length;
      const ps = (await pods()).filter((x) => x.metadata.labels?.app === 'web').length;
      if (rs === 0 && ps === 0) break;
      if (Date.now() > end) assert.fail(`${rs} ReplicaSets and ${ps} pods of web remain 30 s after deleting the Deployment`);
    }
  });
});
