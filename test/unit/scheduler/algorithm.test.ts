import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAlgorithm, numFeasibleNodesToFind } from '../../../src/scheduler/algorithm.js';
import { podInfo } from '../../../src/scheduler/pod-info.js';
import { FILTERS, SCORERS, podCtx } from '../../../src/scheduler/plugins/index.js';
import { node, nodeInfo, pod } from './fixtures.js';

const ctx = (p: ReturnType<typeof pod>) => podCtx(p, podInfo(p, ''));

describe('scheduling algorithm', () => {
  it('checks every node below 100, else max(100, n·max(5, 50 − n/125)%)', () => {
    assert.deepEqual([50, 99, 100, 200, 1000, 5000, 6000, 100_000].map(numFeasibleNodesToFind), [50, 99, 100, 100, 420, 500, 300, 5000]);
  });

  it('breaks ties with the injected random number', () => {
    const nodes = ['a', 'b', 'c'].map((n) => nodeInfo(node(n)));
    const pick = (r: number) => createAlgorithm({ filters: FILTERS, scorers: SCORERS, random: () => r }).schedule(ctx(pod('p')), nodes);
    assert.deepEqual([pick(0), pick(0.5), pick(0.99)], [{ node: 'a' }, { node: 'b' }, { node: 'c' }]);
  });

  it('with 1,000 feasible nodes scores 420 and starts the next search where this one stopped', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => nodeInfo(node(`n${String(i).padStart(4, '0')}`)));
    const alg = createAlgorithm({ filters: FILTERS, scorers: SCORERS, random: () => 0 });
    // all nodes score the same, so the first feasible node examined wins
    assert.deepEqual(alg.schedule(ctx(pod('p')), nodes), { node: 'n0000' });
    assert.deepEqual(alg.schedule(ctx(pod('p')), nodes), { node: 'n0420' });
    assert.deepEqual(alg.schedule(ctx(pod('p')), nodes), { node: 'n0840' });
  });

  it('without nodes it is a scheduler error, not a fit error', () => {
    const alg = createAlgorithm({ filters: FILTERS, scorers: SCORERS, random: () => 0 });
    assert.deepEqual(alg.schedule(ctx(pod('p')), []), { error: 'no nodes available to schedule pods' });
  });
});
