import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { computeAllocation, diskStats, readMachineFacts } from '../../../../src/agent/node/index.js';
import { parseMemAvailable } from '../../../../src/agent/node/machine.js';
import { nodeStatusFields } from '../../../../src/agent/node/node-object.js';
import { statusFieldsChanged } from '../../../../src/agent/node/status-diff.js';
import { HOST } from './fixtures.js';

describe('machine facts', () => {
  it('MemAvailable is read in bytes from /proc/meminfo', () => {
    assert.equal(parseMemAvailable('MemTotal:       24571392 kB\nMemFree:  100 kB\nMemAvailable:   23000000 kB\n'), 23_000_000 * 1024);
    assert.throws(() => parseMemAvailable('MemTotal: 1 kB\n'), /MemAvailable not found/);
  });

  it('a data dir that does not exist yet is measured on its nearest existing ancestor', async () => {
    const missing = path.join(tmpdir(), `kite-no-such-${process.pid}`, 'a', 'b');
    assert.equal((await diskStats(missing)).totalBytes, (await diskStats(tmpdir())).totalBytes);
    const facts = await readMachineFacts(missing);
    assert.ok(facts.cpuCount >= 1 && facts.memoryBytes > 0 && facts.dataDirFreeBytes > 0);
  });
});

describe('status drift', () => {
  const fields = nodeStatusFields({
    name: 'edge-1', host: HOST, runtimeVersion: 'containerd://1', controlPlane: false,
    allocation: computeAllocation({ cpus: 1, memoryMb: 512, dataSizeGb: 1 }, { cpuCount: 2, memoryBytes: 2 ** 33, dataDirFreeBytes: 2 ** 40 }),
  });
  const stored = () => structuredClone(fields) as unknown as Record<string, Record<string, unknown>>;

  it('what Kite would write again is no change; keys others add are ignored', () => {
    assert.equal(statusFieldsChanged(fields, stored()), false);
    const extra = stored();
    extra.capacity!['hugepages-2Mi'] = '0';
    extra.nodeInfo!.kernelVersionExtra = 'set by someone else';
    assert.equal(statusFieldsChanged(fields, extra), false);
  });

  it('a changed allocation, address or runtime version is a change', () => {
    const a = stored(); a.allocatable!.memory = '1Gi';
    const b = stored(); (b as Record<string, unknown>).addresses = [{ type: 'InternalIP', address: '10.9.9.9' }];
    const c = stored(); c.nodeInfo!.containerRuntimeVersion = 'containerd://2';
    for (const s of [a, b, c, undefined]) assert.equal(statusFieldsChanged(fields, s), true);
  });
});
