import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeAllocation, resourceList, type MachineFacts } from '../../../../src/agent/node/index.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const machine: MachineFacts = { cpuCount: 2, memoryBytes: 24 * GiB + 5 * MiB, dataDirFreeBytes: 50 * GiB + 4096 + 123 };

describe('node allocation', () => {
  it('defaults to every CPU, total memory minus 10 % (whole MiB) and the free disk; allocatable subtracts 100m and 256 MiB', () => {
    const a = computeAllocation({}, machine);
    const mem = Math.floor((machine.memoryBytes * 0.9) / MiB) * MiB;
    assert.deepEqual(a.capacity, { cpuMillis: 2000, memoryBytes: mem, ephemeralStorageBytes: 50 * GiB + 4096, pods: 110 });
    assert.deepEqual(a.allocatable, { cpuMillis: 1900, memoryBytes: mem - 256 * MiB, ephemeralStorageBytes: 50 * GiB + 4096, pods: 110 });
    assert.deepEqual(resourceList(a.capacity), { cpu: '2', 'ephemeral-storage': '52428804Ki', memory: '22122Mi', pods: '110' });
    assert.deepEqual(resourceList(a.allocatable), { cpu: '1900m', 'ephemeral-storage': '52428804Ki', memory: '21866Mi', pods: '110' });
    assert.deepEqual(a.cgroup, { cpus: 1.9, memoryBytes: mem - 256 * MiB, pids: 110_000 });
    assert.deepEqual(a.reserved, { cpuMillis: 100, memoryBytes: 256 * MiB });
  });

  it('flags set capacity; the cgroup gets the allocatable CPU and memory', () => {
    const a = computeAllocation({ cpus: 1.5, memoryMb: 1024, dataSizeGb: 10 }, machine);
    assert.deepEqual(resourceList(a.capacity), { cpu: '1500m', 'ephemeral-storage': '10Gi', memory: '1Gi', pods: '110' });
    assert.deepEqual(resourceList(a.allocatable), { cpu: '1400m', 'ephemeral-storage': '10Gi', memory: '768Mi', pods: '110' });
    assert.deepEqual(a.cgroup, { cpus: 1.4, memoryBytes: 768 * MiB, pids: 110_000 });
  });

  it('allocatable never goes negative; the cgroup keeps a small valid floor', () => {
    const a = computeAllocation({ cpus: 0.05, memoryMb: 128 }, machine);
    assert.deepEqual(resourceList(a.allocatable).cpu, '0');
    assert.deepEqual(resourceList(a.allocatable).memory, '0');
    assert.deepEqual(a.cgroup, { cpus: 0.01, memoryBytes: 32 * MiB, pids: 110_000 });
  });

  it('a custom reserve is subtracted instead', () => {
    const a = computeAllocation({ cpus: 2, memoryMb: 2048 }, machine, { cpuMillis: 500, memoryBytes: 512 * MiB });
    assert.deepEqual([a.allocatable.cpuMillis, a.allocatable.memoryBytes], [1500, 1536 * MiB]);
  });

  it('invalid or oversized flags are refused naming the flag', () => {
    const bad: Array<[Parameters<typeof computeAllocation>[0], RegExp]> = [
      [{ cpus: 0 }, /--cpus must be a positive number/],
      [{ cpus: -1 }, /--cpus must be a positive number/],
      [{ cpus: Number.NaN }, /--cpus must be a positive number/],
      [{ cpus: 0.0001 }, /at least 0\.001/],
      [{ cpus: 3 }, /--cpus 3 is more than this machine has \(2\)/],
      [{ memoryMb: 0 }, /--memory-mb must be a positive whole number/],
      [{ memoryMb: 1.5 }, /--memory-mb must be a positive whole number/],
      [{ memoryMb: 25 * 1024 }, /--memory-mb 25600 is more than this machine has \(24581 MiB\)/],
      [{ dataSizeGb: 0 }, /--data-size-gb must be a positive number/],
      [{ dataSizeGb: Infinity }, /--data-size-gb must be a positive number/],
    ];
    for (const [flags, re] of bad) assert.throws(() => computeAllocation(flags, machine), re, JSON.stringify(flags));
    assert.throws(() => computeAllocation({}, { ...machine, cpuCount: 0 }), /CPU count must be a positive integer/);
  });
});
