/**
 * Issue 3: a simulated node that stops heartbeating is marked NotReady (Unknown), tainted unreachable,
 * its pods are evicted once their toleration runs out, and the Deployment replaces them on the
 * other nodes — all done by `kite server`'s own controllers (short grace period for the test).
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { until } from './helpers/wait.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { startSimNodes, type SimNodes } from './helpers/sim-nodes.js';

interface PodJson { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status?: { phase?: string } }

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: sturdy}
spec:
  replicas: 3
  selector: {matchLabels: {app: sturdy}}
  template:
    metadata: {labels: {app: sturdy}}
    spec:
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: 100m}}}]
`;

describe('node failure', () => {
  let c: TestCluster;
  let sim: SimNodes;
  let paused: string;
  before(async () => {
    c = await startCluster(['--node-monitor-grace-seconds', '3']);
    paused = path.join(c.dataDir, 'paused-nodes');
    sim = await startSimNodes(c, 3, { extra: ['--paused-file', paused] });
  });
  after(async () => {
    await sim?.stop();
    await c?.stop();
  });

  const pods = async () => (JSON.parse(await c.k(['get', 'pods', '-l', 'app=sturdy', '-o', 'json'])) as { items: PodJson[] }).items;

  it('pods on a silent node are evicted after their toleration and replaced elsewhere', async () => {
    await c.k(['apply', '-f', '-'], { input: deployment });
    await c.k(['rollout', 'status', 'deploy/sturdy', '--timeout=60s']);
    const before = await pods();
    const victim = before[0]!.spec.nodeName!;
    const onVictim = before.filter((p) => p.spec.nodeName === victim).map((p) => p.metadata.name);
    await writeFile(paused, `${victim}\n`);

    await until(`${victim} to be NotReady`, async () => /\sNotReady\s/.test(await c.k(['get', 'node', victim])));
    const taints = JSON.parse(await c.k(['get', 'node', victim, '-o', 'jsonpath={.spec.taints}'])) as Array<{ key: string; effect: string }>;
    assert.ok(taints.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute'), JSON.stringify(taints));

    const healthy = await until('3 Running pods on the other nodes', async () => {
      const now = await pods();
      const live = now.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && p.spec.nodeName !== victim);
      return live.length === 3 ? now : undefined;
    });
    for (const name of onVictim) {
      const p = healthy.find((x) => x.metadata.name === name);
      assert.ok(!p || p.metadata.deletionTimestamp, `pod ${name} on ${victim} was evicted`);
    }
    const events = await c.k(['get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'jsonpath={.items[*].involvedObject.name}']);
    for (const name of onVictim) assert.match(events, new RegExp(name));

    await writeFile(paused, '');
    await until(`${victim} to be Ready again`, async () => new RegExp(`^${victim}\\s+Ready\\s`, 'm').test(await c.k(['get', 'nodes'])));
  });
});
