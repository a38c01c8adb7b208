/**
 * Issue 4, `kubectl cp` to and from real containers: tar over exec (kubectl runs `tar cf -` in the pod
 * to read and `tar xmf -` with stdin to write), through the API server and the kubelet API to CRI
 * Exec. Round-trips a file and a directory with content checks. Needs root and containerd.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { until } from './helpers/wait.js';

const IMAGE = 'docker.io/library/busybox:1.35';

describe('kubectl cp with real containers', () => {
  let c: TestCluster;
  let local: string;

  before(async () => {
    local = await mkdtemp(path.join(os.tmpdir(), 'kite-cp-'));
    c = await startCluster(['--node-name', 'cp-1'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until('node cp-1 to register', async () => (await c.kubectl(['get', 'node', 'cp-1'])).code === 0);
    await c.k(['wait', '--for=condition=Ready', 'node/cp-1', '--timeout=60s']);
    await c.k(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: box}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${IMAGE}, command: [sh, -c, "mkdir -p /data && echo from-the-pod > /data/made-inside.txt && exec sleep 3600"]}
`,
    });
    await c.k(['wait', '--for=condition=Ready', 'pod/box', '--timeout=60s']);
  });
  after(async () => {
    if (local) await rm(local, { recursive: true, force: true });
    if (!c) return;
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  it('copies a file into the pod and back unchanged (binary, 1 MiB)', async () => {
    const content = crypto.randomBytes(1 << 20);
    const src = path.join(local, 'payload.bin');
    await writeFile(src, content);
    const up = await c.kubectl(['cp', src, 'box:/tmp/payload.bin', '-c', 'main'], { timeoutMs: 60_000 });
    assert.equal(up.code, 0, up.stderr);
    const sum = await c.k(['exec', 'box', '-c', 'main', '--', 'md5sum', '/tmp/payload.bin']);
    assert.equal(sum.split(/\s+/)[0], crypto.createHash('md5').update(content).digest('hex'), 'the pod has the same bytes');
    const back = path.join(local, 'back.bin');
    const down = await c.kubectl(['cp', 'box:/tmp/payload.bin', back, '-c', 'main'], { timeoutMs: 60_000 });
    assert.equal(down.code, 0, down.stderr);
    assert.ok((await readFile(back)).equals(content), 'the copy back is identical');
  });

  it('copies a directory both ways', async () => {
    const dir = path.join(local, 'tree');
    await mkdir(path.join(dir, 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'a.txt'), 'alpha\n');
    await writeFile(path.join(dir, 'sub', 'b.txt'), 'beta\n');
    const up = await c.kubectl(['cp', dir, 'box:/tmp/tree'], { timeoutMs: 60_000 });
    assert.equal(up.code, 0, up.stderr);
    assert.equal(await c.k(['exec', 'box', '--', 'cat', '/tmp/tree/a.txt', '/tmp/tree/sub/b.txt']), 'alpha\nbeta\n');
    const out = path.join(local, 'from-pod');
    const down = await c.kubectl(['cp', 'box:/data', out], { timeoutMs: 60_000 });
    assert.equal(down.code, 0, down.stderr);
    assert.equal(await readFile(path.join(out, 'made-inside.txt'), 'utf8'), 'from-the-pod\n');
  });
});
