/**
 * `kite agent --server URL --token T` joins a running `kite server` (root: containerd, CNI): the
 * agent verifies the cluster CA through the signed cluster-info, gets its client and kubelet-serving
 * certificates through auto-approved CSRs, registers node jb with its own pod range, runs a pod that
 * `kubectl logs/exec` reach through jb's kubelet API, and reuses its certificates after a restart.
 * Bad, expired and deleted tokens are refused. Both agents share this host (the second runs without
 * Service proxy and DNS: one of each per host) and are cleaned up by PID and data dir.
 */
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanupAgentHost } from './helpers/agent-host.js';
import { freePort, KITE_BIN, startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { until } from './helpers/wait.js';
import { caCertHash, createCertificateRequest, parseBootstrapToken } from '../../src/pki/index.js';
import { discoverClusterCa } from '../../src/join/index.js';

const IMAGE = 'docker.io/library/busybox:1.35';
const rnd = (n: number) => Math.floor(Math.random() * n);

interface Agent { child: ChildProcess; log: () => string; exited: Promise<number | null> }

function startAgent(args: string[]): Agent {
  const child = spawn(process.execPath, [KITE_BIN, 'agent', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, log: () => log, exited };
}

async function stopAgent(a: Agent | undefined): Promise<void> {
  if (!a || a.child.exitCode !== null || a.child.signalCode !== null) return;
  a.child.kill('SIGTERM');
  const t = setTimeout(() => a.child.kill('SIGKILL'), 60_000);
  await a.exited;
  clearTimeout(t);
}

const kite = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
  execFile(process.execPath, [KITE_BIN, ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
    resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
});

/** A request to the API server with a bearer token (the CA is the cluster's). */
const withToken = (url: string, ca: string, token: string, p: string) => new Promise<number>((resolve, reject) => {
  https.get(new URL(p, url), { ca, headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
});
const anonymous = (url: string, ca: string, p: string) => new Promise<number>((resolve, reject) => {
  https.get(new URL(p, url), { ca, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
});

describe('kite agent joins a cluster with a bootstrap token', () => {
  let c: TestCluster;
  let ca: string;
  let dir2: string;
  let token: string;
  let agent: Agent | undefined;
  let agentArgs: string[];
  const csrRows = async () => (await c.k(['get', 'csr', '--no-headers'])).trim().split('\n').filter(Boolean).map((l) => l.split(/\s+/));

  before(async () => {
    const cidr = `10.${100 + rnd(100)}.${2 * rnd(128)}.0/23`;
    c = await startCluster(['--node-name', 'ja', '--cluster-cidr', cidr, '--cpus', '1', '--memory-mb', '512'], {
      agent: true, prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    ca = await readFile(path.join(c.dataDir, 'tls', 'ca.crt'), 'utf8');
    await until('node ja to register', async () => (await c.kubectl(['get', 'node', 'ja'])).code === 0);
    dir2 = await mkdtemp('/tmp/kite-b-');
    await buildBusyboxImage(path.join(dir2, 'images'), { ref: IMAGE });
    const created = await kite(['token', 'create', '--kubeconfig', c.kubeconfig, '--description', 'e2e join']);
    assert.equal(created.code, 0, created.stderr);
    token = created.stdout.trim();
    agentArgs = [
      '--server', c.url, '--data-dir', dir2, '--node-name', 'jb', '--kubelet-port', String(await freePort()),
      '--cni-bridge', `kt${rnd(36 ** 6).toString(36)}`, '--disable', 'service-proxy', '--disable', 'dns', '--cpus', '1', '--memory-mb', '512',
      '--log-level', 'info',
    ];
    agent = startAgent([...agentArgs, '--token', token]);
  });

  after(async () => {
    if (c) await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await stopAgent(agent);
    if (dir2) await cleanupAgentHost(dir2, 'jb');
    if (c) await c.stop();
  });

  it('prints a token in the bootstrap format and lists it', async () => {
    assert.match(token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    const list = await kite(['token', 'list', '--kubeconfig', c.kubeconfig]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ID\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION/);
    assert.match(list.stdout, new RegExp(`${token.split('.')[0]}\\s+(23h|24h)\\s+\\S+\\s+authentication,signing\\s+e2e join`));
    const json = JSON.parse((await kite(['token', 'list', '--kubeconfig', c.kubeconfig, '-o', 'json'])).stdout) as Array<{ id: string }>;
    assert.ok(json.some((t) => t.id === token.split('.')[0]));
  });

  it('cluster-info is readable without credentials; other objects are not', async () => {
    assert.equal(await anonymous(c.url, ca, '/api/v1/namespaces/kube-public/configmaps/cluster-info'), 200);
    assert.equal(await anonymous(c.url, ca, '/api/v1/namespaces/kube-system/configmaps/kite-cluster-network'), 401);
    assert.equal(await anonymous(c.url, ca, '/api/v1/namespaces'), 401);
  });

  it('node jb becomes Ready with its own pod range', async () => {
    await until('node jb to register', async () => (await c.kubectl(['get', 'node', 'jb'])).code === 0, 90_000);
    await c.k(['wait', '--for=condition=Ready', 'node/jb', 'node/ja', '--timeout=90s']);
    const cidrOf = async (n: string) => (await c.k(['get', 'node', n, '-o', 'jsonpath={.spec.podCIDR}'])).trim();
    const [a, b] = [await cidrOf('ja'), await cidrOf('jb')];
    assert.match(b, /^10\.\d+\.\d+\.0\/24$/);
    assert.notEqual(a, b);
    assert.doesNotMatch(await c.k(['get', 'node', 'jb', '--show-labels']), /node-role.kubernetes.io\/control-plane/);
  });

  it('kubectl get csr shows jb\'s client and serving CSRs Approved,Issued, and its keys are 0600 on disk', async () => {
    await until('two issued CSRs', async () => (await csrRows()).filter((r) => r[5] === 'Approved,Issued').length === 2, 60_000);
    const rows = await csrRows();
    const id = token.split('.')[0];
    assert.deepEqual(rows.map((r) => [r[2], r[3], r[5]]).sort(), [
      ['kubernetes.io/kube-apiserver-client-kubelet', `system:bootstrap:${id}`, 'Approved,Issued'],
      ['kubernetes.io/kubelet-serving', 'system:node:jb', 'Approved,Issued'],
    ]);
    for (const f of ['kubelet-client.key', 'kubelet-serving.key', 'kubelet-client.crt']) {
      // The serving certificate is written once the agent has read it from the CSR.
      await until(`${f} on disk`, () => stat(path.join(dir2, 'agent', 'pki', f)).then(() => true, () => false), 30_000);
      assert.equal((await stat(path.join(dir2, 'agent', 'pki', f))).mode & 0o777, 0o600, f);
    }
  });

  it('a pod pinned to jb runs, and kubectl logs and exec reach it through jb\'s kubelet API', async () => {
    await c.k(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: on-jb}
spec:
  nodeSelector: {kubernetes.io/hostname: jb}
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${IMAGE}, command: [sh, -c, "echo hello from jb; exec sleep 3600"]}
`,
    });
    await c.k(['wait', '--for=condition=Ready', 'pod/on-jb', '--timeout=90s']);
    assert.equal((await c.k(['get', 'pod', 'on-jb', '-o', 'jsonpath={.spec.nodeName}'])).trim(), 'jb');
    await until('the pod\'s log', async () => (await c.kubectl(['logs', 'on-jb'])).stdout.includes('hello from jb'));
    const r = await c.kubectl(['exec', 'on-jb', '--', 'sh', '-c', 'echo exec-ok-$((6*7))']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'exec-ok-42');
  });

  it('a restarted agent reuses its certificates: no token needed, no new CSR, exec works again', async () => {
    await stopAgent(agent);
    const before = (await csrRows()).length;
    agent = startAgent(agentArgs);
    await until('the agent to run again', async () => agent!.log().includes('kite agent running'), 60_000);
    assert.match(agent.log(), /using the node credentials from an earlier join/);
    await until('exec through the restarted kubelet API', async () => (await c.kubectl(['exec', 'on-jb', '--', 'echo', 'again'])).stdout.trim() === 'again', 60_000);
    assert.equal((await csrRows()).length, before);
  });

  it('kubectl certificate approve and deny work on other signers\' requests (left Pending by the approver)', async () => {
    for (const name of ['manual-a', 'manual-d']) {
      const { csr } = await createCertificateRequest({ commonName: 'alice' });
      await c.k(['apply', '-f', '-'], { input: JSON.stringify({
        apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name },
        spec: { request: Buffer.from(csr).toString('base64'), signerName: 'example.com/manual', usages: ['client auth'] },
      }) });
    }
    await sleep(1000);
    assert.match(await c.k(['get', 'csr', 'manual-a']), /manual-a\s+\S+\s+example.com\/manual\s+kite-admin\s+<none>\s+Pending/);
    await c.k(['certificate', 'approve', 'manual-a']);
    await c.k(['certificate', 'deny', 'manual-d']);
    assert.match(await c.k(['get', 'csr', 'manual-a']), /Approved\s*$/m);
    assert.match(await c.k(['get', 'csr', 'manual-d']), /Denied\s*$/m);
    await c.k(['delete', 'csr', 'manual-a', 'manual-d']);
  });

  it('a wrong token exits 2 with the refusal message', async () => {
    const dir = await mkdtemp('/tmp/kite-c-');
    try {
      const r = await kite(['agent', '--server', c.url, '--token', 'zzzzzz.0123456789abcdef', '--data-dir', dir, '--node-name', 'jc']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /kite agent: the server refused the join token \(401\): check --token; create one with `kite token create` on a control-plane machine/);
    } finally { await rm(dir, { recursive: true, force: true }); }
  });

  it('the CA is trusted only with the token\'s signature and a matching --ca-cert-hash; an unreachable server exits 1', async () => {
    const t = parseBootstrapToken(token)!;
    assert.equal(await discoverClusterCa({ server: c.url, token: t, caCertHash: caCertHash(ca) }), ca);
    const dir = await mkdtemp('/tmp/kite-c-');
    try {
      const pinned = await kite(['agent', '--server', c.url, '--token', token, '--ca-cert-hash', `sha256:${'0'.repeat(64)}`, '--data-dir', dir, '--node-name', 'jc']);
      assert.equal(pinned.code, 2);
      assert.match(pinned.stderr, new RegExp(`the cluster CA's public key hash ${caCertHash(ca)} does not match --ca-cert-hash sha256:0{64}`));
      const wrongSecret = await kite(['agent', '--server', c.url, '--token', `${t.id}.0000000000000000`, '--data-dir', dir, '--node-name', 'jc']);
      assert.equal(wrongSecret.code, 2);
      assert.match(wrongSecret.stderr, /not signed with this token's secret \(JWS mismatch\)/);
      const down = `https://127.0.0.1:${await freePort()}`;
      const unreachable = await kite(['agent', '--server', down, '--token', token, '--data-dir', dir, '--node-name', 'jc']);
      assert.equal(unreachable.code, 1);
      assert.match(unreachable.stderr, new RegExp(`cannot reach the server at ${down}`));
    } finally { await rm(dir, { recursive: true, force: true }); }
  });

  it('an expired token is refused by the API and by kite agent', async () => {
    const t = (await kite(['token', 'create', '--kubeconfig', c.kubeconfig, '--ttl', '2s'])).stdout.trim();
    assert.equal(await withToken(c.url, ca, t, '/apis/certificates.k8s.io/v1/certificatesigningrequests'), 200);
    await sleep(2500);
    assert.equal(await withToken(c.url, ca, t, '/apis/certificates.k8s.io/v1/certificatesigningrequests'), 401);
    const dir = await mkdtemp('/tmp/kite-c-');
    try {
      const r = await kite(['agent', '--server', c.url, '--token', t, '--data-dir', dir, '--node-name', 'jc']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /refused the join token/);
    } finally { await rm(dir, { recursive: true, force: true }); }
    await until('the token cleaner to delete the expired Secret', async () =>
      (await c.kubectl(['get', 'secret', '-n', 'kube-system', `bootstrap-token-${t.split('.')[0]}`])).code !== 0, 10_000);
  });

  it('kite token delete: the token stops authenticating', async () => {
    const t = (await kite(['token', 'create', '--kubeconfig', c.kubeconfig, '--ttl', '10m'])).stdout.trim();
    assert.equal(await withToken(c.url, ca, t, '/apis/certificates.k8s.io/v1/certificatesigningrequests'), 200);
    assert.equal(await withToken(c.url, ca, t, '/api/v1/namespaces/kube-system/secrets'), 403, 'a bootstrapper may only ask for certificates');
    const d = await kite(['token', 'delete', t.split('.')[0]!, '--kubeconfig', c.kubeconfig]);
    assert.equal(d.code, 0, d.stderr);
    await until('the deleted token to be refused', async () => (await withToken(c.url, ca, t, '/apis/certificates.k8s.io/v1/certificatesigningrequests')) === 401, 5000);
    const again = await kite(['token', 'delete', t.split('.')[0]!, '--kubeconfig', c.kubeconfig]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /not found/);
  });
});
