/**
 * Issue 4: container probes on a real node (root, containerd), through `kite server` with its agent.
 * Three pods start together so the file stays within about 90 s of waiting:
 * - `liveness`: healthy for ~2 s, then its exec liveness probe fails → the container is killed and
 *   restarted (restartCount grows, `Unhealthy` and `Killing` events); the first restart is at once,
 *   the second waits for the armed back-off (10 s), seen in the finishedAt → startedAt gaps;
 * - `unready`: a readiness probe that never passes keeps the Running pod `Ready=False`;
 * - `slowstart`: a startup probe holds back a liveness probe that would otherwise kill it at once.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from './helpers/wait.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';

const IMAGE = 'docker.io/library/busybox:1.35';
const NODE = 'pr-1';

const exec = (cmd: string, o: Record<string, number>) => ({ exec: { command: ['sh', '-c', cmd] }, periodSeconds: 1, ...o });
const pod = (name: string, script: string, probes: Record<string, unknown>) => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: {
    terminationGracePeriodSeconds: 1,
    containers: [{ name: 'c', image: IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', script], ...probes }],
  },
});

interface ContainerStatus {
  ready: boolean; started?: boolean; restartCount: number;
  state?: { running?: { startedAt: string } };
  lastState?: { terminated?: { finishedAt: string; reason?: string } };
}
interface PodJson {
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }>; containerStatuses?: ContainerStatus[] };
}
interface EventJson { involvedObject: { name: string }; reason: string; message: string }

describe('container probes on a real node', () => {
  let c: TestCluster;
  const get = async (name: string) => JSON.parse(await c.k(['get', 'pod', name, '-o', 'json'])) as PodJson;
  const status = async (name: string) => (await get(name)).status?.containerStatuses?.[0];
  const events = async (name: string) =>
    (JSON.parse(await c.k(['get', 'events', '-o', 'json'])) as { items: EventJson[] }).items.filter((e) => e.involvedObject.name === name);

  before(async () => {
    c = await startCluster(['--node-name', NODE], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until(`node ${NODE} to register`, async () => (await c.kubectl(['get', 'node', NODE])).code === 0);
    await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']);
    const manifests = [
      pod('liveness', 'touch /tmp/healthy; sleep 2; rm -f /tmp/healthy; exec sleep 600', {
        livenessProbe: exec('test -f /tmp/healthy', { initialDelaySeconds: 1, failureThreshold: 1 }),
      }),
      pod('unready', 'exec sleep 600', { readinessProbe: exec('test -f /tmp/never', { failureThreshold: 1 }) }),
      pod('slowstart', 'sleep 5; touch /tmp/started; exec sleep 600', {
        startupProbe: exec('test -f /tmp/started', { failureThreshold: 30 }),
        livenessProbe: exec('test -f /tmp/started', { failureThreshold: 1 }),
      }),
    ];
    for (const m of manifests) await c.k(['apply', '-f', '-'], { input: m });
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  it('a failing liveness probe restarts the container, with a growing back-off', async (t) => {
    // restart n: [finishedAt of the killed instance, startedAt of the new one]
    const gaps = new Map<number, [number, number]>();
    await until('two liveness restarts', async () => {
      const s = await status('liveness');
      const fin = s?.lastState?.terminated?.finishedAt;
      const start = s?.state?.running?.startedAt;
      if (s && fin && start && !gaps.has(s.restartCount)) gaps.set(s.restartCount, [Date.parse(fin), Date.parse(start)]);
      return gaps.has(1) && gaps.has(2);
    }, 60_000);
    const [f1, s1] = gaps.get(1)!;
    const [f2, s2] = gaps.get(2)!;
    // Timestamps have 1 s resolution: bounds are loose on purpose.
    t.diagnostic(`restart gaps: first ${s1 - f1} ms, second ${s2 - f2} ms`);
    assert.ok(s1 - f1 <= 4000, `the first restart is at once (took ${s1 - f1} ms)`);
    assert.ok(s2 - f2 >= 6000, `the second restart waits for the back-off (took ${s2 - f2} ms)`);
    assert.ok(s2 - f2 > s1 - f1, 'the back-off grows');
    const reasons = (await events('liveness')).map((e) => `${e.reason}: ${e.message}`);
    assert.ok(reasons.some((r) => /^Unhealthy: Liveness probe failed/.test(r)), reasons.join('\n'));
    assert.ok(reasons.some((r) => /^Killing: /.test(r)), reasons.join('\n'));
  });

  it('a failing readiness probe keeps the Running pod Ready=False', async () => {
    await until('unready Running', async () => (await get('unready')).status?.phase === 'Running', 30_000);
    await sleep(3000); // several probe periods
    const p = await get('unready');
    assert.equal(p.status?.phase, 'Running');
    assert.equal(p.status?.conditions?.find((x) => x.type === 'Ready')?.status, 'False');
    assert.equal(p.status?.conditions?.find((x) => x.type === 'ContainersReady')?.status, 'False');
    const s = p.status?.containerStatuses?.[0];
    assert.equal(s?.ready, false);
    assert.equal(s?.restartCount, 0, 'readiness never restarts a container');
    const reasons = (await events('unready')).map((e) => `${e.reason}: ${e.message}`);
    assert.ok(reasons.some((r) => /^Unhealthy: Readiness probe failed/.test(r)), reasons.join('\n'));
  });

  it('a startup probe holds back liveness until it passes', async () => {
    const s = await until('slowstart started and ready', async () => {
      const st = await status('slowstart');
      return st?.started && st.ready && st;
    }, 30_000);
    assert.equal(s.restartCount, 0, 'liveness (which fails until the file exists) never ran before startup passed');
    const reasons = (await events('slowstart')).map((e) => `${e.reason}: ${e.message}`);
    assert.ok(reasons.some((r) => /^Unhealthy: Startup probe failed/.test(r)), reasons.join('\n'));
    assert.ok(!reasons.some((r) => /Liveness probe failed|^Killing/.test(r)), reasons.join('\n'));
    const p = await get('slowstart');
    assert.equal(p.status?.conditions?.find((x) => x.type === 'Ready')?.status, 'True');
  });
});
