/** P0 rows 3, 4, 18; P1 rows 27, 28; P2 row 32: client- and server-side apply, validation, dry-run and diff. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { deployment } from './helpers/manifests.js';

interface Container { name: string; image: string; env?: Array<{ name: string; value: string }>; ports?: Array<{ containerPort: number }> }

describe('kubectl apply against kite server', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.stop(); });

  const containers = async (name: string): Promise<Container[]> =>
    (JSON.parse(await c.k(['get', 'deploy', name, '-o', 'json'])) as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers;

  it('apply creates, then a changed image is configured keeping env, ports and the sibling container', async () => {
    assert.match(await c.k(['apply', '-f', '-'], { input: deployment('web') }), /deployment.apps\/web created/);
    assert.match(await c.k(['apply', '-f', '-'], { input: deployment('web', { image: 'nginx:1.27' }) }), /deployment.apps\/web configured/);
    const cs = await containers('web');
    assert.deepEqual(cs.map((x) => [x.name, x.image]), [['nginx', 'nginx:1.27'], ['side', 'busybox:1.36']]);
    assert.deepEqual(cs[0]!.env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    assert.deepEqual(cs[0]!.ports?.map((p) => p.containerPort), [80]);
    const d = JSON.parse(await c.k(['get', 'deploy', 'web', '-o', 'json'])) as { metadata: { generation: number; annotations: Record<string, string> } };
    assert.equal(d.metadata.generation, 2);
    assert.ok(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']?.includes('nginx:1.27'));
  });

  it('apply of a manifest without an entry deletes it from the live list', async () => {
    const oneContainer = deployment('web').replace(/      - name: side\n        image: busybox:1.36\n/, '');
    await c.k(['apply', '-f', '-'], { input: oneContainer });
    assert.deepEqual((await containers('web')).map((x) => x.name), ['nginx']);
  });

  it('an invalid replica count is rejected with the field named (422)', async () => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: deployment('bad', { replicas: -1 }) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0/);
    assert.equal((await c.kubectl(['get', 'deploy', 'bad'])).code, 1);
  });

  it('an unknown field is a strict decoding error naming the field', async () => {
    const withFoo = deployment('foo').replace('  replicas: 2\n', '  replicas: 2\n  foo: bar\n');
    const r = await c.kubectl(['apply', '-f', '-'], { input: withFoo });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /strict decoding error: unknown field "spec.foo"/);
  });

  it('apply --dry-run=server persists nothing, and diff shows the pending change', async () => {
    assert.match(await c.k(['apply', '--dry-run=server', '-f', '-'], { input: deployment('dry') }), /deployment.apps\/dry created \(server dry run\)/);
    assert.equal((await c.kubectl(['get', 'deploy', 'dry'])).code, 1);
    const r = await c.kubectl(['diff', '-f', '-'], { input: deployment('web', { image: 'nginx:1.28' }) });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^-\s+image: nginx:1\.25$/m);
    assert.match(r.stdout, /^\+\s+image: nginx:1\.28$/m);
    assert.equal((await containers('web'))[0]!.image, 'nginx:1.25', 'diff changed nothing');
  });

  it('server-side apply creates with an Apply managedFields entry, then conflicts and forces', async () => {
    assert.match(await c.k(['apply', '--server-side', '-f', '-'], { input: deployment('ssa', { replicas: 1 }) }), /deployment.apps\/ssa serverside-applied/);
    const d = JSON.parse(await c.k(['get', 'deploy', 'ssa', '-o', 'json', '--show-managed-fields'])) as { metadata: { managedFields: Array<{ manager: string; operation: string }> } };
    assert.ok(d.metadata.managedFields.some((m) => m.manager === 'kubectl' && m.operation === 'Apply'));
    await c.k(['scale', 'deploy', 'ssa', '--replicas=3']);
    const r = await c.kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: deployment('ssa', { replicas: 5 }) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /conflict/i);
    assert.match(r.stderr, /\.spec\.replicas/);
    await c.k(['apply', '--server-side', '--force-conflicts', '--field-manager=other', '-f', '-'], { input: deployment('ssa', { replicas: 5 }) });
    assert.equal((await c.k(['get', 'deploy', 'ssa', '-o', 'jsonpath={.spec.replicas}'])).trim(), '5');
  });
});
