import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { detectNodeCgroups } from '../../../../src/agent/cgroups/index.js';
import { fakeTree, V1_ROOT, V2_ROOT, type FakeTree } from './fake-fs.js';

let t: FakeTree | undefined;
afterEach(() => t?.dispose());

describe('cgroup driver detection', () => {
  it('a unified root listing memory is v2', async () => {
    t = fakeTree(V2_ROOT);
    assert.equal((await detectNodeCgroups({ name: 'kite', root: t.root, fs: t.fs })).version, 2);
  });

  it('the hybrid layout (v1 hierarchies, cgroup2 at unified/ with only hugetlb) is v1', async () => {
    t = fakeTree(V1_ROOT);
    const cg = await detectNodeCgroups({ name: 'kite-a', root: t.root, fs: t.fs });
    assert.equal(cg.version, 1);
    assert.equal(cg.name, 'kite-a');
  });

  it('a root with neither is refused with a message naming the root', async () => {
    t = fakeTree({ 'cgroup.controllers': 'cpu pids\n' });
    await assert.rejects(detectNodeCgroups({ name: 'kite', root: t.root, fs: t.fs }), new RegExp(`no usable cgroup memory controller under ${t.root}`));
  });
});
