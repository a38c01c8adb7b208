import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { watchPausedFile } from '../../../../src/agent/sim/paused.js';
import { fakeClock } from '../../controllers/fake-clock.js';

describe('sim paused-nodes file', () => {
  it('listed names are paused (comments and blanks ignored); names leaving the file resume once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kite-sim-paused-'));
    const file = path.join(dir, 'paused');
    const clock = fakeClock();
    const resumed: string[] = [];
    const p = watchPausedFile({ file, clock, log: pino({ level: 'silent' }), pollMs: 100, onResume: (n) => resumed.push(n) });
    const ac = new AbortController();
    const run = p.run(ac.signal);
    const tick = async () => { await clock.advance(100); await new Promise((r) => setTimeout(r, 20)); };
    try {
      await tick();
      assert.equal(p.has('sim-1'), false); // no file: nothing paused
      await writeFile(file, '# down for the test\nsim-1\n\n  sim-2  \n');
      await tick();
      assert.deepEqual([p.has('sim-1'), p.has('sim-2'), p.has('sim-3')], [true, true, false]);
      await writeFile(file, 'sim-2\n');
      await tick();
      assert.deepEqual([p.has('sim-1'), p.has('sim-2')], [false, true]);
      await rm(file);
      await tick();
      assert.equal(p.has('sim-2'), false);
      assert.deepEqual(resumed, ['sim-1', 'sim-2']);
    } finally {
      ac.abort();
      await run;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
