/** ResourceQuota admission + usage, and PodDisruptionBudgets guarding evictions, through kubectl. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { until } from './helpers/wait.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { deployment, pod } from './helpers/manifests.js';
import { startSimNodes, type SimNodes } from './helpers/sim-nodes.js';

describe('quota and disruption budgets', () => {
  let c: TestCluster;
  let sim: SimNodes;
  before(async () => {
    c = await startCluster();
    sim = await startSimNodes(c, 2);
  });
  after(async () => {
    await sim?.stop();
    await c?.stop();
  });

  it('a quota on pods refuses the create that would exceed it and reports usage', async () => {
    await c.k(['create', 'namespace', 'q']);
    await c.k(['-n', 'q', 'create', 'quota', 'small', '--hard=pods=2,configmaps=5']);
    await until('the quota controller to publish status', async () =>
      (await c.k(['-n', 'q', 'get', 'quota', 'small', '-o', 'jsonpath={.status.hard.pods}'])) === '2');
    await c.k(['-n', 'q', 'create', '-f', '-'], { input: pod('p1') });
    await c.k(['-n', 'q', 'create', '-f', '-'], { input: pod('p2') });
    const r = await c.kubectl(['-n', 'q', 'create', '-f', '-'], { input: pod('p3') });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(Forbidden\).*pods "p3" is forbidden: exceeded quota: small, requested: pods=1, used: pods=2, limited: pods=2/);
    const used = await c.k(['-n', 'q', 'get', 'quota', 'small', '-o', 'jsonpath={.status.used.pods}']);
    assert.equal(used, '2');
    assert.match(await c.k(['-n', 'q', 'describe', 'quota', 'small']), /pods\s+2\s+2/);
  });

  it('an eviction that would break a PodDisruptionBudget gets 429; one that fits is allowed', async () => {
    await c.k(['create', 'namespace', 'pdb']);
    await c.k(['-n', 'pdb', 'apply', '-f', '-'], { input: deployment('guarded', { replicas: 3 }) });
    await c.k(['-n', 'pdb', 'rollout', 'status', 'deploy/guarded', '--timeout=60s']);
    await c.k(['-n', 'pdb', 'create', 'pdb', 'keep', '--selector=app=guarded', '--min-available=2']);
    await until('PDB status with one allowed disruption', async () =>
      (await c.k(['-n', 'pdb', 'get', 'pdb', 'keep', '-o', 'jsonpath={.status.disruptionsAllowed}'])) === '1');
    const pods = (await c.k(['-n', 'pdb', 'get', 'pods', '-l', 'app=guarded', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ');
    const evict = (name: string) => c.kubectl(['-n', 'pdb', 'create', '--raw', `/api/v1/namespaces/pdb/pods/${name}/eviction`, '-f', '-'],
      { input: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'pdb' } }) });
    const first = await evict(pods[0]!);
    assert.equal(first.code, 0, first.stderr);
    // Now require every pod: once the controller has seen that, no eviction fits.
    await c.k(['-n', 'pdb', 'patch', 'pdb', 'keep', '--type=merge', '-p', '{"spec":{"minAvailable":3}}']);
    await until('PDB status for the new generation with no allowed disruption', async () => {
      const p = JSON.parse(await c.k(['-n', 'pdb', 'get', 'pdb', 'keep', '-o', 'json'])) as { metadata: { generation: number }; status?: { observedGeneration?: number; disruptionsAllowed?: number } };
      return p.status?.observedGeneration === p.metadata.generation && p.status.disruptionsAllowed === 0;
    });
    const second = await evict(pods[1]!);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
    assert.equal((await c.kubectl(['-n', 'pdb', 'get', 'pod', pods[1]!])).code, 0, 'the refused pod is still there');
  });
});
