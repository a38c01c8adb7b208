import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createV2Cgroups } from '../../../../src/agent/cgroups/index.js';
import { fakeTree, V2_ROOT, type FakeTree } from './fake-fs.js';

const MiB = 1024 * 1024;
let t: FakeTree | undefined;
afterEach(() => t?.dispose());

describe('cgroup v2 node parent', () => {
  it('ensureNodeCgroup delegates controllers, then writes cpuset, memory.max, cpu.max/weight, pids.max (cpus=1.5, 512Mi)', async () => {
    const f = (t = fakeTree(V2_ROOT));
    const cg = createV2Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    await cg.ensureNodeCgroup({ cpus: 1.5, memoryBytes: 512 * MiB, pids: 110_000 });
    assert.deepEqual(f.writes, [
      ['cgroup.subtree_control', '+cpuset +cpu +memory +pids'],
      ['kite/cgroup.subtree_control', '+cpuset +cpu +memory +pids'],
      ['kite/cpuset.cpus', '0-3'],
      ['kite/cpuset.mems', '0'],
      ['kite/memory.max', '536870912'],
      ['kite/cpu.max', '150000 100000'],
      ['kite/cpu.weight', '59'],
      ['kite/pids.max', '110000'],
    ]);
    assert.equal(cg.version, 2);
    assert.equal(cg.podCgroupParent('u1', 'Burstable'), '/kite/podu1');
  });

  it('without cpuset it skips the cpuset files; without memory it refuses', async () => {
    const f = (t = fakeTree({ ...V2_ROOT, 'cgroup.controllers': 'cpu memory pids\n' }));
    const cg = createV2Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    await cg.ensureNodeCgroup({ cpus: 2, memoryBytes: 64 * MiB, pids: 100 });
    assert.deepEqual(f.writes.map(([p]) => p), ['cgroup.subtree_control', 'kite/cgroup.subtree_control', 'kite/memory.max', 'kite/cpu.max', 'kite/cpu.weight', 'kite/pids.max']);
    assert.equal(f.writes[0]?.[1], '+cpu +memory +pids');
    f.put({ 'cgroup.controllers': 'cpu pids\n' });
    await assert.rejects(cg.ensureNodeCgroup({ cpus: 2, memoryBytes: 64 * MiB, pids: 100 }), /lacks the memory controller/);
  });

  it('usage: memory.current minus inactive_file, cpu.stat usage_usec in ns, "max" limits are Infinity', async () => {
    const f = (t = fakeTree({
      ...V2_ROOT,
      'kite/memory.current': `${300 * MiB}\n`, 'kite/memory.stat': `anon 1\nfile 2\ninactive_file ${50 * MiB}\nactive_file 3\n`,
      'kite/memory.max': 'max\n', 'kite/cpu.stat': 'usage_usec 2500\nuser_usec 2000\n', 'kite/pids.current': '3\n', 'kite/pids.max': '50\n',
    }));
    const cg = createV2Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    assert.deepEqual(await cg.usage(), { memoryBytes: 250 * MiB, memoryLimitBytes: Infinity, cpuUsageNanos: 2_500_000, pids: 3, pidsMax: 50 });
  });

  it('lists and removes pod cgroups depth-first; a busy one is reported', async () => {
    const f = (t = fakeTree({ ...V2_ROOT, 'kite/podA/c1/cgroup.procs': '', 'kite/podB/c1/cgroup.procs': '99\n', 'kite/misc/x': '' }));
    const cg = createV2Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    assert.deepEqual(await cg.listPodCgroups(), ['A', 'B']);
    assert.deepEqual(await cg.removePodCgroup('A'), { busy: [] });
    assert.deepEqual((await cg.removePodCgroup('B')).busy.map((p) => p.slice(f.root.length + 1)), ['kite/podB/c1', 'kite/podB']);
    assert.deepEqual(await cg.listPodCgroups(), ['B']);
  });
});
