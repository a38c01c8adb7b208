import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import { Controller, createWorkQueue, type Informer } from '../../../src/controllers/index.js';
import { fakeClock } from './fake-clock.js';

/** An informer that syncs when told and runs until its signal aborts. */
function fakeInformer() {
  let markSynced!: () => void;
  const syncedP = new Promise<void>((r) => { markSynced = r; });
  const state = { stopped: false };
  const inf: Informer<KObject> = {
    run: async (signal) => { await new Promise((r) => signal.addEventListener('abort', r, { once: true })); state.stopped = true; },
    synced: async (signal) => { await Promise.race([syncedP, new Promise((_r, rej) => signal.addEventListener('abort', () => rej(signal.reason), { once: true }))]); },
    hasSynced: () => false,
    list: () => [],
    get: () => undefined,
  };
  return { inf, markSynced, state };
}

class Flaky extends Controller {
  calls: string[] = [];
  failuresLeft = 2;
  protected override async reconcile(key: string): Promise<void> {
    this.calls.push(key);
    if (this.failuresLeft-- > 0) throw new Error('transient');
  }
}

const until = async (cond: () => boolean) => { for (let i = 0; i < 400 && !cond(); i++) await sleep(5); assert.ok(cond()); };

describe('Controller', () => {
  it('workers start after the caches sync, failures retry with per-key back-off and success forgets it', async () => {
    const clock = fakeClock();
    const queue = createWorkQueue<string>({ clock });
    const { inf, markSynced, state } = fakeInformer();
    const c = new Flaky({ name: 'flaky', log: pino({ level: 'silent' }), informers: [inf], queue, workers: 2 });
    const ac = new AbortController();
    const running = c.run(ac.signal);
    queue.add('ns/a');
    await sleep(10);
    assert.deepEqual(c.calls, [], 'no reconcile before synced');
    markSynced();
    await until(() => c.calls.length === 1 && clock.pending() === 1);
    assert.equal(clock.sleeps.at(-1), 5);
    await clock.advance(5);
    await until(() => c.calls.length === 2 && clock.pending() === 1);
    assert.equal(clock.sleeps.at(-1), 10);
    await clock.advance(10);
    await until(() => c.calls.length === 3);
    assert.equal(queue.numRequeues('ns/a'), 0, 'success forgets the back-off');
    ac.abort();
    await running;
    assert.equal(state.stopped, true, 'run waits for its informers to stop');
  });

  it('run resolves when aborted before the caches sync', async () => {
    const { inf, state } = fakeInformer();
    const c = new Flaky({ name: 'never-synced', log: pino({ level: 'silent' }), informers: [inf] });
    const ac = new AbortController();
    const running = c.run(ac.signal);
    ac.abort();
    await running;
    assert.deepEqual([c.calls, state.stopped], [[], true]);
  });
});
