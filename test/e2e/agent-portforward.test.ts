/**
 * Issue 4, `kubectl port-forward` to real containers: kubectl 1.32 (SPDY/3.1 tunnelled in WebSocket)
 * → API server (ends SPDY, pairs each connection's data+error streams) → node agent's kubelet API
 * (WebSocket v4, mutual TLS) → CRI PortForward → containerd enters the pod's netns → busybox httpd.
 * Also kubectl's SPDY-upgrade fallback and kubectl 1.28 (SPDY only), client-node's v4 WebSocket
 * form and a port with nothing listening. Needs root and containerd, like agent-pods. The pod has its
 * own network namespace and its server listens on the pod's loopback only, port 80: only a forward
 * that really enters the pod's netns can reach it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { WebSocket } from 'ws';
import { freePort, kubectlPath, startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { until } from './helpers/wait.js';

const IMAGE = 'docker.io/library/busybox:1.35';

function httpGet(port: number, file = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: file, agent: false, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('HTTP request timed out')));
    req.on('error', reject);
  });
}

/** Connects, sends nothing, and resolves with what arrived once the far side closed. */
function connectAndWaitClose(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    s.setTimeout(20_000, () => s.destroy(new Error('the connection stayed open')));
    s.on('data', (d) => { got += d.toString(); });
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}

