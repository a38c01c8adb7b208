/** Time as a dependency (STYLE rule 14), so queues and informers run on a fake clock in tests. */
import { setTimeout as sleepTimer } from 'node:timers/promises';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without throwing) once the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    if (signal?.aborted) return;
    await sleepTimer(Math.max(0, ms), undefined, { signal }).catch(() => undefined);
  },
};
