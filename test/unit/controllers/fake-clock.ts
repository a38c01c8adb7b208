/** A manual clock: sleeps resolve only when the test advances time past them. */
import type { Clock } from '../../../src/controllers/index.js';

export interface FakeClock extends Clock {
  /** Moves time forward, resolving every sleep that is due (in order), and lets their callbacks run. */
  advance(ms: number): Promise<void>;
  /** Durations of every sleep requested so far. */
  sleeps: number[];
  pending(): number;
}

export function fakeClock(start = 1_000_000): FakeClock {
  let t = start;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const flush = () => new Promise<void>((r) => setImmediate(r));
  const clock: FakeClock = {
    sleeps: [],
    now: () => t,
    sleep(ms, signal) {
      clock.sleeps.push(ms);
      if (signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = { at: t + ms, wake: resolve };
        timers.push(timer);
        signal?.addEventListener('abort', () => { const i = timers.indexOf(timer); if (i >= 0) timers.splice(i, 1); resolve(); }, { once: true });
      });
    },
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = Math.max(t, next.at);
        next.wake();
        await flush();
      }
      t = end;
      await flush();
    },
    pending: () => timers.length,
  };
  return clock;
}