describe('kubectl port-forward to a real pod', () => {
  let c: TestCluster;
  let webPort: number;
  let closedPort: number;

  before(async () => {
    webPort = 80;
    closedPort = await freePort();
    c = await startCluster(['--node-name', 'pf-1'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until('node pf-1 to register', async () => (await c.kubectl(['get', 'node', 'pf-1'])).code === 0);
    await c.k(['wait', '--for=condition=Ready', 'node/pf-1', '--timeout=60s']);
    // A 300 kB file too, so a reply spans many SPDY frames and WebSocket messages.
    await c.k(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo hello-from-pod > /www/index.html && yes 0123456789abcdef | head -c 300000 > /www/big && exec httpd -f -p 127.0.0.1:${webPort} -h /www"]
    readinessProbe: {exec: {command: [wget, -qO-, 'http://127.0.0.1:${webPort}/']}, periodSeconds: 1}
`,
    });
    await c.k(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
    const ips = (await c.k(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP} {.status.hostIP}'])).split(' ');
    assert.notEqual(ips[0], ips[1], 'the pod has its own address, not the host network');
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  /** The HTTP status of a v4 WebSocket upgrade to `path` (101 when it succeeds). */
  async function upgradeStatus(path: string): Promise<number> {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${c.url.replace(/^https/, 'wss')}${path}`, ['v4.channel.k8s.io'], { ca: opts.ca, cert: opts.cert, key: opts.key });
      ws.once('open', () => { ws.close(); resolve(101); });
      ws.once('unexpected-response', (_req, res) => { res.resume(); resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.once('error', reject);
    });
  }

  /** Starts `kubectl port-forward pod/web 0:<port>` and returns the local port it chose. */
  async function portForward(remote: number, extra: string[] = [], minor?: string) {
    const pf = minor ? spawnOld(minor, ['port-forward', ...extra, 'pod/web', `0:${remote}`]) : c.spawnKubectl(['port-forward', ...extra, 'pod/web', `0:${remote}`]);
    const out = await pf.waitFor(/Forwarding from 127\.0\.0\.1:(\d+)/, 20_000);
    const local = Number(/Forwarding from 127\.0\.0\.1:(\d+)/.exec(out)![1]);
    return { ...pf, local };
  }

  /** Like `c.spawnKubectl`, with another kubectl minor. */
  function spawnOld(minor: string, args: string[]) {
    const child = spawn(kubectlPath(minor), ['--kubeconfig', c.kubeconfig, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const waitFor = async (re: RegExp, ms = 15_000) => { await until(`${re} in kubectl output`, async () => re.test(out), ms, 25); return out; };
    return { child, output: () => out, waitFor };
  }

  it('forwards HTTP requests to the pod, one after another and concurrently', async (t) => {
    const pf = await portForward(webPort);
    t.after(() => { pf.child.kill(); });
    assert.equal(await httpGet(pf.local), 'hello-from-pod\n');
    assert.equal(await httpGet(pf.local), 'hello-from-pod\n');
    const bodies = await Promise.all([...Array(6).keys()].map((i) => httpGet(pf.local, i % 2 ? '/big' : '/')));
    for (const [i, b] of bodies.entries()) {
      if (i % 2) assert.equal(b.length, 300_000); else assert.equal(b, 'hello-from-pod\n');
    }
    assert.equal(pf.child.exitCode, null, 'kubectl keeps running');
  });

  it('a port with nothing listening closes the local connection and kubectl reports the error', async (t) => {
    const pf = await portForward(closedPort);
    t.after(() => { pf.child.kill(); });
    assert.equal(await connectAndWaitClose(pf.local), '', 'closed without a byte');
    const out = await pf.waitFor(/an error occurred forwarding \d+ -> \d+: .*connection refused/);
    assert.match(out, new RegExp(`error forwarding port ${closedPort} to pod`));
    // client-go ≥ 1.23 then drops the whole session on an error-stream message, exactly as against a
    // real kubelet: kubectl says so and exits 1. The server is unharmed: a new port-forward works.
    await pf.waitFor(/lost connection to pod/);
    await until('kubectl to exit', async () => pf.child.exitCode !== null, 10_000);
    assert.equal(pf.child.exitCode, 1);
    const again = await portForward(webPort);
    t.after(() => { again.child.kill(); });
    assert.equal(await httpGet(again.local), 'hello-from-pod\n');
  });

  it('client-node\'s PortForward (WebSocket v4.channel.k8s.io) reaches the pod', async (t) => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    const forward = new k8s.PortForward(kc);
    const sockets: net.Socket[] = [];
    const server = net.createServer((sock) => {
      sockets.push(sock);
      const input = new PassThrough();
      sock.pipe(input);
      void forward.portForward('default', 'web', [webPort], sock, null, input).then((ws) => {
        sock.on('close', () => (ws as { close(): void }).close());
      }, (e: unknown) => sock.destroy(e as Error));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    t.after(() => { for (const s of sockets) s.destroy(); server.close(); });
    const port = (server.address() as net.AddressInfo).port;
    assert.equal(await httpGet(port), 'hello-from-pod\n');
    assert.equal((await httpGet(port, '/big')).length, 300_000);
  });

  it('a missing pod is a 404 and a bad v4 port a 400', async () => {
    const bad = await c.kubectl(['port-forward', 'pod/nope', '0:80'], { timeoutMs: 20_000 });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /pods "nope" not found/);
    assert.equal(await upgradeStatus('/api/v1/namespaces/default/pods/web/portforward?ports=0'), 400);
    assert.equal(await upgradeStatus('/api/v1/namespaces/default/pods/web/portforward?ports=http'), 400);
    assert.equal(await upgradeStatus('/api/v1/namespaces/default/pods/nope/portforward?ports=80'), 404);
  });

  it('kubectl 1.28 (SPDY upgrade only) forwards too', async (t) => {
    const pf = await portForward(webPort, [], '28');
    t.after(() => { pf.child.kill(); });
    assert.equal(await httpGet(pf.local), 'hello-from-pod\n');
    assert.equal((await httpGet(pf.local, '/big')).length, 300_000);
  });

  it('kubectl\'s SPDY upgrade (WebSockets turned off) forwards too', async (t) => {
    process.env.KUBECTL_PORT_FORWARD_WEBSOCKETS = 'false';
    let pf: Awaited<ReturnType<typeof portForward>>;
    try {
      pf = await portForward(webPort, ['-v=6']);
    } finally {
      delete process.env.KUBECTL_PORT_FORWARD_WEBSOCKETS;
    }
    t.after(() => { pf.child.kill(); });
    assert.equal(await httpGet(pf.local), 'hello-from-pod\n');
    assert.equal((await httpGet(pf.local, '/big')).length, 300_000);
    assert.match(pf.output(), /POST https:\/\/[^ ]+\/portforward 101/, 'the SPDY upgrade was used');
  });
});
