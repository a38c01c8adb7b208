import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createScheduler } from '../../../src/scheduler/index.js';
import { node, pod, schedulerFixture, type Write } from './fixtures.js';

type Fixture = ReturnType<typeof schedulerFixture>;

/** Runs the scheduler until `until` holds (checked between event-loop turns), then stops it. */
async function runUntil(f: Fixture, until: () => boolean, body?: () => Promise<void>) {
  const ac = new AbortController();
  const done = createScheduler(f.deps, { random: () => 0, parallelism: 4 }).run(ac.signal);
  const settle = async () => {
    for (let i = 0; i < 2000 && !until(); i++) await new Promise((r) => setImmediate(r));
  };
  await settle();
  if (body) { await body(); await settle(); }
  ac.abort();
  await done;
  assert.ok(until(), `condition not reached; writes: ${JSON.stringify(f.writes, null, 1)}`);
}

const bindings = (w: Write[]) => w.filter((x) => x.path.endsWith('/binding'))
  .map((x) => `${/pods\/([^/]+)\//.exec(x.path)![1]} → ${(x.body as { target: { name: string } }).target.name}`);
const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('scheduler', () => {
  it('binds each pod to the best node: bigger free share first, then spreading the ReplicaSet, honouring taints and nodeSelector', async () => {
    const f = schedulerFixture(
      [node('n1', { cpu: '4', memory: '8Gi', labels: { disk: 'ssd' } }), node('n2', { cpu: '8', memory: '16Gi' }), node('cp', { cpu: '64', memory: '64Gi', taints: [cp] })],
      [
        pod('web-1', { cpu: '1', memory: '1Gi', owner: 'web' }),
        pod('web-2', { cpu: '1', memory: '1Gi', owner: 'web' }),
        pod('web-3', { cpu: '1', memory: '1Gi', owner: 'web' }),
        pod('ssd', { cpu: '100m', nodeSelector: { disk: 'ssd' } }),
        pod('admin', { cpu: '100m', tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } }),
        pod('other', { cpu: '100m', schedulerName: 'someone-else' }),
        pod('bound', { cpu: '1', nodeName: 'n1' }),
      ],
    );
    await runUntil(f, () => bindings(f.writes).length === 4);
    // web-1: n2 has the larger free share; web-2: n1 (n2 already runs a web pod); web-3: both run
    // one, n2 has more left; ssd: only n1 has the label; admin needs a label no node has
    assert.deepEqual(bindings(f.writes), ['web-1 → n2', 'web-2 → n1', 'web-3 → n2', 'ssd → n1']);
    assert.deepEqual(f.writes.find((w) => w.path.endsWith('/web-1/binding')), {
      verb: 'POST', path: '/api/v1/namespaces/default/pods/web-1/binding',
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1', namespace: 'default', uid: 'uid-web-1' }, target: { apiVersion: 'v1', kind: 'Node', name: 'n2' } },
    });
    assert.deepEqual(f.events.filter((e) => e.reason === 'Scheduled').map((e) => e.message), [
      'Successfully assigned default/web-1 to n2', 'Successfully assigned default/web-2 to n1',
      'Successfully assigned default/web-3 to n2', 'Successfully assigned default/ssd to n1',
    ]);
    assert.equal(f.writes.some((w) => w.path.includes('/other/')), false);
  });

  it('an unschedulable pod gets PodScheduled=False with the kube-scheduler message once, then binds when a big node appears', async () => {
    const f = schedulerFixture([node('n1'), node('n2'), node('cp', { taints: [cp] })], [pod('huge', { cpu: '100' })]);
    const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.';
    await runUntil(f, () => bindings(f.writes).length === 1, async () => {
      for (let i = 0; i < 50 && !f.writes.length; i++) await new Promise((r) => setImmediate(r));
      const w = f.writes[0]!;
      assert.equal(w.verb, 'PATCH');
      assert.equal(w.path, '/api/v1/namespaces/default/pods/huge/status');
      const cond = (w.body as { status: { conditions: Array<Record<string, unknown>> } }).status.conditions[0]!;
      assert.deepEqual({ ...cond, lastTransitionTime: 'T' }, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastProbeTime: null, lastTransitionTime: 'T' });
      assert.deepEqual(f.events, [{ name: 'huge', type: 'Warning', reason: 'FailedScheduling', message: msg }]);
      // a retry after 60 s finds the same verdict and writes nothing new
      await f.clock.advance(61_000);
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
      assert.equal(f.writes.length, 1);
      assert.equal(f.events.length, 2);
      f.nodes.emit({ type: 'add', obj: node('big', { cpu: '128' }) });
      // the node frees the pod from the unschedulable pool; its second back-off (2 s) still applies
      await f.clock.advance(2000);
    });
    assert.deepEqual(bindings(f.writes), ['huge → big']);
  });

  it('assumes a decided pod on its node, so a second pod does not over-commit it before the binding is seen', async () => {
    const f = schedulerFixture([node('n1', { cpu: '4' })], [pod('a', { cpu: '3' }), pod('b', { cpu: '3' })], { watchBindings: false });
    await runUntil(f, () => f.writes.length === 2);
    assert.deepEqual(bindings(f.writes), ['a → n1']);
    const cond = (f.writes[1]!.body as { status: { conditions: Array<{ message: string }> } }).status.conditions[0]!;
    assert.equal(cond.message, '0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('forgets the assumed pod when binding fails and retries after the back-off', async () => {
    let failures = 1;
    const f = schedulerFixture([node('n1', { cpu: '1' })], [pod('a', { cpu: '1' })], { failBind: () => (failures-- > 0 ? 500 : undefined) });
    await runUntil(f, () => bindings(f.writes).length === 2, async () => {
      for (let i = 0; i < 50 && f.writes.length < 2; i++) await new Promise((r) => setImmediate(r));
      await f.clock.advance(1000);
    });
    assert.deepEqual(bindings(f.writes), ['a → n1', 'a → n1']);
    const cond = (f.writes[1]!.body as { status: { conditions: Array<{ reason: string; message: string }> } }).status.conditions[0]!;
    assert.deepEqual([cond.reason, cond.message], ['SchedulerError', 'binding rejected: failed with 500']);
  });

  it('a bound pod that ends frees its node for a waiting pod; a node heartbeat does not retry anything', async () => {
    const a = pod('a', { cpu: '1', nodeName: 'n1' });
    const f = schedulerFixture([node('n1', { cpu: '1' })], [a, pod('b', { cpu: '1' })]);
    await runUntil(f, () => bindings(f.writes).length === 1, async () => {
      for (let i = 0; i < 50 && !f.writes.length; i++) await new Promise((r) => setImmediate(r));
      const heartbeat = node('n1', { cpu: '1' });
      heartbeat.metadata.resourceVersion = '2';
      f.nodes.emit({ type: 'update', obj: heartbeat, old: node('n1', { cpu: '1' }) });
      await f.clock.advance(1000);
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
      assert.equal(f.events.length, 1, 'b was retried after a heartbeat');
      f.pods.emit({ type: 'update', obj: { ...a, status: { phase: 'Succeeded' } }, old: a });
    });
    assert.deepEqual(bindings(f.writes), ['b → n1']);
  });
});
