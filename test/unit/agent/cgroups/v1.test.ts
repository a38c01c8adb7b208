import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createV1Cgroups } from '../../../../src/agent/cgroups/index.js';
import { fakeTree, V1_ROOT, type FakeTree } from './fake-fs.js';

const MiB = 1024 * 1024;
let t: FakeTree | undefined;
afterEach(() => t?.dispose());
const tree = (o?: Parameters<typeof fakeTree>[1]) => (t = fakeTree(V1_ROOT, o));

describe('cgroup v1 node parent', () => {
  it('ensureNodeCgroup writes cpuset first, then memory, CPU quota/shares and pids (cpus=1.5, 512Mi)', async () => {
    const f = tree();
    const cg = createV1Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    await cg.ensureNodeCgroup({ cpus: 1.5, memoryBytes: 512 * MiB, pids: 110_000 });
    assert.deepEqual(f.writes, [
      ['cpuset/kite/cpuset.cpus', '0-3'],
      ['cpuset/kite/cpuset.mems', '0'],
      ['memory/kite/memory.limit_in_bytes', '536870912'],
      ['cpu/kite/cpu.cfs_period_us', '100000'],
      ['cpu/kite/cpu.cfs_quota_us', '150000'],
      ['cpu/kite/cpu.shares', '1536'],
      ['pids/kite/pids.max', '110000'],
    ]);
    assert.deepEqual(cg.version, 1);
  });

  it('is idempotent and writes a changed allocation over the old one', async () => {
    const f = tree();
    const cg = createV1Cgroups({ name: 'kite-n1', root: f.root, fs: f.fs });
    await cg.ensureNodeCgroup({ cpus: 1.5, memoryBytes: 512 * MiB, pids: 110_000 });
    await cg.ensureNodeCgroup({ cpus: 0.2, memoryBytes: 64 * MiB, pids: 50 });
    assert.equal(await f.read('memory/kite-n1/memory.limit_in_bytes'), String(64 * MiB));
    assert.equal(await f.read('cpu/kite-n1/cpu.cfs_quota_us'), '20000');
    assert.equal(await f.read('cpu/kite-n1/cpu.shares'), '205');
    assert.equal(await f.read('pids/kite-n1/pids.max'), '50');
  });

  it('a value the kernel refuses is reported naming the file and errno', async () => {
    const f = tree({ failWrite: (p) => (p.endsWith('memory.limit_in_bytes') ? 'EBUSY' : undefined) });
    const cg = createV1Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    await assert.rejects(cg.ensureNodeCgroup({ cpus: 1, memoryBytes: 64 * MiB, pids: 10 }),
      (e: Error & { code?: string }) => /writing "67108864" to .*memory\/kite\/memory\.limit_in_bytes failed: EBUSY/.test(e.message) && e.code === 'EBUSY');
  });

  it('invalid limits and names are refused before any write', async () => {
    const f = tree();
    const cg = createV1Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    await assert.rejects(cg.ensureNodeCgroup({ cpus: 0, memoryBytes: MiB, pids: 1 }), /cpus must be a positive number/);
    await assert.rejects(cg.ensureNodeCgroup({ cpus: 1, memoryBytes: 1.5, pids: 1 }), /memoryBytes must be a positive integer/);
    await assert.rejects(cg.ensureNodeCgroup({ cpus: 1, memoryBytes: MiB, pids: -1 }), /pids must be a positive integer/);
    assert.deepEqual(f.writes, []);
    assert.throws(() => createV1Cgroups({ name: '../etc', root: f.root, fs: f.fs }), /one path segment/);
    assert.throws(() => cg.podCgroupParent('a/../../b'), /pod UID/);
  });

  it('pods get /<name>/pod<uid> as their cgroup_parent whatever their QoS class', () => {
    const cg = createV1Cgroups({ name: 'kite', root: '/nonexistent' });
    assert.equal(cg.podCgroupParent('6f1c-22ab', 'Guaranteed'), '/kite/pod6f1c-22ab');
    assert.equal(cg.podCgroupParent('6f1c-22ab', 'BestEffort'), '/kite/pod6f1c-22ab');
  });

  it('removePodCgroup rmdirs the pod in every hierarchy depth-first and reports busy ones', async () => {
    const f = tree();
    f.put({
      'memory/kite/podA/c1/cgroup.procs': '', 'memory/kite/podA/cgroup.procs': '',
      'devices/kite/podA/c1/cgroup.procs': '', 'unified/kite/podA/sandbox/cgroup.procs': '',
      'cpu/kite/podA/c2/cgroup.procs': '4242\n', // a task still running
      'memory/kite/podB/cgroup.procs': '',
    });
    const cg = createV1Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    const r = await cg.removePodCgroup('A');
    assert.deepEqual(r.busy.map((p) => p.slice(f.root.length + 1)), ['cpu/kite/podA/c2', 'cpu/kite/podA']);
    assert.deepEqual(await cg.listPodCgroups(), ['A', 'B']); // A survives in cpu only
    f.put({ 'cpu/kite/podA/c2/cgroup.procs': '' });
    assert.deepEqual(await cg.removePodCgroup('A'), { busy: [] });
    assert.deepEqual(await cg.removePodCgroup('A'), { busy: [] }); // gone already: fine
    assert.deepEqual(await cg.listPodCgroups(), ['B']);
  });

  it('listPodCgroups unions pod dirs across hierarchies and ignores other dirs', async () => {
    const f = tree();
    f.put({ 'memory/kite/pod1/x': '', 'freezer/kite/pod2/x': '', 'cpu/kite/pod1/x': '', 'cpu/kite/other/x': '', 'memory/elsewhere/pod9/x': '' });
    const cg = createV1Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    assert.deepEqual(await cg.listPodCgroups(), ['1', '2']);
  });

  it('usage is the working set (usage minus total_inactive_file), cpuacct.usage and pids', async () => {
    const f = tree();
    f.put({
      'memory/kite/memory.usage_in_bytes': `${300 * MiB}\n`,
      'memory/kite/memory.stat': `cache 1\ninactive_file 5\ntotal_cache 9\ntotal_inactive_file ${100 * MiB}\n`,
      'memory/kite/memory.limit_in_bytes': `${512 * MiB}\n`,
      'cpuacct/kite/cpuacct.usage': '123456789\n',
      'pids/kite/pids.current': '17\n', 'pids/kite/pids.max': 'max\n',
    });
    const cg = createV1Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    assert.deepEqual(await cg.usage(), { memoryBytes: 200 * MiB, memoryLimitBytes: 512 * MiB, cpuUsageNanos: 123456789, pids: 17, pidsMax: Infinity });
  });

  it('removeNodeCgroup removes the parent everywhere, pods first', async () => {
    const f = tree();
    const cg = createV1Cgroups({ name: 'kite', root: f.root, fs: f.fs });
    await cg.ensureNodeCgroup({ cpus: 1, memoryBytes: 64 * MiB, pids: 10 });
    f.put({ 'devices/kite/podZ/c/cgroup.procs': '' });
    assert.deepEqual(await cg.removeNodeCgroup(), { busy: [] });
    for (const h of ['cpuset', 'memory', 'cpu', 'cpuacct', 'pids', 'devices']) {
      assert.equal(await f.fs.exists(`${f.root}/${h}/kite`), false, h);
    }
  });
});
