/** P0 row 17 and P2 row 34: certificate and token authentication, RBAC, can-i, whoami and create token. */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issueClientCert, renderKubeconfig } from '../../src/pki/index.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';

describe('authentication and authorization through kubectl', () => {
  let c: TestCluster;
  let alice: string;
  let caPem: string;
  /** A kubeconfig that authenticates with only this bearer token. */
  const tokenConfig = async (token: string) => {
    const file = path.join(c.dataDir, `token-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, renderKubeconfig({ clusterName: 'kite', server: c.url, caPem, userName: 'bearer', token }));
    return file;
  };
  before(async () => {
    c = await startCluster();
    const tls = path.join(c.dataDir, 'tls');
    const [caCert, caKey] = await Promise.all([readFile(path.join(tls, 'ca.crt'), 'utf8'), readFile(path.join(tls, 'ca.key'), 'utf8')]);
    caPem = caCert;
    const cert = await issueClientCert({ caCert, caKey }, { commonName: 'alice', organizations: ['dev'] });
    alice = path.join(c.dataDir, 'alice.yaml');
    await writeFile(alice, renderKubeconfig({ clusterName: 'kite', server: c.url, caPem: caCert, userName: 'alice', certPem: cert.cert, keyPem: cert.key }));
  });
  after(async () => { await c.stop(); });

  it('a bad bearer token is refused as Unauthorized', async () => {
    const r = await c.kubectl(['--kubeconfig', await tokenConfig('not-a-real-token'), 'get', 'pods']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /error: You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)/);
  });

  it('the admin is kite-admin in system:masters and may do anything', async () => {
    const out = await c.k(['auth', 'whoami']);
    assert.match(out, /Username\s+kite-admin/);
    assert.match(out, /Groups\s+\[system:masters system:authenticated\]/);
    assert.equal((await c.k(['auth', 'can-i', 'delete', 'nodes'])).trim(), 'yes');
  });

  it('a certificate with CN=alice, O=dev is user alice in group dev, limited by RBAC', async () => {
    const who = await c.k(['--kubeconfig', alice, 'auth', 'whoami']);
    assert.match(who, /Username\s+alice/);
    assert.match(who, /Groups\s+\[dev system:authenticated\]/);
    const denied = await c.kubectl(['--kubeconfig', alice, 'get', 'pods']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Error from server \(Forbidden\): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"/);
    assert.equal((await c.kubectl(['--kubeconfig', alice, 'auth', 'can-i', 'list', 'pods'])).stdout.trim(), 'no');
    await c.k(['create', 'rolebinding', 'dev-view', '--clusterrole=view', '--group=dev']);
    assert.equal((await c.k(['--kubeconfig', alice, 'auth', 'can-i', 'list', 'pods'])).trim(), 'yes');
    assert.equal((await c.kubectl(['--kubeconfig', alice, 'auth', 'can-i', 'list', 'pods', '-n', 'kube-system'])).stdout.trim(), 'no');
    const r = await c.kubectl(['--kubeconfig', alice, 'get', 'pods']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('create token issues a service-account token the server then accepts', async () => {
    await c.k(['create', 'serviceaccount', 'robot']);
    const token = (await c.k(['create', 'token', 'robot', '--duration=15m'])).trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const robot = await tokenConfig(token);
    const who = await c.k(['--kubeconfig', robot, 'auth', 'whoami']);
    assert.match(who, /Username\s+system:serviceaccount:default:robot/);
    assert.match(who, /system:serviceaccounts:default/);
    await c.k(['delete', 'serviceaccount', 'robot']);
    const r = await c.kubectl(['--kubeconfig', robot, 'auth', 'whoami']);
    assert.match(r.stderr, /Unauthorized/);
  });
});
