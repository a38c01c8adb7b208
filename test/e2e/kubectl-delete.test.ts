/** P0 row 15: delete waits for DELETED; graceful pod deletion, finalizers, dry-run and collections. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { deployment, pod } from './helpers/manifests.js';

describe('kubectl delete against kite server', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.stop(); });

  it('delete deployment and an unscheduled pod return once they are gone', async () => {
    await c.k(['apply', '-f', '-'], { input: deployment('gone') });
    await c.k(['create', '-f', '-'], { input: pod('loose') });
    assert.match(await c.k(['delete', 'deploy', 'gone']), /deployment.apps "gone" deleted/);
    assert.match(await c.k(['delete', 'pod', 'loose']), /pod "loose" deleted/);
    assert.equal((await c.kubectl(['get', 'deploy', 'gone'])).code, 1);
    assert.equal((await c.kubectl(['get', 'pod', 'loose'])).code, 1);
  });

  it('a pod on a node is deleted gracefully: Terminating with a grace period, immediate with --force --grace-period=0', async () => {
    await c.k(['create', '-f', '-'], { input: pod('bound', { nodeName: 'n1' }) });
    assert.match(await c.k(['delete', 'pod', 'bound', '--wait=false', '--grace-period=120']), /pod "bound" deleted/);
    const p = JSON.parse(await c.k(['get', 'pod', 'bound', '-o', 'json'])) as { metadata: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number } };
    assert.ok(p.metadata.deletionTimestamp);
    assert.equal(p.metadata.deletionGracePeriodSeconds, 120);
    assert.match(await c.k(['get', 'pod', 'bound']), /bound\s+0\/1\s+Terminating/);
    const r = await c.kubectl(['delete', 'pod', 'bound', '--force', '--grace-period=0']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await c.kubectl(['get', 'pod', 'bound'])).code, 1);
  });

  it('an object with a finalizer waits for it to be removed, then disappears', async () => {
    await c.k(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\ndata: {a: "1"}\n' });
    await c.k(['delete', 'cm', 'held', '--wait=false']);
    const cm = JSON.parse(await c.k(['get', 'cm', 'held', '-o', 'json'])) as { metadata: { deletionTimestamp?: string; finalizers: string[] } };
    assert.ok(cm.metadata.deletionTimestamp);
    const add = await c.kubectl(['patch', 'cm', 'held', '--type=json', '-p', '[{"op":"add","path":"/metadata/finalizers/-","value":"example.com/more"}]']);
    assert.notEqual(add.code, 0, 'no new finalizers once deleting');
    assert.match(add.stderr, /no new finalizers can be added if the object is being deleted/);
    await c.k(['patch', 'cm', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    assert.equal((await c.kubectl(['get', 'cm', 'held'])).code, 1);
  });

  it('delete --dry-run=server keeps the object; delete -l and --all remove matching collections', async () => {
    for (const [n, app] of [['a1', 'x'], ['a2', 'x'], ['b1', 'y']] as const) await c.k(['create', 'configmap', n, '--from-literal=k=v']).then(() => c.k(['label', 'cm', n, `app=${app}`]));
    assert.match(await c.k(['delete', 'cm', 'a1', '--dry-run=server']), /configmap "a1" deleted \(server dry run\)/);
    assert.equal((await c.kubectl(['get', 'cm', 'a1'])).code, 0);
    await c.k(['delete', 'cm', '-l', 'app=x']);
    assert.deepEqual((await c.k(['get', 'cm', '-l', 'app', '-o', 'name'])).trim().split('\n'), ['configmap/b1']);
    const raw = await c.k(['delete', '--raw', '/api/v1/namespaces/default/configmaps?labelSelector=app%3Dy']);
    assert.match(raw, /"kind":"ConfigMapList"/);
    assert.equal((await c.k(['get', 'cm', '-l', 'app', '-o', 'name'])).trim(), '');
  });
});
