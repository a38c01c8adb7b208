/** P0 rows 11, 12 and P1 row 19: `get -w` prints Table rows as they happen; `wait` returns once a condition is met. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { pod } from './helpers/manifests.js';

describe('kubectl watches against kite server', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.stop(); });

  it('get pods -w prints a row when a pod is created and when it is deleted', async () => {
    const w = c.spawnKubectl(['get', 'pods', '-w']);
    try {
      // With no pods kubectl prints nothing until the first event; give it time to open the watch.
      await new Promise((r) => setTimeout(r, 1500));
      await c.k(['create', '-f', '-'], { input: pod('watched') });
      await w.waitFor(/watched\s+0\/1\s+Pending\s+0\s+\d+s/);
      await c.k(['delete', 'pod', 'watched', '--wait=true']);
      const out = await w.waitFor(/watched[^\n]*\n[\s\S]*watched/);
      assert.ok(!/^NAME\s+AGE$/m.test(out), 'kubectl received Table rows, not bare objects');
    } finally {
      w.child.kill();
    }
  });

  it('get pod X -w prints the current row, then one row per change', async () => {
    await c.k(['create', '-f', '-'], { input: pod('single') });
    const w = c.spawnKubectl(['get', 'pod', 'single', '-w', '--output-watch-events']);
    try {
      await w.waitFor(/ADDED\s+single\s+0\/1\s+Pending/);
      await c.k(['label', 'pod', 'single', 'x=1']);
      await w.waitFor(/MODIFIED\s+single/);
    } finally {
      w.child.kill();
    }
  });

  it('wait --for=condition returns once /status sets the condition, and --for=delete once deleted', async () => {
    await c.k(['create', '-f', '-'], { input: pod('waiter') });
    const waiting = c.kubectl(['wait', '--for=condition=Ready', 'pod/waiter', '--timeout=30s']);
    await new Promise((r) => setTimeout(r, 500));
    await c.k(['patch', 'pod', 'waiter', '--subresource=status', '--type=merge', '-p',
      '{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}']);
    const r = await waiting;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pod\/waiter condition met/);
    const jp = await c.kubectl(['wait', '--for=jsonpath={.status.phase}=Running', 'pod/waiter', '--timeout=10s']);
    assert.equal(jp.code, 0, jp.stderr);
    const gone = c.kubectl(['wait', '--for=delete', 'pod/waiter', '--timeout=30s']);
    await new Promise((r2) => setTimeout(r2, 300));
    await c.k(['delete', 'pod', 'waiter']);
    const g = await gone;
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /pod\/waiter condition met|deleted/);
  });
});
