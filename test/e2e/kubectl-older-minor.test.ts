/** The same core workflow through an older kubectl (1.29: JSON bodies, v2beta1 discovery), as issue 2 requires. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectlPath, startCluster, type TestCluster } from './helpers/cluster.js';
import { deployment } from './helpers/manifests.js';

const MINOR = '29';

describe(`kubectl 1.${MINOR} against kite server`, () => {
  let c: TestCluster;
  const k = (args: string[], input?: string) => c.k(args, { minor: MINOR, input });
  before(async () => { c = await startCluster(); });
  after(async () => { await c.stop(); });

  it('uses the 1.29 client binary', async () => {
    assert.match(kubectlPath(MINOR), /kubectl\.1\.29$/);
    assert.match(await k(['version']), /Client Version: v1\.29\.\d+[\s\S]*Server Version: v1\.32/);
  });

  it('apply, configure, scale, label, get and delete a Deployment', async () => {
    assert.match(await k(['apply', '-f', '-'], deployment('old')), /deployment.apps\/old created/);
    assert.match(await k(['apply', '-f', '-'], deployment('old', { image: 'nginx:1.27' })), /deployment.apps\/old configured/);
    assert.match(await k(['scale', 'deploy', 'old', '--replicas=4']), /scaled/);
    await k(['label', 'deploy', 'old', 'tier=web']);
    const d = JSON.parse(await k(['get', 'deploy', 'old', '-o', 'json'])) as { spec: { replicas: number; template: { spec: { containers: Array<{ image: string }> } } }; metadata: { labels: Record<string, string> } };
    assert.equal(d.spec.replicas, 4);
    assert.equal(d.spec.template.spec.containers[0]!.image, 'nginx:1.27');
    assert.equal(d.metadata.labels.tier, 'web');
    // No nodes here, so nothing becomes ready; the controller's counts may already be moving.
    assert.match(await k(['get', 'deploy']), /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nold\s+0\/4\s+\d+\s+0\s+\d+s/);
    assert.match(await k(['create', 'configmap', 'cm1', '--from-literal=x=y']), /configmap\/cm1 created/);
    assert.match(await k(['delete', 'deploy', 'old']), /deployment.apps "old" deleted/);
    assert.equal((await c.kubectl(['get', 'deploy', 'old'], { minor: MINOR })).code, 1);
  });

  it('explain works from the OpenAPI v3 documents', async () => {
    assert.match(await k(['explain', 'configmap.data']), /FIELD:\s+data <map\[string\]string>/);
  });
});
