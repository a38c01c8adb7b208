/**
 * The scheduler end to end against a real `kite server --disable-agent` and the real kubectl:
 * Nodes are created by kubectl (with a Ready status) and `kite server`'s own scheduler places pods.
 * Pods get bound and spread, a pod too big for every node stays Pending with kube-scheduler's
 * message and a FailedScheduling event until a big node appears, nodeSelector and taints hold.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKubeClient, loadKubeconfig, type KubeClient } from '../../src/client/index.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';

interface PodJson { spec: { nodeName?: string }; status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> } }

const nodeYaml = (name: string, cpu: string, labels: Record<string, string> = {}) => JSON.stringify({
  apiVersion: 'v1', kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels } },
  status: {
    capacity: { cpu, memory: '8Gi', pods: '110' }, allocatable: { cpu, memory: '8Gi', pods: '110' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'simulated' }],
  },
});

const podYaml = (name: string, cpu: string, extra: Record<string, unknown> = {}) => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu } } }], ...extra },
});

describe('scheduler', () => {
  let c: TestCluster;
  let client: KubeClient;

  before(async () => {
    c = await startCluster();
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-e2e/scheduler' });
    for (const [name, labels] of [['n1', {}], ['n2', {}], ['n3', { disk: 'ssd' }]] as const) {
      await c.k(['create', '-f', '-'], { input: nodeYaml(name, '4', labels) });
    }
  });
  after(async () => {
    client.close();
    await c.stop();
  });

  const getPod = async (name: string) => JSON.parse(await c.k(['get', 'pod', name, '-o', 'json'])) as PodJson;
  const boundTo = async (name: string, ms = 15_000): Promise<string> => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
      const n = (await getPod(name)).spec.nodeName;
      if (n) return n;
    }
    assert.fail(`pod ${name} not bound after ${ms} ms`);
  };
  const scheduledCondition = async (name: string, message: string, ms = 15_000) => {
    let last: unknown;
    for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
      last = (await getPod(name)).status?.conditions?.find((x) => x.type === 'PodScheduled');
      if ((last as { message?: string } | undefined)?.message === message) return last;
    }
    assert.fail(`pod ${name}: PodScheduled is ${JSON.stringify(last)}, wanted message ${message}`);
  };

  it('nodes created by kubectl keep their Ready status', async () => {
    const n = JSON.parse(await c.k(['get', 'node', 'n1', '-o', 'json'])) as { status?: { conditions?: Array<{ type: string; status: string }> } };
    assert.deepEqual(n.status?.conditions?.map((x) => [x.type, x.status]), [['Ready', 'True']]);
  });

  it('binds pods through pods/binding and spreads them across the nodes', async () => {
    for (const p of ['spread-1', 'spread-2', 'spread-3']) await c.k(['create', '-f', '-'], { input: podYaml(p, '500m') });
    const nodes = await Promise.all(['spread-1', 'spread-2', 'spread-3'].map((p) => boundTo(p)));
    assert.deepEqual([...nodes].sort(), ['n1', 'n2', 'n3']);
    const cond = (await getPod('spread-1')).status?.conditions?.find((x) => x.type === 'PodScheduled');
    assert.equal(cond?.status, 'True');
    const out = await c.k(['get', 'events', '--field-selector', 'involvedObject.name=spread-1', '-o', 'json']);
    const events = (JSON.parse(out) as { items: Array<{ reason: string; message: string }> }).items;
    assert.deepEqual(events.filter((e) => e.reason === 'Scheduled').map((e) => e.message), [`Successfully assigned default/spread-1 to ${nodes[0]}`]);
  });

  it('a pod requesting 100 CPUs stays Pending with the explaining condition and event, then schedules on a big new node', async () => {
    await c.k(['create', '-f', '-'], { input: podYaml('huge', '100') });
    const msg = '0/3 nodes are available: 3 Insufficient cpu.';
    const cond = await scheduledCondition('huge', msg);
    const { type, status, reason } = cond as Record<string, unknown>;
    assert.deepEqual({ type, status, reason }, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' });
    const events = (JSON.parse(await c.k(['get', 'events', '--field-selector', 'involvedObject.name=huge', '-o', 'json'])) as { items: Array<{ type: string; reason: string; message: string }> }).items;
    assert.deepEqual(events.map((e) => [e.type, e.reason, e.message])[0], ['Warning', 'FailedScheduling', msg]);
    const describe = await c.k(['describe', 'pod', 'huge']);
    assert.match(describe, /FailedScheduling .*0\/3 nodes are available: 3 Insufficient cpu\./);

    await c.k(['create', '-f', '-'], { input: nodeYaml('big', '128') });
    assert.equal(await boundTo('huge'), 'big');
  });

  it('nodeSelector picks the labelled node', async () => {
    await c.k(['create', '-f', '-'], { input: podYaml('ssd', '100m', { nodeSelector: { disk: 'ssd' } }) });
    assert.equal(await boundTo('ssd'), 'n3');
  });

  it('taints keep pods without a toleration off; a tolerating pod schedules; removing the taint frees the others', async () => {
    await c.k(['taint', 'nodes', '--all', 'dedicated=gpu:NoSchedule']);
    await c.k(['create', '-f', '-'], { input: podYaml('plain', '100m') });
    await c.k(['create', '-f', '-'], { input: podYaml('tolerant', '100m', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }) });
    assert.ok(['n1', 'n2', 'n3', 'big'].includes(await boundTo('tolerant')));
    await scheduledCondition('plain', '0/4 nodes are available: 4 node(s) had untolerated taint {dedicated: gpu}.');
    assert.equal((await getPod('plain')).spec.nodeName, undefined);
    await c.k(['taint', 'nodes', 'n1', 'dedicated=gpu:NoSchedule-']);
    assert.equal(await boundTo('plain'), 'n1');
  });
});
