/** P0 rows 10, 13; P1 row 26: label, annotate, the three patch types, scale, set image and rollout commands. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { deployment } from './helpers/manifests.js';

describe('kubectl patching commands against kite server', () => {
  let c: TestCluster;
  const json = async (...args: string[]) => JSON.parse(await c.k(['get', ...args, '-o', 'json'])) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  before(async () => {
    c = await startCluster();
    await c.k(['apply', '-f', '-'], { input: deployment('web') });
    await c.k(['create', 'configmap', 'cfg', '--from-literal=a=1']);
  });
  after(async () => { await c.stop(); });

  it('label and annotate add, overwrite and remove keys', async () => {
    await c.k(['label', 'cm', 'cfg', 'env=dev', 'team=a']);
    await c.k(['label', 'cm', 'cfg', 'env=prod', '--overwrite']);
    await c.k(['label', 'cm', 'cfg', 'team-']);
    await c.k(['annotate', 'cm', 'cfg', 'note=hello']);
    const cm = await json('cm', 'cfg');
    assert.deepEqual(cm.metadata.labels, { env: 'prod' });
    assert.equal(cm.metadata.annotations.note, 'hello');
    const r = await c.kubectl(['label', 'cm', 'cfg', 'env=again']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /already has a value \(prod\)/);
  });

  it('patch --type=merge, --type=json and the default strategic patch', async () => {
    await c.k(['patch', 'cm', 'cfg', '--type=merge', '-p', '{"data":{"b":"2","a":null}}']);
    assert.deepEqual((await json('cm', 'cfg')).data, { b: '2' });
    await c.k(['patch', 'cm', 'cfg', '--type=json', '-p', '[{"op":"add","path":"/data/c","value":"3"},{"op":"replace","path":"/data/b","value":"20"}]']);
    assert.deepEqual((await json('cm', 'cfg')).data, { b: '20', c: '3' });
    const bad = await c.kubectl(['patch', 'cm', 'cfg', '--type=json', '-p', '[{"op":"test","path":"/data/b","value":"nope"}]']);
    assert.notEqual(bad.code, 0);
    await c.k(['patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}']);
    const d = await json('deploy', 'web');
    assert.deepEqual(d.spec.template.spec.containers.map((x: { name: string; image: string }) => `${x.name}=${x.image}`), ['nginx=nginx:1.26', 'side=busybox:1.36']);
    assert.equal(d.spec.template.spec.containers[0].env.length, 2);
  });

  it('set image, rollout restart/pause/resume change the template and bump generation', async () => {
    const g0 = (await json('deploy', 'web')).metadata.generation as number;
    assert.match(await c.k(['set', 'image', 'deploy/web', 'nginx=nginx:1.27']), /image updated/);
    let d = await json('deploy', 'web');
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.27');
    assert.equal(d.metadata.generation, g0 + 1);
    await c.k(['rollout', 'restart', 'deploy/web']);
    d = await json('deploy', 'web');
    assert.match(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT/);
    await c.k(['rollout', 'pause', 'deploy/web']);
    assert.equal((await json('deploy', 'web')).spec.paused, true);
    await c.k(['rollout', 'resume', 'deploy/web']);
    assert.equal((await json('deploy', 'web')).spec.paused, undefined);
    assert.equal((await json('deploy', 'web')).metadata.generation, g0 + 4);
  });

  it('scale goes through /scale with merge patch, and --current-replicas guards with a precondition', async () => {
    assert.match(await c.k(['scale', 'deploy', 'web', '--replicas=5']), /deployment.apps\/web scaled/);
    assert.equal((await json('deploy', 'web')).spec.replicas, 5);
    await c.k(['scale', 'deploy', 'web', '--current-replicas=5', '--replicas=4']);
    assert.equal((await json('deploy', 'web')).spec.replicas, 4);
    const r = await c.kubectl(['scale', 'deploy', 'web', '--current-replicas=9', '--replicas=1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Expected replicas to be 9, was 4/);
    assert.equal((await json('deploy', 'web')).spec.replicas, 4);
    const scale = JSON.parse(await c.k(['get', '--raw', '/apis/apps/v1/namespaces/default/deployments/web/scale'])) as { kind: string; spec: { replicas: number }; status: { selector: string } };
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.spec.replicas, 4);
    assert.equal(scale.status.selector, 'app=web');
  });
});
