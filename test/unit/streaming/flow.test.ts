/** Back-pressure valve: pause over the high mark, resume under the low mark on progress. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createValve } from '../../../src/streaming/flow.js';

describe('createValve', () => {
  it('pauses a source while the sink is over the high mark and resumes it below the low mark', () => {
    let buffered = 0;
    const log: string[] = [];
    const a = { pause: () => log.push('pause a'), resume: () => log.push('resume a') };
    const b = { pause: () => log.push('pause b'), resume: () => log.push('resume b') };
    const v = createValve({ buffered: () => buffered, high: 100, low: 10 });
    v.check(a);
    assert.deepEqual(log, [], 'under the high mark nothing happens');
    buffered = 150;
    v.check(a);
    v.check(a);
    v.check(b);
    assert.deepEqual(log, ['pause a', 'pause b'], 'each source is paused once');
    buffered = 50;
    v.progress();
    assert.deepEqual(log, ['pause a', 'pause b'], 'between the marks they stay paused');
    v.forget(b);
    buffered = 5;
    v.progress();
    assert.deepEqual(log, ['pause a', 'pause b', 'resume a'], 'a forgotten source is not resumed');
  });
});
