/** P0 rows 6, 7, 8: all-namespace wide listings, label/field selectors and paging through kubectl. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { pod } from './helpers/manifests.js';

describe('kubectl get listings against kite server', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster();
    await c.k(['create', 'namespace', 'team']);
    await c.k(['apply', '-f', '-'], {
      input: [
        pod('web-1', { labels: { app: 'web', tier: 'front' }, nodeName: 'n1' }),
        pod('web-2', { labels: { app: 'web', tier: 'back' }, nodeName: 'n2' }),
        pod('db-1', { labels: { app: 'db' }, nodeName: 'n1' }),
        pod('batch-1', { labels: { app: 'batch' } }),
        pod('other', { labels: { app: 'web' }, ns: 'team' }),
      ].join('---\n'),
    });
  });
  after(async () => { await c.stop(); });

  it('-A -o wide --show-labels prints NAMESPACE, IP, NODE and LABELS', async () => {
    const out = await c.k(['get', 'pods', '-A', '-o', 'wide', '--show-labels']);
    const [header, ...rows] = out.trim().split('\n');
    assert.match(header!, /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\s+LABELS$/);
    assert.equal(rows.length, 5);
    assert.ok(rows.some((r) => /^default\s+web-1\s.*\sn1\s.*app=web,tier=front$/.test(r)), out);
    assert.ok(rows.some((r) => /^team\s+other\s.*app=web$/.test(r)), out);
  });

  it('--sort-by sorts by a field of the full object (includeObject=Object)', async () => {
    const byNode = await c.k(['get', 'pods', '--sort-by=.spec.nodeName', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName']);
    const rows = byNode.trim().split('\n').map((l) => l.trim().split(/\s+/));
    assert.deepEqual(rows.map((r) => r[1]), ['<none>', 'n1', 'n1', 'n2']);
    const byName = await c.k(['get', 'pods', '--sort-by=.metadata.name', '--no-headers']);
    assert.deepEqual(byName.trim().split('\n').map((l) => l.split(/\s+/)[0]), ['batch-1', 'db-1', 'web-1', 'web-2']);
  });

  it('label selectors filter with =, !=, in, notin and existence', async () => {
    const names = async (sel: string) => (await c.k(['get', 'pods', '-l', sel, '-o', 'name'])).trim().split('\n').filter(Boolean).sort();
    assert.deepEqual(await names('app=web'), ['pod/web-1', 'pod/web-2']);
    assert.deepEqual(await names('app!=web'), ['pod/batch-1', 'pod/db-1']);
    assert.deepEqual(await names('tier in (front)'), ['pod/web-1']);
    assert.deepEqual(await names('app notin (web,db)'), ['pod/batch-1']);
    assert.deepEqual(await names('tier'), ['pod/web-1', 'pod/web-2']);
    assert.deepEqual(await names('!tier,app=db'), ['pod/db-1']);
  });

  it('field selectors filter on spec.nodeName and metadata.name; an unknown field is a 400', async () => {
    const out = await c.k(['get', 'pods', '--field-selector', 'spec.nodeName=n1', '-o', 'name']);
    assert.deepEqual(out.trim().split('\n').sort(), ['pod/db-1', 'pod/web-1']);
    const out2 = await c.k(['get', 'pods', '--field-selector', 'spec.nodeName=n1,metadata.name!=db-1', '-o', 'name']);
    assert.deepEqual(out2.trim().split('\n'), ['pod/web-1']);
    const r = await c.kubectl(['get', 'pods', '--field-selector', 'spec.bogus=x']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /field label not supported: spec\.bogus/);
  });

  it('--chunk-size pages through continue tokens and still lists every pod', async () => {
    const out = await c.k(['get', 'pods', '--chunk-size=2', '-o', 'name']);
    assert.deepEqual(out.trim().split('\n').sort(), ['pod/batch-1', 'pod/db-1', 'pod/web-1', 'pod/web-2']);
    const verbose = await c.kubectl(['get', 'pods', '--chunk-size=2', '-v=6']);
    assert.equal(verbose.code, 0);
    assert.ok((verbose.stderr.match(/continue=/g) ?? []).length >= 1, 'kubectl followed a continue token');
  });
});
