import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rfc3339, summary } from '../../../../src/agent/stats/index.js';

const T = Date.UTC(2026, 0, 2, 3, 4, 5) * 1e6;

describe('Summary API document', () => {
  it('has the upstream shape: node cpu/memory, pods with containers and totals', () => {
    const s = summary({
      nodeName: 'edge-1',
      node: { t: T, cpuNs: 9e9, nanoCores: 250_000_000, memoryBytes: 100 << 20, memoryLimitBytes: 512 << 20, startedAt: T - 60e9 },
      pods: [{
        ref: { name: 'web', namespace: 'default', uid: 'u1' }, createdAt: T - 10e9,
        containers: [
          { name: 'a', createdAt: T - 9e9, t: T, cpuNs: 3e9, nanoCores: 100_000_000, memoryBytes: 10 << 20 },
          { name: 'b', t: T, cpuNs: 1e9, nanoCores: 20_000_000, memoryBytes: 5 << 20 },
        ],
      }],
    });
    assert.deepEqual(s.node, {
      nodeName: 'edge-1', startTime: '2026-01-02T03:03:05Z',
      cpu: { time: '2026-01-02T03:04:05Z', usageCoreNanoSeconds: 9e9, usageNanoCores: 250_000_000 },
      memory: { time: '2026-01-02T03:04:05Z', workingSetBytes: 100 << 20, availableBytes: 412 << 20 },
    });
    const pod = s.pods[0]!;
    assert.deepEqual(pod.podRef, { name: 'web', namespace: 'default', uid: 'u1' });
    assert.equal(pod.startTime, '2026-01-02T03:03:55Z');
    assert.deepEqual(pod.containers[0], {
      name: 'a', startTime: '2026-01-02T03:03:56Z',
      cpu: { time: '2026-01-02T03:04:05Z', usageCoreNanoSeconds: 3e9, usageNanoCores: 100_000_000 },
      memory: { time: '2026-01-02T03:04:05Z', workingSetBytes: 10 << 20 },
    });
    assert.deepEqual(pod.cpu, { time: '2026-01-02T03:04:05Z', usageCoreNanoSeconds: 4e9, usageNanoCores: 120_000_000 });
    assert.deepEqual(pod.memory, { time: '2026-01-02T03:04:05Z', workingSetBytes: 15 << 20 });
  });
  it('leaves out what is not measured yet: no rate before two samples, no availability without a limit', () => {
    const s = summary({
      nodeName: 'n', node: { t: T, cpuNs: 1, memoryBytes: 1, memoryLimitBytes: Infinity },
      pods: [{ ref: { name: 'p', namespace: 'x', uid: 'u' }, containers: [{ name: 'c', t: T, cpuNs: 5, memoryBytes: 7 }, { name: 'idle' }] }],
    });
    assert.equal(s.node.cpu?.usageNanoCores, undefined);
    assert.equal(s.node.memory?.availableBytes, undefined);
    assert.equal(s.pods[0]!.cpu?.usageNanoCores, undefined);
    assert.deepEqual(s.pods[0]!.containers[1], { name: 'idle' });
  });
  it('formats times as RFC 3339 seconds', () => {
    assert.equal(rfc3339(1_700_000_000_123_456_789), '2023-11-14T22:13:20Z');
  });
});
