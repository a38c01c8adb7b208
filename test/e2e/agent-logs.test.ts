/**
 * Issue 4, `kubectl logs` for real containers: the API server proxies pods/log to the node agent's
 * kubelet API (mutual TLS on the node's kubelet port), which streams containerd's CRI log files.
 * Checks: plain output, --tail, --timestamps, -c with two containers (and the API's error without
 * it), -f receiving lines as they are printed and exiting with the container, --previous after a
 * restart, and logs of a Deployment. Needs root and containerd, like agent-pods.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from './helpers/wait.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';

const IMAGE = 'docker.io/library/busybox:1.35';

const podYaml = (name: string, containers: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
${extra}  containers:
${containers}`;
const container = (name: string, script: string, mounts = '') =>
  `  - {name: ${name}, image: ${IMAGE}, command: [sh, -c, ${JSON.stringify(script)}]${mounts}}\n`;

interface PodJson { status?: { containerStatuses?: Array<{ name: string; restartCount: number; state?: Record<string, unknown> }> } }

describe('kubectl logs for real containers', () => {
  let c: TestCluster;
  const status = async (name: string) => (JSON.parse(await c.k(['get', 'pod', name, '-o', 'json'])) as PodJson).status;
  const running = (name: string) => until(`pod ${name} to run`, async () => (await status(name))?.containerStatuses?.every((s) => s.state?.running));

  before(async () => {
    c = await startCluster(['--node-name', 'logs-1'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until('node logs-1 to register', async () => (await c.kubectl(['get', 'node', 'logs-1'])).code === 0);
    await c.k(['wait', '--for=condition=Ready', 'node/logs-1', '--timeout=60s']);
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods,deployments', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  it('shows a container\'s output, its tail, and timestamps', async () => {
    await c.k(['apply', '-f', '-'], { input: podYaml('counter', container('main', 'for i in 1 2 3 4 5; do echo "line $i"; done; exec sleep 3600')) });
    await running('counter');
    const all = await until('five lines', async () => { const o = await c.k(['logs', 'counter']); return o.includes('line 5') && o; });
    assert.equal(all, 'line 1\nline 2\nline 3\nline 4\nline 5\n');
    assert.equal(await c.k(['logs', 'counter', '--tail=2']), 'line 4\nline 5\n');
    const stamped = (await c.k(['logs', 'counter', '--timestamps'])).trimEnd().split('\n');
    assert.equal(stamped.length, 5);
    for (const [i, l] of stamped.entries()) assert.match(l, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z line ${i + 1}$`));
    assert.equal(await c.k(['logs', 'counter', '--limit-bytes=8']), 'line 1\nl');
  });

  it('-c picks one of two containers; the API refuses a request naming none', async () => {
    await c.k(['apply', '-f', '-'], { input: podYaml('two', container('a', 'echo from-a; exec sleep 3600') + container('b', 'echo from-b; exec sleep 3600')) });
    await running('two');
    assert.equal(await until('b\'s output', async () => (await c.k(['logs', 'two', '-c', 'b'])) || undefined), 'from-b\n');
    assert.equal(await c.k(['logs', 'two', '-c', 'a']), 'from-a\n');
    const raw = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/two/log']);
    assert.notEqual(raw.code, 0);
    assert.match(raw.stderr, /a container name must be specified for pod two, choose one of: \[a b\]/);
    const bad = await c.kubectl(['logs', 'two', '-c', 'nope']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /container nope is not valid for pod two/);
  });

  it('logs -f receives lines as they are printed and exits when the container exits', async () => {
    await c.k(['apply', '-f', '-'], {
      input: podYaml('ticker', container('t', 'sleep 2; for i in 1 2 3 4 5 6; do echo "tick $i"; sleep 1; done'), '  restartPolicy: Never\n'),
    });
    await running('ticker');
    const f = c.spawnKubectl(['logs', '-f', 'ticker']);
    const exited = new Promise<number | null>((r) => f.child.once('exit', (code) => r(code)));
    const early = await f.waitFor(/tick 2\n/, 20_000);
    assert.doesNotMatch(early, /tick 6/, 'lines arrive while the container still prints');
    await f.waitFor(/tick 6\n/, 20_000);
    const code = await Promise.race([exited, sleep(20_000).then(() => 'still running' as const)]);
    if (code === 'still running') f.child.kill('SIGKILL');
    assert.equal(code, 0, 'kubectl logs -f ends once the container has exited');
    assert.equal(f.output(), 'tick 1\ntick 2\ntick 3\ntick 4\ntick 5\ntick 6\n');
  });

  it('--previous shows the attempt before a restart', async () => {
    const script = 'n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/n; echo "attempt $n"; [ $n -ge 2 ] && exec sleep 3600; exit 1';
    await c.k(['apply', '-f', '-'], {
      input: podYaml('restarter', container('r', script, ', volumeMounts: [{name: data, mountPath: /data}]'), '  volumes: [{name: data, emptyDir: {}}]\n'),
    });
    await until('the second attempt to run', async () => {
      const s = (await status('restarter'))?.containerStatuses?.[0];
      return s && s.restartCount === 1 && s.state?.running;
    }, 90_000);
    assert.equal(await until('attempt 2 output', async () => (await c.k(['logs', 'restarter'])) || undefined), 'attempt 2\n');
    assert.equal(await c.k(['logs', 'restarter', '--previous']), 'attempt 1\n');
    const none = await c.kubectl(['logs', 'counter', '--previous']);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /previous terminated container "main" in pod "counter" not found/);
  });

  it('logs deploy/web reads a pod of the Deployment', async () => {
    await c.k(['create', 'deployment', 'web', `--image=${IMAGE}`, '--', 'sh', '-c', 'echo hello from web; exec sleep 3600']);
    await c.k(['rollout', 'status', 'deploy/web', '--timeout=60s']);
    assert.equal(await until('web output', async () => (await c.k(['logs', 'deploy/web'])) || undefined), 'hello from web\n');
  });
});
