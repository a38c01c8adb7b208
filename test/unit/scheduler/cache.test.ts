import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSchedulerCache } from '../../../src/scheduler/cache.js';
import { podInfo } from '../../../src/scheduler/pod-info.js';
import { node, pod } from './fixtures.js';

const requested = (c: ReturnType<typeof createSchedulerCache>, name: string) => c.nodes().find((n) => n.name === name)?.requested;

describe('scheduler cache', () => {
  it('sums the requests of bound pods per node and frees them on removal', () => {
    const c = createSchedulerCache();
    c.setNode(node('n1'));
    c.setPod(pod('a', { cpu: '1', memory: '1Gi', nodeName: 'n1' }));
    c.setPod(pod('b', { cpu: '500m', nodeName: 'n1' }));
    assert.deepEqual(requested(c, 'n1'), { milliCpu: 1500, memory: 1024 ** 3, ephemeral: 0, pods: 2 });
    c.removePod('default/a');
    assert.deepEqual(requested(c, 'n1'), { milliCpu: 500, memory: 0, ephemeral: 0, pods: 1 });
  });

  it('an assumed pod counts at once; the informer confirms it, after which forget keeps it', () => {
    const c = createSchedulerCache();
    c.setNode(node('n1'));
    c.assume(podInfo(pod('a', { cpu: '2' }), ''), 'n1');
    assert.equal(c.isAssumed('default/a'), true);
    assert.equal(requested(c, 'n1')!.milliCpu, 2000);
    c.setPod(pod('a', { cpu: '2', nodeName: 'n1' }));
    assert.equal(c.isAssumed('default/a'), false);
    c.forget('default/a');
    assert.equal(requested(c, 'n1')!.milliCpu, 2000);
  });

  it('forget undoes an assumption whose binding failed', () => {
    const c = createSchedulerCache();
    c.setNode(node('n1'));
    c.assume(podInfo(pod('a', { cpu: '2' }), ''), 'n1');
    c.forget('default/a');
    assert.deepEqual(requested(c, 'n1'), { milliCpu: 0, memory: 0, ephemeral: 0, pods: 0 });
    assert.equal(c.hasPod('default/a'), false);
  });

  it('pods seen before their node are counted once the node arrives; a removed node leaves the list', () => {
    const c = createSchedulerCache();
    c.setPod(pod('a', { cpu: '1', nodeName: 'late' }));
    assert.deepEqual(c.nodes().map((n) => n.name), []);
    c.setNode(node('n1'));
    c.setNode(node('late'));
    c.setNode(node('n3'));
    assert.equal(requested(c, 'late')!.milliCpu, 1000);
    c.removeNode('n1');
    assert.deepEqual(c.nodes().map((n) => n.name).sort(), ['late', 'n3']);
  });
});
