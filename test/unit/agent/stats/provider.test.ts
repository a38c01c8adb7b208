/** The stats provider over the fake CRI (whose running containers burn exactly one core) and a fake node cgroup. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createFakeCri } from '../../../../src/agent/cri/index.js';
import { createStatsProvider, statsSummaryHandler } from '../../../../src/agent/stats/index.js';

async function setup() {
  let clock = Date.UTC(2026, 0, 1);
  const cri = createFakeCri({ now: () => clock, images: ['busybox:1.35'] });
  const cfg = { metadata: { name: 'web', uid: 'u1', namespace: 'default' }, logDirectory: '/tmp/none' };
  const sb = await cri.runPodSandbox(cfg);
  const id = await cri.createContainer(sb, { metadata: { name: 'main' }, image: { image: 'busybox:1.35' }, logPath: 'main/0.log' }, cfg);
  await cri.startContainer(id);
  let nodeCpu = 0;
  const provider = createStatsProvider({
    cri, nodeName: 'edge-1', now: () => clock,
    nodeUsage: async () => ({ memoryBytes: 64 << 20, memoryLimitBytes: 512 << 20, cpuUsageNanos: nodeCpu, pids: 3, pidsMax: Infinity }),
  });
  return { cri, provider, advance: (ms: number, nodeCpuNs: number) => { clock += ms; nodeCpu += nodeCpuNs; } };
}

describe('stats provider', () => {
  it('has no CPU rates after one sample, and rates over the window after two', async () => {
    const { provider, advance } = await setup();
    assert.equal(provider.latest(), undefined);
    const first = await provider.collect();
    assert.equal(first.node.cpu?.usageNanoCores, undefined);
    assert.equal(first.pods[0]!.containers[0]!.cpu?.usageNanoCores, undefined);
    advance(10_000, 5e9);
    const s = await provider.collect();
    assert.equal(s.node.nodeName, 'edge-1');
    assert.equal(s.node.cpu?.usageNanoCores, 500_000_000, 'node: 5 s of CPU in 10 s');
    assert.equal(s.node.memory?.workingSetBytes, 64 << 20);
    assert.equal(s.node.memory?.availableBytes, 448 << 20);
    const pod = s.pods[0]!;
    assert.deepEqual(pod.podRef, { name: 'web', namespace: 'default', uid: 'u1' });
    assert.equal(pod.containers[0]!.name, 'main');
    assert.equal(pod.containers[0]!.cpu?.usageNanoCores, 1e9, 'the fake container burns one core');
    assert.equal(pod.containers[0]!.memory?.workingSetBytes, 1 << 20);
    assert.equal(provider.latest(), s);
  });
  it('drops pods whose sandbox is gone', async () => {
    const { cri, provider, advance } = await setup();
    await provider.collect();
    const [sb] = await cri.listPodSandbox();
    await cri.stopPodSandbox(sb!.id);
    advance(10_000, 0);
    assert.deepEqual((await provider.collect()).pods, []);
  });
  it('run() samples at once and then every interval until aborted', async () => {
    const { provider } = await setup();
    const stop = new AbortController();
    const done = provider.run(stop.signal, 5);
    await new Promise((r) => setTimeout(r, 30));
    stop.abort();
    await done;
    assert.ok(provider.latest());
  });
  it('the /stats/summary handler answers 503 before the first sample, then the Summary', async () => {
    const { provider } = await setup();
    const server = createServer(statsSummaryHandler(() => provider.latest()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const get = (method = 'GET') => new Promise<{ code: number; body: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/stats/summary?only_cpu_and_memory=true', method }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString(); });
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      }).on('error', reject).end();
    });
    try {
      assert.equal((await get()).code, 503);
      await provider.collect();
      const r = await get();
      assert.equal(r.code, 200);
      assert.equal((JSON.parse(r.body) as { node: { nodeName: string } }).node.nodeName, 'edge-1');
      assert.equal((await get('POST')).code, 405);
    } finally {
      server.close();
    }
  });
});
