import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../src/client/index.js';
import { renderKubeconfig } from '../../../src/pki/index.js';

describe('loadKubeconfig', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(path.join(tmpdir(), 'kite-kc-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads server, CA and client certificate of the kubeconfig Kite writes (base64 *-data fields)', async () => {
    const file = path.join(dir, 'admin.yaml');
    await writeFile(file, renderKubeconfig({ clusterName: 'kite', server: 'https://127.0.0.1:6443', caPem: 'CA PEM', userName: 'admin', certPem: 'CERT PEM', keyPem: 'KEY PEM' }));
    assert.deepEqual(loadKubeconfig(file), { server: 'https://127.0.0.1:6443', ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' });
  });

  it('follows current-context, reads file paths relative to the kubeconfig and bearer tokens', async () => {
    await writeFile(path.join(dir, 'ca.crt'), 'CA FROM FILE');
    const file = path.join(dir, 'multi.yaml');
    await writeFile(file, `apiVersion: v1
kind: Config
current-context: two
clusters:
- {name: c1, cluster: {server: "https://one:6443", certificate-authority-data: ${Buffer.from('CA1').toString('base64')}}}
- {name: c2, cluster: {server: "https://two:6443", certificate-authority: ca.crt}}
users:
- {name: u2, user: {token: abc}}
contexts:
- {name: one, context: {cluster: c1, user: u2}}
- {name: two, context: {cluster: c2, user: u2}}
`);
    assert.deepEqual(loadKubeconfig(file), { server: 'https://two:6443', ca: 'CA FROM FILE', token: 'abc' });
  });

  it('refuses a cluster without a CA, since the CA is pinned', async () => {
    const file = path.join(dir, 'noca.yaml');
    await writeFile(file, 'clusters: [{name: c, cluster: {server: "https://x"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');
    assert.throws(() => loadKubeconfig(file), /certificate-authority/);
  });
});
