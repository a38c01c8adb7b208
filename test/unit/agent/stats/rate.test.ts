import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuRate, createRateTracker } from '../../../../src/agent/stats/index.js';

const S = 1e9;

describe('CPU rate from cumulative samples', () => {
  it('is CPU time over wall time, in nanocores', () => {
    assert.equal(cpuRate({ t: 0, cpuNs: 0 }, { t: 10 * S, cpuNs: 5 * S }), 500_000_000); // half a core
    assert.equal(cpuRate({ t: 0, cpuNs: 0 }, { t: 10 * S, cpuNs: 20 * S }), 2_000_000_000);
  });
  it('has no rate without a window or when the counter went back', () => {
    assert.equal(cpuRate({ t: 5, cpuNs: 0 }, { t: 5, cpuNs: 10 }), undefined);
    assert.equal(cpuRate({ t: 0, cpuNs: 10 }, { t: S, cpuNs: 5 }), undefined);
  });
  it('the tracker keeps the last two samples and rates the newest window', () => {
    const r = createRateTracker();
    assert.equal(r.observe('c', { t: 0, cpuNs: 0 }), undefined);
    assert.equal(r.last('c'), undefined);
    assert.equal(r.observe('c', { t: 10 * S, cpuNs: 1 * S }), 100_000_000);
    assert.equal(r.observe('c', { t: 20 * S, cpuNs: 6 * S }), 500_000_000);
    assert.deepEqual(r.last('c'), { nanoCores: 500_000_000, windowNs: 10 * S });
  });
  it('a repeated reading keeps the window; a reset starts over; retain forgets the gone', () => {
    const r = createRateTracker();
    r.observe('c', { t: 0, cpuNs: 0 });
    r.observe('c', { t: 10 * S, cpuNs: 2 * S });
    assert.equal(r.observe('c', { t: 10 * S, cpuNs: 2 * S }), 200_000_000);
    assert.equal(r.observe('c', { t: 20 * S, cpuNs: 1 }), undefined, 'a restarted container has a new counter');
    assert.equal(r.observe('c', { t: 30 * S, cpuNs: 1 + S }), 100_000_000);
    r.observe('gone', { t: 0, cpuNs: 0 });
    r.observe('gone', { t: S, cpuNs: S });
    r.retain(new Set(['c']));
    assert.equal(r.last('gone'), undefined);
    assert.ok(r.last('c'));
  });
});
