/**
 * A node that stops heartbeating end to end, against the real server with the node lifecycle
 * controller running in-process (until `kite server` runs it itself; a second copy next to a
 * wired-in one is harmless, every pass is idempotent). The test plays the kubelet: it renews the
 * node's Lease, stops, and later resumes and reports Ready again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { nowRfc3339 } from '../../src/api/meta.js';
import type { KObject } from '../../src/api/types/index.js';
import { createKubeClient, isConflict, isNotFound, loadKubeconfig, type KubeClient, type ResourceRef } from '../../src/client/index.js';
import { createSharedInformers, realClock, type EventRecorder } from '../../src/controllers/index.js';
import { createNodeLifecycleController } from '../../src/controllers/node-lifecycle.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';

const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes' };
const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: 'kube-node-lease' };
const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods', namespace: 'default' };
const EVENTS: ResourceRef = { group: '', version: 'v1', plural: 'events' };

interface NodeView extends KObject { spec?: { taints?: Array<{ key: string; effect: string }> }; status?: { conditions?: Array<{ type: string; status: string; reason?: string; lastHeartbeatTime?: string }> } }

/** Creates one core/v1 Event per call: enough for `kubectl describe` in a test. */
function simpleRecorder(client: KubeClient): EventRecorder {
  return {
    event(obj, type, reason, message) {
      const ns = obj.metadata.namespace ?? 'default';
      const now = nowRfc3339(new Date());
      void client.create({ ...EVENTS, namespace: ns }, {
        apiVersion: 'v1', kind: 'Event', metadata: { generateName: `${obj.metadata.name}.`, namespace: ns },
        involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
        type, reason, message, count: 1, firstTimestamp: now, lastTimestamp: now, source: { component: 'node-controller' },
      }).catch(() => undefined);
    },
  };
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    const v = await f();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

describe('node lifecycle', () => {
  let c: TestCluster;
  let client: KubeClient;
  const ac = new AbortController();
  let running: Promise<unknown>;
  const heartbeat = { on: true };
  let renewer: Promise<void>;

  before(async () => {
    c = await startCluster();
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-e2e/node-lifecycle' });
    const log = pino({ level: 'warn' }, pino.destination(2));
    const informers = createSharedInformers({ client, log });
    const controller = createNodeLifecycleController({ client, informers, log, recorder: simpleRecorder(client), clock: realClock },
      { gracePeriodMs: 3000, startupGracePeriodMs: 3000, monitorPeriodMs: 300 });
    running = Promise.all([informers.run(ac.signal), controller.run(ac.signal)]);
  });
  after(async () => {
    ac.abort();
    await running;
    await renewer;
    client.close();
    await c.stop();
  });

  const reportReady = async () => {
    // Controllers write the Node too (the node IPAM controller assigns its podCIDR): retry on a conflict.
    for (let attempt = 0; ; attempt++) {
      const n = await client.get<NodeView>(NODES, 'edge-1');
      const now = nowRfc3339(new Date());
      n.status = { ...n.status, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now, lastTransitionTime: now } as never] };
      try { await client.updateStatus(NODES, n); return; } catch (e) { if (!isConflict(e) || attempt >= 5) throw e; }
    }
  };
  const node = () => client.get<NodeView>(NODES, 'edge-1');
  const hasUnreachable = (n: NodeView) => (n.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');

  it('a silent node goes NotReady and tainted, its pod leaves after its 2 s toleration, and it recovers', async () => {
    await client.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'edge-1', labels: { 'kubernetes.io/hostname': 'edge-1' } } });
    await reportReady();
    await client.create(LEASES, {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'edge-1', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'edge-1', leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') },
    });
    renewer = (async () => {
      while (!ac.signal.aborted) {
        if (heartbeat.on) {
          await client.patch(LEASES, 'edge-1', 'merge', { spec: { renewTime: new Date().toISOString().replace('Z', '000Z') } }).catch(() => undefined);
        }
        await sleep(300, undefined, { signal: ac.signal }).catch(() => undefined);
      }
    })();
    await client.create(PODS, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'edge-app', namespace: 'default' },
      spec: {
        nodeName: 'edge-1', terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'nginx:1.25' }],
        tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }],
      },
    });

    // alive while the lease is renewed: well past the grace period, still Ready and untainted
    await sleep(4500);
    assert.match(await c.k(['get', 'node', 'edge-1', '--no-headers']), /^edge-1\s+Ready\s/);
    assert.equal(hasUnreachable(await node()), false);

    heartbeat.on = false;
    const tainted = await until('the unreachable taint', async () => { const n = await node(); return hasUnreachable(n) ? n : undefined; });
    const taintSeen = Date.now();
    const ready = tainted.status?.conditions?.find((x) => x.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason], ['Unknown', 'NodeStatusUnknown']);
    assert.match(await c.k(['get', 'node', 'edge-1', '--no-headers']), /^edge-1\s+NotReady\s/);
    assert.deepEqual(JSON.parse(await c.k(['get', 'node', 'edge-1', '-o', 'jsonpath={.spec.taints}'])).map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`),
      ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);

    await until('the pod to be evicted', async () => {
      try { await client.get(PODS, 'edge-app'); return undefined; } catch (e) { if (isNotFound(e)) return true; throw e; }
    }, 15_000);
    const waited = Date.now() - taintSeen;
    assert.ok(waited >= 1000, `the pod left ${waited} ms after the taint, before its 2 s toleration ran out`);

    heartbeat.on = true;
    await reportReady();
    await until('the taints to go', async () => { const n = await node(); return (n.spec?.taints ?? []).length === 0 ? n : undefined; });
    assert.match(await c.k(['get', 'node', 'edge-1', '--no-headers']), /^edge-1\s+Ready\s/);
  });
});
