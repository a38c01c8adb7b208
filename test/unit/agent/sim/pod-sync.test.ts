import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPodIPs } from '../../../../src/agent/sim/addresses.js';
import type { SimNodeSpec } from '../../../../src/agent/sim/node-object.js';
import { createPodSync } from '../../../../src/agent/sim/pod-sync.js';
import { runningPodStatus } from '../../../../src/agent/sim/pod-status.js';
import type { Pod } from '../../../../src/api/registry/core-types.js';
import { ApiError, resourcePath, type KubeClient } from '../../../../src/client/index.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const node = (name: string, index: number): SimNodeSpec => ({
  name, index, internalIP: `127.1.0.${index + 1}`, podCIDR: `10.244.${index}.0/24`, cpus: 4, memoryMb: 8192, pods: 110, dataSizeGb: 100,
});
const NODES = new Map([['sim-0', node('sim-0', 0)], ['sim-1', node('sim-1', 1)]]);
const apiError = (code: number) => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, message: String(code) });

const pod = (o: { name?: string; nodeName?: string; restartPolicy?: string; annotations?: Record<string, string>; deletionTimestamp?: string; status?: Record<string, unknown> } = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: o.name ?? 'web', namespace: 'default', uid: 'u1', annotations: o.annotations, deletionTimestamp: o.deletionTimestamp },
  spec: { nodeName: o.nodeName ?? 'sim-1', restartPolicy: o.restartPolicy ?? 'Always', containers: [{ name: 'app', image: 'nginx' }] },
  ...(o.status ? { status: o.status } : {}),
});
const running = (p: Pod) => ({ ...p, status: runningPodStatus(p, { now: T0, hostIP: '127.1.0.2', podIP: '10.244.1.2' }) }) as Pod;

/** A preloaded cache and a client that records every write; `fail` makes the named verb answer with a code. */
function fixture(pods: Pod[], o: { now?: number; paused?: string[]; fail?: Record<string, number> } = {}) {
  const writes: Array<{ verb: string; path: string; body?: unknown }> = [];
  const cache = new Map(pods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  const client: Pick<KubeClient, 'raw' | 'delete'> = {
    raw: async (method, path, body) => {
      writes.push({ verb: method, path, body });
      if (o.fail?.[method]) throw apiError(o.fail[method]!);
      return {};
    },
    delete: async (ref, name, d = {}) => {
      const { signal: _s, ...opts } = d;
      writes.push({ verb: 'DELETE', path: resourcePath(ref, name), body: opts });
      if (o.fail?.DELETE) throw apiError(o.fail.DELETE);
      return { metadata: {} };
    },
  };
  const ips = createPodIPs();
  const sync = createPodSync({
    client, pods: cache, nodes: NODES, paused: (n) => (o.paused ?? []).includes(n), ips, clock: { now: () => o.now ?? T0, sleep: async () => undefined },
  });
  return { run: (key = 'default/web') => sync(key, new AbortController().signal), writes, ips, cache };
}

const STATUS_PATH = '/api/v1/namespaces/default/pods/web/status';

describe('sim pod sync', () => {
  it('a pod bound to one of its nodes gets one strategic status patch to Running with its uid', async () => {
    const f = fixture([pod()]);
    assert.equal(await f.run(), undefined);
    assert.deepEqual(f.writes, [{ verb: 'PATCH', path: STATUS_PATH, body: { metadata: { uid: 'u1' }, status: runningPodStatus(pod(), { now: T0, hostIP: '127.1.0.2', podIP: '10.244.1.2' }) } }]);
  });

  it('a pod already Running, or bound to a node of another process, or on a paused node, is left alone', async () => {
    for (const f of [fixture([running(pod())]), fixture([pod({ nodeName: 'real-node' })]), fixture([pod()], { paused: ['sim-1'] })]) {
      assert.equal(await f.run(), undefined);
      assert.deepEqual(f.writes, []);
    }
  });

  it('a run-to-completion pod waits until its exit time, then reports Succeeded', async () => {
    const p = running(pod({ restartPolicy: 'Never', annotations: { 'kite.dev/sim-exit-after-seconds': '3' } }));
    const early = fixture([p], { now: T0 + 1000 });
    assert.equal(await early.run(), 2000);
    assert.deepEqual(early.writes, []);

    const due = fixture([p], { now: T0 + 3000 });
    assert.equal(await due.run(), undefined);
    assert.equal(due.writes.length, 1);
    const body = due.writes[0]!.body as { status: { phase: string; containerStatuses: Array<{ state: unknown }> } };
    assert.equal(body.status.phase, 'Succeeded');
    assert.deepEqual(body.status.containerStatuses[0]!.state, {
      terminated: { exitCode: 0, reason: 'Completed', startedAt: '2025-03-01T10:00:00Z', finishedAt: '2025-03-01T10:00:03Z', containerID: 'sim://u1-app' },
    });
  });

  it('a pending run-to-completion pod is started and asks to be looked at again at its exit time', async () => {
    const f = fixture([pod({ restartPolicy: 'OnFailure', annotations: { 'kite.dev/sim-exit-after-seconds': '5', 'kite.dev/sim-exit-code': '2' } })]);
    assert.equal(await f.run(), 5000);
    assert.equal((f.writes[0]!.body as { status: { phase: string } }).status.phase, 'Running');
    const failed = fixture([running(pod({ restartPolicy: 'OnFailure', annotations: { 'kite.dev/sim-exit-after-seconds': '5', 'kite.dev/sim-exit-code': '2' } }))], { now: T0 + 5000 });
    await failed.run();
    assert.equal((failed.writes[0]!.body as { status: { phase: string } }).status.phase, 'Failed');
  });

  it('a pod being deleted is reported terminated, then deleted with grace 0 and a uid precondition', async () => {
    const f = fixture([running(pod({ deletionTimestamp: '2025-03-01T10:00:30Z' }))]);
    await f.run();
    assert.deepEqual(f.writes.map((w) => w.verb), ['PATCH', 'DELETE']);
    const st = (f.writes[0]!.body as { status: { phase?: string; containerStatuses: Array<{ state: { terminated?: unknown } }> } }).status;
    assert.equal(st.phase, undefined);
    assert.ok(st.containerStatuses[0]!.state.terminated);
    assert.deepEqual(f.writes[1], { verb: 'DELETE', path: '/api/v1/namespaces/default/pods/web', body: { gracePeriodSeconds: 0, preconditions: { uid: 'u1' } } });
  });

  it('a deleted pod that is already gone or was replaced (404/409) is not an error', async () => {
    for (const code of [404, 409]) {
      const f = fixture([running(pod({ deletionTimestamp: '2025-03-01T10:00:30Z' }))], { fail: { DELETE: code } });
      assert.equal(await f.run(), undefined);
    }
    const other = fixture([running(pod({ deletionTimestamp: '2025-03-01T10:00:30Z' }))], { fail: { DELETE: 500 } });
    await assert.rejects(other.run(), /500/);
  });

  it('a finished pod needs nothing; a pod that left the cache frees its IP', async () => {
    const done = fixture([pod({ status: { phase: 'Succeeded' } })]);
    await done.run();
    assert.deepEqual(done.writes, []);

    const f = fixture([pod()]);
    await f.run();
    assert.equal(f.ips.assign('default/other', { name: 'sim-1', index: 1 }), '10.244.1.3');
    f.cache.delete('default/web');
    await f.run();
    assert.equal(f.ips.assign('default/next', { name: 'sim-1', index: 1 }), '10.244.1.2');
  });
});
