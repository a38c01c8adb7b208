/**
 * Issue 4, `kubectl exec` for real containers: kubectl (WebSocket v5.channel.k8s.io) → API server →
 * node agent's kubelet API (WebSocket over mutual TLS) → CRI Exec → containerd's streaming server
 * (v4.channel.k8s.io). Checks: output, a non-zero exit code passed through, stdin piped to `cat`
 * and echoed back, `-c` choosing the container (and the API's error without it). SPDY clients and
 * TTYs are covered in agent-exec-tty. Needs root and containerd, like agent-pods.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { until } from './helpers/wait.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';

const IMAGE = 'docker.io/library/busybox:1.35';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${IMAGE}, command: [sh, -c, "echo main > /tmp/who; exec sleep 3600"]}
  - {name: second, image: ${IMAGE}, command: [sh, -c, "echo second > /tmp/who; exec sleep 3600"]}
`;

interface PodJson { status?: { containerStatuses?: Array<{ state?: Record<string, unknown> }> } }

describe('kubectl exec into real containers', () => {
  let c: TestCluster;

  before(async () => {
    c = await startCluster(['--node-name', 'ex-1'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until('node ex-1 to register', async () => (await c.kubectl(['get', 'node', 'ex-1'])).code === 0);
    await c.k(['wait', '--for=condition=Ready', 'node/ex-1', '--timeout=60s']);
    await c.k(['apply', '-f', '-'], { input: POD });
    await until('pod two to run', async () => {
      const st = (JSON.parse(await c.k(['get', 'pod', 'two', '-o', 'json'])) as PodJson).status;
      return st?.containerStatuses?.length === 2 && st.containerStatuses.every((s) => s.state?.running);
    });
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  it('prints a command\'s output', async () => {
    const r = await c.kubectl(['exec', 'two', '-c', 'main', '--', 'echo', 'hi']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'hi\n');
  });

  it('passes stderr and a non-zero exit code through', async () => {
    const r = await c.kubectl(['exec', 'two', '-c', 'main', '--', 'sh', '-c', 'echo oops >&2; exit 3']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /oops/);
  });

  it('pipes stdin to the command and returns when it ends', async () => {
    const r = await c.kubectl(['exec', '-i', 'two', '-c', 'main', '--', 'cat'], { input: 'hello\nworld\n', timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'hello\nworld\n');
  });

  it('-c picks the container; without it a two-container pod is refused', async () => {
    assert.equal(await c.k(['exec', 'two', '-c', 'second', '--', 'cat', '/tmp/who']), 'second\n');
    assert.equal(await c.k(['exec', 'two', '-c', 'main', '--', 'cat', '/tmp/who']), 'main\n');
    const r = await c.kubectl(['exec', 'two', '--', 'true']);
    // kubectl itself defaults to the first container (with a notice) when -c is missing.
    assert.equal(r.code, 0, r.stderr);
    const bad = await c.kubectl(['exec', 'two', '-c', 'nope', '--', 'true']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /container nope is not valid|not found/);
  });

  it('a command that cannot start is reported, not hung', async () => {
    const r = await c.kubectl(['exec', 'two', '-c', 'main', '--', '/no/such/binary'], { timeoutMs: 20_000 });
    assert.notEqual(r.code, 0);
  });
});
