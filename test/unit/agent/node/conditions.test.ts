import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeConditions, type NodeMeasurements } from '../../../../src/agent/node/index.js';
import { conditionsChanged, runtimeReadiness } from '../../../../src/agent/node/conditions.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const T0 = Date.parse('2025-03-01T10:00:00Z');
const healthy: NodeMeasurements = {
  runtime: { ready: true, message: '' },
  cgroup: { memoryBytes: 100 * MiB, memoryLimitBytes: 1000 * MiB, pids: 10, pidsMax: 1000 },
  hostMemAvailableBytes: 2 * GiB,
  disk: { availableBytes: 20 * GiB, totalBytes: 100 * GiB },
};
const statusOf = (cs: ReturnType<typeof nodeConditions>) => Object.fromEntries(cs.map((c) => [c.type, `${c.status} ${c.reason}`]));

describe('node conditions', () => {
  it('a healthy node reports the four conditions with upstream reasons, all transitioned now', () => {
    assert.deepEqual(nodeConditions(healthy, T0), [
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: '2025-03-01T10:00:00Z', lastTransitionTime: '2025-03-01T10:00:00Z' },
      { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: '2025-03-01T10:00:00Z', lastTransitionTime: '2025-03-01T10:00:00Z' },
      { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: '2025-03-01T10:00:00Z', lastTransitionTime: '2025-03-01T10:00:00Z' },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2025-03-01T10:00:00Z', lastTransitionTime: '2025-03-01T10:00:00Z' },
    ]);
  });

  it('memory pressure: working set above 90 % of the cgroup limit, or host MemAvailable under 100 MiB', () => {
    const at = (ws: number, avail = 2 * GiB) => statusOf(nodeConditions({ ...healthy, cgroup: { ...healthy.cgroup!, memoryBytes: ws }, hostMemAvailableBytes: avail }, T0)).MemoryPressure;
    assert.equal(at(900 * MiB), 'False KubeletHasSufficientMemory');
    assert.equal(at(900 * MiB + 1), 'True KubeletHasInsufficientMemory');
    assert.equal(at(10 * MiB, 100 * MiB), 'False KubeletHasSufficientMemory');
    assert.equal(at(10 * MiB, 100 * MiB - 1), 'True KubeletHasInsufficientMemory');
  });

  it('disk pressure: under 10 % or under 1 GiB available', () => {
    const at = (availableBytes: number, totalBytes: number) => statusOf(nodeConditions({ ...healthy, disk: { availableBytes, totalBytes } }, T0)).DiskPressure;
    assert.equal(at(10 * GiB, 100 * GiB), 'False KubeletHasNoDiskPressure');
    assert.equal(at(10 * GiB - 1, 100 * GiB), 'True KubeletHasDiskPressure');
    assert.equal(at(GiB, 2 * GiB), 'False KubeletHasNoDiskPressure');
    assert.equal(at(GiB - 1, 2 * GiB), 'True KubeletHasDiskPressure');
  });

  it('PID pressure: pids above 90 % of pids.max; unlimited never', () => {
    const at = (pids: number, pidsMax: number) => statusOf(nodeConditions({ ...healthy, cgroup: { ...healthy.cgroup!, pids, pidsMax } }, T0)).PIDPressure;
    assert.equal(at(900, 1000), 'False KubeletHasSufficientPID');
    assert.equal(at(901, 1000), 'True KubeletHasInsufficientPID');
    assert.equal(at(1e6, Infinity), 'False KubeletHasSufficientPID');
  });

  it('Ready follows RuntimeReady; a failing runtime call is "container runtime is down"', () => {
    assert.deepEqual(runtimeReadiness({ conditions: [{ type: 'RuntimeReady', status: true }, { type: 'NetworkReady', status: false }] }), { ready: true, message: '' });
    const down = runtimeReadiness(new Error('connect ENOENT /run/k.sock'));
    assert.deepEqual(down, { ready: false, message: 'container runtime is down: connect ENOENT /run/k.sock' });
    const notReady = runtimeReadiness({ conditions: [{ type: 'RuntimeReady', status: false, reason: 'X', message: 'y' }] });
    const ready = nodeConditions({ ...healthy, runtime: notReady }, T0).find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason, ready?.message], ['False', 'KubeletNotReady', 'container runtime not ready: RuntimeReady=false reason:X message:y']);
  });

  it('lastTransitionTime moves only when the status changes; lastHeartbeatTime always', () => {
    const first = nodeConditions(healthy, T0);
    const same = nodeConditions(healthy, T0 + 10_000, first);
    assert.ok(same.every((c) => c.lastTransitionTime === '2025-03-01T10:00:00Z' && c.lastHeartbeatTime === '2025-03-01T10:00:10Z'));
    assert.equal(conditionsChanged(same, first), false);
    const pressured = nodeConditions({ ...healthy, disk: { availableBytes: 0, totalBytes: 100 * GiB } }, T0 + 20_000, same);
    assert.deepEqual(pressured.map((c) => [c.type, c.lastTransitionTime]), [
      ['MemoryPressure', '2025-03-01T10:00:00Z'], ['DiskPressure', '2025-03-01T10:00:20Z'], ['PIDPressure', '2025-03-01T10:00:00Z'], ['Ready', '2025-03-01T10:00:00Z'],
    ]);
    assert.equal(conditionsChanged(pressured, same), true);
    // The node lifecycle controller's Unknown is a transition back to True now.
    const unknown = same.map((c) => (c.type === 'Ready' ? { ...c, status: 'Unknown' as const, reason: 'NodeStatusUnknown' } : c));
    assert.equal(nodeConditions(healthy, T0 + 30_000, unknown).find((c) => c.type === 'Ready')?.lastTransitionTime, '2025-03-01T10:00:30Z');
  });

  it('a failed measurement keeps the last verdict (False on a fresh node); others\' conditions are not compared', () => {
    const pressured = nodeConditions({ ...healthy, cgroup: { ...healthy.cgroup!, pids: 999 } }, T0);
    const blind = nodeConditions({ runtime: { ready: true, message: '' } }, T0 + 10_000, pressured);
    assert.deepEqual(statusOf(blind), statusOf(pressured));
    assert.equal(statusOf(blind).PIDPressure, 'True KubeletHasInsufficientPID');
    assert.deepEqual(statusOf(nodeConditions({ runtime: { ready: true, message: '' } }, T0)).MemoryPressure, 'False KubeletHasSufficientMemory');
    const withExtra = [...pressured, { type: 'NetworkUnavailable', status: 'False' as const, reason: 'RouteCreated', message: '', lastHeartbeatTime: '', lastTransitionTime: '' }];
    assert.equal(conditionsChanged(pressured, withExtra), false);
  });
});
