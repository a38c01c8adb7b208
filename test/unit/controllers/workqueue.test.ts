import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExponentialRateLimiter, createWorkQueue } from '../../../src/controllers/index.js';
import { fakeClock } from './fake-clock.js';

/** Resolves with the value if the promise settles within the current turn of the event loop, else 'pending'. */
const peek = async <T>(p: Promise<T>): Promise<T | 'pending'> =>
  Promise.race([p, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);

describe('work queue', () => {
  it('a key added several times while waiting is handed out once, in FIFO order', async () => {
    const q = createWorkQueue<string>({ clock: fakeClock() });
    for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
    assert.equal(q.len(), 3);
    assert.deepEqual([await q.get(), await q.get(), await q.get()], ['a', 'b', 'c']);
    assert.equal(await peek(q.get()), 'pending');
    q.shutDown();
  });

  it('a key added while being processed is not handed out again until done', async () => {
    const q = createWorkQueue<string>({ clock: fakeClock() });
    q.add('a');
    assert.equal(await q.get(), 'a');
    q.add('a');
    q.add('a');
    const second = q.get();
    assert.equal(await peek(second), 'pending', 'a busy key must not reach a second worker');
    q.done('a');
    assert.equal(await second, 'a');
    q.done('a');
    assert.equal(q.len(), 0, 'done without a new add does not requeue');
    q.shutDown();
  });

  it('a get that is waiting receives the next added key', async () => {
    const q = createWorkQueue<string>({ clock: fakeClock() });
    const g = q.get();
    q.add('x');
    assert.equal(await g, 'x');
    q.shutDown();
  });

  it('addAfter adds the key once the delay has passed, keeping the earliest of repeated delays', async () => {
    const clock = fakeClock();
    const q = createWorkQueue<string>({ clock });
    q.addAfter('a', 100);
    q.addAfter('a', 500); // later: ignored
    q.addAfter('b', 300);
    q.addAfter('b', 50); // earlier: wins
    await clock.advance(49);
    assert.equal(q.len(), 0);
    await clock.advance(1);
    assert.equal(await q.get(), 'b');
    await clock.advance(49);
    assert.equal(q.len(), 0);
    await clock.advance(1);
    assert.equal(await q.get(), 'a');
    await clock.advance(1000);
    assert.equal(q.len(), 0, 'each key was added only once');
    q.addAfter('c', 0);
    assert.equal(q.len(), 1, 'a zero delay adds at once');
    q.shutDown();
  });

  it('addRateLimited backs off per key 5 ms, 10 ms, 20 ms … up to 1000 s, and forget resets it', async () => {
    const clock = fakeClock();
    const q = createWorkQueue<string>({ clock });
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = clock.sleeps.length;
      q.addRateLimited('k');
      waits.push(clock.sleeps[before]!);
      await clock.advance(waits.at(-1)!);
      assert.equal(await q.get(), 'k');
      q.done('k');
    }
    assert.deepEqual(waits.slice(0, 5), [5, 10, 20, 40, 80]);
    assert.equal(waits.at(-1), 1_000_000, 'capped at 1000 s');
    assert.equal(q.numRequeues('k'), 20);
    q.addRateLimited('other');
    assert.equal(clock.sleeps.at(-1), 5, 'back-off is per key');
    q.forget('k');
    assert.equal(q.numRequeues('k'), 0);
    q.addRateLimited('k');
    assert.equal(clock.sleeps.at(-1), 5, 'forget starts the back-off over');
    q.shutDown();
  });

  it('the default rate limiter is client-go’s item limiter', () => {
    const rl = createExponentialRateLimiter<string>();
    assert.deepEqual([rl.when('a'), rl.when('a'), rl.when('a')], [5, 10, 20]);
    for (let i = 0; i < 100; i++) rl.when('a');
    assert.equal(rl.when('a'), 1_000_000);
  });

  it('shutDown unblocks waiting gets with undefined, cancels timers and ignores later adds', async () => {
    const clock = fakeClock();
    const q = createWorkQueue<string>({ clock });
    const waiting = [q.get(), q.get()];
    q.addAfter('late', 1000);
    assert.equal(clock.pending(), 1);
    q.shutDown();
    assert.deepEqual(await Promise.all(waiting), [undefined, undefined]);
    assert.equal(clock.pending(), 0, 'the delay timer was cancelled');
    q.add('x');
    assert.equal(await q.get(), undefined);
  });
});
